import { threatStatus } from '../evidence/threatDragon';
import { fieldText, type ModelItem } from '../model';
import { isPlaceholderText } from '../placeholder';
import { mitigatedThreatIds } from './helpers';
import { workspaceRule } from './rule';

export const threatUnmitigated = workspaceRule({
  name: 'threat-unmitigated',
  clause: '7.4',
  defaultSeverity: 'warning',
  scope: 'workspace',
  reads: { collections: ['controls', 'threats'] },
  description: 'No security control (in any architecture document) mitigates a threat of the threat model (a Threat Dragon threat too, unless the model marks it mitigated or not applicable with its reason).',
  check({ workspace }) {
    const mitigated = mitigatedThreatIds(workspace);
    return workspace.items('threats')
      .filter((threat) => threat.id && !mitigated.has(threat.id.text))
      .flatMap((threat) => {
        const id = threat.id!.text;
        const title = fieldText(threat, 'title');
        const named = `${id}${title ? ` (${title})` : ''}`;
        if (threat.form === 'evidence') return threatDragonFinding(threat, named);
        return [
          {
            uri: threat.uri,
            range: threat.id!.range,
            message:
              `No control mitigates threat ${named}. ` +
              `Name ${id} in the \`mitigates\` of the control(s) that counter it, or add a control to the security architecture; if the risk is accepted, suppress this finding with the reason (§7.4).`,
          },
        ];
      });
  },
});

/** Whether a Threat Dragon model settles a threat itself: Mitigated with its mitigation, or NotApplicable with its reason. */
export function settledInModel(threat: ModelItem): boolean {
  const status = threatStatus(fieldText(threat, 'status'));
  const said = (key: string) => {
    const text = fieldText(threat, key).trim();
    return !!text && !isPlaceholderText(text);
  };
  if (status === 'mitigated') return said('mitigation');
  if (status === 'notapplicable') return said('mitigation') || said('out_of_scope_reason');
  return false;
}

/**
 * A threat of a Threat Dragon model that no control of ours mitigates: the model's own word
 * counts when it gives its reason. Mitigated needs the mitigation written in the model;
 * NotApplicable needs its justification (the threat's mitigation text, or the reason its element is
 * out of scope). Open, or anything else, needs a control.
 */
function threatDragonFinding(threat: ModelItem, named: string) {
  const id = threat.id!.text;
  const status = threatStatus(fieldText(threat, 'status'));
  const said = (key: string) => {
    const text = fieldText(threat, key).trim();
    return text && !isPlaceholderText(text) ? text : '';
  };
  const control = `name ${id} in the \`mitigates\` of the control(s) in our security architecture that counter it`;
  let message: string;
  if (status === 'mitigated') {
    if (said('mitigation')) return [];
    message = `Threat Dragon marks ${named} Mitigated, but the model writes no mitigation and no control mitigates it. Write the mitigation in the model, or ${control} (§7.4).`;
  } else if (status === 'notapplicable') {
    if (said('mitigation') || said('out_of_scope_reason')) return [];
    message = `Threat Dragon marks ${named} NotApplicable without a justification. Write in the model why it does not apply (its mitigation text, or the reason its element is out of scope), or ${control} (§7.4).`;
  } else {
    message = `No control mitigates threat ${named}, which Threat Dragon has as ${fieldText(threat, 'status') || 'without a status'}. ${control[0].toUpperCase()}${control.slice(1)}, or settle it in the model (Mitigated with its mitigation, NotApplicable with its reason) (§7.4).`;
  }
  return [{ uri: threat.uri, range: threat.id!.range, message }];
}
