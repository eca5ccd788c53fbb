import { strict as assert } from 'node:assert';
import { findFrontMatter } from '../../server/src/engine';
import { LineIndex } from '../../server/src/engine/text';

describe('LineIndex', () => {
  it('round-trips offsets and positions over \\n and \\r\\n line ends', () => {
    const text = 'ab\r\ncd\nef';
    const lines = new LineIndex(text);
    assert.equal(lines.lineCount, 3);
    for (let offset = 0; offset <= text.length; offset++) {
      if (text[offset - 1] === '\r') continue; // between \r and \n is not a position
      assert.equal(lines.offsetAt(lines.positionAt(offset)), offset);
    }
    assert.deepEqual(lines.positionAt(4), { line: 1, character: 0 });
    assert.equal(lines.lineText(0), 'ab');
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 2, 'clamps to the end of the line');
  });

  it('places an offset between \r and \n at the end of its line, never past it', () => {
    const lines = new LineIndex('ab\r\ncd\n\r\nef');
    assert.deepEqual(lines.positionAt(3), { line: 0, character: 2 });
    assert.deepEqual(lines.positionAt(7), { line: 2, character: 0 }, 'an empty CRLF line after an LF line');
    assert.deepEqual(lines.range(6, 8), { start: { line: 1, character: 2 }, end: { line: 2, character: 0 } });
  });
});

describe('LineIndex over any mix of line breaks', () => {
  /** Line ends as the index worked them out from the text itself before it kept only line starts. */
  function lineEndsFromText(text: string): number[] {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\r' && text[i + 1] === '\n') i++;
      if (text[i] === '\r' || text[i] === '\n') starts.push(i + 1);
    }
    return starts.map((start, line) => {
      let end = line + 1 < starts.length ? starts[line + 1] : text.length;
      if (end > start && text[end - 1] === '\n') end--;
      if (end > start && text[end - 1] === '\r') end--;
      return end;
    });
  }

  it('ends each line before its break (\n, \r\n or a lone \r), as read from the text', () => {
    let seed = 5;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let run = 0; run < 300; run++) {
      const text = Array.from({ length: random(40) }, () => ['a', 'b', '\n', '\r', '\r\n', '\n\r'][random(6)]).join('');
      const lines = new LineIndex(text);
      const ends = lineEndsFromText(text);
      assert.equal(lines.lineCount, ends.length, JSON.stringify(text));
      ends.forEach((end, line) => assert.equal(lines.lineEnd(line), end, `${JSON.stringify(text)} line ${line}`));
      assert.equal(lines.lineText(lines.lineCount), '');
      assert.equal(lines.lineText(-1), '');
    }
  });
});

describe('front matter', () => {
  it('is found only at the very start and needs a closing line', () => {
    assert.deepEqual(findFrontMatter('---\nkind: x\n---\nbody'), { start: 4, end: 12 });
    assert.equal(findFrontMatter('# Title\n---\nkind: x\n---\n'), null);
    assert.equal(findFrontMatter('---\nkind: x\n'), null);
  });
});
