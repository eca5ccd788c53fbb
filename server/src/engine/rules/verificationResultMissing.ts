import { requirementVerification, testResultsOf } from '../evidence/verification';
import { fieldList, type ModelDocument, type ModelItem, type ScalarValue } from '../model';
import type { RuleFinding } from './rule';
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
  description: 'No test result (JUnit XML in the project) names a security requirement or its verification ids, or its tests were only skipped, so nothing shows a test of it ran. When the project holds no test results at all, each file gets one finding listing its verification ids.',
  check({ workspace, item: requirement, document }) {
    const results = testResultsOf(workspace.items('test-cases'));
    // No result file at all (most projects before their first CI publishes results): the gap is
    // the project's, not each requirement's, so it is said once per file, at the file's first
    // verification id, naming every id of the file that has no result. (One warning per id
    // buried the other findings: 100,000 of them in the benchmark's 5,000 documents.)
    if (results.isEmpty) return requirement === firstVerifiedRequirement(document) ? [noResultsFinding(document)] : [];
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

/** The first requirement of the document that names a verification id: where the file's one "no results" finding goes. */
function firstVerifiedRequirement(document: ModelDocument): ModelItem | undefined {
  return document.items.find((item) => item.collection === 'requirements' && verificationIds(item).length > 0);
}

function verificationIds(requirement: ModelItem): ScalarValue[] {
  return fieldList(requirement, 'verification').filter((value) => value.text.trim());
}

const LISTED_IDS = 5;

function noResultsFinding(document: ModelDocument): RuleFinding {
  const ids = document.items.filter((item) => item.collection === 'requirements').flatMap(verificationIds);
  const [first] = ids;
  const named = ids.slice(0, LISTED_IDS).map((value) => value.text);
  const list = ids.length > LISTED_IDS ? `${named.join(', ')} and ${ids.length - LISTED_IDS} more` : named.join(', ');
  const what = ids.length === 1 ? `${first.text} has no result` : `none of this file's ${ids.length} verification ids (${list}) has a result`;
  return {
    uri: document.uri,
    range: first,
    message: `No test results in this project, so ${what}: add the JUnit XML your CI writes (junit*.xml, TEST-*.xml, test-results/**/*.xml or an \`include\` glob), with each id in the name of the test that verifies it or in a \`verifies\` property (§5.7.1).`,
    related: ids.slice(1, 1 + MAX_RELATED).map((value) => ({ uri: document.uri, range: value, message: `${value.text}: no result` })),
  };
}

const MAX_RELATED = 20;
