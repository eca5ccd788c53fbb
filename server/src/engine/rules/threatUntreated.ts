// 7.4 (and 5.2.1 the other way round): a threat rated at or above the configured risk
// (`threatUntreatedRisk`, default high) must be answered somewhere: a security requirement that
// names it, or a control that mitigates it. requirement-untraced asks every requirement for its
// threat; this asks every serious threat for its treatment. Unrated threats are 7.3's gap, not this.
// No fix: what answers a threat is for a person to write (a stub would close the gap with nothing).
import { fieldText } from '../model';
import { RISK_LEVELS } from '../schema';
import { mitigatedThreatIds } from './helpers';
import { workspaceRule, type RuleFinding } from './rule';
import { settledInModel } from './threatUnmitigated';

export const threatUntreated = workspaceRule({
  name: 'threat-untreated',
  clause: '7.4',
  defaultSeverity: 'error',
  scope: 'workspace',
  reads: { collections: ['threats', 'controls', 'requirements'] },
  description:
    'A threat rated at or above the configured risk (`threatUntreatedRisk`, default high) has no security requirement that names it and no control that mitigates it.',
  check({ workspace, config }) {
    const threshold = RISK_LEVELS.indexOf(config.threatUntreatedRisk);
    if (threshold < 0) return [];
    const mitigated = mitigatedThreatIds(workspace);
    const traced = new Set(workspace.items('requirements').flatMap((requirement) => (requirement.fields.threats?.list ?? []).map((value) => value.text)));
    const findings: RuleFinding[] = [];
    for (const threat of workspace.items('threats')) {
      if (!threat.id) continue;
      const id = threat.id.text;
      const risk = fieldText(threat, 'risk').trim().toLowerCase();
      if (RISK_LEVELS.indexOf(risk) < threshold || mitigated.has(id) || traced.has(id)) continue;
      if (threat.form === 'evidence' && settledInModel(threat)) continue;
      const title = fieldText(threat, 'title').trim();
      findings.push({
        uri: threat.uri,
        range: threat.id.range,
        message:
          `Threat ${id}${title ? ` (${title})` : ''} is rated ${risk}, yet no security requirement names it and no control mitigates it. ` +
          `Write the requirement that answers it (\`threats: [${id}]\`) and name ${id} in the \`mitigates\` of the control that counters it; ` +
          `if its rating is wrong, correct it with the reason (§7.4, §5.2.1).`,
      });
    }
    return findings;
  },
});
