// The fast YAML reader (engine/yamlFast.ts) must give exactly what the yaml library's parser and
// composer give, or nothing: on every YAML text we have (the example workspace, the test fixtures,
// a generated benchmark workspace) the trees are the same range for range, and the documents'
// models and the whole analysis's findings are the same as when the library alone reads them.
// The mutated copies are in test/fuzz/yamlFast.test.ts.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateWorkspace } from '../../bench/generate';
import { Analyzer, buildModel, parseSourceDocument, WorkspaceIndex, type Finding, type ParsedDocument } from '../../server/src/engine';
import { LineIndex } from '../../server/src/engine/text';
import { parseSimpleYaml } from '../../server/src/engine/yamlFast';
import { collectFiles, readSourceDocument } from '../../server/src/node/files';
import { REPO_ROOT, testCatalog } from '../support/fixtures';
import { compareFastPath, yamlTextsUnder } from '../support/yamlDifferential';

/**
 * A value as plain data for deep comparison: line indexes left out (the same text gives the same
 * index), the model's parsed document left out (compared on its own, by `parseSummary`), cycles cut.
 */
function plain(value: unknown, seen = new Set<unknown>()): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? '[function]' : value;
  if (value instanceof LineIndex) return '[lines]';
  if (isParsedDocument(value)) return '[parsed]';
  if (seen.has(value)) return '[seen]';
  seen.add(value);
  const result = Array.isArray(value)
    ? value.map((item) => plain(item, seen))
    : Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, plain(item, seen)]));
  seen.delete(value);
  return result;
}

function isParsedDocument(value: object): boolean {
  return 'yamlOffset' in value && 'syntaxProblems' in value;
}

/** What a file's parse gives every feature besides the tree, as plain data. */
function parseSummary(parsed: ParsedDocument): unknown {
  const { format, yamlOffset, yamlRange, kind, kindRange, documentKind, clauseReferences, syntaxProblems, suppressions } = parsed;
  return plain({ format, yamlOffset, yamlRange, kind, kindRange, documentKind, clauseReferences, syntaxProblems, suppressions });
}

function plainFindings(findings: Map<string, Finding[]>): unknown {
  return JSON.parse(JSON.stringify([...findings].sort(([a], [b]) => (a < b ? -1 : 1)).map(([uri, list]) => [uri, list.map((finding) => ({ ...finding, fixes: finding.fixes?.() }))])));
}

/** Parses, models and analyses a folder twice: with the fast reader and with the library alone; both must agree. */
function assertSameBothWays(root: string): { files: number; fast: number } {
  const sources = collectFiles([root]).map((file) => readSourceDocument(file));
  const fastIndex = new WorkspaceIndex();
  const slowIndex = new WorkspaceIndex();
  let fast = 0;
  for (const source of sources) {
    const withFast = parseSourceDocument(source);
    const withLibrary = parseSourceDocument(source, { fastYaml: false });
    assert.deepEqual(parseSummary(withFast), parseSummary(withLibrary), source.uri);
    assert.deepEqual(plain(buildModel(withFast)), plain(buildModel(withLibrary)), source.uri);
    if (withFast.yamlRange && parseSimpleYaml(source.text.slice(withFast.yamlOffset, withFast.yamlOffset + withFast.yamlRange[2]))) fast++;
    fastIndex.update(withFast);
    slowIndex.update(withLibrary);
  }
  const catalog = testCatalog();
  assert.deepEqual(plainFindings(new Analyzer(catalog, { oneShot: true }).analyze(fastIndex)), plainFindings(new Analyzer(catalog, { oneShot: true }).analyze(slowIndex)));
  return { files: sources.length, fast };
}

describe('the fast YAML reader', () => {
  let scratch: string;
  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-yamlfast-'));
    generateWorkspace(path.join(scratch, 'workspace'), 100);
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('builds the tree the library builds, range for range, for every YAML text of the examples, the fixtures and a generated workspace', function () {
    this.timeout(30000);
    let accepted = 0;
    let generated = 0;
    let generatedAccepted = 0;
    for (const root of [path.join(REPO_ROOT, 'examples'), path.join(REPO_ROOT, 'test', 'fixtures'), path.join(scratch, 'workspace')]) {
      for (const { file, text } of yamlTextsUnder(root)) {
        const verdict = compareFastPath(text);
        if (root.endsWith('workspace')) generated++;
        if (!verdict.accepted) continue;
        accepted++;
        if (root.endsWith('workspace')) generatedAccepted++;
        assert.equal(verdict.difference, undefined, file);
      }
    }
    // The generated files are the plain shape the reader is for: nearly all of them take the fast path.
    assert.ok(generatedAccepted >= generated * 0.95, `${generatedAccepted} of ${generated} generated files read fast`);
    assert.ok(accepted > generatedAccepted, 'some example or fixture files read fast too');
  });

  it('gives the same parse, models and findings as the library alone: the example workspace and a generated one', function () {
    // Two whole analyses of each workspace, one per reader: seconds, and more on a loaded machine.
    this.timeout(60000);
    const example = assertSameBothWays(path.join(REPO_ROOT, 'examples', 'infusync'));
    assert.ok(example.fast >= 10, `only ${example.fast} example files read fast`);
    const generated = assertSameBothWays(path.join(scratch, 'workspace'));
    assert.ok(generated.fast >= generated.files * 0.9, `${generated.fast} of ${generated.files} generated files read fast`);
  });

  it('leaves to the library what it does not read exactly: each of these texts goes to the library', () => {
    const refused = [
      'a: &x 1\nb: *x\n', // anchor, alias
      'a: !!str 1\n', // tag
      'a: |\n  text\n', // block scalar
      'a: one\n  two\n', // a plain value over two lines
      'a: 1\na: 2\n', // duplicate key
      'a:\n\t- 1\n', // tab
      '---\na: 1\n', // document marker
      'a: 1\n---\nb: 2\n', // two documents
      'a: {b: 1}\n', // flow mapping
      'a: [1,\n  2]\n', // a flow list over two lines
      'a: "x\\ty"\n', // escapes
      'a: b: c\n', // a key inside a plain value
      'a:\n  b: 1\n    # past the next line\nc: 2\n', // a comment the library folds into a range
      'a:\n# after an empty value\nb: 1\n',
      'a: 1\r\nb: 2\r\n', // CR
      '  a: 1\n', // an indented root
      '- a\n', // a list at the root
      '',
    ];
    for (const text of refused) assert.equal(parseSimpleYaml(text), null, JSON.stringify(text));
    const read = ['kind: x\nitems:\n  - id: A-1\n    list: [a, "b c", \'d\']\n  # next\n  - id: A-2\n', 'a:\n- 1\n- 2\nb: "x" # c\n'];
    for (const text of read) assert.deepEqual(compareFastPath(text), { accepted: true }, JSON.stringify(text));
  });

  it('a comment line before the key that closes a list written at its key\'s column: declined, as the library folds it into the list\'s range', () => {
    // Found by the assembled-text fuzz: the list `- id: x` ended, for the library, after the comments.
    const text = 'x_y:\n\n    - t: # c\n      - id: x\n      # c\n      # c\n      kind: v # c\n# e\n';
    assert.deepEqual(compareFastPath(text), { accepted: false });
  });
});
