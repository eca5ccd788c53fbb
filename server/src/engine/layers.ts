// The defense-in-depth layers of a security architecture (§5.3.1): which layers it requires and
// which layer a control sits in. Shared by the layer rules and the drawn architecture, so both
// read the same layers.
import type { FieldValue, ModelDocument, ModelItem } from './model';
import type { Range } from './types';

/** A layer an architecture requires: declared in its `layers`, or (when none declares any) from the configuration. */
export interface RequiredLayer {
  layer: string;
  document: ModelDocument;
  /** The layer's value in `layers`; the `kind` value for a layer from the configuration. */
  range: Range;
  declared: boolean;
}

/**
 * The layers the architecture documents declare, each once (at its first declaration); when no
 * document declares any, the configured layers, at the first document's `kind`.
 */
export function requiredLayers(architectures: ModelDocument[], configLayers: readonly string[]): RequiredLayer[] {
  if (!architectures.length) return [];
  const seen = new Set<string>();
  const once = (layer: string) => !seen.has(layer.toLowerCase()) && !!seen.add(layer.toLowerCase());
  if (architectures.some((document) => !layersBlank(document))) {
    return architectures.flatMap((document) =>
      (document.fields.layers?.list ?? [])
        .filter((value) => value.text && once(value.text))
        .map((value) => ({ layer: value.text, document, range: value.range, declared: true })),
    );
  }
  const [first] = architectures;
  return configLayers.filter(once).map((layer) => ({ layer, document: first, range: first.kindRange, declared: false }));
}

/** The layer a control sits in, lower-cased ('' when it names none). */
export function controlLayer(control: ModelItem): string {
  return (control.fields.layer?.scalar?.text ?? '').trim().toLowerCase();
}

/** Whether `layers` says nothing (absent, empty, `[]`); a value of the wrong shape is not empty. */
function layersBlank(document: { fields: Record<string, FieldValue> }): boolean {
  const field = document.fields.layers;
  if (!field) return true;
  if (field.structured) return false;
  if (field.list) return field.list.every((value) => !value.text);
  return !field.scalar?.text;
}
