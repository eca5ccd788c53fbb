// The architecture as a Mermaid flowchart (SPEC §6 `clauseGuide.showArchitectureDiagram`, CLI
// `diagram`): a node per zone, an edge per trust boundary labelled with the controls it enforces.
// A boundary without a control is drawn dashed and red, so the gap shows at a glance. Trust boundaries
// drawn in Threat Dragon models follow, one subgraph per model diagram, each boundary linked (without
// direction) to the elements it separates.
import { threatDragonBoundaries } from './architecture';
import { fieldList, fieldText, type ModelItem } from '../model';
import type { WorkspaceIndex } from '../workspace';

const TITLE_LENGTH = 32;

export function architectureMermaid(workspace: WorkspaceIndex): string {
  const lines = ['flowchart LR'];
  const nodeIds = new NodeIds();
  const zones = uniqueById(workspace.items('zones'));
  const declared = new Set(zones.map((zone) => zone.id!.text));
  for (const zone of zones) {
    const name = fieldText(zone, 'name').trim();
    lines.push(`  ${nodeIds.of(zone.id!.text)}["${label(name ? `${zone.id!.text}: ${name}` : zone.id!.text)}"]`);
  }
  const controls = new Map(uniqueById(workspace.items('controls')).map((control) => [control.id!.text, control]));
  const unprotected: number[] = [];
  let edge = 0;
  for (const boundary of workspace.items('boundaries')) {
    const name = boundary.id?.text ?? `boundary on line ${boundary.range.start.line + 1}`;
    const between = ids(boundary, 'between');
    if (between.length !== 2) {
      lines.push(`  %% ${comment(name)}: \`between\` must name two zones`);
      continue;
    }
    for (const zone of between) {
      if (declared.has(zone)) continue;
      declared.add(zone);
      lines.push(`  ${nodeIds.of(zone)}["${label(`${zone} (zone not defined)`)}"]`);
    }
    const [from, to] = between.map((zone) => nodeIds.of(zone));
    const enforced = ids(boundary, 'controls');
    if (enforced.length) {
      const text = `${name}: ${enforced.map((id) => controlLabel(id, controls.get(id))).join('; ')}`;
      lines.push(`  ${from} -->|"${label(text)}"| ${to}`);
    } else {
      lines.push(`  ${from} -.->|"${label(`${name}: no control`)}"| ${to}`);
      unprotected.push(edge);
    }
    edge++;
  }
  lines.push(...drawnBoundaries(workspace));
  if (!zones.length && !edge) lines.push('  empty["No zones or trust boundaries in the security architecture"]');
  if (unprotected.length) lines.push(`  linkStyle ${unprotected.join(',')} stroke:#d33,stroke-width:2px,stroke-dasharray:5 5`);
  return lines.join('\n') + '\n';
}

/** Subgraphs of the trust boundaries drawn in Threat Dragon models. */
function drawnBoundaries(workspace: WorkspaceIndex): string[] {
  const groups = new Map<string, { title: string; lines: string[]; elements: Map<string, string>; boundaries: number }>();
  for (const boundary of threatDragonBoundaries(workspace)) {
    const key = `${boundary.uri}\u0000${boundary.diagram}`;
    let group = groups.get(key);
    if (!group) {
      group = { title: `Threat Dragon: ${boundary.file}, ${boundary.diagram}`, lines: [], elements: new Map(), boundaries: 0 };
      groups.set(key, group);
    }
    const graph = `td_${[...groups.keys()].indexOf(key) + 1}`;
    const node = `${graph}_b${++group.boundaries}`;
    group.lines.push(`    ${node}{{"${label(boundary.named ? `${boundary.name}: trust boundary` : `${boundary.name} (unnamed)`)}"}}`);
    for (const name of boundary.separates) {
      let element = group.elements.get(name);
      if (!element) {
        element = `${graph}_e${group.elements.size + 1}`;
        group.elements.set(name, element);
        group.lines.push(`    ${element}(["${label(name)}"])`);
      }
      group.lines.push(`    ${node} --- ${element}`);
    }
  }
  return [...groups.values()].flatMap((group, index) => [`  subgraph td_${index + 1}["${label(group.title)}"]`, ...group.lines, '  end']);
}

function controlLabel(id: string, control: ModelItem | undefined): string {
  const title = control ? fieldText(control, 'title').trim() : '';
  return title ? `${id} ${shorten(title)}` : id;
}

function shorten(text: string): string {
  return text.length <= TITLE_LENGTH ? text : `${text.slice(0, TITLE_LENGTH - 1).trimEnd()}…`;
}

/**
 * Text inside a quoted Mermaid label. Quotes, brackets, braces, pipes, backticks, `<`/`>` and `#` are written as
 * Mermaid entity codes, so a name like `DMZ"] --> X` stays one label and draws no edge.
 */
function label(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[#"|<>[\]{}`]/g, (ch) => `#${ch.charCodeAt(0)};`);
}

/** A Mermaid comment holds one line. */
function comment(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/** Mermaid node ids: letters, digits and `_` only, prefixed so keywords (`end`, `graph`) cannot clash; unique per zone id. */
class NodeIds {
  private readonly byZone = new Map<string, string>();
  private readonly used = new Set<string>();

  of(zone: string): string {
    let id = this.byZone.get(zone);
    if (id) return id;
    const base = `zone_${zone.replace(/[^A-Za-z0-9_]/g, '_')}`;
    id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
    this.used.add(id);
    this.byZone.set(zone, id);
    return id;
  }
}

function uniqueById(items: ModelItem[]): ModelItem[] {
  const seen = new Set<string>();
  return items.filter((item) => item.id && !seen.has(item.id.text) && seen.add(item.id.text));
}

function ids(item: ModelItem, key: string): string[] {
  return fieldList(item, key)
    .map((value) => value.text.trim())
    .filter(Boolean);
}
