import { appendItemEdit, appendMarkdownSection } from '../edits';
import type { ModelDocument } from '../model';
import type { Fix } from '../types';
import { controlLayer, firstFreeId, requiredLayers, threatCandidates } from './helpers';
import { workspaceRule, type DefinitionsView, type ItemsView } from './rule';

export const layerWithoutControl = workspaceRule({
  name: 'layer-without-control',
  clause: '5.3.1',
  defaultSeverity: 'error',
  scope: 'workspace',
  reads: { collections: ['controls', 'threats'], kinds: ['security-architecture'], definitions: true },
  description: 'A defense-in-depth layer the architecture declares (or the configuration requires) has no control in it.',
  check({ workspace, config }) {
    const present = new Set(workspace.items('controls').map(controlLayer));
    return requiredLayers(workspace.documentsOfKind('security-architecture'), config.layers)
      .filter(({ layer }) => !present.has(layer.toLowerCase()))
      .map(({ layer, document, range, declared }) => ({
        uri: document.uri,
        range,
        message:
          `No control sits in the ${layer} layer` +
          (declared ? '' : ' (required by the configuration, as this architecture declares no `layers`)') +
          `. Add a control with \`layer: ${layer}\` that defends it, or ` +
          (declared ? 'remove the layer from `layers` if it does not apply' : 'declare the layers that apply in `layers`') +
          ' (§5.3.1).',
        fixes: () => stubControl(workspace, document, layer),
      }));
  },
});

function stubControl(workspace: ItemsView<'controls' | 'threats'> & DefinitionsView, document: ModelDocument, layer: string): Fix[] {
  const id = firstFreeId(workspace, (n) => `CTL-${layer.toUpperCase().replace(/[^A-Z0-9]+/g, '-')}-${n}`);
  const threat = threatCandidates(workspace)[0]?.id?.text;
  const title = `TODO: ${layer} control`;
  const fields: [string, string][] = [['id', id], ['title', JSON.stringify(title)], ['layer', layer]];
  if (threat) fields.push(['mitigates', `[${threat}]`]);
  let edit;
  if (document.parsed.format === 'yaml') {
    edit = appendItemEdit(document, 'controls', fields);
  } else {
    const controls = document.collections.controls?.items ?? [];
    if (!controls.length) {
      edit = appendMarkdownSection(document, '## Controls', ['ID', 'Title', 'Layer', 'Mitigates'], [id, title, layer, threat ?? '']);
    } else if (controls[controls.length - 1].fields.layer) {
      // A new row takes the columns of the table; without a Layer column it could not name the layer.
      edit = appendItemEdit(document, 'controls', fields);
    }
  }
  return edit ? [{ title: `Add a stub ${layer} control ${id}`, edits: { [document.uri]: [edit] }, isPreferred: true }] : [];
}
