// The audit report as a Word document (.docx), made with the `docx` library: real headings (so
// Word's navigation pane and table of contents work), real tables, editable text, and the
// architecture diagram as an image. The image is the report's SVG; Word 2016 and later draw the
// SVG itself, older readers the PNG beside it, rendered here without a browser by resvg
// (@resvg/resvg-js, a native build per platform that installs with no install script). Where that
// native build cannot load (the .vsix ships no node_modules), the PNG is a blank pixel and the
// document says so under the image.
import type * as Docx from 'docx';
import type { HeadingLevel, Paragraph, Table } from 'docx';
import { STATUS_WORDS, type AuditReport, type Place, type ReportFinding } from '../engine';

/**
 * The docx library, loaded by the first Word report: it is large, and `check` or the language server
 * should not pay for it at start (the bundles keep it in dist/vendor/docx.js; see esbuild.mjs).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const docx = (): typeof Docx => require('docx');
let D: typeof Docx;

/** A 1×1 white PNG: the fallback when no rasterizer is at hand. */
const BLANK_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==', 'base64');

/** The widest the diagram is drawn on an A4 page with normal margins, in pixels at 96 dpi. */
const MAX_IMAGE_WIDTH = 620;

export interface DocxOptions {
  /** Renders SVG to PNG; default: resvg when it loads. Tests pass their own to check the fallback. */
  rasterize?: (svg: string) => Buffer | undefined;
}

export async function auditDocx(reports: AuditReport[], options: DocxOptions = {}): Promise<Buffer> {
  D ??= docx();
  const rasterize = options.rasterize ?? rasterizeWithResvg;
  const children: (Paragraph | Table)[] = [];
  for (const report of reports) children.push(...projectPart(report, rasterize));
  if (!reports.length) children.push(heading('Security audit report', D.HeadingLevel.TITLE), para('No security documents were found.'));
  const document = new D.Document({
    creator: 'Clause Guide',
    title: `Security audit report — ${[...new Set(reports.flatMap((r) => r.meta.products))].join(', ') || 'product not named'}`,
    description: 'IEC 81001-5-1 evidence report made by Clause Guide',
    styles: { default: { document: { run: { font: 'Calibri', size: 20 } } } },
    sections: [{ children }],
  });
  return D.Packer.toBuffer(document);
}

function projectPart(report: AuditReport, rasterize: (svg: string) => Buffer | undefined): (Paragraph | Table)[] {
  const m = report.meta;
  const product = m.products.join(', ') || 'product not named (no document has `product:`)';
  const out: (Paragraph | Table)[] = [
    heading(`Security audit report — ${product}`, D.HeadingLevel.TITLE),
    para(`Evidence of the security activities of ${m.standard}, as recorded in the project's security file.`),
    table(
      ['Field', 'Value'],
      [
        ['Product', product],
        ['Release', m.releases.join(', ') || 'no release record'],
        ['Git commit', m.commit ? `${m.commit}${m.dirty ? ' (with uncommitted changes)' : ''}` : 'none (not a git repository, or git did not answer)'],
        ['Generated', m.generated],
        ['Project folder', m.project],
        ['Clause Guide', m.toolVersion],
        ['Clause catalog', m.catalogVersion],
      ].map((cells) => ({ cells })),
    ),
    para(
      `Coverage: ${report.totals.covered} covered, ${report.totals.tailored} tailored, ${report.totals.pending} pending, ${report.totals.claimed} claimed, ${report.totals.missing} missing, of ${report.totals.applicable} applicable clauses. ` +
        `Release readiness: ${report.readiness.blocking ? `BLOCKED: ${report.readiness.blocking} ${report.readiness.blocking === 1 ? 'item blocks' : 'items block'} the release` : 'nothing blocks the release'}.`,
    ),
  ];

  out.push(heading('1 Coverage per clause', D.HeadingLevel.HEADING_1));
  for (const chapter of report.chapters) {
    out.push(heading(`${/^[A-Z]$/.test(chapter.id) ? 'Annex' : 'Clause'} ${chapter.id}${chapter.title ? ` — ${chapter.title}` : ''}`, D.HeadingLevel.HEADING_2));
    out.push(
      table(
        ['Clause', 'Title', 'Status', 'Criteria met, with the evidence', 'Criteria unmet and other gaps'],
        chapter.clauses.map((clause) => {
          const met = clause.criteria.filter((c) => c.met).map((c) => `${c.text} (${c.where.map((w) => `${place(w)} ${w.what}`).join('; ')})`);
          const unmet = clause.criteria.filter((c) => !c.met).map((c) => `${c.text} Missing: ${c.missing ?? 'not met'}.`);
          const other = clause.gaps.filter((gap) => !clause.criteria.some((c) => !c.met && gap.startsWith(c.text)));
          const judged = !['group', 'overview', 'not-applicable'].includes(clause.status);
          return {
            gap: judged && clause.status !== 'covered' && clause.status !== 'tailored',
            cells: [
              `§${clause.id}`,
              clause.title,
              STATUS_WORDS[clause.status],
              met.join('\n') || (clause.status === 'tailored' && clause.tailoring ? `tailoring entry ${place(clause.tailoring)}` : (clause.note ?? '—')),
              [...unmet, ...other].join('\n') || '—',
            ],
          };
        }),
      ),
    );
  }

  out.push(heading('2 Tailoring record', D.HeadingLevel.HEADING_1), heading('Approvers', D.HeadingLevel.HEADING_2));
  out.push(orNone(table(['Name', 'Role', 'Security expertise', 'Record'], report.tailoring.approvers.map((a) => ({ gap: !a.expertise, cells: [a.name, a.role, a.expertise || 'GAP: none recorded', a.record] }))), report.tailoring.approvers.length, 'No approvers listed.'));
  out.push(heading('Entries', D.HeadingLevel.HEADING_2));
  out.push(
    orNone(
      table(
        ['Clause', 'Decision', 'Justification', 'Approved by', 'Date', 'Status', 'Where'],
        report.tailoring.entries.map((t) => ({
          gap: !t.decided,
          cells: [`§${t.clause} ${t.clauseTitle}`.trim(), t.due ? `${t.decision || '—'} (due ${t.due})` : t.decision || '—', t.justification || '—', t.approvedBy || '—', t.date || '—', t.decided ? 'decided' : `PENDING: ${t.problems.join('; ')}`, place(t.place)],
        })),
      ),
      report.tailoring.entries.length,
      'No tailoring entries.',
    ),
  );

  out.push(heading('3 Traceability', D.HeadingLevel.HEADING_1), heading('Threat → control → requirement → verification', D.HeadingLevel.HEADING_2));
  out.push(
    orNone(
      table(
        ['Threat', 'Mitigating controls', 'Requirement', 'Verification', 'Result', 'Gaps'],
        report.traceForward.map((r) => ({
          gap: r.gaps.length > 0,
          cells: [`${r.threat} ${r.threatTitle}`.trim(), r.controls.join(', ') || 'NONE', r.requirement || 'NONE', r.verification || (r.requirement ? 'NONE' : '—'), r.result || '—', r.gaps.length ? `GAP: ${r.gaps.join('; ')}` : '—'],
        })),
      ),
      report.traceForward.length,
      'No threats in the threat model.',
    ),
  );
  out.push(heading('Requirement → threat', D.HeadingLevel.HEADING_2));
  out.push(
    orNone(
      table(
        ['Requirement', 'Text', 'Threats', 'Verification', 'Gaps', 'Where'],
        report.traceBackward.map((r) => ({
          gap: r.gaps.length > 0,
          cells: [r.requirement, r.text, r.threats.map((t) => (t.defined ? t.id : `${t.id} (NOT DEFINED)`)).join(', ') || 'NONE', r.verification.join(', ') || 'NONE', r.gaps.length ? `GAP: ${r.gaps.join('; ')}` : '—', place(r.place)],
        })),
      ),
      report.traceBackward.length,
      'No security requirements.',
    ),
  );

  out.push(heading('4 Release readiness (§5.8)', D.HeadingLevel.HEADING_1));
  if (!report.readiness.releases.length) out.push(para('NO RELEASE RECORD: the release cannot be authorized (§5.8.1).'));
  for (const release of report.readiness.releases) {
    out.push(heading(`Release ${release.release || '(not named)'} — decision: ${release.decision} (${place(release.place)})`, D.HeadingLevel.HEADING_2));
    out.push(para(release.blocking ? `${release.blocking} blocking finding${release.blocking === 1 ? '' : 's'} in this record.` : 'No blocking finding in this record.'));
    out.push(orNone(table(['Finding', 'Source', 'Status', 'Issue', 'Where'], release.findings.map((f) => ({ gap: f.status === 'open', cells: [f.id, f.source, f.status.toUpperCase(), f.issue || '—', place(f.place)] }))), release.findings.length, 'No findings recorded.'));
    out.push(orNone(table(['Activity clause', 'Status', 'Record', 'Where'], release.activities.map((a) => ({ gap: a.status === 'done' && !a.record, cells: [`§${a.clause}`, a.status, a.record || 'NO RECORD', place(a.place)] }))), release.activities.length, 'No activities recorded.'));
  }
  out.push(heading('Errors elsewhere in the project (hold up every release)', D.HeadingLevel.HEADING_2));
  out.push(findingsTable(report.readiness.blockingFindings, 'None.'));
  out.push(heading('Suppressed findings, with their reasons', D.HeadingLevel.HEADING_2));
  out.push(orNone(table(['Where', 'Rules', 'Reason'], report.readiness.suppressions.map((s) => ({ gap: !s.reason, cells: [place(s.place), s.rules.join(', ') || '—', s.reason || 'NO REASON'] }))), report.readiness.suppressions.length, 'No suppressions.'));

  out.push(heading('5 Security architecture (§5.3.1)', D.HeadingLevel.HEADING_1));
  out.push(...diagram(report.diagramSvg, rasterize));

  report.extraSections.forEach((section, i) => {
    out.push(heading(`${6 + i} ${section.title}`, D.HeadingLevel.HEADING_1));
    if (section.intro) out.push(para(section.intro));
    out.push(orNone(table(section.columns, section.rows), section.rows.length, 'Nothing recorded.'));
  });
  out.push(heading(`${6 + report.extraSections.length} Findings`, D.HeadingLevel.HEADING_1));
  out.push(findingsTable(report.findings, 'No findings.'));
  return out;
}

function diagram(svg: string, rasterize: (svg: string) => Buffer | undefined): Paragraph[] {
  const size = /width="(\d+)" height="(\d+)"/.exec(svg);
  const [width, height] = size ? [Number(size[1]), Number(size[2])] : [800, 600];
  const scale = Math.min(1, MAX_IMAGE_WIDTH / width);
  const png = rasterize(svg);
  const image = new D.ImageRun({
    type: 'svg',
    data: Buffer.from(svg, 'utf8'),
    fallback: { type: 'png', data: png ?? BLANK_PNG },
    transformation: { width: Math.round(width * scale), height: Math.round(height * scale) },
    altText: { name: 'architecture', title: 'Security architecture diagram', description: 'Zones, trust boundaries with their controls, controls by layer, and the threats they mitigate.' },
  });
  const out = [new D.Paragraph({ alignment: D.AlignmentType.CENTER, children: [image] })];
  if (!png) out.push(para('This copy of Clause Guide could not render the diagram as PNG (@resvg/resvg-js did not load), so Word before 2016 shows a blank image here; the HTML report has the same diagram.'));
  return out;
}

/** SVG → PNG at twice the size (sharp in print), or undefined when resvg is not installed for this platform. */
export function rasterizeWithResvg(svg: string): Buffer | undefined {
  let Resvg: typeof import('@resvg/resvg-js').Resvg;
  try {
    // Loaded when needed: a native module, absent from the bundled extension.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js'));
  } catch {
    return undefined;
  }
  return new Resvg(svg, { background: '#ffffff', fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans Mono' } }).render().asPng();
}

function findingsTable(findings: ReportFinding[], empty: string): Paragraph | Table {
  return orNone(table(['Where', 'Severity', 'Rule', 'Clause', 'Message'], findings.map((f) => ({ gap: f.severity === 'error', cells: [place(f), f.severity.toUpperCase(), f.rule, f.clause ? `§${f.clause}` : '—', f.message] }))), findings.length, empty);
}

function orNone(content: Table, count: number, empty: string): Paragraph | Table {
  return count ? content : para(empty);
}

function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]): Paragraph {
  return new D.Paragraph({ text, heading: level });
}

function para(text: string): Paragraph {
  return new D.Paragraph({ children: [new D.TextRun(clean(text))] });
}

/** A table with a header row repeated on each page; gap rows shaded (their text says GAP, MISSING, … too). */
function table(columns: string[], rows: { cells: string[]; gap?: boolean }[]): Table {
  const header = new D.TableRow({
    tableHeader: true,
    children: columns.map((column) => new D.TableCell({ shading: { type: D.ShadingType.CLEAR, fill: 'E8EEF5', color: 'auto' }, children: [new D.Paragraph({ children: [new D.TextRun({ text: column, bold: true })] })] })),
  });
  const body = rows.map(
    (row) =>
      new D.TableRow({
        cantSplit: true,
        children: row.cells.map(
          (cell) =>
            new D.TableCell({
              ...(row.gap ? { shading: { type: D.ShadingType.CLEAR, fill: 'FFF0F2', color: 'auto' } } : {}),
              children: clean(cell)
                .split('\n')
                .map((line) => new D.Paragraph({ children: [new D.TextRun(line)] })),
            }),
        ),
      }),
  );
  return new D.Table({ width: { size: 100, type: D.WidthType.PERCENTAGE }, rows: [header, ...body] });
}

function place(p: Place): string {
  return `${p.file}:${p.line}`;
}

/** XML 1.0 cannot hold most control characters: a document with one would not open. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}
