// Output formats of `clause-guide check`: text for people, JSON for scripts, SARIF 2.1.0 for
// code-scanning uploads, JUnit XML for CI test reports, Code Climate JSON for GitLab's code quality.
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { CoverageStatus } from '../engine';
import { RULES, type Catalog, type Finding } from '../engine';

export interface ReportedFinding {
  /** Path relative to the working directory, with forward slashes. */
  file: string;
  finding: Finding;
}

/** An input the CLI could not read: the run is incomplete, and the formats that can say so do. */
export interface UnreadFile {
  /** Path relative to the working directory, with forward slashes. */
  file: string;
  reason: string;
}

export type OutputFormat = 'text' | 'json' | 'sarif' | 'junit' | 'gitlab';

export interface FindingsReport {
  toolVersion: string;
  catalog?: Catalog;
  /** The folder the findings' paths are relative to (SARIF's %SRCROOT%); default: the process's. */
  root?: string;
  unread?: UnreadFile[];
}

/** JSON stays a plain list of findings (its readers rely on that); the exit code and stderr tell of unread files. */
export function formatFindings(format: OutputFormat, findings: ReportedFinding[], report: FindingsReport): string {
  const { toolVersion, catalog, root = process.cwd(), unread = [] } = report;
  switch (format) {
    case 'json':
      return JSON.stringify(
        findings.map(({ file, finding }) => ({
          file,
          range: finding.range,
          rule: finding.rule,
          clause: finding.clause,
          severity: finding.severity,
          message: finding.message,
        })),
        null,
        2,
      );
    case 'sarif':
      return JSON.stringify(toSarif(findings, toolVersion, catalog, root, unread), null, 2);
    case 'junit':
      return toJUnit(findings, unread);
    case 'gitlab':
      return JSON.stringify(toCodeClimate(findings, unread), null, 2);
    default:
      return toText(findings, unread);
  }
}

function toText(findings: ReportedFinding[], unread: UnreadFile[]): string {
  const lines = findings.map(({ file, finding }) => {
    const { line, character } = finding.range.start;
    const clause = finding.clause ? ` §${finding.clause}` : '';
    return printable(`${file}:${line + 1}:${character + 1}: ${finding.severity} ${finding.rule}${clause}: ${finding.message}`);
  });
  const count = (severity: string) => findings.filter((f) => f.finding.severity === severity).length;
  const summary = findings.length
    ? `${findings.length} finding(s): ${count('error')} error(s), ${count('warning')} warning(s), ${count('information') + count('hint')} other`
    : unread.length
      ? 'No findings in the files read'
      : 'No findings.';
  // "No findings." over a document nobody read would read as a pass.
  const notRead = unread.length === 1 ? '1 file could not be read and is not checked' : `${unread.length} files could not be read and are not checked`;
  lines.push(unread.length ? `${summary}; ${notRead} (see above).` : summary);
  return lines.join('\n');
}

const SRCROOT = '%SRCROOT%';

/** A folder's file URI, ending in '/' as SARIF requires of a base. */
function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * Text for a terminal, one line: control characters (C0 including line breaks, DEL, C1), the
 * bidirectional controls that reorder what follows (U+202E…) and the Unicode line separators are
 * written as visible `\u001b` escapes. Messages quote documents and file names, and a raw escape
 * sequence would clear the screen, set the title, or make a line say something else.
 */
export function printable(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SARIF help for a rule: what it checks, and the clause it serves with our summary of it. */
function ruleHelp(rule: (typeof RULES)[number], catalog?: Catalog): { text: string; markdown: string } {
  const clause = rule.clause ? catalog?.get(rule.clause) : undefined;
  if (!rule.clause) return { text: rule.description, markdown: rule.description };
  const heading = clause ? `IEC 81001-5-1 §${clause.id} ${clause.title}` : `IEC 81001-5-1 §${rule.clause}`;
  const summary = clause ? `\n\n${clause.summary}` : '';
  const question = clause?.auditor_question ? `\n\n**Auditor's question:** ${clause.auditor_question}` : '';
  return { text: `${rule.description} Serves ${heading}.`, markdown: `${rule.description}\n\n**Serves ${heading}.**${summary}${question}` };
}

/**
 * A path relative to %SRCROOT% as a relative URI reference: each segment percent-encoded, so a
 * space, '#', '?', '%' or 'é' in a file name cannot turn into a fragment, a query or another file
 * (encodeURIComponent also encodes ':', which would read as a scheme in the first segment).
 */
export function relativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function toSarif(findings: ReportedFinding[], toolVersion: string, catalog: Catalog | undefined, root: string, unread: UnreadFile[]) {
  const artifact = (file: string) => ({ uri: relativeUri(file), uriBaseId: SRCROOT });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'clause-guide',
            version: toolVersion,
            informationUri: 'https://www.iso.org/standard/76097.html',
            rules: RULES.map((rule) => ({
              id: rule.name,
              name: rule.name,
              shortDescription: { text: rule.description },
              fullDescription: { text: rule.clause ? `${rule.description} (IEC 81001-5-1 §${rule.clause})` : rule.description },
              help: ruleHelp(rule, catalog),
              defaultConfiguration: { level: SARIF_LEVEL[rule.defaultSeverity] },
              properties: { clause: rule.clause, tags: ['IEC 81001-5-1', ...(rule.clause ? [`§${rule.clause}`] : [])] },
            })),
          },
        },
        // Paths are relative to the working folder; readers resolve them against its file URI.
        originalUriBaseIds: { [SRCROOT]: { uri: folderUri(root) } },
        results: findings.map(({ file, finding }) => ({
          ruleId: finding.rule,
          ruleIndex: RULES.findIndex((rule) => rule.name === finding.rule),
          level: SARIF_LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifact(file),
                // SARIF counts lines and columns from 1.
                region: {
                  startLine: finding.range.start.line + 1,
                  startColumn: finding.range.start.character + 1,
                  endLine: finding.range.end.line + 1,
                  endColumn: finding.range.end.character + 1,
                },
              },
            },
          ],
          properties: { clause: finding.clause },
        })),
        // SARIF's place for "the tool could not do all of its job": viewers show these notifications with the run.
        invocations: [
          {
            executionSuccessful: unread.length === 0,
            toolExecutionNotifications: unread.map(({ file, reason }) => ({
              level: 'error',
              message: { text: `Could not read ${file}: ${reason}. It is not checked.` },
              locations: [{ physicalLocation: { artifactLocation: artifact(file) } }],
            })),
          },
        ],
      },
    ],
  };
}

function toJUnit(findings: ReportedFinding[], unread: UnreadFile[]): string {
  const byFile = new Map<string, ReportedFinding[]>();
  for (const reported of findings) {
    const entries = byFile.get(reported.file);
    if (entries) entries.push(reported);
    else byFile.set(reported.file, [reported]);
  }
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '', // the counts, filled in below
    '',
  ];
  // An unread file is a test that could not run: JUnit's <error>, not a <failure>.
  for (const { file, reason } of unread) {
    lines.push(`    <testcase classname="${xmlAttribute(file)}" name="${xmlAttribute(`unreadable ${file}`)}"><error type="unreadable" message="${xmlAttribute(reason)}"/></testcase>`);
  }
  let failures = 0;
  for (const [file, entries] of byFile) {
    const classname = xmlAttribute(file);
    for (const { finding } of entries) {
      const name = xmlAttribute(`${finding.rule} ${file}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`);
      if (finding.severity === 'error' || finding.severity === 'warning') {
        failures++;
        lines.push(`    <testcase classname="${classname}" name="${name}"><failure type="${finding.severity}" message="${xmlAttribute(finding.message)}"/></testcase>`);
      } else {
        lines.push(`    <testcase classname="${classname}" name="${name}"/>`);
      }
    }
  }
  const counts = `tests="${findings.length + unread.length}" failures="${failures}"${unread.length ? ` errors="${unread.length}"` : ''}`;
  lines[1] = `<testsuites name="clause-guide" ${counts}>`;
  lines[2] = `  <testsuite name="clause-guide check" ${counts}>`;
  lines.push('  </testsuite>', '</testsuites>');
  return lines.join('\n');
}

/** GitLab's code-quality severities (info, minor, major, critical, blocker) for ours. */
const GITLAB_SEVERITY: Record<string, string> = { error: 'major', warning: 'minor', information: 'info', hint: 'info' };

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

/**
 * The subset of Code Climate's issue format that GitLab's code-quality report reads
 * (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format). GitLab tells new
 * from fixed issues between a merge request and its target by the fingerprint, so it must not
 * move with the line: it hashes the rule, the file and the message (which names the ids), and
 * the count of the same three before it when one file has several alike. An unread file is an
 * issue too (GitLab has no place for "the tool could not do its job"), so the widget shows it.
 */
function toCodeClimate(findings: ReportedFinding[], unread: UnreadFile[]): CodeQualityIssue[] {
  const seen = new Map<string, number>();
  const issue = (checkName: string, file: string, description: string, severity: string, line: number): CodeQualityIssue => {
    const key = `${checkName}\0${file}\0${description}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const fingerprint = createHash('sha256').update(`${key}\0${occurrence}`).digest('hex').slice(0, 32);
    return { description, check_name: checkName, fingerprint, severity, location: { path: file, lines: { begin: line } } };
  };
  const ordered = [...findings].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.finding.range.start.line - b.finding.range.start.line || a.finding.range.start.character - b.finding.range.start.character));
  return [
    ...unread.map(({ file, reason }) => issue('unreadable-file', file, `Could not read ${file}: ${reason}. It is not checked.`, 'critical', 1)),
    ...ordered.map(({ file, finding }) =>
      issue(finding.rule, file, finding.message, GITLAB_SEVERITY[finding.severity], finding.range.start.line + 1),
    ),
  ];
}

/**
 * Text as an XML 1.0 attribute value. Markup characters become entities; tab and line breaks
 * become character references (a parser would turn raw ones into spaces). What XML 1.0 cannot
 * hold at all, even as a reference (other C0 controls, lone surrogates, U+FFFE/U+FFFF), and the
 * C1 controls, are written as visible `\u001b` text, so the report stays well-formed and shows
 * what the document held. (fast-xml-parser's XMLBuilder escapes markup only, so it would not do.)
 */
export function xmlAttribute(text: string): string {
  return text.replace(XML_ATTRIBUTE_UNSAFE, (char) => XML_ENTITIES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// One match per unsafe UTF-16 unit: markup, C0/C1 controls, U+FFFE/U+FFFF, and a surrogate that is not half of a pair.
const XML_ATTRIBUTE_UNSAFE = /[&<>"\u0000-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

export interface ReportedCoverage {
  /** The project's root, relative to the working directory. */
  project: string;
  clauses: {
    clause: string;
    title: string;
    status: CoverageStatus;
    /** Each evidence criterion: met or not, where (file:line and what), and what is missing. */
    criteria: { criterion: string; met: boolean; where: string[]; missing?: string }[];
    /** What keeps the clause from covered or tailored. */
    gaps: string[];
    /** Where the clause is cited (a claim, not evidence). */
    citations: string[];
    evidence: string[];
    tailoring?: string;
  }[];
}

const STATUS_ORDER: readonly CoverageStatus[] = ['covered', 'tailored', 'pending', 'claimed', 'missing'];

export function formatCoverage(format: 'text' | 'json' | 'md', reports: ReportedCoverage[]): string {
  if (format === 'json') return JSON.stringify(reports, null, 2);
  const blocks = reports.map((report) => {
    const count = (status: string) => report.clauses.filter((c) => c.status === status).length;
    const total = `${STATUS_ORDER.map((status) => `${count(status)} ${status}`).join(', ')} of ${report.clauses.length} applicable clauses`;
    const where = (c: ReportedCoverage['clauses'][number]) => {
      if (c.status === 'tailored') return printable(c.tailoring ?? '');
      if (c.status !== 'covered') return printable(c.gaps[0] ?? '');
      return printable(c.evidence.slice(0, 3).join(', ') + (c.evidence.length > 3 ? ` (+${c.evidence.length - 3})` : ''));
    };
    if (format === 'md') {
      return [
        `## Coverage of IEC 81001-5-1 — ${report.project}`,
        '',
        `${total}.`,
        '',
        '| Clause | Title | Status | Evidence or gap |',
        '|---|---|---|---|',
        ...report.clauses.map((c) => `| §${c.clause} | ${mdCell(c.title)} | ${c.status} | ${mdCell(where(c))} |`),
      ].join('\n');
    }
    const width = Math.max(...report.clauses.map((c) => c.clause.length + c.title.length)) + 3;
    return [
      `Coverage of IEC 81001-5-1 — ${report.project}`,
      ...report.clauses.map((c) => `  §${`${c.clause} ${c.title}`.padEnd(width)} ${c.status.padEnd(8)} ${where(c)}`.trimEnd()),
      `  ${total}.`,
    ].join('\n');
  });
  return blocks.length ? blocks.join('\n\n') : 'No security documents found.';
}

/** A Markdown table cell: one line, pipes escaped. */
function mdCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}
