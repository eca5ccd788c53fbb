// Hover on a clause reference: the clause as an auditor-minded reader needs it.
import type { Catalog, Clause } from './catalog';
import type { ClauseReference } from './clauseReferences';
import type { ParsedDocument } from './document';
import { plainText } from './markdown';
import { nearestClauseIds } from './nearest';
import type { OfficialText } from './officialText';
import { containsPosition } from './text';
import type { Position, Range } from './types';

export interface HoverResult {
  /** Markdown. */
  contents: string;
  range: Range;
}

export function clauseReferenceAt(document: ParsedDocument, position: Position): ClauseReference | undefined {
  return document.clauseReferences.find((reference) => containsPosition(reference.fullRange, position));
}

export function hoverAt(
  document: ParsedDocument,
  position: Position,
  catalog: Catalog,
  officialText?: OfficialText,
): HoverResult | null {
  const reference = clauseReferenceAt(document, position);
  if (!reference) return null;
  const clause = catalog.get(reference.id);
  if (!clause) {
    const suggestions = nearestClauseIds(catalog, reference.id).map((id) => `\`${id}\` ${catalog.get(id)!.title}`);
    return {
      contents: `**${plainText(reference.id)}** is not a clause of IEC 81001-5-1:2021.\n\nDid you mean: ${suggestions.join(' · ')}?`,
      range: reference.fullRange,
    };
  }
  return { contents: renderClauseMarkdown(clause, catalog, officialText), range: reference.fullRange };
}

const GAP_ICONS: Record<string, string> = { error: '⛔', warning: '⚠️', information: 'ℹ️' };

/** The clause as Markdown: used by hover, completion details and the clause view of Find Clause. */
export function renderClauseMarkdown(clause: Clause, catalog: Catalog, officialText?: OfficialText): string {
  const parts: string[] = [];
  const parent = clause.parent ? catalog.get(clause.parent) : undefined;
  parts.push(`**IEC 81001-5-1 §${clause.id} — ${clause.title}**`);
  if (parent) parts.push(`*in §${parent.id} ${parent.title}*`);
  parts.push(clause.summary.trim());
  if (clause.status === 'informative') parts.push('*Informative: gaps here are recommendations, not nonconformities.*');
  if (clause.applies_to === 'transitional') parts.push('*Applies only to a product declared transitional health software (Annex F).*');
  if (clause.checks?.length) {
    parts.push(`**What Clause Guide checks**\n\n${clause.checks.map((check) => `- ${check.text} — \`${check.rule}\``).join('\n')}`);
  }
  if (clause.must_show?.length) {
    parts.push(`**What you must show** *(no rule can check these)*\n\n${clause.must_show.map((line) => `- ${line}`).join('\n')}`);
  }
  if (clause.common_gaps?.length) {
    parts.push(
      `**Common gaps**\n\n${clause.common_gaps.map((g) => `- ${GAP_ICONS[g.severity] ?? ''} ${g.gap} *(${g.severity})*`).join('\n')}`,
    );
  }
  if (clause.auditor_question) parts.push(`**Auditor's question:** ${clause.auditor_question}`);
  const facts: string[] = [];
  if (clause.related?.length) facts.push(`Related: ${clause.related.join(', ')}`);
  facts.push(`IEC 62443-4-1: ${annexDMapping(clause)}`);
  facts.push(`Phase: ${clause.phase}`);
  if (clause.evidence.length) facts.push(`Evidence: ${clause.evidence.map((kind) => `\`${kind}\``).join(', ')}`);
  parts.push(facts.join(' · '));
  const official = officialText?.get(clause.id);
  if (official) parts.push(`---\n\n**Official text** *(from your licensed copy)*\n\n${official}`);
  else if (!clause.checks?.length && !clause.must_show?.length) {
    // Nothing more in our catalog: say where the authoritative text comes from.
    parts.push('*Summary in our own words. Set `clauseGuide.clauseTextFile` to show the official text from your copy of the standard.*');
  }
  return parts.join('\n\n');
}

/** The Annex D line: the practices, whether they are our reading of a group's mapping, or that Annex D does not list the clause. */
export function annexDMapping(clause: Clause): string {
  if (clause.annex_d_listed === false) return 'not listed in Annex D';
  if (!clause.iec62443_4_1.length) return 'none';
  const practices = clause.iec62443_4_1.join(', ');
  return clause.iec62443_4_1_inferred ? `${practices} (inferred from the mapping of §${clause.parent})` : practices;
}
