// Suppression comments: `# clause-guide-disable-next-line <rule>[, <rule>] -- <reason>` in YAML,
// `<!-- clause-guide-disable-next-line <rule> -- <reason> -->` in Markdown. The reason is mandatory:
// a suppression without one (or with the quick fix's TODO placeholder) still hides the finding, but
// is itself an error (suppression-without-reason) at the comment, so the gap moves to where the
// missing reason must be written and a release gate still fails until it is.
import { detached, type LineIndex } from './text';
import type { Range } from './types';

export interface Suppression {
  /** The line whose findings it silences. */
  targetLine: number;
  rules: string[];
  reason: string;
  range: Range;
}

const YAML_FORM = /#\s*clause-guide-disable-next-line\b(.*)$/;
const MARKDOWN_FORM = /<!--\s*clause-guide-disable-next-line\b(.*?)-->/;

/** Every suppression comment holds this; a text without it has none. */
export const SUPPRESSION_MARKER = 'clause-guide-disable-next-line';

const MARKDOWN_LINE = /^\s*<!--\s*clause-guide-disable-next-line\b.*?-->\s*$/;

/** Whether a line is a Markdown suppression comment and nothing else (it may stand between two table rows). */
export function isMarkdownSuppressionLine(text: string): boolean {
  return text.includes(SUPPRESSION_MARKER) && MARKDOWN_LINE.test(text);
}

/** The suppression comments of a text (documents find theirs once, when parsed: `ParsedDocument.suppressions`). */
export function findSuppressions(lines: LineIndex): Suppression[] {
  const suppressions: Suppression[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    if (!text.includes(SUPPRESSION_MARKER)) continue;
    const match = MARKDOWN_FORM.exec(text) ?? YAML_FORM.exec(text);
    if (!match) continue;
    const [rulePart, ...reasonParts] = match[1].split('--');
    const start = match.index!;
    suppressions.push({
      targetLine: line + 1,
      // Kept with the document: copies, not slices of its text (see `detached`).
      rules: rulePart.split(/[\s,]+/).filter(Boolean).map(detached),
      reason: detached(reasonParts.join('--').trim()),
      range: { start: { line, character: start }, end: { line, character: start + match[0].length } },
    });
  }
  return suppressions;
}
