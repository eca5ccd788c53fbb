// An evidence file's model: the same ModelDocument our YAML and Markdown documents have, so an
// evidence item is an item like any other (definitions by id, hover, references, unknown-reference,
// coverage criteria, workspace rules). Its locations are resolved here, in one pass over the text
// for a JSON file (see jsonLocation.ts). A file with problems contributes no items: it is no evidence.
import type { ParsedDocument } from '../document';
import type { ModelStrings } from '../modelStrings';
import { emptyModel, ReferenceValue, ScalarField, ScalarValue, setField, SourceItem, type Collection, type FieldValue, type ModelDocument, type ReferenceUse } from '../modelValues';
import { detached, type LineIndex } from '../text';
import { locatePointers, spanOrParent, withParents, type JsonSpan } from './jsonLocation';
import { THREAT_DRAGON_PREFIX } from './threatDragonReader';
import type { EvidenceContent, EvidenceItemData, EvidenceLocation, EvidenceProblem } from './types';

/** Resolves the locations of one file's items and problems: pointers through one pass over the text. */
export function locator(text: string, locations: Iterable<EvidenceLocation | undefined>): (at: EvidenceLocation | undefined) => JsonSpan {
  const pointers = new Set<string>();
  for (const at of locations) if (at && 'pointer' in at) for (const pointer of withParents(at.pointer)) pointers.add(pointer);
  const spans = pointers.size ? locatePointers(text, pointers) : new Map<string, JsonSpan>();
  return (at) => (!at ? { start: 0, end: 0 } : 'pointer' in at ? spanOrParent(spans, at.pointer) : { start: at.start, end: at.end });
}

/** Problems with their ranges (a problem without a place points at the first line). */
export function locateProblems(text: string, lines: LineIndex, problems: readonly EvidenceProblem[]): { message: string; range: ReturnType<LineIndex['range']> }[] {
  const locate = locator(text, problems.map((problem) => problem.at));
  return problems.map((problem) => {
    const span = problem.at ? locate(problem.at) : { start: 0, end: lines.lineEnd(0) };
    // A whole object's span is many lines: a finding on its first line reads better.
    const end = Math.min(span.end, lines.lineEnd(lines.positionAt(span.start).line));
    return { message: problem.message, range: lines.range(span.start, Math.max(end, span.start)) };
  });
}

/**
 * `threatDragonPrefix`: the project's id prefix for this Threat Dragon model's threats, in place of
 * `TD-` (two models both number their threats from 1, so a project with several gives each its own).
 */
export function buildEvidenceModel(parsed: ParsedDocument, content: EvidenceContent, strings?: ModelStrings, threatDragonPrefix?: string): ModelDocument {
  const { lines } = parsed;
  const value = (text: string) => (strings ? strings.value(detached(text)) : detached(text));
  const model = emptyModel(parsed, content.kind, { offset: lines.length, indent: '' });
  const firstLineEnd = lines.lineEnd(0);
  for (const [key, text] of Object.entries(content.fields ?? {})) setField(model.fields, key, new ScalarField(key, 0, 0, value(text), lines, 0, firstLineEnd));
  if (content.problems.length) return model;

  const locate = locator(parsed.source.text, content.items.flatMap((item) => [item.at, item.idAt]));
  for (const data of content.items) {
    const prefixed = threatDragonPrefix && content.kind === 'threat-dragon' && data.id?.startsWith(THREAT_DRAGON_PREFIX);
    addItem(model, prefixed ? { ...data, id: threatDragonPrefix + data.id!.slice(THREAT_DRAGON_PREFIX.length) } : data, locate, lines, value);
  }
  return model;
}

function addItem(model: ModelDocument, data: EvidenceItemData, locate: (at: EvidenceLocation | undefined) => JsonSpan, lines: LineIndex, value: (text: string) => string) {
  const span = locate(data.at);
  const collection: Collection = (model.collections[data.collection] ??= { name: data.collection, items: [] });
  const item = new SourceItem(model.uri, data.collection, 'evidence', undefined, lines, span.start, span.end);
  // A finding about the item points at its id, or at the item's first line.
  const idSpan = data.idAt ? locate(data.idAt) : { start: span.start, end: Math.min(span.end, lines.lineEnd(lines.positionAt(span.start).line)) };
  if (data.id) {
    const id = new ScalarField('id', idSpan.start, idSpan.start, value(data.id), lines, idSpan.start, idSpan.end);
    item.id = id;
    item.anchor = id;
    setField(item.fields, 'id', id);
  } else {
    item.anchor = lines.offsetRange(idSpan.start, idSpan.end);
  }
  for (const [key, written] of Object.entries(data.fields)) {
    // Fields have no place of their own (locating each would multiply the pass): they point at the id.
    let field: FieldValue;
    if (Array.isArray(written)) {
      const target = data.refs?.[key];
      const list = written.map((text) => (target ? new ReferenceValue(value(text), lines, idSpan.start, idSpan.end, target, key) : new ScalarValue(value(text), lines, idSpan.start, idSpan.end)));
      field = { key, keyStart: idSpan.start, keyEnd: idSpan.start, keyRange: lines.offsetRange(idSpan.start, idSpan.start), range: lines.offsetRange(idSpan.start, idSpan.end), list };
      for (const reference of list) {
        if (reference instanceof ReferenceValue) {
          reference.item = item;
          model.references.push(reference as ReferenceUse);
        }
      }
    } else {
      field = new ScalarField(key, idSpan.start, idSpan.start, value(written), lines, idSpan.start, idSpan.end);
    }
    setField(item.fields, key, field);
  }
  collection.items.push(item);
  model.items.push(item);
}
