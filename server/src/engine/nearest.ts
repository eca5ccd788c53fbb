// "Did you mean": the valid clause numbers closest to a mistyped one.
import type { Catalog } from './catalog';

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
      a.id.localeCompare(b.id, undefined, { numeric: true }),
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
