// OWASP Threat Dragon models, read as Threat Dragon reads them. A model is `{ version?, summary,
// detail: { diagrams: [...] } }`; each diagram is in one of two layouts, tried v2 first, then v1,
// per diagram (published models exist whose `version` says 2.x while their diagrams are still v1):
// - v2 (Threat Dragon 2.x, AntV X6): `diagram.cells[]`, each with `shape` and `data` (`data.name`,
//   `data.type`, `data.threats[]`, `data.outOfScope`); trust boundaries are the shapes
//   `trust-boundary-box` (a box around elements) and `trust-boundary-curve` (a line), flows `flow`.
// - v1 (Threat Dragon 1.x, JointJS): `diagram.diagramJson.cells[]`, each with `type` (`tm.Process`,
//   `tm.Store`, `tm.Actor`, `tm.Flow`, `tm.Boundary`), `threats[]` and `attrs.text.text` or a label.
// Threats are numbered by Threat Dragon 2.x (`number`, with `detail.threatTop` the highest issued);
// v1 threats have none, and are numbered here after the highest, in file order (see docs/design.md).
//
// A pure function of the parsed JSON value; locations are JSON Pointers. The shape is checked in
// code against what Threat Dragon's v1 and v2 JSON Schemas require of the parts we read: the
// schemas are not published on the npm registry (only in Threat Dragon's source), so they are not
// bundled or compiled here.

export type TdLayout = 'v1' | 'v2';

export interface TdProblem {
  pointer: string;
  message: string;
}

export interface TdThreat {
  /** The number Threat Dragon gave it, or the one given here for a threat without (v1). */
  number: number;
  /** Whether the model wrote the number (else it was given in file order). */
  numbered: boolean;
  title: string;
  /** The STRIDE (or LINDDUN, CIA…) type as written: "Spoofing", "Information disclosure". */
  type: string;
  /** As written: High, Medium, Low, Critical… */
  severity: string;
  /** As written: Open, Mitigated, NotApplicable (v1 also "N/A"). */
  status: string;
  description: string;
  mitigation: string;
  /** The element it is on. */
  element: TdElement;
  /** JSON Pointer of the threat object, and of its `number` when written. */
  pointer: string;
  numberPointer?: string;
}

export interface TdElement {
  id: string;
  name: string;
  /** actor, process, store, flow, boundary. */
  role: 'actor' | 'process' | 'store' | 'flow' | 'boundary' | 'other';
  diagram: string;
  layout: TdLayout;
  pointer: string;
  outOfScope: boolean;
  reasonOutOfScope: string;
  /** A flow's ends (cell ids). */
  source?: string;
  target?: string;
  /** Geometry for boundaries: a box's rectangle, or a line's points. */
  box?: { x: number; y: number; width: number; height: number };
  points?: { x: number; y: number }[];
}

export interface TdBoundary {
  element: TdElement;
  /** The elements inside a box boundary; for a line boundary, the ends of the flows that cross it. */
  separates: TdElement[];
}

export interface ThreatDragonModel {
  title: string;
  version?: string;
  /** The layout of each diagram, in order. */
  layouts: TdLayout[];
  threats: TdThreat[];
  elements: TdElement[];
  boundaries: TdBoundary[];
  problems: TdProblem[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const child = (pointer: string, key: string | number) => `${pointer}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** Whether a parsed JSON value looks like a Threat Dragon model (for sniffing: `summary` and `detail.diagrams`). */
export function looksLikeThreatDragon(value: unknown): boolean {
  return isObject(value) && isObject(value.summary) && isObject(value.detail) && Array.isArray((value.detail as Json).diagrams);
}

export function readThreatDragon(value: unknown): ThreatDragonModel {
  const problems: TdProblem[] = [];
  const problem = (pointer: string, message: string) => {
    if (problems.length < 20) problems.push({ pointer, message });
  };
  const model: ThreatDragonModel = { title: '', layouts: [], threats: [], elements: [], boundaries: [], problems };
  if (!isObject(value)) {
    problem('', 'A Threat Dragon model is a JSON object with `summary` and `detail`.');
    return model;
  }
  if (value.version !== undefined && typeof value.version !== 'string') problem('/version', '`version` must be a string.');
  model.version = typeof value.version === 'string' ? value.version : undefined;
  if (!isObject(value.summary) || typeof value.summary.title !== 'string') problem(isObject(value.summary) ? '/summary' : '', '`summary.title` is missing: Threat Dragon requires a model title.');
  else model.title = value.summary.title;
  const detail = value.detail;
  if (!isObject(detail) || !Array.isArray(detail.diagrams)) {
    problem(isObject(detail) ? '/detail' : '', '`detail.diagrams` is missing: it must be a list of diagrams.');
    return model;
  }
  detail.diagrams.forEach((diagram, d) => {
    const pointer = child('/detail/diagrams', d);
    if (!isObject(diagram)) return problem(pointer, 'A diagram must be an object.');
    const title = str(diagram.title) || `Diagram ${d + 1}`;
    // Threat Dragon tries the v2 layout first, then v1.
    let layout: TdLayout;
    let cells: unknown[];
    let cellsPointer: string;
    if (Array.isArray(diagram.cells)) {
      layout = 'v2';
      cells = diagram.cells;
      cellsPointer = child(pointer, 'cells');
    } else if (isObject(diagram.diagramJson) && Array.isArray(diagram.diagramJson.cells)) {
      layout = 'v1';
      cells = diagram.diagramJson.cells;
      cellsPointer = `${pointer}/diagramJson/cells`;
    } else if (isObject(diagram.diagramJson) || diagram.cells === undefined) {
      // An empty diagram (no cells yet) is valid in both layouts.
      model.layouts.push(isObject(diagram.diagramJson) ? 'v1' : 'v2');
      if (diagram.cells !== undefined || (isObject(diagram.diagramJson) && diagram.diagramJson.cells !== undefined)) problem(pointer, 'The diagram\'s `cells` must be a list.');
      return;
    } else {
      return problem(child(pointer, 'cells'), 'The diagram\'s `cells` must be a list.');
    }
    model.layouts.push(layout);
    cells.forEach((cell, c) => {
      const cellPointer = child(cellsPointer, c);
      if (!isObject(cell)) return problem(cellPointer, 'A diagram cell must be an object.');
      const element = layout === 'v2' ? readV2Element(cell, cellPointer, title) : readV1Element(cell, cellPointer, title);
      model.elements.push(element);
      const threatsAt = layout === 'v2' ? (isObject(cell.data) ? cell.data.threats : undefined) : cell.threats;
      const threatsPointer = layout === 'v2' ? `${cellPointer}/data/threats` : child(cellPointer, 'threats');
      if (threatsAt === undefined || threatsAt === null) return;
      if (!Array.isArray(threatsAt)) return problem(threatsPointer, '`threats` must be a list.');
      threatsAt.forEach((raw, t) => {
        const threatPointer = child(threatsPointer, t);
        if (!isObject(raw)) return problem(threatPointer, 'A threat must be an object.');
        for (const key of ['title', 'status', 'type']) {
          if (typeof raw[key] !== 'string') problem(child(threatPointer, key), `The threat's \`${key}\` is missing or not a string: Threat Dragon requires it.`);
        }
        if (raw.number !== undefined && (num(raw.number) === undefined || (raw.number as number) < 0 || !Number.isInteger(raw.number))) {
          problem(child(threatPointer, 'number'), 'The threat\'s `number` must be a whole number of at least 0.');
        }
        const threat: TdThreat = {
          number: 0,
          numbered: false,
          title: str(raw.title).trim(),
          type: str(raw.type).trim(),
          severity: str(raw.severity).trim(),
          status: str(raw.status).trim(),
          description: str(raw.description).trim(),
          mitigation: str(raw.mitigation).trim(),
          element,
          pointer: threatPointer,
        };
        const written = num(raw.number);
        // Threat Dragon 2.x numbers threats from 1; 0 is what an unnumbered threat may carry.
        if (written !== undefined && written > 0 && Number.isInteger(written)) {
          threat.number = written;
          threat.numbered = true;
          threat.numberPointer = child(threatPointer, 'number');
        }
        model.threats.push(threat);
      });
    });
  });
  numberUnnumbered(model.threats, num(detail.threatTop) ?? 0);
  model.boundaries = boundariesOf(model.elements);
  return model;
}

/** Threats without a number get the next ones after the highest issued (or written), in file order. */
function numberUnnumbered(threats: TdThreat[], threatTop: number): void {
  let next = Math.max(threatTop, ...threats.map((threat) => (threat.numbered ? threat.number : 0)));
  for (const threat of threats) if (!threat.numbered) threat.number = ++next;
}

const V2_ROLES: Record<string, TdElement['role']> = {
  actor: 'actor',
  process: 'process',
  store: 'store',
  flow: 'flow',
  'trust-boundary-box': 'boundary',
  'trust-boundary-curve': 'boundary',
  'trust-broundary-curve': 'boundary',
};

const V1_ROLES: Record<string, TdElement['role']> = {
  'tm.Actor': 'actor',
  'tm.Process': 'process',
  'tm.Store': 'store',
  'tm.Flow': 'flow',
  'tm.Boundary': 'boundary',
  'tm.BoundaryBox': 'boundary',
};

function readV2Element(cell: Json, pointer: string, diagram: string): TdElement {
  const data = isObject(cell.data) ? cell.data : {};
  const shape = str(cell.shape);
  const role = V2_ROLES[shape] ?? (data.isTrustBoundary === true ? 'boundary' : V1_ROLES[str(data.type)] ?? 'other');
  const element: TdElement = {
    id: str(cell.id),
    name: str(data.name).trim() || labelOf(cell),
    role,
    diagram,
    layout: 'v2',
    pointer,
    outOfScope: data.outOfScope === true,
    reasonOutOfScope: str(data.reasonOutOfScope).trim(),
  };
  const ends = edgeEnds(cell, 'cell');
  if (ends.source) element.source = ends.source;
  if (ends.target) element.target = ends.target;
  geometry(cell, element);
  return element;
}

function readV1Element(cell: Json, pointer: string, diagram: string): TdElement {
  const element: TdElement = {
    id: str(cell.id),
    name: labelOf(cell),
    role: V1_ROLES[str(cell.type)] ?? 'other',
    diagram,
    layout: 'v1',
    pointer,
    outOfScope: cell.outOfScope === true,
    reasonOutOfScope: str(cell.reasonOutOfScope).trim(),
  };
  const ends = edgeEnds(cell, 'id');
  if (ends.source) element.source = ends.source;
  if (ends.target) element.target = ends.target;
  geometry(cell, element);
  return element;
}

/** A v1 element's text, or an edge's first label (v1 and v2 alike). */
function labelOf(cell: Json): string {
  const attrs = isObject(cell.attrs) ? cell.attrs : {};
  const text = isObject(attrs.text) ? str(attrs.text.text) : isObject(attrs.label) ? str(attrs.label.text) : '';
  if (text.trim()) return text.trim();
  const label = Array.isArray(cell.labels) ? cell.labels[0] : undefined;
  if (typeof label === 'string') return label.trim();
  if (isObject(label) && isObject(label.attrs)) {
    const labelAttrs = label.attrs;
    return (isObject(labelAttrs.text) ? str(labelAttrs.text.text) : isObject(labelAttrs.label) ? str(labelAttrs.label.text) : '').trim();
  }
  return '';
}

function edgeEnds(cell: Json, key: 'cell' | 'id'): { source?: string; target?: string } {
  const end = (value: unknown) => (isObject(value) ? str(value[key]) || undefined : undefined);
  return { source: end(cell.source), target: end(cell.target) };
}

function geometry(cell: Json, element: TdElement): void {
  const position = isObject(cell.position) ? cell.position : undefined;
  const size = isObject(cell.size) ? cell.size : undefined;
  const x = num(position?.x);
  const y = num(position?.y);
  const width = num(size?.width);
  const height = num(size?.height);
  if (x !== undefined && y !== undefined && width !== undefined && height !== undefined) element.box = { x, y, width, height };
  const point = (value: unknown) => (isObject(value) && num(value.x) !== undefined && num(value.y) !== undefined ? { x: value.x as number, y: value.y as number } : undefined);
  const vertices = Array.isArray(cell.vertices) ? cell.vertices.map(point).filter((p): p is { x: number; y: number } => !!p) : [];
  const points = [point(cell.source), ...vertices, point(cell.target)].filter((p): p is { x: number; y: number } => !!p);
  if (points.length >= 2 && !element.box) element.points = points;
}

/**
 * What each trust boundary separates. A box holds the elements whose centre lies inside it; a
 * line (v2 curve, v1 `tm.Boundary`) separates the two ends of every flow whose straight line from
 * end to end crosses it. Threat Dragon draws and does not compute this; it is our reading of the
 * drawing, on the diagram the boundary is on.
 */
function boundariesOf(elements: TdElement[]): TdBoundary[] {
  const byId = new Map(elements.filter((element) => element.id).map((element) => [`${element.diagram}\u0000${element.id}`, element]));
  const nodes = elements.filter((element) => element.role === 'actor' || element.role === 'process' || element.role === 'store');
  const centre = (element: TdElement) => (element.box ? { x: element.box.x + element.box.width / 2, y: element.box.y + element.box.height / 2 } : undefined);
  const boundaries: TdBoundary[] = [];
  for (const boundary of elements) {
    if (boundary.role !== 'boundary') continue;
    const separates: TdElement[] = [];
    if (boundary.box) {
      const { x, y, width, height } = boundary.box;
      for (const node of nodes) {
        const c = centre(node);
        if (node.diagram === boundary.diagram && c && c.x >= x && c.x <= x + width && c.y >= y && c.y <= y + height) separates.push(node);
      }
    } else if (boundary.points) {
      for (const flow of elements) {
        if (flow.role !== 'flow' || flow.diagram !== boundary.diagram || !flow.source || !flow.target) continue;
        const source = byId.get(`${flow.diagram}\u0000${flow.source}`);
        const target = byId.get(`${flow.diagram}\u0000${flow.target}`);
        const a = source && centre(source);
        const b = target && centre(target);
        if (!a || !b || !crossesPolyline(a, b, boundary.points)) continue;
        for (const end of [source, target]) if (!separates.includes(end)) separates.push(end);
      }
    }
    boundaries.push({ element: boundary, separates });
  }
  return boundaries;
}

type Point = { x: number; y: number };

function crossesPolyline(a: Point, b: Point, points: Point[]): boolean {
  for (let i = 0; i + 1 < points.length; i++) if (segmentsCross(a, b, points[i], points[i + 1])) return true;
  return false;
}

function segmentsCross(p1: Point, p2: Point, q1: Point, q2: Point): boolean {
  const side = (a: Point, b: Point, c: Point) => Math.sign((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
  return side(p1, p2, q1) * side(p1, p2, q2) < 0 && side(q1, q2, p1) * side(q1, q2, p2) < 0;
}

/** The status as one word: `open`, `mitigated`, `notapplicable` (v1's "N/A" and "Not Applicable" too), or as written. */
export function threatStatus(status: string): 'open' | 'mitigated' | 'notapplicable' | string {
  const word = status.toLowerCase().replace(/[\s_/-]+/g, '');
  return word === 'na' || word === 'notapplicable' ? 'notapplicable' : word;
}
