import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DOCUMENT_KINDS } from '../../server/src/engine/catalog';
import { evaluateCriteria, isRealRecord, type Criterion } from '../../server/src/engine/criteria';
import { WorkspaceIndex } from '../../server/src/engine';
import { parse, REPO_ROOT, testCatalog, textAt } from '../support/fixtures';

const catalog = testCatalog();

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [name, text] of Object.entries(files)) index.update(parse(text, name));
  return index;
}

function judge(clauseId: string, files: Record<string, string>, existing: string[] = []) {
  const clause = catalog.get(clauseId)!;
  return evaluateCriteria(clauseId, clause.criteria!, indexOf(files), { recordExists: (_from, path) => existing.includes(path) });
}

describe('evidence criteria', () => {
  it('are stated for every coverage target (leaf clauses and Annex F items, not overviews)', () => {
    const targets = catalog.clauses.filter((clause) => catalog.children(clause.id).length === 0 && !clause.overview && /^(?:[4-9]|E|F)/.test(clause.id));
    assert.ok(targets.length >= 66, `${targets.length} targets`);
    for (const clause of targets) assert.ok(clause.criteria?.length, `${clause.id} ${clause.title} has no evidence criteria`);
    for (const id of ['F.2', 'F.3', 'F.4']) assert.ok(catalog.get(id)!.criteria!.length, id);
  });

  it('cover nothing from one-line stubs of every kind, even when every clause is cited', () => {
    const every = catalog.clauses.map((clause) => `"${clause.id}"`).join(', ');
    const stubs = Object.fromEntries(DOCUMENT_KINDS.map((kind) => [`${kind}.yaml`, `kind: ${kind}\nclauses: [${every}]\n`]));
    const evidence = indexOf(stubs);
    for (const clause of catalog.clauses) {
      for (const result of evaluateCriteria(clause.id, clause.criteria ?? [], evidence, { recordExists: () => true })) {
        assert.equal(result.met, false, `${clause.id}: "${result.criterion.text}" met by a stub`);
        assert.ok(result.missing, `${clause.id}: says what is missing`);
      }
    }
  });

  it('say which statement met a criterion, and where', () => {
    const requirements =
      'kind: security-requirements\nrequirements:\n' +
      ['installation', 'operation', 'maintenance', 'decommissioning']
        .map((phase, i) => `  - id: SR-00${i + 1}\n    phase: ${phase}\n    text: Something holds during ${phase}.\n    threats: [TH-1]\n    verification: [VT-${i}]\n`)
        .join('');
    const [phases, traced, verified] = judge('5.2.1', { 'req.yaml': requirements });
    assert.deepEqual([phases.met, traced.met, verified.met], [true, true, true]);
    assert.deepEqual(phases.where.map((where) => [where.what, textAt(requirements, where.range)]), [
      ['requirement SR-001', 'SR-001'],
      ['requirement SR-002', 'SR-002'],
      ['requirement SR-003', 'SR-003'],
      ['requirement SR-004', 'SR-004'],
    ]);
  });

  it('read a placeholder as no value, and say which items lack what', () => {
    const requirements =
      'kind: security-requirements\nrequirements:\n' +
      '  - id: SR-1\n    phase: installation\n    text: "TODO: what must hold during installation"\n    threats: [TH-1]\n    verification: [TBD]\n' +
      '  - id: SR-2\n    phase: operation\n    text: Sessions expire.\n    threats: []\n    verification: [VT-2]\n';
    const [phases, traced, verified] = judge('5.2.1', { 'req.yaml': requirements });
    assert.equal(phases.met, false);
    assert.equal(phases.missing, 'no requirement for installation, maintenance, decommissioning');
    assert.equal(traced.missing, '1 of 2 requirements lack threats (requirement SR-2)');
    assert.equal(verified.missing, '1 of 2 requirements lack verification (requirement SR-1)');
  });

  it('take no evidence from a draft or from a file that does not parse', () => {
    const good = 'kind: threat-model\nmethod: STRIDE\nreviewed: 2026-01-01\nthreats:\n  - id: TH-1\n    title: Spoofing\n    category: spoofing\n    safety_impact: none\n    risk: low\n';
    assert.ok(judge('7.2', { 'tm.yaml': good }).every((result) => result.met));
    assert.ok(judge('7.2', { 'tm.yaml': good.replace('method: STRIDE', 'status: draft\nmethod: STRIDE') }).every((result) => !result.met));
    assert.ok(judge('7.2', { 'tm.yaml': `${good}  - id: TH-2\n     title: broken indentation\n` }).every((result) => !result.met));
  });

  it('count a record only when it is a file in the repository or a document id with version and approval date', () => {
    const from = 'file:///w/security/release.yaml';
    const options = { recordExists: (_from: string, path: string) => path === 'reports/pentest.pdf' };
    for (const fake of ['x', 'TODO', 'tbd', '', 'n/a', 'https://tracker.example/PT-1', 'reports/missing.pdf', 'the pentest report']) {
      assert.equal(isRealRecord(fake, from, options), false, fake);
    }
    assert.equal(isRealRecord('reports/pentest.pdf', from, options), true);
    assert.equal(isRealRecord('QMS-SOP-014 v3, approved 2026-02-01', from, options), true);
    assert.equal(isRealRecord('QMS-SOP-014 v3', from, options), false, 'no approval date');
    assert.equal(isRealRecord('reports/pentest.pdf', from, {}), false, 'no host to confirm the path');
  });

  it('find a record in a completed release activity or a planned activity of the clause (or of its parent)', () => {
    const release = 'kind: release-record\nrelease: 1.0\ndecision: pending\nactivities:\n  - clause: "5.8.4"\n    status: done\n    record: reports/pentest.pdf\n  - clause: "5.8.3"\n    status: not-done\n    record: reports/scan.pdf\n';
    const [pentest] = judge('5.8.4', { 'rr.yaml': release }, ['reports/pentest.pdf', 'reports/scan.pdf']);
    assert.equal(pentest.met, true);
    assert.equal(pentest.where[0].what, 'record reports/pentest.pdf');
    assert.equal(judge('5.8.3', { 'rr.yaml': release }, ['reports/scan.pdf'])[0].met, false, 'an activity not done is no evidence');
    assert.match(judge('5.8.4', { 'rr.yaml': release.replace('reports/pentest.pdf', 'x') }, [])[0].missing!, /"x" is neither a file in the repository nor a document id/);
    const plan = 'kind: lifecycle-plan\nphases:\n  - name: planning\n    activities:\n      - id: ACT-QMS\n        title: Security under the QMS\n        clauses: ["4.1"]\n        record: QMS-SOP-014 v3, approved 2026-02-01\n';
    assert.equal(judge('4.1.1', { 'plan.yaml': plan })[0].met, true, 'a record against 4.1 counts for 4.1.1');
  });

  it('find a record in the items of a collection the criterion names: a test of the type, filling the fields, its record real', () => {
    const verification = (independence: string, record: string) =>
      `kind: security-verification\ntests:\n  - id: PT-1\n    type: penetration\n    tester: Kestrel Labs\n    independence: ${independence}\n    date: 2026-09-30\n    record: ${record}\n  - id: VT-1\n    type: requirement\n    tester: QA\n    date: 2026-09-30\n    record: reports/vt.xml\n`;
    const [pentest] = judge('5.7.4', { 'v.yaml': verification('external', 'KL-PT-2026-044 v1, approved 2026-09-30') });
    assert.equal(pentest.met, true);
    assert.equal(pentest.where[0].what, 'record KL-PT-2026-044 v1, approved 2026-09-30');
    assert.match(judge('5.7.4', { 'v.yaml': verification('', 'KL-PT-2026-044 v1, approved 2026-09-30') })[0].missing!, /^no tests with type: penetration that fill tester, independence, date and name a record for 5\.7\.4/, 'a test without independence is no penetration-test evidence');
    assert.match(judge('5.7.4', { 'v.yaml': verification('external', 'TODO') })[0].missing!, /"TODO" is neither a file/);
    assert.equal(judge('5.7.3', { 'v.yaml': verification('external', 'x') })[0].met, false, 'a test of another type is no evidence');
    const release = 'kind: release-record\nrelease: 1.0\nactivities:\n  - clause: "5.7.4"\n    status: done\n    record: reports/pentest.pdf\n';
    assert.equal(judge('5.7.4', { 'rr.yaml': release }, ['reports/pentest.pdf'])[0].met, false, 'a release activity alone does not say who tested, or how independent they were');
    const reviews = 'kind: security-organization\nreviews:\n  - id: REV-1\n    clause: "4.1.8"\n    date: 2026-03-01\n    record: QM-MIN-2026-03 v1, approved 2026-03-05\n';
    assert.equal(judge('4.1.8', { 'o.yaml': reviews })[0].met, true);
    assert.equal(judge('4.1.6', { 'o.yaml': reviews })[0].met, false, 'a review names the clause it serves');
  });

  it('take a field named as a record (record-field) only when it is a real record', () => {
    const riskFile = (value: string) => `kind: security-risk-management\nrisk_file: ${value}\n`;
    const alignment = (files: Record<string, string>, existing: string[] = []) => judge('7.1.1', files, existing).find((result) => result.criterion.check === 'record-field')!;
    const met = alignment({ 'srm.yaml': riskFile('RMF-014 v4, approved 2026-03-02') });
    assert.equal(met.met, true);
    assert.equal(met.where[0].what, 'record RMF-014 v4, approved 2026-03-02');
    for (const fake of ['TODO', 'the risk file', 'https://qms.example/RMF-014', 'risk/rmf.pdf']) {
      const result = alignment({ 'srm.yaml': riskFile(fake) });
      assert.equal(result.met, false, fake);
      assert.ok(result.missing, fake);
    }
    assert.match(alignment({ 'srm.yaml': riskFile('the risk file') }).missing!, /risk_file of security-risk-management names "the risk file", which is neither a file in the repository/);
    assert.equal(alignment({ 'srm.yaml': riskFile('risk/rmf.pdf') }, ['risk/rmf.pdf']).met, true, 'a path of the repository');
    assert.equal(alignment({ 'tm.yaml': 'kind: threat-model\nrisk_file: risk/rmf.pdf\n' }, ['risk/rmf.pdf']).met, false, 'only the kind the criterion names');
  });

  describe('from evidence files', () => {
    const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'vulnerabilities');
    const junit = (cases: string) => `<?xml version="1.0"?>\n<testsuite name="ci" tests="2">\n${cases}</testsuite>\n`;
    const pass = (name: string) => `  <testcase classname="security" name="${name}" time="0.1"/>\n`;
    const fail = (name: string) => `  <testcase classname="security" name="${name}" time="0.1"><failure>no</failure></testcase>\n`;
    const skip = (name: string) => `  <testcase classname="security" name="${name}"><skipped/></testcase>\n`;
    const requirements =
      'kind: security-requirements\nrequirements:\n' +
      '  - id: SR-1\n    phase: operation\n    text: Updates are signed.\n    threats: [TH-1]\n    verification: [VT-1]\n' +
      '  - id: SR-2\n    phase: operation\n    text: Sessions expire.\n    verification: [VT-2]\n';
    const testing = (files: Record<string, string>, clauseId = '5.7.1') => judge(clauseId, files).find((result) => result.criterion.check === 'any')!;

    it('5.7.1: every requirement whose linked JUnit tests pass, named test by test in the result file', () => {
      const xml = junit(pass('VT-1 rejects an unsigned update') + pass('SR-2 expires an idle session'));
      const result = testing({ 'req.yaml': requirements, 'test-results/junit.xml': xml });
      assert.equal(result.met, true, result.missing);
      assert.deepEqual(
        result.where.map((where) => [where.uri, where.what, textAt(xml, where.range).slice(0, 9)]),
        [
          ['file:///ws/test-results/junit.xml', 'test security › VT-1 rejects an unsigned update passed (verifies requirement SR-1)', '<testcase'],
          ['file:///ws/test-results/junit.xml', 'test security › SR-2 expires an idle session passed (verifies requirement SR-2)', '<testcase'],
        ],
      );
      // Every criterion of 5.7.1 is met by the requirements and the results alone: no test record is needed.
      assert.ok(judge('5.7.1', { 'req.yaml': requirements, 'test-results/junit.xml': xml }).every((r) => r.met));
    });

    it('5.7.1: a failed, skipped or missing result is no evidence, and the verdict says which requirement lacks what', () => {
      const failed = testing({ 'req.yaml': requirements, 'test-results/junit.xml': junit(pass('VT-1 signed') + fail('VT-2 sessions')) });
      assert.equal(failed.met, false);
      assert.match(failed.missing!, /1 of 2 requirements have no passing test result \(requirement SR-2: a linked test failed\)/);
      const skipped = testing({ 'req.yaml': requirements, 'test-results/junit.xml': junit(pass('VT-1 signed') + skip('VT-2 sessions')) });
      assert.match(skipped.missing!, /requirement SR-2: no result/);
      const none = testing({ 'req.yaml': requirements });
      assert.equal(none.met, false);
      assert.match(none.missing!, /no test results \(JUnit XML\) in the project/);
      assert.match(none.missing!, /no tests with type: requirement/, 'and the other way to show it is named too');
      const invalid = testing({ 'req.yaml': requirements, 'test-results/junit.xml': junit(pass('VT-1 signed') + pass('VT-2 sessions')).replace('</testsuite>', '</testsuit>') });
      assert.equal(invalid.met, false, 'a result file that does not parse is no evidence');
    });

    it('5.7.1: a test record of type requirement still shows it without JUnit', () => {
      const verification = 'kind: security-verification\ntests:\n  - id: VT-1\n    type: requirement\n    verifies: [SR-1]\n    tester: QA\n    date: 2026-09-30\n    record: QA-VT-2026 v1, approved 2026-10-01\n';
      const result = testing({ 'req.yaml': requirements, 'v.yaml': verification });
      assert.equal(result.met, true);
      assert.equal(result.where[0].what, 'record QA-VT-2026 v1, approved 2026-10-01');
    });

    it('5.7.2: every requirement that answers a threat has a passing linked test', () => {
      const met = testing({ 'req.yaml': requirements, 'junit.xml': junit(pass('VT-1 signed') + fail('VT-2 sessions')) }, '5.7.2');
      assert.equal(met.met, true, 'SR-2 answers no threat: its failed test is 5.7.1\'s');
      assert.equal(met.where[0].what, 'test security › VT-1 signed passed (verifies requirement SR-1)');
      const unmet = testing({ 'req.yaml': requirements, 'junit.xml': junit(fail('VT-1 signed')) }, '5.7.2');
      assert.match(unmet.missing!, /1 of 1 requirements that fill threats have no passing test result \(requirement SR-1: a linked test failed\)/);
    });

    it('5.7.3: a valid scanner report shows known-vulnerability scanning, named by its format', () => {
      for (const name of ['grype.json', 'trivy.json', 'osv-scanner.json']) {
        const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
        const result = testing({ [`scans/${name}`]: text }, '5.7.3');
        assert.equal(result.met, true, name);
        assert.equal(result.where[0].uri, `file:///ws/scans/${name}`);
        assert.match(result.where[0].what, /^(Grype|Trivy|OSV-Scanner) JSON report$/, result.where[0].what);
        assert.equal(testing({ [`scans/${name}`]: text.slice(0, -3) }, '5.7.3').met, false, `${name} cut short is no evidence`);
      }
      assert.match(testing({}, '5.7.3').missing!, /no vulnerability-report \(a scanner's JSON report: Grype, Trivy or OSV-Scanner\)/);
    });

    it('9.3 and 5.8.5: VEX statements show the review of reported vulnerabilities', () => {
      const vex = fs.readFileSync(path.join(FIXTURES, 'openvex.json'), 'utf8');
      const review = testing({ 'gateway.openvex.json': vex }, '9.3');
      assert.equal(review.met, true);
      assert.match(review.where[0].what, /^VEX statement on GHSA-35jh-r3h4-6jhm|^VEX statement on CVE-2021-23337/i);
      const release = 'kind: release-record\nrelease: 1.0\ndecision: pending\n';
      const assessed = judge('5.8.5', { 'rr.yaml': release, 'gateway.openvex.json': vex });
      assert.ok(assessed.every((r) => r.met), assessed.map((r) => r.missing).join('; '));
      assert.equal(judge('5.8.5', { 'rr.yaml': release }).every((r) => r.met), false, 'without findings or VEX');
      const cdx = fs.readFileSync(path.join(FIXTURES, 'cyclonedx-vex.json'), 'utf8');
      assert.equal(testing({ 'bom.json': cdx }, '9.3').met, true, 'a CycloneDX analysis is a VEX statement too');
    });
  });

  it('are checked against the catalog shape', () => {
    const bad: Criterion = { text: 'x', check: 'every', collection: 'requirements', fields: ['no_such_field'] };
    const clause = { ...catalog.get('5.2.1')!, criteria: [bad] };
    const { validateCatalog, createCatalog } = require('../../server/src/engine/catalog') as typeof import('../../server/src/engine/catalog');
    assert.ok(validateCatalog(createCatalog([clause])).some((problem) => problem.includes('no field "no_such_field"')));
  });
});
