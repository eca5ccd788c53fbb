import { strict as assert } from 'node:assert';
import { CHAPTER_TITLES, clauseCoverage, coverageMarkdown, DEFAULT_CONFIG } from '../../../server/src/engine';
import { testCatalog } from '../../support/fixtures';
import { analyzeFiles } from '../../support/workspace';

const catalog = testCatalog();
const config = { ...DEFAULT_CONFIG, clauses: { include: ['4.1.5', '5.4.1', '7.2', '9.1', 'E.3'], exclude: [] } };
const files = {
  'tm.yaml':
    'kind: threat-model\nmethod: STRIDE\nreviewed: 2026-09-01\nthreats:\n  - id: TH-1\n    title: Spoofing\n    category: spoofing\n    safety_impact: none\n    risk: low\n',
  'plan.yaml': 'kind: lifecycle-plan\nclauses: ["7.2", "5.4.1"]\n',
  'tailoring.yaml':
    'kind: tailoring-record\napprovers:\n  - name: Dana Ruiz\n    security_expertise: CSSLP\nentries:\n' +
    '  - clause: "9"\n    decision: not-applicable\n    justification: Problem resolution runs in the platform team\'s process, which this product inherits.\n    approved_by: Dana Ruiz\n    date: 2026-10-01\n' +
    '  - clause: "E.3"\n    decision: not-applicable\n',
};
const relative = (uri: string) => uri.replace('file:///ws/', '');

describe('coverageMarkdown', () => {
  const entries = clauseCoverage(analyzeFiles(files, config).index, catalog, config);

  it('groups clauses by chapter with totals, a status word per clause, the evidence as file:line and what is missing', () => {
    const markdown = coverageMarkdown(entries, relative);
    assert.match(markdown, /^# Coverage of IEC 81001-5-1\n\n1 covered · 1 tailored · 1 pending · 1 claimed · 1 missing of 5 applicable clauses\.\n/);
    const headings = markdown.split('\n').filter((line) => line.startsWith('## '));
    assert.deepEqual(headings, [
      '## Clause 4 — General requirements',
      '## Clause 5 — Software development process',
      '## Clause 7 — Security risk management process',
      '## Clause 9 — Software problem resolution process',
      '## Annex E — Documents specified in IEC 62443-4-1',
    ]);
    assert.match(markdown, /\| covered \| §7\.2 \| Identification of vulnerabilities, threats and associated adverse impacts \| tm\.yaml:2, tm\.yaml:3, tm\.yaml:5 \|/);
    assert.match(markdown, /\| tailored \| §9\.1 \| Overview \| tailored in tailoring\.yaml:6 \|/);
    assert.match(markdown, /\| pending \| §E\.3 \| .* \| tailoring entry in tailoring\.yaml:11 is not a decision yet: no justification; no approval; no approval date \|/);
    assert.match(markdown, /\| claimed \| §5\.4\.1 \| Software design best practices \| A record of the software design practices used for security\. Missing: .* Cited in plan\.yaml:2\. \|/);
    assert.match(markdown, /\| missing \| §4\.1\.5 \| Software items from third-party suppliers \| Each supplier of third-party software is listed .* Missing: no suppliers\. A valid SBOM/);
    assert.match(markdown, /## Clause 7 — Security risk management process\n\n1 covered · 0 tailored · 0 pending · 0 claimed · 0 missing\./);
    assert.doesNotMatch(markdown, /[✅✂️❌]/u, 'status is a word, not an emoji');
  });

  it('links the evidence when given a link builder', () => {
    const markdown = coverageMarkdown(entries, relative, (location) => `${location.uri}#L${location.range.start.line + 1}`);
    assert.match(markdown, /\[tm\.yaml:2\]\(file:\/\/\/ws\/tm\.yaml#L2\), \[tm\.yaml:3\]\(file:\/\/\/ws\/tm\.yaml#L3\)/);
  });

  it('uses the catalog’s chapter titles', () => {
    for (const [chapter, title] of Object.entries(CHAPTER_TITLES)) assert.equal(catalog.get(chapter)?.title, title);
  });
});
