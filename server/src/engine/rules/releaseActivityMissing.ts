// 5.8.6: before release, the record shows that the security activities were completed. The
// activities checked here are the security verification activities of 5.7 (the leaf subclauses
// 5.7.1–5.7.5: requirements testing, threat mitigation testing, vulnerability testing, penetration
// testing, tester independence): these are the testing activities whose completion §5.8.6 asks to be
// shown before release, and the ones a release record's `activities` list is meant to hold.
// A clause counts when it applies (configuration) and no decided tailoring entry tailors it out: an
// entry without decision, justification or qualified approval is pending and leaves it required.
import { isClauseApplicable } from '../config';
import { fieldText } from '../model';
import type { Fix } from '../types';
import { clauseWithin, normalizeClauseId, tailoringLookup } from '../coverage';
import { judgeTailoringEntry } from '../tailoringEntry';
import { addTailoringEntriesFix, sharedLineSuppressFix } from './clauseUncovered';
import { workspaceRule, type RuleFinding } from './rule';

const NAME = 'release-activity-missing';
const VERIFICATION_CLAUSE = '5.7';

export const releaseActivityMissing = workspaceRule({
  name: NAME,
  clause: '5.8.6',
  defaultSeverity: 'warning',
  scope: 'workspace',
  reads: { collections: ['entries', 'approvers'], kinds: ['release-record', 'tailoring-record'], definitions: true },
  description: 'A release record shows no completed activity for an applicable security verification clause (5.7.x) that is not tailored out.',
  check({ workspace, catalog, config }) {
    const verification = catalog.clauses.filter(
      (clause) => clauseWithin(clause.id, VERIFICATION_CLAUSE) && catalog.children(clause.id).length === 0 && isClauseApplicable(config, clause.id),
    );
    const tailoringFor = tailoringLookup(workspace);
    const approvers = workspace.items('approvers');
    const tailoredOut = (clauseId: string) => {
      const entry = tailoringFor(clauseId);
      return !!entry && judgeTailoringEntry(entry, approvers.filter((approver) => approver.uri === entry.uri)).decided;
    };
    const required = verification.filter((clause) => !tailoredOut(clause.id));
    const findings: RuleFinding[] = [];
    for (const record of workspace.documentsOfKind('release-record')) {
      const done = new Set(
        (record.collections.activities?.items ?? [])
          .filter((activity) => fieldText(activity, 'status').trim().toLowerCase() === 'done')
          .map((activity) => normalizeClauseId(fieldText(activity, 'clause'))),
      );
      const missing = required.filter((clause) => !done.has(clause.id));
      const range = record.collections.activities?.keyRange ?? record.kindRange;
      const release = fieldText(record, 'release').trim();
      for (const clause of missing) {
        const fixes = (): Fix[] => {
          const add = addTailoringEntriesFix(workspace, [clause.id]);
          const suppress = sharedLineSuppressFix(record, NAME, range, missing.length);
          return [...(add ? [add] : []), ...(suppress ? [suppress] : [])];
        };
        findings.push({
          uri: record.uri,
          range,
          message:
            `${release ? `Release ${release}` : 'This release'} shows no completed activity for ${clause.id} (${clause.title}). ` +
            `Add an activity \`- clause: "${clause.id}"\` with \`status: done\` and the \`record\` that shows it, ` +
            `or tailor the clause out with a decided, justified and approved tailoring entry (§5.8.6).`,
          fixes,
        });
      }
    }
    return findings;
  },
});
