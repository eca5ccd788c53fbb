// What a person reads when a file does not parse: each problem once, in plain words, and an
// unresolved merge conflict named as such instead of the dozen parser errors its markers cause.
import type { YAMLError } from 'yaml';
import type { LineIndex } from './text';
import type { Range } from './types';

export interface SyntaxProblem {
  range: Range;
  message: string;
}

interface ConflictBlock {
  /** First and last line of the block (the `<<<<<<<` and `>>>>>>>` lines, or the last line when unclosed). */
  startLine: number;
  endLine: number;
}

const CONFLICT_START = /^<{7}(?:[ \t].*)?$/;
const CONFLICT_END = /^>{7}(?:[ \t].*)?$/;

/** The unresolved merge conflicts of a text: each `<<<<<<<` line up to its `>>>>>>>` line. */
export function findMergeConflicts(lines: LineIndex): ConflictBlock[] {
  const blocks: ConflictBlock[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    if (!CONFLICT_START.test(lines.lineText(line))) continue;
    let end = line + 1;
    while (end < lines.lineCount && !CONFLICT_END.test(lines.lineText(end))) end++;
    blocks.push({ startLine: line, endLine: Math.min(end, lines.lineCount - 1) });
    line = end;
  }
  return blocks;
}

export function mergeConflictProblems(lines: LineIndex, blocks: ConflictBlock[]): SyntaxProblem[] {
  return blocks.map(({ startLine, endLine }) => {
    const start = { line: startLine, character: 0 };
    return {
      range: { start, end: { line: startLine, character: lines.lineText(startLine).length } },
      message:
        `Unresolved merge conflict (lines ${startLine + 1}–${endLine + 1}): keep the side you mean (or combine them) ` +
        `and delete the <<<<<<<, ======= and >>>>>>> lines.`,
    };
  });
}

/**
 * The YAML library's errors as findings: one per line (a broken line makes the parser stumble
 * several times over it), in words that say what to do, none inside a merge conflict (the
 * conflict is the problem there). `offset` is where the YAML text starts in the file.
 */
export function yamlProblems(errors: readonly YAMLError[], lines: LineIndex, offset: number, conflicts: ConflictBlock[]): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const seenLines = new Set<number>();
  for (const error of errors) {
    const [start, end] = error.pos;
    const range = lines.range(offset + start, offset + Math.max(end, start + 1));
    const line = range.start.line;
    if (seenLines.has(line) || conflicts.some((block) => line >= block.startLine && line <= block.endLine)) continue;
    seenLines.add(line);
    problems.push({ range, message: plainWords(error) });
  }
  return problems;
}

function plainWords(error: YAMLError): string {
  const said = error.message.split('\n')[0].replace(/\s*at line \d+, column \d+:?$/, '');
  switch (error.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'A plain value holds ": ", which YAML reads as the start of another key. Quote the value ("…").';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'This line is not a `key: value` or a `- item` where YAML expects one: check its colon and its indentation, or quote a value that runs over several lines.';
    case 'MISSING_CHAR':
      return /quote/.test(said) ? 'A quoted value is never closed: add its closing quote.' : `Something is missing here (${said}).`;
    case 'BAD_INDENT':
      return `The indentation is off: the items of one mapping or list start at the same column, and a \`[…]\` list ends with \`]\` (${said}).`;
    case 'TAB_AS_INDENT':
      return 'A tab indents this line: YAML indents with spaces only.';
    case 'DUPLICATE_KEY':
      return 'This key appears twice in one mapping: remove or rename one of them.';
    case 'BAD_SCALAR_START':
      return `A plain value cannot start with this character: quote the value ("…") (${said}).`;
    case 'MULTIPLE_DOCS':
      return 'A second YAML document starts here (`---`): a security file is one document.';
    case 'UNEXPECTED_TOKEN':
      if (/block-seq-ind on same line with key/.test(said)) return 'A "-" right after a key starts a list, whose items go on the next lines; for a dash as the value, quote it ("-").';
      return `YAML did not expect this here (${said}).`;
    default:
      return `${said}.`;
  }
}
