import { addIdFixes, idListHint, isBlank, itemName, threatCandidates } from './helpers';
import { workspaceRule } from './rule';

// A workspace rule because its fixes offer the threats of other files.
export const controlUnmapped = workspaceRule({
  name: 'control-unmapped',
  clause: '5.3.1',
  defaultSeverity: 'error',
  scope: 'workspace',
  reads: { collections: ['controls', 'threats'] },
  description: 'A security control mitigates no threat, so nothing shows why it is there or that it is enough.',
  check({ workspace }) {
    return workspace.items('controls')
      .filter((control) => isBlank(control, 'mitigates'))
      .map((control) => {
        const document = workspace.model(control.uri)!;
        return {
          uri: control.uri,
          range: control.anchor,
          message:
            `${itemName(control, 'Control')} mitigates no threat. ` +
            idListHint(control, { key: 'mitigates', label: 'Mitigates', idPrefix: 'TH', what: 'the threat(s) it counters', clause: '5.3.1' }),
          // Offering threats means looking at every threat and control: only when the fixes are asked for.
          fixes: () => addIdFixes(document, control, 'mitigates', threatCandidates(workspace).slice(0, 5)),
        };
      });
  },
});
