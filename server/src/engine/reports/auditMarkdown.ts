// The audit report as Markdown: the same sections and rows as the HTML, for a repository's docs or a
// merge request. The diagram is inline SVG (renderers that allow HTML draw it) followed by its
// Mermaid source in a fence (code hosts that strip SVG draw that). Text from the security file is
// escaped so it can neither break a table nor become HTML.
import { STATUS_WORDS, type AuditReport, type Place, type ReportFinding } from './auditReport';

export function auditMarkdown(report: AuditReport, mermaid?: string): string {
  const m = report.meta;
  const product = m.products.join(', ') || 'product not named (no document has `product:`)';
  const out: string[] = [
    `# Security audit report — ${inline(product)}`,
    '',
    `Evidence of the security activities of ${m.standard}, as recorded in the project's security file.`,
    '',
    '| | |',
    '|---|---|',
    `| Product | ${cell(product)} |`,
    `| Release | ${cell(m.releases.join(', ') || 'no release record')} |`,
    `| Git commit | ${cell(m.commit ? `${m.commit}${m.dirty ? ' (with uncommitted changes)' : ''}` : 'none (not a git repository, or git did not answer)')} |`,
    `| Generated | ${cell(m.generated)} |`,
    `| Project folder | ${cell(m.project)} |`,
    `| Clause Guide | ${cell(m.toolVersion)} |`,
    `| Clause catalog | ${cell(m.catalogVersion)} |`,
    '',
    `**Coverage:** ${report.totals.covered} covered, ${report.totals.tailored} tailored, ${report.totals.pending} pending, ${report.totals.claimed} claimed, ${report.totals.missing} missing, of ${report.totals.applicable} applicable clauses. ` +
      `**Release readiness:** ${report.readiness.blocking ? `BLOCKED: ${report.readiness.blocking} ${report.readiness.blocking === 1 ? 'item blocks' : 'items block'} the release` : 'nothing blocks the release'}.`,
    '',
    '## 1 Coverage per clause',
    '',
  ];
  for (const chapter of report.chapters) {
    out.push(`### ${/^[A-Z]$/.test(chapter.id) ? 'Annex' : 'Clause'} ${chapter.id}${chapter.title ? ` — ${inline(chapter.title)}` : ''}`, '');
    out.push('| Clause | Title | Status | Criteria met, with the evidence | Criteria unmet and other gaps |', '|---|---|---|---|---|');
    for (const clause of chapter.clauses) {
      const met = clause.criteria.filter((c) => c.met).map((c) => `${c.text} (${c.where.map((w) => `${place(w)} ${w.what}`).join('; ')})`);
      const unmet = clause.criteria.filter((c) => !c.met).map((c) => `${c.text} Missing: ${c.missing ?? 'not met'}.`);
      const other = clause.gaps.filter((gap) => !clause.criteria.some((c) => !c.met && gap.startsWith(c.text)));
      const metText = met.length ? met.join('<br>') : clause.status === 'tailored' && clause.tailoring ? `tailoring entry ${place(clause.tailoring)}` : (clause.note ?? '—');
      const gapText = [...unmet, ...other].join('<br>') || '—';
      out.push(`| §${clause.id} | ${cell(clause.title)} | **${STATUS_WORDS[clause.status]}** | ${cellKeepBreaks(metText)} | ${cellKeepBreaks(gapText)} |`);
    }
    out.push('');
  }

  out.push('## 2 Tailoring record', '', '### Approvers', '');
  out.push(...table(['Name', 'Role', 'Security expertise', 'Record'], report.tailoring.approvers.map((a) => [a.name, a.role, a.expertise || 'GAP: none recorded', a.record]), 'No approvers listed.'));
  out.push('### Entries', '');
  out.push(
    ...table(
      ['Clause', 'Decision', 'Justification', 'Approved by', 'Date', 'Status', 'Where'],
      report.tailoring.entries.map((t) => [`§${t.clause} ${t.clauseTitle}`.trim(), t.due ? `${t.decision || '—'} (due ${t.due})` : t.decision || '—', t.justification || '—', t.approvedBy || '—', t.date || '—', t.decided ? 'decided' : `PENDING: ${t.problems.join('; ')}`, place(t.place)]),
      'No tailoring entries.',
    ),
  );

  out.push('## 3 Traceability', '', '### Threat → control → requirement → verification', '');
  out.push(
    ...table(
      ['Threat', 'Mitigating controls', 'Requirement', 'Verification', 'Result', 'Gaps'],
      report.traceForward.map((r) => [`${r.threat} ${r.threatTitle}`.trim(), r.controls.join(', ') || 'NONE', r.requirement || 'NONE', r.verification || (r.requirement ? 'NONE' : '—'), r.result || '—', r.gaps.length ? `GAP: ${r.gaps.join('; ')}` : '—']),
      'No threats in the threat model.',
    ),
  );
  out.push('### Requirement → threat', '');
  out.push(
    ...table(
      ['Requirement', 'Text', 'Threats', 'Verification', 'Gaps', 'Where'],
      report.traceBackward.map((r) => [r.requirement, r.text, r.threats.map((t) => (t.defined ? t.id : `${t.id} (NOT DEFINED)`)).join(', ') || 'NONE', r.verification.join(', ') || 'NONE', r.gaps.length ? `GAP: ${r.gaps.join('; ')}` : '—', place(r.place)]),
      'No security requirements.',
    ),
  );

  out.push('## 4 Release readiness (§5.8)', '');
  if (!report.readiness.releases.length) out.push('NO RELEASE RECORD: the release cannot be authorized (§5.8.1).', '');
  for (const release of report.readiness.releases) {
    out.push(`### Release ${inline(release.release || '(not named)')} — decision: ${inline(release.decision)} (${place(release.place)})`, '');
    out.push(release.blocking ? `${release.blocking} blocking finding${release.blocking === 1 ? '' : 's'} in this record.` : 'No blocking finding in this record.', '');
    out.push(...table(['Finding', 'Source', 'Status', 'Issue', 'Where'], release.findings.map((f) => [f.id, f.source, f.status.toUpperCase(), f.issue || '—', place(f.place)]), 'No findings recorded.'));
    out.push(...table(['Activity clause', 'Status', 'Record', 'Where'], release.activities.map((a) => [`§${a.clause}`, a.status, a.record || 'NO RECORD', place(a.place)]), 'No activities recorded.'));
  }
  out.push('### Errors elsewhere in the project (hold up every release)', '');
  out.push(...findingsTable(report.readiness.blockingFindings, 'None.'));
  out.push('### Suppressed findings, with their reasons', '');
  out.push(...table(['Where', 'Rules', 'Reason'], report.readiness.suppressions.map((s) => [place(s.place), s.rules.join(', ') || '—', s.reason || 'NO REASON']), 'No suppressions.'));

  out.push('## 5 Security architecture (§5.3.1)', '');
  out.push(`<div class="diagram">\n${report.diagramSvg.replace(/\n+/g, ' ')}\n</div>`, '');
  if (mermaid) out.push('The same zones and boundaries as Mermaid source:', '', '```mermaid', mermaid.trimEnd(), '```', '');

  report.extraSections.forEach((section, i) => {
    out.push(`## ${6 + i} ${inline(section.title)}`, '');
    if (section.intro) out.push(inline(section.intro), '');
    out.push(...table(section.columns, section.rows.map((row) => row.cells), 'Nothing recorded.'));
  });
  out.push(`## ${6 + report.extraSections.length} Findings`, '');
  out.push(...findingsTable(report.findings, 'No findings.'));
  return out.join('\n').trimEnd() + '\n';
}

function findingsTable(findings: ReportFinding[], empty: string): string[] {
  return table(['Where', 'Severity', 'Rule', 'Clause', 'Message'], findings.map((f) => [place(f), f.severity.toUpperCase(), f.rule, f.clause ? `§${f.clause}` : '—', f.message]), empty);
}

function table(columns: string[], rows: string[][], empty: string): string[] {
  if (!rows.length) return [inline(empty), ''];
  return [`| ${columns.map(cell).join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`), ''];
}

function place(p: Place): string {
  return `${p.file}:${p.line}`;
}

/** Text in a table cell: one line, pipes escaped, no HTML. */
function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}

/** A cell whose `<br>` separators are ours (the parts are escaped first). */
function cellKeepBreaks(text: string): string {
  return text
    .split('<br>')
    .map(cell)
    .join('<br>');
}

/** Text on one line with Markdown's and HTML's special characters made literal. */
function inline(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]])/g, '\\$1');
}
