// The tailoring record generator (SPEC §6 `clauseGuide.generateTailoringRecord`, CLI `tailoring`):
// one entry for every applicable clause that has neither evidence nor a tailoring entry, left for a
// person to justify and approve. An existing record only ever gains inserted text at one place: the
// end of its entries (YAML list or Markdown table). Nothing a person wrote is re-serialized, so
// comments, key order, quoting and spacing stay byte for byte.
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Catalog } from '../catalog';
import type { ClauseGuideConfig } from '../config';
import { parseSourceDocument } from '../document';
import { tableCells } from '../markdownTable';
import { buildModel, fieldText, type ModelDocument } from '../model';
import { clauseCoverage, normalizeClauseId, type CoverageOptions } from '../coverage';
import { isoDate, nextId } from '../ids';
import { fieldName } from '../schema';
import { LineIndex } from '../text';
import type { TextEdit } from '../types';
import { WorkspaceIndex } from '../workspace';
import { isEmptyScalar } from '../yamlParse';

export interface TailoringPlan {
  uri: string;
  /** True when the project has no tailoring record and `text` is the whole new file. */
  create: boolean;
  text?: string;
  /** Insertions into the existing record (empty when nothing is missing). */
  edits?: TextEdit[];
  /** Clause ids that get a new entry. */
  added: string[];
  /** Why nothing could be written safely (e.g. the record does not parse); added is then []. */
  problem?: string;
}

export interface TailoringOptions {
  /** Where a new record goes when the project has none. */
  newFileUri: string;
  /** YYYY-MM-DD; when given, the comment above the added entries carries the date. */
  today?: string;
  /** What the host can tell of the repository (record files), so a clause covered by a record gets no entry. */
  evidence?: CoverageOptions;
}

/**
 * What a new entry holds: nothing decided. No default decision is written for a person: an entry
 * without decision, justification and approval is pending (coverage.ts), never tailored.
 */
const ENTRY_DEFAULTS = { decision: '', justification: '', approved_by: '' };

export function planTailoringRecord(workspace: WorkspaceIndex, catalog: Catalog, config: ClauseGuideConfig, options: TailoringOptions): TailoringPlan {
  const [record] = workspace.documentsOfKind('tailoring-record');
  if (!record) return planNewRecord(workspace, catalog, config, options);
  const added = missingClauses(workspace, catalog, config, options.evidence);
  const unchanged = { uri: record.uri, create: false, edits: [], added: [] };
  if (!added.length) return unchanged;
  if (record.parsed.syntaxProblems.length) {
    return { ...unchanged, problem: `${fileName(record.uri)} has a syntax error; fix it, then generate the tailoring entries again.` };
  }
  const date = options.today && isoDate(options.today);
  const result = record.parsed.format === 'markdown' && !yamlEntriesPair(record) ? markdownEdits(workspace, record, added, date) : yamlEdits(workspace, record, added, date);
  if (typeof result === 'string') return { ...unchanged, problem: result };
  const problem = checkResult(record, result, added);
  return problem ? { ...unchanged, problem } : { uri: record.uri, create: false, edits: result, added };
}

/** Applies non-overlapping edits to a text (what an editor or the CLI does with a plan). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const sorted = [...edits].sort((a, b) => lines.offsetAt(b.range.start) - lines.offsetAt(a.range.start));
  let result = text;
  for (const edit of sorted) result = result.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + result.slice(lines.offsetAt(edit.range.end));
  return result;
}

/** The clauses that need a decision: not covered by content and without a tailoring entry (missing or only claimed). */
function missingClauses(workspace: WorkspaceIndex, catalog: Catalog, config: ClauseGuideConfig, evidence: CoverageOptions = {}): string[] {
  return clauseCoverage(workspace, catalog, config, evidence)
    .filter((entry) => entry.status === 'missing' || entry.status === 'claimed')
    .map((entry) => entry.clause.id);
}

// ---- a new record --------------------------------------------------------------------------------

function planNewRecord(workspace: WorkspaceIndex, catalog: Catalog, config: ClauseGuideConfig, options: TailoringOptions): TailoringPlan {
  const uri = options.newFileUri;
  if (workspace.has(uri)) {
    return { uri, create: false, added: [], problem: `${fileName(uri)} exists but is not a tailoring record; give it \`kind: tailoring-record\` or move it away.` };
  }
  const head = [
    'kind: tailoring-record',
    'title: Tailoring record',
    'clauses: ["5.1.1"]',
    '# Who approves tailoring decisions, with their security expertise (§5.1.1).',
    'approvers:',
    '  - name: ""',
    '    role: ""',
    '    security_expertise: ""',
  ];
  // The record is itself evidence (5.1.1 and any clause it serves): count it before listing what is missing.
  const withRecord = new WorkspaceIndex();
  for (const file of workspace.files()) withRecord.update(file);
  withRecord.update(parseSourceDocument({ uri, languageId: 'yaml', version: 0, text: [...head, 'entries: []', ''].join('\n') }));
  const added = missingClauses(withRecord, catalog, config, options.evidence);
  const date = options.today && isoDate(options.today);
  const entries = added.length ? [addedComment(date), 'entries:', ...added.flatMap((clause) => yamlEntryLines('  ', [['clause', clause]]))] : ['entries: []'];
  return { uri, create: true, text: [...head, ...entries, ''].join('\n'), added };
}

// ---- YAML ----------------------------------------------------------------------------------------

function yamlEntriesPair(record: ModelDocument): Pair | undefined {
  const root = record.parsed.yaml?.contents;
  if (!isMap(root)) return undefined;
  return (root as YAMLMap).items.find((pair) => isScalar(pair.key) && fieldName(String((pair.key as Scalar).value)) === 'entries');
}

/** The edits that add the entries to a YAML record (or a Markdown record's front matter); a string says why none can. */
function yamlEdits(workspace: WorkspaceIndex, record: ModelDocument, clauses: string[], date: string | false | undefined): TextEdit[] | string {
  const { parsed } = record;
  const text = parsed.source.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const at = (offset: number, newText: string): TextEdit => ({ range: parsed.lines.range(offset, offset), newText });
  const lineEndAt = (offset: number) => parsed.lines.lineEnd(parsed.lines.positionAt(offset).line);
  const lineIndent = (offset: number) => /^[ \t]*/.exec(parsed.lines.lineText(parsed.lines.positionAt(offset).line))![0];
  const withIds = record.collections.entries?.items.some((entry) => entry.form === 'yaml' && entry.id);
  const ids = entryIds(workspace, record, clauses.length, withIds);
  const fieldsOf = (i: number): [string, string][] => [...(ids ? ([['id', ids[i]]] as [string, string][]) : []), ['clause', clauses[i]]];
  const entryLines = (indent: string) => clauses.flatMap((_, i) => yamlEntryLines(indent, fieldsOf(i))).join(eol);
  const block = (indent: string) => indent + addedComment(date) + eol + entryLines(indent);

  const pair = yamlEntriesPair(record);
  const root = parsed.yaml?.contents;
  if (!pair) {
    if (!isMap(root) || (root as YAMLMap).flow) return 'The tailoring record is not a YAML mapping of keys; add an `entries:` list by hand.';
    const keyIndent = lineIndent(parsed.yamlOffset + (root.range?.[0] ?? 0));
    return [at(record.topLevelInsert.offset, `${eol}${keyIndent}${addedComment(date)}${eol}${keyIndent}entries:${eol}${entryLines(keyIndent + childIndent(record))}`)];
  }
  const key = pair.key as Node;
  const keyStart = parsed.yamlOffset + key.range![0];
  const itemIndent = lineIndent(keyStart) + childIndent(record);
  const value = pair.value as Node | null;
  const start = value?.range ? parsed.yamlOffset + value.range[0] : undefined;
  const end = value?.range ? parsed.yamlOffset + value.range[1] : undefined;

  // `entries:` with nothing after it: the list starts on the next line.
  if (!value || start === end || start === undefined || end === undefined) return [at(lineEndAt(parsed.yamlOffset + key.range![1]), eol + block(itemIndent))];

  const emptyToken = (isSeq(value) && value.flow && value.items.length === 0) || isEmptyScalar(value);
  if (emptyToken) {
    // `entries: []` or `entries: ~`: the token says "none yet"; it gives way to the block list.
    let from = start;
    while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
    return [{ range: parsed.lines.range(from, end), newText: '' }, at(lineEndAt(end - 1), eol + block(itemIndent))];
  }
  if (isSeq(value) && value.flow) {
    const close = end - 1;
    if (text[close] !== ']') return 'The `entries` flow list has an unexpected shape; add the entries by hand.';
    // Right after the last item (or its trailing comma), so a `]` on its own line stays there.
    const before = text.slice(0, close).trimEnd();
    const separator = before.endsWith(',') || before.endsWith('[') ? '' : ',';
    const items = clauses.map((_, i) => `${itemIndent}{${fieldsOf(i).concat(defaults()).map(([k, v]) => `${k}: ${k === 'clause' ? `"${v}"` : v}`).join(', ')}}`);
    return [at(before.length, `${separator}${eol}${itemIndent}${addedComment(date)}${eol}${items.join(`,${eol}`)}`)];
  }
  if (isSeq(value)) {
    const items = value.items as Node[];
    const last = items[items.length - 1];
    const first = items[0];
    const dashIndent = first?.range ? /^([ \t]*)-?/.exec(parsed.lines.lineText(parsed.lines.positionAt(parsed.yamlOffset + first.range[0]).line))![1] : itemIndent;
    const lastEnd = last?.range ? parsed.yamlOffset + last.range[1] : end;
    // Comment lines indented under the last item belong to it: the new entries go after them.
    let line = parsed.lines.positionAt(Math.max(start, lastEnd - 1)).line;
    while (line + 1 < parsed.lines.lineCount && new RegExp(`^${dashIndent}[ \\t]+#`).test(parsed.lines.lineText(line + 1))) line++;
    return [at(parsed.lines.lineEnd(line), eol + block(dashIndent))];
  }
  return '`entries` is not a list; make it a list (`entries:` followed by `- clause: …` items) and generate again.';
}

function defaults(): [string, string][] {
  return Object.entries(ENTRY_DEFAULTS).map(([key, value]) => [key, value || '""']);
}

/** One entry as block YAML lines: `- clause: "5.7.4"` then the fields a person fills in. */
function yamlEntryLines(indent: string, fields: [string, string][]): string[] {
  return [...fields.map(([key, value]): [string, string] => [key, key === 'clause' ? `"${value}"` : value]), ...defaults()].map(
    ([key, value], i) => `${indent}${i === 0 ? '- ' : '  '}${key}: ${value}`,
  );
}

/** How far the record indents a list under its key, taken from its `approvers` list; two spaces otherwise. */
function childIndent(record: ModelDocument): string {
  const approvers = record.collections.approvers;
  const first = approvers?.items.find((item) => item.form === 'yaml');
  // Only a block list shows the record's indentation; `approvers: [{…}]` sits on its key's line.
  if (!approvers?.keyRange || !first || first.range.start.line === approvers.keyRange.start.line) return '  ';
  const keyColumn = approvers.keyRange.start.character;
  const dashColumn = /^[ \t]*/.exec(record.parsed.lines.lineText(first.range.start.line))![0].length;
  return ' '.repeat(Math.max(0, dashColumn - keyColumn));
}

function addedComment(date: string | false | undefined): string {
  return `# Added by Clause Guide${date ? ` on ${date}` : ''}: undecided: decide, justify and have each entry below approved.`;
}

/** Ids for the new entries when the record's entries carry ids (TL-03 → TL-04, …), unused in the workspace. */
function entryIds(workspace: WorkspaceIndex, record: ModelDocument, count: number, wanted: boolean | undefined): string[] | undefined {
  if (!wanted) return undefined;
  const ids = (record.collections.entries?.items ?? []).flatMap((entry) => (entry.id ? [entry.id.text] : []));
  const fresh: string[] = [];
  for (let i = 0; i < count; i++) fresh.push(nextId(workspace, [...ids, ...fresh], 'TL-', 3));
  return fresh;
}

// ---- Markdown ------------------------------------------------------------------------------------

/** Rows appended to the entries table under its own columns; a new "Tailoring entries" section when there is none. */
function markdownEdits(workspace: WorkspaceIndex, record: ModelDocument, clauses: string[], date: string | false | undefined): TextEdit[] | string {
  const { parsed } = record;
  const text = parsed.source.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const ids = entryIds(workspace, record, clauses.length, true)!;
  const span = ids.length > 1 ? `${ids[0]}–${ids[ids.length - 1]}` : ids[0];
  const comment = `<!-- ${span} added by Clause Guide${date ? ` on ${date}` : ''}: undecided: decide, justify and have each approved. -->`;
  const valuesOf = (i: number): Record<string, string> => ({ id: ids[i], clause: clauses[i], ...ENTRY_DEFAULTS });
  const collection = record.collections.entries;
  if (collection?.append) {
    const { line } = parsed.lines.positionAt(collection.append.offset);
    // The header is where the table's fields are named (a suppression comment may stand above a
    // row); the separator's line above when it has no rows. The rows go after the last entry, so
    // the columns are those of the last entry's table: a record with two tables may order them
    // differently, and a value under another column's name would pass a check it should fail.
    const lastId = collection.items[collection.items.length - 1]?.fields.id;
    const headerLine = lastId ? parsed.lines.positionAt(lastId.keyStart).line : line - 1;
    const header = parsed.lines.lineText(headerLine);
    const columns = (tableCells(parsed.lines, headerLine) ?? []).map((cell) => fieldName(cell.text));
    const closing = header.trimEnd().endsWith('|') ? ' |' : '';
    const rows = clauses.map((_, i) => `| ${columns.map((column) => valuesOf(i)[column] ?? '').join(' | ')}${closing}`);
    return [{ range: parsed.lines.range(collection.append.offset, collection.append.offset), newText: eol + [...rows, comment].join(eol) }];
  }
  const columns = ['ID', 'Clause', 'Decision', 'Justification', 'Approved by'];
  const rows = clauses.map((_, i) => `| ${columns.map((column) => valuesOf(i)[fieldName(column)]).join(' | ')} |`);
  const lead = text.endsWith('\n') ? eol : eol + eol;
  const section = ['## Tailoring entries', '', comment, `| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`, ...rows, ''];
  return [{ range: parsed.lines.range(text.length, text.length), newText: lead + section.join(eol) }];
}

// ---- safety net ----------------------------------------------------------------------------------

/** Re-reads the record as it would be: it must still parse and hold an entry for every added clause. */
function checkResult(record: ModelDocument, edits: TextEdit[], added: string[]): string | undefined {
  const source = record.parsed.source;
  const reparsed = parseSourceDocument({ ...source, version: source.version + 1, text: applyTextEdits(source.text, edits) });
  const model = buildModel(reparsed);
  const written = new Set((model?.collections.entries?.items ?? []).map((entry) => normalizeClauseId(fieldText(entry, 'clause'))));
  if (reparsed.syntaxProblems.length || model?.kind !== 'tailoring-record' || added.some((clause) => !written.has(clause))) {
    return `Clause Guide found no safe place to add entries to ${fileName(record.uri)}; add the entries for ${added.join(', ')} by hand.`;
  }
  return undefined;
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
