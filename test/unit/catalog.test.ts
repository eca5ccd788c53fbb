import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from '../../server/src/engine';
import { annexDMapping } from '../../server/src/engine/hover';
import { precompiledCatalogData, readCatalog } from '../../server/src/node/resources';
import {
  Clause,
  DOCUMENT_KINDS,
  IN_DEPTH_CLAUSES,
  PHASES,
  catalogCompletenessProblems,
  catalogFromData,
  createCatalog,
  loadCatalog,
  validateCatalog,
} from '../../server/src/engine/catalog';

// Compiled to out/test/unit/, so the repository root is three levels up.
const CATALOG_PATH = path.join(__dirname, '../../../catalog/clauses.yaml');

/** Every clause and subclause of IEC 81001-5-1:2021 that SPEC §2 asks for, plus their grouping parents. */
const EXPECTED_IDS = [
  '4', '4.1', '4.1.1', '4.1.2', '4.1.3', '4.1.4', '4.1.5', '4.1.6', '4.1.7', '4.1.8', '4.1.9', '4.2', '4.3',
  '5',
  '5.1', '5.1.1', '5.1.2', '5.1.3',
  '5.2', '5.2.1', '5.2.2', '5.2.3',
  '5.3', '5.3.1', '5.3.2', '5.3.3',
  '5.4', '5.4.1', '5.4.2', '5.4.3', '5.4.4',
  '5.5', '5.5.1', '5.5.2',
  '5.6',
  '5.7', '5.7.1', '5.7.2', '5.7.3', '5.7.4', '5.7.5',
  '5.8', '5.8.1', '5.8.2', '5.8.3', '5.8.4', '5.8.5', '5.8.6', '5.8.7',
  '6', '6.1', '6.1.1', '6.2', '6.2.1', '6.2.2', '6.3', '6.3.1', '6.3.2', '6.3.3',
  '7', '7.1', '7.1.1', '7.1.2', '7.2', '7.3', '7.4', '7.5',
  '8',
  '9', '9.1', '9.2', '9.3', '9.4', '9.5',
  'E', 'E.1', 'E.2', 'E.2.1', 'E.2.2', 'E.2.3', 'E.2.4', 'E.2.5', 'E.3',
  'F', 'F.1', 'F.2', 'F.3', 'F.4',
];

function clause(overrides: Partial<Clause> & { id: string }): Clause {
  return {
    title: `Title of ${overrides.id}`,
    parent: null,
    summary: `Summary of ${overrides.id}.`,
    iec62443_4_1: [],
    phase: 'planning',
    evidence: [],
    ...overrides,
  };
}

describe('clause catalog (catalog/clauses.yaml)', () => {
  const catalog = loadCatalog(fs.readFileSync(CATALOG_PATH, 'utf8'));

  it('passes validateCatalog with no problems', () => {
    assert.deepEqual(validateCatalog(catalog), []);
  });

  it('holds exactly the expected clause ids, each once', () => {
    const ids = catalog.clauses.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
    assert.deepEqual([...ids].sort(), [...EXPECTED_IDS].sort());
  });

  it('reads every id and parent as text, never as a number', () => {
    for (const c of catalog.clauses) {
      assert.equal(typeof c.id, 'string');
      if (c.parent !== null) assert.equal(typeof c.parent, 'string', `parent of ${c.id}`);
    }
    // "7.10"-style pitfalls: 8 and 9 stay "8"/"9", and 7.2 is not 7.20 or 7.
    assert.ok(catalog.get('8'));
    assert.equal(catalog.get('7.2')?.parent, '7');
  });

  it('gives every expected id a non-empty title and summary', () => {
    for (const id of EXPECTED_IDS) {
      const c = catalog.get(id);
      assert.ok(c, `clause ${id} missing`);
      assert.ok(c.title.trim().length > 0, `clause ${id} has no title`);
      assert.ok(c.summary.trim().length > 0, `clause ${id} has no summary`);
    }
  });

  it('uses the official titles for a sample of clauses', () => {
    const titles: Record<string, string> = {
      '4.1.4': 'Security expertise',
      '5.1.1': 'Activities in the life cycle process',
      '5.2.1': 'Health software security requirements',
      '5.3.1': 'Defense-in-depth architecture/design',
      '5.6': 'Software integration testing',
      '5.8.6': 'Activity completion',
      '7.2': 'Identification of vulnerabilities, threats and associated adverse impacts',
      '7.4': 'Controlling security risks',
      '8': 'Software configuration management process',
    };
    for (const [id, title] of Object.entries(titles)) assert.equal(catalog.get(id)?.title, title, id);
  });

  it('makes the top-level clauses and the annex roots, and links every other parent to its numeric prefix', () => {
    const roots = catalog.children(null).map((c) => c.id).sort();
    assert.deepEqual(roots, ['4', '5', '6', '7', '8', '9', 'E', 'F']);
    for (const c of catalog.clauses) {
      if (c.parent === null) continue;
      assert.equal(c.id.slice(0, c.id.lastIndexOf('.')), c.parent, `parent of ${c.id}`);
    }
  });

  it('records the IEC 62443-4-1 practices of Annex D', () => {
    const has = (id: string, practice: string) =>
      assert.ok(catalog.get(id)?.iec62443_4_1.includes(practice), `${id} should derive from ${practice}`);
    has('5.3.1', 'SD-2');
    has('5.8.5', 'SM-11');
    has('6.1.1', 'SUM-5');
    has('7.2', 'SR-2');
    has('5.1.1', 'SM-1');
    has('5.2.1', 'SR-3');
    has('8', 'SM-1');
    for (const id of ['4.1.1', '4.2', '5.6', '7.3', '7.4', '7.5', '9.1']) {
      assert.deepEqual(catalog.get(id)?.iec62443_4_1, [], `${id} has no IEC 62443-4-1 counterpart`);
    }
  });

  it('names, for every "What Clause Guide checks" line, a rule that exists', () => {
    const names = new Set(RULES.map((rule) => rule.name));
    let lines = 0;
    for (const c of catalog.clauses) {
      for (const check of c.checks ?? []) {
        lines++;
        assert.ok(names.has(check.rule), `${c.id}: "${check.text}" names rule ${check.rule}, which does not exist`);
      }
    }
    assert.ok(lines >= 15, `only ${lines} checked lines`);
  });

  it('gives every clause coverage judges (leaf clauses and Annex F items) evidence criteria, and names only existing rules (catalogCompletenessProblems)', () => {
    assert.deepEqual(catalogCompletenessProblems(catalog, new Set(RULES.map((rule) => rule.name))), []);
    // The walk reaches what it should: every leaf but the two overviews, the Annex F items included.
    const judged = catalog.clauses.filter((c) => catalog.children(c.id).length === 0 && !c.overview).map((c) => c.id);
    assert.ok(['4.1.1', '5.7.5', '8', 'E.3', 'F.2', 'F.3', 'F.4'].every((id) => judged.includes(id)), judged.join(' '));
    assert.deepEqual(catalog.clauses.filter((c) => c.overview).map((c) => c.id), ['E.1', 'F.1']);
  });

  it('catalogCompletenessProblems fails for a leaf clause or Annex F item without criteria, an unknown rule, and an overview that hides a clause', () => {
    const rules = new Set(RULES.map((rule) => rule.name));
    const criteria = [{ text: 'A plan exists.', check: 'field' as const, kind: 'lifecycle-plan' as const, field: 'owner' }];
    const problems = catalogCompletenessProblems(
      createCatalog([
        clause({ id: '5', criteria }),
        clause({ id: '5.1', parent: '5', criteria }),
        clause({ id: '5.2', parent: '5', checks: [{ rule: 'phase-missing', text: 'Phases are there.' }, { rule: 'no-such-rule', text: 'Something nobody checks.' }] }),
        clause({ id: '5.3', parent: '5', overview: true, title: 'Architecture' }),
        clause({ id: 'F', applies_to: 'transitional' }),
        clause({ id: 'F.1', parent: 'F', title: 'Overview', overview: true, applies_to: 'transitional' }),
        clause({ id: 'F.2', parent: 'F', applies_to: 'transitional' }),
      ]),
      rules,
    );
    assert.deepEqual(problems, [
      'clause 5.2: a leaf clause without evidence criteria',
      'clause 5.2: "What Clause Guide checks" names rule no-such-rule, which does not exist',
      'clause 5.3: only a leaf titled Overview may be an overview (it asks for no evidence)',
      'clause F.2: an Annex F item without evidence criteria',
    ]);
  });

  it('validateCatalog checks what each criterion names: fields of the collection (also in where), fields of the kind, the clause whose records count', () => {
    const problems = validateCatalog(
      createCatalog([
        clause({
          id: '4',
          criteria: [
            { text: 'a', check: 'items', collection: 'tests', where: { kind_of_test: 'penetration' } },
            { text: 'b', check: 'field', kind: 'lifecycle-plan', field: 'no_such_field' },
            { text: 'c', check: 'record', clause: '5.9.9' },
            { text: 'd', check: 'field', kind: 'threat-model', field: 'method' },
            { text: 'e', check: 'record-field', kind: 'security-risk-management', field: 'constructor' },
          ],
        }),
      ]),
    ).filter((problem) => problem.startsWith('clause 4:'));
    assert.deepEqual(problems, [
      'clause 4: criterion where: tests have no field "kind_of_test"',
      'clause 4: a lifecycle-plan has no top-level field "no_such_field"',
      'clause 4: criterion clause 5.9.9 does not exist',
      'clause 4: a security-risk-management has no top-level field "constructor"',
    ]);
  });

  it('gives the children of a group Annex D maps as a whole the group\'s practices, marked inferred', () => {
    for (const id of ['7.1.1', '7.1.2']) {
      assert.deepEqual(catalog.get(id)!.iec62443_4_1, ['SR-1'], id);
      assert.equal(catalog.get(id)!.iec62443_4_1_inferred, true, id);
    }
    for (const id of ['E.2.1', 'E.2.5']) {
      assert.deepEqual(catalog.get(id)!.iec62443_4_1, ['SG-1', 'SG-2', 'SG-3'], id);
      assert.equal(catalog.get(id)!.iec62443_4_1_inferred, true, id);
    }
    for (const id of ['7.1', 'E.2']) assert.ok(!catalog.get(id)!.iec62443_4_1_inferred, `${id} is mapped by Annex D itself`);
    assert.match(annexDMapping(catalog.get('7.1.1')!), /SR-1 \(inferred from the mapping of §7\.1\)/);
    assert.equal(annexDMapping(catalog.get('7.1')!), 'SR-1');
  });

  it('says that Annex D does not list 4.3, which is not the same as "none"', () => {
    assert.equal(annexDMapping(catalog.get('4.3')!), 'not listed in Annex D');
    assert.equal(annexDMapping(catalog.get('7.3')!), 'none');
  });

  it('has E.1 and the Annex F items with their official titles and status', () => {
    const titles: Record<string, string> = {
      'E.1': 'Overview',
      'E.2': 'Release documentation',
      F: 'Transitional health software',
      'F.1': 'Overview',
      'F.2': 'Development assessment and gap closure activities',
      'F.3': 'Rationale for use of transitional health software',
      'F.4': 'Post-release activities',
    };
    for (const [id, title] of Object.entries(titles)) assert.equal(catalog.get(id)?.title, title, id);
    for (const c of catalog.clauses) {
      if (c.id === 'E' || c.id.startsWith('E.')) assert.equal(c.status, 'informative', `${c.id}: Annex E is informative`);
      else assert.notEqual(c.status, 'informative', `${c.id} is normative`);
      if (c.id === 'F' || c.id.startsWith('F.')) assert.equal(c.applies_to, 'transitional', `${c.id} applies to transitional software only`);
      else assert.equal(c.applies_to, undefined, c.id);
    }
    assert.ok(catalog.get('E.1')!.overview && catalog.get('F.1')!.overview);
  });

  it('describes 5.8.1, 5.7.5 and 5.1.1 as the standard means them', () => {
    // Review findings: 5.8.1 had 5.8.5's decision, 5.7.5 a single scale of independence, 5.1.1 no content of the activities.
    assert.match(catalog.get('5.8.1')!.summary, /problem-resolution process of clause 9/);
    assert.match(catalog.get('5.7.5')!.summary, /per type of test/);
    for (const part of ['what the activity does', 'which clause', 'phase', 'who owns it', 'record it produces']) {
      assert.ok(catalog.get('5.1.1')!.summary.includes(part), `5.1.1 summary names ${part}`);
    }
  });

  it('names the four phases in the summary of 5.2.1', () => {
    const summary = catalog.get('5.2.1')!.summary.toLowerCase();
    for (const phase of ['installation', 'operation', 'maintenance', 'decommissioning']) {
      assert.ok(summary.includes(phase), `5.2.1 summary should mention ${phase}`);
    }
  });

  it('gives 5.3 exactly the children 5.3.1, 5.3.2 and 5.3.3', () => {
    assert.deepEqual(catalog.children('5.3').map((c) => c.id).sort(), ['5.3.1', '5.3.2', '5.3.3']);
  });

  it('uses only known phases and document kinds', () => {
    for (const c of catalog.clauses) {
      assert.ok(PHASES.includes(c.phase), `${c.id}: phase ${c.phase}`);
      for (const kind of c.evidence) assert.ok(DOCUMENT_KINDS.includes(kind), `${c.id}: evidence ${kind}`);
    }
    assert.ok(catalog.get('5.2.1')!.evidence.includes('security-requirements'));
    assert.ok(catalog.get('5.3.1')!.evidence.includes('security-architecture'));
    assert.ok(catalog.get('5.1.1')!.evidence.includes('lifecycle-plan'));
    assert.ok(catalog.get('5.1.1')!.evidence.includes('tailoring-record'));
    assert.ok(catalog.get('7.2')!.evidence.includes('threat-model'));
  });

  it('fills the in-depth fields of the clauses the rules check closely', () => {
    for (const id of IN_DEPTH_CLAUSES) {
      const c = catalog.get(id)!;
      const lines = (c.checks ?? []).length + (c.must_show ?? []).length;
      assert.ok(lines >= 3 && lines <= 9, `${id}: 3-9 lines of checks and must_show`);
      for (const line of [...(c.checks ?? []).map((check) => check.text), ...(c.must_show ?? [])]) assert.ok(line.trim().length > 0, `${id}: empty line`);
      assert.ok(c.common_gaps!.length >= 2 && c.common_gaps!.length <= 4, `${id}: 2-4 common gaps`);
      for (const gap of c.common_gaps!) assert.ok(gap.gap.trim().length > 0, `${id}: empty gap`);
      assert.ok(c.auditor_question!.trim().endsWith('?'), `${id}: auditor question is a question`);
      for (const ref of c.related!) assert.match(ref, /^(IEC 62304|ISO 13485|ISO 14971) \d+(\.\d+)*$/, `${id}: related ${ref}`);
      for (const pattern of c.evidence_files!) assert.doesNotThrow(() => new RegExp(pattern, 'i'), `${id}: pattern ${pattern}`);
    }
  });

  it('matches typical evidence file names with the evidence_files patterns', () => {
    const matches = (id: string, fileName: string) =>
      catalog.get(id)!.evidence_files!.some((p) => new RegExp(p, 'i').test(fileName));
    assert.ok(matches('5.2.1', 'docs/Security-Requirements.md'));
    assert.ok(matches('7.2', 'security/threat_model.yaml'));
    assert.ok(matches('5.3.1', 'Security Architecture v2.yaml'));
  });

  it('writes summaries in descriptive words of its own, not normative "shall" text', () => {
    // The IEC text is copyrighted and cannot be checked here; our summaries describe what a
    // clause is about and never restate a requirement with the normative modal verb.
    const normative = /\bshall\b/i;
    for (const c of catalog.clauses) {
      assert.ok(!normative.test(c.summary), `${c.id}: summary uses "shall"`);
      for (const text of [...(c.checks ?? []).map((check) => check.text), ...(c.must_show ?? []), ...(c.common_gaps ?? []).map((g) => g.gap), c.auditor_question ?? '']) {
        assert.ok(!normative.test(text), `${c.id}: in-depth text uses "shall"`);
      }
    }
  });
});

describe('validateCatalog on a hand-built catalog', () => {
  it('reports a duplicate id and a missing parent', () => {
    const problems = validateCatalog(
      createCatalog([
        clause({ id: '4' }),
        clause({ id: '4.1', parent: '4' }),
        clause({ id: '4.1', parent: '4' }),
        clause({ id: '5.3.1', parent: '5.3' }),
      ]),
    );
    assert.ok(problems.some((p) => p.includes('clause 4.1') && p.includes('duplicate id')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('clause 5.3.1') && p.includes('parent 5.3 does not exist')), problems.join('\n'));
  });

  it('reports a bad phase, evidence kind and practice id', () => {
    const problems = validateCatalog(
      createCatalog([
        clause({
          id: '4',
          phase: 'testing' as Clause['phase'],
          evidence: ['test-report' as Clause['evidence'][number]],
          iec62443_4_1: ['XY-1'],
        }),
      ]),
    );
    assert.ok(problems.some((p) => p.includes('phase "testing"')));
    assert.ok(problems.some((p) => p.includes('evidence kind "test-report"')));
    assert.ok(problems.some((p) => p.includes('practice "XY-1"')));
  });

  it('reports an empty search keyword', () => {
    const problems = validateCatalog(createCatalog([clause({ id: '4', keywords: ['SBOM', ' '] })]));
    assert.deepEqual(problems.filter((p) => p.includes('keyword')), ['clause 4: empty keyword']);
  });
});

describe('the catalog as the build keeps it (dist/catalog.json)', () => {
  const yamlText = fs.readFileSync(CATALOG_PATH, 'utf8');
  let scratch: string;
  let catalogJson: (text: string) => string;

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-catalog-'));
    ({ catalogJson } = (await import(pathToFileURL(path.join(__dirname, '../../../scripts/catalogJson.mjs')).href)) as { catalogJson: (text: string) => string });
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('holds the same clauses as the YAML read at run time', () => {
    const file = path.join(scratch, 'catalog.json');
    fs.writeFileSync(file, catalogJson(yamlText));
    const data = precompiledCatalogData(yamlText, file);
    assert.notEqual(data, undefined);
    assert.deepEqual(catalogFromData(data).clauses, loadCatalog(yamlText).clauses);
  });

  it('is used only for the very text it was made from: an edited catalog is read from its YAML', () => {
    const file = path.join(scratch, 'catalog.json');
    fs.writeFileSync(file, catalogJson(yamlText));
    const edited = yamlText.replace(/title: [^\n]+/, 'title: Edited after the build');
    assert.notEqual(edited, yamlText);
    assert.equal(precompiledCatalogData(edited, file), undefined);
    assert.equal(precompiledCatalogData(yamlText, path.join(scratch, 'absent.json')), undefined);
    fs.writeFileSync(file, '{ not json');
    assert.equal(precompiledCatalogData(yamlText, file), undefined);
    // From source there is no JSON beside the module: the YAML is read, and gives the same catalog.
    assert.deepEqual(readCatalog(CATALOG_PATH).clauses, loadCatalog(yamlText).clauses);
  });
});
