import { fieldList } from '../model';
import { addIdFixes, idListHint, isBlank, itemName } from './helpers';
import { workspaceRule } from './rule';

// A workspace rule because its fixes offer the controls of other files.
export const boundaryWithoutControl = workspaceRule({
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
        return {
          uri: boundary.uri,
          range: boundary.anchor,
          message:
            `${itemName(boundary, 'Trust boundary')}${zones.length === 2 ? ` (between ${zones[0]} and ${zones[1]})` : ''} enforces no control. ` +
            idListHint(boundary, { key: 'controls', label: 'Controls', idPrefix: 'CTL', what: 'the control(s) that protect what crosses it', clause: '5.3.1' }),
          fixes: () => addIdFixes(document, boundary, 'controls', controls),
        };
      });
  },
});
