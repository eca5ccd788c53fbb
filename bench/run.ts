// `npm run bench`: measures Clause Guide against the targets of docs/performance.md and prints a
// table. Not a test: it reports figures and PASS/MISS per target and exits 0 either way (2 when it
// could not measure). Everything it writes goes under os.tmpdir(); every server it starts speaks
// stdio only and is stopped by its pid.
//
// Environment: BENCH_SIZES (default "500,1500,5000"), BENCH_REPEAT (whole-process runs per size,
// default 5), BENCH_EDITS (default 200), BENCH_JSON (also write the results as JSON to this file),
// BENCH_SERVER_NODE_ARGS (node options for the language server, after those the VS Code client
// gives it, e.g. "--cpu-prof --cpu-prof-dir=DIR" to profile it), BENCH_BIN_DIR (run the CLI and
// server binaries of another build, e.g. one bundled with source maps for a readable profile;
// default: this repository's bin/), BENCH_PARTS (which parts run, default "check,server,side").
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  type Position,
} from 'vscode-languageserver-protocol/node';
import { generateWorkspace, largeRequirementsDocument, largeSbom, type GeneratedWorkspace } from './generate';
import { killRunningServers, startSession, withTimeout, type BenchSession } from './lsp';
import type { Phases } from './phases';
import { SERVER_NODE_OPTIONS } from '../common/protocol';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const BIN_DIR = process.env.BENCH_BIN_DIR ? path.resolve(process.env.BENCH_BIN_DIR) : path.join(REPO_ROOT, 'bin');
const CLI = path.join(BIN_DIR, 'clause-guide.js');
const SERVER = path.join(BIN_DIR, 'clause-guide-lsp.js');
const YAML_SERVER = path.join(REPO_ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
const WORK_DIR = path.join(os.tmpdir(), 'clause-guide-bench');
/** Time between keystrokes in the typing-pace measurement (about five characters a second). */
const TYPING_GAP_MS = 200;

const SIZES = (process.env.BENCH_SIZES ?? '500,1500,5000').split(',').map(Number);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const EDITS = Number(process.env.BENCH_EDITS ?? 200);
/** Which parts run: `check` (CLI vs floor, growth, steps), `server` (editing session, memory), `side` (yaml-language-server). */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'check,server,side').split(',').map((part) => part.trim()));
const LSP_SIZE = 1500;
const LARGE_DOCUMENT_ITEMS = 5000;

interface Row {
  figure: string;
  value: string;
  target?: string;
  pass?: boolean;
}

const rows: Row[] = [];
const results: Record<string, unknown> = {};

function record(figure: string, value: string, target?: { text: string; pass: boolean }) {
  rows.push({ figure, value, target: target?.text, pass: target?.pass });
  process.stderr.write(`  ${figure}: ${value}${target ? ` (target ${target.text}: ${target.pass ? 'PASS' : 'MISS'})` : ''}\n`);
}

// ---- statistics ------------------------------------------------------------------------------

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const median = (values: number[]) => percentile(values, 50);
const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;

// ---- whole-process runs ----------------------------------------------------------------------

function timeProcess(args: string[]): { ms: number; stdout: string } {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: 300000 });
  const elapsed = performance.now() - started;
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr.slice(0, 2000)}`);
  return { ms: elapsed, stdout: run.stdout };
}

/** Bundles the parse floor exactly as esbuild.mjs bundles the CLI. */
function bundleParseFloor(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const outfile = path.join(WORK_DIR, 'parse-floor.js');
  esbuild.buildSync({
    entryPoints: [path.join(REPO_ROOT, 'bench', 'parseFloor.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    // As esbuild.mjs: jsonc-parser's main build is UMD with requires esbuild cannot follow (the floor failed to load without it).
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  });
  return outfile;
}

interface CheckFigures {
  documents: number;
  checkMs: number;
  floorMs: number;
  findings: number;
  filesWithFindings: Set<string>;
}

/** The files the CLI reports findings in: the server is indexed when each of them has its diagnostics. */
function reportedFindings(workspace: GeneratedWorkspace): { file: string }[] {
  return JSON.parse(timeProcess([CLI, 'check', workspace.root, '--format', 'json', '--fail-on', 'never']).stdout) as { file: string }[];
}

function filesOf(findings: { file: string }[]): Set<string> {
  return new Set(findings.map((finding) => path.resolve(finding.file)));
}

function measureCheck(workspace: GeneratedWorkspace, floorScript: string): CheckFigures {
  // One untimed run of each to validate: the CLI's JSON parses, the floor saw every file.
  const reported = reportedFindings(workspace);
  const floor = JSON.parse(timeProcess([floorScript, workspace.root]).stdout) as { files: number };
  if (floor.files < workspace.documents) throw new Error(`the parse floor saw ${floor.files} files, expected ${workspace.documents}`);
  const check: number[] = [];
  const floorTimes: number[] = [];
  // Interleaved, so drift of the machine hits both alike.
  for (let i = 0; i < REPEAT; i++) {
    check.push(timeProcess([CLI, 'check', workspace.root, '--format', 'json', '--fail-on', 'never']).ms);
    floorTimes.push(timeProcess([floorScript, workspace.root]).ms);
  }
  return {
    documents: workspace.documents,
    checkMs: median(check),
    floorMs: median(floorTimes),
    findings: reported.length,
    filesWithFindings: filesOf(reported),
  };
}

// ---- the language server ---------------------------------------------------------------------

/**
 * Starts the server as the VS Code client does, with its node options (SERVER_NODE_OPTIONS);
 * `asExtension: false` starts it bare, as `clause-guide-lsp --stdio` from another editor.
 */
function startClauseGuide(folder: string | undefined, asExtension = true): Promise<BenchSession> {
  return startSession({
    command: process.execPath,
    args: [...(asExtension ? SERVER_NODE_OPTIONS : []), ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), SERVER, '--stdio'],
    folderUri: folder ? pathToFileURL(folder).href : undefined,
    settings: { clauseGuide: {} },
  });
}

/** Starts the server on a workspace and waits until every file the CLI reports has its diagnostics. */
async function indexedServer(workspace: GeneratedWorkspace, known: Set<string> | undefined, asExtension = true) {
  const filesWithFindings = known ?? filesOf(reportedFindings(workspace));
  const session = await startClauseGuide(workspace.root, asExtension);
  const expected = filesWithFindings ? [...filesWithFindings].map((file) => pathToFileURL(file).href) : [];
  const seen = new Set<string>();
  let counted = 0;
  const done = () => {
    for (; counted < session.published.length; counted++) if (session.published[counted].params.diagnostics.length) seen.add(session.published[counted].params.uri);
    return expected.length ? expected.every((uri) => seen.has(uri)) : session.published.length > 0;
  };
  await session.settle(done, 500, 600000);
  const lastPublication = session.published[session.published.length - 1].at;
  return { session, indexMs: lastPublication - session.initializedAt };
}

function positionOf(text: string, needle: string, after = 0): Position {
  const offset = text.indexOf(needle, after);
  if (offset < 0) throw new Error(`"${needle}" not found in the benchmark document`);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

async function measureEditor(workspace: GeneratedWorkspace, filesWithFindings: Set<string> | undefined) {
  const { session, indexMs } = await indexedServer(workspace, filesWithFindings);
  try {
    return await editorSession(session, indexMs, workspace);
  } finally {
    await session.close();
  }
}

async function editorSession(session: BenchSession, indexMs: number, workspace: GeneratedWorkspace) {
  record(`server: time to index ${workspace.documents} documents (initialized → diagnostics settled)`, seconds(indexMs));
  const uri = pathToFileURL(workspace.sampleRequirements).href;
  const lines = fs.readFileSync(workspace.sampleRequirements, 'utf8').split('\n');
  let version = 1;
  await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text: lines.join('\n') } });
  await new Promise((resolve) => setTimeout(resolve, 500));

  // The keystrokes: one character at the end of a threat id (the reference breaks and an
  // unknown-reference finding appears; the next keystroke deletes it and the finding goes), and one
  // character in a requirement's text (findings unchanged, so the server publishes nothing).
  const threatLines = lines.map((line, index) => (/^\s+threats: \[TH-[^,\]]+/.test(line) ? index : -1)).filter((index) => index >= 0);
  const textLines = lines.map((line, index) => (/^\s+text: /.test(line) ? index : -1)).filter((index) => index >= 0);
  const flipLine = threatLines[Math.floor(threatLines.length / 2)];
  const flipAt = /^\s+threats: \[TH-[^,\]]+/.exec(lines[flipLine])![0].length;
  const typeLine = textLines[Math.floor(textLines.length / 3)];
  const typeAt = lines[typeLine].length;
  const insert = (line: number, character: number, text: string) => ({ range: { start: { line, character }, end: { line, character } }, text });
  const remove = (line: number, character: number) => ({ range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' });
  const change = (edit: ReturnType<typeof insert>) =>
    session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: ++version }, contentChanges: [edit] });
  const brokenReferenceOn = (diagnostics: { code?: unknown; range: { start: { line: number } } }[]) =>
    diagnostics.some((d) => d.code === 'unknown-reference' && d.range.start.line === flipLine);

  // 1. Edit → publishDiagnostics, as the editor sees it, keystrokes back to back (each lands right
  //    after the previous analysis, on an idle server: see the throttle in docs/performance.md).
  // One keystroke that breaks (even i) or mends (odd i) a reference; resolves with the time until
  // the diagnostics of this edit arrive: the finding's state after it, and (when the server says) this version.
  const timeKeystroke = async (i: number): Promise<number> => {
    const breaking = i % 2 === 0;
    const from = session.published.length;
    const sent = performance.now();
    await change(breaking ? insert(flipLine, flipAt, '9') : remove(flipLine, flipAt));
    const sentVersion = version;
    const arrived = await session.nextPublication(
      (p) => p.params.uri === uri && (p.params.version === undefined || p.params.version >= sentVersion) && brokenReferenceOn(p.params.diagnostics) === breaking,
      from,
      10000,
    );
    return arrived.at - sent;
  };
  const published: number[] = [];
  for (let i = 0; i < EDITS; i++) published.push(await timeKeystroke(i));
  const publishedP95 = percentile(published, 95);
  record(`edit → publishDiagnostics at ${workspace.documents} docs, p50 / p95 (${EDITS} keystrokes that change findings)`, `${ms(median(published))} / ${ms(publishedP95)}`, {
    text: 'p95 ≤ 30 ms',
    pass: publishedP95 <= 30,
  });

  // 1b. The same keystrokes at a typing pace (one every TYPING_GAP_MS, about five characters a
  //     second): the server's throttle analyses a keystroke at once when the last analysis ended
  //     more than its interval ago, so this is what a person typing waits for.
  const paced: number[] = [];
  for (let i = 0; i < Math.ceil(EDITS / 2); i++) {
    await new Promise((resolve) => setTimeout(resolve, TYPING_GAP_MS));
    paced.push(await timeKeystroke(i));
  }
  record(`  the same at a typing pace (a keystroke every ${TYPING_GAP_MS} ms), p50 / p95 (${paced.length} keystrokes)`, `${ms(median(paced))} / ${ms(percentile(paced, 95))}`);

  // 2. Edit → code actions answered: the server analyses a pending edit before answering, so this
  //    is the work of one keystroke without the throttle, for edits that change findings and not.
  const forced: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const step = i % 4;
    const edit = step === 0 ? insert(flipLine, flipAt, '9') : step === 1 ? insert(typeLine, typeAt, 'x') : step === 2 ? remove(flipLine, flipAt) : remove(typeLine, typeAt);
    const line = step % 2 === 0 ? flipLine : typeLine;
    const sent = performance.now();
    await change(edit);
    await withTimeout(
      session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: { line, character: 0 }, end: { line, character: 0 } }, context: { diagnostics: [] } }),
      10000,
      'codeAction',
    );
    forced.push(performance.now() - sent);
  }
  record(`edit → analysed (code-action answer, no throttle), p50 / p95 (${EDITS} keystrokes, half change findings)`, `${ms(median(forced))} / ${ms(percentile(forced, 95))}`);

  // 3. Hover and completion.
  const text = lines.join('\n');
  const clauseValue = positionOf(text, '"5.2.1"');
  const threatReference = positionOf(text, 'TH-', text.indexOf('threats: [', text.indexOf('threats: [') + 1));
  const threatList = positionOf(text, 'threats: [TH-', 0);
  const requests: [string, () => Promise<unknown>][] = [
    ['hover on a clause reference', () => session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: clauseValue.line, character: clauseValue.character + 2 } })],
    ['hover on a threat id', () => session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: threatReference.line, character: threatReference.character + 4 } })],
    ['completion of a clause number', () => session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: clauseValue.line, character: clauseValue.character + 3 } })],
    ['completion of threat ids', () => session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: threatList.line, character: threatList.character + 'threats: [TH-'.length } })],
  ];
  for (const [name, request] of requests) {
    const times: number[] = [];
    let empty = 0;
    for (let i = 0; i < EDITS; i++) {
      const sent = performance.now();
      const answer = await withTimeout(request(), 10000, name);
      times.push(performance.now() - sent);
      if (!answer || (Array.isArray(answer) && !answer.length)) empty++;
    }
    if (empty) throw new Error(`${name}: ${empty} of ${EDITS} answers were empty`);
    record(`${name}, p50 / p95 (${EDITS} requests)`, `${ms(median(times))} / ${ms(percentile(times, 95))}`);
  }
  results.editor = { documents: workspace.documents, indexMs, published, forced };
  return session.memory();
}

async function measureMemory(workspace: GeneratedWorkspace, filesWithFindings: Set<string> | undefined, asExtension = true) {
  const { session, indexMs } = await indexedServer(workspace, filesWithFindings, asExtension);
  try {
    if (asExtension) record(`server: time to index ${workspace.documents} documents (initialized → diagnostics settled)`, seconds(indexMs));
    return session.memory();
  } finally {
    await session.close();
  }
}

// ---- the side-by-side with yaml-language-server ----------------------------------------------

async function firstDiagnostics(server: 'clause-guide' | 'yaml-language-server', folder: string, uri: string, text: string): Promise<{ ms: number; diagnostics: number }> {
  const session =
    server === 'clause-guide'
      ? await startClauseGuide(folder)
      : await startSession({
          command: process.execPath,
          args: [YAML_SERVER, '--stdio'],
          folderUri: pathToFileURL(folder).href,
          // No schema store: it would be fetched from the network; validation stays on.
          settings: { yaml: { validate: true, hover: true, completion: true, schemaStore: { enable: false }, schemas: {} }, '[yaml]': {}, editor: {}, files: {}, http: {} },
        });
  try {
    // Let the server finish starting (and ours index the folder) before the clock starts.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const from = session.published.length;
    const sent = performance.now();
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const arrived = await session.nextPublication((p) => p.params.uri === uri, from, 60000);
    return { ms: arrived.at - sent, diagnostics: arrived.params.diagnostics.length };
  } finally {
    await session.close();
  }
}

async function measureSideBySide() {
  const folder = path.join(WORK_DIR, 'large-document');
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  const large = largeRequirementsDocument(LARGE_DOCUMENT_ITEMS);
  // The threat model and architecture it cites are on disk; the requirement set is opened as a new,
  // unsaved file of the same folder, so both servers get the very same text from the editor.
  fs.writeFileSync(path.join(folder, 'threat-model.yaml'), large.threatModel);
  fs.writeFileSync(path.join(folder, 'security-architecture.yaml'), large.architecture);
  const uri = pathToFileURL(path.join(folder, 'platform-requirements.yaml')).href;
  const lineCount = large.requirements.split('\n').length;
  const ours: number[] = [];
  const theirs: number[] = [];
  let counts = { ours: 0, theirs: 0 };
  for (let i = 0; i < Math.max(3, Math.min(REPEAT, 5)); i++) {
    const a = await firstDiagnostics('clause-guide', folder, uri, large.requirements);
    const b = await firstDiagnostics('yaml-language-server', folder, uri, large.requirements);
    ours.push(a.ms);
    theirs.push(b.ms);
    counts = { ours: a.diagnostics, theirs: b.diagnostics };
  }
  const name = `${LARGE_DOCUMENT_ITEMS}-requirement YAML (${lineCount} lines, ${(Buffer.byteLength(large.requirements) / 1024).toFixed(0)} KiB)`;
  record(`didOpen → first diagnostics, ${name}: clause-guide-lsp (median of ${ours.length}, ${counts.ours} diagnostics)`, ms(median(ours)), {
    text: '≤ yaml-language-server',
    pass: median(ours) <= median(theirs),
  });
  record(`didOpen → first diagnostics, same document: yaml-language-server 1.25.0 (median of ${theirs.length}, ${counts.theirs} diagnostics)`, ms(median(theirs)));
  results.sideBySide = { ours, theirs, lines: lineCount };
}

// ---- the table -------------------------------------------------------------------------------

function machine(): string {
  const cpu = /model name\s*:\s*(.*)/.exec(fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return `${os.availableParallelism?.() ?? os.cpus().length} CPUs (${cpu}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
}

/** Other work on the machine skews every figure: the table says how busy it was. */
function loadAverage(): string {
  return os.loadavg().map((load) => load.toFixed(2)).join(' / ');
}
const loadAtStart = loadAverage();

function printTable() {
  const header = ['figure', 'value', 'target', 'result'];
  const body = rows.map((row) => [row.figure, row.value, row.target ?? '', row.pass === undefined ? '' : row.pass ? 'PASS' : 'MISS']);
  const widths = header.map((_, column) => Math.max(header[column].length, ...body.map((cells) => cells[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  process.stdout.write(`\nClause Guide benchmark — ${machine()}\n`);
  process.stdout.write(`Load average (1/5/15 min) at the start: ${loadAtStart}; at the end: ${loadAverage()}\n\n`);
  process.stdout.write([line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...body.map(line)].join('\n') + '\n');
  const missed = rows.filter((row) => row.pass === false).length;
  const targets = rows.filter((row) => row.pass !== undefined).length;
  process.stdout.write(`\n${targets - missed} of ${targets} targets met.\n`);
}

async function main() {
  for (const file of [path.join(BIN_DIR, '..', 'dist', 'cli.js'), path.join(BIN_DIR, '..', 'dist', 'server.js')]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  fs.mkdirSync(WORK_DIR, { recursive: true });
  process.stderr.write(`Working in ${WORK_DIR}\n${machine()}\n`);
  const floorScript = bundleParseFloor();

  const workspaces = new Map<number, GeneratedWorkspace>();
  for (const size of SIZES) {
    const generated = generateWorkspace(path.join(WORK_DIR, `workspace-${size}`), size);
    workspaces.set(size, generated);
    process.stderr.write(`generated ${generated.documents} documents (${generated.products} products, ${(generated.bytes / 1024 / 1024).toFixed(1)} MiB)\n`);
  }

  // Whole-process check vs the parse floor.
  const emptyDir = path.join(WORK_DIR, 'empty');
  fs.mkdirSync(emptyDir, { recursive: true });
  const startupCheck = median(Array.from({ length: REPEAT }, () => timeProcess([CLI, 'check', emptyDir, '--format', 'json', '--fail-on', 'never']).ms));
  const startupFloor = median(Array.from({ length: REPEAT }, () => timeProcess([floorScript, emptyDir]).ms));
  record('process start, empty folder: check / parse floor', `${ms(startupCheck)} / ${ms(startupFloor)}`);
  const checks = new Map<number, CheckFigures>();
  for (const size of PARTS.has('check') ? SIZES : []) {
    const figures = measureCheck(workspaces.get(size)!, floorScript);
    checks.set(size, figures);
    const ratio = figures.checkMs / figures.floorMs;
    record(`check ${figures.documents} docs (${figures.findings} findings) / parse floor, median of ${REPEAT}`, `${ms(figures.checkMs)} / ${ms(figures.floorMs)} = ${ratio.toFixed(2)}×`, { text: '≤ 1.5×', pass: ratio <= 1.5 });
  }
  for (let i = 1; i < SIZES.length && PARTS.has('check'); i++) {
    const small = checks.get(SIZES[i - 1])!;
    const large = checks.get(SIZES[i])!;
    const countRatio = large.documents / small.documents;
    const whole = large.checkMs / small.checkMs / countRatio;
    const work = (large.checkMs - startupCheck) / (small.checkMs - startupCheck) / countRatio;
    record(`growth ${large.documents} vs ${small.documents} docs, whole process: (time ratio) / (document ratio)`, `${(large.checkMs / small.checkMs).toFixed(2)} / ${countRatio.toFixed(2)} = ${whole.toFixed(2)}`);
    record(`growth ${large.documents} vs ${small.documents} docs, less process start`, `${((large.checkMs - startupCheck) / (small.checkMs - startupCheck)).toFixed(2)} / ${countRatio.toFixed(2)} = ${work.toFixed(2)}`, {
      text: '≤ 1.1',
      pass: work <= 1.1,
    });
  }
  // A large SBOM (issue 14): a figure, not a target. One CycloneDX 1.6 JSON file of 5,000 components,
  // validated against the official schema and read whole.
  if (PARTS.has('check')) {
    const sbomDir = path.join(WORK_DIR, 'sbom-5000');
    fs.rmSync(sbomDir, { recursive: true, force: true });
    fs.mkdirSync(sbomDir, { recursive: true });
    const sbom = largeSbom(5000);
    fs.writeFileSync(path.join(sbomDir, 'bom.json'), sbom);
    const findings = (JSON.parse(timeProcess([CLI, 'check', sbomDir, '--format', 'json', '--fail-on', 'never']).stdout) as { rule: string }[]).filter((f) => f.rule === 'evidence-file-invalid');
    if (findings.length) throw new Error('the generated SBOM does not validate');
    const times = Array.from({ length: REPEAT }, () => timeProcess([CLI, 'check', sbomDir, '--format', 'json', '--fail-on', 'never']).ms);
    record(`check, a folder holding one CycloneDX 1.6 SBOM of 5,000 components (${(Buffer.byteLength(sbom) / 1e6).toFixed(1)} MB), median of ${REPEAT}`, ms(median(times)));
  }
  // Where the time goes, step by step, at the largest size (one process, the engine unbundled).
  const largestWorkspace = workspaces.get(SIZES[SIZES.length - 1])!;
  if (PARTS.has('check')) {
    const phases = JSON.parse(timeProcess([path.join(__dirname, 'phases.js'), largestWorkspace.root]).stdout) as Phases;
    for (const [step, time] of Object.entries(phases.ms)) record(`check at ${phases.files} docs, step by step in one process: ${step}`, ms(time));
    results.phases = phases;
  }
  results.check = Object.fromEntries([...checks].map(([size, figures]) => [size, { checkMs: figures.checkMs, floorMs: figures.floorMs, findings: figures.findings }]));

  // The language server.
  if (PARTS.has('server')) await measureServer(workspaces, checks);
  if (PARTS.has('side')) await measureSideBySide();
  printTable();
  if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify({ machine: machine(), rows, results }, null, 2));
}

async function measureServer(workspaces: Map<number, GeneratedWorkspace>, checks: Map<number, CheckFigures>) {
  const lspWorkspace = workspaces.get(LSP_SIZE) ?? workspaces.get(SIZES[Math.min(1, SIZES.length - 1)])!;
  const editorMemory = await measureEditor(lspWorkspace, checks.get(lspWorkspace.documents)?.filesWithFindings);
  if (editorMemory) record(`server peak RSS (VmHWM), ${lspWorkspace.documents} docs, after the edits and requests above`, `${editorMemory.peakMB.toFixed(0)} MB`);
  const largest = SIZES[SIZES.length - 1];
  if (largest !== lspWorkspace.documents) {
    const memory = await measureMemory(workspaces.get(largest)!, checks.get(largest)?.filesWithFindings);
    if (memory) record(`server peak RSS (VmHWM), ${largest} docs, indexed`, `${memory.peakMB.toFixed(0)} MB`, { text: '≤ 300 MB', pass: memory.peakMB <= 300 });
    const bare = await measureMemory(workspaces.get(largest)!, checks.get(largest)?.filesWithFindings, false);
    if (bare) record(`  the same, started bare (\`clause-guide-lsp --stdio\`, no node options, as from another editor)`, `${bare.peakMB.toFixed(0)} MB`);
  }
}

// Whatever happens, no server outlives the benchmark.
process.on('exit', killRunningServers);
main().catch((error) => {
  process.stderr.write(`bench: ${(error as Error)?.stack ?? error}\n`);
  process.exitCode = 2;
  killRunningServers();
});
