// Annex F (transitional health software) is judged by what the transitional assessment says:
// who compared the development with the standard and when, every gap with its clause, treatment,
// action and remaining risk, the rationale and its approval, what operators were told, and the
// support period with the field monitoring and intake of chapters 6 and 9. A stub or a document of
// placeholders covers none of F.2–F.4 (an auditor's green), in YAML and in Markdown.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG, WorkspaceIndex } from '../../server/src/engine';
import { clauseCoverage, type ClauseCoverage } from '../../server/src/engine/coverage';
import { parse, REPO_ROOT, testCatalog, textAt } from '../support/fixtures';
import { expandSnippet } from '../support/snippets';
import { analyzeFiles } from '../support/workspace';

const catalog = testCatalog();
const TRANSITIONAL = { ...DEFAULT_CONFIG, transitional: true };

function annexF(files: Record<string, string>): Map<string, ClauseCoverage> {
  const index = new WorkspaceIndex();
  for (const [name, text] of Object.entries(files)) index.update(parse(text, name));
  const rows = clauseCoverage(index, catalog, TRANSITIONAL, { recordExists: () => true });
  return new Map(rows.filter((row) => row.clause.id.startsWith('F')).map((row) => [row.clause.id, row]));
}

const statuses = (rows: Map<string, ClauseCoverage>) => Object.fromEntries([...rows].map(([id, row]) => [id, row.status]));

/** A real assessment, as a manufacturer writes it. */
const ASSESSMENT = `kind: transitional-assessment
id: TA-1
assessed_by: Karin Holm (maintenance lead)
assessed_on: 2026-09-14
rationale: Every gap is closed, compensated or the operator's part; what remains is medium at most.
approved_by: Dana Ruiz (Product Security Officer)
approved_on: 2026-09-30
support_until: 2028-06-30
gaps:
  - id: G-1
    clause: "7.2"
    gap: No threat model was made during development.
    treatment: closed
    action: STRIDE threat model made in 2026.
    residual_risk: low
    record: threat-model.yaml
  - id: G-2
    clause: "5.3.1"
    gap: The ward-network link has no control of ours.
    treatment: transferred
    action: Operators connect it only to the pump VLAN (C-1).
    residual_risk: medium
communications:
  - id: C-1
    audience: Hospital biomedical engineering
    content: The bridge is transitional software; connect it only to the pump VLAN.
    date: 2026-10-05
`;
const FIELD_CARE = {
  'mp.yaml': 'kind: maintenance-plan\nmonitoring_sources:\n  - id: MS-1\n    name: NVD feed for the firmware components\n    frequency: daily\n',
  'vh.yaml': 'kind: vulnerability-handling\nchannels:\n  - id: CH-1\n    name: PSIRT mailbox\n    address: psirt@example.com\n',
};

/** The same assessment in Markdown: front matter and one table per collection. */
const ASSESSMENT_MD = `---
kind: transitional-assessment
id: TA-1
assessed_by: Karin Holm (maintenance lead)
assessed_on: 2026-09-14
rationale: Every gap is closed, compensated or the operator's part; what remains is medium at most.
approved_by: Dana Ruiz (Product Security Officer)
approved_on: 2026-09-30
support_until: 2028-06-30
---
# Transitional assessment

## Gaps
| ID | Clause | Gap | Treatment | Action | Residual risk | Record |
|---|---|---|---|---|---|---|
| G-1 | 7.2 | No threat model was made during development. | closed | STRIDE threat model made in 2026. | low | threat-model.yaml |
| G-2 | 5.3.1 | The ward-network link has no control of ours. | transferred | Operators connect it only to the pump VLAN (C-1). | medium | |

## Communications
| ID | Audience | Content | Date |
|---|---|---|---|
| C-1 | Hospital biomedical engineering | The bridge is transitional software; connect it only to the pump VLAN. | 2026-10-05 |
`;

describe('Annex F: transitional health software judged by content', () => {
  for (const [form, name, text] of [
    ['YAML', 'ta.yaml', ASSESSMENT],
    ['Markdown', 'ta.md', ASSESSMENT_MD],
  ] as const) {
    it(`a real assessment (${form}) with field monitoring and an intake channel covers F.2, F.3 and F.4, naming where`, () => {
      const rows = annexF({ [name]: text, ...FIELD_CARE });
      assert.deepEqual(statuses(rows), { 'F.2': 'covered', 'F.3': 'covered', 'F.4': 'covered' });
      const shown = (id: string) => rows.get(id)!.criteria.map((result) => result.where.map((where) => `${where.uri.replace('file:///ws/', '')} ${where.what}: ${textAt(where.uri.endsWith(name) ? text : '', where.range) || '…'}`));
      assert.deepEqual(shown('F.2'), [
        [`${name} assessed_by of transitional-assessment: Karin Holm (maintenance lead)`],
        [`${name} assessed_on of transitional-assessment: 2026-09-14`],
        [`${name} gap G-1: G-1`, `${name} gap G-2: G-2`],
      ]);
      assert.deepEqual(shown('F.3').map((where) => where.map((line) => line.split(':')[0])), [
        [`${name} rationale of transitional-assessment`],
        [`${name} approved_by of transitional-assessment`],
        [`${name} approved_on of transitional-assessment`],
        [`${name} gap G-1`, `${name} gap G-2`],
        [`${name} communication C-1`],
      ]);
      assert.deepEqual(shown('F.4').map((where) => where.map((line) => line.split(':')[0])), [
        [`${name} support_until of transitional-assessment`],
        ['mp.yaml monitoring_source MS-1'],
        ['vh.yaml channel CH-1'],
      ]);
    });
  }

  it('a one-line stub, or an assessment of placeholders, covers none of F.2–F.4 (YAML and Markdown)', () => {
    const placeholders = `kind: transitional-assessment
clauses: ["F.2", "F.3", "F.4"]
assessed_by: TODO
assessed_on: ""
rationale: TBD
approved_by: n/a
approved_on:
support_until: "<date>"
gaps:
  - id: G-1
    clause: TODO
    gap: TODO
    treatment: TBD
    action: TODO
    residual_risk: TBD
communications:
  - id: C-1
    audience: TODO
    content: TBD
    date: ""
`;
    const placeholdersMd = `---\nkind: transitional-assessment\nclauses: ["F.2", "F.3", "F.4"]\nassessed_by: TODO\nrationale: TBD\nsupport_until: TODO\n---\n## Gaps\n| ID | Clause | Gap | Treatment | Action | Residual risk |\n|---|---|---|---|---|---|\n| G-1 | TODO | TODO | TBD | TODO | TBD |\n\n## Communications\n| ID | Audience | Content | Date |\n|---|---|---|---|\n| C-1 | TODO | TBD | |\n`;
    for (const files of <Record<string, string>[]>[
      { 'ta.yaml': 'kind: transitional-assessment\nclauses: ["F.2", "F.3", "F.4"]\n' },
      { 'ta.md': '---\nkind: transitional-assessment\nclauses: ["F.2", "F.3", "F.4"]\n---\n' },
      { 'ta.yaml': placeholders },
      { 'ta.md': placeholdersMd },
      // The field care of chapters 6 and 9 alone does not make software transitional-ready.
      { 'ta.yaml': placeholders, ...FIELD_CARE },
    ]) {
      const rows = annexF(files);
      assert.deepEqual(statuses(rows), { 'F.2': 'claimed', 'F.3': 'claimed', 'F.4': 'claimed' }, Object.keys(files).join(', '));
      for (const row of rows.values()) assert.ok(row.gaps.length > 0, `${row.clause.id} says what is missing`);
    }
  });

  for (const [form, file] of [
    ['YAML', 'yaml.code-snippets'],
    ['Markdown', 'markdown.code-snippets'],
  ] as const) {
    it(`the ${form} snippet as inserted covers none of F.2–F.4, and each placeholder it leaves is a finding naming where it is`, () => {
      const snippets = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'snippets', file), 'utf8')) as Record<string, { body: string[] }>;
      const name = form === 'YAML' ? 'ta.yaml' : 'ta.md';
      const text = expandSnippet(snippets['Transitional health software assessment (IEC 81001-5-1 Annex F)'].body.join('\n'));
      const rows = annexF({ [name]: text, ...FIELD_CARE });
      assert.deepEqual([...rows.values()].filter((row) => row.status === 'covered').map((row) => row.clause.id), [], 'nothing covered');
      for (const row of rows.values()) assert.ok(row.criteria.some((result) => !result.met), `${row.clause.id} has an unmet criterion`);
      const placeholders = analyzeFiles({ [name]: text }, { transitional: true }).of('placeholder-text').map((finding) => finding.message.split(' is only')[0]);
      assert.deepEqual(placeholders, ['`assessed_by`', '`rationale`', '`approved_by`', '`gap` of Gap GAP-01', '`action` of Gap GAP-01', '`content` of Communication COM-01']);
    });
  }

  it('a gap without its treatment or its remaining risk keeps F.2 or F.3 open, naming the gap', () => {
    const untreated = ASSESSMENT.replace('    treatment: transferred\n', '');
    const f2 = annexF({ 'ta.yaml': untreated, ...FIELD_CARE }).get('F.2')!;
    assert.equal(f2.status, 'claimed');
    assert.match(f2.gaps.join(' '), /1 of 2 gaps lack clause or gap or treatment or action \(gap G-2\)/);
    const unrated = ASSESSMENT.replace('    residual_risk: medium\n', '');
    const f3 = annexF({ 'ta.yaml': unrated, ...FIELD_CARE }).get('F.3')!;
    assert.equal(f3.status, 'claimed');
    assert.match(f3.gaps.join(' '), /1 of 2 gaps lack residual_risk \(gap G-2\)/);
    const unapproved = ASSESSMENT.replace(/approved_on: .*\n/, '');
    assert.equal(annexF({ 'ta.yaml': unapproved, ...FIELD_CARE }).get('F.3')!.status, 'claimed');
    const untold = ASSESSMENT.replace(/communications:[\s\S]*$/, '');
    assert.match(annexF({ 'ta.yaml': untold, ...FIELD_CARE }).get('F.3')!.gaps.join(' '), /no communications that fill audience, content, date/);
  });

  it('a gap names a clause the development falls short of: no claim on that clause', () => {
    const index = new WorkspaceIndex();
    index.update(parse(ASSESSMENT, 'ta.yaml'));
    const rows = new Map(clauseCoverage(index, catalog, TRANSITIONAL, { recordExists: () => true }).map((row) => [row.clause.id, row]));
    for (const id of ['7.2', '5.3.1']) {
      assert.equal(rows.get(id)!.status, 'missing', `${id}, named by a gap, is not claimed by it`);
      assert.deepEqual(rows.get(id)!.citations, []);
    }
  });

  it('an assessment with no gaps at all shows no comparison: F.2 and F.3 stay open', () => {
    const noGaps = ASSESSMENT.replace(/gaps:[\s\S]*?communications:/, 'communications:');
    const rows = annexF({ 'ta.yaml': noGaps, ...FIELD_CARE });
    assert.equal(rows.get('F.2')!.status, 'claimed');
    assert.match(rows.get('F.2')!.gaps.join(' '), /Missing: no gaps\./);
    assert.equal(rows.get('F.3')!.status, 'claimed');
  });
});
