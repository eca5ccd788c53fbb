import { fieldText } from '../model';
import { mitigatedThreatIds } from './helpers';
import { workspaceRule } from './rule';

export const threatUnmitigated = workspaceRule({
  name: 'threat-unmitigated',
  clause: '7.4',
  defaultSeverity: 'warning',
  scope: 'workspace',
  reads: { collections: ['controls', 'threats'] },
  description: 'No security control (in any architecture document) mitigates a threat of the threat model.',
  check({ workspace }) {
    const mitigated = mitigatedThreatIds(workspace);
    return workspace.items('threats')
      .filter((threat) => threat.id && !mitigated.has(threat.id.text))
      .map((threat) => {
        const id = threat.id!.text;
        const title = fieldText(threat, 'title');
        return {
          uri: threat.uri,
          range: threat.id!.range,
          message:
            `No control mitigates threat ${id}${title ? ` (${title})` : ''}. ` +
            `Name ${id} in the \`mitigates\` of the control(s) that counter it, or add a control to the security architecture; if the risk is accepted, suppress this finding with the reason (§7.4).`,
        };
      });
  },
});
