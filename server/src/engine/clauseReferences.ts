// Finds references to clauses of IEC 81001-5-1 in a file (SPEC §2):
//   §5.3.1 · IEC 81001-5-1 5.3.1 · 81001-5-1:5.3.1 · 81001-5-1 §5.3.1 · a YAML value under `clause`/`clauses`.
import { isMap, isScalar, isSeq, type Document, type Scalar } from 'yaml';
import { detached, type LineIndex, type OffsetRange } from './text';
import { isNullScalar } from './yamlParse';

export type ClauseReferenceForm = 'section-sign' | 'designation' | 'yaml-key';

export interface ClauseReference {
  /** The clause number as written: "5.3.1", "E.2.1". */
  id: string;
  /** Range of the number alone (what a fix replaces). */
  range: OffsetRange;
  /** Range of the whole reference, prefix included (what hover answers on). */
  fullRange: OffsetRange;
  form: ClauseReferenceForm;
}

/** A clause number: digits with dotted parts, or an annex letter followed by dotted parts. */
export const CLAUSE_NUMBER = String.raw`(?:\d+(?:\.\d+)*|[A-Z](?:\.\d+)+)`;

// The designation of the standard, with an optional edition year: "IEC 81001-5-1", "81001-5-1:2021".
const DESIGNATION = String.raw`(?:IEC\s+)?81001-5-1(?::(?:19|20)\d\d(?!\d))?`;
// What may stand between the designation and the number: ":", " ", " §", " clause ".
const DESIGNATION_SEPARATOR = String.raw`(?::(?!(?:19|20)\d\d\b)|\s*§\s?|,?\s+(?:clause\s+|cl\.\s*)?)`;

const PROSE_REFERENCE = new RegExp(
  String.raw`(?<designation>${DESIGNATION}${DESIGNATION_SEPARATOR})(?<id1>${CLAUSE_NUMBER})(?![\w-])` +
    String.raw`|(?<section>§\s?)(?<id2>${CLAUSE_NUMBER})(?![\w-])`,
  'g',
);

// A section sign right after another standard's number ("IEC 62304 §5.1", "ISO 14971 §7") cites that standard.
const OTHER_STANDARD_BEFORE = /\b(\d{3,5}(?:-\d+)*)(?::(?:19|20)\d\d)?\s*$/;

const CLAUSE_KEYS = new Set(['clause', 'clauses']);

export function findClauseReferences(
  text: string,
  lines: LineIndex,
  yaml: Document.Parsed | null,
  yamlOffset: number,
): ClauseReference[] {
  const references: ClauseReference[] = [];
  const seenStarts = new Set<number>();
  const add = (id: string, idStart: number, fullStart: number, fullEnd: number, form: ClauseReferenceForm) => {
    if (seenStarts.has(idStart)) return;
    seenStarts.add(idStart);
    // Offsets until read: most files cite clauses, and most references are never hovered.
    references.push({ id: detached(id), range: lines.offsetRange(idStart, idStart + id.length), fullRange: lines.offsetRange(fullStart, fullEnd), form });
  };

  for (const match of text.matchAll(PROSE_REFERENCE)) {
    const groups = match.groups!;
    const start = match.index!;
    const end = start + match[0].length;
    if (groups.designation !== undefined) {
      const id = groups.id1;
      // "IEC 81001-5-1 2021" names the edition, not a clause.
      if (/^(?:19|20)\d\d$/.test(id)) continue;
      add(id, end - id.length, start, end, 'designation');
    } else {
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const before = OTHER_STANDARD_BEFORE.exec(text.slice(lineStart, start));
      if (before && before[1] !== '81001-5-1') continue;
      add(groups.id2, end - groups.id2.length, start, end, 'section-sign');
    }
  }

  if (yaml) {
    for (const scalar of clauseKeyValues(yaml)) {
      const [nodeStart, valueEnd] = scalar.range!;
      const sourceText = text.slice(yamlOffset + nodeStart, yamlOffset + valueEnd);
      // Take the number exactly as written: YAML would read an unquoted 7.10 as the float 7.1.
      const inner = /^(["']?)\s*(.*?)\s*\1$/s.exec(sourceText);
      // A section sign inside the value ("clause: §5.7.4") is already found as prose; skip past it.
      const written = (inner ? inner[2] : sourceText).replace(/^§\s?/, '');
      if (!written) continue;
      const idStart = yamlOffset + nodeStart + sourceText.lastIndexOf(written);
      add(written, idStart, idStart, idStart + written.length, 'yaml-key');
    }
  }

  return references.sort((a, b) => a.range.startOffset - b.range.startOffset);
}

/** Every scalar written as the value of a `clause:` key or as an item of a `clauses:` list. */
function clauseKeyValues(yaml: Document.Parsed): Scalar[] {
  const values: Scalar[] = [];
  // An explicit stack instead of the library's visitor: this runs over every file of a
  // workspace, and the nesting is already bounded (yamlParse.ts). Aliases are not followed.
  const pending: unknown[] = [yaml.contents];
  while (pending.length) {
    const node = pending.pop();
    if (isSeq(node)) {
      for (const item of node.items) pending.push(item);
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) pending.push(pair.key);
        const value = pair.value;
        if (isScalar(pair.key) && CLAUSE_KEYS.has(String(pair.key.value))) {
          if (isScalar(value) && value.range && !isNullScalar(value)) values.push(value);
          else if (isSeq(value)) {
            for (const item of value.items) if (isScalar(item) && item.range && !isNullScalar(item)) values.push(item);
          }
        }
        pending.push(value);
      }
    }
  }
  return values;
}
