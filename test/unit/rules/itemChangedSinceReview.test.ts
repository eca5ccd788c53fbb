import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, applyFix, uriOf } from '../../support/workspace';

const RULE = 'item-changed-since-review';
const TODAY = '2026-12-04';
const reqs = (extra: string, text = 'Authenticate every cloud connection') =>
  [
    'kind: security-requirements',
    'requirements:',
    '  # SR-1 was reviewed with the cloud team',
    '  - id: SR-1',
    `    text: ${text} # keep this wording`,
    '    phase: operation',
    '    threats: [TH-1]',
    ...extra.split('\n').filter(Boolean),
    '  - id: SR-2',
    '    text: Log every login',
    '    phase: operation',
    '',
  ].join('\n');
const threats = (title = 'Spoofed cloud') => `kind: threat-model\nthreats:\n  - id: TH-1\n    title: ${title}\n`;

/** Files in which SR-1 carries a current stamp: written by the rule's own fix, as a person would get it. */
function reviewed(): Record<string, string> {
  const files = { 'req.yaml': reqs('    reviewed: 2026-01-05'), 'tm.yaml': threats() };
  const [finding] = analyzeFiles(files, {}, undefined, TODAY).of(RULE);
  assert.ok(finding, 'a review date without a fingerprint is a finding');
  return applyFix(files, finding.fixes!()[0]);
}

describe('item-changed-since-review', () => {
  it('asks for a fingerprint where an item records only a review date, and Mark as reviewed writes date and fingerprint, touching nothing else', () => {
    const files = { 'req.yaml': reqs('    reviewed: 2026-01-05'), 'tm.yaml': threats() };
    const [finding, ...rest] = analyzeFiles(files, {}, undefined, TODAY).of(RULE);
    assert.equal(rest.length, 0, 'SR-2 records no review: nothing to say');
    assert.equal(finding.severity, 'warning');
    assert.equal(textAt(files['req.yaml'], finding.range), '2026-01-05');
    assert.match(finding.message, /^Requirement SR-1 records a review on 2026-01-05 but no `review_fingerprint`/);
    const [fix] = finding.fixes!();
    assert.equal(fix.title, `Mark SR-1 as reviewed (today, ${TODAY})`);
    const after = applyFix(files, fix)['req.yaml'];
    const fingerprint = /review_fingerprint: (v1-[0-9a-f]{16})\n/.exec(after)?.[1];
    assert.ok(fingerprint, after);
    assert.equal(after, reqs(`    reviewed: ${TODAY}\n    review_fingerprint: ${fingerprint}`), 'only the stamp changed; comments and other items as written');
    assert.deepEqual(analyzeFiles({ ...files, 'req.yaml': after }, {}, undefined, TODAY).of(RULE), []);
  });

  it('fires after an edit of the item, and clears after Mark as reviewed', () => {
    const stamped = reviewed();
    assert.deepEqual(analyzeFiles(stamped).of(RULE), [], 'current after the review');
    const edited = { ...stamped, 'req.yaml': stamped['req.yaml'].replace('Authenticate every cloud connection', 'Authenticate some cloud connections') };
    const [finding, ...rest] = analyzeFiles(edited, {}, undefined, TODAY).of(RULE);
    assert.equal(rest.length, 0);
    assert.equal(finding.message, `Requirement SR-1 changed since it was reviewed on ${TODAY}: its content, or an item it links to, is not what the review recorded. Review it again, then run "Mark as reviewed" (§5.2.2).`);
    assert.match(textAt(edited['req.yaml'], finding.range), /^v1-[0-9a-f]{16}$/);
    const marked = applyFix(edited, finding.fixes!()[0]);
    assert.deepEqual(analyzeFiles(marked).of(RULE), []);
    const reverted = { ...marked, 'req.yaml': marked['req.yaml'].replace('Authenticate some', 'Authenticate every').replace('cloud connections #', 'cloud connection #') };
    assert.equal(analyzeFiles(reverted).of(RULE).length, 1, 'the stamp is of the content reviewed: going back is a change too');
  });

  it('fires when an item it links to changes (the threat a requirement answers), not when an unlinked one does', () => {
    const stamped = reviewed();
    assert.equal(analyzeFiles({ ...stamped, 'tm.yaml': threats('Spoofed cloud endpoint') }).of(RULE).length, 1);
    assert.equal(analyzeFiles({ ...stamped, 'tm.yaml': threats() + '  - id: TH-2\n    title: Other\n' }).of(RULE).length, 0);
    assert.equal(analyzeFiles({ ...stamped, 'tm.yaml': 'kind: threat-model\nthreats: []\n' }).of(RULE).length, 1, 'a linked item that went away');
  });

  it('reads neither re-indented text nor the order of keys as a change', () => {
    const stamped = reviewed();
    const reordered = stamped['req.yaml'].replace('    text: Authenticate every cloud connection # keep this wording\n    phase: operation\n', '    phase: operation\n    text:   Authenticate every cloud connection # keep this wording\n');
    assert.notEqual(reordered, stamped['req.yaml']);
    assert.deepEqual(analyzeFiles({ ...stamped, 'req.yaml': reordered }).of(RULE), []);
  });

  it('offers no edit in a Markdown row without the stamp columns, but still says the item changed', () => {
    const md = ['---', 'kind: security-requirements', '---', '## Operation', '', '| ID | Text | Reviewed |', '|---|---|---|', '| SR-1 | Log in | 2026-01-05 |', ''].join('\n');
    const [finding] = analyzeFiles({ 'req.md': md }, {}, undefined, TODAY).of(RULE);
    assert.equal(finding.uri, uriOf('req.md'));
    assert.deepEqual(finding.fixes!().map((fix) => fix.title), [`Suppress ${RULE} on this line (with a reason)`]);
  });
});
