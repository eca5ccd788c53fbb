import { requirementVerification, testResultsOf } from '../evidence/verification';
import { fieldList } from '../model';
import { itemRule } from './rule';

// A verification id that no test result names shows nothing: the test may never have run.
export const verificationResultMissing = itemRule({
  name: 'verification-result-missing',
  clause: '5.7.1',
  defaultSeverity: 'warning',
  scope: 'workspace',
  // Each requirement is judged against the project's test results: a keystroke re-checks the edited file's requirements only.
  eachItemOf: 'requirements',
  reads: { collections: ['test-cases'] },
  description: 'No test result (JUnit XML in the project) names a security requirement or its verification ids, or its tests were only skipped, so nothing shows a test of it ran.',
  check({ workspace, item: requirement }) {
    const results = testResultsOf(workspace.items('test-cases'));
    // No result file at all (most projects before their first CI run): every verification id is
    // unnamed, so there is no verdict to work out (25,000 ids in the benchmark).
    if (results.isEmpty) {
      return fieldList(requirement, 'verification')
        .filter((value) => value.text.trim())
        .map((value) => ({ uri: requirement.uri, range: value, message: noResultsMessage(value.text) }));
    }
    const verification = requirementVerification(requirement, results);
    if (verification.verdict !== 'no-result') return [];
    const name = requirement.id?.text ?? 'the requirement';
    return verification.byId.map(({ value, result }) => ({
      uri: requirement.uri,
      range: value,
      message: result.matches.length
        ? `${value.text} was only skipped in the test results, so nothing shows ${name} is met. Run the test, or name one that runs (§5.7.1).`
        : `No test result names ${value.text} or ${name}: put ${value.text} in the name of the test that verifies ${name}, or give the test a \`<property name="verifies" value="${value.text}"/>\` (§5.7.1).`,
    }));
  },
});

function noResultsMessage(id: string): string {
  return `No test results in this project name ${id}: add the JUnit XML your CI writes (junit*.xml, TEST-*.xml, test-results/**/*.xml or an \`include\` glob), with ${id} in the test's name or a \`verifies\` property (§5.7.1).`;
}
