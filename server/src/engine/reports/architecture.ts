// The architecture as data, for the drawn diagram (diagramSvg.ts) and the audit report: zones, trust
// boundaries with the controls they enforce, every control with its layer and the boundaries it sits
// on, and every threat with the controls that mitigate it. Gaps are kept, never dropped: a boundary
// without a control, a threat no control mitigates, a layer no control sits in, an id named but
// never defined.
import { controlLayer, requiredLayers } from '../layers';
import type { ClauseGuideConfig } from '../config';
import { fieldList, fieldText, type ModelItem } from '../model';
import { fileNameOf } from '../document';
import type { WorkspaceIndex } from '../workspace';

export interface ArchitectureZone {
  id: string;
  name: string;
  /** Named by a boundary but defined nowhere. */
  undefined?: boolean;
}

export interface ArchitectureBoundary {
  id: string;
  /** The two zones; fewer or more when `between` is wrong (then it is drawn nowhere and listed as a gap). */
  between: string[];
  controls: string[];
  /**
   * Trust boundaries are undirected: SPEC v1 has no field that gives a boundary a direction, so
   * none is drawn (an arrow would claim a flow the document does not state).
   */
  directed: false;
}

export interface ArchitectureControl {
  id: string;
  title: string;
  /** Lower-cased; '' when the control names none. */
  layer: string;
  mitigates: string[];
  /** The boundaries whose `controls` name it. */
  boundaries: string[];
  /** Named by a boundary but defined nowhere. */
  undefined?: boolean;
}

export interface ArchitectureThreat {
  id: string;
  title: string;
  mitigatedBy: string[];
  /** Named by a control's `mitigates` but defined nowhere. */
  undefined?: boolean;
}

/**
 * A trust boundary drawn in a Threat Dragon model (a v2 box or curve, a v1 `tm.Boundary` line):
 * evidence for the architecture, shown as drawn. A drawing has no zone ids, so it joins none of our
 * zones or boundaries, and no control can sit on it.
 */
export interface ArchitectureModelBoundary {
  /** As drawn, or `trust boundary N` (its place among the diagram's boundaries) when it has none. */
  name: string;
  /** Whether the drawing names it. */
  named: boolean;
  /** The model's file name, and its uri. */
  file: string;
  uri: string;
  diagram: string;
  /** The elements it separates, by name: our reading of the drawing (evidence/threatDragon.ts). */
  separates: string[];
}

export interface ArchitectureModel {
  zones: ArchitectureZone[];
  boundaries: ArchitectureBoundary[];
  /** Trust boundaries drawn in Threat Dragon models, in workspace order. */
  modelBoundaries: ArchitectureModelBoundary[];
  /** The layers the architecture requires (declared, else configured), then any other layer a control names. */
  layers: string[];
  controls: ArchitectureControl[];
  threats: ArchitectureThreat[];
}

export function architectureModel(workspace: WorkspaceIndex, config?: Pick<ClauseGuideConfig, 'layers'>): ArchitectureModel {
  const zones: ArchitectureZone[] = uniqueById(workspace.items('zones')).map((zone) => ({ id: zone.id!.text, name: fieldText(zone, 'name').trim() }));
  const zoneIds = new Set(zones.map((zone) => zone.id));
  const boundaries: ArchitectureBoundary[] = workspace.items('boundaries').map((boundary, index) => ({
    id: boundary.id?.text ?? `boundary ${index + 1} (no id)`,
    between: ids(boundary, 'between'),
    controls: ids(boundary, 'controls'),
    directed: false,
  }));
  for (const boundary of boundaries) {
    for (const zone of boundary.between) {
      if (zoneIds.has(zone)) continue;
      zoneIds.add(zone);
      zones.push({ id: zone, name: '', undefined: true });
    }
  }
  const controls: ArchitectureControl[] = uniqueById(workspace.items('controls')).map((control) => ({
    id: control.id!.text,
    title: fieldText(control, 'title').trim(),
    layer: controlLayer(control),
    mitigates: ids(control, 'mitigates'),
    boundaries: boundaries.filter((boundary) => boundary.controls.includes(control.id!.text)).map((boundary) => boundary.id),
  }));
  const controlIds = new Set(controls.map((control) => control.id));
  for (const boundary of boundaries) {
    for (const id of boundary.controls) {
      if (controlIds.has(id)) continue;
      controlIds.add(id);
      controls.push({ id, title: '', layer: '', mitigates: [], boundaries: boundaries.filter((b) => b.controls.includes(id)).map((b) => b.id), undefined: true });
    }
  }
  const threats: ArchitectureThreat[] = uniqueById(workspace.items('threats')).map((threat) => ({
    id: threat.id!.text,
    title: fieldText(threat, 'title').trim(),
    mitigatedBy: controls.filter((control) => control.mitigates.includes(threat.id!.text)).map((control) => control.id),
  }));
  const threatIds = new Set(threats.map((threat) => threat.id));
  for (const control of controls) {
    for (const id of control.mitigates) {
      if (threatIds.has(id)) continue;
      threatIds.add(id);
      threats.push({ id, title: '', mitigatedBy: controls.filter((c) => c.mitigates.includes(id)).map((c) => c.id), undefined: true });
    }
  }
  const required = requiredLayers(workspace.documentsOfKind('security-architecture'), config?.layers ?? []).map((layer) => layer.layer.toLowerCase());
  const layers = [...new Set([...required, ...controls.map((control) => control.layer).filter(Boolean)])];
  return { zones, boundaries, modelBoundaries: threatDragonBoundaries(workspace), layers, controls, threats };
}

/** The trust boundaries drawn in the workspace's Threat Dragon models. */
export function threatDragonBoundaries(workspace: WorkspaceIndex): ArchitectureModelBoundary[] {
  const onDiagram = new Map<string, number>();
  return workspace.items('model-boundaries').map((item) => {
    const diagram = fieldText(item, 'diagram').trim();
    const key = `${item.uri}\u0000${diagram}`;
    const place = (onDiagram.get(key) ?? 0) + 1;
    onDiagram.set(key, place);
    const name = fieldText(item, 'name').trim();
    return {
      name: name || `trust boundary ${place}`,
      named: !!name,
      file: fileNameOf(item.uri),
      uri: item.uri,
      diagram,
      separates: fieldList(item, 'separates').map((value) => value.text),
    };
  });
}

function uniqueById(items: ModelItem[]): ModelItem[] {
  const seen = new Set<string>();
  return items.filter((item) => item.id && !seen.has(item.id.text) && seen.add(item.id.text));
}

/** The ids a list field names; a single value written where a list belongs counts as a list of one. */
function ids(item: ModelItem, key: string): string[] {
  const values = item.fields[key]?.list ? fieldList(item, key).map((value) => value.text) : [fieldText(item, key)];
  return [...new Set(values.map((value) => value.trim()).filter(Boolean))];
}
