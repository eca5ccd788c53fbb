// Completion of field values: ids of the right kind (`threats:` offers threat ids, `between:` zone
// ids, a boundary's `controls:` control ids) and enum values (`risk:`, `status:`, `layer:` …).
// The document is usually mid-edit and may not parse, so the context comes from the text of the
// lines around the cursor; the model only supplies the ids and the declared layers.
import { findFrontMatter, type ParsedDocument } from './document';
import { isBetweenRows, isSeparatorRow, isTableRow, tableCells } from './markdownTable';
import { buildModel, type ModelDocument } from './model';
import { COMMON_FIELDS, DEFAULT_LAYERS, ITEM_FIELDS, KIND_SHAPES, fieldName, type FieldSpec } from './schema';
import type { Position, Range } from './types';
import type { WorkspaceIndex } from './workspace';

export interface ValueCompletion {
  label: string;
  detail?: string;
  /** The partial word being typed, which the label replaces (for a scalar: from the key's colon on). */
  range: Range;
  /** What replaces the range: the label, after a scalar key's `: ` as typed. */
  insertText: string;
  /** What the editor matches the range's text against: the same as insertText. */
  filterText: string;
}

/** Where the cursor is: the value of `key` in an item of `collection` (null: a top-level field). */
interface ValueContext {
  key: string;
  collection: string | null;
  partial: string;
  /** Values already in the same list, not offered again. */
  existing: string[];
  /**
   * For a scalar value: the `: ` (and an opening quote) between the key and the value. The entries
   * replace it too and match against it, because VS Code's snippet completion matches the line's
   * `: ` with every snippet prefix holding one (`kind: threat-model`): a match on a non-empty text
   * ranks before entries that match an empty one, which put six `kind:` snippets above the values
   * after `phase: `. Ours then match `: ` at their very start, and rank first.
   */
  lead?: string;
}

export function valueCompletionsAt(workspace: WorkspaceIndex, parsed: ParsedDocument, position: Position): ValueCompletion[] {
  return valueCompletionListAt(workspace, parsed, position, Infinity).items;
}

/**
 * The same, at most `limit` of them. A product line holds thousands of threat ids: past the
 * limit, only ids that contain what is typed are offered, and the list says it is incomplete, so
 * the editor asks again as the user types instead of receiving (and filtering) every id each time.
 */
export function valueCompletionListAt(
  workspace: WorkspaceIndex,
  parsed: ParsedDocument,
  position: Position,
  limit: number,
): { items: ValueCompletion[]; incomplete: boolean } {
  try {
    const context = contextAt(workspace, parsed, position);
    if (!context) return { items: [], incomplete: false };
    const spec = specOf(parsed, context);
    if (!spec) return { items: [], incomplete: false };
    const lead = context.lead ?? '';
    const range: Range = { start: { line: position.line, character: position.character - context.partial.length - lead.length }, end: position };
    const existing = new Set(context.existing);
    let offered = candidates(workspace, parsed, spec).filter((candidate) => !existing.has(candidate.label));
    let incomplete = false;
    if (offered.length > limit) {
      const typed = context.partial.toLowerCase();
      offered = offered.filter((candidate) => candidate.label.toLowerCase().includes(typed));
      incomplete = true;
      if (offered.length > limit) offered = offered.slice(0, limit);
    }
    return { items: offered.map((candidate) => ({ ...candidate, range, insertText: lead + candidate.label, filterText: lead + candidate.label })), incomplete };
  } catch {
    return { items: [], incomplete: false }; // half-typed input must never break the editor
  }
}

function candidates(workspace: WorkspaceIndex, parsed: ParsedDocument, spec: FieldSpec): { label: string; detail?: string }[] {
  switch (spec.type) {
    case 'enum':
      return spec.values.map((label) => ({ label }));
    case 'layer':
      return declaredLayers(workspace, parsed).map((label) => ({ label }));
    case 'layers':
      return DEFAULT_LAYERS.map((label) => ({ label }));
    case 'refs': {
      const seen = new Set<string>();
      const result: { label: string; detail?: string }[] = [];
      for (const item of workspace.items(spec.target)) {
        if (!item.id || seen.has(item.id.text)) continue;
        seen.add(item.id.text);
        const title = item.fields.title?.scalar?.text || item.fields.name?.scalar?.text || item.fields.text?.scalar?.text;
        result.push({ label: item.id.text, detail: title || undefined });
      }
      return result;
    }
    default:
      return [];
  }
}

function specOf(parsed: ParsedDocument, context: ValueContext): FieldSpec | undefined {
  if (context.collection !== null) return own(own(ITEM_FIELDS, context.collection), context.key);
  const kind = parsed.documentKind ?? /^kind\s*:\s*["']?([\w-]+)/m.exec(parsed.source.text)?.[1];
  return own(own(KIND_SHAPES, kind ?? '')?.fields, context.key) ?? own(COMMON_FIELDS, context.key);
}

/** A property of a lookup table, never one inherited from Object (`constructor:` is a valid key). */
function own<T>(table: Record<string, T> | undefined, key: string): T | undefined {
  return table && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** The layers the architecture declares (this document, as typed or as last indexed), else the defaults. */
function declaredLayers(workspace: WorkspaceIndex, parsed: ParsedDocument): string[] {
  for (const model of [modelOf(workspace, parsed), workspace.model(parsed.source.uri)]) {
    const layers = model?.fields.layers?.list?.map((value) => value.text).filter(Boolean);
    if (layers?.length) return [...new Set(layers)];
  }
  return [...DEFAULT_LAYERS];
}

function modelOf(workspace: WorkspaceIndex, parsed: ParsedDocument): ModelDocument | null {
  const indexed = workspace.model(parsed.source.uri);
  return indexed?.parsed === parsed ? indexed : buildModel(parsed);
}

function contextAt(workspace: WorkspaceIndex, parsed: ParsedDocument, position: Position): ValueContext | undefined {
  const lines = parsed.lines;
  if (position.line < 0 || position.line >= lines.lineCount) return undefined;
  if (parsed.format === 'yaml') return yamlContext(lineTexts(parsed, 0, lines.lineCount), position);
  const frontMatter = findFrontMatter(parsed.source.text);
  if (frontMatter) {
    const first = lines.positionAt(frontMatter.start).line;
    const end = lines.positionAt(frontMatter.end).line; // the closing `---` line
    if (position.line >= first && position.line < end) {
      return yamlContext(lineTexts(parsed, first, end), { line: position.line - first, character: position.character });
    }
    if (position.line <= end) return undefined;
  }
  return tableContext(workspace, parsed, position);
}

function lineTexts(parsed: ParsedDocument, from: number, to: number): string[] {
  const texts: string[] = [];
  for (let line = from; line < to; line++) texts.push(parsed.lines.lineText(line));
  return texts;
}

// ---- YAML --------------------------------------------------------------------------------------

const KEY = '([A-Za-z_][\\w -]*?)';
// `key: [a, b, par` — a flow list being typed.
const FLOW_VALUE = new RegExp(`^\\s*(?:-\\s+)?${KEY}\\s*:\\s*\\[([^\\]]*)$`);
// `key: par` / `- key: "par` — a scalar being typed (a space after the colon, or it is no value yet).
const SCALAR_VALUE = new RegExp(`^\\s*(?:-\\s+)?${KEY}\\s*(:\\s+["']?)([^\\s"',\\[\\]{}#]*)$`);
// `  - par` — an item of a block list.
const LIST_ITEM = /^(\s*)-\s+["']?([^\s"',[\]{}#:]*)$/;
const KEY_LINE = /^(\s*)(-\s+)?([A-Za-z_][\w -]*?)\s*:(?:\s|$)/;

function yamlContext(texts: string[], position: Position): ValueContext | undefined {
  const line = texts[position.line] ?? '';
  const before = line.slice(0, position.character);
  const flow = FLOW_VALUE.exec(before);
  if (flow) {
    const typed = flow[2].split(',');
    const partial = unquote(typed[typed.length - 1].trimStart());
    // Elements after the cursor: the first piece continues the word being typed.
    const after = line.slice(position.character).split(']')[0].split(',').slice(1);
    const existing = [...typed.slice(0, -1), ...after].map(unquote).filter(Boolean);
    return { key: fieldName(flow[1]), collection: collectionOf(texts, position.line), partial, existing };
  }
  const scalar = SCALAR_VALUE.exec(before);
  if (scalar) return { key: fieldName(scalar[1]), collection: collectionOf(texts, position.line), partial: scalar[3], existing: [], lead: scalar[2] };
  const item = LIST_ITEM.exec(before);
  if (item) return blockListContext(texts, position.line, item[1].length, item[2]);
  return undefined;
}

/** A block list item: the list belongs to the nearest key line above indented less (or equally, YAML's compact lists). */
function blockListContext(texts: string[], line: number, indent: number, partial: string): ValueContext | undefined {
  const existing: string[] = [];
  const sibling = (text: string) => {
    const value = /^\s*-\s+(.*?)\s*(?:#.*)?$/.exec(text)?.[1];
    if (value) existing.push(unquote(value));
  };
  for (let below = line + 1; below < texts.length; below++) {
    const text = texts[below];
    if (!text.trim() || text.trim().startsWith('#')) continue;
    if (indentOf(text) !== indent || !text.trimStart().startsWith('-')) break;
    sibling(text);
  }
  for (let above = line - 1; above >= 0; above--) {
    const text = texts[above];
    if (!text.trim() || text.trim().startsWith('#')) continue;
    const textIndent = indentOf(text);
    if (textIndent > indent) continue;
    if (textIndent === indent && text.trimStart().startsWith('-')) {
      sibling(text);
      continue;
    }
    // The owner must be a key with nothing after its colon: `threats:`.
    const key = /^\s*(?:-\s+)?([A-Za-z_][\w -]*?)\s*:\s*(?:#.*)?$/.exec(text);
    return key ? { key: fieldName(key[1]), collection: collectionOf(texts, above), partial, existing } : undefined;
  }
  return undefined;
}

/**
 * The collection whose item holds the key on `line`: the top-level key above it. null when the
 * key is itself a top-level field (`decision:` of a release record).
 */
function collectionOf(texts: string[], line: number): string | null {
  const own = KEY_LINE.exec(texts[line] ?? '');
  if (own && own[1] === '' && !own[2]) return null;
  for (let above = line - 1; above >= 0; above--) {
    const text = texts[above];
    if (!text.trim() || text.startsWith('#') || indentOf(text) > 0 || text.startsWith('-')) continue;
    const key = KEY_LINE.exec(text);
    return key ? fieldName(key[3]) : '';
  }
  return '';
}

function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

function unquote(value: string): string {
  return value.trim().replace(/^["']|["']$/g, '').trim();
}

// ---- Markdown tables ---------------------------------------------------------------------------

function tableContext(workspace: WorkspaceIndex, parsed: ParsedDocument, position: Position): ValueContext | undefined {
  const lines = parsed.lines;
  if (!isTableRow(lines.lineText(position.line))) return undefined;
  // The header is the first row above, across suppression comments between rows (as the model reads tables).
  let header = position.line;
  for (let above = position.line - 1; above >= 0; above--) {
    const text = lines.lineText(above);
    if (isTableRow(text)) header = above;
    else if (!isBetweenRows(text)) break;
  }
  // The cursor must be in a body row, below the header and its separator.
  if (position.line < header + 2 || !isSeparatorRow(lines.lineText(header + 1))) return undefined;
  const headerCells = (tableCells(lines, header) ?? []).map((cell) => cell.text);
  if (fieldName(headerCells[0] ?? '') !== 'id') return undefined;

  const line = lines.lineText(position.line);
  const before = line.slice(0, position.character);
  const pipes = [...before.matchAll(/(?<!\\)\|/g)];
  const column = pipes.length - 1;
  if (column < 0 || column >= headerCells.length) return undefined;
  const key = fieldName(headerCells[column]);
  const collection = tableCollection(workspace, parsed, position.line, headerCells.map(fieldName));
  if (!collection) return undefined;

  const cellStart = pipes[column].index! + 1;
  const cellEnd = line.slice(position.character).search(/(?<!\\)\|/);
  const typed = before.slice(cellStart).split(',');
  const partial = typed[typed.length - 1].trimStart();
  const after = (cellEnd < 0 ? line.slice(position.character) : line.slice(position.character, position.character + cellEnd)).split(',').slice(1);
  const existing = [...typed.slice(0, -1), ...after].map((value) => value.trim()).filter(Boolean);
  return { key, collection, partial, existing };
}

/** The collection of the table row: as the model reads it, else the collection whose fields the columns match best. */
function tableCollection(workspace: WorkspaceIndex, parsed: ParsedDocument, line: number, columns: string[]): string | undefined {
  const model = modelOf(workspace, parsed);
  if (!model) return undefined; // tables of other Markdown files are not items
  const row = model.items.find((item) => item.form === 'markdown' && item.range.start.line === line);
  if (row) return row.collection;
  let best: string | undefined;
  let bestScore = 0;
  for (const name of KIND_SHAPES[model.kind].collections) {
    const fields = own(ITEM_FIELDS, name) ?? {};
    const score = columns.filter((column) => column !== 'id' && column in fields).length;
    if (score > bestScore) [best, bestScore] = [name, score];
  }
  return best;
}
