// Document text reaching a Markdown hover is shown as text: a threat title or field value must not
// break out of its code span and show a remote image (a tracking pixel), a link or HTML.
import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { coverageTooltip } from '../../client/src/coverageTooltip';
import { Analyzer, clauseCoverage, idHoverAt, parseConfig, RULES, WorkspaceIndex } from '../../server/src/engine';
import { codeSpan, plainText } from '../../server/src/engine/markdown';
import { coverageMarkdown } from '../../server/src/engine/reports/coverageReport';
import { releaseReadiness } from '../../server/src/engine/reports/readiness';
import { traceabilityMarkdown, traceabilityRows } from '../../server/src/engine/reports/traceability';
import { fixture, parse, testCatalog } from '../support/fixtures';

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

describe('document text in every Markdown view, rendered as VS Code renders Markdown (markdown-it, HTML on)', () => {
  // VS Code's Markdown (the report panes' markdown.api.render, a preview of an exported matrix)
  // is markdown-it with HTML enabled: what it turns into an element is what a user would see.
  const render = new MarkdownIt({ html: true }).render.bind(new MarkdownIt({ html: true }));
  const PAYLOAD = 'x` ![p](https://evil.example/p.png) [click](https://evil.example) <img src=x onerror=alert(1)> <a href="https://evil.example">a</a>';
  const q = (text: string) => `'${text.replace(/'/g, "''")}'`;
  /** Elements a document's text made: images, links to the attacker, raw HTML, headings made of its text. */
  const injected = (html: string) =>
    [...html.matchAll(/<img\b[^>]*>|<a\b[^>]*evil[^>]*>|<(?:script|iframe)\b[^>]*>|<h[1-6]>(?:(?!<\/h)[^])*?(?:evil|heading)/gi)].map((match) => match[0]);

  function hostileWorkspace(): WorkspaceIndex {
    const index = new WorkspaceIndex();
    index.update(parse(`kind: threat-model\nthreats:\n  - id: TH-1\n    title: ${q(PAYLOAD)}\n    risk: high\n    safety_impact: none\n  - id: TH-2\n    title: ${q(`${PAYLOAD}\n===`)}\n    risk: ${q(PAYLOAD)}\n`, 'tm.yaml'));
    index.update(parse(`kind: security-architecture\ncontrols:\n  - id: CTL-1\n    title: ${q(PAYLOAD)}\n    mitigates: [TH-1]\n    layer: network\n    safety_impact: none\n`, 'arch.yaml'));
    index.update(parse(`kind: security-requirements\nrequirements:\n  - id: SR-1\n    title: ${q(PAYLOAD)}\n    threats: [TH-1, TH-2]\n    verification: [${q(`VT-1 ${PAYLOAD}`)}]\n`, 'req.yaml'));
    index.update(parse(`kind: tailoring-record\napprovers:\n  - name: ${q(PAYLOAD)}\n    role: Security\nentries:\n  - clause: "4.1.5"\n    decision: not-applicable\n    justification: ${q(PAYLOAD)}\n    approved_by: ${q(PAYLOAD)}\n    date: 2026-10-01\n`, 'tailoring.yaml'));
    return index;
  }

  it('the traceability matrix (Export Traceability, clause-guide matrix --format md) shows titles as text', () => {
    const html = render(traceabilityMarkdown(traceabilityRows(hostileWorkspace())));
    assert.ok(html.includes('evil.example'), 'the titles are shown');
    assert.deepEqual(injected(html), []);
  });

  it('the coverage and release readiness reports show document text as text', () => {
    const index = hostileWorkspace();
    const { config } = parseConfig('', RULES.map((rule) => rule.name));
    const findings = new Analyzer(testCatalog()).analyze(index, config, {});
    const coverage = clauseCoverage(index, testCatalog(), config, { findings: [...findings.values()].flat() });
    for (const [name, markdown] of [
      ['coverage', coverageMarkdown(coverage, (uri) => uri.slice(uri.lastIndexOf('/') + 1))],
      ['readiness', releaseReadiness(index, findings, (uri) => uri.slice(uri.lastIndexOf('/') + 1)).markdown],
    ]) {
      assert.deepEqual(injected(render(markdown)), [], name);
    }
  });

  it("the Clause Coverage view's tooltip shows the clause title and its gaps as plain text", () => {
    const tooltip = coverageTooltip({ id: '7.2', title: `${PAYLOAD}\n===`, status: 'claimed', evidence: [], gaps: [PAYLOAD, `line one\n# heading`] });
    const html = render(tooltip);
    assert.deepEqual(injected(html), []);
    assert.ok(html.includes('evil.example') && html.includes('heading'), 'the text is shown');
  });
});
