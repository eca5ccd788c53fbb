import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, assertFixResolves, uriOf } from '../../support/workspace';

const RULE = 'architecture-review-stale';
const tm = (dates: string) => `kind: threat-model\n${dates}threats:\n  - id: TH-1\n`;
const arch = (reviewed: string) => `kind: security-architecture\n${reviewed}controls:\n  - id: CTL-1\n    layer: network\n    mitigates: [TH-1]\n    safety_impact: none\n`;

describe('architecture-review-stale', () => {
  it('fires when the architecture was reviewed before the threat model last changed, at the date (YAML)', () => {
    const files = { 'arch.yaml': arch('reviewed: 2026-09-10\n'), 'tm.yaml': tm('reviewed: 2026-09-01\nchanged: 2026-10-02\n') };
    const [finding, ...rest] = analyzeFiles(files).of(RULE);
    assert.equal(rest.length, 0);
    assert.equal(finding.uri, uriOf('arch.yaml'));
    assert.equal(textAt(files['arch.yaml'], finding.range), '2026-09-10');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.clause, '5.3.1');
    assert.equal(
      finding.message,
      'The security architecture in arch.yaml was reviewed on 2026-09-10, before the threat model last changed (2026-10-02, in tm.yaml). ' +
        'Review the architecture against the current threats and update `reviewed` (§5.3.1).',
    );
    const [related] = finding.related!;
    assert.equal(related.uri, uriOf('tm.yaml'));
    assert.equal(textAt(files['tm.yaml'], related.range), '2026-10-02');
  });

  it('stays silent when the review is on or after the last change, or there is no threat model', () => {
    assert.deepEqual(analyzeFiles({ 'arch.yaml': arch('reviewed: 2026-10-02\n'), 'tm.yaml': tm('changed: 2026-10-02\n') }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'arch.yaml': arch('reviewed: 2026-11-01\n'), 'tm.yaml': tm('reviewed: 2026-10-02\n') }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'arch.yaml': arch('') }).of(RULE), []);
    const md = '---\nkind: security-architecture\nreviewed: "2026-10-05"\n---\n# Architecture\n';
    assert.deepEqual(analyzeFiles({ 'arch.md': md, 'tm.md': '---\nkind: threat-model\nchanged: 2026-10-01\n---\n' }).of(RULE), []);
  });

  it('takes the latest date of all threat-model files', () => {
    const files = { 'arch.yaml': arch('id: ARCH-1\nreviewed: 2026-09-10\n'), 'tm1.yaml': tm('reviewed: 2026-09-01\n'), 'tm2.yaml': tm('changed: 2026-09-20\n') };
    const [finding] = analyzeFiles(files).of(RULE);
    assert.match(finding.message, /^Security architecture ARCH-1 was reviewed on 2026-09-10, before the threat model last changed \(2026-09-20, in tm2\.yaml\)/);
    assert.equal(finding.related![0].uri, uriOf('tm2.yaml'));
  });

  it('ignores dates it cannot read (invalid-value reports them)', () => {
    assert.deepEqual(analyzeFiles({ 'arch.yaml': arch('reviewed: 2026-09-10\n'), 'tm.yaml': tm('changed: 2026-13-01\nreviewed: soon\n') }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'arch.yaml': arch('reviewed: last week\n'), 'tm.yaml': tm('changed: 2026-10-01\n') }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'arch.yaml': arch('reviewed: [2026-01-01]\n'), 'tm.yaml': tm('changed: {a: 1}\n') }).of(RULE), []);
  });

  it('fires on an architecture without a review date: at the kind value, or at an empty `reviewed:`', () => {
    const files = { 'a.yaml': arch(''), 'b.yaml': arch('reviewed:\n'), 'tm.yaml': tm('changed: 2026-10-02\n') };
    const findings = analyzeFiles(files).of(RULE);
    assert.deepEqual(findings.map((f) => [f.uri, textAt(files[f.uri === uriOf('a.yaml') ? 'a.yaml' : 'b.yaml'], f.range)]), [
      [uriOf('a.yaml'), 'security-architecture'],
      [uriOf('b.yaml'), 'reviewed'],
    ]);
    assert.equal(
      findings[0].message,
      'The security architecture in a.yaml records no review date, so nothing shows it was reviewed against the current threat model (last changed 2026-10-02, in tm.yaml). ' +
        'Review it and record the date: `reviewed: YYYY-MM-DD` (§5.3.1).',
    );
    const undated = analyzeFiles({ 'a.yaml': arch(''), 'tm.yaml': tm('') }).of(RULE);
    assert.match(undated[0].message, /against the current threat model\. Review it/);
  });

  it('fires in Markdown at the reviewed value in the front matter, with a suppression that works there', () => {
    const md = '---\nkind: security-architecture\nreviewed: "2026-09-10"\n---\n# Architecture\n';
    const files = { 'arch.md': md, 'tm.md': '---\nkind: threat-model\nchanged: 2026-10-01\n---\n' };
    const [finding] = analyzeFiles(files).of(RULE);
    assert.equal(textAt(md, finding.range), '2026-09-10');
    assert.equal(finding.range.start.line, 2);
    const [suppress] = finding.fixes!();
    assert.equal(suppress.title, 'Suppress architecture-review-stale on this line (with a reason)');
    assert.ok(!suppress.isPreferred);
    const fixed = assertFixResolves(files, finding, suppress, ['suppression-without-reason']);
    assert.match(fixed['arch.md'], /\n# clause-guide-disable-next-line architecture-review-stale -- [^\n]*\nreviewed:/);
  });

  it('suppression with a reason resolves it in YAML', () => {
    const files = { 'arch.yaml': arch('reviewed: 2026-09-10\n'), 'tm.yaml': tm('changed: 2026-10-02\n') };
    const [finding] = analyzeFiles(files).of(RULE);
    assertFixResolves(files, finding, finding.fixes!()[0], ['suppression-without-reason']);
  });

  describe('with a review stamp (reviewed + review_fingerprint, the mechanism of item-changed-since-review)', () => {
    const TODAY = '2026-12-04';
    /** The architecture stamped by the rule's own fix, as a person gets it. */
    function stamped(): Record<string, string> {
      const files = { 'arch.yaml': arch('# reviewed with the cloud team\nreviewed: 2026-09-10\n'), 'tm.yaml': tm('changed: 2026-10-02\n') };
      const [finding] = analyzeFiles(files, {}, undefined, TODAY).of(RULE);
      const fix = finding.fixes!()[0];
      assert.equal(fix.title, `Mark the security architecture as reviewed (today, ${TODAY})`);
      const fixed = assertFixResolves(files, finding, fix);
      assert.match(fixed['arch.yaml'], new RegExp(`^kind: security-architecture\\n# reviewed with the cloud team\\nreviewed: ${TODAY}\\ncontrols:[^]*\\nreview_fingerprint: v1-[0-9a-f]{16}\\n$`));
      return fixed;
    }

    it('Mark as reviewed on a date-only finding writes date and fingerprint, and the finding clears', () => {
      stamped();
    });

    it('fires when the architecture is edited after its review, though no date says so (the date comparison missed it)', () => {
      const files = stamped();
      const edited = { ...files, 'arch.yaml': files['arch.yaml'].replace('layer: network', 'layer: application') };
      const [finding, ...rest] = analyzeFiles(edited, {}, undefined, TODAY).of(RULE);
      assert.equal(rest.length, 0);
      assert.match(finding.message, new RegExp(`^The security architecture in arch\\.yaml or the threat model changed since the architecture was reviewed on ${TODAY}`));
      assert.match(textAt(edited['arch.yaml'], finding.range), /^v1-[0-9a-f]{16}$/);
      assertFixResolves(edited, finding, finding.fixes!()[0]);
    });

    it('fires when a threat is added to the threat model after the review, and not while both are as reviewed', () => {
      const files = stamped();
      assert.deepEqual(analyzeFiles(files).of(RULE), []);
      const newThreat = { ...files, 'tm.yaml': files['tm.yaml'] + '  - id: TH-2\n' };
      assert.equal(analyzeFiles(newThreat).of(RULE).length, 1);
    });

    it('on an architecture with no review date, the fix adds both stamp lines at the top level', () => {
      const files = { 'arch.yaml': arch(''), 'tm.yaml': tm('changed: 2026-10-02\n') };
      const [finding] = analyzeFiles(files, {}, undefined, TODAY).of(RULE);
      const fixed = assertFixResolves(files, finding, finding.fixes!()[0]);
      assert.ok(fixed['arch.yaml'].startsWith(files['arch.yaml'].trimEnd()), 'what was written stays as it was');
      assert.match(fixed['arch.yaml'].slice(files['arch.yaml'].trimEnd().length), new RegExp(`^\\nreviewed: ${TODAY}\\nreview_fingerprint: v1-[0-9a-f]{16}\\n?$`));
    });
  });
});
