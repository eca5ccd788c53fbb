import { setFieldEdit } from '../edits';
import { fieldText } from '../model';
import type { Fix } from '../types';
import { isBlank, itemName, markdownCell, threatCandidates } from './helpers';
import type { WorkspaceRule } from './rule';

// A workspace rule because its fixes offer the threats of other files.
export const controlUnmapped: WorkspaceRule = {
  name: 'control-unmapped',
  clause: '5.3.1',
  defaultSeverity: 'error',
  scope: 'workspace',
  reads: { collections: ['controls', 'threats'] },
  description: 'A security control mitigates no threat, so nothing shows why it is there or that it is enough.',
  check({ workspace }) {
    const unmapped = workspace.items('controls').filter((control) => isBlank(control, 'mitigates'));
    // Offering threats means looking at every threat and control: only when a control needs it.
    const threats = unmapped.length ? threatCandidates(workspace).slice(0, 5) : [];
    return unmapped
      .map((control) => {
        const document = workspace.model(control.uri)!;
        const fixes: Fix[] = threats.flatMap((threat) => {
          const id = threat.id!.text;
          const edit = setFieldEdit(document, control, 'mitigates', `[${id}]`);
          const threatTitle = fieldText(threat, 'title');
          return edit ? [{ title: `Add mitigates: [${id}]${threatTitle ? ` (${threatTitle})` : ''}`, edits: { [control.uri]: [edit] } }] : [];
        });
        return {
          uri: control.uri,
          range: control.anchor,
          message:
            `${itemName(control, 'Control')} mitigates no threat. ` +
            (control.form === 'markdown'
              ? `Write the id(s) of the threat(s) it counters in ${markdownCell(control, 'mitigates', 'Mitigates')} (§5.3.1).`
              : 'Add `mitigates: [TH-…]` with the threat(s) it counters (§5.3.1).'),
          fixes: fixes,
        };
      });
  },
};
