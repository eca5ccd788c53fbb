// The Markdown half of the model: a table whose first header cell is `ID` holds items, one per
// row, each cell a field named by its header; the collection comes from the document's kind, the
// columns, or the nearest heading. A requirement without a phase takes it from the nearest phase
// heading. Rows, cells and separators are read by markdownTable.ts.
import type { ModelBuilder } from './modelBuilder';
import { LIST_TYPES } from './modelBuilder';
import { HeadingPhaseField, ListField, referenceTarget, ScalarField, setField, SourceItem, type FieldValue, type ReferenceTarget, type ScalarValue } from './modelValues';
import { isBetweenRows, isSeparatorRow, tableCells, type TableCell } from './markdownTable';
import { fieldName, ITEM_FIELDS, KIND_SHAPES, REQUIREMENT_PHASES, specOf, type CollectionName } from './schema';
import type { OffsetRange } from './text';

/** Reads the item tables of a Markdown document's body into the model. */
export function readMarkdownModel(builder: ModelBuilder): void {
  new MarkdownReader(builder).readTables();
}

interface Heading {
  level: number;
  text: string;
  range: OffsetRange;
}

class MarkdownReader {
  constructor(private readonly builder: ModelBuilder) {}

  readTables() {
    const { lines, parsed } = this.builder;
    const headings: Heading[] = [];
    let inFence = false;
    const firstBodyLine = parsed.yamlRange ? lines.positionAt(parsed.yamlOffset + parsed.yamlRange[2]).line + 1 : 0;
    for (let line = firstBodyLine; line < lines.lineCount; line++) {
      const text = lines.lineText(line);
      if (/^\s*(```|~~~)/.test(text)) inFence = !inFence;
      if (inFence) continue;
      const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(text);
      if (heading) {
        while (headings.length && headings[headings.length - 1].level >= heading[1].length) headings.pop();
        const start = lines.offsetAt({ line, character: text.indexOf(heading[2]) });
        headings.push({ level: heading[1].length, text: heading[2], range: lines.offsetRange(start, start + heading[2].length) });
        continue;
      }
      const header = tableCells(lines, line);
      if (!header?.length || fieldName(header[0].text) !== 'id' || !(line + 1 < lines.lineCount && isSeparatorRow(lines.lineText(line + 1)))) continue;
      const names = header.map((cell) => this.builder.key(cell.text));
      const collection = this.tableCollection(names, headings.map((h) => h.text));
      if (!collection) continue;
      const phaseHeading = [...headings].reverse().find((h) => (REQUIREMENT_PHASES as readonly string[]).includes(h.text.trim().toLowerCase()));
      // The table ends after its last row (a comment after it belongs to what follows).
      let lastRow = line + 1;
      for (let row = line + 2; row < lines.lineCount; row++) {
        const cells = tableCells(lines, row);
        if (cells) {
          this.readRow(collection, names, header, cells, row, phaseHeading);
          lastRow = row;
        } else if (!isBetweenRows(lines.lineText(row))) {
          break;
        }
      }
      this.builder.collection(collection).append = { offset: lines.lineEnd(lastRow), indent: '' };
      line = lastRow;
    }
  }

  /** Which collection a table holds: the kind's only one; else the one its columns fit best; on a tie, the nearest heading. */
  private tableCollection(columns: string[], headingTexts: string[]): CollectionName | undefined {
    const kind = this.builder.model.kind;
    if (kind === 'lifecycle-plan') return 'plan-activities';
    const candidates = KIND_SHAPES[kind].collections;
    if (candidates.length === 1) return candidates[0];
    const score = (name: CollectionName) => columns.filter((column) => column !== 'id' && column in ITEM_FIELDS[name]).length;
    const best = Math.max(...candidates.map(score));
    const fitting = candidates.filter((name) => score(name) === best);
    if (fitting.length === 1 && best > 0) return fitting[0];
    for (const heading of [...headingTexts].reverse()) {
      const words = fieldName(heading);
      const named = fitting.find((name) => words.includes(name === 'boundaries' ? 'boundar' : name.replace(/s$/, '')));
      if (named) return named;
    }
    return fitting[0];
  }

  private readRow(
    collection: CollectionName,
    names: string[],
    header: TableCell[],
    cells: TableCell[],
    line: number,
    phaseHeading: { text: string; range: OffsetRange } | undefined,
  ) {
    const builder = this.builder;
    const lines = builder.lines;
    const item = new SourceItem(builder.uri, collection, 'markdown', undefined, lines, lines.offsetAt({ line, character: 0 }), lines.lineEnd(line));
    const specs = ITEM_FIELDS[collection];
    names.forEach((name, column) => {
      const cell = cells[column];
      if (!cell) return;
      const spec = specOf(specs, name);
      const isList = spec && LIST_TYPES.has(spec.type);
      const keyCell = header[column].range;
      let field: FieldValue;
      if (isList) {
        field = new ListField(name, keyCell.startOffset, keyCell.endOffset, lines, cell.range.startOffset, cell.range.endOffset, this.splitCell(cell, referenceTarget(spec, name)));
      } else {
        field = new ScalarField(name, keyCell.startOffset, keyCell.endOffset, builder.value(cell.text), lines, cell.range.startOffset, cell.range.endOffset);
      }
      if (name === 'id' && cell.text) item.id = field.scalar;
      setField(item.fields, name, field);
    });
    if (collection === 'requirements' && !item.fields.phase?.scalar?.text && phaseHeading) {
      const phase = phaseHeading.text.trim().toLowerCase();
      const { startOffset, endOffset } = phaseHeading.range;
      item.fields.phase = new HeadingPhaseField('phase', startOffset, endOffset, builder.value(phase), lines, startOffset, endOffset);
    }
    const anchor = item.id?.range ?? cells[0]?.range;
    if (anchor) item.anchor = anchor;
    builder.addItem(builder.collection(collection), item);
  }

  /** The values of a list cell: comma-separated. */
  private splitCell(cell: TableCell, reference?: ReferenceTarget): ScalarValue[] {
    const values: ScalarValue[] = [];
    const cellStart = cell.range.startOffset;
    for (const match of cell.text.matchAll(/[^,]+/g)) {
      const value = match[0].trim();
      if (!value) continue;
      const start = cellStart + match.index! + match[0].indexOf(value);
      values.push(this.builder.scalar(value, start, start + value.length, reference));
    }
    return values;
  }
}
