// Which test results verify a requirement: a requirement's `verification` ids resolve to test
// cases whose name or classname contains the id (as a whole: `SR-1` is not in `SR-10` or `SR-1.2`,
// and a hyphen ends it, so `SR-1-lockout` names SR-1), or whose
// `verifies` property names it. Ids compare without regard to case. The lookup is indexed once
// per set of result files, so the rules that ask for every requirement on each keystroke cost a
// few map lookups, not a scan of every test name.
import type { TestCaseResult, TestOutcome } from './junit';

/** One result file's cases, with where the file is. */
export interface TestResultFile {
  readonly uri: string;
  readonly cases: readonly TestCaseResult[];
}

export interface TestMatch {
  readonly uri: string;
  readonly testCase: TestCaseResult;
  /** How the case names the id. */
  readonly by: 'name' | 'classname' | 'verifies';
}

/** What the results say of one verification id. */
export type Verdict = 'passed' | 'failed' | 'no-result';

export interface VerificationResult {
  readonly id: string;
  readonly verdict: Verdict;
  /** Every case that names the id, failed ones first. */
  readonly matches: readonly TestMatch[];
}

/** Word characters of an id; everything else separates the parts of a name. */
const WORD = /[A-Za-z0-9_]/;

export class TestResultIndex {
  /** Occurrences in names and classnames, keyed by one part or two parts with their separator, upper-cased. */
  private readonly byKey = new Map<string, Occurrence[]>();
  private readonly byVerifies = new Map<string, TestMatch[]>();
  private readonly memo = new Map<string, VerificationResult>();

  constructor(readonly files: readonly TestResultFile[]) {
    for (const file of files) {
      for (const testCase of file.cases) {
        this.indexText(file.uri, testCase, 'name', testCase.name);
        if (testCase.classname !== testCase.name) this.indexText(file.uri, testCase, 'classname', testCase.classname);
        for (const id of new Set(testCase.verifies.map((value) => value.toUpperCase()))) push(this.byVerifies, id, { uri: file.uri, testCase, by: 'verifies' });
      }
    }
  }

  /** Whether any result file was found at all. */
  get isEmpty(): boolean {
    return this.files.length === 0;
  }

  /** The cases that name an id, and what they say of it together. */
  resultFor(id: string): VerificationResult {
    const key = id.trim().toUpperCase();
    let result = this.memo.get(key);
    if (!result) {
      const matches = this.matches(key);
      result = { id, verdict: verdictOf(matches), matches: sortMatches(matches) };
      this.memo.set(key, result);
    }
    return result;
  }

  private matches(id: string): TestMatch[] {
    const found = new Map<TestCaseResult, TestMatch>();
    for (const match of this.byVerifies.get(id) ?? []) found.set(match.testCase, match);
    const parts = splitParts(id);
    if (!parts.length) return [...found.values()];
    const key = parts.length === 1 ? parts[0].text : id.slice(parts[0].start, parts[1].end);
    for (const occurrence of this.byKey.get(key) ?? []) {
      if (found.has(occurrence.testCase)) continue;
      const text = (occurrence.by === 'name' ? occurrence.testCase.name : occurrence.testCase.classname).toUpperCase();
      // The id must be the whole of the text from this part on: what follows it is no word character.
      const at = occurrence.at - parts[0].start;
      if (at < 0 || !text.startsWith(id, at) || continuesId(text, at + id.length) || WORD.test(text[at - 1] ?? '')) continue;
      found.set(occurrence.testCase, { uri: occurrence.uri, testCase: occurrence.testCase, by: occurrence.by });
    }
    return [...found.values()];
  }

  private indexText(uri: string, testCase: TestCaseResult, by: 'name' | 'classname', text: string): void {
    if (!text) return;
    const upper = text.toUpperCase();
    const parts = splitParts(upper);
    for (let i = 0; i < parts.length; i++) {
      const occurrence = { uri, testCase, by, at: parts[i].start };
      push(this.byKey, parts[i].text, occurrence);
      if (i + 1 < parts.length) push(this.byKey, upper.slice(parts[i].start, parts[i + 1].end), occurrence);
    }
  }
}

/** Whether the id goes on at `at`: a word character, or a dot before a digit (`SR-1.2` is not `SR-1`; `SR-1.` ends a sentence). */
function continuesId(text: string, at: number): boolean {
  return WORD.test(text[at] ?? '') || (text[at] === '.' && /[0-9]/.test(text[at + 1] ?? ''));
}

interface Occurrence {
  readonly uri: string;
  readonly testCase: TestCaseResult;
  readonly by: 'name' | 'classname';
  /** Offset of the part in the upper-cased text. */
  readonly at: number;
}

interface Part {
  text: string;
  start: number;
  end: number;
}

/** The runs of word characters of a text. */
function splitParts(text: string): Part[] {
  const parts: Part[] = [];
  const pattern = /[A-Za-z0-9_]+/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) parts.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  return parts;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Failed when any case that names the id failed or errored; passed when at least one passed and
 * none failed; no result when none ran (none found, or all skipped: a skipped test verifies nothing).
 */
function verdictOf(matches: readonly TestMatch[]): Verdict {
  if (matches.some((match) => isFailure(match.testCase.outcome))) return 'failed';
  if (matches.some((match) => match.testCase.outcome === 'passed')) return 'passed';
  return 'no-result';
}

export function isFailure(outcome: TestOutcome): boolean {
  return outcome === 'failed' || outcome === 'errored';
}

const ORDER: Record<TestOutcome, number> = { failed: 0, errored: 1, passed: 2, skipped: 3 };

function sortMatches(matches: TestMatch[]): TestMatch[] {
  return matches.sort((a, b) => ORDER[a.testCase.outcome] - ORDER[b.testCase.outcome] || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.testCase.start - b.testCase.start));
}
