// The test results of a project as one lookup (see testResults.ts), made once per list of
// `test-cases` items: the index keeps that list while no result file changes, so the rules and
// hover that ask about every requirement on each keystroke reuse it.
import { memoized } from '../cache';
import { codeSpan, plainText } from '../markdown';
import { fieldList, fieldText, type ModelItem, type ScalarValue } from '../model';
import type { TestCaseResult, TestOutcome } from './junit';
import { isFailure, TestResultIndex, type TestMatch, type TestResultFile, type Verdict, type VerificationResult } from './testResults';

const OUTCOMES = new Set<TestOutcome>(['passed', 'failed', 'errored', 'skipped']);

/** The lookup over a project's `test-cases` items. */
export const testResultsOf = memoized((items: ModelItem[]): TestResultIndex => {
  const byUri = new Map<string, TestCaseResult[]>();
  for (const item of items) {
    const outcome = fieldText(item, 'outcome') as TestOutcome;
    if (!OUTCOMES.has(outcome)) continue;
    const time = Number(fieldText(item, 'time'));
    const testCase: TestCaseResult & { item: ModelItem } = {
      item,
      name: fieldText(item, 'name'),
      classname: fieldText(item, 'classname'),
      suites: fieldText(item, 'suite') ? [fieldText(item, 'suite')] : [],
      file: fieldText(item, 'file') || undefined,
      time: fieldText(item, 'time') && Number.isFinite(time) ? time : undefined,
      timestamp: fieldText(item, 'timestamp') || undefined,
      outcome,
      message: fieldText(item, 'message') || undefined,
      verifies: fieldList(item, 'verifies').map((value) => value.text),
      start: item.range.startOffset,
      end: item.range.endOffset,
    };
    const list = byUri.get(item.uri);
    if (list) list.push(testCase);
    else byUri.set(item.uri, [testCase]);
  }
  const files: TestResultFile[] = [...byUri].map(([uri, cases]) => ({ uri, cases }));
  return new TestResultIndex(files);
});

/** The item a test case was made from (the lookup's cases are made from items). */
export function itemOf(testCase: TestCaseResult): ModelItem | undefined {
  return (testCase as { item?: ModelItem }).item;
}

/** One line for a test result: outcome, name, where and when. */
export function describeTestCase(testCase: TestCaseResult): string {
  const when = testCase.timestamp ? `, run ${testCase.timestamp}` : '';
  const time = testCase.time !== undefined ? ` in ${testCase.time} s` : '';
  return `${testCase.outcome} ${testCase.classname ? `${testCase.classname} › ` : ''}${testCase.name}${time}${when}`;
}

export interface RequirementVerification {
  /** Over every test that names one of its verification ids or its own id. */
  verdict: Verdict;
  matches: TestMatch[];
  /** Per verification id, as written. */
  byId: { value: ScalarValue; result: VerificationResult }[];
  /** The tests that name the requirement's own id (`SR-002` in a test name or a verifies property). */
  own: VerificationResult | undefined;
}

/**
 * What the test results say of a requirement: the tests that name any of its verification ids,
 * and those that name the requirement itself. Failed if any of them failed; passed if one passed.
 */
export function requirementVerification(requirement: ModelItem, results: TestResultIndex): RequirementVerification {
  const byId = fieldList(requirement, 'verification')
    .filter((value) => value.text.trim())
    .map((value) => ({ value, result: results.resultFor(value.text) }));
  const own = requirement.id?.text ? results.resultFor(requirement.id.text) : undefined;
  const seen = new Set<TestCaseResult>();
  const matches: TestMatch[] = [];
  for (const result of [...byId.map((entry) => entry.result), ...(own ? [own] : [])]) {
    for (const match of result.matches) if (!seen.has(match.testCase) && seen.add(match.testCase)) matches.push(match);
  }
  const verdict: Verdict = matches.some((match) => isFailure(match.testCase.outcome)) ? 'failed' : matches.some((match) => match.testCase.outcome === 'passed') ? 'passed' : 'no-result';
  return { verdict, matches, byId, own };
}

const VERDICT_WORDS: Record<Verdict, string> = { passed: 'pass', failed: 'fail', 'no-result': 'no result' };

/** pass / fail / no result, for the traceability matrix and view. */
export function verdictWord(verdict: Verdict): string {
  return VERDICT_WORDS[verdict];
}

/** Markdown for hover on a verification id: what the test results say of it, with the file and time of each result. */
export function verificationHover(id: string, results: TestResultIndex, relativePath: (uri: string) => string = (uri) => uri): string {
  const result = results.resultFor(id);
  const lines = [`**${plainText(id)}**: ${result.verdict === 'passed' ? '✅ passed' : result.verdict === 'failed' ? '❌ failed' : '⚠️ no test result'}`];
  if (!result.matches.length) {
    lines.push(results.isEmpty ? 'No test results (JUnit XML) in this project.' : 'No test result names it (in a test name, class name or `verifies` property).');
  }
  for (const match of result.matches.slice(0, 10)) {
    const { testCase } = match;
    const when = [testCase.timestamp && `run ${plainText(testCase.timestamp)}`, testCase.time !== undefined && `${testCase.time} s`].filter(Boolean).join(', ');
    const where = `${plainText(relativePath(match.uri))}${testCase.file ? ` (test file ${plainText(testCase.file)})` : ''}`;
    lines.push(`- ${testCase.outcome}: ${codeSpan(`${testCase.classname ? `${testCase.classname} › ` : ''}${testCase.name}`)} in ${where}${when ? `, ${when}` : ''}${testCase.message ? ` — ${plainText(testCase.message)}` : ''}`);
  }
  if (result.matches.length > 10) lines.push(`- and ${result.matches.length - 10} more`);
  return lines.join('\n\n');
}
