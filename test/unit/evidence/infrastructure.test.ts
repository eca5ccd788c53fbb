// The evidence-file infrastructure: which files are evidence, how their items join the index, and
// the one clear finding for a file that does not parse or does not match its official schema.
import { strict as assert } from 'node:assert';
import { ParsedDocumentCache, parseSourceDocument } from '../../../server/src/engine';
import { locatePointers } from '../../../server/src/engine/evidence/jsonLocation';
import { isEvidenceFileName } from '../../../server/src/engine/evidence/read';
import { analyzeFiles } from '../../support/workspace';

/** A small CycloneDX 1.6 SBOM, as JSON text with the given components. */
export function cdx(components: object[], extra: object = {}): string {
  return JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, ...extra, components }, null, 2);
}

const lodash = { type: 'library', name: 'lodash', version: '4.17.21', purl: 'pkg:npm/lodash@4.17.21', 'bom-ref': 'lodash@4.17.21' };

describe('evidence files', () => {
  it('are recognised by the names the tools write', () => {
    for (const name of ['bom.json', 'bom.xml', 'app.cdx.json', 'app.cdx.xml', 'app.spdx.json', 'BOM.JSON']) assert.ok(isEvidenceFileName(name), name);
    for (const name of ['package.json', 'tsconfig.json', 'threats.yaml', 'bom.yaml']) assert.ok(!isEvidenceFileName(name), name);
  });

  it('join the index: a component is a definition by its purl, at the purl in the file', () => {
    const text = cdx([lodash]);
    const { index, findings } = analyzeFiles({ 'bom.json': text });
    assert.deepEqual(findings.filter((f) => f.rule === 'evidence-file-invalid'), []);
    const [definition] = index.definitions('pkg:npm/lodash@4.17.21');
    assert.ok(definition, 'the component is defined');
    assert.equal(definition.item?.collection, 'components');
    const line = text.split('\n')[definition.range.start.line];
    assert.match(line.slice(definition.range.start.character), /^"pkg:npm\/lodash@4\.17\.21"/);
    assert.equal(definition.item?.fields.version?.scalar?.text, '4.17.21');
    assert.equal(index.items('components').length, 1);
  });

  it('nested components are items too, and the product itself (metadata.component) is not', () => {
    const parent = { ...lodash, components: [{ type: 'library', name: 'inner', version: '1.0.0', purl: 'pkg:npm/inner@1.0.0' }] };
    const { index } = analyzeFiles({ 'bom.json': cdx([parent], { metadata: { component: { type: 'application', name: 'product', version: '2.0.0' } } }) });
    assert.deepEqual(index.items('components').map((item) => item.id?.text), ['pkg:npm/lodash@4.17.21', 'pkg:npm/inner@1.0.0']);
    assert.equal(index.documents()[0].fields.subject?.scalar?.text, 'product@2.0.0');
  });

  it('a file that is not JSON is one evidence-file-invalid finding where it breaks, and no evidence', () => {
    const text = '{\n  "bomFormat": "CycloneDX",\n  "specVersion": "1.6",\n  "components": [\n    { "name": "a", }\n  ]\n}\n';
    const { index, findings } = analyzeFiles({ 'bom.json': text });
    assert.deepEqual(findings.map((f) => [f.rule, f.range.start.line]), [['evidence-file-invalid', 4]]);
    assert.match(findings[0].message, /not valid JSON/);
    assert.equal(index.items('components').length, 0);
  });

  it('a file that breaks the official schema is one finding at the place the schema names', () => {
    const text = cdx([lodash, { type: 'library', version: '1.0.0' }]);
    const { index, findings } = analyzeFiles({ 'bom.json': text });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].rule, 'evidence-file-invalid');
    assert.match(findings[0].message, /`\/components\/1` lacks the required property "name" \(CycloneDX 1\.6 schema\)/);
    const lines = text.split('\n');
    // The second component's opening brace.
    assert.equal(findings[0].range.start.line, lines.findIndex((line, i) => i > 10 && line.trim() === '{'));
    assert.equal(index.items('components').length, 0, 'an invalid file is no evidence');
  });

  it('an unknown specVersion and content that is no SBOM are findings when the name says SBOM', () => {
    const old = analyzeFiles({ 'bom.json': cdx([lodash]).replace('"1.6"', '"1.1"') });
    assert.match(old.findings[0]?.message ?? '', /specVersion "1.1" is not one Clause Guide reads/);
    const other = analyzeFiles({ 'bom.json': '{"name": "not an sbom"}' });
    assert.match(other.findings[0]?.message ?? '', /not a CycloneDX/);
  });

  it('a JSON file that is no evidence format (a package.json) is simply not evidence', () => {
    const { index, findings } = analyzeFiles({ 'package.json': '{"name": "x", "version": "1.0.0"}', 'broken.json': '{' });
    assert.deepEqual(findings, []);
    assert.equal(index.documents().length, 0);
  });

  it('is never a crash: hostile texts give findings or nothing', () => {
    for (const text of ['', 'null', '[]', '"x"', '{"bomFormat":"CycloneDX"}', '{"bomFormat":"CycloneDX","specVersion":"1.6","components":{}}', '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[null]}', '\u0000', '{'.repeat(100000)]) {
      const { findings } = analyzeFiles({ 'bom.json': text });
      assert.ok(findings.every((f) => f.rule === 'evidence-file-invalid'), JSON.stringify(text.slice(0, 40)));
      assert.equal(findings.length, 1, JSON.stringify(text.slice(0, 40)));
    }
  });

  it('an unchanged file is not parsed again (the cache keys on uri, version and text)', () => {
    const cache = new ParsedDocumentCache();
    const source = { uri: 'file:///ws/bom.json', languageId: 'json', version: -1, text: cdx([lodash]) };
    assert.equal(cache.get(source), cache.get({ ...source }));
    assert.notEqual(cache.get(source), cache.get({ ...source, version: -2 }));
  });

  it('locates JSON pointers in one pass, escapes and all', () => {
    const text = '{"a/b": [1, {"~c": "x"}], "d": {}}';
    const spans = locatePointers(text, ['/a~1b/1/~0c', '/d', '', '/missing']);
    assert.equal(text.slice(spans.get('/a~1b/1/~0c')!.start, spans.get('/a~1b/1/~0c')!.end), '"x"');
    assert.equal(text.slice(spans.get('/d')!.start, spans.get('/d')!.end), '{}');
    assert.equal(spans.get('')!.end, text.length);
    assert.ok(!spans.has('/missing'));
  });

  it('keeps the parse of an evidence file free of YAML: no syntax problems from reading JSON as YAML', () => {
    const parsed = parseSourceDocument({ uri: 'file:///ws/bom.json', languageId: 'json', version: 1, text: cdx([lodash]) });
    assert.equal(parsed.format, 'json');
    assert.deepEqual(parsed.syntaxProblems, []);
    assert.equal(parsed.evidence?.items.length, 1);
  });
});
