// The record commands of the CLI: `tailoring` (plan or write the tailoring record), `matrix`
// (traceability) and `diagram` (architecture as Mermaid). They call the same engine functions as
// the editor's commands, so `tailoring --write` writes exactly what the editor would insert.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  architectureMermaid,
  planTailoringRecord,
  traceabilityCsv,
  traceabilityMarkdown,
  traceabilityRows,
  type Catalog,
  type TailoringPlan,
} from '../engine';
import { isInside } from '../node/atomicWrite';
import { writePlannedFile } from '../node/plannedWrite';
import { recordInTheWay } from '../node/recordInTheWay';
import type { Project } from '../node/projects';
import { recordFileChecker } from '../node/recordFiles';
import { filePathOf, fileUri } from '../node/uri';

export interface RecordIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface TailoringCommandOptions {
  /** The paths given on the command line (resolved against io.cwd). */
  paths: string[];
  write: boolean;
  /** YYYY-MM-DD for the comment above new entries; default: today. */
  today?: string;
}

/** Prints (or with `write`, applies) the tailoring plan of each project. Returns 0, or 2 when a plan could not be made or written. */
export function tailoringCommand(projects: Project[], options: TailoringCommandOptions, io: RecordIO, catalog: Catalog): number {
  const { write, today = localDate() } = options;
  const folders = options.paths.map((p) => path.resolve(io.cwd, p)).filter(isDirectory);
  const rel = (file: string) => relativeTo(io.cwd, file);
  let failed = false;
  for (const project of withDocuments(projects)) {
    const name = rel(project.root) || '.';
    if (project.config.rules['clause-uncovered'] === 'off') {
      io.stdout(`${name}: skipped, its configuration turns clause-uncovered off (${rel(project.configFile ?? project.root)}).\n`);
      continue;
    }
    const root = recordRoot(project, folders);
    const newFile = newRecordPath(project, folders);
    const plan = planTailoringRecord(project.index, catalog, project.config, { newFileUri: fileUri(newFile), today, evidence: { recordExists: recordFileChecker(project.root) } });
    const file = filePathOf(plan.uri);
    const problem =
      plan.problem ?? (plan.create && fs.existsSync(file) ? recordInTheWay(file, rel(file)) : write ? applyPlan(project, plan, root) : undefined);
    if (problem) {
      io.stderr(`clause-guide: ${problem}\n`);
      failed = true;
      continue;
    }
    io.stdout(describePlan(plan, rel(file), write));
  }
  return failed ? 2 : 0;
}

/** Writes a plan to disk (node/plannedWrite.ts: atomic, inside the root, never over a changed file); returns why it could not. */
function applyPlan(project: Project, plan: TailoringPlan, root: string): string | undefined {
  return writePlannedFile(plan, project.index.parsed(plan.uri)?.source.text, root);
}

function describePlan(plan: TailoringPlan, file: string, written: boolean): string {
  const count = `${plan.added.length} tailoring ${plan.added.length === 1 ? 'entry' : 'entries'}`;
  if (!plan.added.length && !plan.create) return `${file}: nothing to add; every applicable clause has evidence or a tailoring entry.\n`;
  const clauses = plan.added.length ? ` (${plan.added.join(', ')})` : '';
  if (plan.create) {
    const head = written ? `${file}: created with ${count}${clauses}:` : `${file}: would be created with ${count}${clauses}:`;
    return [head, ...indent(plan.text!), ...(written ? [] : ['Run again with --write to create it.']), ''].join('\n');
  }
  const lines: string[] = [];
  for (const edit of plan.edits ?? []) {
    const line = edit.range.start.line + 1;
    if (!edit.newText) lines.push(`  removes the empty value on line ${line}, so the list can follow it`);
    else lines.push(`  after line ${line}:`, ...indent(edit.newText.replace(/^\r?\n/, '')));
  }
  const head = written ? `${file}: added ${count}${clauses}:` : `${file}: would add ${count}${clauses}:`;
  return [head, ...lines, ...(written ? [] : ['Run again with --write to add them.']), ''].join('\n');
}

function indent(text: string): string[] {
  return text.replace(/\r?\n$/, '').split(/\r?\n/).map((line) => `  | ${line}`.trimEnd());
}

/**
 * Where a project without a tailoring record gets one: `security/tailoring-record.yaml` under the
 * project root when that folder exists, else at the root. The root is the folder of the project's
 * .clause-guide.yaml; without one, the folder given on the command line that holds the project
 * (`clause-guide tailoring examples/infusync`), else the working directory, as the editor takes its
 * workspace folder.
 */
export function newRecordPath(project: Project, givenFolders: string[] = []): string {
  const root = recordRoot(project, givenFolders);
  const security = path.join(root, 'security');
  // A `security` link that leads out of the project is not the project's folder.
  const folder = isDirectory(security) && isInside(root, security) ? security : root;
  return path.join(folder, 'tailoring-record.yaml');
}

/** The folder a project's tailoring record is written in or under (and never outside of). */
function recordRoot(project: Project, givenFolders: string[]): string {
  const files = project.index.files().map((file) => filePathOf(file.source.uri));
  const holding = givenFolders.filter((folder) => files.every((file) => file.startsWith(folder + path.sep))).sort((a, b) => b.length - a.length);
  return project.configFile ? project.root : holding[0] ?? project.root;
}

export function matrixCommand(projects: Project[], format: 'md' | 'csv', io: RecordIO): number {
  const reports = withDocuments(projects).map((project) => ({ name: relativeTo(io.cwd, project.root) || '.', rows: traceabilityRows(project.index) }));
  if (format === 'csv') {
    io.stdout(traceabilityCsv(reports.flatMap((report) => report.rows)));
    return 0;
  }
  if (reports.length === 1) io.stdout(traceabilityMarkdown(reports[0].rows));
  else io.stdout(reports.map((report) => `## Traceability — ${report.name}\n\n${traceabilityMarkdown(report.rows)}`).join('\n') || 'No security documents found.\n');
  return 0;
}

export function diagramCommand(projects: Project[], format: 'mermaid' | 'md', io: RecordIO): number {
  const diagrams = withDocuments(projects)
    .filter((project) => project.index.items('zones').length || project.index.items('boundaries').length)
    .map((project) => ({ name: relativeTo(io.cwd, project.root) || '.', mermaid: architectureMermaid(project.index) }));
  if (!diagrams.length) {
    io.stderr('clause-guide: no security architecture with zones or trust boundaries found.\n');
    return 0;
  }
  if (format === 'md') {
    io.stdout(diagrams.map((diagram) => `## Architecture — ${diagram.name}\n\n\`\`\`mermaid\n${diagram.mermaid}\`\`\`\n`).join('\n'));
  } else {
    // Several projects: one flowchart each, told apart by a Mermaid comment line.
    io.stdout(diagrams.map((diagram) => (diagrams.length > 1 ? `%% ${diagram.name}\n${diagram.mermaid}` : diagram.mermaid)).join('\n'));
  }
  return 0;
}

function withDocuments(projects: Project[]): Project[] {
  return projects.filter((project) => project.index.documents().length > 0);
}

function isDirectory(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

/** Today as YYYY-MM-DD in local time: the date a person would write. */
export function localDate(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

function relativeTo(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}
