#!/usr/bin/env node
// The HTML audit report printed to PDF by a real browser (the e2e's Chromium, through
// playwright-core: no browser is downloaded), and the PDF's first page drawn by pdf.js into a PNG,
// so the picture is of the PDF a person would send, not of the HTML.
//
// run.mjs calls printReportToPdf() with the packaged CLI. Run alone, it regenerates the README's
// picture from the repository's build (npm run build first; bash test/e2e/setup.sh provides Chromium):
//   node test/e2e/reportPdf.mjs docs/images/audit-report-pdf.png
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
/** A made-up origin the render page is served from (playwright answers every request; nothing goes out). */
const RENDER_ORIGIN = 'http://pdf-render.invalid';

function runCli(cli, args, cwd) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, ...args], { cwd, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`clause-guide ${args.join(' ')} failed (${error.code ?? error.signal}):\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

async function configFolders(dir, acc = []) {
  for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await configFolders(full, acc);
    else if (entry.name === '.clause-guide.yaml') acc.push(dir);
  }
  return acc;
}

/**
 * `clause-guide report --format html` on the example's root product (the sub-projects, one of
 * which holds a deliberately oversized file, are left out), printed to PDF by `browser`.
 * Returns the HTML file, the PDF bytes, its page count and first page's text, and a PNG of page 1.
 */
export async function printReportToPdf({ browser, cli, example, workDir }) {
  const root = path.join(workDir, 'report-example');
  await fsp.rm(root, { recursive: true, force: true });
  await fsp.cp(example, root, { recursive: true });
  for (const folder of await configFolders(root)) if (folder !== root) await fsp.rm(folder, { recursive: true, force: true });
  const htmlFile = path.join(root, 'audit-report.html');
  await runCli(cli, ['report', '.', '--format', 'html', '--out', 'audit-report.html'], root);

  const context = await browser.newContext({ viewport: { width: 1000, height: 1400 } });
  try {
    const page = await context.newPage();
    // No request may leave the file: the report is self-contained.
    const outside = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) outside.push(request.url());
    });
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load', timeout: 60_000 });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, timeout: 120_000 });
    if (outside.length) throw new Error(`the report asked for ${outside.join(', ')}`);

    const pdfjs = path.dirname(require.resolve('pdfjs-dist/package.json'));
    const files = {
      '/index.html': ['text/html', Buffer.from(renderPageHtml())],
      '/pdf.min.mjs': ['text/javascript', await fsp.readFile(path.join(pdfjs, 'build', 'pdf.min.mjs'))],
      '/pdf.worker.min.mjs': ['text/javascript', await fsp.readFile(path.join(pdfjs, 'build', 'pdf.worker.min.mjs'))],
      '/report.pdf': ['application/pdf', pdf],
    };
    const viewer = await context.newPage();
    await viewer.route(`${RENDER_ORIGIN}/**`, (route) => {
      const file = files[new URL(route.request().url()).pathname];
      return file ? route.fulfill({ status: 200, contentType: file[0], body: file[1] }) : route.fulfill({ status: 404, body: '' });
    });
    await viewer.goto(`${RENDER_ORIGIN}/index.html`, { timeout: 60_000 });
    await viewer.waitForFunction(() => window.rendered || window.renderError, undefined, { timeout: 60_000 });
    const { rendered, renderError } = await viewer.evaluate(() => ({ rendered: window.rendered, renderError: window.renderError }));
    if (renderError) throw new Error(`pdf.js could not read the PDF: ${renderError}`);
    const png = await viewer.locator('canvas').screenshot({ timeout: 30_000 });
    return { htmlFile, pdf, pages: rendered.pages, firstPageText: rendered.text, png };
  } finally {
    await context.close().catch(() => {});
  }
}

/** A page that loads report.pdf with pdf.js and draws its first page on a canvas 1000 px wide. */
function renderPageHtml() {
  return `<!DOCTYPE html><html><head><style>html,body{margin:0;background:#888}canvas{display:block;background:#fff}</style></head><body>
<canvas></canvas>
<script type="module">
import * as pdfjs from './pdf.min.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = './pdf.worker.min.mjs';
try {
  const doc = await pdfjs.getDocument({ url: './report.pdf', isEvalSupported: false }).promise;
  const first = await doc.getPage(1);
  const scale = 1000 / first.getViewport({ scale: 1 }).width;
  const viewport = first.getViewport({ scale });
  const canvas = document.querySelector('canvas');
  canvas.width = Math.round(viewport.width);
  canvas.height = Math.round(viewport.height);
  await first.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
  const text = (await first.getTextContent()).items.map((item) => item.str).join(' ');
  window.rendered = { pages: doc.numPages, text };
} catch (error) {
  window.renderError = String(error && error.stack || error);
}
</script></body></html>`;
}

/** What a printed report must be: a PDF with at least one page whose first page names the product. */
export function checkPdf({ pdf, pages, firstPageText }, product) {
  if (!pdf || pdf.length === 0) throw new Error('the PDF is empty');
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`not a PDF: starts with ${JSON.stringify(pdf.subarray(0, 8).toString('latin1'))}`);
  if (!(pages >= 1)) throw new Error(`the PDF has ${pages} pages`);
  const text = firstPageText.replace(/\s+/g, ' ');
  if (!text.includes(product)) throw new Error(`the first page does not name ${JSON.stringify(product)}: ${JSON.stringify(text.slice(0, 300))}`);
  if (!/audit report/i.test(text)) throw new Error(`the first page does not say it is the audit report: ${JSON.stringify(text.slice(0, 300))}`);
}

// Run alone: regenerate the picture (default docs/images/audit-report-pdf.png) from the repository's build.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.resolve(REPO, process.argv[2] || 'docs/images/audit-report-pdf.png');
  const cache = process.env.CLAUSE_GUIDE_E2E_CACHE || path.join(os.homedir(), '.cache', 'clause-guide-e2e');
  const envFile = path.join(cache, 'env.json');
  const chromium = fs.existsSync(envFile) ? JSON.parse(fs.readFileSync(envFile, 'utf8')).chromium : '/usr/bin/chromium';
  const { chromium: launcher } = require('playwright-core');
  const browser = await launcher.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  const workDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'clause-guide-pdf-'));
  try {
    const printed = await printReportToPdf({ browser, cli: path.join(REPO, 'bin', 'clause-guide.js'), example: path.join(REPO, 'examples', 'infusync'), workDir });
    checkPdf(printed, 'InfuSync Gateway');
    await fsp.mkdir(path.dirname(out), { recursive: true });
    await fsp.writeFile(out, printed.png);
    console.log(`${path.relative(REPO, out)}: page 1 of ${printed.pages} (${printed.pdf.length} bytes of PDF)`);
  } finally {
    await browser.close();
    await fsp.rm(workDir, { recursive: true, force: true });
  }
}
