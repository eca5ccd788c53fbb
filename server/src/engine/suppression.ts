// Suppression comments: `# clause-guide-disable-next-line <rule>[, <rule>] -- <reason>` in YAML,
// `<!-- clause-guide-disable-next-line <rule> -- <reason> -->` in Markdown. The reason is mandatory:
// a suppression without one (or with the quick fix's TODO placeholder) still hides the finding, but
// is itself an error (suppression-without-reason) at the comment, so the gap moves to where the
// missing reason must be written and a release gate still fails until it is.
import type { ParsedDocument } from './document';
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

export function findSuppressions(document: ParsedDocument): Suppression[] {
  const suppressions: Suppression[] = [];
  const { lines } = document;
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    if (!text.includes('clause-guide-disable-next-line')) continue;
    const match = MARKDOWN_FORM.exec(text) ?? YAML_FORM.exec(text);
    if (!match) continue;
    const [rulePart, ...reasonParts] = match[1].split('--');
    const start = match.index!;
    suppressions.push({
      targetLine: line + 1,
      rules: rulePart.split(/[\s,]+/).filter(Boolean),
      reason: reasonParts.join('--').trim(),
      range: { start: { line, character: start }, end: { line, character: start + match[0].length } },
    });
  }
  return suppressions;
}
