// The server's keystroke path in one process, without LSP around it, timed by CPU (the bench
// machine is shared, so wall-clock figures move with the load; CPU time per step does not much):
//   node out/bench/keystroke.js DIR [KEYSTROKES] [--rules] [--profile=FILE]
// DIR is a generated workspace (bench/generate.ts; `npm run bench` leaves them under
// $TMPDIR/clause-guide-bench/). Files are indexed as the server indexes closed files, then the
// bench's keystrokes (a character added to and removed from a threat id of a requirement set in the
// middle of the product line) are made one by one: parse, analyse, and the status bar's summary,
// each timed. Prints JSON: per step, the median and p95 of CPU milliseconds. With --rules, also
// each rule's checks' CPU milliseconds per keystroke (mean over the keystrokes; rules under 0.05 ms
// left out): where the analysis goes, as far as it is in the rules and not in the analyzer. With
// --profile=FILE, a CPU profile of the keystrokes alone (not the indexing) is written to FILE
// (open it in Chrome's DevTools or VS Code).
import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import * as path from 'node:path';
import { Analyzer, keepTextIn, parseSourceDocument, projectSummary, RULES, WorkspaceIndex } from '../server/src/engine';
import type { Rule } from '../server/src/engine/rules/rule';
import { CONFIG_FILE_NAME } from '../server/src/node/config';
import { collectFiles, readSourceDocument } from '../server/src/node/files';
import { PackedSource, UnpackedTexts } from '../server/src/node/packedText';
import { ProjectSet } from '../server/src/node/projects';
import { recordFileChecker } from '../server/src/node/recordFiles';
import { readCatalog } from '../server/src/node/resources';

const args = process.argv.slice(2);
const perRule = args.includes('--rules');
const profileFile = args.find((arg) => arg.startsWith('--profile='))?.slice('--profile='.length);
const [dir, count = '40'] = args.filter((arg) => !arg.startsWith('--'));
if (!dir) {
  process.stderr.write('usage: node out/bench/keystroke.js DIR [KEYSTROKES] [--rules] [--profile=FILE]\n');
  process.exit(2);
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

const catalog = readCatalog();
const projects = new ProjectSet({ newIndex: () => new WorkspaceIndex({ models: { copyValues: true } }) });
// The last texts read of closed files are kept, as the server keeps them (WorkspaceFiles).
const unpackedTexts = new UnpackedTexts();
const files = collectFiles([dir]).filter((file) => !file.endsWith(CONFIG_FILE_NAME));
for (const file of files) {
  const project = projects.projectFor(file, dir);
  if (!project) continue;
  const parsed = parseSourceDocument(readSourceDocument(file));
  project.index.update(parsed);
  keepTextIn(parsed, PackedSource.of(parsed.source, undefined, unpackedTexts));
}
const [project] = projects.all();
// Each rule's checks timed (CPU ms, summed while `timing` is on): the same rule objects' checks, wrapped.
const ruleMs = new Map<string, number>();
let timing = false;
const timed = (rule: Rule): Rule =>
  ({
    ...rule,
    check: (context: never) => {
      if (!timing) return (rule.check as (context: never) => unknown)(context);
      const at = process.cpuUsage();
      try {
        return (rule.check as (context: never) => unknown)(context);
      } finally {
        ruleMs.set(rule.name, (ruleMs.get(rule.name) ?? 0) + cpuMs(at));
      }
    },
  }) as Rule;
const analyzer = new Analyzer(catalog, perRule ? { rules: RULES.map(timed) } : {});
const evidence = { recordExists: recordFileChecker(project.root), today: new Date().toISOString().slice(0, 10) };
let started = process.cpuUsage();
let findings = analyzer.analyze(project.index, project.config, evidence);
const first = { analyse: cpuMs(started), summary: 0 };
started = process.cpuUsage();
projectSummary(project.index, findings, catalog, project.config, evidence);
first.summary = cpuMs(started);

// The bench's keystrokes (bench/run.ts, editorSession): a character after a threat id, then removed.
const sample = fs
  .readdirSync(path.join(dir, 'products'))
  .sort()
  .map((product) => path.join(dir, 'products', product, 'requirements'));
const folder = sample[Math.floor(sample.length / 2)];
const file = path.join(folder, fs.readdirSync(folder).filter((name) => name.endsWith('.yaml')).sort()[0]);
const original = readSourceDocument(file);
const lines = original.text.split('\n');
const threatLines = lines.map((line, index) => (/^\s+threats: \[TH-[^,\]]+/.test(line) ? index : -1)).filter((index) => index >= 0);
const flipLine = threatLines[Math.floor(threatLines.length / 2)];
const flipAt = /^\s+threats: \[TH-[^,\]]+/.exec(lines[flipLine])![0].length;

timing = perRule;
// The in-process inspector answers synchronously: the profile covers the loop below and nothing else.
const profiler = profileFile ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  profiler.post('Profiler.enable');
  profiler.post('Profiler.setSamplingInterval', { interval: 1000 });
  profiler.post('Profiler.start');
}
const steps: Record<'parse' | 'analyse' | 'summary' | 'total', number[]> = { parse: [], analyse: [], summary: [], total: [] };
for (let i = 0; i < Number(count); i++) {
  const edited = [...lines];
  if (i % 2 === 0) edited[flipLine] = edited[flipLine].slice(0, flipAt) + '9' + edited[flipLine].slice(flipAt);
  const at = process.cpuUsage();
  const parsed = parseSourceDocument({ ...original, version: i + 1, text: edited.join('\n') });
  project.index.update(parsed);
  steps.parse.push(cpuMs(at));
  const analysing = process.cpuUsage();
  findings = analyzer.analyze(project.index, project.config, evidence);
  steps.analyse.push(cpuMs(analysing));
  const summarising = process.cpuUsage();
  projectSummary(project.index, findings, catalog, project.config, evidence);
  steps.summary.push(cpuMs(summarising));
  steps.total.push(cpuMs(at));
}

if (profiler) {
  profiler.post('Profiler.stop', (error, result) => {
    if (error) throw error;
    fs.writeFileSync(profileFile!, JSON.stringify(result.profile));
  });
  profiler.disconnect();
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round = (ms: number) => Math.round(ms * 10) / 10;
const total = [...findings.values()].reduce((sum, list) => sum + list.length, 0);
process.stdout.write(
  JSON.stringify({
    files: files.length,
    findings: total,
    first: { analyse: round(first.analyse), summary: round(first.summary) },
    keystrokes: Number(count),
    ...Object.fromEntries(Object.entries(steps).map(([step, values]) => [step, { p50: round(percentile(values, 50)), p95: round(percentile(values, 95)) }])),
    ...(perRule
      ? {
          rules: Object.fromEntries(
            [...ruleMs]
              .map(([name, ms]) => [name, Math.round((ms / Number(count)) * 100) / 100] as const)
              .filter(([, ms]) => ms >= 0.05)
              .sort((a, b) => b[1] - a[1]),
          ),
        }
      : {}),
  }) + '\n',
);
