import { strict as assert } from 'node:assert';
import { Analyzer, DEFAULT_CONFIG, WorkspaceIndex, releaseReadiness } from '../../../server/src/engine';
import { parse, testCatalog } from '../../support/fixtures';
import { analyzeFiles } from '../../support/workspace';

const scope = { clauses: { include: ['5.7', '4.1.5'], exclude: [] } };
const relative = (uri: string) => uri.replace('file:///ws/', '');
const release = (decision: string, findings: string, activities: string) =>
  `kind: release-record\nrelease: 2.3.0\ndecision: ${decision}\nfindings:\n${findings}activities:\n${activities}`;
const done = (clause: string, record = 'reports/r.pdf') => `  - clause: "${clause}"\n    status: done\n    record: ${record}\n`;
const allDone = ['5.7.1', '5.7.2', '5.7.3', '5.7.4', '5.7.5'].map((clause) => done(clause)).join('');
const tailoring = (justification: string) =>
  `kind: tailoring-record\napprovers:\n  - name: Dana Ruiz\n    security_expertise: CSSLP\nentries:\n  - clause: "4.1.5"\n    decision: not-applicable\n    justification: ${justification}\n    approved_by: Dana Ruiz\n    date: 2026-10-01\n`;

function readiness(files: Record<string, string>, today?: string) {
  const { index, findings } = analyzeFiles(files, scope, undefined, today);
  const byUri = new Map<string, typeof findings>();
  for (const finding of findings) byUri.set(finding.uri, [...(byUri.get(finding.uri) ?? []), finding]);
  return releaseReadiness(index, byUri, relative);
}

describe('releaseReadiness', () => {
  it('says "Ready to release" when nothing blocks', () => {
    const result = readiness({ 'release.yaml': release('pending', '  - id: F-1\n    status: resolved\n', allDone), 'tailoring.yaml': tailoring('No suppliers.') });
    assert.equal(result.blocking, 0);
    assert.match(result.markdown, /^## Release 2\.3\.0 — decision: pending\n\n\*\*Ready to release 2\.3\.0\.\*\*$/m);
  });

  it('lists open findings, activities without record, missing activities and tailoring gaps, each with file:line', () => {
    const files = {
      'release.yaml': release('pending', '  - id: F-1\n    status: open\n', done('5.7.1', '""') + done('5.7.2') + done('5.7.3') + done('5.7.4')),
      'tailoring.yaml': tailoring('""'),
    };
    const result = readiness(files);
    // Blocking: the open finding (a warning while pending, still blocking), the activity without record, the unjustified entry. Not: the missing activity (a warning).
    assert.equal(result.blocking, 3);
    assert.match(result.markdown, /\*\*3 items block release 2\.3\.0\.\*\*/);
    assert.match(result.markdown, /### Open findings \(§5\.8\.5\)\n\n- ❌ `release\.yaml:6` Finding F-1 is open while release 2\.3\.0 is pending\./);
    assert.match(result.markdown, /### Activities marked done without a record \(§5\.8\.6\)\n\n- ❌ `release\.yaml:9` The activity for 5\.7\.1 is marked done but names no record\./);
    assert.match(result.markdown, /### Missing activities \(§5\.8\.6\)\n\n- ⚠️ `release\.yaml:7` Release 2\.3\.0 shows no completed activity for 5\.7\.5/);
    assert.match(result.markdown, /## Whole project \(holds up every release\)\n\n### Tailoring entries that are no decision yet \(§5\.1\.1\)\n\n- ❌ `tailoring\.yaml:6` The tailoring entry for 4\.1\.5 has no justification\./);
  });

  it('lists a deferral without a due date and one past it among the tailoring gaps, and both block', () => {
    const deferral = (clause: string, due: string) =>
      `  - clause: "${clause}"\n    decision: deferred\n    justification: The external lab is booked for the first quarter.\n    approved_by: Dana Ruiz\n    date: 2026-10-01\n${due}`;
    const files = {
      'release.yaml': release('pending', '  - id: F-1\n    status: resolved\n', done('5.7.1') + done('5.7.2') + done('5.7.3')),
      'tailoring.yaml': tailoring('No suppliers.') + deferral('5.7.4', '') + deferral('5.7.5', '    due: 2026-11-30\n'),
    };
    const result = readiness(files, '2026-12-04');
    assert.equal(result.blocking, 2);
    assert.match(result.markdown, /### Tailoring entries that are no decision yet \(§5\.1\.1\)\n\n- ❌ `tailoring\.yaml:\d+` The tailoring entry for 5\.7\.4 defers the clause without saying by when\.[^\n]*\n- ❌ `tailoring\.yaml:\d+` The deferral of 5\.7\.5 was due on 2026-11-30\./);
  });

  it('lists the suppressed findings with their reasons, and the completed activities with their records', () => {
    const files = {
      'release.yaml': release(
        'pending',
        '  - id: F-1\n    source: penetration-test\n    # clause-guide-disable-next-line release-open-finding -- exploit needs physical access to the pump; fixed in 2.3.1\n    status: open\n',
        done('5.7.1', '""') + done('5.7.2') + done('5.7.3') + done('5.7.4') + done('5.7.5'),
      ),
      'tailoring.yaml': tailoring('No suppliers.'),
    };
    const index = new WorkspaceIndex();
    for (const [name, text] of Object.entries(files)) index.update(parse(text, name));
    const analyzer = new Analyzer(testCatalog());
    const byUri = analyzer.analyze(index, { ...DEFAULT_CONFIG, ...scope });
    const suppressed = analyzer.suppressedFindings(index);
    assert.deepEqual(suppressed.map((entry) => [entry.finding.rule, entry.reason]), [['release-open-finding', 'exploit needs physical access to the pump; fixed in 2.3.1']]);
    const result = releaseReadiness(index, byUri, relative, suppressed);
    assert.match(
      result.markdown,
      /## Suppressed findings \(accepted with a reason; they block nothing\)\n\n- 🔕 `release\.yaml:8` `release-open-finding`: Finding F-1 is open[^\n]* — \*\*reason:\*\* exploit needs physical access to the pump; fixed in 2\.3\.1\n/,
    );
    assert.match(result.markdown, /### Completed activities and their records \(§5\.8\.6\)\n\n- ⚠️ §5\.7\.1 — no record \(not a real record: see above\)[^\n]*\n- ✅ §5\.7\.2 — record `reports\/r\.pdf` `release\.yaml:\d+`\n/);
    assert.equal(result.blocking, 1, 'the suppressed finding blocks nothing; the activity without a record does');
  });

  it('lists uncovered clauses by clause and title, and counts a missing release record as blocking', () => {
    const result = readiness({ 'tm.yaml': 'kind: threat-model\n' });
    assert.match(result.markdown, /\*\*No release record: the release cannot be authorized\.\*\*/);
    assert.match(result.markdown, /### Clauses not covered \(missing, claimed or pending\)\n\n- ⚠️ `tm\.yaml:1` \d+ of \d+ applicable clauses are not covered \(\d+ missing\): 4\.1\.5, [^\n]*\.\n/);
    assert.equal(result.blocking, 1, 'uncovered clauses are warnings; the missing record blocks');
  });

  it('lists unassessed vulnerabilities and unjustified VEX statements for the whole project; an unassessed one blocks even while the release is pending', () => {
    const grype = JSON.stringify({
      matches: [{ vulnerability: { id: 'CVE-2021-44906', severity: 'Critical' }, artifact: { name: 'minimist', version: '1.2.5', type: 'npm', purl: 'pkg:npm/minimist@1.2.5' } }],
    });
    const vex = JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0',
      '@id': 'https://example.com/vex/1',
      author: 'PSIRT',
      timestamp: '2026-11-21T10:00:00Z',
      version: 1,
      statements: [{ vulnerability: { name: 'CVE-2024-1' }, products: [{ '@id': 'pkg:npm/express@4.18.2' }], status: 'not_affected' }],
    });
    const files = { 'release.yaml': release('pending', '  - id: F-1\n    status: resolved\n', allDone), 'tailoring.yaml': tailoring('No suppliers.'), 'grype.json': grype, 'product.vex.json': vex };
    const result = readiness(files);
    assert.equal(result.blocking, 2);
    assert.match(result.markdown, /### Known vulnerabilities not assessed \(§5\.8\.5, §9\.3\)\n\n- ❌ `grype\.json:1` Vulnerability CVE-2021-44906 in minimist@1\.2\.5 has no VEX statement/);
    assert.match(result.markdown, /- ❌ `product\.vex\.json:1` The statement that CVE-2024-1 does not affect the product gives no justification/);
  });
});
