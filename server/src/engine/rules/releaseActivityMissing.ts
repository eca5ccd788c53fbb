// 5.8.6: before release, the record shows that the security activities were completed. The
// activities checked here are the security verification activities of 5.7 (the leaf subclauses
// 5.7.1–5.7.5: requirements testing, threat mitigation testing, vulnerability testing, penetration
// testing, tester independence): these are the testing activities whose completion §5.8.6 asks to be
// shown before release, and the ones a release record's `activities` list is meant to hold.
// A clause counts when it applies (configuration) and no decided tailoring entry tailors it out: an
// entry without decision, justification or qualified approval is pending and leaves it required.
// Scope: a release record may list the components it changes (`changed_components`), and each
// activity the components it covered (`components`). A required clause then counts as done only when
// its completed activities together cover every changed component; an activity without `components`
// was done on the whole release. A release that lists no components is judged as before. A single
// name counts as that component and a placeholder as none, so a scope nobody filled in never reads
// as the whole release.
import { isClauseApplicable } from '../config';
import { fieldText, type FieldValue } from '../model';
import { isPlaceholderText } from '../placeholder';
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
  description:
    'A release record shows no completed activity for an applicable security verification clause (5.7.x) that is not tailored out, or none covering a component the release lists under changed_components.',
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
      const changed = componentNames(record.fields.changed_components) ?? new Map<string, string>();
      // Per clause, what its completed activities covered: every component, or these (by normalised name).
      const done = new Map<string, 'release' | Set<string>>();
      for (const activity of record.collections.activities?.items ?? []) {
        if (fieldText(activity, 'status').trim().toLowerCase() !== 'done') continue;
        const clause = normalizeClauseId(fieldText(activity, 'clause'));
        const components = componentNames(activity.fields.components);
        const before = done.get(clause);
        if (!components) done.set(clause, 'release');
        else if (before !== 'release') done.set(clause, new Set([...(before ?? []), ...components.keys()]));
      }
      /** The changed components a clause's completed activities leave uncovered (as written), or undefined when the clause has none. */
      const uncovered = (clauseId: string): string[] | undefined => {
        const covered = done.get(clauseId);
        if (!covered) return undefined;
        if (covered === 'release') return [];
        return [...changed].filter(([key]) => !covered.has(key)).map(([, name]) => name);
      };
      const missing = required.filter((clause) => uncovered(clause.id)?.length !== 0);
      const range = record.collections.activities?.keyRange ?? record.kindRange;
      const release = fieldText(record, 'release').trim();
      for (const clause of missing) {
        const fixes = (): Fix[] => {
          const add = addTailoringEntriesFix(workspace, [clause.id]);
          const suppress = sharedLineSuppressFix(record, NAME, range, missing.length);
          return [...(add ? [add] : []), ...(suppress ? [suppress] : [])];
        };
        const releaseName = release ? `Release ${release}` : 'This release';
        const tailorOut = 'or tailor the clause out with a decided, justified and approved tailoring entry (§5.8.6).';
        const left = uncovered(clause.id);
        const message = left
          ? `${releaseName} changes ${names([...changed.values()], 'and')}, but its completed activities for ${clause.id} (${clause.title}) ` +
            `${coveredPart([...changed.values()], left)}: nothing shows ${names(left, 'or')}. ` +
            `Add a done activity for "${clause.id}" whose \`components\` include ${names(left, 'and')} (or one without \`components\`, done on the whole release) with the \`record\` that shows it, ${tailorOut}`
          : `${releaseName} shows no completed activity for ${clause.id} (${clause.title}). ` +
            `Add an activity \`- clause: "${clause.id}"\` with \`status: done\` and the \`record\` that shows it, ${tailorOut}`;
        findings.push({ uri: record.uri, range, message, fixes });
      }
    }
    return findings;
  },
});

/**
 * The component names a field lists, keyed by their normalised form (trimmed, lower case), or
 * undefined when it lists nothing: absent or empty (a Markdown row cannot leave its cell out, so an
 * empty cell is no scope, as a missing key is). A single value is one name; a placeholder ("TBD")
 * names no component, which is a scope nobody filled in, never the whole release.
 */
function componentNames(field: FieldValue | undefined): Map<string, string> | undefined {
  const values = (field?.list ? field.list.map((value) => value.text) : field?.scalar ? [field.scalar.text] : []).map((value) => value.trim()).filter(Boolean);
  if (!values.length) return undefined;
  const names = new Map<string, string>();
  for (const name of values) if (!isPlaceholderText(name)) names.set(name.toLowerCase(), name);
  return names;
}

/** "a", "a and b", "a, b and c". */
function names(list: string[], last: 'and' | 'or'): string {
  return list.length < 2 ? list.join('') : `${list.slice(0, -1).join(', ')} ${last} ${list[list.length - 1]}`;
}

function coveredPart(changed: string[], left: string[]): string {
  const covered = changed.filter((name) => !left.includes(name));
  if (covered.length) return `cover only ${names(covered, 'and')}`;
  return changed.length === 1 ? 'cover none of it' : 'cover none of them';
}
