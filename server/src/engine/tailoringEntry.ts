// When a tailoring entry is a decision an auditor accepts: it is decided (a decision of the record's
// vocabulary), justified (a reason, not a placeholder or a stock phrase such as "not relevant"),
// approved by a listed approver whose security expertise is recorded, and dated; a deferral also
// says by when (`due`), and once that day has passed it is no decision any more (given today's
// date by the host). Anything less is pending: a plan, not a decision. Coverage, the rules and the
// release gate read entries through this one judgement.
import type { ModelItem } from './model';
import { isPlaceholderText } from './placeholder';
import { TAILORING_DECISIONS } from './schema';

/** A justification that could be written under any clause says nothing about this one. */
const STOCK_JUSTIFICATIONS = new Set([
  'not relevant',
  'not applicable',
  'irrelevant',
  'does not apply',
  'doesn\'t apply',
  'not needed',
  'not required',
  'none',
  'no',
  'n.a',
  'out of scope',
  'see above',
  'as above',
  'same as above',
]);

/** Whether a justification is a placeholder or a stock phrase rather than a reason. */
export function isEmptyJustification(text: string): boolean {
  if (isPlaceholderText(text)) return true;
  const phrase = text.trim().toLowerCase().replace(/[.!;:,]+$/, '').replace(/\s+/g, ' ');
  return STOCK_JUSTIFICATIONS.has(phrase);
}

/** An approver whose security expertise is recorded (a name, and expertise that is not a placeholder). */
export function isQualifiedApprover(approver: ModelItem): boolean {
  const name = approver.fields.name?.scalar?.text ?? '';
  const expertise = approver.fields.security_expertise?.scalar?.text ?? '';
  return !!name.trim() && !isPlaceholderText(expertise);
}

/** Names compare without case and surrounding space: "dana ruiz" approves as "Dana Ruiz". */
export function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export interface EntryJudgement {
  /** True when the entry is a complete decision; otherwise `problems` says what is missing. */
  decided: boolean;
  problems: string[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Judges an entry against the approvers of its record. `today` (YYYY-MM-DD, from the host) makes a
 * deferral whose `due` has passed pending; without it no date is judged passed.
 */
export function judgeTailoringEntry(entry: ModelItem, approvers: readonly ModelItem[], today?: string): EntryJudgement {
  const text = (key: string) => (entry.fields[key]?.scalar?.text ?? '').trim();
  const problems: string[] = [];
  const decision = text('decision').toLowerCase();
  if (!TAILORING_DECISIONS.includes(decision)) problems.push(decision ? `decision "${text('decision')}" is not one of ${TAILORING_DECISIONS.join(', ')}` : 'no decision');
  if (isEmptyJustification(text('justification'))) problems.push(text('justification') ? `justification "${text('justification')}" is no reason` : 'no justification');
  const approvedBy = text('approved_by');
  if (!approvedBy || isPlaceholderText(approvedBy)) problems.push('no approval');
  else if (!approvers.some((approver) => sameName(approver.fields.name?.scalar?.text ?? '', approvedBy) && isQualifiedApprover(approver))) {
    problems.push(`${approvedBy} is not a listed approver with recorded security expertise`);
  }
  if (!ISO_DATE.test(text('date'))) problems.push('no approval date');
  if (decision === 'deferred' && !ISO_DATE.test(text('due'))) problems.push('a deferral without a date by which it is done (`due`)');
  else if (decision === 'deferred' && today && text('due') < today) problems.push(`the deferral was due on ${text('due')}`);
  return { decided: problems.length === 0, problems };
}
