// 7.4 (and 5.2.1 the other way round): a threat rated at or above the configured risk
// (`threatUntreatedRisk`, default high) must be answered somewhere: a security requirement that
// names it, or a control that mitigates it. requirement-untraced asks every requirement for its
// threat; this asks every serious threat for its treatment. Unrated threats are 7.3's gap, not this.
// No fix: what answers a threat is for a person to write (a stub would close the gap with nothing).
import { valueCounts } from '../cache';
import { fieldText, type ModelItem } from '../model';
import { RISK_LEVELS } from '../schema';
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
    // Counted from the last look (valueCounts): a keystroke in a requirement set of a product line
    // re-counts that file's requirements, not all 24,000 of them.
    const mitigated = valueCounts(workspace, workspace.items('controls'), mitigatedIds);
    const traced = valueCounts(workspace, workspace.items('requirements'), tracedIds);
    const findings: RuleFinding[] = [];
    for (const threat of workspace.items('threats')) {
      if (!threat.id) continue;
      const id = threat.id.text;
      const risk = fieldText(threat, 'risk').trim().toLowerCase();
      if (RISK_LEVELS.indexOf(risk) < threshold || mitigated.has(id) || traced.has(id)) continue;
      if (threat.form === 'evidence' && settledInModel(threat)) continue;
      const title = fieldText(threat, 'title').trim();
      const message =
        `Threat ${id}${title ? ` (${title})` : ''} is rated ${risk}, yet no security requirement names it and no control mitigates it. ` +
        `Write the requirement that answers it (\`threats: [${id}]\`) and name ${id} in the \`mitigates\` of the control that counters it; ` +
        `if its rating is wrong, correct it with the reason (§7.4, §5.2.1).`;
      // The same finding for the same threat saying the same: the analyzer then keeps what it completed from it.
      let finding = lastFinding.get(threat);
      if (finding?.message !== message) lastFinding.set(threat, (finding = { uri: threat.uri, range: threat.id.range, message }));
      findings.push(finding);
    }
    return findings;
  },
});

const mitigatedIds = (control: ModelItem) => (control.fields.mitigates?.list ?? []).map((value) => value.text);
const tracedIds = (requirement: ModelItem) => (requirement.fields.threats?.list ?? []).map((value) => value.text);

/** Per threat item (a model's items are made anew with it): its last finding. */
const lastFinding = new WeakMap<ModelItem, RuleFinding>();
