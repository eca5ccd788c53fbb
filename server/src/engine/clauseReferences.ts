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
    // Greedy, with what follows the number kept: "§4.2.3a" and "§820.30(g)" are then seen whole, not read as §4.2 and §820.30.
    String.raw`|(?<section>§\s?)(?<id2>${CLAUSE_NUMBER})(?<suffix>[\w-]*(?:\([A-Za-z0-9]{1,4}\))?)`,
  'g',
);

/*
 * Whose clause a bare "§5.1" is: the designator nearest before it in the same phrase decides.
 * A phrase ends at a line break, a table cell's pipe, or ".", ";", "!" or "?" before a space.
 * Ours: "IEC 81001-5-1" / "81001-5-1". Another's: a standards body with a number ("IEC 62304",
 * "ISO/IEC 27001", "NIST SP 800-63B", "EN 62443-4-1"), a regulation ("21 CFR", "EU MDR", "IVDR",
 * "GDPR", "HIPAA", "Annex I", "Article 10"), or a number right before the sign ("14971 §7").
 * No designator: ours. So "IEC 62304 §5.1 and §5.1.12" cites 62304 twice.
 */
const DESIGNATOR = new RegExp(
  String.raw`(?<ours>\b(?:IEC\s+)?81001-5-1\b)` +
    String.raw`|\b(?:ISO|IEC|EN|IEEE|ANSI|AAMI|UL|BS|DIN|NIST|ETSI|CEN|CENELEC)(?:\/(?:IEC|IEEE|TR|TS|PAS))?(?:\s+(?:SP|TR|TS|TIR|PAS))?\s*\d[\w.-]*` +
    String.raw`|\b(?:CFR|U\.S\.C|MDR|IVDR|GDPR|HIPAA)\b|\bAnnex\s+[IVX]+\b|\b(?:Article|Art\.)\s*\d+`,
  'g',
);
// A section sign right after another standard's number ("ISO 14971 §7", "14971 §7") cites that standard.
const NUMBER_BEFORE = /\b(\d{3,5}(?:-\d+)*[A-Za-z]?)(?::(?:19|20)\d\d)?[ \t]*$/;

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

  // Whose clauses the current phrase cites (see DESIGNATOR), read once from left to right: the text
  // between two references is scanned once, so the cost stays linear in a long line of references.
  let owner: 'ours' | 'other' | undefined;
  let scanned = 0;
  for (const match of text.matchAll(PROSE_REFERENCE)) {
    const groups = match.groups!;
    const start = match.index!;
    const end = start + match[0].length;
    owner = ownerBefore(text, scanned, start, owner);
    scanned = end;
    if (groups.designation !== undefined) {
      owner = 'ours';
      const id = groups.id1;
      // "IEC 81001-5-1 2021" names the edition, not a clause.
      if (/^(?:19|20)\d\d$/.test(id)) continue;
      add(id, end - id.length, start, end, 'designation');
    } else {
      // A letter or a paragraph after the number ("§4.2.3a", "§820.30(g)"): no clause of ours is written so.
      if (groups.suffix || owner === 'other') continue;
      const before = NUMBER_BEFORE.exec(text.slice(Math.max(start - 40, 0), start));
      if (before && before[1] !== '81001-5-1') continue;
      add(groups.id2, start + groups.section.length, start, start + groups.section.length + groups.id2.length, 'section-sign');
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

/** Whose clauses the phrase cites at `to`, given what it cited at `from` (see DESIGNATOR). */
function ownerBefore(text: string, from: number, to: number, owner: 'ours' | 'other' | undefined): 'ours' | 'other' | undefined {
  if (to <= from) return owner;
  // Back to the end of the previous phrase, if it ended after `from`.
  let phraseStart = from;
  for (let i = to - 1; i >= from; i--) {
    const ch = text.charCodeAt(i);
    const sentenceEnd = (ch === 46 /* . */ || ch === 59 /* ; */ || ch === 33 /* ! */ || ch === 63) /* ? */ && /\s/.test(text[i + 1] ?? '');
    if (ch === 10 /* \n */ || ch === 124 /* | */ || sentenceEnd) {
      phraseStart = i + 1;
      owner = undefined;
      break;
    }
  }
  const phrase = text.slice(phraseStart, to);
  DESIGNATOR.lastIndex = 0;
  for (let designator = DESIGNATOR.exec(phrase); designator; designator = DESIGNATOR.exec(phrase)) {
    owner = designator.groups!.ours !== undefined ? 'ours' : 'other';
  }
  return owner;
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
