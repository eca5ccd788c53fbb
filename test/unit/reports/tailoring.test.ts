import { strict as assert } from 'node:assert';
import { parse as parseYaml, parseDocument } from 'yaml';
import { applyTextEdits, clauseCoverage, DEFAULT_CONFIG, fieldText, planTailoringRecord, WorkspaceIndex, type TailoringPlan } from '../../../server/src/engine';
import { parse, testCatalog } from '../../support/fixtures';
import { analyzeFiles, uriOf } from '../../support/workspace';

const catalog = testCatalog();
/** Only 5.4.1–5.4.4 (evidence: security-architecture) and 4.1.5 (no evidence kind) apply: small, readable records. */
const scope = { clauses: { include: ['5.4', '4.1.5'], exclude: [] } };
const config = { ...DEFAULT_CONFIG, ...scope };
const NEW_FILE = 'security/tailoring-record.yaml';
const threatModel = 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Tampered update\n';

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [name, text] of Object.entries(files)) index.update(parse(text, name));
  return index;
}

function plan(files: Record<string, string>, today?: string, planConfig = config): TailoringPlan {
  return planTailoringRecord(indexOf(files), catalog, planConfig, { newFileUri: uriOf(NEW_FILE), today });
}

/** Applies a plan to the files, as the editor and the CLI do. */
function applied(files: Record<string, string>, result: TailoringPlan): Record<string, string> {
  const name = Object.keys(files).find((file) => uriOf(file) === result.uri) ?? NEW_FILE;
  return { ...files, [name]: result.create ? result.text! : applyTextEdits(files[name], result.edits ?? []) };
}

/** Every line of `before` is in `after`, byte for byte and in the same order. */
function assertKeepsEveryLine(before: string, after: string) {
  const afterLines = after.split('\n');
  let at = 0;
  for (const line of before.split('\n')) {
    while (at < afterLines.length && afterLines[at] !== line) at++;
    assert.ok(at < afterLines.length, `the original line ${JSON.stringify(line)} is still there, in order`);
    at++;
  }
}

/** Clauses that still need a decision (missing, or only claimed): what the generator adds entries for. */
const uncovered = (files: Record<string, string>) =>
  clauseCoverage(indexOf(files), catalog, config)
    .filter((entry) => entry.status === 'missing' || entry.status === 'claimed')
    .map((entry) => entry.clause.id);
/** Clauses whose tailoring entry is not a decision yet. */
const pending = (files: Record<string, string>) =>
  clauseCoverage(indexOf(files), catalog, config)
    .filter((entry) => entry.status === 'pending')
    .map((entry) => entry.clause.id);
const entryClauses = (text: string) => ((parseYaml(text).entries ?? []) as { clause: string }[]).map((entry) => entry.clause);

/**
 * Runs the plan, checks the contract every update keeps, and returns the updated files. Only
 * `changedLine` (an empty `[]`/`~` value, or a flow list the entries go into) may differ afterwards.
 */
function updateAndCheck(files: Record<string, string>, record: string, expected: string[], options: { pureInsert?: boolean; changedLine?: string } = {}) {
  assert.ok(uncovered(files).length > 0, 'the fixture has uncovered clauses');
  const result = plan(files, '2026-11-02');
  assert.equal(result.problem, undefined);
  assert.equal(result.create, false);
  assert.equal(result.uri, uriOf(record));
  assert.deepEqual(result.added, expected);
  if (options.pureInsert !== false) {
    assert.ok(result.edits!.every((edit) => edit.range.start.line === edit.range.end.line && edit.range.start.character === edit.range.end.character), 'only insertions');
  }
  const after = applied(files, result);
  const kept = files[record].split('\n').filter((line) => line !== options.changedLine).join('\n');
  assertKeepsEveryLine(kept, after[record]);
  assert.deepEqual(uncovered(after), [], 'every clause without evidence has an entry afterwards');
  for (const clause of expected) assert.ok(pending(after).includes(clause), `${clause} is pending, not tailored: the entry decides nothing yet`);
  const again = plan(after, '2026-11-03');
  assert.deepEqual(again.added, [], 'a second run adds nothing');
  assert.deepEqual(again.edits, []);
  return after;
}

describe('planTailoringRecord', () => {
  it('creates a record with a placeholder approver and one entry per uncovered clause', () => {
    const files = { 'tm.yaml': threatModel };
    const result = plan(files, '2026-11-02', { ...DEFAULT_CONFIG, clauses: { include: ['5.1', '5.4', '4.1.5'], exclude: [] } });
    assert.equal(result.create, true);
    assert.equal(result.uri, uriOf(NEW_FILE));
    assert.ok(result.added.includes('5.1.1'), 'a new record decides nothing: it is no evidence for 5.1.1');
    assert.ok(result.added.includes('4.1.5') && result.added.includes('5.4.1'));
    const data = parseYaml(result.text!);
    assert.equal(data.kind, 'tailoring-record');
    assert.ok(data.title);
    assert.deepEqual(data.clauses, ['5.1.1']);
    assert.deepEqual(data.approvers, [{ name: '', role: '', security_expertise: '' }]);
    assert.deepEqual(
      data.entries,
      result.added.map((clause) => ({ clause, decision: '', justification: '', approved_by: '' })),
    );
    assert.match(result.text!, /^# Added by Clause Guide on 2026-11-02: undecided: decide, justify and have each entry below approved\.\nentries:\n {2}- clause: "/m);
  });

  it('writes the date in the comment only when given, and refuses to replace a file that is not a record', () => {
    const undated = plan({ 'tm.yaml': threatModel });
    assert.match(undated.text!, /^# Added by Clause Guide: undecided: decide, justify/m);
    const taken = planTailoringRecord(indexOf({ 'tm.yaml': threatModel, [NEW_FILE]: 'notes: mine\n' }), catalog, config, { newFileUri: uriOf(NEW_FILE) });
    assert.equal(taken.create, false);
    assert.deepEqual(taken.added, []);
    assert.match(taken.problem!, /tailoring-record\.yaml exists but is not a tailoring record/);
  });

  it('after creating, the clause-uncovered findings are gone and a second run changes nothing', () => {
    const files = { 'tm.yaml': threatModel };
    const created = applied(files, plan(files));
    assert.deepEqual(uncovered(created), []);
    const again = plan(created);
    assert.equal(again.create, false);
    assert.deepEqual(again.added, []);
  });

  it('updates a hand-written record: inserts only, keeps every line, comment and key order', () => {
    const record = [
      '# Tailoring record for the InfuSync gateway — written by hand.',
      'kind:   tailoring-record   # kind first, as our template says',
      '"title": \'InfuSync tailoring\'',
      'clauses: [ "5.1.1" ,  "4.1.3" ]',
      'approvers: [{name: Dana Ruiz, role: PSO, security_expertise: "CSSLP; 8 years"}]',
      '',
      'entries:',
      '    # Decided in the 2026-10 review.',
      '    -   clause:   "5.4.1"      # interfaces reviewed elsewhere',
      '        decision: not-applicable',
      '        "justification": >-',
      '          No external interface',
      '          in this release.',
      '        approved_by: Dana Ruiz',
      "    - {clause: '5.4.2', decision: alternative, justification: \"Covered by the platform SDL.\", approved_by: Dana Ruiz}",
      '',
      '# Reviewed again before each release.',
      'owner: Dana Ruiz',
      '',
    ].join('\n');
    const files = { 'tm.yaml': threatModel, 'tailoring.yaml': record };
    const after = updateAndCheck(files, 'tailoring.yaml', ['4.1.5', '5.4.3', '5.4.4']);
    const text = after['tailoring.yaml'];
    assert.equal(parseDocument(text).errors.length, 0);
    assert.deepEqual(entryClauses(text), ['5.4.1', '5.4.2', '4.1.5', '5.4.3', '5.4.4']);
    assert.deepEqual(Object.keys(parseYaml(text)), ['kind', 'title', 'clauses', 'approvers', 'entries', 'owner'], 'key order kept');
    assert.ok(
      text.includes(
        "approved_by: Dana Ruiz}\n    # Added by Clause Guide on 2026-11-02: undecided: decide, justify and have each entry below approved.\n" +
          '    - clause: "4.1.5"\n      decision: ""\n      justification: ""\n      approved_by: ""\n    - clause: "5.4.3"\n',
      ),
      'new entries follow the last one at its indentation, under one comment',
    );
    assert.equal(text.match(/# Added by Clause Guide/g)!.length, 1);
    const { of } = analyzeFiles(after, scope);
    assert.equal(of('tailoring-justification-missing').length, 3, 'the new entries wait for a person to justify them');
  });

  it('keeps CRLF line endings', () => {
    const record = 'kind: tailoring-record\r\nentries:\r\n  - clause: "5.4.1"\r\n    decision: not-applicable\r\n';
    const after = updateAndCheck({ 'tailoring.yaml': record }, 'tailoring.yaml', ['4.1.5', '5.4.2', '5.4.3', '5.4.4']);
    assert.ok(!/[^\r]\n/.test(after['tailoring.yaml']), 'every line ends in CRLF');
  });

  it('numbers new entries after the record’s own ids', () => {
    const record = 'kind: tailoring-record\nentries:\n  - id: TL-07\n    clause: "5.4"\n    decision: not-applicable\n';
    const after = updateAndCheck({ 'tailoring.yaml': record }, 'tailoring.yaml', ['4.1.5']);
    assert.match(after['tailoring.yaml'], /\n {2}- id: TL-08\n {4}clause: "4\.1\.5"\n/);
  });

  it('counts an entry for a parent clause as tailoring its subclauses', () => {
    const record = 'kind: tailoring-record\nentries:\n  - clause: "5.4"\n    decision: not-applicable\n';
    assert.deepEqual(plan({ 'tailoring.yaml': record }).added, ['4.1.5']);
  });

  it('replaces an empty flow list `entries: []` with the new block list, keeping the comment on its line', () => {
    const record = 'kind: tailoring-record\nentries: []   # none yet\nowner: QA\n';
    const after = updateAndCheck({ 'tailoring.yaml': record }, 'tailoring.yaml', ['4.1.5', '5.4.1', '5.4.2', '5.4.3', '5.4.4'], {
      pureInsert: false,
      changedLine: 'entries: []   # none yet',
    });
    const text = after['tailoring.yaml'];
    assert.match(text, /^entries:   # none yet\n {2}# Added by Clause Guide on 2026-11-02: .*\n {2}- clause: "4\.1\.5"\n/m);
    assert.deepEqual(parseYaml(text).owner, 'QA');
    assert.equal(entryClauses(text).length, 5);
  });

  it('adds `entries:` when the record has none, at the indentation of its other lists', () => {
    const record = 'kind: tailoring-record\napprovers:\n    - name: Dana Ruiz\n      security_expertise: CSSLP\n# end of record\n';
    const after = updateAndCheck({ 'tailoring.yaml': record }, 'tailoring.yaml', ['4.1.5', '5.4.1', '5.4.2', '5.4.3', '5.4.4']);
    const text = after['tailoring.yaml'];
    assert.match(text, /\n# Added by Clause Guide on 2026-11-02: .*\nentries:\n {4}- clause: "4\.1\.5"\n {6}decision: ""\n/);
    assert.equal(parseYaml(text).approvers.length, 1);
  });

  it('writes under a bare `entries:` and after `entries: ~`', () => {
    for (const value of ['', ' # to do', ' ~']) {
      const record = `kind: tailoring-record\nentries:${value}\nowner: QA\n`;
      const after = updateAndCheck({ 'tailoring.yaml': record }, 'tailoring.yaml', ['4.1.5', '5.4.1', '5.4.2', '5.4.3', '5.4.4'], {
        pureInsert: value !== ' ~',
        changedLine: 'entries: ~',
      });
      assert.equal(entryClauses(after['tailoring.yaml']).length, 5, `entries:${value}`);
    }
  });

  it('extends a flow list of entries in place', () => {
    const record = 'kind: tailoring-record\nentries: [{clause: "5.4", decision: not-applicable, justification: Not in scope., approved_by: Dana}]\n';
    const after = updateAndCheck({ 'tailoring.yaml': record }, 'tailoring.yaml', ['4.1.5'], { changedLine: record.split('\n')[1] });
    assert.deepEqual(parseYaml(after['tailoring.yaml']).entries[1], { clause: '4.1.5', decision: '', justification: '', approved_by: '' });
  });

  it('extends a multi-line flow list after its last item, keeping `]` on its own line', () => {
    const record = 'kind: tailoring-record\nentries: [\n  {clause: "5.4"},\n]\n';
    const after = updateAndCheck({ 'tailoring.yaml': record }, 'tailoring.yaml', ['4.1.5']);
    assert.match(after['tailoring.yaml'], /\{clause: "5\.4"\},\n {2}# Added by Clause Guide on 2026-11-02: .*\n {2}\{clause: "4\.1\.5", decision: "", justification: "", approved_by: ""\}\n\]\n$/);
  });

  it('leaves a comment indented under the last entry with that entry', () => {
    const record = 'kind: tailoring-record\nentries:\n- clause: "5.4"\n  # see the 2026 review\nowner: QA\n';
    const after = updateAndCheck({ 'tailoring.yaml': record }, 'tailoring.yaml', ['4.1.5']);
    assert.match(after['tailoring.yaml'], /- clause: "5\.4"\n {2}# see the 2026 review\n# Added by Clause Guide .*\n- clause: "4\.1\.5"\n/);
  });

  it('adds to YAML entries in a Markdown record’s front matter', () => {
    const record = '---\nkind: tailoring-record\nentries:\n  - clause: "5.4"\n---\n# Tailoring\n';
    const after = updateAndCheck({ 'tailoring.md': record }, 'tailoring.md', ['4.1.5']);
    assert.match(after['tailoring.md'], /^---\nkind: tailoring-record\nentries:\n {2}- clause: "5\.4"\n {2}# Added by .*\n {2}- clause: "4\.1\.5"\n(?: {4}.*\n){3}---\n# Tailoring\n$/);
  });

  it('appends rows to a Markdown record’s table under its own columns, with the next ids', () => {
    const record = [
      '---',
      'kind: tailoring-record',
      'approvers:',
      '  - name: Dana Ruiz',
      '    security_expertise: CSSLP',
      '---',
      '# Tailoring record',
      '',
      'Decisions of the 2026-10 review.',
      '',
      '| ID | Clause | Decision | Justification | Approved by |',
      '|----|--------|----------|---------------|-------------|',
      '| TL-001 | 5.4.1 | not-applicable | No external interface. | Dana Ruiz |',
      '| TL-002 | 5.4.2 | alternative | Platform SDL. | Dana Ruiz |',
      '',
      'More text after the table.',
      '',
    ].join('\n');
    const after = updateAndCheck({ 'tailoring.md': record }, 'tailoring.md', ['4.1.5', '5.4.3', '5.4.4']);
    const text = after['tailoring.md'];
    assert.ok(
      text.includes(
        '| TL-002 | 5.4.2 | alternative | Platform SDL. | Dana Ruiz |\n' +
          '| TL-003 | 4.1.5 |  |  |  |\n| TL-004 | 5.4.3 |  |  |  |\n| TL-005 | 5.4.4 |  |  |  |\n' +
          '<!-- TL-003–TL-005 added by Clause Guide on 2026-11-02: undecided: decide, justify and have each approved. -->\n\nMore text',
      ),
    );
    const entries = indexOf(after).items('entries');
    assert.deepEqual(entries.map((entry) => entry.id?.text), ['TL-001', 'TL-002', 'TL-003', 'TL-004', 'TL-005']);
  });

  it('appends rows under the columns of the last table when a record has two tables in different column orders', () => {
    const record = [
      '---',
      'kind: tailoring-record',
      'approvers:',
      '  - name: Dana Ruiz',
      '    security_expertise: CSSLP',
      '---',
      '## 2025 review',
      '',
      '| ID | Clause | Decision | Justification | Approved by |',
      '|----|--------|----------|---------------|-------------|',
      '| TL-001 | 5.4.1 | not-applicable | No external interface. | Dana Ruiz |',
      '',
      '## 2026 review',
      '',
      '| ID | Approved by | Justification | Clause | Decision |',
      '|----|-------------|---------------|--------|----------|',
      '| TL-002 | Dana Ruiz | Platform SDL. | 5.4.2 | alternative |',
      '',
    ].join('\n');
    const after = updateAndCheck({ 'tailoring.md': record }, 'tailoring.md', ['4.1.5', '5.4.3', '5.4.4']);
    assert.ok(after['tailoring.md'].includes('| TL-002 | Dana Ruiz | Platform SDL. | 5.4.2 | alternative |\n| TL-003 |  |  | 4.1.5 |  |\n'), after['tailoring.md']);
    const added = indexOf(after).items('entries').filter((entry) => entry.id?.text === 'TL-003');
    assert.equal(added.length, 1);
    assert.equal(fieldText(added[0], 'clause'), '4.1.5', 'the clause under Clause');
    assert.equal(fieldText(added[0], 'decision'), '', 'no decision is written for a person');
    assert.equal(fieldText(added[0], 'justification'), '');
  });

  it('appends rows under the table’s columns when a suppression comment stands above the first row', () => {
    const record = [
      '---',
      'kind: tailoring-record',
      'approvers:',
      '  - name: Dana Ruiz',
      '    security_expertise: CSSLP',
      '---',
      '| ID | Clause | Decision | Justification | Approved by |',
      '|----|--------|----------|---------------|-------------|',
      '<!-- clause-guide-disable-next-line tailoring-approval-missing -- approved in the 2026-10 board minutes -->',
      '| TL-001 | 5.4.1 | not-applicable | No external interface. |  |',
      '',
    ].join('\n');
    const after = updateAndCheck({ 'tailoring.md': record }, 'tailoring.md', ['4.1.5', '5.4.2', '5.4.3', '5.4.4']);
    assert.ok(after['tailoring.md'].includes('| TL-001 | 5.4.1 | not-applicable | No external interface. |  |\n| TL-002 | 4.1.5 |  |  |  |\n'), after['tailoring.md']);
  });

  it('adds a table to a Markdown record that has none', () => {
    const record = '---\nkind: tailoring-record\n---\n# Tailoring record\n\nNo decisions yet.\n';
    const after = updateAndCheck({ 'tailoring.md': record }, 'tailoring.md', ['4.1.5', '5.4.1', '5.4.2', '5.4.3', '5.4.4']);
    assert.match(after['tailoring.md'], /\n## Tailoring entries\n\n<!-- .* -->\n\| ID \| Clause \| Decision \| Justification \| Approved by \|\n\|---\|---\|---\|---\|---\|\n\| TL-001 \| 4\.1\.5 \|  \|  \|  \|\n/);
  });

  it('writes nothing into a record that does not parse, and says why', () => {
    const record = 'kind: tailoring-record\nentries:\n  - clause: "5.4.1\n    decision: [\n';
    const result = plan({ 'tailoring.yaml': record });
    assert.deepEqual(result.added, []);
    assert.deepEqual(result.edits, []);
    assert.match(result.problem!, /syntax error/);
  });

  it('writes nothing when `entries` is not a list', () => {
    const result = plan({ 'tailoring.yaml': 'kind: tailoring-record\nentries: see the wiki\n' });
    assert.deepEqual(result.added, []);
    assert.match(result.problem!, /`entries` is not a list/);
  });
});
