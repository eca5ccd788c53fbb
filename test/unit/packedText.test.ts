// The server keeps the text of files no editor shows packed (PackedSource), and a parsed document
// then reads its text from there (keepTextIn). Everything must read the same text as before, and
// what needs no text (positions, ranges, the model) must not unpack it.
import { strict as assert } from 'node:assert';
import { Analyzer, keepTextIn, WorkspaceIndex } from '../../server/src/engine';
import { PackedSource, UnpackedTexts } from '../../server/src/node/packedText';
import { parse, testCatalog } from '../support/fixtures';
import { countingSource } from '../support/countingSource';

const TEXT = [
  'kind: security-requirements',
  'title: Pump — requirements 😀',
  'requirements:',
  '  - id: SR-1',
  '    text: Authenticate every session\r',
  '    threats: [TH-9]',
  '',
].join('\n');

describe('packed text (PackedSource)', () => {
  it('gives back the exact text: two-byte characters, surrogate pairs, \\r\\n', () => {
    const source = PackedSource.of({ uri: 'file:///ws/a.yaml', languageId: 'yaml', version: -1, text: TEXT }, 0);
    assert.ok(source instanceof PackedSource);
    assert.equal(source.text, TEXT);
    assert.ok(source.packedBytes > 0 && source.packedBytes < Buffer.byteLength(TEXT));
  });

  it('leaves short, skipped and already packed sources as they are', () => {
    const short = { uri: 'file:///ws/a.yaml', languageId: 'yaml', version: -1, text: 'kind: threat-model\n' };
    assert.equal(PackedSource.of(short), short);
    const skipped = { ...short, text: '', skipped: { reason: 'too-large' as const, bytes: 9e7, limit: 5e6 } };
    assert.equal(PackedSource.of(skipped, 0), skipped);
    const packed = PackedSource.of({ ...short, text: TEXT }, 0);
    assert.equal(PackedSource.of(packed, 0), packed);
  });

  it('stays exact when many texts are read in turn (more than it keeps unpacked)', () => {
    const texts = Array.from({ length: 100 }, (_, i) => `${TEXT}# file ${i}\n`.repeat(1 + (i % 7)));
    const sources = texts.map((text, i) => PackedSource.of({ uri: `file:///ws/${i}.yaml`, languageId: 'yaml', version: -1, text }, 0));
    // In a scrambled order, so each read finds its text unpacked or not, at random.
    for (let k = 0; k < 300; k++) {
      const i = (k * 37) % 100;
      assert.equal(sources[i].text, texts[i]);
    }
  });
});

describe('unpacked texts kept per owner (UnpackedTexts)', () => {
  const packed = (i: number, recent?: UnpackedTexts) => PackedSource.of({ uri: `file:///ws/${i}.yaml`, languageId: 'yaml', version: -1, text: `${TEXT}# ${i}\n` }, 0, recent);

  // They were kept in a static map of the class: one process-wide cache that two servers shared and evicted from each other.
  it('keeps the last texts read in the owner\'s cache, bounded, and never in another owner\'s', () => {
    const mine = new UnpackedTexts(2);
    const theirs = new UnpackedTexts(2);
    const ours = [0, 1, 2].map((i) => packed(i, mine));
    const other = packed(9, theirs);
    for (const source of ours) assert.equal(source.text, `${TEXT}# ${ours.indexOf(source)}\n`);
    assert.equal(mine.size, 2, 'bounded: the text read least recently went');
    assert.equal(theirs.size, 0, 'reading my files keeps nothing in another owner\'s cache');
    assert.equal(other.text, `${TEXT}# 9\n`);
    assert.deepEqual([mine.size, theirs.size], [2, 1]);
  });

  it('keeps nothing for a source packed without an owner\'s cache, and reads it right every time', () => {
    const cache = new UnpackedTexts();
    const loose = packed(5);
    for (let k = 0; k < 3; k++) assert.equal(loose.text, `${TEXT}# 5\n`);
    assert.equal(cache.size, 0);
  });
});

describe('a parsed document whose text is kept elsewhere (keepTextIn)', () => {
  it('reads lines and re-parses from there, and works out positions without reading the text', () => {
    const parsed = parse(TEXT, 'req.yaml');
    const index = new WorkspaceIndex();
    index.update(parsed);
    const source = countingSource(parsed.source);
    assert.ok(keepTextIn(parsed, source));
    assert.equal(parsed.source, source);

    const { lines } = parsed;
    for (let offset = 0; offset <= TEXT.length; offset++) lines.offsetAt(lines.positionAt(offset));
    const model = index.model(parsed.source.uri)!;
    assert.deepEqual(JSON.parse(JSON.stringify(model.items.map((item) => [item.range, item.fields.text.range, item.id?.text]))), [
      [{ start: { line: 3, character: 4 }, end: { line: 6, character: 0 } }, { start: { line: 4, character: 10 }, end: { line: 4, character: 36 } }, 'SR-1'],
    ]);
    assert.equal(source.reads, 0, 'positions, ranges and the model need no text');

    assert.equal(lines.lineText(4), '    text: Authenticate every session');
    assert.ok(source.reads > 0, 'a line is read from the source');
    assert.equal(parsed.yaml?.toJS().requirements[0].id, 'SR-1', 'the YAML tree is parsed again from the source');
  });

  it('refuses a source of another file or version', () => {
    const parsed = parse(TEXT, 'req.yaml', 3);
    assert.equal(keepTextIn(parsed, { ...parsed.source, uri: 'file:///ws/other.yaml' }), false);
    assert.equal(keepTextIn(parsed, { ...parsed.source, version: 4 }), false);
    assert.equal(parsed.source.text, TEXT);
  });

  it('gives findings whose fixes are worked out when called, against the text that was analysed', () => {
    const index = new WorkspaceIndex();
    index.update(parse(TEXT, 'req.yaml', 1));
    const finding = new Analyzer(testCatalog()).analyze(index).get('file:///ws/req.yaml')!.find((f) => f.rule === 'unknown-reference');
    assert.ok(finding, 'TH-9 is defined nowhere');
    // A newer version of the file moves every line down before the fixes are asked for.
    index.update(parse(`# a comment\n${TEXT}`, 'req.yaml', 2));
    const suppress = finding.fixes!().find((fix) => fix.title.startsWith('Suppress'));
    assert.ok(suppress, 'the suppress fix is there');
    const [edit] = suppress.edits['file:///ws/req.yaml'];
    assert.deepEqual(edit.range.start, { line: 5, character: 0 }, 'at the line the finding was made on');
    assert.equal(edit.newText, '    # clause-guide-disable-next-line unknown-reference -- TODO: say why this is acceptable\n');
  });
});
