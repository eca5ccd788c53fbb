import { controlLayer, requiredLayers } from './helpers';
import { workspaceRule } from './rule';

export const singleLayerDefense = workspaceRule({
  name: 'single-layer-defense',
  clause: '5.3.1',
  defaultSeverity: 'warning',
  scope: 'workspace',
  reads: { collections: ['controls'], kinds: ['security-architecture'] },
  description: 'All security controls sit in one layer, so one failure there leaves nothing behind it (no defense in depth).',
  check({ workspace, config }) {
    const layered = workspace.items('controls').filter((control) => controlLayer(control));
    const layers = new Set(layered.map(controlLayer));
    if (layered.length < 2 || layers.size !== 1) return [];
    const [only] = layers;
    const layer = layered[0].fields.layer!.scalar!.text.trim();
    const architectures = workspace.documentsOfKind('security-architecture');
    const document = architectures.find((candidate) => candidate.collections.controls?.items.length) ?? architectures[0];
    const range = (document.parsed.format === 'yaml' && document.collections.controls?.keyRange) || document.kindRange;
    const names = layered.map((control) => control.id?.text ?? `line ${control.range.start.line + 1}`);
    const others = requiredLayers(architectures, config.layers).map((required) => required.layer).filter((other) => other.toLowerCase() !== only);
    return [
      {
        uri: document.uri,
        range,
        message:
          `Every control with a layer (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}) sits in the ${layer} layer, so one failure there leaves nothing behind it. ` +
          `Add controls in other layers${others.length ? ` (${others.join(', ')})` : ''} for defense in depth (§5.3.1).`,
        related: layered.map((control, i) => ({ uri: control.uri, range: control.fields.layer!.range, message: `${names[i]} is in the ${layer} layer` })),
      },
    ];
  },
});
