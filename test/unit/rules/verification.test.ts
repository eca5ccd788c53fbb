import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { mochaJUnitXml } from '../../support/realTools';
import { analyzeFiles, uriOf } from '../../support/workspace';

const requirements = (verification: string) =>
  `kind: security-requirements\nrequirements:\n  - id: SR-001\n    phase: installation\n    text: Signed packages only.\n    verification: [VT-010]\n` +
  `  - id: SR-002\n    phase: installation\n    text: Factory credentials replaced.\n    verification: ${verification}\n`;

describe('verification-failed and verification-result-missing (JUnit XML from mocha\'s xunit reporter)', function () {
  this.timeout(60_000);

  it('a requirement whose linked test failed gets verification-failed at the id, pointing at the test case', () => {
    const xml = mochaJUnitXml();
    const reqs = requirements('[VT-011]');
    const analysed = analyzeFiles({ 'reqs.yaml': reqs, 'test-results/junit.xml': xml });
    const [failed, ...rest] = analysed.of('verification-failed');
    assert.equal(rest.length, 0);
    assert.equal(failed.uri, uriOf('reqs.yaml'));
    assert.equal(textAt(reqs, failed.range), 'VT-011');
    assert.equal(failed.severity, 'error');
    assert.equal(failed.clause, '5.7.1');
    assert.match(failed.message, /^The test VT-011 of SR-002 failed: .*VT-011 \(SR-002\) forces the administrator.*\(the factory password was still accepted after first start\)\./);
    assert.equal(failed.related?.[0].uri, uriOf('test-results/junit.xml'));
    assert.match(textAt(xml, failed.related![0].range), /^<testcase [^>]*name="VT-011/);
    // VT-010 passed: neither rule speaks of SR-001.
    assert.deepEqual(analysed.of('verification-result-missing'), []);
  });

  it('a test that names the requirement itself counts too; a passing one clears both rules', () => {
    const xml = mochaJUnitXml();
    // VT-099 is in no test name, but SR-001's own id is, in a passing test.
    const reqs = requirements('[VT-011]').replace('verification: [VT-010]', 'verification: [VT-099]');
    const analysed = analyzeFiles({ 'reqs.yaml': reqs, 'junit.xml': xml });
    assert.deepEqual(analysed.of('verification-result-missing'), []);
    assert.deepEqual(analysed.of('verification-failed').map((f) => textAt(reqs, f.range)), ['VT-011']);
  });

  it('an id no test names, or one only skipped, is verification-result-missing; no results at all says so', () => {
    const skipped = '<testsuite><testcase name="VT-077 later"><skipped/></testcase></testsuite>';
    const reqs = requirements('[VT-077, VT-078]').replace('verification: [VT-010]', 'verification: []');
    const missing = analyzeFiles({ 'reqs.yaml': reqs, 'TEST-auth.xml': skipped }).of('verification-result-missing');
    assert.deepEqual(missing.map((f) => textAt(reqs, f.range)), ['VT-077', 'VT-078']);
    assert.match(missing[0].message, /^VT-077 was only skipped in the test results/);
    assert.match(missing[1].message, /^No test result names VT-078 or SR-002/);
    assert.equal(missing[0].severity, 'warning');
    // No results in the project at all: one finding for the file, at its first id, naming them all.
    const none = analyzeFiles({ 'reqs.yaml': reqs }).of('verification-result-missing');
    assert.deepEqual(none.map((f) => textAt(reqs, f.range)), ['VT-077']);
    assert.match(none[0].message, /^No test results in this project, so none of this file's 2 verification ids \(VT-077, VT-078\) has a result/);
    assert.deepEqual(none[0].related?.map((r) => textAt(reqs, r.range)), ['VT-078']);
    // Its severity is configurable, as every rule's.
    assert.equal(analyzeFiles({ 'reqs.yaml': reqs }, { rules: { 'verification-result-missing': 'information' } }).of('verification-result-missing')[0].severity, 'information');
  });

  it('a JUnit file that is not well-formed is evidence-file-invalid and no evidence: the failure is not hidden, the result is missing', () => {
    const reqs = requirements('[VT-011]');
    const analysed = analyzeFiles({ 'reqs.yaml': reqs, 'junit.xml': '<testsuite><testcase name="VT-011 a"><failure></testsuite>' });
    assert.equal(analysed.of('evidence-file-invalid').length, 1);
    assert.deepEqual(analysed.of('verification-failed'), []);
    const missing = analysed.of('verification-result-missing');
    assert.deepEqual(missing.map((f) => textAt(reqs, f.range)), ['VT-010']);
    assert.match(missing[0].message, /\(VT-010, VT-011\) has a result/);
  });

  it('with no results in the project, the file\'s one finding sits on its first verified requirement and names every id, the first five by name', () => {
    const ids = Array.from({ length: 7 }, (_, i) => `VT-${100 + i}`);
    const reqs = requirements(`[${ids.slice(1).join(', ')}]`).replace('verification: [VT-010]', `verification: [${ids[0]}]`);
    const missing = analyzeFiles({ 'reqs.yaml': reqs }).of('verification-result-missing');
    assert.equal(missing.length, 1);
    assert.equal(textAt(reqs, missing[0].range), 'VT-100');
    assert.match(missing[0].message, /none of this file's 7 verification ids \(VT-100, VT-101, VT-102, VT-103, VT-104 and 2 more\)/);
    // The first requirement names no id: the finding sits on the next one's.
    const laterFirst = requirements('[VT-011]').replace('verification: [VT-010]', 'verification: []');
    const moved = analyzeFiles({ 'reqs.yaml': laterFirst }).of('verification-result-missing');
    assert.deepEqual(moved.map((f) => textAt(laterFirst, f.range)), ['VT-011']);
    assert.match(moved[0].message, /^No test results in this project, so VT-011 has no result:/);
  });

  it('other XML named like test results is not evidence and no finding', () => {
    const analysed = analyzeFiles({ 'reqs.yaml': requirements('[VT-011]'), 'test-plan.xml': '<plan><step>VT-011</step></plan>' });
    assert.deepEqual(analysed.of('evidence-file-invalid'), []);
    assert.deepEqual(analysed.of('verification-result-missing').map((f) => f.message.split(',')[0]), ['No test results in this project']);
  });
});
