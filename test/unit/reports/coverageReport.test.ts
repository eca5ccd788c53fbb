import { strict as assert } from 'node:assert';
import { CHAPTER_TITLES, clauseCoverage, coverageMarkdown, DEFAULT_CONFIG } from '../../../server/src/engine';
import { testCatalog } from '../../support/fixtures';
import { analyzeFiles } from '../../support/workspace';

const catalog = testCatalog();
const config = { ...DEFAULT_CONFIG, clauses: { include: ['4.1.5', '5.4.1', '7.2', '9.1', 'E.3'], exclude: [] } };
const files = {
  'tm.yaml': 'kind: threat-model\nthreats:\n  - id: TH-1\n',
  'plan.yaml': 'kind: lifecycle-plan\nclauses: ["7.2"]\n',
  'tailoring.yaml': 'kind: tailoring-record\nentries:\n  - clause: "9"\n    decision: not-applicable\n',
};
const relative = (uri: string) => uri.replace('file:///ws/', '');

describe('coverageMarkdown', () => {
  const entries = clauseCoverage(analyzeFiles(files, config).index, catalog, config);

  it('groups clauses by chapter with totals, an icon per status and the evidence as file:line', () => {
    const markdown = coverageMarkdown(entries, relative);
    assert.match(markdown, /^# Coverage of IEC 81001-5-1\n\n✅ 1 covered · ✂️ 1 tailored · ❌ 3 missing of 5 applicable clauses\.\n/);
    const headings = markdown.split('\n').filter((line) => line.startsWith('## '));
    assert.deepEqual(headings, [
      '## Clause 4 — General requirements',
      '## Clause 5 — Software development process',
      '## Clause 7 — Security risk management process',
      '## Clause 9 — Software problem resolution process',
      '## Annex E — Documents specified in IEC 62443-4-1',
    ]);
    assert.match(markdown, /\| ✅ \| §7\.2 \| Identification of vulnerabilities, threats and associated adverse impacts \| plan\.yaml:2, tm\.yaml:1 \|/);
    assert.match(markdown, /\| ✂️ \| §9\.1 \| Overview \| tailored in tailoring\.yaml:3 \|/);
    assert.match(markdown, /\| ❌ \| §4\.1\.5 \| Software items from third-party suppliers \| no evidence, no tailoring entry \|/);
    assert.match(markdown, /## Clause 7 — Security risk management process\n\n✅ 1 covered · ✂️ 0 tailored · ❌ 0 missing\./);
  });

  it('links the evidence when given a link builder', () => {
    const markdown = coverageMarkdown(entries, relative, (location) => `${location.uri}#L${location.range.start.line + 1}`);
    assert.match(markdown, /\[plan\.yaml:2\]\(file:\/\/\/ws\/plan\.yaml#L2\), \[tm\.yaml:1\]\(file:\/\/\/ws\/tm\.yaml#L1\)/);
  });

  it('uses the catalog’s chapter titles', () => {
    for (const [chapter, title] of Object.entries(CHAPTER_TITLES)) assert.equal(catalog.get(chapter)?.title, title);
  });
});
