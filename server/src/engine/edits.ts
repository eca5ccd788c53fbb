// Building blocks for quick fixes: add a field to an item, append an item to a collection,
// suppress a finding. Each returns text edits that touch nothing but the inserted text, so what a
// person wrote (comments, order, wording) stays as it was.
import type { Collection, ModelDocument, ModelItem } from './model';
import { collectionKey, type CollectionName } from './schema';
import type { Range, TextEdit } from './types';

/** Inserts `key: value` as the item's last field. Markdown: fills the cell when the column exists and is empty. */
export function addFieldEdit(document: ModelDocument, item: ModelItem, key: string, valueText: string): TextEdit | undefined {
  if (item.form === 'markdown') {
    const field = item.fields[key];
    const empty = field && !(field.scalar?.text || field.list?.length);
    if (!empty) return undefined;
    // Keep a space between the value and the pipes of a tight cell (`| |`, `||`).
    const row = document.parsed.lines.lineText(field.range.start.line);
    const before = row[field.range.start.character - 1] === '|' ? ' ' : '';
    const after = row[field.range.end.character] === '|' ? ' ' : '';
    return { range: field.range, newText: before + valueText.replace(/^\[|\]$/g, '').replace(/^"|"$/g, '') + after };
  }
  if (!item.fieldInsert) return undefined;
  const existing = item.fields[key];
  if (existing) return { range: existing.range, newText: valueText };
  return insertAt(document, item.fieldInsert.offset, `\n${item.fieldInsert.indent}${key}: ${valueText}`);
}

/** Sets a field's value: replaces what is there, writes after a bare `key:`, or adds the field. */
export function setFieldEdit(document: ModelDocument, item: ModelItem, key: string, valueText: string): TextEdit | undefined {
  const existing = item.fields[key];
  if (!existing || item.form === 'markdown' || existing.fromHeading) return addFieldEdit(document, item, key, valueText);
  const emptyRange = existing.range.start.line === existing.range.end.line && existing.range.start.character === existing.range.end.character;
  if ((existing.range.startOffset === existing.keyStart && existing.range.endOffset === existing.keyEnd) || (emptyRange && !existing.scalar?.text)) {
    // `key:` with no value: write after the colon that follows the key.
    const colon = document.parsed.source.text.indexOf(':', document.parsed.lines.offsetAt(existing.keyRange.end));
    return insertAt(document, colon + 1, ` ${valueText}`);
  }
  return { range: existing.range, newText: valueText };
}

/**
 * Appends an item to a collection. `fields` are written in order as YAML (`- k: v`) or as a
 * Markdown table row under the collection's columns.
 */
export function appendItemEdit(document: ModelDocument, collection: CollectionName, fields: [string, string][]): TextEdit | undefined {
  const target: Collection | undefined = document.collections[collection];
  if (document.parsed.format === 'markdown') return appendMarkdownRow(document, target, fields);
  if (target?.append) {
    const { offset, indent } = target.append;
    const lines = fields.map(([key, value], i) => `${indent}${i === 0 ? '- ' : '  '}${key}: ${value}`);
    return insertAt(document, offset, `\n${lines.join('\n')}`);
  }
  if (target) return undefined; // e.g. a flow list `[]`: no safe place for a block item
  const lines = fields.map(([key, value], i) => `  ${i === 0 ? '- ' : '  '}${key}: ${value}`);
  return insertAt(document, document.topLevelInsert.offset, `\n${collectionKey(collection)}:\n${lines.join('\n')}`);
}

function appendMarkdownRow(document: ModelDocument, target: Collection | undefined, fields: [string, string][]): TextEdit | undefined {
  const values = new Map(fields.map(([key, value]) => [key, value.replace(/^\[|\]$/g, '').replace(/^"|"$/g, '')]));
  const sample = target?.items[target.items.length - 1];
  if (target?.append && sample) {
    const columns = Object.keys(sample.fields).filter((key) => !sample.fields[key].fromHeading);
    return insertAt(document, target.append.offset, `\n| ${columns.map((column) => values.get(column) ?? '').join(' | ')} |`);
  }
  return undefined;
}

/** Inserts a whole Markdown section (heading + table) at the end of the document. */
export function appendMarkdownSection(document: ModelDocument, heading: string, columns: string[], row: string[]): TextEdit {
  const text = document.parsed.source.text;
  const separator = text.endsWith('\n') ? '\n' : '\n\n';
  const header = `| ${columns.join(' | ')} |`;
  const rule = `|${columns.map(() => '----').join('|')}|`;
  return insertAt(document, text.length, `${separator}${heading}\n${header}\n${rule}\n| ${row.join(' | ')} |\n`);
}

const REASON_PLACEHOLDER = 'TODO: say why this is acceptable';

/**
 * A suppression comment above the finding's line. On a Markdown table row too: the model reads a
 * table on across suppression comments between its rows (markdownTable.ts).
 */
export function suppressEdit(document: ModelDocument | { parsed: ModelDocument['parsed'] }, rule: string, range: Range): TextEdit | undefined {
  const { parsed } = document;
  const line = range.start.line;
  const lineText = parsed.lines.lineText(line);
  const indent = /^\s*/.exec(lineText)![0];
  const inFrontMatter = parsed.format === 'markdown' && parsed.yamlRange && parsed.lines.offsetAt({ line, character: 0 }) < parsed.yamlOffset + parsed.yamlRange[2];
  let comment: string;
  if (parsed.format === 'yaml' || inFrontMatter) comment = `${indent}# clause-guide-disable-next-line ${rule} -- ${REASON_PLACEHOLDER}`;
  else comment = `<!-- clause-guide-disable-next-line ${rule} -- ${REASON_PLACEHOLDER} -->`;
  const position = { line, character: 0 };
  return { range: { start: position, end: position }, newText: `${comment}\n` };
}

/** A reason that is only the placeholder the quick fix wrote counts as no reason. */
export function isMissingReason(reason: string): boolean {
  return !reason.trim() || /^TODO\b/i.test(reason.trim());
}

/** An insertion of `newText` at an offset of the document. */
export function insertAt(document: { parsed: ModelDocument['parsed'] }, offset: number, newText: string): TextEdit {
  const position = document.parsed.lines.positionAt(offset);
  return { range: { start: position, end: position }, newText };
}
