// The host's part of the audit report (CLI `report`, the editor's Export Audit Package): the facts
// the engine cannot know (the git commit, today, the catalog file's fingerprint, whether record
// files exist) and the formats. The report itself is engine/reports/auditReport.ts.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  architectureMermaid,
  auditHtml,
  auditMarkdown,
  buildAuditReport,
  clauseCoverage,
  type AuditReport,
  type AuditReportInput,
  type Catalog,
  type Finding,
} from '../engine';
import { auditDocx } from './auditDocx';
import { baselineSection, compareWithBaseline } from './baseline';
import type { Project } from './projects';
import { recordFileChecker } from './recordFiles';
import { findCatalogFile } from './resources';
import { filePathOf } from './uri';

export const AUDIT_FORMATS = ['html', 'md', 'docx'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** git gets this long to answer; a hung git (a network file system, a lock) leaves the commit unknown, never the report. */
const GIT_TIMEOUT_MS = 5000;

export interface ProjectReportOptions {
  catalog: Catalog;
  toolVersion: string;
  /** The project folder as the report names it. */
  projectLabel: string;
  /** The project's findings per file (from the analyzer). */
  findingsByUri: ReadonlyMap<string, readonly Finding[]>;
  now?: Date;
  /** Extension points (test results, SBOM, vulnerabilities): see AuditReportInput. */
  verificationResult?: AuditReportInput['verificationResult'];
  extraSections?: AuditReportInput['extraSections'];
}

export function projectAuditReport(project: Project, options: ProjectReportOptions): AuditReport {
  const recordExists = recordFileChecker(project.root);
  const findings = [...options.findingsByUri.values()].flat();
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const coverage = clauseCoverage(project.index, options.catalog, project.config, { findings, recordExists, today });
  const git = gitCommit(project.root);
  // What changed since the release record's baseline (the previous authorized release), read through git.
  const comparison = compareWithBaseline(project, { findings, coverage }, options.catalog);
  const extraSections = [...(comparison ? [baselineSection(comparison)] : []), ...(options.extraSections ?? [])];
  return buildAuditReport({
    workspace: project.index,
    catalog: options.catalog,
    config: project.config,
    findingsByUri: options.findingsByUri,
    coverage,
    relativePath: (uri) => {
      try {
        return path.relative(project.root, filePathOf(uri)).split(path.sep).join('/');
      } catch {
        return uri;
      }
    },
    meta: {
      project: options.projectLabel,
      commit: git?.commit ?? null,
      dirty: git?.dirty,
      generated: (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      toolVersion: options.toolVersion,
      catalogVersion: catalogVersion(),
    },
    verificationResult: options.verificationResult,
    extraSections,
  });
}

/** The whole document in a format: bytes to write. */
export async function renderAuditReport(format: AuditFormat, reports: { report: AuditReport; project: Project }[]): Promise<Buffer> {
  switch (format) {
    case 'html':
      return Buffer.from(auditHtml(reports.map((r) => r.report)), 'utf8');
    case 'md':
      return Buffer.from(reports.map((r) => auditMarkdown(r.report, architectureMermaid(r.project.index))).join('\n---\n\n') || '# Security audit report\n\nNo security documents were found.\n', 'utf8');
    case 'docx':
      return auditDocx(reports.map((r) => r.report));
  }
}

/**
 * The commit checked out in the folder's git repository, and whether the working tree differs from
 * it; null when the folder is in no repository, git is not installed, or git does not answer in
 * time. Read through git itself (not .git files), so worktrees, packed refs and submodules work.
 */
export function gitCommit(folder: string): { commit: string; dirty: boolean } | null {
  const git = (args: string[]) =>
    execFileSync('git', ['-C', folder, ...args], { encoding: 'utf8', timeout: GIT_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' }, maxBuffer: 16 * 1024 * 1024 });
  let commit: string;
  try {
    commit = git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).trim();
  } catch {
    return null;
  }
  if (!/^[0-9a-f]{40,64}$/.test(commit)) return null;
  let dirty = false;
  try {
    dirty = git(['status', '--porcelain', '--untracked-files=no', '--', '.']).trim().length > 0;
  } catch {
    // The commit is known; whether the tree differs is not: say clean only when git said so.
    dirty = true;
  }
  return { commit, dirty };
}

let catalogFingerprint: string | undefined;

/** The catalog's edition and a fingerprint of the file this run read, so two reports can be told to rest on the same catalog. */
export function catalogVersion(): string {
  if (catalogFingerprint === undefined) {
    try {
      catalogFingerprint = createHash('sha256').update(fs.readFileSync(findCatalogFile())).digest('hex').slice(0, 12);
    } catch {
      catalogFingerprint = 'unknown';
    }
  }
  return `IEC 81001-5-1:2021 clause catalog, sha256 ${catalogFingerprint}`;
}
