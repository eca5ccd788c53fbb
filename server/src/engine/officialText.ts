// The official clause text, for users who own the standard and point `clauseGuide.clauseTextFile`
// at their own copy. We never ship it. Accepted forms:
//   YAML or JSON mapping  { "5.3.1": "text…" }  or  { clauses: [{ id: "5.3.1", text: "…" }] }
//   Markdown with one heading per clause: "## 5.3.1 Defense-in-depth design" followed by its text.
import { toPlainData } from './yamlParse';
import { CLAUSE_NUMBER } from './clauseReferences';

export type OfficialText = ReadonlyMap<string, string>;

const HEADING = new RegExp(String.raw`^#{1,6}\s+(?:§\s?)?(${CLAUSE_NUMBER})\b.*$`, 'gm');

export function parseOfficialText(text: string, fileName: string): OfficialText {
  if (/\.(md|markdown|txt)$/i.test(fileName)) return parseMarkdownOfficialText(text);
  const data = toPlainData(text);
  const result = new Map<string, string>();
  if (data && typeof data === 'object' && Array.isArray((data as { clauses?: unknown }).clauses)) {
    for (const entry of (data as { clauses: unknown[] }).clauses) {
      if (entry && typeof entry === 'object' && 'id' in entry && 'text' in entry) {
        result.set(String((entry as { id: unknown }).id), String((entry as { text: unknown }).text).trim());
      }
    }
  } else if (data && typeof data === 'object') {
    for (const [id, value] of Object.entries(data as Record<string, unknown>)) {
      if (typeof value === 'string') result.set(id, value.trim());
    }
  }
  return result;
}

function parseMarkdownOfficialText(text: string): OfficialText {
  const result = new Map<string, string>();
  const headings = [...text.matchAll(HEADING)];
  headings.forEach((heading, i) => {
    const bodyStart = heading.index! + heading[0].length;
    const bodyEnd = i + 1 < headings.length ? headings[i + 1].index! : text.length;
    const body = text.slice(bodyStart, bodyEnd).trim();
    if (body) result.set(heading[1], body);
  });
  return result;
}
