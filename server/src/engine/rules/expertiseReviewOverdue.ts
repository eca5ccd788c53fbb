import type { ModelDocument } from '../model';
import { isFilled } from '../criteria';
import { isoDate } from '../ids';
import { workspaceRule, type RuleFinding } from './rule';

// 4.1.4: people doing security work have recorded expertise that is kept up to date. The competence
// register states a review interval; a person whose last review is older than it (or who has no
// review date) is overdue.
export const expertiseReviewOverdue = workspaceRule({
  name: 'expertise-review-overdue',
  clause: '4.1.4',
  defaultSeverity: 'error',
  scope: 'workspace',
  reads: { kinds: ['security-organization'], today: true },
  description:
    'A person of the competence register has no recorded security expertise or review date, or was last reviewed longer ago than the register\'s review_interval (or the register states no interval).',
  check({ workspace, evidence }) {
    const findings: RuleFinding[] = [];
    for (const register of workspace.documentsOfKind('security-organization')) findings.push(...checkRegister(register, evidence.today));
    return findings;
  },
});

function checkRegister(register: ModelDocument, today: string | undefined): RuleFinding[] {
  const people = register.collections.people?.items ?? [];
  if (!people.length) return [];
  const findings: RuleFinding[] = [];
  const written = register.fields.review_interval?.scalar;
  const interval = written ? parseInterval(written.text) : undefined;
  if (!interval) {
    findings.push({
      uri: register.uri,
      range: written?.text ? written.range : register.kindRange,
      message: written?.text
        ? `\`review_interval: ${written.text}\` is not an interval: write it as a number of days, weeks, months or years, e.g. \`12 months\`.`
        : 'This competence register states no `review_interval`, so nobody can tell when security expertise is due for review (4.1.4). Add e.g. `review_interval: 12 months`.',
    });
  }
  for (const person of people) {
    const name = person.fields.name?.scalar?.text || person.id?.text || 'This person';
    if (!isFilled(person, 'security_expertise')) {
      findings.push({ uri: person.uri, range: person.anchor, message: `${name} has no recorded \`security_expertise\` (training, certificates, experience): 4.1.4 asks that it be shown, not assumed.` });
      continue;
    }
    const reviewed = person.fields.reviewed?.scalar;
    const date = reviewed ? isoDate(reviewed.text) : undefined;
    if (!reviewed?.text || !date) {
      if (!reviewed?.text) findings.push({ uri: person.uri, range: person.anchor, message: `${name}'s security expertise has no review date (\`reviewed\`), so nothing shows it is kept up to date (4.1.4).` });
      continue; // a malformed date is invalid-value's
    }
    if (!interval || !today) continue;
    const due = addInterval(date, interval);
    if (due < today) {
      findings.push({
        uri: person.uri,
        range: reviewed.range,
        message: `${name}'s security expertise was last reviewed on ${date}; with a review interval of ${written!.text.trim()} it was due on ${due}. Review it and record the new date.`,
      });
    }
  }
  return findings;
}

interface Interval {
  count: number;
  unit: 'day' | 'week' | 'month' | 'year';
}

/** "12 months", "1 year", "90 days", "6 weeks" (singular or plural, any case). */
export function parseInterval(text: string): Interval | undefined {
  const match = /^\s*(\d{1,4})\s*(day|week|month|year)s?\s*$/i.exec(text);
  if (!match || Number(match[1]) === 0) return undefined;
  return { count: Number(match[1]), unit: match[2].toLowerCase() as Interval['unit'] };
}

/** The date an interval after `date` (YYYY-MM-DD); a month end stays in its month (Jan 31 + 1 month = Feb 28). */
export function addInterval(date: string, { count, unit }: Interval): string {
  const [year, month, day] = date.split('-').map(Number);
  if (unit === 'day' || unit === 'week') {
    const at = new Date(Date.UTC(year, month - 1, day + count * (unit === 'week' ? 7 : 1)));
    return at.toISOString().slice(0, 10);
  }
  const months = (month - 1) + count * (unit === 'year' ? 12 : 1);
  const targetYear = year + Math.floor(months / 12);
  const targetMonth = months % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay))).toISOString().slice(0, 10);
}
