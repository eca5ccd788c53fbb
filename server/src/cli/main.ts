// `clause-guide`: the engine for CI and release gates. Same files in, same findings out as the editor.
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Analyzer, DEFAULT_MAX_FILE_SIZE, MAX_FILE_SIZE_CEILING, RULES, clauseCoverage, fieldText, fileSizeLimit, parseByteSize, parseConfig, parseSourceDocument, releaseDecision, type Catalog, type Severity } from '../engine';
import { isEvidenceFileName, mayBeEvidenceFile } from '../engine/evidence/read';
import { ConfigCache, readConfigText } from '../node/config';
import { collectFiles, describeIoError, formatBytes, isReadUnder, readSourceDocument, UnreadableFileError } from '../node/files';
import { ProjectSet, type Project, type ProjectSetOptions } from '../node/projects';
import { recordFileChecker } from '../node/recordFiles';
import { readCatalog } from '../node/resources';
import { filePathOf } from '../node/uri';
import { formatCoverage, formatFindings, printable, type ReportedCoverage, type ReportedFinding, type UnreadFile } from './formats';
import { diffCommand, parseRange } from './diff';
import { diagramCommand, matrixCommand, tailoringCommand } from './records';
import { reportCommand } from './report';
import { sbomSupportCommand } from './sbomSupport';

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
  /** The positional arguments as given (paths defaults to the current folder). */
  positionals: string[];
  format: string;
  failOn: 'error' | 'warning' | 'never';
  config?: string;
  /** tailoring: apply the plan to the files on disk. */
  write?: boolean;
  /** check: gate this release: it fails unless every release record that names it is authorized. */
  release?: string;
  /** report: the file to write. */
  out?: string;
  /** --max-file-size: the size limit where .clause-guide.yaml sets none, and the only way past MAX_FILE_SIZE_CEILING. */
  maxFileSize?: number;
}

/** An option a command takes beyond --format, --config and --help. */
interface ExtraOption {
  name: 'fail-on' | 'write' | 'release' | 'out';
  type: 'string' | 'boolean';
  /** One line for --help, after the option's name. */
  help: string;
}

interface Command {
  /** One line for the overview. */
  summary: string;
  /** What follows the command's name in its usage (default: [paths…]). */
  args?: string;
  /** Accepted --format values; the first is the default. */
  formats: string[];
  options: ExtraOption[];
  /** A command that writes a Word document is asynchronous (the docx library packs with promises): runAsync runs it. */
  run(options: Options, io: CliIO, catalog: Catalog): number | Promise<number>;
}

const FAIL_ON: ExtraOption = { name: 'fail-on', type: 'string', help: '--fail-on error|warning|never    exit 1 when a finding is at or above this severity (default: error)' };
const RELEASE: ExtraOption = {
  name: 'release',
  type: 'string',
  help: '--release VERSION                also fail unless the release record of VERSION says decision: authorized (no decision reads pending)',
};
const OUT: ExtraOption = { name: 'out', type: 'string', help: '--out FILE                       write the report to FILE (replaced if it exists); html and md print to stdout without it' };
const ADDENDUM_OUT: ExtraOption = { name: 'out', type: 'string', help: '--out FILE                       write the addendum to FILE (replaced if it exists) instead of stdout' };
const WRITE: ExtraOption = { name: 'write', type: 'boolean', help: '--write                          write the entries into the tailoring record (or create it)' };

const COMMANDS: Record<string, Command> = {
  check: {
    summary: 'Check the security file (default: the current folder) against IEC 81001-5-1.',
    formats: ['text', 'json', 'sarif', 'junit', 'gitlab'],
    options: [FAIL_ON, RELEASE],
    run: check,
  },
  coverage: {
    summary: 'Per clause: covered (by which documents), tailored, or missing.',
    formats: ['text', 'json', 'md'],
    options: [],
    run: coverage,
  },
  tailoring: {
    summary: 'Add a tailoring entry for every uncovered clause (prints the plan; --write applies it).',
    formats: ['text'],
    options: [WRITE],
    run: (options, io, catalog) =>
      withLoaded(options, io, 'tailoring plan', (projects, unread) => {
        // An unread file may hold the evidence or the tailoring entry of a clause the plan would add.
        if (options.write && unread.length) throw new Error(`nothing written: ${countFiles(unread.length)} could not be read, and may hold evidence or entries for the clauses the plan would add`);
        return tailoringCommand(projects, { paths: options.paths, write: options.write === true }, io, catalog);
      }),
  },
  'sbom-support': {
    summary: "The FDA addendum of each SBOM's components (level of support, end of support); adds an undecided entry per component without support data to <sbom>.support.yaml.",
    formats: ['md', 'csv'],
    options: [ADDENDUM_OUT],
    run: (options, io) =>
      withLoaded(options, io, 'addendum', (projects, unread) => {
        // An unread SBOM or sidecar may already answer for a component the plan would add (an unread YAML document cannot).
        const evidence = unread.filter((file) => mayHoldComponents(file.file));
        if (evidence.length) throw new Error(`nothing written: ${countFiles(evidence.length)} could not be read (${evidence.map((file) => file.file).join(', ')}), and may hold components or support data`);
        return sbomSupportCommand(projects, { format: options.format as 'md' | 'csv', out: options.out }, io);
      }),
  },
  matrix: {
    summary: 'Traceability: requirement → threat → control → verification.',
    formats: ['md', 'csv'],
    options: [],
    run: (options, io) => withLoaded(options, io, 'matrix', (projects) => matrixCommand(projects, options.format as 'md' | 'csv', io)),
  },
  diagram: {
    summary: 'Zones, trust boundaries and their controls as a Mermaid flowchart.',
    formats: ['mermaid', 'md'],
    options: [],
    run: (options, io) => withLoaded(options, io, 'diagram', (projects) => diagramCommand(projects, options.format as 'mermaid' | 'md', io)),
  },
  report: {
    summary: 'The audit report: coverage, tailoring, traceability, release readiness, architecture, findings.',
    formats: ['html', 'md', 'docx'],
    options: [OUT],
    run: (options, io, catalog) => {
      const { projects, unread } = loadProjects(options, io);
      return reportCommand(projects.all(), { format: options.format as 'html' | 'md' | 'docx', out: options.out, toolVersion: VERSION }, io, catalog).then((code) => {
        if (!unread.length) return code;
        io.stderr(`clause-guide: ${countFiles(unread.length)} could not be read, so ${unread.length === 1 ? 'it is' : 'they are'} not in this report.\n`);
        return EXIT_USAGE;
      });
    },
  },
  diff: {
    summary: 'What changed between two commits (read through git): items field by field, coverage, tailoring, findings.',
    args: 'REF1..REF2 [paths…]',
    formats: ['text', 'md', 'json'],
    options: [],
    run: (options, io, catalog) => {
      const [given, ...paths] = options.positionals;
      const range = given === undefined ? undefined : parseRange(given);
      if (!range) throw new UsageError(given === undefined ? 'diff needs REF1..REF2: the two commits to compare, as git writes a range' : `"${given}" is not REF1..REF2 (two commits, as git writes a range)`, 'diff');
      if (options.config) throw new UsageError('diff reads the .clause-guide.yaml of each commit; --config is not taken', 'diff');
      if (options.maxFileSize !== undefined) throw new UsageError('diff reads the .clause-guide.yaml of each commit; --max-file-size is not taken', 'diff');
      return diffCommand(range, paths.length ? paths : ['.'], options.format as 'text' | 'md' | 'json', io, catalog);
    },
  },
};

const EXIT_CODES = 'Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 bad usage, input that could not be read, or output that could not be written.\n';

const USAGE = `Usage: clause-guide <command> [paths…] [options]

Commands:
${Object.entries(COMMANDS).map(([name, command]) => `  ${`${name} ${command.args ?? '[paths…]'}`.padEnd(26)}${command.summary}`).join('\n')}

Run \`clause-guide <command> --help\` for a command's options.

${EXIT_CODES}`;

function commandUsage(name: string): string {
  const command = COMMANDS[name];
  const lines = [
    `Usage: clause-guide ${name} ${command.args ?? '[paths…]'} [options]`,
    '',
    command.summary,
    '',
    'Options:',
    `  --format ${command.formats.join('|').padEnd(24)}output format (default: ${command.formats[0]})`,
    ...command.options.map((option) => `  ${option.help}`),
    '  --config FILE                    configuration file (default: .clause-guide.yaml found upward from each file)',
    `  --max-file-size SIZE             read files up to SIZE (such as 10 MB) where .clause-guide.yaml sets no maxFileSize (default: ${formatBytes(DEFAULT_MAX_FILE_SIZE)});`,
    `                                   a .clause-guide.yaml cannot raise it above ${formatBytes(MAX_FILE_SIZE_CEILING)}, this option can`,
    '  -h, --help                       this help',
    '',
    '',
  ];
  return lines.join('\n') + (name === 'check' ? EXIT_CODES : 'Exit codes: 0 done, 2 bad usage, input that could not be read, or output that could not be written.\n');
}

class UsageError extends Error {
  /** The command whose usage follows the message; none: the overview. */
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}

/** Runs a command whose work is synchronous (every command but `report`); see runAsync. */
export function run(argv: string[], io: CliIO, catalog?: Catalog): number {
  const code = dispatch(argv, io, catalog);
  if (typeof code !== 'number') throw new Error(`clause-guide ${argv[0]} is asynchronous: call runAsync`);
  return code;
}

/** Runs any command, including `report`. */
export async function runAsync(argv: string[], io: CliIO, catalog?: Catalog): Promise<number> {
  try {
    return await dispatch(argv, io, catalog);
  } catch (error) {
    io.stderr(`clause-guide: ${printable((error as Error).message)}\n`);
    return EXIT_USAGE;
  }
}

function dispatch(argv: string[], io: CliIO, catalog?: Catalog): number | Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (!name) {
      io.stderr(USAGE);
      return EXIT_USAGE;
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      const topic = rest.find((arg) => !arg.startsWith('-'));
      if (topic && !COMMANDS[topic]) throw new UsageError(`unknown command "${topic}"`);
      io.stdout(topic ? commandUsage(topic) : USAGE);
      return EXIT_OK;
    }
    if (name === '--version') {
      io.stdout(`${VERSION}\n`);
      return EXIT_OK;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command "${name}"`);
    const options = parseOptions(name, rest);
    if (options === 'help') {
      io.stdout(commandUsage(name));
      return EXIT_OK;
    }
    return command.run(options, io, catalog ?? readCatalog());
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`clause-guide: ${printable(error.message)}\n\n${error.command ? commandUsage(error.command) : USAGE}`);
    } else {
      // Unreadable input and the like: one clear line, no stack trace.
      io.stderr(`clause-guide: ${printable((error as Error).message)}\n`);
    }
    return EXIT_USAGE;
  }
}

/** The command's options and paths, or 'help' when --help is among them (whatever else is wrong). */
function parseOptions(name: string, args: string[]): Options | 'help' {
  const command = COMMANDS[name];
  const config: ParseArgsConfig['options'] = {
    format: { type: 'string' },
    config: { type: 'string' },
    'max-file-size': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  };
  for (const option of command.options) config[option.name] = { type: option.type };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: config, allowPositionals: true, strict: true });
  } catch (error) {
    // --help wins over any mistake beside it: whoever asks for help gets it.
    if (helpAsked(args)) return 'help';
    throw new UsageError(describeParseError(error as NodeJS.ErrnoException), name);
  }
  const values = parsed.values as { format?: string; config?: string; help?: boolean; 'fail-on'?: string; write?: boolean; release?: string; out?: string; 'max-file-size'?: string };
  if (values.help) return 'help';
  const options: Options = { paths: parsed.positionals.length ? parsed.positionals : ['.'], positionals: parsed.positionals, format: values.format ?? command.formats[0], failOn: 'error', config: values.config, write: values.write, release: values.release, out: values.out };
  if (values['max-file-size'] !== undefined) {
    const bytes = parseByteSize(values['max-file-size']);
    if (bytes === null) throw new UsageError(`--max-file-size must be a size such as 5242880, 512 KB or 10 MB, not "${values['max-file-size']}"`, name);
    options.maxFileSize = bytes;
  }
  if (options.release !== undefined && !options.release.trim()) throw new UsageError('--release needs the version of the release to gate', name);
  if (!command.formats.includes(options.format)) throw new UsageError(`--format must be ${listOf(command.formats)}, not "${options.format}"`, name);
  if (values['fail-on'] !== undefined) {
    if (!['error', 'warning', 'never'].includes(values['fail-on'])) throw new UsageError(`--fail-on must be error, warning or never, not "${values['fail-on']}"`, name);
    options.failOn = values['fail-on'] as Options['failOn'];
  }
  return options;
}

function helpAsked(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** util.parseArgs explains its errors at length; the user needs the option and what is wrong with it. */
function describeParseError(error: NodeJS.ErrnoException): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1] ?? '';
  const flag = option.replace(/=.*$/, '');
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${flag}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      // A boolean given a value (--write=yes), or a string option given none (--format last, or followed by another option).
      return /does not take an argument/.test(error.message) ? `${flag} takes no value` : `${flag} needs a value`;
    default:
      return error.message;
  }
}

function listOf(items: string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}` : items[0];
}

function check(options: Options, io: CliIO, catalog: Catalog): number {
  const { projects, unread, badConfigs } = loadProjects(options, io);
  const reported: ReportedFinding[] = [];
  const analyzer = new Analyzer(catalog, {
    oneShot: true,
    onRuleError: (rule, error, uri) =>
      io.stderr(`clause-guide: internal error in rule ${rule.name}${uri ? ` on ${printable(relativeTo(io.cwd, filePathOf(uri)))}` : ''}: ${printable((error as Error).message)}; its findings are missing from this report\n`),
  });
  for (const project of projects.all()) {
    // Records are judged against the disk, as in the editor: a path to nothing, or a stub, is no record.
    for (const [uri, findings] of analyzer.analyze(project.index, project.config, { recordExists: recordFileChecker(project.root), today: new Date().toISOString().slice(0, 10) })) {
      const file = relativeTo(io.cwd, filePathOf(uri));
      for (const finding of findings) reported.push({ file, finding });
    }
  }
  reported.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  io.stdout(formatFindings(options.format as Parameters<typeof formatFindings>[0], reported, { toolVersion: VERSION, catalog, root: io.cwd, unread }) + '\n');
  if (unread.length) {
    // Whatever --fail-on says: a document nobody read is no evidence, and a pass would say it was checked.
    io.stderr(`clause-guide: ${countFiles(unread.length)} could not be read, so ${unread.length === 1 ? 'it is' : 'they are'} not checked: this check fails.\n`);
    return EXIT_USAGE;
  }
  if (badConfigs.length) {
    // An unreadable or invalid configuration: the check ran with defaults where the file could not
    // be applied (a rule the team turned on, an exclude, a clause list), so it is no verdict.
    reportBadConfigs(badConfigs, io);
    return EXIT_USAGE;
  }
  const releaseFails = options.release !== undefined && !releaseGatePasses(options.release, projects, io);
  return releaseFails || failsGate(reported.map((r) => r.finding.severity), options.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * `check --release VERSION`: the release may ship only when every release record that names it
 * says `decision: authorized`. A missing or unknown decision reads as pending, and a release no
 * record names has no decision at all; either way the gate fails and stderr says why.
 */
function releaseGatePasses(version: string, projects: ProjectSet, io: CliIO): boolean {
  const wanted = version.trim();
  const records = projects
    .all()
    .flatMap((project) => project.index.documentsOfKind('release-record'))
    .filter((record) => fieldText(record, 'release').trim() === wanted);
  if (!records.length) {
    io.stderr(`clause-guide: no release record names release ${printable(wanted)}: the release gate fails.\n`);
    return false;
  }
  let passes = true;
  for (const record of records) {
    const { decision, stated } = releaseDecision(record);
    if (decision === 'authorized') continue;
    passes = false;
    const file = printable(relativeTo(io.cwd, filePathOf(record.uri)));
    io.stderr(`clause-guide: release ${printable(wanted)} is ${decision}${stated ? '' : ' (no decision recorded)'} in ${file}: the release gate fails.\n`);
  }
  return passes;
}

function coverage(options: Options, io: CliIO, catalog: Catalog): number {
  return withLoaded(options, io, 'coverage report', (projects) => coverageReport(projects, options.format as Parameters<typeof formatCoverage>[0], io, catalog));
}

function coverageReport(projects: Project[], format: Parameters<typeof formatCoverage>[0], io: CliIO, catalog: Catalog): number {
  const where = (location: { uri: string; range: { start: { line: number } } }) =>
    `${relativeTo(io.cwd, filePathOf(location.uri))}:${location.range.start.line + 1}`;
  // The clause's own rules decide too (a clause with open findings is not covered): the same
  // analysis as `check`, without fixes.
  const analyzer = new Analyzer(catalog, { oneShot: true });
  const reports: ReportedCoverage[] = projects
    .filter((project) => project.index.documents().length > 0)
    .map((project) => {
      const recordExists = recordFileChecker(project.root);
      const today = new Date().toISOString().slice(0, 10);
      const findings = [...analyzer.analyze(project.index, project.config, { recordExists, today }).values()].flat();
      const coverage = clauseCoverage(project.index, catalog, project.config, { findings, recordExists, today });
      return {
        project: relativeTo(io.cwd, project.root) || '.',
        clauses: coverage.map((entry) => ({
          clause: entry.clause.id,
          title: entry.clause.title,
          status: entry.status,
          criteria: entry.criteria.map((result) => ({
            criterion: result.criterion.text,
            met: result.met,
            where: result.where.map((location) => `${where(location)} (${location.what})`),
            ...(result.missing ? { missing: result.missing } : {}),
          })),
          gaps: entry.gaps,
          citations: [...new Set(entry.citations.map(where))],
          evidence: [...new Set(entry.evidence.map(where))],
          ...(entry.tailoring ? { tailoring: where(entry.tailoring) } : {}),
        })),
      };
    });
  io.stdout(formatCoverage(format, reports) + '\n');
  return EXIT_OK;
}

/**
 * Runs a report over the loaded projects; when a file could not be read the report is still
 * printed (it shows what was read) but the command exits 2, as `check` does.
 */
function withLoaded(options: Options, io: CliIO, what: string, report: (projects: Project[], unread: UnreadFile[]) => number): number {
  const { projects, unread } = loadProjects(options, io);
  const code = report(projects.all(), unread);
  if (!unread.length) return code;
  io.stderr(`clause-guide: ${countFiles(unread.length)} could not be read, so ${unread.length === 1 ? 'it is' : 'they are'} not in this ${what}.\n`);
  return EXIT_USAGE;
}

/** Whether a file is one an SBOM or a support sidecar could be (by name, or JSON/XML an include takes in). */
function mayHoldComponents(file: string): boolean {
  const name = path.basename(file);
  return isEvidenceFileName(name) || mayBeEvidenceFile(name);
}

function countFiles(count: number): string {
  return count === 1 ? '1 file' : `${count} files`;
}

/**
 * Reads every candidate file under the given paths into the project (config) it belongs to. A
 * file that could not be read (binary, not UTF-8, gone, not a regular file, no permission) is
 * listed in `unread` and named on stderr, whether it was named on the command line or found in a
 * folder: either way it may be a security document nobody checked. A file the project's
 * configuration excludes is not read, so it is not listed.
 */
function loadProjects(options: Options, io: CliIO): { projects: ProjectSet; unread: UnreadFile[]; badConfigs: BadConfig[] } {
  let explicit: ProjectSetOptions['explicit'];
  if (options.config) {
    const file = path.resolve(io.cwd, options.config);
    let text: string;
    try {
      text = readConfigText(file);
    } catch (error) {
      throw new Error(`cannot read the configuration ${options.config}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const { config, problems } = parseConfig(text, RULES.map((rule) => rule.name));
    explicit = { file, config, problems };
  }
  // One run reads each config file once.
  const projects = new ProjectSet({ configs: new ConfigCache(undefined, false), explicit });
  const unread: UnreadFile[] = [];
  const skip = (file: string, reason: string) => {
    if (!projects.projectFor(file, io.cwd)) return; // excluded by its configuration
    const relative = relativeTo(io.cwd, file);
    unread.push({ file: relative, reason });
    io.stderr(`clause-guide: cannot read ${printable(relative)}: ${printable(reason)}\n`);
  };
  let files: string[];
  try {
    files = collectFiles(options.paths.map((p) => path.resolve(io.cwd, p)), skip);
  } catch (error) {
    // A path given on the command line that is missing or cannot be resolved (a link that loops).
    const { path: given, code } = error as NodeJS.ErrnoException;
    throw new Error(`cannot read ${given ? relativeTo(io.cwd, given) : ''}: ${code === 'ENOENT' ? 'no such file or folder' : describeIoError(error)}`);
  }
  for (const file of files) {
    const project = projects.projectFor(file, io.cwd);
    if (!project || !isReadUnder(file, project.config)) continue;
    try {
      const source = readSourceDocument(file, fileSizeLimit(project.config.maxFileSize, options.maxFileSize));
      project.index.update(parseSourceDocument(source));
      // Too large to read is unread input too: its file-too-large finding is only a warning, and
      // the gate passed an oversized record that nobody checked.
      if (source.skipped) {
        const why = source.skipped.capped ? ` (maxFileSize asks for more, but a .clause-guide.yaml cannot go above ${formatBytes(MAX_FILE_SIZE_CEILING)}; --max-file-size can)` : ' (maxFileSize)';
        skip(file, `it is ${formatBytes(source.skipped.bytes)}, over the ${formatBytes(source.skipped.limit)} limit${why}, so it is not read`);
      }
    } catch (error) {
      // Binary, not UTF-8, or deleted since it was listed: one line, no stack trace.
      skip(file, error instanceof UnreadableFileError ? error.message : describeIoError(error));
    }
  }
  const badConfigs: BadConfig[] = [];
  for (const project of projects.all()) {
    const file = relativeTo(io.cwd, project.configFile ?? project.root);
    for (const problem of project.configProblems) {
      io.stderr(printable(`clause-guide: ${file}:${problem.range.start.line + 1}:${problem.range.start.character + 1}: ${problem.message}`) + '\n');
    }
    if (project.configProblems.length && !badConfigs.some((bad) => bad.file === file)) badConfigs.push({ file, problems: project.configProblems.length });
  }
  return { projects, unread, badConfigs };
}

/** A configuration file with problems: the check did not run under the settings as written. */
interface BadConfig {
  file: string;
  problems: number;
}

/** Says why a check under a configuration with problems fails (check exits 2 for it, whatever --fail-on says). */
function reportBadConfigs(badConfigs: BadConfig[], io: CliIO): void {
  for (const { file, problems } of badConfigs) {
    io.stderr(
      printable(`clause-guide: ${file} has ${problems === 1 ? '1 problem' : `${problems} problems`} (above), so this check does not apply the configuration as written: it fails. Correct the configuration.`) + '\n',
    );
  }
}

function relativeTo(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

function failsGate(severities: Severity[], failOn: Options['failOn']): boolean {
  if (failOn === 'never') return false;
  return severities.some((severity) => RANK[severity] >= RANK[failOn]);
}

/**
 * Runs the CLI as a process (bin/clause-guide.js, or this file run directly). Output that cannot
 * be written decides the exit code: a reader that stops early (`clause-guide check | head`)
 * closes the pipe, which is no error, so the check's own code stands; a full disk or a failing
 * device loses the report, so the run ends with one line and exit 2, whatever the check found.
 */
export function main(argv: string[] = process.argv.slice(2)): void {
  let writeError: NodeJS.ErrnoException | undefined;
  let code: number | undefined;
  // A write error may come before or after the run ends; act once both are known.
  const settle = () => {
    if (!writeError || code === undefined) return;
    if (writeError.code !== 'EPIPE') {
      process.stderr.write(`clause-guide: cannot write the output: ${printable(writeError.message)}\n`);
      code = EXIT_USAGE;
    }
    process.exit(code);
  };
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    writeError ??= error;
    settle();
  });
  process.stderr.on('error', () => {}); // nowhere left to tell; the exit code still says how the run went
  void runAsync(argv, {
    cwd: process.cwd(),
    stdout: (text) => {
      if (!writeError) process.stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
  }).then((result) => {
    code = result;
    process.exitCode = code;
    settle();
  });
}

if (require.main === module) main();
