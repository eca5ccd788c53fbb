// Hostile input: every kind of file a repository can throw at the engine and the CLI. Each ends
// in a finding or a one-line skip message, in bounded time, and never in a stack trace.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../server/src/cli/main';
import {
  buildModel,
  DEFAULT_MAX_FILE_SIZE,
  loadCatalog,
  parseConfig,
  parseOfficialText,
  parseSourceDocument,
  RULES,
} from '../../server/src/engine';
import { MAX_NESTING_DEPTH, parseYaml, toPlainData } from '../../server/src/engine/yamlParse';
import { collectFiles, readSourceDocument, UnreadableFileError } from '../../server/src/node/files';
import { parse, testCatalog, textAt } from '../support/fixtures';
import { aliasBomb, deeplyNested, STACK_TRACE } from '../support/hostileInputs';
import { analyzeFiles, onlyRules } from '../support/workspace';

/** Runs `fn` and asserts it took less than `ms`. */
function within<T>(ms: number, what: string, fn: () => T): T {
  const start = performance.now();
  const result = fn();
  const elapsed = performance.now() - start;
  assert.ok(elapsed < ms, `${what} took ${elapsed.toFixed(0)} ms (limit ${ms} ms)`);
  return result;
}

describe('hostile input: the engine', function () {
  this.timeout(20000);

  it('reads keys named like object internals (__proto__, constructor, toString) as ordinary fields', () => {
    const text = 'kind: security-requirements\n__proto__: x\nrequirements:\n  - id: SR-1\n    __proto__: {a: 1}\n    constructor: 3\n    toString: y\n    phase: operation\n';
    const { findings, index } = analyzeFiles({ 'r.yaml': text });
    const model = index.model('file:///ws/r.yaml')!;
    const [item] = model.items;
    assert.deepEqual(Object.keys(item.fields), ['id', '__proto__', 'constructor', 'tostring', 'phase'], 'keys are lower-cased field names');
    assert.equal(item.fields.__proto__.structured, true);
    assert.deepEqual(Object.keys(model.fields), ['kind', '__proto__']);
    assert.deepEqual(findings.filter((f) => f.rule === 'invalid-value'), [], 'unknown keys are not checked against Object.prototype');
  });

  describe('YAML alias bombs', () => {
    it('never expands aliases: the bomb is analysed in bounded time, aliases stay nodes in the model', () => {
      const bomb = aliasBomb();
      const { findings, index } = within(2000, 'analysing the bomb', () => analyzeFiles({ 'tm.yaml': bomb }));
      const model = index.model('file:///ws/tm.yaml')!;
      const [threat] = model.collections.threats!.items;
      assert.equal(threat.fields.title.structured, true, 'an alias is not expanded into a value');
      assert.equal(threat.fields.title.list, undefined);
      assert.ok(findings.some((f) => f.rule === 'invalid-value' && f.message.startsWith('`title` must be a single value')), 'the alias where text belongs is reported');
      assert.ok(findings.some((f) => f.rule === 'invalid-value' && /must be a mapping of fields/.test(f.message)), 'an alias where an item belongs is reported');
    });

    it('caps alias expansion where plain data is built (catalog, clause text)', () => {
      const bomb = aliasBomb();
      within(2000, 'toPlainData', () => assert.throws(() => toPlainData(bomb), /alias|resource exhaustion/i));
      within(2000, 'loadCatalog', () => assert.throws(() => loadCatalog(bomb.replace('clauses: *i', 'clauses: [*i]'))));
      within(2000, 'parseOfficialText', () => assert.throws(() => parseOfficialText(bomb, 'clauses.yaml'), /alias|resource exhaustion/i));
      // A few aliases are ordinary YAML and still work.
      assert.deepEqual(toPlainData('a: &x {t: 1}\nb: *x\n'), { a: { t: 1 }, b: { t: 1 } });
    });

    it('reads a config file full of aliases in bounded time, keeping the defaults it cannot use', () => {
      const { problems } = within(2000, 'parseConfig', () => parseConfig(aliasBomb('rules: {}').replace(/^clauses: \*i$/m, 'layers: *i'), RULES.map((r) => r.name)));
      assert.ok(problems.length > 0);
    });
  });

  describe(`nesting deeper than ${MAX_NESTING_DEPTH} levels`, () => {
    for (const [form, text] of Object.entries(deeplyNested(5000))) {
      it(`5,000 nested ${form}: one syntax-error "nesting too deep", no stack overflow`, () => {
        // Twice: a stack overflow inside V8's regexp compiler aborts the process, and the second parse is the one that used to hit it.
        for (let round = 0; round < 2; round++) {
          const { findings } = within(3000, form, () => analyzeFiles({ 'tm.yaml': text }, onlyRules('syntax-error')));
          assert.deepEqual(findings.map((f) => f.rule), ['syntax-error']);
          assert.match(findings[0].message, /^Nesting is more than 200 levels deep, so this YAML is not read/);
        }
      });
    }

    it('in Markdown front matter too', () => {
      const text = `---\nkind: threat-model\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\n# Threats\n`;
      const findings = analyzeFiles({ 'tm.md': text }, onlyRules('syntax-error')).findings;
      assert.deepEqual(findings.map((f) => [f.rule, f.range.start.line]), [['syntax-error', 2]]);
    });

    it(`reads ${MAX_NESTING_DEPTH} levels, the limit, as usual`, () => {
      const depth = MAX_NESTING_DEPTH - 1; // the root mapping is one level
      const text = `kind: threat-model\nx: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
      assert.equal(parseYaml(text).document?.errors.length, 0);
      assert.equal(parseYaml(`kind: threat-model\nx: ${'['.repeat(depth + 1)}${']'.repeat(depth + 1)}\n`).document, null);
      assert.deepEqual(analyzeFiles({ 'tm.yaml': text }, onlyRules('syntax-error')).findings, []);
    });

    it('in .clause-guide.yaml: a problem, and every default kept', () => {
      const { config, problems } = parseConfig(`rules: ${'{a: '.repeat(5000)}${'}'.repeat(5000)}\n`, []);
      assert.equal(problems.length, 1);
      assert.match(problems[0].message, /Nesting is more than 200 levels deep/);
      assert.deepEqual(config.rules, {});
    });
  });

  describe('broken front matter', () => {
    it('an unterminated front matter that declares a kind is a syntax error at its opening line', () => {
      const text = '---\nkind: threat-model\nthreats:\n  - id: TH-001\n# Threats\n';
      const [finding] = analyzeFiles({ 'tm.md': text }).of('syntax-error');
      assert.deepEqual(finding.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
      assert.match(finding.message, /never closed: add a line `---`/);
    });

    it('other Markdown that merely starts with --- gets no finding', () => {
      assert.deepEqual(analyzeFiles({ 'notes.md': '---\nA thematic break, then prose.\n' }).findings, []);
    });

    it('front matter that is a list or a scalar is not a security document, and not an error', () => {
      for (const text of ['---\n- kind\n- threat-model\n---\n# x\n', '---\njust text\n---\n# x\n', '---\n---\n# x\n', '---\n: :\n---\n']) {
        const parsed = parse(text, 'x.md');
        assert.equal(parsed.documentKind, null, text);
        assert.deepEqual(analyzeFiles({ 'x.md': text }).findings, [], text);
      }
    });

    it('a byte-order mark before the front matter does not hide it', () => {
      const text = '\uFEFF---\nkind: threat-model\nclauses: ["7.9"]\n---\n# Threats\n';
      const parsed = parse(text, 'tm.md');
      assert.equal(parsed.documentKind, 'threat-model');
      const [finding] = analyzeFiles({ 'tm.md': text }).of('unknown-clause');
      assert.equal(textAt(text, finding.range), '7.9');
    });

    it('CRLF line ends keep every range exact', () => {
      const text = '---\r\nkind: threat-model\r\nclauses: ["7.9"]\r\n---\r\n| ID | Title |\r\n|---|---|\r\n| TH-001 | Spoofing §9.9 |\r\n';
      const findings = analyzeFiles({ 'tm.md': text }).of('unknown-clause');
      assert.deepEqual(findings.map((f) => textAt(text, f.range)), ['7.9', '9.9']);
      assert.deepEqual(findings.map((f) => f.range.start.line), [2, 6]);
      assert.equal(buildModel(parse(text, 'tm.md'))!.items[0].id!.text, 'TH-001');
    });
  });

  describe('wrong types everywhere', () => {
    it('keys that are not strings, null and numeric kinds: no crash, the document is still read', () => {
      const text = 'kind: threat-model\n? [a, b]\n: c\n{x: 1}: y\n1: z\nthreats:\n  - ? [x]\n    : y\n    id: TH-001\n    title: Spoofing\n';
      const { findings, index } = analyzeFiles({ 'tm.yaml': text });
      assert.equal(index.model('file:///ws/tm.yaml')!.items[0].id!.text, 'TH-001');
      assert.ok(!findings.some((f) => f.rule === 'syntax-error'), findings.map((f) => f.message).join('\n'));
      for (const kind of ['kind: 5', 'kind: {a: 1}', 'kind:', 'kind: [threat-model]', 'kind: !!binary aGk=', '? kind\n: threat-model', '[kind]: x']) {
        assert.doesNotThrow(() => analyzeFiles({ 'x.yaml': `${kind}\nthreats: [1]\n` }), kind);
      }
    });

    it('duplicate keys are a syntax error at the repeated key', () => {
      const text = 'kind: threat-model\nthreats: []\nthreats: []\n';
      const [finding] = analyzeFiles({ 'tm.yaml': text }).of('syntax-error');
      assert.match(finding.message, /This key appears twice in one mapping/);
      assert.equal(finding.range.start.line, 2);
    });

    it('numbers, nulls, mappings and lists in the wrong places are invalid values, not crashes', () => {
      const text = [
        'kind: threat-model',
        'threats:',
        '  - 5',
        '  - null',
        '  - [a, b]',
        '  - id: {a: 1}',
        '    title: [1, 2]',
        '    category: {spoofing: true}',
        '  - id: 42',
        '    risk: 3.5',
        '  -',
        'clauses: {7.2: yes}',
      ].join('\n');
      const { findings } = analyzeFiles({ 'tm.yaml': text });
      const invalid = findings.filter((f) => f.rule === 'invalid-value').map((f) => textAt(text, f.range));
      assert.ok(invalid.includes('5') && invalid.includes('[a, b]') && invalid.includes('{a: 1}') && invalid.includes('[1, 2]'), invalid.join(' | '));
      assert.ok(invalid.includes('42'), 'a number for an id');
    });

    it('NUL characters, lone surrogates and very long lines in an editor buffer are read without error', () => {
      for (const text of ['kind: threat-model\n\0\0\0', 'kind: threat-model\nx: "\uD800"\n', `kind: threat-model\nx: ${'a'.repeat(1_000_000)}\n`]) {
        assert.doesNotThrow(() => within(3000, 'odd text', () => analyzeFiles({ 'tm.yaml': text })));
      }
    });
  });

  describe('found by the fuzz test', () => {
    it('a Markdown line holding only "| " is no table header', () => {
      const text = '---\nkind: security-requirements\n---\n## Decommissioning\n| ';
      assert.doesNotThrow(() => analyzeFiles({ 'req.md': text }));
    });

    it('an error inside a CRLF line break (after \\n\\r) points at the end of its line', () => {
      const text = 'kind: lifecycle-plan\nphases:\n  - name: release\n    activities:\n      - id: ACT-GATE\n        title: Release gate|-\n\r\n check in CI\n';
      for (const finding of analyzeFiles({ 'plan.yaml': text }).findings) {
        const lengths = text.split(/\r\n|\r|\n/).map((line) => line.length);
        assert.ok(finding.range.end.character <= lengths[finding.range.end.line], `${finding.rule} ${JSON.stringify(finding.range)}`);
      }
    });
  });

  describe('a file over the size limit', () => {
    it('parses as empty, and file-too-large is its only finding', () => {
      const source = { uri: 'file:///ws/big.yaml', languageId: 'yaml', version: 1, text: 'kind: threat-model\nclauses: ["99"]\n', skipped: { reason: 'too-large' as const, bytes: 21 * 1024 * 1024, limit: DEFAULT_MAX_FILE_SIZE } };
      const parsed = parseSourceDocument(source);
      assert.equal(parsed.source.text, '', 'the text is never looked at');
      assert.equal(parsed.yaml, null);
      assert.equal(parsed.documentKind, null);
      assert.deepEqual(parsed.clauseReferences, []);
    });
  });
});

describe('hostile input: reading files from disk', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-hostile-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('checks the size before reading: a 21 MB file full of NULs is too large, not binary', () => {
    const file = path.join(root, 'huge.yaml');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 21 * 1024 * 1024); // sparse: reading it would find NUL bytes
    const document = within(200, 'reading a 21 MB file', () => readSourceDocument(file));
    assert.deepEqual(document.skipped, { reason: 'too-large', bytes: 21 * 1024 * 1024, limit: DEFAULT_MAX_FILE_SIZE });
    assert.equal(document.text, '');
    // Under a higher limit it is read, and then refused for what it is.
    assert.throws(() => readSourceDocument(file, 22 * 1024 * 1024), /binary file/);
  });

  it('refuses binary and non-UTF-8 files with a reason, and drops a byte-order mark', () => {
    const binary = path.join(root, 'logo.yaml');
    fs.writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    assert.throws(() => readSourceDocument(binary), (error: Error) => error instanceof UnreadableFileError && /binary file/.test(error.message));
    const latin1 = path.join(root, 'threats.md');
    fs.writeFileSync(latin1, Buffer.concat([Buffer.from('---\nkind: threat-model\n---\nR'), Buffer.from([0xe9]), Buffer.from('sum\n')]));
    assert.throws(() => readSourceDocument(latin1), (error: Error) => error instanceof UnreadableFileError && error.message === 'not UTF-8 text (the first invalid byte is on line 4); save it as UTF-8 to have it checked');
    const bom = path.join(root, 'bom.yaml');
    fs.writeFileSync(bom, '\uFEFFkind: threat-model\n');
    assert.equal(readSourceDocument(bom).text, 'kind: threat-model\n');
  });

  it('reads files of every size one after another exactly as written (small files share one read buffer)', () => {
    // Sizes around the shared buffer's (256 KB) and the read chunk's (64 KB), multi-byte characters
    // across their edges, and short files after long ones: no byte of one file shows up in another.
    const texts = [300 * 1024, 10, 256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 64 * 1024, 3, 70 * 1024, 0, 1].map((size, i) =>
      `kind: threat-model\n# ${i} é€𝄞\n`.padEnd(size, `${i}é`).slice(0, Math.max(size, 1)),
    );
    const files = texts.map((text, i) => {
      const file = path.join(root, `doc-${i}.yaml`);
      fs.writeFileSync(file, text);
      return file;
    });
    for (let round = 0; round < 2; round++) files.forEach((file, i) => assert.equal(readSourceDocument(file).text, texts[i], `doc-${i}.yaml, round ${round}`));
    // The bound holds for files read into the shared buffer too.
    assert.deepEqual(readSourceDocument(files[1], 5).skipped, { reason: 'too-large', bytes: Buffer.byteLength(texts[1]), limit: 5 });
  });

  it('skips a file deleted between listing and reading, with a message', () => {
    const gone = path.join(root, 'gone.yaml');
    assert.throws(() => readSourceDocument(gone), (error: Error) => error instanceof UnreadableFileError && /no longer exists/.test(error.message));
    // A dangling symlink is listed by the folder walk but cannot be read, like a file deleted meanwhile.
    fs.symlinkSync(path.join(root, 'missing.yaml'), path.join(root, 'dangling.yaml'));
    fs.writeFileSync(path.join(root, 'ok.yaml'), 'kind: threat-model\n');
    const skipped: string[] = [];
    assert.deepEqual(collectFiles([root], (file, reason) => skipped.push(`${path.basename(file)}: ${reason}`)), [path.join(root, 'ok.yaml')]);
    assert.deepEqual(skipped, ['dangling.yaml: it no longer exists (deleted while being read)']);
  });
});

describe('hostile input: the CLI', function () {
  this.timeout(20000);
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-hostile-cli-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const write = (name: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  };
  const check = (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = within(10000, 'clause-guide check', () =>
      run(['check', '--format', 'json', ...args], { cwd: root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, testCatalog()),
    );
    assert.doesNotMatch(stderr, STACK_TRACE, 'no stack trace');
    return { code, findings: JSON.parse(stdout) as { file: string; rule: string; message: string; range: { start: { line: number } } }[], stderr };
  };

  it('reports file-too-large for a 21 MB file, with the limit from .clause-guide.yaml when set', () => {
    write('.clause-guide.yaml', 'rules:\n  clause-uncovered: off\n');
    write('threat-model.yaml', 'kind: threat-model\nthreats: []\n');
    fs.truncateSync(path.join(root, 'threat-model.yaml'), 21 * 1024 * 1024);
    const { code, findings, stderr } = check();
    // A file too large to read is unread input: an oversized record passed the gate with a warning.
    assert.equal(code, 2, 'a file too large to read fails the gate');
    assert.deepEqual(stderr.trim().split('\n'), [
      'clause-guide: cannot read threat-model.yaml: it is 21 MB, over the 5 MB limit (maxFileSize), so it is not read',
      'clause-guide: 1 file could not be read, so it is not checked: this check fails.',
    ]);
    assert.deepEqual(findings.map((f) => [f.file, f.rule]), [['threat-model.yaml', 'file-too-large']]);
    assert.match(findings[0].message, /^This file is 21 MB, over the 5 MB limit, so it is not checked\./);

    write('.clause-guide.yaml', 'rules:\n  clause-uncovered: off\nmaxFileSize: 10 KB\n');
    write('threat-model.yaml', `kind: threat-model\n# ${'x'.repeat(11 * 1024)}\n`);
    assert.match(check().findings[0].message, /^This file is 11 KB, over the 10 KB limit/);
  });

  it("keeps a hard ceiling on maxFileSize that the repository's .clause-guide.yaml cannot lift; --max-file-size can", () => {
    // A hostile repository's own configuration raised the limit without bound: a 74 MB document
    // then took the server to 3.4 GB. Its file comes with the code; the person running the tool decides.
    write('.clause-guide.yaml', 'rules:\n  clause-uncovered: off\nmaxFileSize: 1 GB\n');
    write('threat-model.yaml', `kind: threat-model\nclauses: ["7.9"]\n# ${'x'.repeat(17 * 1024 * 1024)}\n`);
    const capped = check();
    assert.equal(capped.code, 2, 'a file over the ceiling is unread input');
    assert.match(capped.stderr, /cannot read threat-model\.yaml: it is 17 MB, over the 16 MB limit \(maxFileSize asks for more, but a \.clause-guide\.yaml cannot go above 16 MB; --max-file-size can\)/);
    assert.deepEqual(capped.findings.map((f) => f.rule), ['file-too-large']);
    assert.match(capped.findings[0].message, /over the 16 MB limit, so it is not checked\. The `maxFileSize` of \.clause-guide\.yaml asks for more/);
    const lifted = check('--max-file-size', '32 MB');
    assert.equal(lifted.stderr, '', 'read: the person running the check raised the ceiling');
    assert.deepEqual(lifted.findings.map((f) => f.rule), ['unknown-clause']);
    write('.clause-guide.yaml', 'rules:\n  clause-uncovered: off\n');
    assert.deepEqual(check('--max-file-size', '20mb').findings.map((f) => f.rule), ['unknown-clause'], 'the option is the limit where the configuration sets none');
    assert.deepEqual(check('--max-file-size', '1 KB').findings.map((f) => f.rule), ['file-too-large']);
  });

  it('names binary, non-UTF-8 and vanished files one line each, checks the rest, and fails the gate', () => {
    write('.clause-guide.yaml', 'rules:\n  clause-uncovered: off\n');
    write('logo.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00]));
    write('latin1.md', Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0x0a]));
    fs.symlinkSync(path.join(root, 'deleted.yaml'), path.join(root, 'vanished.yaml'));
    write('tm.yaml', 'kind: threat-model\nclauses: ["7.9"]\n');
    const { code, findings, stderr } = check();
    assert.equal(code, 2, 'an unread file fails the gate');
    assert.deepEqual(findings.map((f) => [f.file, f.rule]), [['tm.yaml', 'unknown-clause']]);
    assert.deepEqual(stderr.trim().split('\n').sort(), [
      'clause-guide: 3 files could not be read, so they are not checked: this check fails.',
      'clause-guide: cannot read latin1.md: not UTF-8 text (the first invalid byte is on line 2); save it as UTF-8 to have it checked',
      'clause-guide: cannot read logo.yaml: binary file (it contains NUL bytes), not a YAML or Markdown document',
      'clause-guide: cannot read vanished.yaml: it no longer exists (deleted while being read)',
    ]);
  });

  it('reports alias bombs, deep nesting, broken front matter and wrong types as findings, in bounded time', () => {
    write('.clause-guide.yaml', 'rules:\n  clause-uncovered: off\n');
    write('bomb.yaml', aliasBomb());
    write('deep.yaml', deeplyNested(5000)['flow sequences']);
    write('deep-block.yaml', deeplyNested(5000)['compact block sequences']);
    write('open.md', '---\nkind: threat-model\n# no closing line\n');
    write('types.yaml', 'kind: threat-model\n? [a, b]\n: c\nthreats: 5\nthreats: {}\n');
    const { code, findings, stderr } = check();
    assert.equal(stderr, '');
    assert.equal(code, 1);
    const rulesOf = (file: string) => findings.filter((f) => f.file === file).map((f) => f.rule);
    assert.ok(rulesOf('bomb.yaml').includes('invalid-value'));
    assert.deepEqual(rulesOf('deep.yaml'), ['syntax-error']);
    assert.deepEqual(rulesOf('deep-block.yaml'), ['syntax-error']);
    assert.deepEqual(rulesOf('open.md'), ['syntax-error']);
    assert.ok(rulesOf('types.yaml').includes('syntax-error'), 'duplicate key');
  });

  it('reports a config file nested too deeply on stderr, without a stack trace, and fails the check it still prints', () => {
    write('.clause-guide.yaml', `rules: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    write('tm.yaml', 'kind: threat-model\nclauses: ["7.9"]\n');
    const { code, findings, stderr } = check();
    assert.equal(code, 2, 'a configuration that cannot be applied fails the gate');
    assert.ok(findings.some((f) => f.rule === 'unknown-clause'));
    assert.match(stderr, /^clause-guide: \.clause-guide\.yaml:1:207: Nesting is more than 200 levels deep/);
  });
});
