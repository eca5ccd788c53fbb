// `clause-guide report`: the audit report of each project under the given paths, as one HTML,
// Markdown or Word document, written to --out (atomically; a report is regenerated, so an existing
// file at --out is replaced) or, for HTML and Markdown, to stdout.
import * as path from 'node:path';
import { Analyzer, type Catalog, type Finding } from '../engine';
import { WriteFileError } from '../node/atomicWrite';
import { recordFileChecker } from '../node/recordFiles';
import { replaceOutputFile } from '../node/plannedWrite';
import { projectAuditReport, renderAuditReport, type AuditFormat } from '../node/auditReport';
import type { Project } from '../node/projects';

export interface ReportIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface ReportCommandOptions {
  format: AuditFormat;
  out?: string;
  toolVersion: string;
  now?: Date;
}

export async function reportCommand(projects: Project[], options: ReportCommandOptions, io: ReportIO, catalog: Catalog): Promise<number> {
  if (options.format === 'docx' && !options.out) {
    io.stderr('clause-guide: --format docx needs --out FILE (a Word document is not text for a terminal).\n');
    return 2;
  }
  const analyzer = new Analyzer(catalog);
  const reports = projects
    .filter((project) => project.index.documents().length > 0)
    .map((project) => {
      // The same judgement as `check`: record files looked at on disk, dates compared with today.
      const today = (options.now ?? new Date()).toISOString().slice(0, 10);
      const findingsByUri = new Map<string, Finding[]>(analyzer.analyze(project.index, project.config, { recordExists: recordFileChecker(project.root), today }));
      const projectLabel = path.relative(io.cwd, project.root).split(path.sep).join('/') || '.';
      return { project, report: projectAuditReport(project, { catalog, toolVersion: options.toolVersion, projectLabel, findingsByUri, now: options.now }) };
    });
  if (!reports.length) io.stderr('clause-guide: no security documents found; the report says so.\n');
  const bytes = await renderAuditReport(options.format, reports);
  if (!options.out) {
    io.stdout(bytes.toString('utf8'));
    return 0;
  }
  const file = path.resolve(io.cwd, options.out);
  try {
    replaceOutputFile(file, bytes, options.out);
  } catch (error) {
    const reason = error instanceof WriteFileError ? error.message : `cannot write ${options.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    io.stderr(`clause-guide: ${reason}\n`);
    return 2;
  }
  io.stdout(`${path.relative(io.cwd, file) || file}: ${options.format} audit report of ${reports.length} project${reports.length === 1 ? '' : 's'} written (${bytes.length} bytes).\n`);
  return 0;
}
