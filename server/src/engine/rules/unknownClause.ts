import { nearestClauseIds } from '../nearest';
import type { Rule } from './rule';

export const unknownClause: Rule = {
  name: 'unknown-clause',
  clause: null,
  defaultSeverity: 'error',
  description: 'A reference names a clause number that IEC 81001-5-1:2021 does not have.',
  check({ document, catalog }) {
    return document.clauseReferences
      .filter((reference) => !catalog.get(reference.id))
      .map((reference) => {
        const suggestions = nearestClauseIds(catalog, reference.id);
        const [nearest] = suggestions;
        return {
          range: reference.range,
          message:
            `IEC 81001-5-1:2021 has no clause ${reference.id}. ` +
            `Did you mean ${nearest} (${catalog.get(nearest)!.title})? Correct the number or remove the reference.`,
          fixes: suggestions.map((id, index) => ({
            title: `Change to ${id} ${catalog.get(id)!.title}`,
            edits: { [document.source.uri]: [{ range: reference.range, newText: id }] },
            isPreferred: index === 0,
          })),
        };
      });
  },
};
