import { requirementVerification, testResultsOf } from '../evidence/verification';
import { isFailure, type TestMatch } from '../evidence/testResults';
import type { RelatedLocation } from '../types';
import { itemRule } from './rule';

// A security requirement whose test failed is not met, and a release cannot be authorized on it:
// an error, which release readiness counts as blocking.
export const verificationFailed = itemRule({
  name: 'verification-failed',
  clause: '5.7.1',
  defaultSeverity: 'error',
  scope: 'workspace',
  // Each requirement is judged against the project's test results: a keystroke re-checks the edited file's requirements only.
  eachItemOf: 'requirements',
  reads: { collections: ['test-cases'] },
  description: 'A test that verifies a security requirement (it names one of its verification ids or the requirement) failed or errored in the test results (JUnit XML), so the requirement is not shown to be met.',
  check({ workspace, item: requirement }) {
    const results = testResultsOf(workspace.items('test-cases'));
    if (results.isEmpty) return [];
    const verification = requirementVerification(requirement, results);
    if (verification.verdict !== 'failed') return [];
    const name = requirement.id?.text ?? 'This requirement';
    const finding = (range: typeof requirement.anchor, what: string, failed: TestMatch[]) => ({
      uri: requirement.uri,
      range,
      message:
        `${what} ${failed[0].testCase.outcome === 'errored' ? 'errored' : 'failed'}: ${caseName(failed[0])}${failed.length > 1 ? `, and ${failed.length - 1} more` : ''}. ` +
        `Fix what the test found (or the test) and run it again; a release cannot be authorized while a test of a security requirement fails (§5.7.1).`,
      related: failed.slice(0, 10).map(relatedOf),
    });
    const byValue = verification.byId
      .map(({ value, result }) => ({ value, failed: result.matches.filter((match) => isFailure(match.testCase.outcome)) }))
      .filter((entry) => entry.failed.length)
      .map((entry) => finding(entry.value, `The test ${entry.value.text} of ${name}`, entry.failed));
    if (byValue.length) return byValue;
    // Only tests that name the requirement itself failed.
    const own = (verification.own?.matches ?? []).filter((match) => isFailure(match.testCase.outcome));
    return own.length ? [finding(requirement.anchor, `A test of ${name}`, own)] : [];
  },
});

function caseName(match: TestMatch): string {
  const { testCase } = match;
  return `${testCase.classname ? `${testCase.classname} › ` : ''}${testCase.name}${testCase.message ? ` (${testCase.message})` : ''}`;
}

function relatedOf(match: TestMatch): RelatedLocation {
  const item = (match.testCase as { item?: { range: RelatedLocation['range'] } }).item;
  return { uri: match.uri, range: item?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: `${match.testCase.outcome}: ${match.testCase.name}` };
}
