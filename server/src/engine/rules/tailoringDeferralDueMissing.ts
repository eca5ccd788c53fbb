// 5.1.1: a deferral is a decision only with the date by which the deferred work is done (`due`):
// without it "deferred" can stand for ever. The date is for a person to set, so there is no fix
// but a suppression. A value that is no date at all is invalid-value's to report.
import { fieldText } from '../model';
import { isPlaceholderText } from '../placeholder';
import { markdownCell } from './helpers';
import type { DocumentRule, RuleFinding } from './rule';
import { entryAnchor, entryName } from './tailoringJustificationMissing';

export const tailoringDeferralDueMissing: DocumentRule = {
  name: 'tailoring-deferral-due-missing',
  clause: '5.1.1',
  defaultSeverity: 'error',
  scope: 'document',
  description: 'A tailoring entry defers a clause (decision: deferred) without `due`, the date by which the deferred work is done.',
  check({ model }) {
    if (!model || model.kind !== 'tailoring-record') return [];
    const findings: RuleFinding[] = [];
    for (const entry of model.collections.entries?.items ?? []) {
      if (fieldText(entry, 'decision').trim().toLowerCase() !== 'deferred') continue;
      const due = entry.fields.due;
      if (due && (due.list || due.structured)) continue; // a wrong shape: invalid-value reports it
      const text = due?.scalar?.text.trim() ?? '';
      if (text && !isPlaceholderText(text)) continue;
      const where = entry.form === 'markdown' ? `Write the date in ${markdownCell(entry, 'due', 'Due')}` : 'Add `due:` with the date';
      findings.push({
        uri: model.uri,
        range: entry.fields.decision?.scalar?.range ?? entryAnchor(entry),
        message:
          `${entryName(entry)} defers the clause without saying by when. ${where} (YYYY-MM-DD) by which the deferred work is done, ` +
          `so the deferral is a plan an auditor can hold you to (§5.1.1).`,
      });
    }
    return findings;
  },
};
