import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, applyFix, assertFixResolves, uriOf } from '../../support/workspace';

const RULE = 'release-activity-missing';

const activity = (clause: string, status = 'done') => `  - clause: "${clause}"\n    status: ${status}\n    record: reports/${clause}.pdf\n`;
const yamlRelease = (activities: string) => `kind: release-record\nrelease: 2.3.0\ndecision: pending\nactivities:\n${activities}`;
const partial = yamlRelease(activity('5.7.1') + activity('5.7.2') + activity('5.7.3') + activity('5.7.4', 'not-done'));
const complete = yamlRelease(['5.7.1', '5.7.2', '5.7.3', '5.7.4', '5.7.5'].map((c) => activity(c)).join(''));

const tailoring = (entries: string) =>
  `kind: tailoring-record\napprovers:\n  - name: Dana Ruiz\n    security_expertise: CSSLP\nentries:\n${entries}`;
const entry = (clause: string, decision = 'not-applicable') =>
  `  - clause: "${clause}"\n    decision: ${decision}\n    justification: No network interface in this release.\n    approved_by: Dana Ruiz\n    date: 2026-10-01\n` +
  (decision === 'deferred' ? '    due: 2027-02-01\n' : '');

const mdRelease =
  '---\nkind: release-record\nrelease: 2.3.0\ndecision: pending\n---\n# Release 2.3.0\n\n## Activities\n| ID | Clause | Status | Record |\n|----|--------|--------|--------|\n' +
  ['5.7.1', '5.7.2', '5.7.3', '5.7.5'].map((c, i) => `| ACT-${i + 1} | ${c} | done | reports/${c}.pdf |\n`).join('');

describe(RULE, () => {
  it('fires for each 5.7 clause without a done activity, at the activities key', () => {
    const files = { 'r.yaml': partial };
    const findings = analyzeFiles(files).of(RULE);
    assert.deepEqual(findings.map((f) => /for (5\.7\.\d)/.exec(f.message)![1]), ['5.7.4', '5.7.5']);
    for (const finding of findings) {
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.clause, '5.8.6');
      assert.equal(textAt(partial, finding.range), 'activities');
    }
    assert.match(findings[0].message, /^Release 2\.3\.0 shows no completed activity for 5\.7\.4 \(Penetration testing\)\. Add an activity `- clause: "5\.7\.4"` with `status: done`.*tailor the clause out/);
  });

  it('stays silent when every verification activity is done', () => {
    assert.deepEqual(analyzeFiles({ 'r.yaml': complete }).of(RULE), []);
  });

  it('skips clauses a decided entry tailors out anywhere in the workspace, by the clause or a parent, whatever the decision', () => {
    assert.deepEqual(analyzeFiles({ 'r.yaml': partial, 't.yaml': tailoring(entry('5.7.4')) }).of(RULE).map((f) => f.message.match(/for (\S+)/)![1]), ['5.7.5']);
    assert.deepEqual(analyzeFiles({ 'r.yaml': partial, 't.yaml': tailoring(entry('5.7', 'deferred')) }).of(RULE), []);
  });

  it('keeps clauses whose entry is not a decision yet (no justification, no approval date, a deferral without due date)', () => {
    const missing = (record: string) => analyzeFiles({ 'r.yaml': partial, 't.yaml': tailoring(record) }).of(RULE).map((f) => f.message.match(/for (\S+)/)![1]);
    assert.deepEqual(missing(entry('5.7.4').replace(/    justification: .*\n/, '')), ['5.7.4', '5.7.5']);
    assert.deepEqual(missing(entry('5.7.4').replace(/    date: .*\n/, '')), ['5.7.4', '5.7.5']);
    assert.deepEqual(missing(entry('5.7.4', 'deferred').replace(/    due: .*\n/, '')), ['5.7.4', '5.7.5']);
  });

  it('skips clauses the configuration does not apply', () => {
    assert.equal(analyzeFiles({ 'r.yaml': partial }, { clauses: { include: [], exclude: ['5.7.5'] } }).of(RULE).length, 1);
    assert.deepEqual(analyzeFiles({ 'r.yaml': partial }, { clauses: { include: ['5.2', '5.8'], exclude: [] } }).of(RULE), []);
  });

  it('checks each release record on its own', () => {
    const findings = analyzeFiles({ 'a.yaml': complete, 'b.yaml': partial }).of(RULE);
    assert.deepEqual([...new Set(findings.map((f) => f.uri))], [uriOf('b.yaml')]);
  });

  it('offers only a suppression (naming what else it hides) when there is no tailoring record', () => {
    const files = { 'r.yaml': partial };
    const [finding] = analyzeFiles(files).of(RULE);
    assert.deepEqual(finding.fixes!().map((f) => f.title), [`Suppress ${RULE} on this line (with a reason) — also hides the 1 other ${RULE} finding here`]);
    assertFixResolves(files, finding, finding.fixes!()[0], ['suppression-without-reason']);
  });

  it('offers an undecided tailoring entry in the tailoring record (another file), which does not resolve it until decided', () => {
    const files = { 'r.yaml': partial, 't.yaml': tailoring(entry('5.4.3')) };
    const [finding] = analyzeFiles(files).of(RULE);
    const add = finding.fixes!().find((f) => f.title === 'Add an undecided tailoring entry for 5.7.4');
    assert.ok(add);
    assert.deepEqual(Object.keys(add.edits), [uriOf('t.yaml')]);
    const fixed = applyFix(files, add);
    assert.equal(fixed['t.yaml'], files['t.yaml'] + '  - clause: "5.7.4"\n    decision: ""\n    justification: ""\n    approved_by: ""\n');
    assert.equal(fixed['r.yaml'], files['r.yaml']);
    assert.ok(analyzeFiles(fixed).of(RULE).some((f) => f.message === finding.message), 'an undecided entry tailors nothing out');
    const decided = {
      ...files,
      't.yaml': files['t.yaml'] + '  - clause: "5.7.4"\n    decision: deferred\n    justification: The lab slot is booked for the 2.4 release.\n    approved_by: Dana Ruiz\n    date: 2026-10-01\n    due: 2027-02-01\n',
    };
    assert.ok(!analyzeFiles(decided).of(RULE).some((f) => f.message === finding.message), 'a decided entry tailors it out');
  });

  describe('scoped to the components a release changes', () => {
    // A release that lists `changed_components` needs, for each required clause, completed
    // activities whose `components` together include every changed component; an activity without
    // `components` was done on the whole release. A release without the list is judged as before.
    const verification = ['5.7.1', '5.7.2', '5.7.3', '5.7.5'];
    const scoped = (clause: string, components: string) => `  - clause: "${clause}"\n    status: done\n    record: reports/${clause}.pdf\n    components: ${components}\n`;
    const changing = (components: string, activities: string) =>
      `kind: release-record\nrelease: 2.3.0\ndecision: pending\nchanged_components: ${components}\nactivities:\n${verification.map((c) => activity(c)).join('')}${activities}`;
    const missing = (text: string) => analyzeFiles({ 'r.yaml': text }).of(RULE);

    it('names the changed components no completed activity of the clause covered', () => {
      const text = changing('[gateway, pump-driver]', scoped('5.7.4', '[gateway]'));
      const [finding, ...rest] = missing(text);
      assert.equal(rest.length, 0, rest.map((f) => f.message).join('\n'));
      assert.equal(textAt(text, finding.range), 'activities');
      assert.equal(
        finding.message,
        'Release 2.3.0 changes gateway and pump-driver, but its completed activities for 5.7.4 (Penetration testing) cover only gateway: nothing shows pump-driver. ' +
          'Add a done activity for "5.7.4" whose `components` include pump-driver (or one without `components`, done on the whole release) with the `record` that shows it, ' +
          'or tailor the clause out with a decided, justified and approved tailoring entry (§5.8.6).',
      );
      assert.ok(finding.fixes!().some((fix) => fix.title.startsWith(`Suppress ${RULE}`)));
    });

    it('adds up the activities of a clause, comparing names case-insensitively', () => {
      assert.deepEqual(missing(changing('[gateway, pump-driver]', scoped('5.7.4', '[gateway]') + scoped('5.7.4', '[" Pump-Driver "]'))), []);
      assert.deepEqual(missing(changing('[gateway, pump-driver]', scoped('5.7.4', '[pump-driver, gateway, ui]'))), []);
    });

    it('counts an activity without components as done on the whole release', () => {
      assert.deepEqual(missing(changing('[gateway, pump-driver]', activity('5.7.4'))), []);
    });

    it('judges a release without changed_components as before, whatever its activities cover', () => {
      assert.deepEqual(missing(changing('[]', scoped('5.7.4', '[gateway]'))), []);
      assert.deepEqual(missing(yamlRelease(verification.map((c) => activity(c)).join('') + scoped('5.7.4', '[gateway]'))), []);
      assert.deepEqual(missing(changing('[gateway]', '')).map((f) => f.message.match(/for (\S+)/)![1]), ['5.7.4'], 'a clause without any done activity is missing as before');
    });

    it('reads a single name as that component, a placeholder as no component (never as the whole release), and an empty value as no scope', () => {
      assert.match(missing(changing('[gateway, pump-driver]', scoped('5.7.4', 'gateway')))[0].message, /cover only gateway: nothing shows pump-driver\./);
      assert.match(missing(changing('pump-driver', scoped('5.7.4', 'gateway')))[0].message, /^Release 2\.3\.0 changes pump-driver, but its completed activities for 5\.7\.4 \(Penetration testing\) cover none of it: nothing shows pump-driver\./);
      assert.match(missing(changing('[gateway, pump-driver]', scoped('5.7.4', '[TBD]')))[0].message, /cover none of them: nothing shows gateway or pump-driver\./);
      for (const empty of ['""', '[]', '']) assert.deepEqual(missing(changing('[gateway, pump-driver]', scoped('5.7.4', empty))), [], `components: ${empty} is no scope, as an empty Markdown cell`);
    });

    it('in Markdown: changed_components in the front matter and a Components column', () => {
      const md = (cell: string) =>
        '---\nkind: release-record\nrelease: 2.3.0\ndecision: pending\nchanged_components: [gateway, pump-driver]\n---\n# Release 2.3.0\n\n## Activities\n' +
        '| ID | Clause | Status | Record | Components |\n|----|--------|--------|--------|------------|\n' +
        verification.map((c, i) => `| ACT-${i + 1} | ${c} | done | reports/${c}.pdf |  |\n`).join('') +
        `| ACT-9 | 5.7.4 | done | reports/pentest.pdf | ${cell} |\n`;
      const [finding, ...rest] = analyzeFiles({ 'r.md': md('gateway') }).of(RULE);
      assert.equal(rest.length, 0, rest.map((f) => f.message).join('\n'));
      assert.match(finding.message, /^Release 2\.3\.0 changes gateway and pump-driver, but its completed activities for 5\.7\.4 \(Penetration testing\) cover only gateway: nothing shows pump-driver\./);
      assert.deepEqual(analyzeFiles({ 'r.md': md('gateway, pump-driver') }).of(RULE), []);
      assert.deepEqual(analyzeFiles({ 'r.md': md('gateway, pump-driver') }).of('invalid-value'), [], 'the fields are part of the kind');
    });

    it('are list fields of the kind: lists pass, a single value is told to be a list', () => {
      assert.deepEqual(analyzeFiles({ 'r.yaml': changing('[gateway, pump-driver]', scoped('5.7.4', '[gateway, pump-driver]')) }).of('invalid-value'), []);
      const single = changing('gateway', scoped('5.7.4', 'gateway'));
      assert.deepEqual(
        analyzeFiles({ 'r.yaml': single }).of('invalid-value').map((f) => f.message),
        ['`changed_components` must be a list, e.g. `changed_components: [gateway]`.', '`components` must be a list, e.g. `components: [gateway]`.'],
      );
    });
  });

  describe('in Markdown', () => {
    it('fires at the kind value for the missing clause, and is silent once done', () => {
      const files = { 'r.md': mdRelease };
      const [finding, ...rest] = analyzeFiles(files).of(RULE);
      assert.equal(rest.length, 0);
      assert.equal(textAt(mdRelease, finding.range), 'release-record');
      assert.match(finding.message, /for 5\.7\.4/);
      const done = mdRelease + '| ACT-5 | 5.7.4 | done | reports/pentest.pdf |\n';
      assert.deepEqual(analyzeFiles({ 'r.md': done }).of(RULE), []);
    });

    it('adds a row to a Markdown tailoring table', () => {
      const table =
        '---\nkind: tailoring-record\napprovers:\n  - name: Dana Ruiz\n    security_expertise: CSSLP\n---\n# Tailoring\n\n## Entries\n' +
        '| ID | Clause | Decision | Justification | Approved by |\n|----|--------|----------|---------------|-------------|\n' +
        '| TL-01 | 5.4.3 | deferred | Interfaces come in 3.0. | Dana Ruiz |\n';
      const files = { 'r.md': mdRelease, 't.md': table };
      const [finding] = analyzeFiles(files).of(RULE);
      const add = finding.fixes!().find((f) => f.title === 'Add an undecided tailoring entry for 5.7.4')!;
      const fixed = applyFix(files, add);
      assert.equal(fixed['t.md'], table + '| TL-02 | 5.7.4 |  |  |  |\n');
    });
  });
});
