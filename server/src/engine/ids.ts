// Picking new ids and reading dates: what the rules' fixes and the records they plan (the
// tailoring record) both need, so neither reaches into the other's module for it.

/** Where ids are defined: the workspace index, or a workspace rule's view of it. */
export interface IdDefinitions {
  readonly definitions: (id: string) => readonly unknown[];
}

/** The first of make(start), make(start + 1), … that no item or document of the workspace defines. */
export function firstFreeId(workspace: IdDefinitions, make: (n: number) => string, start = 1): string {
  let n = start;
  while (workspace.definitions(make(n)).length > 0) n++;
  return make(n);
}

/**
 * The next id after `ids`, following their numbering pattern: the prefix and zero-padding of the
 * highest-numbered one (SR-007 → SR-008); `prefix` + `width` digits when none is numbered.
 */
export function nextId(workspace: IdDefinitions, ids: string[], prefix: string, width: number): string {
  let max = 0;
  for (const id of ids) {
    const match = /^(.*?)(\d+)$/.exec(id);
    if (match && Number(match[2]) >= max) [prefix, width, max] = [match[1], match[2].length, Number(match[2])];
  }
  return firstFreeId(workspace, (n) => `${prefix}${String(n).padStart(width, '0')}`, max + 1);
}

/** A valid ISO calendar date (YYYY-MM-DD) as written (around blanks), else undefined. */
export function isoDate(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // setUTCFullYear, not Date.UTC: that reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? match[0] : undefined;
}
