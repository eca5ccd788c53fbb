// 5.1.1: a deferral whose `due` date has passed is a promise not kept: the clause is neither done
// nor decided any more (coverage counts it pending too). Compared with the host's today
// (EvidenceOptions.today), so a test can set the day; without it no date is judged passed.
import { fieldText } from '../model';
import { isoDate } from './helpers';
import { workspaceRule, type RuleFinding } from './rule';

export const tailoringDeferralOverdue = workspaceRule({
  name: 'tailoring-deferral-overdue',
  clause: '5.1.1',
  defaultSeverity: 'error',
  scope: 'workspace',
  reads: { kinds: ['tailoring-record'], today: true },
  description: 'A deferred tailoring entry\'s `due` date has passed (it lies before today): the deferred work is neither done nor decided again.',
  check({ workspace, evidence }) {
    const today = evidence.today;
    if (!today) return [];
    const findings: RuleFinding[] = [];
    for (const entry of workspace.documentsOfKind('tailoring-record').flatMap((record) => record.collections.entries?.items ?? [])) {
      if (fieldText(entry, 'decision').trim().toLowerCase() !== 'deferred') continue;
      const due = entry.fields.due?.scalar;
      const date = due && isoDate(due.text);
      if (!due || !date || date >= today) continue;
      findings.push({
        uri: entry.uri,
        range: due.range,
        message:
          `The deferral of ${fieldText(entry, 'clause').trim() || 'this clause'} was due on ${date}. Do the deferred work and ` +
          `record it (then remove the entry), or decide again: a new justified, approved and dated entry with a new \`due\` (§5.1.1).`,
      });
    }
    return findings;
  },
});
