// Output formats of `clause-guide check`: text for people, JSON for scripts, SARIF 2.1.0 for
// code-scanning uploads, JUnit XML for CI test reports.
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

export type OutputFormat = 'text' | 'json' | 'sarif' | 'junit';

/** JSON stays a plain list of findings (its readers rely on that); the exit code and stderr tell of unread files. */
export function formatFindings(format: OutputFormat, findings: ReportedFinding[], toolVersion: string, catalog?: Catalog, unread: UnreadFile[] = []): string {
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
      return JSON.stringify(toSarif(findings, toolVersion, catalog, unread), null, 2);
    case 'junit':
      return toJUnit(findings, unread);
    default:
      return toText(findings, unread);
  }
}

function toText(findings: ReportedFinding[], unread: UnreadFile[]): string {
  const lines = findings.map(({ file, finding }) => {
    const { line, character } = finding.range.start;
    const clause = finding.clause ? ` §${finding.clause}` : '';
    return `${file}:${line + 1}:${character + 1}: ${finding.severity} ${finding.rule}${clause}: ${finding.message}`;
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

function toSarif(findings: ReportedFinding[], toolVersion: string, catalog?: Catalog, unread: UnreadFile[] = []) {
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
        results: findings.map(({ file, finding }) => ({
          ruleId: finding.rule,
          ruleIndex: RULES.findIndex((rule) => rule.name === finding.rule),
          level: SARIF_LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: file },
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
              locations: [{ physicalLocation: { artifactLocation: { uri: file } } }],
            })),
          },
        ],
      },
    ],
  };
}

function toJUnit(findings: ReportedFinding[], unread: UnreadFile[]): string {
  const escape = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const byFile = new Map<string, ReportedFinding[]>();
  for (const reported of findings) byFile.set(reported.file, [...(byFile.get(reported.file) ?? []), reported]);
  const cases = [...byFile].flatMap(([file, entries]) =>
    entries.map(({ finding }) => {
      const name = `${finding.rule} ${file}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
      const failure = finding.severity === 'error' || finding.severity === 'warning';
      return failure
        ? `    <testcase classname="${escape(file)}" name="${escape(name)}"><failure type="${finding.severity}" message="${escape(finding.message)}"/></testcase>`
        : `    <testcase classname="${escape(file)}" name="${escape(name)}"/>`;
    }),
  );
  // An unread file is a test that could not run: JUnit's <error>, not a <failure>.
  const errors = unread.map(({ file, reason }) => `    <testcase classname="${escape(file)}" name="${escape(`unreadable ${file}`)}"><error type="unreadable" message="${escape(reason)}"/></testcase>`);
  const failures = findings.filter((f) => f.finding.severity === 'error' || f.finding.severity === 'warning').length;
  const counts = `tests="${findings.length + unread.length}" failures="${failures}"${unread.length ? ` errors="${unread.length}"` : ''}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="clause-guide" ${counts}>`,
    `  <testsuite name="clause-guide check" ${counts}>`,
    ...errors,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
}

export interface ReportedCoverage {
  /** The project's root, relative to the working directory. */
  project: string;
  clauses: { clause: string; title: string; status: 'covered' | 'tailored' | 'missing'; evidence: string[]; tailoring?: string }[];
}

export function formatCoverage(format: 'text' | 'json' | 'md', reports: ReportedCoverage[]): string {
  if (format === 'json') return JSON.stringify(reports, null, 2);
  const blocks = reports.map((report) => {
    const count = (status: string) => report.clauses.filter((c) => c.status === status).length;
    const total = `${count('covered')} covered, ${count('tailored')} tailored, ${count('missing')} missing of ${report.clauses.length} applicable clauses`;
    const where = (c: ReportedCoverage['clauses'][number]) => (c.status === 'tailored' ? c.tailoring ?? '' : c.evidence.slice(0, 3).join(', ') + (c.evidence.length > 3 ? ` (+${c.evidence.length - 3})` : ''));
    if (format === 'md') {
      return [
        `## Coverage of IEC 81001-5-1 — ${report.project}`,
        '',
        `${total}.`,
        '',
        '| Clause | Title | Status | Where |',
        '|---|---|---|---|',
        ...report.clauses.map((c) => `| §${c.clause} | ${c.title} | ${c.status} | ${where(c)} |`),
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
