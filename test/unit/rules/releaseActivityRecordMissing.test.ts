import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, assertFixResolves } from '../../support/workspace';

const RULE = 'release-activity-record-missing';

const yamlRelease = (activity: string) =>
  `kind: release-record\nrelease: 2.3.0\ndecision: authorized\nactivities:\n  - clause: "5.7.1"\n    status: done\n    record: reports/sec-tests-2.3.0.html\n${activity}`;

const mdRelease = (row: string) =>
  '---\nkind: release-record\nrelease: 2.3.0\n---\n# Release 2.3.0\n\n## Activities\n| ID | Clause | Status | Record |\n|----|--------|--------|--------|\n' +
  `| ACT-1 | 5.7.1 | done | reports/sec-tests.html |\n${row}`;

describe(RULE, () => {
  it('fires on a done activity without a record, at its status value', () => {
    const files = { 'r.yaml': yamlRelease('  - clause: "5.7.3"\n    status: done\n') };
    const [finding, ...rest] = analyzeFiles(files).of(RULE);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.clause, '5.8.6');
    assert.equal(finding.range.start.line, 8);
    assert.equal(textAt(files['r.yaml'], finding.range), 'done');
    assert.match(finding.message, /The activity for 5\.7\.3 is marked done but names no record\. Add `record:`/);
  });

  it('counts an empty or placeholder record as none', () => {
    for (const record of ['""', '', 'TBD', '[]']) {
      const files = { 'r.yaml': yamlRelease(`  - id: ACT-3\n    clause: "5.7.3"\n    status: done\n    record: ${record}\n`) };
      const findings = analyzeFiles(files).of(RULE);
      assert.equal(findings.length, 1, `record: ${record}`);
      assert.match(findings[0].message, /^Activity ACT-3 \(5\.7\.3\) is marked done/);
    }
  });

  it('stays silent on recorded or not-done activities, and on a list of records', () => {
    assert.deepEqual(analyzeFiles({ 'r.yaml': yamlRelease('') }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'r.yaml': yamlRelease('  - clause: "5.7.4"\n    status: not-done\n') }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'r.yaml': yamlRelease('  - clause: "5.7.4"\n    status: done\n    record: [a.pdf, b.pdf]\n') }).of(RULE), []);
  });

  it('where the host checks the disk, counts only a real record: a file of the repository, or a controlled document by id, version and date', () => {
    const onDisk = ['reports/sec-tests-2.3.0.html', 'reports/pentest-2.3.0.pdf'];
    const named = (record: string) => yamlRelease(`  - id: ACT-4\n    clause: "5.7.4"\n    status: done\n    record: ${record}\n`);
    assert.deepEqual(analyzeFiles({ 'r.yaml': named('reports/pentest-2.3.0.pdf') }, {}, onDisk).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'r.yaml': named('"LAB-PT-2026-07 v2, approved 2026-10-20"') }, {}, onDisk).of(RULE), [], 'a controlled document');
    for (const record of ['reports/pentest-2.3.1.pdf', 'https://lab.example/report', 'see SharePoint']) {
      const files = { 'r.yaml': named(record) };
      const [finding, ...rest] = analyzeFiles(files, {}, onDisk).of(RULE);
      assert.equal(rest.length, 0, record);
      assert.equal(finding?.severity, 'error', record);
      assert.equal(textAt(files['r.yaml'], finding.range), record, 'at the record value');
      assert.match(finding.message, /^Activity ACT-4 \(5\.7\.4\) names the record ".*", which is neither a file of the repository \(a stub or placeholder file is none\) nor a document id with version and approval date/);
    }
  });

  it('offers only a suppression, which resolves it', () => {
    const files = { 'r.yaml': yamlRelease('  - clause: "5.7.3"\n    status: done\n') };
    const [finding] = analyzeFiles(files).of(RULE);
    assert.deepEqual(finding.fixes!().map((f) => f.title), [`Suppress ${RULE} on this line (with a reason)`]);
    const fixed = assertFixResolves(files, finding, finding.fixes!()[0], ['suppression-without-reason']);
    assert.match(fixed['r.yaml'], /\n    # clause-guide-disable-next-line release-activity-record-missing -- TODO[^\n]*\n    status: done\n$/);
  });

  it('does not throw on wrong shapes', () => {
    for (const text of ['kind: release-record\nactivities:\n  - status: [done]\n  - done\n  - status: {a: 1}\n', 'kind: release-record\nactivities: done\n']) {
      assert.doesNotThrow(() => analyzeFiles({ 'r.yaml': text }));
      assert.deepEqual(analyzeFiles({ 'r.yaml': text }).of(RULE), []);
    }
  });

  describe('in Markdown', () => {
    it('fires at the status cell of a row with an empty record cell', () => {
      const files = { 'r.md': mdRelease('| ACT-3 | 5.7.3 | done |  |\n') };
      const [finding, ...rest] = analyzeFiles(files).of(RULE);
      assert.equal(rest.length, 0);
      assert.equal(finding.range.start.line, 10);
      assert.equal(textAt(files['r.md'], finding.range), 'done');
      assert.match(finding.message, /Activity ACT-3 \(5\.7\.3\) is marked done but names no record/);
    });

    it('stays silent when every done row has a record', () => {
      assert.deepEqual(analyzeFiles({ 'r.md': mdRelease('| ACT-3 | 5.7.3 | not-done |  |\n') }).of(RULE), []);
      assert.deepEqual(analyzeFiles({ 'r.md': mdRelease('') }).of(RULE), []);
    });
  });
});
