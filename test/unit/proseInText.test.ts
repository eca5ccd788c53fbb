// A host that frees file texts (the server packs the text of files no editor shows) builds its
// models with copied values; a requirement's text (prose, FieldSpec `prose`) is then left in the
// file's text and read from there when asked (ModelBuilder.leaveProseInText). These tests hold the
// model to reading alike either way, and to reading the file only when the text itself is asked for.
import { strict as assert } from 'node:assert';
import { Analyzer, buildModel, keepTextIn, parseSourceDocument, WorkspaceIndex, type ModelDocument } from '../../server/src/engine';
import { PackedSource } from '../../server/src/node/packedText';
import { parse, testCatalog } from '../support/fixtures';
import { countingSource } from '../support/countingSource';

const LONG = 'The pump shall authenticate every clinician before a dose change';

const YAML = [
  'kind: security-requirements',
  'requirements:',
  `  - id: SR-1`,
  `    phase: operation`,
  `    text: ${LONG}`,
  `  - id: SR-2`,
  `    phase: operation`,
  `    text: "${LONG}, quoted"`,
  `  - id: SR-3`,
  `    phase: operation`,
  `    text: "An escape \\t makes the value differ from what is written"`,
  `  - id: SR-4`,
  `    phase: operation`,
  `    text: TBD, to be written by the team`,
  `  - id: SR-5`,
  `    phase: operation`,
  `    text: Short text`,
  `  - id: SR-6`,
  `    phase: operation`,
  `    text: >`,
  `      Folded over`,
  `      two lines of the file`,
  '',
].join('\n');

const MARKDOWN = [
  '---',
  'kind: security-requirements',
  '---',
  '',
  '## Operation',
  '',
  '| ID | Phase | Text |',
  '|----|-------|------|',
  `| SR-10 | operation | ${LONG} |`,
  `| SR-11 | operation | A cell with a \\| pipe in its long text |`,
  `| SR-12 | operation | <fill in the requirement text> |`,
  `| SR-13 | operation |  |`,
  '',
].join('\n');

/** The model as the server builds it (copied values), and as the CLI does (slices of the text). */
function bothModels(text: string, name: string): { left: ModelDocument; kept: ModelDocument } {
  return { left: buildModel(parse(text, name), { copyValues: true })!, kept: buildModel(parse(text, name))! };
}

/** Each requirement's id, text, isPlaceholder and isEmpty. */
function texts(model: ModelDocument): [string, string, boolean, boolean][] {
  return model.items.map((item) => {
    const scalar = item.fields.text?.scalar;
    return [item.id!.text, scalar?.text ?? '(none)', scalar?.isPlaceholder ?? true, scalar?.isEmpty ?? true];
  });
}

describe('prose left in the file text (a requirement text of a file no editor shows)', () => {
  it('reads the same texts as a model that keeps them, in YAML and in a Markdown table', () => {
    for (const [text, name] of [
      [YAML, 'req.yaml'],
      [MARKDOWN, 'req.md'],
    ]) {
      const { left, kept } = bothModels(text, name);
      assert.deepEqual(texts(left), texts(kept), name);
      assert.ok(texts(kept).length >= 4, `${name} has its requirements`);
    }
    // The values as written, so the comparison above is no comparison of two empty models.
    const yaml = texts(bothModels(YAML, 'req.yaml').left);
    assert.deepEqual(yaml[0], ['SR-1', LONG, false, false]);
    assert.deepEqual(yaml[2], ['SR-3', 'An escape \t makes the value differ from what is written', false, false]);
    assert.deepEqual(yaml[3].slice(2), [true, false], 'a placeholder');
    const markdown = texts(bothModels(MARKDOWN, 'req.md').left);
    assert.deepEqual(markdown[1], ['SR-11', 'A cell with a | pipe in its long text', false, false]);
    assert.deepEqual(markdown[3].slice(2), [true, true], 'an empty cell');
  });

  it('reads the text of a packed file only when the text itself is asked for', () => {
    for (const [text, name] of [
      [YAML, 'req.yaml'],
      [MARKDOWN, 'req.md'],
    ]) {
      const parsed = parseSourceDocument({ uri: `file:///ws/${name}`, languageId: name.endsWith('.md') ? 'markdown' : 'yaml', version: 1, text });
      const model = buildModel(parsed, { copyValues: true })!;
      const source = countingSource(PackedSource.of(parsed.source, 0));
      assert.ok(keepTextIn(parsed, source));
      const first = model.items[0].fields.text!.scalar!;
      // What every analysis asks of every requirement: answered without reading the file.
      assert.equal(first.isPlaceholder, false);
      assert.equal(first.isEmpty, false);
      assert.equal(source.reads, 0, `${name}: nothing read yet`);
      assert.equal(first.text, LONG);
      assert.equal(source.reads, 1, `${name}: the text is read from the file (it is not kept in the model)`);
      // The placeholders and the short values are kept: reading them reads no file.
      for (const item of model.items.slice(1)) void item.fields.text?.scalar?.text;
      const leftInText = model.items.filter((item) => {
        const before = source.reads;
        void item.fields.text?.scalar?.text;
        return source.reads > before;
      });
      assert.deepEqual(
        leftInText.map((item) => item.id!.text),
        name.endsWith('.md') ? ['SR-10'] : ['SR-1', 'SR-2'],
        `${name}: only long values written as they read are left in the text`,
      );
    }
  });

  it('leaves every text in the model without copied values (the CLI keeps its texts), and keeps the prose of items that record a review', () => {
    const parsed = parseSourceDocument({ uri: 'file:///ws/req.yaml', languageId: 'yaml', version: 1, text: YAML });
    const model = buildModel(parsed)!;
    const source = countingSource(parsed.source);
    assert.ok(keepTextIn(parsed, source));
    for (const item of model.items) void item.fields.text?.scalar?.text;
    assert.equal(source.reads, 0);

    const reviewed = YAML.replace(`    text: ${LONG}`, `    text: ${LONG}\n    reviewed: 2026-01-05`);
    const stamped = parseSourceDocument({ uri: 'file:///ws/reviewed.yaml', languageId: 'yaml', version: 1, text: reviewed });
    const stampedModel = buildModel(stamped, { copyValues: true })!;
    const stampedSource = countingSource(stamped.source);
    assert.ok(keepTextIn(stamped, stampedSource));
    assert.equal(stampedModel.items[0].fields.text!.scalar!.text, LONG);
    assert.equal(stampedSource.reads, 0, "a reviewed item's fingerprint reads its prose on every first analysis: it is kept");
    assert.equal(stampedModel.items[1].fields.text!.scalar!.text, `${LONG}, quoted`);
    assert.equal(stampedSource.reads, 1, 'the items that record no review leave theirs in the text');
  });

  it('finds the same after edits of packed files as an index that keeps every text', () => {
    const files: Record<string, string> = { 'req.yaml': YAML, 'req.md': MARKDOWN, 'more.yaml': YAML.replace(/SR-/g, 'SR-9') };
    const edits: [string, (text: string) => string][] = [
      ['req.yaml', (text) => text.replace('authenticate every', 'authenticate each')],
      ['req.md', (text) => text.replace(`| SR-10 | operation | ${LONG} |`, '| SR-10 | operation | TBD |')],
      ['more.yaml', (text) => text.replace('Short text', 'TODO')],
      ['req.md', (text) => text.replace('| SR-10 | operation | TBD |', `| SR-10 | operation | ${LONG} again |`)],
    ];
    const packed = new WorkspaceIndex({ models: { copyValues: true } });
    let version = 1;
    const put = (name: string, text: string) => {
      const parsed = parse(text, name, version++);
      packed.update(parsed);
      assert.ok(keepTextIn(parsed, PackedSource.of(parsed.source, 0)));
    };
    for (const [name, text] of Object.entries(files)) put(name, text);
    const analyzer = new Analyzer(testCatalog());
    const plain = (index: WorkspaceIndex, findings: Map<string, unknown[]>) =>
      index
        .files()
        .map((parsed) => parsed.source.uri)
        .sort()
        .map((uri) => [uri, texts(index.model(uri)!), JSON.parse(JSON.stringify(findings.get(uri) ?? []))]);
    for (const [name, edit] of edits) {
      files[name] = edit(files[name]);
      put(name, files[name]);
      const fresh = new WorkspaceIndex();
      for (const [file, text] of Object.entries(files)) fresh.update(parse(text, file));
      assert.deepEqual(plain(packed, analyzer.analyze(packed)), plain(fresh, new Analyzer(testCatalog()).analyze(fresh)), `after editing ${name}`);
    }
  });
});
