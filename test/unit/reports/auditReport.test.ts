import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import {
  architectureModel,
  architectureSvg,
  auditHtml,
  auditMarkdown,
  buildAuditReport,
  clauseCoverage,
  DEFAULT_CONFIG,
  type AuditReport,
} from '../../../server/src/engine';
import { runAsync } from '../../../server/src/cli/main';
import { gitCommit } from '../../../server/src/node/auditReport';
import { testCatalog } from '../../support/fixtures';
import { analyzeFiles } from '../../support/workspace';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'infusync');
const catalog = testCatalog();

async function cli(args: string[], cwd = REPO_ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runAsync(args, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, catalog);
  return { code, stdout, stderr };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-report-'));
}

/** A report of a small workspace given as files, with fixed meta. */
function reportOf(files: Record<string, string>): AuditReport {
  const workspace = analyzeFiles(files);
  const findingsByUri = new Map<string, typeof workspace.findings>();
  for (const finding of workspace.findings) findingsByUri.set(finding.uri, [...(findingsByUri.get(finding.uri) ?? []), finding]);
  return buildAuditReport({
    workspace: workspace.index,
    catalog,
    config: DEFAULT_CONFIG,
    findingsByUri,
    coverage: clauseCoverage(workspace.index, catalog, DEFAULT_CONFIG, { findings: workspace.findings }),
    relativePath: (uri) => uri.replace('file:///ws/', ''),
    meta: { project: '.', commit: null, generated: '2026-12-04T12:00:00Z', toolVersion: '9.9.9', catalogVersion: 'test catalog' },
  });
}

/** The text inside `@media <media> { … }` (its rules end at a closing brace alone on a line). */
function mediaBlock(css: string, media: string): string {
  const start = css.indexOf(`@media ${media} {`);
  assert.ok(start >= 0, `a @media ${media} block`);
  return css.slice(css.indexOf('{', start) + 1, css.indexOf('\n}', start));
}

/** Plain `selector { property: value; … }` rules as selector → property → value (later rules win, as in CSS). */
function cssRules(css: string): Record<string, Record<string, string>> {
  const rules: Record<string, Record<string, string>> = {};
  for (const [, selectors, body] of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    for (const selector of selectors.split(',').map((s) => s.trim())) {
      for (const declaration of body.split(';')) {
        const colon = declaration.indexOf(':');
        if (colon > 0) (rules[selector] ??= {})[declaration.slice(0, colon).trim()] = declaration.slice(colon + 1).trim();
      }
    }
  }
  return rules;
}

const SMALL = {
  'tm.yaml': [
    'kind: threat-model',
    'product: Pump <b>Gateway</b> | "X"',
    'threats:',
    '  - id: TH-1',
    '    title: Spoofed cloud <script>alert(1)</script>',
    '  - id: TH-2',
    '    title: Nobody names me <img src="https://evil.example/x.png">',
    '',
  ].join('\n'),
  'arch.yaml': [
    'kind: security-architecture',
    'layers: [network, data]',
    'zones:',
    '  - id: Z-A',
    '    name: Hospital',
    '  - id: Z-B',
    '    name: Cloud',
    'boundaries:',
    '  - id: TB-1',
    '    between: [Z-A, Z-B]',
    'controls:',
    '  - id: CTL-1',
    '    title: A very long control title that goes on and on well past any sensible width of a box',
    '    layer: network',
    '    mitigates: [TH-1]',
    '',
  ].join('\n'),
  'req.yaml': ['kind: security-requirements', 'requirements:', '  - id: SR-1', '    text: Authenticate the cloud', '    phase: operation', '    threats: [TH-1, TH-9]', ''].join('\n'),
};

describe('audit report', () => {
  describe('model', () => {
    const report = reportOf(SMALL);

    it('lists every clause of the catalog, judged ones with their status and the rest saying why not', () => {
      const ids = report.chapters.flatMap((chapter) => chapter.clauses.map((clause) => clause.id));
      assert.deepEqual(ids.sort(), catalog.clauses.map((clause) => clause.id).sort());
      const clause = (id: string) => report.chapters.flatMap((c) => c.clauses).find((c) => c.id === id)!;
      assert.equal(clause('5.3').status, 'group');
      assert.equal(clause('E.1').status, 'overview');
      assert.equal(clause('F.2').status, 'not-applicable');
      assert.equal(report.totals.applicable, clauseCoverage(analyzeFiles(SMALL).index, catalog, DEFAULT_CONFIG).length);
    });

    it('keeps a threat no requirement names as a gap row, and a requirement naming an undefined threat', () => {
      const th2 = report.traceForward.filter((row) => row.threat === 'TH-2');
      assert.equal(th2.length, 1);
      assert.deepEqual(th2[0].gaps, ['no control mitigates this threat', 'no requirement names this threat']);
      const th1 = report.traceForward.find((row) => row.threat === 'TH-1')!;
      assert.deepEqual(th1.controls, ['CTL-1']);
      assert.equal(th1.requirement, 'SR-1');
      assert.deepEqual(th1.gaps, ['the requirement names no verification']);
      const sr1 = report.traceBackward.find((row) => row.requirement === 'SR-1')!;
      assert.deepEqual(sr1.threats, [
        { id: 'TH-1', defined: true },
        { id: 'TH-9', defined: false },
      ]);
      assert.ok(sr1.gaps.includes('threat TH-9 is defined nowhere'));
    });

    it('reads a verification result through the extension point, and without one says no result is recorded', () => {
      const files = { ...SMALL, 'req.yaml': SMALL['req.yaml'].replace('threats: [TH-1, TH-9]', 'threats: [TH-1]\n    verification: [VT-1, VT-2]') };
      const plain = reportOf(files).traceForward.filter((row) => row.threat === 'TH-1');
      assert.deepEqual(plain.map((row) => row.result), ['no result recorded', 'no result recorded']);
      assert.ok(plain.every((row) => row.gaps.includes('no result recorded for this verification')));
      const workspace = analyzeFiles(files);
      const withResults = buildAuditReport({
        workspace: workspace.index,
        catalog,
        config: DEFAULT_CONFIG,
        findingsByUri: new Map(),
        coverage: [],
        relativePath: (uri) => uri,
        meta: { project: '.', commit: null, generated: 'now', toolVersion: '1', catalogVersion: 'c' },
        verificationResult: (id) => (id === 'VT-1' ? { status: 'passed', where: 'junit.xml:3' } : { status: 'failed' }),
      }).traceForward.filter((row) => row.threat === 'TH-1');
      assert.deepEqual(withResults.map((row) => [row.verification, row.result, row.gaps]), [
        ['VT-1', 'passed (junit.xml:3)', []],
        ['VT-2', 'failed', ['verification failed']],
      ]);
    });
    it('reads the results of the project\'s JUnit files when the host gives no other source (pass, fail, where)', () => {
      const files = {
        ...SMALL,
        'req.yaml': SMALL['req.yaml'].replace('threats: [TH-1, TH-9]', 'threats: [TH-1]\n    verification: [VT-1, VT-2, VT-3]'),
        'test-results/junit.xml': [
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<testsuite name="security" tests="2">',
          '  <testcase classname="gateway" name="VT-1 rejects a forged certificate" time="0.01"/>',
          '  <testcase classname="gateway" name="VT-2 locks after five attempts" time="0.02">',
          '    <failure message="expected lockout">AssertionError</failure>',
          '  </testcase>',
          '</testsuite>',
          '',
        ].join('\n'),
      };
      const rows = reportOf(files).traceForward.filter((row) => row.threat === 'TH-1');
      assert.deepEqual(rows.map((row) => [row.verification, row.result, row.gaps]), [
        ['VT-1', 'passed (test-results/junit.xml:3)', []],
        ['VT-2', 'failed (test-results/junit.xml:4)', ['verification failed']],
        ['VT-3', 'no result recorded', ['no result recorded for this verification']],
      ]);
    });
  });

  describe('HTML', () => {
    const html = auditHtml([reportOf(SMALL)]);

    it('escapes every text from the security file: no tag, attribute or link of it survives', () => {
      assert.ok(!html.includes('<script'), 'no script element');
      assert.ok(!html.includes('<img'), 'no image element');
      assert.ok(!html.includes('<b>Gateway'), 'no markup from the product name');
      assert.ok(html.includes('Spoofed cloud &lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(html.includes('Pump &lt;b&gt;Gateway&lt;/b&gt; | &quot;X&quot;'));
      assert.doesNotMatch(html, /\s(?:src|href)\s*=\s*["']?https?:/i);
    });

    it('shows status as words, not emoji', () => {
      assert.match(html, /<span class="status s-missing">MISSING<\/span>/);
      assert.doesNotMatch(html, /\p{Extended_Pictographic}/u);
    });

    it('says there is no git commit when there is none', () => {
      assert.match(html, /<th scope="row">Git commit<\/th><td>none \(not a git repository, or git did not answer\)<\/td>/);
    });

    it('prints tables inside the page, right border included: the print rules it relies on', () => {
      const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
      const print = cssRules(mediaBlock(style, 'print'));
      // Chromium clips the last pixel at the page's content edge: a table 100% wide lost its right
      // border on every page of the PDF (docs/images/audit-report-pdf.png). The body keeps room on both sides.
      const [, horizontal] = /^0 (\d+(?:\.\d+)?)px$/.exec(print.body?.padding ?? '') ?? [];
      assert.ok(Number(horizontal) >= 2, `the printed body keeps at least 2 px beside the content edge (padding: ${print.body?.padding})`);
      // No table grows past the page: at most its width, and a path or id in a cell may break anywhere.
      assert.equal(print.table?.['max-width'], '100%');
      assert.equal(print['td code']?.['overflow-wrap'], 'anywhere');
      assert.equal(print['td .place']?.['overflow-wrap'], 'anywhere');
      const screen = cssRules(style.replace(/@media[^{]*\{[\s\S]*?\n\}/g, '').replace(/@page[^{]*\{[^}]*\}/g, ''));
      assert.equal(screen.table?.width, '100%', 'a table is never set wider than its page');
      assert.equal(screen.table?.['border-collapse'], 'collapse');
      assert.match(style, /@page \{ size: A4; margin: 14mm 12mm; \}/);
      // Every table of the report is a plain <table> these rules reach (no inline width or style).
      assert.doesNotMatch(html, /<table[^>]*\s(?:style|width)=/);
    });
  });

  describe('Markdown', () => {
    const markdown = auditMarkdown(reportOf(SMALL));

    it('escapes table cells and HTML, and keeps gap rows', () => {
      assert.ok(!/<script|<img|<b>/.test(markdown.replace(/<div class="diagram">[\s\S]*?<\/div>/, '')), 'no markup from the security file outside the drawn diagram');
      assert.match(markdown, /\| Product \| Pump &lt;b&gt;Gateway&lt;\/b&gt; \\\| "X" \|/);
      assert.match(markdown, /\| TH-2 Nobody names me .* \| NONE \| NONE \| — \| — \| GAP: no control mitigates this threat; no requirement names this threat \|/);
    });
  });

  describe('architecture diagram (SVG)', () => {
    const model = architectureModel(analyzeFiles(SMALL).index);
    const svg = architectureSvg(model);

    it('draws zones, the boundary between them without direction, controls by layer, threats, gaps and a legend', () => {
      assert.match(svg, /<g class="zone" data-id="Z-A">/);
      assert.match(svg, /<g class="boundary uncontrolled gap" data-id="TB-1">.*NO CONTROL/s);
      assert.match(svg, /<g class="layer" data-id="network">/);
      assert.match(svg, /<g class="layer gap" data-id="data">.*NO CONTROL IN THIS LAYER/s);
      assert.match(svg, /<g class="control no-boundary" data-id="CTL-1">.*on no boundary/s);
      assert.match(svg, /<g class="threat unmitigated gap" data-id="TH-2">.*UNMITIGATED/s);
      assert.match(svg, /<g class="threat" data-id="TH-1">/);
      assert.match(svg, /<path class="mitigates" /);
      assert.match(svg, /<g class="legend">/);
      assert.doesNotMatch(svg, /marker-end|<marker/, 'boundaries have no direction');
      assert.ok(svg.includes('&lt;script&gt;') && !svg.includes('<script'), 'labels are escaped');
    });

    it('makes every box wide enough for its longest line (monospace, 0.62 em a character)', () => {
      const boxes = [...svg.matchAll(/<g class="[^"]*" data-id="[^"]*"><rect x="[^"]*" y="[^"]*" width="([\d.]+)"[^>]*\/>((?:<text[^>]*>[^<]*<\/text>)+)<\/g>/g)];
      assert.ok(boxes.length >= 8, `found ${boxes.length} boxes`);
      for (const [, width, texts] of boxes) {
        const lines = [...texts.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&(?:lt|gt|amp|quot|#39);/g, 'x'));
        const longest = Math.max(...lines.map((line) => line.length));
        assert.ok(longest * 12 * 0.6 + 2 <= Number(width), `"${lines.join(' / ')}" fits ${width}px`);
        assert.ok(longest <= 40, `long labels wrap: "${lines.join(' / ')}"`);
      }
    });
  });

  describe('clause-guide report on examples/infusync', () => {
    it('--format html writes one self-contained file: every clause id, the diagram inline, gaps as rows', async () => {
      const out = path.join(tempDir(), 'audit.html');
      const { code, stderr } = await cli(['report', EXAMPLE, '--format', 'html', '--out', out]);
      // The example holds one file over its project's maxFileSize: the report is written, and the run says it is incomplete.
      assert.equal(code, 2, stderr);
      assert.match(stderr, /serial-capture\.yaml.*not read[\s\S]*1 file could not be read, so it is not in this report/);
      const html = fs.readFileSync(out, 'utf8');
      assert.doesNotMatch(html, /<script|<link|<iframe|<object|<embed/i);
      assert.doesNotMatch(html, /\s(?:src|href|xlink:href)\s*=\s*["']?\s*(?:https?:)?\/\//i, 'no reference to another host');
      assert.doesNotMatch(html, /url\(\s*["']?\s*(?:https?:)?\/\//i, 'no style loads from another host');
      assert.doesNotMatch(html, /@import/i);
      for (const clause of catalog.clauses) assert.ok(html.includes(`data-clause="${clause.id}"`), `clause ${clause.id} has a row`);
      const svg = /<svg[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
      assert.match(svg, /class="layer[^"]*" data-id="network"/);
      assert.match(svg, /class="threat[^"]*" data-id="TH-001"/);
      assert.match(svg, /<g class="legend">/);
      // The example's Threat Dragon model draws a box and a curve: both are in the diagram, and counted.
      assert.match(svg, /class="model-boundary" data-id="clinician-access\.threat-dragon\.json#Clinician access#Gateway"/);
      assert.match(html, /2 trust boundaries drawn in Threat Dragon models, shown as drawn/);
      // TD-2 (settled in Threat Dragon by its own mitigation) is mitigated by no control of ours: its row is there, marked.
      assert.match(html, /<tr class="gap"><td><code>TD-2<\/code>[^]*?GAP:<\/span> no control mitigates this threat/);
      assert.match(html, /Git commit<\/th><td>[0-9a-f]{40}/, 'the repository\'s commit');
      assert.match(html, /Clause catalog<\/th><td>IEC 81001-5-1:2021 clause catalog, sha256 [0-9a-f]{12}/);
    });

    it('--format docx writes a Word document a DOCX reader opens, with clause titles, tables and the diagram image', async function () {
      this.timeout(60000); // about 2 s of CPU (pack, PNG, read back), many times that on a machine shared by parallel builds
      const out = path.join(tempDir(), 'audit.docx');
      const { code, stderr } = await cli(['report', EXAMPLE, '--format', 'docx', '--out', out]);
      assert.equal(code, 2, stderr); // the report is written; the example's over-size file makes the run incomplete
      assert.match(stderr, /1 file could not be read/);
      const bytes = fs.readFileSync(out);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mammoth = require('mammoth') as { convertToHtml(input: { buffer: Buffer }): Promise<{ value: string }> };
      const { value } = await mammoth.convertToHtml({ buffer: bytes });
      assert.match(value, /<h1>1 Coverage per clause<\/h1>/);
      assert.ok(value.includes('Defense-in-depth architecture/design'));
      assert.ok((value.match(/<table>/g) ?? []).length >= 10, 'tables');
      assert.match(value, /<img /);
      const media = Object.keys(unzipSync(new Uint8Array(bytes))).filter((name) => name.startsWith('word/media/'));
      assert.ok(media.some((name) => name.endsWith('.png')) && media.some((name) => name.endsWith('.svg')), `media: ${media.join(', ')}`);
      const png = Object.entries(unzipSync(new Uint8Array(bytes))).find(([name]) => name.startsWith('word/media/') && name.endsWith('.png'))![1];
      assert.ok(png.length > 10_000, 'the PNG is the rendered diagram, not a blank pixel');
    });

    it('a Markdown report saved into the workspace is no security document: check and coverage read the same with it as without it', async function () {
      this.timeout(60000);
      const copy = path.join(tempDir(), 'infusync');
      fs.cpSync(EXAMPLE, copy, { recursive: true });
      const run = async (...args: string[]) => (await cli([...args, '--format', 'json', copy])).stdout;
      const [checkBefore, coverageBefore] = [await run('check'), await run('coverage')];
      const saved = path.join(copy, 'security', 'audit-report.md');
      await cli(['report', copy, '--format', 'md', '--out', saved]);
      const markdown = fs.readFileSync(saved, 'utf8');
      assert.ok(markdown.includes('§5.3.1') || markdown.includes('5.3.1'), 'the report names clauses');
      assert.ok(markdown.includes('TH-001') && markdown.includes('SR-002'), 'the report names items');
      const alone = await cli(['check', '--format', 'json', saved]);
      assert.deepEqual([alone.code, JSON.parse(alone.stdout)], [0, []], 'checked on its own, the report is no security document (no kind, no items)');
      assert.equal(await run('check'), checkBefore, 'no finding on or because of the saved report');
      assert.equal(await run('coverage'), coverageBefore, 'its clause numbers cite nothing, its ids define nothing');
    });

    it('--format docx without --out is a usage error; --help prints the options and exits 0', async () => {
      const noOut = await cli(['report', EXAMPLE, '--format', 'docx']);
      assert.equal(noOut.code, 2);
      assert.match(noOut.stderr, /--format docx needs --out FILE/);
      const help = await cli(['report', '--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /--format html\|md\|docx/);
      assert.match(help.stdout, /--out FILE/);
    });
  });

  describe('git commit', () => {
    it('is none outside a repository and the commit inside one (read through git, bounded)', function () {
      const outside = tempDir();
      assert.equal(gitCommit(outside), null);
      const repo = tempDir();
      const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=T', '-c', 'user.email=t@example.invalid', ...args], { encoding: 'utf8', timeout: 10000 }).trim();
      git('init', '-q');
      fs.writeFileSync(path.join(repo, 'a.yaml'), 'kind: threat-model\n');
      git('add', '.');
      git('commit', '-q', '-m', 'one');
      const head = git('rev-parse', 'HEAD');
      assert.deepEqual(gitCommit(repo), { commit: head, dirty: false });
      fs.writeFileSync(path.join(repo, 'a.yaml'), 'kind: threat-model\nid: X\n');
      assert.deepEqual(gitCommit(repo), { commit: head, dirty: true });
    });
  });
});
