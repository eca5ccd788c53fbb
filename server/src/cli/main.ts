// `clause-guide`: the engine for CI and release gates. Same files in, same findings out as the editor.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Analyzer, RULES, clauseCoverage, parseConfig, parseSourceDocument, type Catalog, type Severity } from '../engine';
import { ConfigCache } from '../node/config';
import { collectFiles, describeIoError, readSourceDocument, UnreadableFileError } from '../node/files';
import { ProjectSet, type ProjectSetOptions } from '../node/projects';
import { readCatalog } from '../node/resources';
import { formatCoverage, formatFindings, type ReportedCoverage, type ReportedFinding } from './formats';
import { diagramCommand, matrixCommand, tailoringCommand } from './records';

declare const CLAUSE_GUIDE_VERSION: string | undefined;
const VERSION = typeof CLAUSE_GUIDE_VERSION === 'string' ? CLAUSE_GUIDE_VERSION : '0.0.0-dev';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

interface Options {
  paths: string[];
  format: string;
  failOn: 'error' | 'warning' | 'never';
  config?: string;
  /** tailoring: apply the plan to the files on disk. */
  write?: boolean;
}

interface Command {
  usage: string;
  /** Accepted --format values; the first is the default. */
  formats: string[];
  /** Flags beyond --format and --config. */
  flags: string[];
  run(options: Options, io: CliIO, catalog: Catalog): number;
}

const COMMANDS: Record<string, Command> = {
  check: {
    usage: 'check [paths…]      Check the security file (default: the current folder) against IEC 81001-5-1.',
    formats: ['text', 'json', 'sarif', 'junit'],
    flags: ['--fail-on'],
    run: check,
  },
  coverage: {
    usage: 'coverage [paths…]   Per clause: covered (by which documents), tailored, or missing.',
    formats: ['text', 'json', 'md'],
    flags: [],
    run: coverage,
  },
  tailoring: {
    usage: 'tailoring [paths…]  Add a tailoring entry for every uncovered clause (prints the plan; --write applies it).',
    formats: ['text'],
    flags: ['--write'],
    run: (options, io, catalog) => tailoringCommand(loadProjects(options, io).all(), { paths: options.paths, write: options.write === true }, io, catalog),
  },
  matrix: {
    usage: 'matrix [paths…]     Traceability: requirement → threat → control → verification.',
    formats: ['md', 'csv'],
    flags: [],
    run: (options, io) => matrixCommand(loadProjects(options, io).all(), options.format as 'md' | 'csv', io),
  },
  diagram: {
    usage: 'diagram [paths…]    Zones, trust boundaries and their controls as a Mermaid flowchart.',
    formats: ['mermaid', 'md'],
    flags: [],
    run: (options, io) => diagramCommand(loadProjects(options, io).all(), options.format as 'mermaid' | 'md', io),
  },
};

const USAGE = `Usage: clause-guide <command> [paths…] [options]

Commands:
${Object.values(COMMANDS).map((command) => `  ${command.usage}`).join('\n')}

Options:
  --format FORMAT                  check: text|json|sarif|junit · coverage: text|json|md (default: text)
                                   matrix: md|csv (default: md) · diagram: mermaid|md (default: mermaid)
  --write                          tailoring: write the entries into the tailoring record (or create it)
  --fail-on error|warning|never    check: exit 1 when a finding is at or above this severity (default: error)
  --config FILE                    configuration file (default: .clause-guide.yaml found upward from each file)

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 bad usage or unreadable input.
`;

class UsageError extends Error {}

export function run(argv: string[], io: CliIO, catalog?: Catalog): number {
  try {
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      io.stdout(USAGE);
      return name ? EXIT_OK : EXIT_USAGE;
    }
    if (name === '--version') {
      io.stdout(`${VERSION}\n`);
      return EXIT_OK;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command "${name}"`);
    return command.run(parseOptions(command, rest), io, catalog ?? readCatalog());
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

function parseOptions(command: Command, args: string[]): Options {
  const options: Options = { paths: [], format: command.formats[0], failOn: 'error' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inlineValue ?? args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag.startsWith('-') && flag !== '--format' && flag !== '--config' && !command.flags.includes(flag)) {
      throw new UsageError(`unknown option "${flag}"`);
    }
    switch (flag) {
      case '--format':
        options.format = value();
        if (!command.formats.includes(options.format)) throw new UsageError(`--format must be ${command.formats.join(', ')}, not "${options.format}"`);
        break;
      case '--fail-on': {
        const failOn = value();
        if (!['error', 'warning', 'never'].includes(failOn)) throw new UsageError(`--fail-on must be error, warning or never, not "${failOn}"`);
        options.failOn = failOn as Options['failOn'];
        break;
      }
      case '--config':
        options.config = value();
        break;
      case '--write':
        if (inlineValue !== undefined) throw new UsageError('--write takes no value');
        options.write = true;
        break;
      default:
        options.paths.push(arg);
    }
  }
  if (!options.paths.length) options.paths.push('.');
  return options;
}

function check(options: Options, io: CliIO, catalog: Catalog): number {
  const projects = loadProjects(options, io);
  const reported: ReportedFinding[] = [];
  const analyzer = new Analyzer(catalog, {
    onRuleError: (rule, error, uri) =>
      io.stderr(`clause-guide: internal error in rule ${rule.name}${uri ? ` on ${relativeTo(io.cwd, fileURLToPath(uri))}` : ''}: ${(error as Error).message}; its findings are missing from this report\n`),
    fixes: false, // a report never applies fixes
  });
  for (const project of projects.all()) {
    for (const [uri, findings] of analyzer.analyze(project.index, project.config)) {
      const file = relativeTo(io.cwd, fileURLToPath(uri));
      for (const finding of findings) reported.push({ file, finding });
    }
  }
  reported.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  io.stdout(formatFindings(options.format as Parameters<typeof formatFindings>[0], reported, VERSION, catalog) + '\n');
  return failsGate(reported.map((r) => r.finding.severity), options.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

function coverage(options: Options, io: CliIO, catalog: Catalog): number {
  const projects = loadProjects(options, io);
  const where = (location: { uri: string; range: { start: { line: number } } }) =>
    `${relativeTo(io.cwd, fileURLToPath(location.uri))}:${location.range.start.line + 1}`;
  const reports: ReportedCoverage[] = projects
    .all()
    .filter((project) => project.index.documents().length > 0)
    .map((project) => ({
      project: relativeTo(io.cwd, project.root) || '.',
      clauses: clauseCoverage(project.index, catalog, project.config).map((entry) => ({
        clause: entry.clause.id,
        title: entry.clause.title,
        status: entry.status,
        evidence: [...new Set(entry.evidence.map(where))],
        tailoring: entry.tailoring && where(entry.tailoring),
      })),
    }));
  io.stdout(formatCoverage(options.format as Parameters<typeof formatCoverage>[0], reports) + '\n');
  return EXIT_OK;
}

/** Reads every candidate file under the given paths into the project (config) it belongs to. */
function loadProjects(options: Options, io: CliIO): ProjectSet {
  let explicit: ProjectSetOptions['explicit'];
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
  // One run reads each config file once.
  const projects = new ProjectSet({ configs: new ConfigCache(undefined, false), explicit });
  let files: string[];
  try {
    files = collectFiles(
      options.paths.map((p) => path.resolve(io.cwd, p)),
      (file, reason) => io.stderr(`clause-guide: skipping ${relativeTo(io.cwd, file)}: ${reason}\n`),
    );
  } catch (error) {
    throw new Error(`cannot read ${(error as NodeJS.ErrnoException).path ?? ''}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  for (const file of files) {
    const project = projects.projectFor(file, io.cwd);
    if (!project) continue;
    try {
      project.index.update(parseSourceDocument(readSourceDocument(file, project.config.maxFileSize)));
    } catch (error) {
      // Binary, not UTF-8, or deleted since it was listed: one line, no stack trace.
      io.stderr(`clause-guide: skipping ${relativeTo(io.cwd, file)}: ${error instanceof UnreadableFileError ? error.message : describeIoError(error)}\n`);
    }
  }
  for (const project of projects.all()) {
    for (const problem of project.configProblems) {
      io.stderr(`clause-guide: ${relativeTo(io.cwd, project.configFile ?? project.root)}:${problem.range.start.line + 1}:${problem.range.start.character + 1}: ${problem.message}\n`);
    }
  }
  return projects;
}

function relativeTo(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

function failsGate(severities: Severity[], failOn: Options['failOn']): boolean {
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
