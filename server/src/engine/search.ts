// Fuzzy search of the catalog by number, title, keywords and summary (Find Clause). Keywords are
// the words people use for a clause's topic ("SBOM", "patch"); they weigh as much as the title,
// so a topic word beats a chance match in a long summary.
import Fuse from 'fuse.js';
import type { Clause } from './catalog';

/** What the search reads of a clause: the full catalog entry or the summary a client holds. */
export type SearchableClause = Pick<Clause, 'id' | 'title' | 'summary' | 'iec62443_4_1'> & { keywords?: readonly string[] };

export interface ClauseSearch<T extends SearchableClause> {
  search(query: string, limit?: number): T[];
}

export function createClauseSearch<T extends SearchableClause>(clauses: readonly T[]): ClauseSearch<T> {
  const fuse = new Fuse(clauses, {
    keys: [
      { name: 'id', weight: 3 },
      { name: 'title', weight: 2 },
      { name: 'keywords', weight: 2 },
      { name: 'summary', weight: 1 },
      { name: 'iec62443_4_1', weight: 1 },
    ],
    threshold: 0.4,
    ignoreLocation: true,
    includeScore: true,
  });
  return {
    search(query, limit = 50) {
      const trimmed = query.trim().replace(/^§\s*/, '');
      if (!trimmed) return clauses.slice(0, limit);
      // A number typed exactly, or its start, ranks its clause and subclauses first.
      const byNumber = /^[\dA-Z][\d.]*$/.test(trimmed) ? clauses.filter((c) => c.id.startsWith(trimmed)) : [];
      const fuzzy = fuse.search(trimmed, { limit }).map((result) => result.item);
      const seen = new Set<string>();
      return [...byNumber, ...fuzzy].filter((c) => !seen.has(c.id) && seen.add(c.id)).slice(0, limit);
    },
  };
}
