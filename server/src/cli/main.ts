// `clause-guide`: the engine for CI and release gates. Same files in, same findings out as the editor.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Analyzer, RULES, parseConfig, parseSourceDocument, type Catalog, type Severity } from '../engine';
import { ConfigCache } from '../node/config';
import { collectFiles, readSourceDocument } from '../node/files';
import { ProjectSet } from '../node/projects';
import { readCatalog } from '../node/resources';
import { formatFindings, type OutputFormat, type ReportedFinding } from './formats';

declare const CLAUSE_GUIDE_VERSION: string | undefined;
const VERSION = typeof CLAUSE_GUIDE_VERSION === 'string' ? CLAUSE_GUIDE_VERSION : '0.0.0-dev';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: clause-guide <command> [options]

Commands:
  check [paths…]   Check the security file (default: the current folder) against IEC 81001-5-1.
      --format text|json|sarif|junit   output format (default: text)
      --fail-on error|warning|never    exit 1 when a finding is at or above this severity (default: error)
      --config FILE                    configuration file (default: .clause-guide.yaml found upward)

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 bad usage or unreadable input.
`;

class UsageError extends Error {}

interface CheckOptions {
  paths: string[];
  format: OutputFormat;
  failOn: 'error' | 'warning' | 'never';
  config?: string;
}

export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export function run(argv: string[], io: CliIO, catalog?: Catalog): number {
  try {
    const [command, ...rest] = argv;
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(USAGE);
      return command ? EXIT_OK : EXIT_USAGE;
    }
    if (command === '--version') {
      io.stdout(`${VERSION}\n`);
      return EXIT_OK;
    }
    if (command !== 'check') throw new UsageError(`unknown command "${command}"`);
    return check(parseCheckOptions(rest), io, catalog ?? readCatalog());
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`clause-guide: ${error.message}\n\n${USAGE}`);
    } else {
      // Unreadable input and the like: one clear line, no stack trace.
      io.stderr(`clause-guide: ${(error as Error).message}\n`);
    }
    return EXIT_USAGE;
  }
}

function parseCheckOptions(args: string[]): CheckOptions {
  const options: CheckOptions = { paths: [], format: 'text', failOn: 'error' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inlineValue ?? args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--format': {
        const format = value();
        if (!['text', 'json', 'sarif', 'junit'].includes(format)) throw new UsageError(`--format must be text, json, sarif or junit, not "${format}"`);
        options.format = format as OutputFormat;
        break;
      }
      case '--fail-on': {
        const failOn = value();
        if (!['error', 'warning', 'never'].includes(failOn)) throw new UsageError(`--fail-on must be error, warning or never, not "${failOn}"`);
        options.failOn = failOn as CheckOptions['failOn'];
        break;
      }
      case '--config':
        options.config = value();
        break;
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option "${flag}"`);
        options.paths.push(arg);
    }
  }
  if (!options.paths.length) options.paths.push('.');
  return options;
}

function check(options: CheckOptions, io: CliIO, catalog: Catalog): number {
  const projects = loadProjects(options, io);
  const reported: ReportedFinding[] = [];
  const analyzer = new Analyzer(catalog);
  for (const project of projects.all()) {
    for (const problem of project.configProblems) {
      io.stderr(`clause-guide: ${relativeTo(io.cwd, project.configFile ?? project.root)}:${problem.range.start.line + 1}:${problem.range.start.character + 1}: ${problem.message}\n`);
    }
    for (const [uri, findings] of analyzer.analyze(project.index, project.config)) {
      const file = relativeTo(io.cwd, fileURLToPath(uri));
      for (const finding of findings) reported.push({ file, finding });
    }
  }
  reported.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  io.stdout(formatFindings(options.format, reported, VERSION) + '\n');
  return failsGate(reported.map((r) => r.finding.severity), options.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

/** Reads every candidate file under the given paths into the project (config) it belongs to. */
function loadProjects(options: CheckOptions, io: CliIO): ProjectSet {
  let explicit: ConstructorParameters<typeof ProjectSet>[2];
  if (options.config) {
    const file = path.resolve(io.cwd, options.config);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`cannot read the configuration ${options.config}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const { config, problems } = parseConfig(text, RULES.map((rule) => rule.name));
    explicit = { file, config, problems };
  }
  const projects = new ProjectSet(new ConfigCache(), undefined, explicit);
  let files: string[];
  try {
    files = collectFiles(options.paths.map((p) => path.resolve(io.cwd, p)));
  } catch (error) {
    throw new Error(`cannot read ${(error as NodeJS.ErrnoException).path ?? ''}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  for (const file of files) {
    const project = projects.projectFor(file, io.cwd);
    if (!project) continue;
    try {
      project.index.update(parseSourceDocument(readSourceDocument(file)));
    } catch (error) {
      io.stderr(`clause-guide: skipping ${relativeTo(io.cwd, file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    }
  }
  return projects;
}

function relativeTo(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

function failsGate(severities: Severity[], failOn: CheckOptions['failOn']): boolean {
  if (failOn === 'never') return false;
  return severities.some((severity) => RANK[severity] >= RANK[failOn]);
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
