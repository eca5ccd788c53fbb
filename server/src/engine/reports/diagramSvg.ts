// The architecture diagram drawn as SVG without a browser: laid out by dagre (@dagrejs/dagre, pure
// JavaScript), text measured by counting characters of a monospace font, so every label fits its box
// on any machine. Three panels, stacked:
//   1. zones and the trust boundaries between them, each boundary a box listing its controls
//      (undirected: plain lines, no arrowheads);
//   2. the controls grouped by layer (including controls on no boundary and layers with no control),
//      linked to the threats they mitigate;
//   3. trust boundaries drawn in Threat Dragon models, each linked to the elements it separates (only
//      when a model draws one: a drawing has no zone ids, so it is shown as drawn, beside ours);
//   4. a legend.
// A gap (a boundary without a control, a threat no control mitigates, a layer with no control, an
// id defined nowhere) is drawn red and dashed AND says so in words: colour is never the only sign.
// The same SVG goes into the editor's view, the HTML and Markdown reports, and (as an image) DOCX.
import type * as Dagre from '@dagrejs/dagre' with { 'resolution-mode': 'import' };

// dagre publishes an ES module with a CommonJS build beside it (its `require` export); TypeScript
// sees only the module's types, so the CommonJS build is loaded by hand with those types, when a
// diagram is first drawn (the bundles keep it in dist/vendor/; `check` never loads it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
let dagreModule: typeof Dagre | undefined;
const dagre = (): typeof Dagre => (dagreModule ??= require('@dagrejs/dagre'));
import type { ArchitectureModel } from './architecture';

const FONT_SIZE = 12;
/** A monospace glyph is 0.6 em wide in the common fonts (DejaVu Sans Mono, Menlo, Consolas); a little more leaves room. */
const CHAR_WIDTH = FONT_SIZE * 0.62;
const LINE_HEIGHT = 16;
const PAD_X = 10;
const PAD_Y = 8;
/** Labels wrap at this many characters, so a long title makes a taller box, not a wider page. */
const WRAP = 34;
const PANEL_GAP = 28;
const MARGIN = 16;

export const DIAGRAM_COLOURS = {
  ink: '#1a1a1a',
  zone: '#e8f0fa',
  zoneStroke: '#1f4e79',
  boundary: '#fff8e1',
  boundaryStroke: '#7a5c00',
  control: '#e6f4ea',
  controlStroke: '#1e6b34',
  threat: '#fdecea',
  threatStroke: '#8a1c12',
  layer: '#f4f4f4',
  layerStroke: '#555555',
  /** Gaps: dark red (contrast 7:1 on white), always with a dashed outline and a word. */
  gap: '#b00020',
} as const;

type Style = 'zone' | 'boundary' | 'control' | 'threat' | 'element' | 'note';

interface Box {
  id: string;
  lines: Line[];
  style: Style;
  gap: boolean;
  /** Class and data attributes for the element (tests and the webview find parts by them). */
  cls: string;
  dataId: string;
  width: number;
  height: number;
  x?: number;
  y?: number;
}

interface Line {
  text: string;
  bold?: boolean;
  gap?: boolean;
}

interface Panel {
  title: string;
  body: string;
  width: number;
  height: number;
}

export function architectureSvg(model: ArchitectureModel): string {
  const drawn = modelBoundariesPanel(model);
  const panels = [zonesPanel(model), layersPanel(model), ...(drawn ? [drawn] : []), legendPanel()];
  const width = Math.ceil(Math.max(...panels.map((panel) => panel.width)) + 2 * MARGIN);
  let y = MARGIN;
  const parts: string[] = [];
  for (const panel of panels) {
    parts.push(`<g transform="translate(${MARGIN},${y})"><text x="0" y="${FONT_SIZE}" font-weight="bold" font-size="${FONT_SIZE + 2}">${escapeXml(panel.title)}</text><g transform="translate(0,${LINE_HEIGHT + 8})">${panel.body}</g></g>`);
    y += panel.height + LINE_HEIGHT + 8 + PANEL_GAP;
  }
  const height = Math.ceil(y - PANEL_GAP + MARGIN);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="cg-architecture" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="cg-architecture-title" font-family="'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace" font-size="${FONT_SIZE}" fill="${DIAGRAM_COLOURS.ink}">`,
    `<title id="cg-architecture-title">Security architecture: ${model.zones.length} zones, ${model.boundaries.length} trust boundaries, ${model.controls.length} controls in ${model.layers.length} layers, ${model.threats.length} threats${model.modelBoundaries.length ? `, ${model.modelBoundaries.length} trust boundaries drawn in Threat Dragon models` : ''}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}

// ---- Panel 1: zones and trust boundaries ---------------------------------------------------------

function zonesPanel(model: ArchitectureModel): Panel {
  const title = 'Zones and trust boundaries (each boundary lists the controls it enforces)';
  const graph = newGraph('LR');
  const boxes: Box[] = [];
  const edges: { from: string; to: string; gap: boolean }[] = [];
  for (const zone of model.zones) {
    const lines: Line[] = [{ text: zone.id, bold: true }, ...wrap(zone.name).map((text) => ({ text }))];
    if (zone.undefined) lines.push({ text: 'ZONE NOT DEFINED', gap: true });
    boxes.push(box(`zone:${zone.id}`, lines, 'zone', !!zone.undefined, 'zone', zone.id));
  }
  const unplaced: string[] = [];
  for (const boundary of model.boundaries) {
    const gap = boundary.controls.length === 0;
    const lines: Line[] = [{ text: `${boundary.id} trust boundary`, bold: true }];
    if (gap) lines.push({ text: 'NO CONTROL', gap: true });
    for (const control of boundary.controls) lines.push(...wrap(`control ${control}`).map((text) => ({ text })));
    if (boundary.between.length !== 2) {
      unplaced.push(`${boundary.id}: \`between\` names ${boundary.between.length} zone${boundary.between.length === 1 ? '' : 's'}, not 2`);
      continue;
    }
    const id = `boundary:${boundary.id}`;
    boxes.push(box(id, lines, 'boundary', gap, gap ? 'boundary uncontrolled' : 'boundary', boundary.id));
    edges.push({ from: `zone:${boundary.between[0]}`, to: id, gap }, { from: id, to: `zone:${boundary.between[1]}`, gap });
  }
  for (const text of unplaced) boxes.push(box(`note:${text}`, [{ text: 'BOUNDARY NOT DRAWN', gap: true }, ...wrap(text).map((t) => ({ text: t }))], 'note', true, 'boundary unplaced', text));
  if (!boxes.length) boxes.push(box('note:empty', [{ text: 'No zones or trust boundaries in the security architecture.', gap: true }], 'note', true, 'note', 'empty'));
  for (const b of boxes) graph.setNode(b.id, b);
  for (const edge of edges) graph.setEdge(edge.from, edge.to, { gap: edge.gap, width: 0, height: 0 });
  dagre().layout(graph);
  const parts = edges.map((edge) => line(graph.edge(edge.from, edge.to).points ?? [], edge.gap, 'boundary-link'));
  parts.push(...boxes.map(drawBox));
  return { title, body: parts.join(''), ...size(graph) };
}

// ---- Panel 2: controls by layer, and the threats they mitigate -----------------------------------

function layersPanel(model: ArchitectureModel): Panel {
  const title = 'Controls by layer, and the threats they mitigate';
  const graph = newGraph('LR');
  graph.setGraph({ ...graph.graph(), ranksep: 70 });
  const boxes: Box[] = [];
  const clusters: { id: string; label: string; gap: boolean }[] = [];
  const layerOf = (layer: string) => `layer:${layer || '(none)'}`;
  const layerNames = [...model.layers];
  if (model.controls.some((control) => !control.layer)) layerNames.push('');
  for (const layer of layerNames) {
    const controls = model.controls.filter((control) => control.layer === layer);
    const id = layerOf(layer);
    clusters.push({ id, label: layer ? `layer: ${layer}` : 'no layer named', gap: controls.length === 0 || !layer });
    graph.setNode(id, { width: 0, height: 0, label: layer, paddingTop: LINE_HEIGHT + 6 } as never);
    if (!controls.length) {
      const note = box(`empty:${layer}`, [{ text: 'NO CONTROL IN THIS LAYER', gap: true }], 'note', true, 'layer-gap', layer);
      boxes.push(note);
      graph.setNode(note.id, note);
      graph.setParent(note.id, id);
    }
    for (const control of controls) {
      const lines: Line[] = [{ text: control.id, bold: true }, ...wrap(control.title).map((text) => ({ text }))];
      if (control.undefined) lines.push({ text: 'CONTROL NOT DEFINED', gap: true });
      lines.push({ text: control.boundaries.length ? `at ${control.boundaries.join(', ')}` : 'on no boundary' });
      const b = box(`control:${control.id}`, lines, 'control', !!control.undefined, control.boundaries.length ? 'control' : 'control no-boundary', control.id);
      boxes.push(b);
      graph.setNode(b.id, b);
      graph.setParent(b.id, id);
    }
  }
  const edges: { from: string; to: string }[] = [];
  for (const threat of model.threats) {
    const gap = threat.mitigatedBy.length === 0;
    const lines: Line[] = [{ text: threat.id, bold: true }, ...wrap(threat.title).map((text) => ({ text }))];
    if (threat.undefined) lines.push({ text: 'THREAT NOT DEFINED', gap: true });
    if (gap) lines.push({ text: 'UNMITIGATED: no control', gap: true });
    const b = box(`threat:${threat.id}`, lines, 'threat', gap || !!threat.undefined, gap ? 'threat unmitigated' : 'threat', threat.id);
    boxes.push(b);
    graph.setNode(b.id, b);
    for (const control of threat.mitigatedBy) edges.push({ from: b.id, to: `control:${control}` });
  }
  if (!boxes.length) {
    const note = box('note:empty', [{ text: 'No controls or threats.', gap: true }], 'note', true, 'note', 'empty');
    boxes.push(note);
    graph.setNode(note.id, note);
  }
  for (const edge of edges) graph.setEdge(edge.from, edge.to, { width: 0, height: 0 });
  dagre().layout(graph);
  const parts: string[] = [];
  for (const cluster of clusters) {
    const node = graph.node(cluster.id) as { x: number; y: number; width: number; height: number };
    const x = node.x - node.width / 2;
    const y = node.y - node.height / 2;
    const stroke = cluster.gap ? DIAGRAM_COLOURS.gap : DIAGRAM_COLOURS.layerStroke;
    parts.push(
      `<g class="layer${cluster.gap ? ' gap' : ''}" data-id="${escapeXml(cluster.id.slice('layer:'.length))}"><rect x="${r(x)}" y="${r(y)}" width="${r(node.width)}" height="${r(node.height)}" rx="6" fill="${DIAGRAM_COLOURS.layer}" stroke="${stroke}"${cluster.gap ? ' stroke-dasharray="6 4"' : ''}/><text x="${r(x + 8)}" y="${r(y + FONT_SIZE + 4)}" font-weight="bold"${cluster.gap ? ` fill="${DIAGRAM_COLOURS.gap}"` : ''}>${escapeXml(cluster.label)}</text></g>`,
    );
  }
  parts.push(...edges.map((edge) => line(graph.edge(edge.from, edge.to).points ?? [], false, 'mitigates')));
  parts.push(...boxes.map(drawBox));
  return { title, body: parts.join(''), ...size(graph) };
}

// ---- Panel 3: trust boundaries drawn in Threat Dragon models ----------------------------------------

function modelBoundariesPanel(model: ArchitectureModel): Panel | undefined {
  if (!model.modelBoundaries.length) return undefined;
  const title = 'Trust boundaries drawn in Threat Dragon models (each linked to the elements it separates, as drawn)';
  const graph = newGraph('LR');
  const boxes: Box[] = [];
  const elements = new Map<string, Box>();
  const edges: { from: string; to: string }[] = [];
  model.modelBoundaries.forEach((boundary, index) => {
    const place = `${boundary.file}#${boundary.diagram}`;
    const lines: Line[] = boundary.named
      ? [...wrap(boundary.name).map((text) => ({ text, bold: true })), { text: 'trust boundary' }]
      : [{ text: `${boundary.name} (unnamed)`, bold: true }];
    lines.push(...wrap(`in ${boundary.file}`).map((text) => ({ text })), ...wrap(`diagram: ${boundary.diagram}`).map((text) => ({ text })));
    if (!boundary.separates.length) lines.push({ text: 'separates no element as drawn' });
    const b = box(`model-boundary:${index}`, lines, 'boundary', false, 'model-boundary', `${place}#${boundary.name}`);
    boxes.push(b);
    for (const name of boundary.separates) {
      const id = `model-element:${boundary.uri}#${boundary.diagram}#${name}`;
      if (!elements.has(id)) {
        const element = box(id, wrap(name).map((text) => ({ text })), 'element', false, 'model-element', `${place}#${name}`);
        elements.set(id, element);
        boxes.push(element);
      }
      edges.push({ from: b.id, to: id });
    }
  });
  for (const b of boxes) graph.setNode(b.id, b);
  for (const edge of edges) graph.setEdge(edge.from, edge.to, { width: 0, height: 0 });
  dagre().layout(graph);
  const parts = edges.map((edge) => line(graph.edge(edge.from, edge.to).points ?? [], false, 'separates'));
  parts.push(...boxes.map(drawBox));
  return { title, body: parts.join(''), ...size(graph) };
}

// ---- Panel 4: legend -------------------------------------------------------------------------------

function legendPanel(): Panel {
  const samples: Box[] = [
    box('l:zone', [{ text: 'Zone', bold: true }], 'zone', false, 'legend-zone', 'zone'),
    box('l:boundary', [{ text: 'Trust boundary', bold: true }, { text: 'with its controls' }], 'boundary', false, 'legend-boundary', 'boundary'),
    box('l:control', [{ text: 'Control', bold: true }, { text: 'in its layer' }], 'control', false, 'legend-control', 'control'),
    box('l:threat', [{ text: 'Threat', bold: true }], 'threat', false, 'legend-threat', 'threat'),
    box('l:gap', [{ text: 'Gap', bold: true }, { text: 'red, dashed, and', gap: true }, { text: 'named in capitals', gap: true }], 'note', true, 'legend-gap', 'gap'),
  ];
  let x = 0;
  const parts: string[] = [];
  for (const sample of samples) {
    sample.x = x + sample.width / 2;
    sample.y = 30;
    parts.push(drawBox(sample));
    x += sample.width + 16;
  }
  const lineY = 80;
  parts.push(line([{ x: 0, y: lineY }, { x: 40, y: lineY }], false, 'legend-line'));
  parts.push(`<text x="48" y="${lineY + 4}">a zone and a boundary between it and another zone (no direction); a threat and a control that mitigates it</text>`);
  const height = lineY + 12;
  const width = Math.max(x, 48 + 100 * CHAR_WIDTH);
  return { title: 'Legend', body: `<g class="legend">${parts.join('')}</g>`, width, height };
}

// ---- Drawing helpers --------------------------------------------------------------------------------

function newGraph(rankdir: 'LR' | 'TB') {
  const graph = new (dagre().graphlib.Graph)({ compound: true, multigraph: false });
  graph.setGraph({ rankdir, nodesep: 18, ranksep: 48, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  return graph;
}

function size(graph: ReturnType<typeof newGraph>): { width: number; height: number } {
  const label = graph.graph() as { width?: number; height?: number };
  return { width: Math.ceil(label.width ?? 0), height: Math.ceil(label.height ?? 0) };
}

function box(id: string, lines: Line[], style: Style, gap: boolean, cls: string, dataId: string): Box {
  const longest = Math.max(...lines.map((l) => l.text.length));
  return { id, lines, style, gap, cls, dataId, width: Math.ceil(longest * CHAR_WIDTH + 2 * PAD_X), height: lines.length * LINE_HEIGHT + 2 * PAD_Y };
}

function drawBox(b: Box): string {
  const x = (b.x ?? 0) - b.width / 2;
  const y = (b.y ?? 0) - b.height / 2;
  const [fill, stroke] = boxColours(b.style);
  const outline = b.gap ? ` stroke="${DIAGRAM_COLOURS.gap}" stroke-width="2" stroke-dasharray="6 4"` : ` stroke="${stroke}"`;
  const rx = b.style === 'zone' ? 10 : b.style === 'boundary' ? 0 : 4;
  const text = b.lines
    .map((l, i) => {
      const attrs = `${l.bold ? ' font-weight="bold"' : ''}${l.gap ? ` fill="${DIAGRAM_COLOURS.gap}" font-weight="bold"` : ''}`;
      return `<text x="${r(x + PAD_X)}" y="${r(y + PAD_Y + (i + 1) * LINE_HEIGHT - 4)}"${attrs}>${escapeXml(l.text)}</text>`;
    })
    .join('');
  return `<g class="${b.cls}${b.gap ? ' gap' : ''}" data-id="${escapeXml(b.dataId)}"><rect x="${r(x)}" y="${r(y)}" width="${r(b.width)}" height="${r(b.height)}" rx="${rx}" fill="${fill}"${outline}/>${text}</g>`;
}

function boxColours(style: Style): [string, string] {
  switch (style) {
    case 'zone':
      return [DIAGRAM_COLOURS.zone, DIAGRAM_COLOURS.zoneStroke];
    case 'boundary':
      return [DIAGRAM_COLOURS.boundary, DIAGRAM_COLOURS.boundaryStroke];
    case 'control':
      return [DIAGRAM_COLOURS.control, DIAGRAM_COLOURS.controlStroke];
    case 'threat':
      return [DIAGRAM_COLOURS.threat, DIAGRAM_COLOURS.threatStroke];
    case 'element':
      return ['#ffffff', DIAGRAM_COLOURS.layerStroke];
    default:
      return ['#ffffff', DIAGRAM_COLOURS.gap];
  }
}

function line(points: { x: number; y: number }[], gap: boolean, cls: string): string {
  if (points.length < 2) return '';
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${r(p.x)} ${r(p.y)}`).join(' ');
  const stroke = gap ? `${DIAGRAM_COLOURS.gap}" stroke-width="2" stroke-dasharray="6 4` : `${DIAGRAM_COLOURS.layerStroke}" stroke-width="1.5`;
  return `<path class="${cls}" d="${d}" fill="none" stroke="${stroke}"/>`;
}

/** Splits text into lines of at most WRAP characters, at spaces where it can. */
export function wrap(text: string, width = WRAP): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (let word of words) {
    while (word.length > width) {
      if (current) lines.push(current);
      current = '';
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (!current) current = word;
    else if (current.length + 1 + word.length <= width) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

function r(n: number): string {
  return String(Math.round(n * 10) / 10);
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
