#!/usr/bin/env node
// End-to-end test: the PACKAGED extension (clause-guide.vsix) in a real VS Code
// (code-server 4.139.1 = VS Code 1.139.1) driven by Chromium via playwright-core.
//
//   1. stages + packages the test-only companion extension (test/e2e/companion)
//   2. installs clause-guide.vsix and the companion into temp extension/user-data dirs
//   3. starts code-server on 127.0.0.1:<free port> with a temp copy of test/e2e/fixture
//   4. UI checks through the browser (Quick Open, hover, command palette + quick pick)
//   5. waits for the companion's results file (mocha suite run in the extension host)
//
// Needs `bash test/e2e/setup.sh` first (it writes $CACHE/env.json). Exits non-zero
// on any failure; the last line is always `e2e: N passed, N failed`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const ART = path.join(HERE, '.artifacts');
const CACHE = process.env.CLAUSE_GUIDE_E2E_CACHE || path.join(os.homedir(), '.cache', 'clause-guide-e2e');
const VSIX = path.resolve(process.env.CLAUSE_GUIDE_VSIX || path.join(REPO, 'clause-guide.vsix'));
const EXT_ID = 'clause-guide.clause-guide';
const COMPANION_ID = 'clause-guide.clause-guide-e2e';
const HEADED = process.env.CLAUSE_GUIDE_E2E_HEADED === '1';
const KEEP = process.env.CLAUSE_GUIDE_E2E_KEEP === '1';
// Hard ceiling for the whole run, so a hang can never block CI.
const GLOBAL_TIMEOUT_MS = Number(process.env.CLAUSE_GUIDE_E2E_TIMEOUT_MS || 6 * 60_000);

const { readClauseTitle, normalize } = require('./companion/lib/catalog.js');

const T0 = Date.now();
const results = []; // { name, ok, error?, ms }
const log = (...a) => console.log(`[e2e ${((Date.now() - T0) / 1000).toFixed(1).padStart(5)}s]`, ...a);

let codeServer; // ChildProcess
let codeServerExit; // Promise
let browser;
let page;
let tmp;
let shotNo = 0;

// ---------------------------------------------------------------- helpers
function record(name, ok, error, ms) {
  results.push({ name, ok, error, ms });
  log(`${ok ? 'PASS' : 'FAIL'} ${name}${ms !== undefined ? ` (${ms} ms)` : ''}${ok ? '' : `\n       ${String(error).split('\n').join('\n       ')}`}`);
}

async function check(name, fn) {
  const t = Date.now();
  try {
    await fn();
    record(name, true, undefined, Date.now() - t);
    return true;
  } catch (e) {
    record(name, false, e && e.stack ? e.stack : e, Date.now() - t);
    await screenshot(`FAILED-${name}`);
    return false;
  }
}

async function screenshot(name) {
  if (!page) return;
  const file = path.join(ART, `${String(++shotNo).padStart(2, '0')}-${name.replace(/[^a-z0-9._-]+/gi, '-').slice(0, 60)}.png`);
  try {
    await page.screenshot({ path: file, timeout: 10_000 });
    log(`screenshot ${path.relative(REPO, file)}`);
  } catch (e) {
    log(`screenshot ${name} failed: ${e.message}`);
  }
}

function run(cmd, args, { timeoutMs = 120_000, env = process.env, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(cmd)} ${args.join(' ')} timed out after ${timeoutMs} ms\n${out}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${path.basename(cmd)} ${args.join(' ')} exited ${code}\n${out}`));
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

async function pollUntil(probe, timeoutMs, what, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

async function tail(file, lines = 40) {
  try {
    const text = await fsp.readFile(file, 'utf8');
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function findFiles(dir, pred, acc = []) {
  let entries = [];
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch {
    return acc;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await findFiles(p, pred, acc);
    else if (pred(p)) acc.push(p);
  }
  return acc;
}

// ---------------------------------------------------------------- steps
async function stageCompanion(dest) {
  // Copy the companion, bundle mocha into it (so the installed extension is
  // self-contained), and package it as a .vsix.
  const src = path.join(HERE, 'companion');
  const stage = path.join(dest, 'companion');
  await fsp.cp(src, stage, { recursive: true });
  const esbuild = require('esbuild');
  await esbuild.build({
    entryPoints: [require.resolve('mocha')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: path.join(stage, 'mocha.js'),
    logLevel: 'error',
  });
  const vsix = path.join(dest, 'clause-guide-e2e.vsix');
  const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
  await run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], {
    cwd: stage,
  });
  return vsix;
}

function codeServerArgs(env, dirs) {
  return [env.codeServerEntry, '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData];
}

async function installExtensions(env, dirs, vsixes) {
  for (const v of vsixes) {
    // One at a time, product first: the companion depends on it (no gallery offline).
    const out = await run(env.node, [...codeServerArgs(env, dirs), '--install-extension', v], { timeoutMs: 120_000 });
    if (!/successfully installed/i.test(out)) throw new Error(`installing ${path.basename(v)} did not report success:\n${out}`);
  }
  const out = await run(env.node, [...codeServerArgs(env, dirs), '--list-extensions', '--show-versions'], { timeoutMs: 60_000 });
  for (const id of [EXT_ID, COMPANION_ID]) {
    if (!out.toLowerCase().includes(`${id}@`)) throw new Error(`${id} is not listed as installed:\n${out}`);
  }
  const dir = (await fsp.readdir(dirs.extensions)).find((d) => d.toLowerCase().startsWith(`${EXT_ID}-`) && !d.includes('e2e'));
  if (!dir) throw new Error(`no ${EXT_ID}-* folder in ${dirs.extensions}`);
  return path.join(dirs.extensions, dir);
}

async function startCodeServer(env, dirs, workspace, resultsFile) {
  const port = await freePort();
  const logFile = path.join(ART, 'code-server.log');
  const logFd = fs.openSync(logFile, 'w');
  const args = [
    ...codeServerArgs(env, dirs),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    workspace,
  ];
  codeServer = spawn(env.node, args, {
    detached: true, // own process group: we stop it and its children by its pid
    stdio: ['ignore', logFd, logFd],
    env: {
      ...process.env,
      PATH: `${path.dirname(env.node)}${path.delimiter}${process.env.PATH}`,
      CLAUSE_GUIDE_E2E_RESULTS: resultsFile,
    },
  });
  fs.closeSync(logFd);
  codeServerExit = new Promise((resolve) => codeServer.on('exit', (code, signal) => resolve({ code, signal })));
  let exited = false;
  codeServerExit.then(() => (exited = true));
  log(`code-server pid ${codeServer.pid} on 127.0.0.1:${port} (log: ${path.relative(REPO, logFile)})`);
  const base = `http://127.0.0.1:${port}`;
  try {
    await pollUntil(async () => {
      if (exited) throw new Error(`code-server exited early:\n${await tail(logFile)}`);
      return (await httpStatus(`${base}/healthz`)) === 200;
    }, 60_000, 'code-server /healthz');
  } catch (e) {
    e.message += `\n--- code-server.log ---\n${await tail(logFile)}`;
    throw e;
  }
  return base;
}

async function stopCodeServer() {
  if (!codeServer) return;
  const pgid = codeServer.pid;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const timeout = new Promise((r) => setTimeout(() => r('timeout'), 10_000));
  const alive = codeServer.exitCode === null && codeServer.signalCode === null;
  if (alive && (await Promise.race([codeServerExit, timeout])) === 'timeout') {
    log('code-server did not stop on SIGTERM; SIGKILL');
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  // the process group may still hold children (extension host); make sure they go
  try {
    process.kill(-pgid, 0);
    await new Promise((r) => setTimeout(r, 500));
    process.kill(-pgid, 'SIGKILL');
  } catch {
    /* group empty */
  }
}

async function writeUserSettings(userData) {
  const dir = path.join(userData, 'User');
  await fsp.mkdir(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'editor.hover.delay': 300,
    'editor.hover.sticky': true,
    'files.hotExit': 'off',
    'window.confirmBeforeClose': 'never',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
  await fsp.writeFile(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

// ---------------------------------------------------------------- UI checks
const QUICK_INPUT = '.quick-input-widget';
const QUICK_ROWS = `${QUICK_INPUT} .monaco-list-row`;

async function openQuickOpen(keys) {
  await page.keyboard.press(keys);
  await page.locator(QUICK_INPUT).waitFor({ state: 'visible', timeout: 10_000 });
}

/** Screen coordinates of the middle of `needle` in the active editor. */
async function textPosition(needle) {
  return page.evaluate((needle) => {
    const editors = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines')];
    for (const root of editors) {
      for (const line of root.querySelectorAll('.view-line')) {
        const text = line.textContent.replace(/\u00a0/g, ' ');
        const at = text.indexOf(needle);
        if (at < 0) continue;
        // map character offsets to text nodes
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        const want = [at + 1, at + Math.max(2, needle.length - 1)]; // inside the token, not its edges
        const points = [];
        let seen = 0;
        for (let n = walker.nextNode(); n && points.length < 2; n = walker.nextNode()) {
          const len = n.textContent.length;
          while (points.length < 2 && want[points.length] <= seen + len) {
            points.push([n, want[points.length] - seen]);
          }
          seen += len;
        }
        if (points.length < 2) continue;
        const range = document.createRange();
        range.setStart(points[0][0], points[0][1]);
        range.setEnd(points[1][0], points[1][1]);
        const r = range.getBoundingClientRect();
        if (!r.width) continue;
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }
    }
    return null;
  }, needle);
}

async function uiChecks(base, workspace, title) {
  page.setDefaultTimeout(30_000);
  const url = `${base}/?folder=${encodeURIComponent(workspace)}`;

  const loaded = await check('ui: workbench loads with the fixture folder', async () => {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    // explorer lists the fixture files once the workspace is really open
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'notes.md' }).first().waitFor({ timeout: 60_000 });
    await screenshot('workbench');
  });
  if (!loaded) return;

  const opened = await check('ui: Quick Open (Ctrl+P) opens notes.md', async () => {
    await page.locator('.monaco-workbench .part.editor').click({ position: { x: 200, y: 200 } });
    await openQuickOpen('Control+P');
    await page.keyboard.type('notes.md');
    await page.locator(QUICK_ROWS, { hasText: 'notes.md' }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: 'notes.md' }).waitFor({ timeout: 20_000 });
    await page.locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: '5.2.1' }).waitFor({ timeout: 20_000 });
    await screenshot('notes-open');
  });

  if (opened) {
    await check(`ui: hovering §5.2.1 shows "${title}"`, async () => {
      const hover = page.locator('.monaco-hover-content:visible');
      const deadline = Date.now() + 45_000;
      let lastText = '';
      for (let attempt = 1; ; attempt++) {
        const pos = await textPosition('§5.2.1');
        if (!pos) throw new Error('could not find §5.2.1 on screen');
        // move off and back on, as a person would when a hover does not show up
        await page.mouse.move(pos.x, pos.y + 120, { steps: 2 });
        await page.mouse.move(pos.x, pos.y, { steps: 4 });
        try {
          await hover.filter({ hasText: '5.2.1' }).first().waitFor({ state: 'visible', timeout: 5_000 });
          lastText = await hover.filter({ hasText: '5.2.1' }).first().innerText();
          if (normalize(lastText).toLowerCase().includes(normalize(title).toLowerCase())) break;
        } catch {
          /* not yet (language server may still be starting) */
        }
        if (Date.now() > deadline) {
          throw new Error(`no hover with the clause title after ${attempt} attempts; last hover text: ${JSON.stringify(lastText)}`);
        }
      }
      await screenshot('hover-5.2.1');
      await page.mouse.move(5, 300);
      await page.keyboard.press('Escape');
    });
  }

  await check('ui: command palette runs "Clause Guide: Find Clause" and shows clauses', async () => {
    await page.keyboard.press('Escape');
    await openQuickOpen('Control+Shift+P');
    await page.keyboard.type('Clause Guide: Find Clause');
    await page.locator(QUICK_ROWS, { hasText: 'Clause Guide: Find Clause' }).first().waitFor({ timeout: 20_000 });
    await screenshot('palette-find-clause');
    await page.keyboard.press('Enter');
    // the palette closes and the command's quick pick opens with clause entries
    const clauseRows = page.locator(QUICK_ROWS).filter({ hasText: /\b\d+\.\d+(\.\d+)?\b/ });
    await pollUntil(async () => (await clauseRows.count()) >= 3, 20_000, 'a quick pick listing clauses');
    const first = await clauseRows.first().innerText();
    log(`find-clause quick pick, first row: ${JSON.stringify(first.replace(/\s+/g, ' '))}`);
    await screenshot('find-clause-quick-pick');
    // narrowing by typing, as a person would
    await page.keyboard.type('5.2.1');
    const firstRow = page.locator(QUICK_ROWS).first();
    await pollUntil(async () => {
      const text = normalize(await firstRow.innerText().catch(() => '')).toLowerCase();
      return text.includes('5.2.1') && text.includes(normalize(title).toLowerCase());
    }, 10_000, `typing 5.2.1 to put "${title}" first`);
    await screenshot('find-clause-5.2.1');
    await page.keyboard.press('Escape');
  });
}

// ---------------------------------------------------------------- companion results
async function companionResults(resultsFile, userData) {
  const timeoutMs = Number(process.env.CLAUSE_GUIDE_E2E_COMPANION_TIMEOUT_MS || 150_000);
  log(`waiting (up to ${timeoutMs / 1000}s) for companion results ${resultsFile}`);
  const extHostLogs = () => findFiles(path.join(userData, 'logs'), (p) => /exthost\.log$/i.test(p));
  // The companion depends on the extension: if the extension fails to activate,
  // the companion never runs. Stop waiting as soon as the extension host says so.
  const activationFailed = /Activating extension clause-guide\.clause-guide(-e2e)? failed|Cannot activate the 'Clause Guide/i;
  let lastScan = 0;
  try {
    await pollUntil(async () => {
      if (fs.existsSync(resultsFile)) return true;
      if (Date.now() - lastScan > 2000) {
        lastScan = Date.now();
        for (const f of await extHostLogs()) {
          const text = await fsp.readFile(f, 'utf8').catch(() => '');
          if (activationFailed.test(text)) throw new Error(`the extension host reports an activation failure (${path.basename(f)})`);
        }
      }
      return false;
    }, timeoutMs, 'the companion results file', 500);
  } catch (e) {
    let detail = '';
    for (const f of await extHostLogs()) detail += `\n--- ${path.relative(userData, f)} ---\n${await tail(f, 30)}`;
    record('companion: results file written (extension + companion activated)', false, `${e.message}${detail}`);
    return;
  }
  const data = JSON.parse(await fsp.readFile(resultsFile, 'utf8'));
  await fsp.copyFile(resultsFile, path.join(ART, 'companion-results.json'));
  if (!data.tests || data.tests.length === 0) {
    record('companion: suite ran tests', false, `no tests in ${resultsFile}`);
    return;
  }
  for (const t of data.tests) record(`companion: ${t.title}`, t.state === 'passed', t.error, t.duration);
}

// ---------------------------------------------------------------- main
async function main() {
  await fsp.rm(ART, { recursive: true, force: true });
  await fsp.mkdir(ART, { recursive: true });

  const envFile = path.join(CACHE, 'env.json');
  if (!fs.existsSync(envFile)) throw new Error(`${envFile} missing: run bash test/e2e/setup.sh first`);
  const env = JSON.parse(await fsp.readFile(envFile, 'utf8'));
  if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} missing: run npm run build && npm run package first`);
  log(`vsix: ${path.relative(REPO, VSIX) || VSIX} (${fs.statSync(VSIX).size} bytes, ${fs.statSync(VSIX).mtime.toISOString()})`);

  tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'clause-guide-e2e-'));
  const dirs = { userData: path.join(tmp, 'user-data'), extensions: path.join(tmp, 'extensions') };
  const workspace = path.join(tmp, 'workspace');
  const resultsFile = path.join(tmp, 'companion-results.json');
  await fsp.mkdir(dirs.userData, { recursive: true });
  await fsp.mkdir(dirs.extensions, { recursive: true });
  await fsp.cp(path.join(HERE, 'fixture'), workspace, { recursive: true });
  await writeUserSettings(dirs.userData);

  const companionVsix = await stageCompanion(tmp);
  log('companion packaged');
  const extPath = await installExtensions(env, dirs, [VSIX, companionVsix]);
  log(`installed ${path.basename(extPath)} and the companion`);
  const title = readClauseTitle(path.join(extPath, 'catalog', 'clauses.yaml'), '5.2.1');
  log(`catalog title of 5.2.1: ${JSON.stringify(title)}`);

  const base = await startCodeServer(env, dirs, workspace, resultsFile);
  log(`code-server ready at ${base}`);

  const { chromium } = require('playwright-core');
  browser = await chromium.launch({
    executablePath: env.chromium,
    headless: !HEADED,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    timeout: 60_000,
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  const consoleLog = fs.createWriteStream(path.join(ART, 'browser-console.log'));
  page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack || e}\n`));

  await uiChecks(base, workspace, title);
  await companionResults(resultsFile, dirs.userData);
  await screenshot('final');

  // keep the VS Code logs with the artifacts
  await fsp.cp(path.join(dirs.userData, 'logs'), path.join(ART, 'vscode-logs'), { recursive: true }).catch(() => {});
}

async function cleanup() {
  if (browser) {
    await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
    browser = undefined;
  }
  await stopCodeServer();
  if (tmp && !KEEP) await fsp.rm(tmp, { recursive: true, force: true }).catch(() => {});
  else if (tmp) log(`kept ${tmp}`);
}

function summary() {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  for (const r of results.filter((r) => !r.ok)) console.log(`  failed: ${r.name}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

let finished = false;
async function finish(code) {
  if (finished) return;
  finished = true;
  try {
    await cleanup();
  } catch (e) {
    log(`cleanup: ${e.stack || e}`);
  }
  log(`total ${((Date.now() - T0) / 1000).toFixed(1)}s`);
  const rc = summary();
  process.exit(code || rc);
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    record(`interrupted by ${sig}`, false, sig);
    finish(1);
  });
}
const watchdog = setTimeout(() => {
  record('whole run finishes in time', false, `global timeout ${GLOBAL_TIMEOUT_MS} ms`);
  finish(1);
}, GLOBAL_TIMEOUT_MS);
watchdog.unref();

try {
  await main();
} catch (e) {
  record('setup', false, e && e.stack ? e.stack : e);
  await screenshot('setup-failure');
}
await finish(0);
