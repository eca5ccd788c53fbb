// The audit report as one self-contained HTML file: no script, no reference to any other file or
// host (styles inline, the diagram as inline SVG), so it opens offline, can be mailed or archived as
// it is, and prints to PDF through its print styles. Status is a word in every cell (colour only
// repeats it, in colours with at least 4.5:1 contrast). Every text that comes from the security file
// is escaped.
import { escapeXml } from './diagramSvg';
import { STATUS_WORDS, type AuditReport, type ClauseRow, type Place, type ReportFinding, type ReportTable } from './auditReport';

// Print (PDF through a browser): Chromium clips the last pixel at the page's content edge, so a
// table 100% wide lost its right border on every page; the body keeps 2 px on each side for it.
// Paths and ids in a cell may break anywhere, so no long one can push a table past the page; prose
// keeps its words whole.
const CSS = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', Arial, sans-serif; font-size: 11pt; line-height: 1.4; color: #1a1a1a; background: #fff; margin: 2em auto; max-width: 72em; padding: 0 1.5em; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { font-size: 1.35em; border-bottom: 2px solid #1f4e79; padding-bottom: 0.15em; margin-top: 1.8em; }
h3 { font-size: 1.1em; margin-top: 1.3em; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1em; font-size: 0.92em; }
th, td { border: 1px solid #8c8c8c; padding: 0.3em 0.45em; vertical-align: top; text-align: left; overflow-wrap: break-word; }
td:first-child code { white-space: nowrap; }
.place { overflow-wrap: anywhere; }
th { background: #e8eef5; }
table.meta { width: auto; }
table.meta th { white-space: nowrap; }
code, .place { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 0.9em; }
.status { font-weight: bold; white-space: nowrap; padding: 0 0.25em; border-radius: 3px; }
.s-covered { color: #14522a; background: #e3f2e6; }
.s-tailored { color: #0b3d6b; background: #e3edf8; }
.s-pending, .s-claimed { color: #6b4200; background: #fff1d6; }
.s-missing, .s-gap, .s-open, .s-failed { color: #8a0019; background: #fde8ec; }
.s-group, .s-overview, .s-not-applicable { color: #444; background: #f0f0f0; font-weight: normal; }
tr.gap td { background: #fff5f6; }
.gapnote { color: #8a0019; font-weight: bold; }
ul.tight { margin: 0; padding-left: 1.1em; }
.diagram { overflow-x: auto; border: 1px solid #ccc; padding: 0.5em; }
.diagram svg { max-width: 100%; height: auto; }
.summary { font-size: 1.05em; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0 2px; font-size: 9.5pt; }
  table { max-width: 100%; }
  td code, td .place { overflow-wrap: anywhere; }
  h2 { break-before: page; }
  h2.first { break-before: avoid; }
  section.project + section.project { break-before: page; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
  tr, .diagram { break-inside: avoid; }
  .diagram { border: none; overflow: visible; }
  .status, tr.gap td, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** One document for one or more projects (a product line): each project is a part with its own heading and sections. */
export function auditHtml(reports: AuditReport[]): string {
  const products = [...new Set(reports.flatMap((report) => report.meta.products))];
  const title = `Security audit report — ${products.join(', ') || 'product not named'}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta name="generator" content="Clause Guide ${e(reports[0]?.meta.toolVersion ?? '')}">`,
    `<title>${e(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head><body>',
    ...(reports.length ? reports.map((report, i) => projectPart(report, reports.length > 1 ? `p${i + 1}-` : '')) : ['<h1>Security audit report</h1><p>No security documents were found.</p>']),
    '</body></html>',
  ].join('\n') + '\n';
}

function projectPart(report: AuditReport, idPrefix: string): string {
  const m = report.meta;
  const product = m.products.join(', ') || 'product not named (no document has `product:`)';
  const title = `Security audit report — ${product}`;
  const id = (name: string) => e(`${idPrefix}${name}`);
  const out: string[] = [
    `<section class="project"><h1>${e(title)}</h1>`,
    `<p>Evidence of the security activities of ${e(m.standard)} (health software product life cycle), as recorded in the project's security file.</p>`,
    '<table class="meta"><tbody>',
    metaRow('Product', product),
    metaRow('Release', m.releases.join(', ') || 'no release record'),
    metaRow('Git commit', m.commit ? `${m.commit}${m.dirty ? ' (with uncommitted changes)' : ''}` : 'none (not a git repository, or git did not answer)'),
    metaRow('Generated', m.generated),
    metaRow('Project folder', m.project),
    metaRow('Clause Guide', m.toolVersion),
    metaRow('Clause catalog', m.catalogVersion),
    '</tbody></table>',
    `<p class="summary"><strong>Coverage:</strong> ${totals(report)}. <strong>Release readiness:</strong> ${
      report.readiness.blocking ? `<span class="status s-gap">${report.readiness.blocking} ${report.readiness.blocking === 1 ? 'item blocks' : 'items block'} the release</span>` : '<span class="status s-covered">nothing blocks the release</span>'
    }.</p>`,
    `<p>Contents: <a href="#${id('coverage')}">1 Coverage</a> · <a href="#${id('tailoring')}">2 Tailoring record</a> · <a href="#${id('traceability')}">3 Traceability</a> · <a href="#${id('readiness')}">4 Release readiness</a> · <a href="#${id('architecture')}">5 Architecture</a>` +
      report.extraSections.map((section, i) => ` · <a href="#${id(section.id)}">${6 + i} ${e(section.title)}</a>`).join('') +
      ` · <a href="#${id('findings')}">${6 + report.extraSections.length} Findings</a></p>`,
  ];

  out.push(`<h2 id="${id('coverage')}" class="first">1 Coverage per clause</h2>`);
  out.push('<p>Every clause of the catalog. A clause is <em>covered</em> when content meets each of its evidence criteria and its own rules report nothing open; <em>tailored</em> by a decided, justified, approved and dated entry; <em>pending</em> when its entry is not a decision yet; <em>claimed</em> when cited or partly evidenced; <em>missing</em> otherwise. Groups and overviews are judged through their subclauses.</p>');
  for (const chapter of report.chapters) {
    out.push(`<h3>${/^[A-Z]$/.test(chapter.id) ? 'Annex' : 'Clause'} ${e(chapter.id)}${chapter.title ? ` — ${e(chapter.title)}` : ''}</h3>`);
    out.push('<table><thead><tr><th>Clause</th><th>Title</th><th>Status</th><th>Criteria met, with the evidence</th><th>Criteria unmet and other gaps</th></tr></thead><tbody>');
    for (const clause of chapter.clauses) out.push(clauseRow(clause));
    out.push('</tbody></table>');
  }

  out.push(`<h2 id="${id('tailoring')}">2 Tailoring record</h2>`);
  out.push('<h3>Approvers</h3>');
  out.push(table(['Name', 'Role', 'Security expertise', 'Record'], report.tailoring.approvers.map((a) => ({ cells: [a.name, a.role, a.expertise || 'GAP: none recorded', a.record], gap: !a.expertise })), 'No approvers listed.'));
  out.push('<h3>Entries</h3>');
  out.push(
    rawTable(
      ['Clause', 'Decision', 'Justification', 'Approved by', 'Date', 'Status', 'Where'],
      report.tailoring.entries.map((entry) => ({
        gap: !entry.decided,
        cells: [
          `§${e(entry.clause)}${entry.clauseTitle ? ` ${e(entry.clauseTitle)}` : ''}`,
          e(entry.decision || '—') + (entry.due ? `<br>due ${e(entry.due)}` : ''),
          e(entry.justification || '—'),
          e(entry.approvedBy || '—'),
          e(entry.date || '—'),
          entry.decided ? status('decided', 'covered') : `${status('PENDING', 'gap')}<br>${e(entry.problems.join('; '))}`,
          place(entry.place),
        ],
      })),
      'No tailoring entries.',
    ),
  );

  out.push(`<h2 id="${id('traceability')}">3 Traceability</h2>`);
  out.push('<h3>Threat → control → requirement → verification</h3>');
  out.push('<p>Every threat has a row; a threat no control mitigates or no requirement names is a gap row, never left out.</p>');
  out.push(
    rawTable(
      ['Threat', 'Mitigating controls', 'Requirement', 'Verification', 'Result', 'Gaps'],
      report.traceForward.map((row) => ({
        gap: row.gaps.length > 0,
        cells: [
          `<code>${e(row.threat)}</code>${row.threatTitle ? ` ${e(row.threatTitle)}` : ''}`,
          row.controls.length ? row.controls.map((c) => `<code>${e(c)}</code>`).join(', ') : gapWord('NONE'),
          row.requirement ? `<code>${e(row.requirement)}</code>` : gapWord('NONE'),
          row.verification ? `<code>${e(row.verification)}</code>` : row.requirement ? gapWord('NONE') : '—',
          e(row.result || '—'),
          gapList(row.gaps),
        ],
      })),
      'No threats in the threat model.',
    ),
  );
  out.push('<h3>Requirement → threat</h3>');
  out.push(
    rawTable(
      ['Requirement', 'Text', 'Threats', 'Verification', 'Gaps', 'Where'],
      report.traceBackward.map((row) => ({
        gap: row.gaps.length > 0,
        cells: [
          `<code>${e(row.requirement)}</code>`,
          e(row.text),
          row.threats.length ? row.threats.map((t) => `<code>${e(t.id)}</code>${t.defined ? '' : ' ' + gapWord('NOT DEFINED')}`).join(', ') : gapWord('NONE'),
          row.verification.length ? row.verification.map((v) => `<code>${e(v)}</code>`).join(', ') : gapWord('NONE'),
          gapList(row.gaps),
          place(row.place),
        ],
      })),
      'No security requirements.',
    ),
  );

  out.push(`<h2 id="${id('readiness')}">4 Release readiness (§5.8)</h2>`);
  if (!report.meta.releases.length && !report.readiness.releases.length) out.push(`<p>${gapWord('NO RELEASE RECORD')}: the release cannot be authorized (§5.8.1).</p>`);
  for (const release of report.readiness.releases) {
    out.push(`<h3>Release ${e(release.release || '(not named)')} — decision: ${e(release.decision)} <span class="place">${place(release.place)}</span></h3>`);
    out.push(`<p>${release.blocking ? `${status(`${release.blocking} blocking finding${release.blocking === 1 ? '' : 's'} in this record`, 'gap')}` : 'No blocking finding in this record.'}</p>`);
    out.push('<p><strong>Findings</strong> (open ones block the release; risk-accepted ones are listed for the auditor):</p>');
    out.push(
      rawTable(
        ['Finding', 'Source', 'Status', 'Issue', 'Where'],
        release.findings.map((f) => ({ gap: f.status === 'open', cells: [`<code>${e(f.id)}</code>`, e(f.source), status(f.status.toUpperCase(), f.status === 'open' ? 'open' : f.status === 'resolved' ? 'covered' : 'pending'), e(f.issue || '—'), place(f.place)] })),
        'No findings recorded.',
      ),
    );
    out.push('<p><strong>Activities</strong> and their records:</p>');
    out.push(
      rawTable(
        ['Clause', 'Status', 'Record', 'Where'],
        release.activities.map((a) => ({ gap: a.status === 'done' && !a.record, cells: [`§${e(a.clause)}`, e(a.status), a.record ? `<code>${e(a.record)}</code>` : gapWord('NO RECORD'), place(a.place)] })),
        'No activities recorded.',
      ),
    );
  }
  out.push('<h3>Errors elsewhere in the project (hold up every release)</h3>');
  out.push(findingsTable(report.readiness.blockingFindings, 'None.'));
  out.push('<h3>Suppressed findings, with their reasons</h3>');
  out.push(
    rawTable(
      ['Where', 'Rules', 'Reason'],
      report.readiness.suppressions.map((s) => ({ gap: !s.reason, cells: [place(s.place), s.rules.map((r) => `<code>${e(r)}</code>`).join(', ') || '—', s.reason ? e(s.reason) : gapWord('NO REASON')] })),
      'No suppressions.',
    ),
  );

  out.push(`<h2 id="${id('architecture')}">5 Security architecture (§5.3.1)</h2>`);
  const a = report.architecture;
  out.push(
    `<p>${a.zones.length} zones, ${a.boundaries.length} trust boundaries (${a.boundaries.filter((b) => !b.controls.length).length} without a control), ${a.controls.length} controls in ${a.layers.length} layers (${a.controls.filter((c) => !c.boundaries.length).length} on no boundary), ${a.threats.length} threats (${a.threats.filter((t) => !t.mitigatedBy.length).length} unmitigated)${a.modelBoundaries.length ? `; ${a.modelBoundaries.length} trust boundaries drawn in Threat Dragon models, shown as drawn (they name no zone of the architecture)` : ''}.</p>`,
  );
  out.push(`<div class="diagram">${report.diagramSvg}</div>`);

  report.extraSections.forEach((section, i) => out.push(extraSection(section, 6 + i, id(section.id))));

  out.push(`<h2 id="${id('findings')}">${6 + report.extraSections.length} Findings</h2>`);
  out.push(`<p>${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}, as <code>clause-guide check</code> reports them.</p>`);
  out.push(findingsTable(report.findings, 'No findings.'));
  out.push('</section>');
  return out.join('\n');
}

function clauseRow(clause: ClauseRow): string {
  const met = clause.criteria.filter((c) => c.met);
  const unmet = clause.criteria.filter((c) => !c.met);
  const metCell = met.length
    ? `<ul class="tight">${met.map((c) => `<li>${e(c.text)}<br>${c.where.map((w) => `${place(w)} ${e(w.what)}`).join('; ')}</li>`).join('')}</ul>`
    : clause.tailoring && clause.status === 'tailored'
      ? `tailoring entry ${place(clause.tailoring)}`
      : clause.note
        ? e(clause.note)
        : '—';
  const gaps = [...unmet.map((c) => `${c.text} Missing: ${c.missing ?? 'not met'}.`), ...clause.gaps.filter((gap) => !unmet.some((c) => gap.startsWith(c.text)))];
  const gapCell = gaps.length ? `<ul class="tight">${gaps.map((g) => `<li>${e(g)}</li>`).join('')}</ul>${clause.citations.length ? `Cited in ${clause.citations.slice(0, 3).map(place).join(', ')}` : ''}` : '—';
  const judged = !['group', 'overview', 'not-applicable'].includes(clause.status);
  const gap = judged && clause.status !== 'covered' && clause.status !== 'tailored';
  return `<tr class="clause${gap ? ' gap' : ''}" data-clause="${e(clause.id)}"><td><code>§${e(clause.id)}</code></td><td>${e(clause.title)}</td><td>${status(STATUS_WORDS[clause.status], clause.status)}</td><td>${metCell}</td><td>${gapCell}</td></tr>`;
}

function findingsTable(findings: ReportFinding[], empty: string): string {
  return rawTable(
    ['Where', 'Severity', 'Rule', 'Clause', 'Message'],
    findings.map((f) => ({ gap: f.severity === 'error', cells: [place(f), status(f.severity.toUpperCase(), f.severity === 'error' ? 'gap' : f.severity === 'warning' ? 'pending' : 'group'), `<code>${e(f.rule)}</code>`, f.clause ? `§${e(f.clause)}` : '—', e(f.message)] })),
    empty,
  );
}

function extraSection(section: ReportTable, n: number, anchor: string): string {
  return [
    `<h2 id="${anchor}">${n} ${e(section.title)}</h2>`,
    section.intro ? `<p>${e(section.intro)}</p>` : '',
    table(section.columns, section.rows, 'Nothing recorded.'),
  ].join('\n');
}

function totals(report: AuditReport): string {
  const t = report.totals;
  return `${t.covered} covered, ${t.tailored} tailored, ${t.pending} pending, ${t.claimed} claimed, ${t.missing} missing, of ${t.applicable} applicable clauses`;
}

function metaRow(label: string, value: string): string {
  return `<tr><th scope="row">${e(label)}</th><td>${e(value)}</td></tr>`;
}

/** A table of plain text cells (escaped here). */
function table(columns: string[], rows: { cells: string[]; gap?: boolean }[], empty: string): string {
  return rawTable(columns, rows.map((row) => ({ gap: row.gap, cells: row.cells.map(e) })), empty);
}

/** A table whose cells are HTML already (each built from escaped text). */
function rawTable(columns: string[], rows: { cells: string[]; gap?: boolean }[], empty: string): string {
  if (!rows.length) return `<p>${e(empty)}</p>`;
  return `<table><thead><tr>${columns.map((c) => `<th>${e(c)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr${row.gap ? ' class="gap"' : ''}>${row.cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function status(word: string, kind: string): string {
  return `<span class="status s-${e(kind)}">${e(word)}</span>`;
}

function gapWord(word: string): string {
  return `<span class="gapnote">${e(word)}</span>`;
}

function gapList(gaps: string[]): string {
  return gaps.length ? `<span class="gapnote">GAP:</span> ${e(gaps.join('; '))}` : '—';
}

function place(p: Place): string {
  return `<span class="place">${e(p.file)}:${p.line}</span>`;
}

function e(text: string): string {
  return escapeXml(text);
}
