// ParsedDocumentCache: one parse per document version, held by its owner and bounded (it used to
// keep the last parse of every document it ever saw, for the life of the server).
import { strict as assert } from 'node:assert';
import { ParsedDocumentCache } from '../../server/src/engine';

const source = (name: string, text = `kind: threat-model\nthreats:\n  - id: TH-${name}\n`, version = 1) => ({ uri: `file:///ws/${name}.yaml`, languageId: 'yaml', version, text });

describe('ParsedDocumentCache', () => {
  it('parses a document once per version and text', () => {
    const cache = new ParsedDocumentCache();
    const first = cache.get(source('a'));
    assert.equal(cache.get(source('a')), first);
    assert.notEqual(cache.get(source('a', undefined, 2)), first, 'a new version is parsed');
    const second = cache.get(source('a', 'kind: threat-model\n', 2));
    assert.equal(second.source.text, 'kind: threat-model\n', 'the same version with other text is parsed again');
  });

  it('keeps at most its capacity, dropping the document read least recently', () => {
    const cache = new ParsedDocumentCache(2);
    const a = cache.get(source('a'));
    const b = cache.get(source('b'));
    assert.equal(cache.get(source('a')), a, 'a hit makes a the most recent');
    cache.get(source('c'));
    assert.equal(cache.size, 2);
    assert.equal(cache.get(source('a')), a, 'a stayed');
    assert.notEqual(cache.get(source('b')), b, 'b, read least recently, was dropped and is parsed again');
  });

  it('is bounded by default: reading more documents than its capacity keeps only that many', () => {
    const cache = new ParsedDocumentCache();
    for (let i = 0; i < 300; i++) cache.get(source(`f${i}`, 'a: 1\n'));
    assert.ok(cache.size <= 256, `${cache.size} kept`);
    assert.throws(() => new ParsedDocumentCache(0), RangeError);
  });
});
