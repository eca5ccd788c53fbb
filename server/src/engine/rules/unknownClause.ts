import { nearestClauseIds } from '../nearest';
import type { DocumentRule } from './rule';

export const unknownClause: DocumentRule = {
  name: 'unknown-clause',
  clause: null,
  defaultSeverity: 'error',
  scope: 'document',
  description: 'A reference names a clause number that IEC 81001-5-1:2021 does not have.',
  check({ document, model, catalog }) {
    if (!model) return [];
    const uri = document.source.uri;
    return document.clauseReferences
      .filter((reference) => !catalog.get(reference.id))
      .map((reference) => {
        const suggestions = nearestClauseIds(catalog, reference.id);
        const [nearest] = suggestions;
        return {
          uri,
          range: reference.range,
          message:
            `IEC 81001-5-1:2021 has no clause ${reference.id}. ` +
            `Did you mean ${nearest} (${catalog.get(nearest)!.title})? Correct the number or remove the reference.`,
          fixes: () => suggestions.map((id, index) => ({
            title: `Change to ${id} ${catalog.get(id)!.title}`,
            edits: { [uri]: [{ range: reference.range, newText: id }] },
            isPreferred: index === 0,
          })),
        };
      });
  },
};
