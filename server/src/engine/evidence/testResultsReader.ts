// JUnit XML as an evidence file: each <testcase> becomes an item of `test-cases` (no id of its own;
// requirements reach it through their verification ids, see testResults.ts).
import { isJUnitXml, readJUnit, type TestCaseResult } from './junit';
import type { EvidenceContent, EvidenceItemData, EvidenceReader } from './types';

export const junitXmlReader: EvidenceReader = {
  id: 'junit-xml',
  kind: 'test-results',
  // The root element decides, never the name: other XML (a pom.xml, a CycloneDX XML SBOM) is never JUnit.
  sniff: ({ name }, head) => /\.xml$/i.test(name) && isJUnitXml(head),
  read({ text }) {
    const report = readJUnit(text);
    const content: EvidenceContent = { kind: 'test-results', format: 'JUnit XML', items: [], problems: [] };
    for (const problem of report.problems) content.problems.push({ message: problem.message, at: { start: problem.offset, end: problem.offset + 1 } });
    if (!content.problems.length) for (const testCase of report.cases) content.items.push(testCaseItem(testCase));
    return content;
  },
};

function testCaseItem(testCase: TestCaseResult): EvidenceItemData {
  const fields: Record<string, string | string[]> = { name: testCase.name, outcome: testCase.outcome };
  if (testCase.classname) fields.classname = testCase.classname;
  if (testCase.suites.length) fields.suite = testCase.suites.join(' › ');
  if (testCase.file) fields.file = testCase.file;
  if (testCase.time !== undefined) fields.time = String(testCase.time);
  if (testCase.timestamp) fields.timestamp = testCase.timestamp;
  if (testCase.message) fields.message = testCase.message;
  if (testCase.verifies.length) fields.verifies = [...testCase.verifies];
  return { collection: 'test-cases', at: { start: testCase.start, end: testCase.end }, fields };
}
