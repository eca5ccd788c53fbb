// Coverage is judged on every keystroke, so it is worked out from the previous judgement: only
// the criteria the edited documents touch are judged again. These tests edit a workspace step by
// step and compare each incremental judgement with one from scratch (a new index of the same
// texts), so a cache that goes wrong shows here rather than as a stale status in the editor.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clauseCoverage, DEFAULT_CONFIG, WorkspaceIndex, type ClauseCoverage } from '../../server/src/engine';
import type { EvidenceOptions } from '../../server/src/engine/criteria';
import { parse, testCatalog } from '../support/fixtures';

const catalog = testCatalog();
const EXAMPLE = path.join(__dirname, '..', '..', '..', 'examples', 'infusync', 'security');

/** The example's security folder, three times over (three products), so each criterion has several contributors. */
function exampleFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const product of ['a', 'b', 'c']) {
    for (const name of fs.readdirSync(EXAMPLE).filter((file) => file.endsWith('.yaml')).sort()) {
      const text = fs.readFileSync(path.join(EXAMPLE, name), 'utf8');
      // Ids stay unique across the products.
      files.set(`${product}/${name}`, text.replace(/\b(SR|TH|VT|CTL|TL|RR|ZN|TB|SRS|REL|PLAN)-/g, `$1${product.toUpperCase()}-`));
    }
  }
  return files;
}

/** What a person or a report reads of coverage: everything but object identity. */
function plain(coverage: ClauseCoverage[]): unknown {
  return JSON.parse(JSON.stringify(coverage.map((entry) => ({ ...entry, clause: entry.clause.id }))));
}

function fromScratch(files: Map<string, string>, options: EvidenceOptions): ClauseCoverage[] {
  const index = new WorkspaceIndex();
  for (const [name, text] of files) index.update(parse(text, name));
  return clauseCoverage(index, catalog, DEFAULT_CONFIG, options);
}

/**
 * An index of `files` and the edit the tests make: `write(name, text)` changes (or, with no text,
 * deletes) a file in both, with a new version. `editsChangeText`: every edit must change the text.
 */
function indexedWorkspace(files: Map<string, string>, { editsChangeText = false } = {}) {
  const index = new WorkspaceIndex();
  const versions = new Map<string, number>();
  const write = (name: string, text: string | undefined) => {
    if (text === undefined) {
      files.delete(name);
      index.remove(`file:///ws/${name}`);
      return;
    }
    if (editsChangeText) assert.notEqual(text, files.get(name), `the edit of ${name} changes it`);
    files.set(name, text);
    versions.set(name, (versions.get(name) ?? 1) + 1);
    index.update(parse(text, name, versions.get(name)));
  };
  for (const [name, text] of files) index.update(parse(text, name));
  return { index, write };
}

describe('coverage after edits', () => {
  it('equals coverage judged from scratch after every edit, and re-judges only what an edit touches', () => {
    const files = exampleFiles();
    const { index, write } = indexedWorkspace(files);
    const records = new Set(['../test-results/junit.xml']);
    let recordExists: EvidenceOptions['recordExists'] = (_from, record) => records.has(record);
    let previous = clauseCoverage(index, catalog, DEFAULT_CONFIG, { recordExists });
    assert.deepEqual(plain(previous), plain(fromScratch(files, { recordExists })));

    const requirements = 'b/security-requirements.yaml';
    const edits: [string, () => void][] = [
      ['a requirement text becomes a placeholder', () => write(requirements, files.get(requirements)!.replace(/text: The installer verifies[^\n]*/, 'text: TODO'))],
      ['a phase is renamed', () => write(requirements, files.get(requirements)!.replace(/phase: operation/g, 'phase: operations'))],
      ['a keystroke that changes nothing coverage reads', () => write(requirements, files.get(requirements)!.replace('title: InfuSync', 'title: InfuSyncX'))],
      ['the document becomes a draft', () => write(requirements, files.get(requirements)!.replace('kind: security-requirements', 'kind: security-requirements\nstatus: draft'))],
      ['the document stops parsing', () => write(requirements, files.get(requirements)!.replace('requirements:\n', 'requirements: [\n'))],
      ['it parses again, as it was', () => write(requirements, exampleFiles().get(requirements)!)],
      ['the document cites another clause', () => write(requirements, files.get(requirements)!.replace('clauses: ["5.2.1"]', 'clauses: ["5.2.1", "8.1.1"]'))],
      ['a line above moves its citations down (the same clauses, at other places)', () => write(requirements, `# reviewed\n${files.get(requirements)!}`)],
      ['the document cites nothing', () => write(requirements, files.get(requirements)!.replace('clauses: ["5.2.1", "8.1.1"]\n', ''))],
      ['a done activity is not done any more', () => write('b/release-record.yaml', files.get('b/release-record.yaml')!.replace('status: done', 'status: planned'))],
      ['a done activity loses its record', () => write('a/release-record.yaml', files.get('a/release-record.yaml')!.replace('record: ../test-results/junit.xml', 'record: TODO'))],
      ['a tailoring entry is removed', () => write('c/tailoring-record.yaml', files.get('c/tailoring-record.yaml')!.replace(/clause: "5\.7\.5"/, 'clause: "9.9.9"'))],
      ['two documents change at once', () => {
        write('a/security-requirements.yaml', files.get('a/security-requirements.yaml')!.replace(/phase: decommissioning/g, 'phase: retired'));
        write('c/security-architecture.yaml', files.get('c/security-architecture.yaml')!.replace(/\n\s+safety_impact:[^\n]*/g, ''));
      }],
      ['a record file appears on disk (the host answers with another function)', () => {
        records.add('security-verification.yaml');
        recordExists = (_from, record) => records.has(record);
      }],
      ['a document is added', () => write('d/security-requirements.yaml', exampleFiles().get('a/security-requirements.yaml')!.replace(/SRA-/g, 'SRD-'))],
      ['a document is removed', () => write('b/threat-model.yaml', undefined)],
      ['an edit after the set changed', () => write(requirements, files.get(requirements)!.replace(/phase: maintenance/g, 'phase: upkeep'))],
    ];
    let reused = 0;
    for (const [what, edit] of edits) {
      edit();
      const incremental = clauseCoverage(index, catalog, DEFAULT_CONFIG, { recordExists });
      assert.deepEqual(plain(incremental), plain(fromScratch(files, { recordExists })), what);
      // A criterion met by documents no edit touched keeps its result object: it was not judged again.
      const before = new Map(previous.flatMap((entry) => entry.criteria.map((result, i) => [`${entry.clause.id} ${i}`, result])));
      reused += incremental.flatMap((entry) => entry.criteria.filter((result, i) => result.where.length && before.get(`${entry.clause.id} ${i}`) === result)).length;
      previous = incremental;
    }
    assert.ok(reused > 0, 'untouched criteria keep their results');
  });
});

describe('coverage after edits, with test results', () => {
  // 5.7.1 and 5.7.2 accept passing JUnit results linked to every requirement (a `verified`
  // criterion). Each requirement's verdict is kept per document while the results are the same, so
  // these edits change the results alone, the requirements alone, and both.
  const JUNIT = path.join(__dirname, '..', '..', '..', 'examples', 'infusync', 'test-results', 'junit.xml');
  const withResults = () => {
    const files = exampleFiles();
    const junit = fs.readFileSync(JUNIT, 'utf8');
    for (const product of ['a', 'b', 'c']) files.set(`${product}/junit.xml`, junit.replace(/\b(SR|VT)-/g, `$1${product.toUpperCase()}-`));
    return files;
  };
  const verifiedResults = (coverage: ClauseCoverage[]) =>
    coverage.flatMap((entry) => entry.criteria.flatMap((result) => (result.criterion.check === 'any' ? (result.criterion.of ?? []).some((alternative) => alternative.check === 'verified') : false) ? [result] : []));

  it('equals coverage judged from scratch after every edit of requirements and results', () => {
    const files = withResults();
    const { index, write } = indexedWorkspace(files, { editsChangeText: true });
    const options: EvidenceOptions = { recordExists: () => false };
    const first = clauseCoverage(index, catalog, DEFAULT_CONFIG, options);
    assert.deepEqual(plain(first), plain(fromScratch(files, options)));
    const met = new Set<boolean>(verifiedResults(first).map((result) => result.met));

    const edits: [string, () => void][] = [
      ['a test of product b fails', () => write('b/junit.xml', files.get('b/junit.xml')!.replace(/(name="VTB-010[^"]*"[^>]*)\/>/, '$1><failure message="signature accepted"/></testcase>'))],
      ['a requirement of product a names another verification id', () => write('a/security-requirements.yaml', files.get('a/security-requirements.yaml')!.replace('verification: [VTA-010]', 'verification: [VTA-099]'))],
      ['a keystroke in product c that changes no verdict', () => write('c/security-requirements.yaml', files.get('c/security-requirements.yaml')!.replace(/text: ([^\n]*)/, 'text: $1 x'))],
      ['the failing test passes again', () => write('b/junit.xml', withResults().get('b/junit.xml')!)],
      ['a test of product a is renamed to the new id', () => write('a/junit.xml', files.get('a/junit.xml')!.replace('VTA-010 (SRA-001)', 'VTA-099'))],
      ['a results file is removed', () => write('c/junit.xml', undefined)],
      ['it comes back', () => write('c/junit.xml', withResults().get('c/junit.xml')!)],
      ['a results file stops parsing', () => write('a/junit.xml', files.get('a/junit.xml')!.replace('<testsuite ', '<testsuite <'))],
      ['every results file is gone', () => ['a', 'b', 'c'].forEach((product) => write(`${product}/junit.xml`, undefined))],
      ['results come back for one product', () => write('b/junit.xml', withResults().get('b/junit.xml')!)],
    ];
    for (const [what, edit] of edits) {
      edit();
      const incremental = clauseCoverage(index, catalog, DEFAULT_CONFIG, options);
      assert.deepEqual(plain(incremental), plain(fromScratch(files, options)), what);
      for (const result of verifiedResults(incremental)) met.add(result.met);
    }
    // The sequence saw the results criteria both met and unmet: it judged verdicts, not just their absence.
    assert.deepEqual([...met].sort(), [false, true]);
  });
});
