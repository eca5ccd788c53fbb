// diffSnapshots: two analysed versions of the security file in, the changes between them out.
import { strict as assert } from 'node:assert';
import { clauseCoverage, DEFAULT_CONFIG, diffSnapshots, formatReleaseDiff, type Snapshot } from '../../../server/src/engine';
import { testCatalog } from '../../support/fixtures';
import { analyzeFiles } from '../../support/workspace';

function snapshot(label: string, files: Record<string, string>): Snapshot {
  const { index, findings } = analyzeFiles(files);
  const coverage = clauseCoverage(index, testCatalog(), DEFAULT_CONFIG, { findings });
  return { label, projects: [{ name: '.', index, findings, coverage, pathOf: (uri) => uri.replace('file:///ws/', '') }] };
}

const threats = (body: string) => `kind: threat-model\nthreats:\n${body}`;
const TH1 = '  - id: TH-1\n    title: Dose tampering\n    risk: low\n';
const TH2 = '  - id: TH-2\n    title: Replay of pump commands\n    risk: medium\n';
const tailoring = (decision: string) =>
  `kind: tailoring-record\napprovers:\n  - name: Dana Reyes\n    role: Security lead\n    security_expertise: CISSP\nentries:\n  - clause: "5.4.1"\n    decision: ${decision}\n    justification: The device has no user-facing documentation channel; the labeling covers it.\n    approved_by: Dana Reyes\n    date: 2026-01-10\n`;

describe('release diff (engine)', () => {
  const before = snapshot('v1', { 'threat-model.yaml': threats(TH1 + TH2), 'tailoring-record.yaml': tailoring('not-applicable') });
  const after = snapshot('v2', {
    'threat-model.yaml': threats(TH1.replace('risk: low', 'risk: high') + '  - id: TH-3\n    title: Firmware downgrade\n    risk: high\n'),
    'tailoring-record.yaml': tailoring('alternative'),
  });
  const diff = diffSnapshots(before, after);

  it('lists exactly the items added, removed and changed, field by field', () => {
    assert.deepEqual(diff.added.map((item) => `${item.collection} ${item.key}`), ['threats TH-3']);
    assert.deepEqual(diff.removed.map((item) => `${item.collection} ${item.key}`), ['threats TH-2']);
    assert.deepEqual(
      diff.changed.map((item) => [`${item.collection} ${item.key}`, item.fields]),
      [
        ['entries clause: 5.4.1', [{ field: 'decision', before: 'not-applicable', after: 'alternative' }]],
        ['threats TH-1', [{ field: 'risk', before: 'low', after: 'high' }]],
      ],
    );
    assert.deepEqual(diff.tailoring, [{ project: '.', key: 'clause: 5.4.1', change: 'changed', fields: [{ field: 'decision', before: 'not-applicable', after: 'alternative' }] }]);
  });

  it('lists the findings that appeared and those closed, wherever their lines moved', () => {
    const unmitigated = (list: typeof diff.appeared) => list.filter((f) => f.rule === 'threat-unmitigated').map((f) => f.message.match(/TH-\d/)?.[0]);
    assert.deepEqual(unmitigated(diff.appeared), ['TH-3']);
    assert.deepEqual(unmitigated(diff.closed), ['TH-2']);
    assert.ok(!diff.appeared.some((f) => f.rule !== 'threat-untreated' && f.message.includes('TH-1')), 'TH-1 was unmitigated in both: not new');
    assert.ok(diff.appeared.some((f) => f.rule === 'threat-untreated' && f.message.includes('TH-1')), 'TH-1 became untreated when its risk rose to high');
  });

  it('nothing changed: nothing listed', () => {
    const same = diffSnapshots(before, snapshot('v1 again', { 'threat-model.yaml': `# a comment\n${threats(TH1 + TH2)}`, 'tailoring-record.yaml': tailoring('not-applicable') }));
    assert.deepEqual([same.added, same.removed, same.changed, same.coverage, same.tailoring, same.appeared, same.closed], [[], [], [], [], [], [], []]);
  });

  it('reports coverage that changed with the clause and both statuses', () => {
    const covered = snapshot('v3', { 'threat-model.yaml': threats(TH1 + TH2) });
    const changes = diffSnapshots(before, covered).coverage;
    const entry = changes.find((c) => c.clause === '5.4.1');
    assert.ok(entry, JSON.stringify(changes));
    assert.equal(entry.before, 'tailored');
    assert.notEqual(entry.after, 'tailored');
  });

  it('writes text, Markdown and JSON', () => {
    const text = formatReleaseDiff(diff, 'text');
    assert.match(text, /^Changes to the security file: v1 → v2$/m);
    assert.match(text, /^ {2}\+ threats TH-3 \(threat-model\.yaml:\d+\)$/m);
    assert.match(text, /^ {6}risk: low → high$/m);
    const md = formatReleaseDiff(diff, 'md');
    assert.match(md, /^\| threats TH-1 \| risk \| low \| high \|$/m);
    assert.deepEqual(JSON.parse(formatReleaseDiff(diff, 'json')).added.map((i: { key: string }) => i.key), ['TH-3']);
  });
});
