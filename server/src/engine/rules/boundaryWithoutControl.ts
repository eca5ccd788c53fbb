import { setFieldEdit } from '../edits';
import { fieldList, fieldText } from '../model';
import type { Fix } from '../types';
import { isBlank, itemName, markdownCell } from './helpers';
import type { WorkspaceRule } from './rule';

// A workspace rule because its fixes offer the controls of other files.
export const boundaryWithoutControl: WorkspaceRule = {
  name: 'boundary-without-control',
  clause: '5.3.1',
  defaultSeverity: 'warning',
  scope: 'workspace',
  reads: { collections: ['controls', 'boundaries'] },
  description: 'A trust boundary names no control that enforces it.',
  check({ workspace }) {
    const seen = new Set<string>();
    const controls = workspace.items('controls').filter((control) => control.id && !seen.has(control.id.text) && seen.add(control.id.text)).slice(0, 5);
    return workspace.items('boundaries')
      .filter((boundary) => isBlank(boundary, 'controls'))
      .map((boundary) => {
        const document = workspace.model(boundary.uri)!;
        const zones = fieldList(boundary, 'between').map((zone) => zone.text);
        const fixes: Fix[] = controls.flatMap((control) => {
          const id = control.id!.text;
          const edit = setFieldEdit(document, boundary, 'controls', `[${id}]`);
          const title = fieldText(control, 'title');
          return edit ? [{ title: `Add controls: [${id}]${title ? ` (${title})` : ''}`, edits: { [boundary.uri]: [edit] } }] : [];
        });
        return {
          uri: boundary.uri,
          range: boundary.anchor,
          message:
            `${itemName(boundary, 'Trust boundary')}${zones.length === 2 ? ` (between ${zones[0]} and ${zones[1]})` : ''} enforces no control. ` +
            (boundary.form === 'markdown'
              ? `Write the id(s) of the control(s) that protect what crosses it in ${markdownCell(boundary, 'controls', 'Controls')} (§5.3.1).`
              : 'Add `controls: [CTL-…]` with the control(s) that protect what crosses it (§5.3.1).'),
          fixes: fixes,
        };
      });
  },
};
