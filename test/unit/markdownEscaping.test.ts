// Document text reaching a Markdown hover is shown as text: a threat title or field value must not
// break out of its code span and show a remote image (a tracking pixel), a link or HTML.
import { strict as assert } from 'node:assert';
import { idHoverAt, WorkspaceIndex } from '../../server/src/engine';
import { codeSpan, plainText } from '../../server/src/engine/markdown';
import { fixture, parse } from '../support/fixtures';

const HOSTILE = 'x` ![p](https://evil.example/p.png) [click](https://evil.example) <img src=x>';

/** What a Markdown renderer would turn into a link, an image or HTML outside a code span. */
function liveMarkup(markdown: string): string[] {
  // Remove code spans as CommonMark reads them (an unescaped run of n backticks closes only with n).
  const outside = markdown.replace(/(?<![\\`])(`+)([\s\S]*?[^`])\1(?!`)/g, ' ');
  const found: string[] = [];
  for (const match of outside.matchAll(/(?<!\\)!?(?<!\\)\[[^\]]*\]\([^)]*\)|<img\b|<[a-z]+[\s>]/gi)) found.push(match[0]);
  return found;
}

describe('Markdown from document text', () => {
  it('codeSpan keeps any text inside one code span', () => {
    for (const text of [HOSTILE, '``', '`a`', 'a``b`', 'plain']) {
      const span = codeSpan(text);
      assert.deepEqual(liveMarkup(span), [], span);
      const fence = /^`+/.exec(span)![0];
      assert.ok(!text.includes(fence), `the fence ${fence} does not occur in ${text}`);
    }
  });

  it('plainText shows the characters, with no link, image or HTML', () => {
    const shown = plainText(HOSTILE);
    assert.deepEqual(liveMarkup(shown), [], shown);
    assert.ok(!/<img/i.test(shown));
    assert.ok(!/(?<!\\)\]\(/.test(shown), shown);
  });

  it('id hover shows a hostile title and field values as text', () => {
    const threatModel = `kind: threat-model\nthreats:\n  - id: TH-1\n    title: "${HOSTILE}"\n    category: "${HOSTILE}"\n`;
    const { text, cursors } = fixture('kind: security-architecture\ncontrols:\n  - id: CTL-1\n    mitigates: [TH‸-1]\n    safety_impact: none\n');
    const index = new WorkspaceIndex();
    index.update(parse(threatModel, 'tm.yaml'));
    index.update(parse(text, 'arch.yaml'));
    const hover = idHoverAt(index, 'file:///ws/arch.yaml', cursors[0])!;
    assert.ok(hover.includes('evil.example'), 'the title is shown');
    assert.deepEqual(liveMarkup(hover).filter((m) => m.includes('evil') || /img/i.test(m)), [], hover);
  });
});
