// "Did you mean": the valid clause numbers closest to a mistyped one.
import type { Catalog } from './catalog';

/**
 * Clause numbers in numeric order (5.10 after 5.9). One collator for all comparisons:
 * `localeCompare` with options builds one per call, and the sort compares most pairs to the end
 * (a mistyped number is a sibling of few clauses), which made each suggestion cost milliseconds.
 */
const CLAUSE_ORDER = new Intl.Collator(undefined, { numeric: true });

export function nearestClauseIds(catalog: Catalog, written: string, limit = 3): string[] {
  const scored = catalog.clauses.map((clause) => ({
    id: clause.id,
    distance: editDistance(written, clause.id),
    sharedPrefix: sharedPrefixLength(written, clause.id),
    depthDifference: Math.abs(depth(written) - depth(clause.id)),
    siblingGap: siblingGap(written, clause.id),
  }));
  scored.sort(
    (a, b) =>
      a.distance - b.distance ||
      b.sharedPrefix - a.sharedPrefix ||
      a.depthDifference - b.depthDifference ||
      a.siblingGap - b.siblingGap ||
      CLAUSE_ORDER.compare(a.id, b.id),
  );
  return scored.slice(0, limit).map((entry) => entry.id);
}

export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}

function sharedPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function depth(id: string): number {
  return id.split('.').length;
}

/** How far apart two siblings are ("7.6" is nearer 7.5 than 7.1); Infinity when they are not siblings. */
function siblingGap(a: string, b: string): number {
  const aParts = a.split('.');
  const bParts = b.split('.');
  if (aParts.length !== bParts.length || aParts.slice(0, -1).join('.') !== bParts.slice(0, -1).join('.')) return Infinity;
  const gap = Math.abs(Number(aParts[aParts.length - 1]) - Number(bParts[bParts.length - 1]));
  return Number.isNaN(gap) ? Infinity : gap;
}

/** The choices in the order a fix offers them for a mistyped value, and the one plainly meant, if any. */
export interface RankedChoices {
  ranked: string[];
  /** Set when one choice is plainly what was meant: the same word in other case, a word it begins, or a one-typo slip. */
  meant?: string;
}

/**
 * Ranks the valid values of a field for a value written outside them. A prefix wins over edit
 * distance ("med" is medium, though "low" is fewer edits away), then typos counted with swapped
 * letters as one ("hihg" is high). Ties keep the order of `choices`.
 */
export function rankChoices(written: string, choices: readonly string[]): RankedChoices {
  const word = written.trim().toLowerCase();
  const scored = choices.map((choice, order) => {
    const lower = choice.toLowerCase();
    const prefix = lower === word ? 0 : word && lower.startsWith(word) ? 1 : word.startsWith(lower) ? 2 : 3;
    return { choice, order, prefix, distance: typoDistance(word, lower) };
  });
  scored.sort((a, b) => a.prefix - b.prefix || a.distance - b.distance || a.order - b.order);
  const [first, second] = scored;
  const unique = (test: (entry: (typeof scored)[number]) => boolean) => first && test(first) && !(second && test(second));
  let meant: string | undefined;
  if (first?.prefix === 0 || unique((entry) => entry.prefix === 1) || unique((entry) => entry.prefix === 2)) meant = first.choice;
  else if (first && first.prefix === 3 && word.length >= 3 && unique((entry) => entry.distance <= 1)) meant = first.choice;
  return { ranked: scored.map((entry) => entry.choice), ...(meant ? { meant } : {}) };
}

/** Edit distance in which swapping two neighbouring letters is one edit (optimal string alignment). */
export function typoDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, beforePrevious[j - 2] + 1);
      row.push(best);
    }
    [beforePrevious, previous] = [previous, row];
  }
  return previous[b.length];
}
