// 5.1.1: every tailoring decision needs a written reason: not a placeholder, and not a stock phrase
// ("not relevant", "N/A", "see above") that could stand under any clause. A reason is something a
// person must write, so the only fix is a suppression (which itself needs a reason).
import { fieldText, type ModelItem } from '../model';
import { isBlank } from './helpers';
import type { DocumentRule, RuleFinding } from './rule';
import { isEmptyJustification } from '../tailoringEntry';

const NAME = 'tailoring-justification-missing';

// One definition of a placeholder for rules, coverage and fixes (re-exported for the rules that import it from here).
export { isPlaceholderText } from '../placeholder';

/** How a finding names a tailoring entry: by its clause, else by its id. */
export function entryName(item: ModelItem): string {
  const clause = fieldText(item, 'clause');
  if (clause) return `The tailoring entry for ${clause}`;
  return item.id ? `Tailoring entry ${item.id.text}` : 'A tailoring entry';
}

/** Where a finding about a tailoring entry as a whole points: its clause value (YAML), the row's anchor (Markdown). */
export function entryAnchor(item: ModelItem) {
  if (item.form === 'markdown') return item.anchor;
  const clause = item.fields.clause?.scalar;
  return clause?.text ? clause.range : item.anchor;
}

export const tailoringJustificationMissing: DocumentRule = {
  name: NAME,
  clause: '5.1.1',
  defaultSeverity: 'error',
  scope: 'document',
  description: 'A tailoring entry gives no justification for leaving out or changing a clause (a placeholder or a stock phrase such as "not relevant" or "see above" is none).',
  check({ model }) {
    if (!model || model.kind !== 'tailoring-record') return [];
    const findings: RuleFinding[] = [];
    for (const item of model.collections.entries?.items ?? []) {
      // A list or mapping with content is a wrong shape, not a missing reason: invalid-value reports it.
      const justification = fieldText(item, 'justification');
      // A stock phrase ("not relevant", "see above") could stand under any clause: no reason, as coverage judges it too.
      if (!isBlank(item, 'justification') && (!item.fields.justification.scalar || !isEmptyJustification(justification))) continue;
      const range = entryAnchor(item);
      const what = justification.trim() ? `gives only "${justification.trim()}" as its justification` : 'has no justification';
      findings.push({
        uri: model.uri,
        range,
        message:
          `${entryName(item)} ${what}. Write under \`justification:\` why the clause does not apply or how it is met ` +
          `otherwise, so an auditor can follow the decision (§5.1.1).`,
      });
    }
    return findings;
  },
};
