// Threat Dragon models as evidence files: each threat becomes an item of `threats` with the id
// TD-<number>, so it is a threat like those of our threat models (hover, go to definition into the
// JSON, `mitigates: [TD-21]`, threat-unmitigated, unknown-reference, traceability); each trust
// boundary an item of `model-boundaries` with the elements it separates, for the architecture diagram.
import { RISK_LEVELS } from '../schema';
import { parseEvidenceJson } from './jsonLocation';
import { looksLikeThreatDragon, readThreatDragon, type TdBoundary, type TdThreat } from './threatDragon';
import type { EvidenceContent, EvidenceItemData, EvidenceReader } from './types';

/** The id prefix of a Threat Dragon threat: `TD-21`. */
export const THREAT_DRAGON_PREFIX = 'TD-';

export const threatDragonReader: EvidenceReader = {
  id: 'threat-dragon-json',
  kind: 'threat-dragon',
  // A model starts with `summary` (v1) or `version` then `summary`, and `detail` follows.
  sniff: ({ name }, head) => /\.json$/i.test(name) && /"summary"\s*:\s*\{/.test(head) && /"detail"\s*:\s*\{/.test(head),
  read({ name, text }) {
    const content: EvidenceContent = { kind: 'threat-dragon', format: 'Threat Dragon model', items: [], problems: [] };
    const parsed = parseEvidenceJson(name, text);
    if ('problem' in parsed) {
      content.problems.push(parsed.problem);
      return content;
    }
    const value = parsed.value;
    if (!looksLikeThreatDragon(value)) {
      content.problems.push({ message: `${name} is not a Threat Dragon model: it needs \`summary\` and \`detail.diagrams\`.`, at: { pointer: '' } });
      return content;
    }
    const model = readThreatDragon(value);
    for (const problem of model.problems) content.problems.push({ message: problem.message, at: { pointer: problem.pointer } });
    if (content.problems.length) return content;
    const layouts = [...new Set(model.layouts)];
    content.format = `Threat Dragon model${model.version ? ` ${model.version}` : ''} (${layouts.length ? layouts.join(' and ') : 'no diagrams'} layout)`;
    content.fields = { title: model.title };
    for (const threat of model.threats) content.items.push(threatItem(threat));
    for (const boundary of model.boundaries) content.items.push(boundaryItem(boundary));
    return content;
  },
};

function threatItem(threat: TdThreat): EvidenceItemData {
  const fields: Record<string, string> = {};
  const put = (key: string, value: string) => {
    if (value) fields[key] = value;
  };
  put('title', threat.title);
  put('category', threat.type);
  put('severity', threat.severity);
  const risk = threat.severity.toLowerCase();
  if (RISK_LEVELS.includes(risk)) fields.risk = risk;
  put('status', threat.status);
  put('description', threat.description);
  put('mitigation', threat.mitigation);
  put('element', threat.element.name);
  put('diagram', threat.element.diagram);
  // Out of scope is a fact of the drawing; only the reason written is a justification (Threat
  // Dragon's own demo marks a store out of scope with an empty reason).
  if (threat.element.outOfScope) {
    put('out_of_scope', 'yes');
    put('out_of_scope_reason', threat.element.reasonOutOfScope);
  }
  put('number', threat.numbered ? String(threat.number) : '');
  return {
    collection: 'threats',
    id: `${THREAT_DRAGON_PREFIX}${threat.number}`,
    at: { pointer: threat.pointer },
    idAt: { pointer: threat.numberPointer ?? `${threat.pointer}/title` },
    fields,
  };
}

function boundaryItem(boundary: TdBoundary): EvidenceItemData {
  const fields: Record<string, string | string[]> = { diagram: boundary.element.diagram };
  if (boundary.element.name) fields.name = boundary.element.name;
  const separates = boundary.separates.map((element) => element.name || element.id).filter(Boolean);
  if (separates.length) fields.separates = separates;
  return { collection: 'model-boundaries', at: { pointer: boundary.element.pointer }, fields };
}
