// Parse once per document version, reuse everywhere (hover, completion, checks, fixes).
import { parseSourceDocument, type ParsedDocument } from './document';
import type { SourceDocument } from './types';

/** How many parsed documents a cache keeps by default: the files being worked on, not the workspace. */
const DEFAULT_CAPACITY = 256;

/**
 * The last parse of each document, for the few hundred documents read most recently: a document
 * read again at the same version with the same text is not parsed again. It belongs to whoever
 * reads the documents (the server's WorkspaceFiles holds one), never to the module, and it is
 * bounded: the least recently read document goes first. The workspace index keeps the parses it
 * analyses on its own, so what this bound frees is the parses nothing else holds (files an
 * `exclude` or `checkWorkspace: false` took out, documents that were closed): without it those
 * stayed for the life of the server.
 */
export class ParsedDocumentCache {
  /** By uri, least recently read first (a Map iterates in insertion order; a hit is moved to the end). */
  private readonly entries = new Map<string, ParsedDocument>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {
    if (!(capacity >= 1)) throw new RangeError(`ParsedDocumentCache: capacity ${capacity} (at least 1)`);
  }

  get(source: SourceDocument): ParsedDocument {
    const cached = this.entries.get(source.uri);
    this.entries.delete(source.uri);
    const parsed =
      cached && cached.source.version === source.version && cached.source.text === source.text && sameSkip(cached.source, source) ? cached : parseSourceDocument(source);
    this.entries.set(source.uri, parsed);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return parsed;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  /** How many parsed documents it keeps now. */
  get size(): number {
    return this.entries.size;
  }
}

/** Whether two sources were skipped alike (a file skipped under another size limit says so differently). */
function sameSkip(a: SourceDocument, b: SourceDocument): boolean {
  return a.skipped?.reason === b.skipped?.reason && a.skipped?.bytes === b.skipped?.bytes && a.skipped?.limit === b.skipped?.limit && a.skipped?.capped === b.skipped?.capped;
}

/**
 * `compute`, remembered per key object for as long as the key lives. Rules run on every
 * keystroke; a document's model (or a list the index keeps while its items are the same) is
 * worked through once.
 */
export function memoized<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const results = new WeakMap<K, V>();
  return (key) => {
    if (results.has(key)) return results.get(key)!;
    const value = compute(key);
    results.set(key, value);
    return value;
  };
}

/** A number per list the index made, so a list can name the one it was made from without keeping it alive. */
const stamps = new WeakMap<readonly unknown[], number>();
let nextStamp = 1;
function stampOf(list: readonly unknown[]): number {
  let stamp = stamps.get(list);
  if (stamp === undefined) stamps.set(list, (stamp = nextStamp++));
  return stamp;
}

/** For a list made from another by replacing one window: which list (its stamp), and the window. */
const replacements = new WeakMap<readonly unknown[], { before: number; window: { start: number; beforeEnd: number; afterEnd: number } }>();

/**
 * Says that `after` is `before` with `before[start, beforeEnd)` replaced by `after[start, afterEnd)`,
 * so that changedWindow need not find it by comparing the two (the index's lists of every
 * requirement are tens of thousands long, and several rules compare them on every keystroke).
 */
export function recordReplacement<T>(before: readonly T[], after: readonly T[], start: number, beforeEnd: number, afterEnd: number): void {
  replacements.set(after, { before: stampOf(before), window: { start, beforeEnd, afterEnd } });
}

/**
 * Where a list differs from an earlier version of it, found by identity from both ends: the items
 * `before[start, beforeEnd)` were replaced by `after[start, afterEnd)`. Undefined for a bulk change
 * (a regrouping, most of the list new), which is cheaper worked out afresh than window by window.
 */
function changedWindow<T>(before: readonly T[], after: readonly T[]): { start: number; beforeEnd: number; afterEnd: number } | undefined {
  const known = replacements.get(after);
  if (known && known.before === stampOf(before)) return known.window;
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before[start] === after[start]) start++;
  let end = 0;
  while (end < shorter - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  if (before.length - start - end + (after.length - start - end) > Math.max(64, after.length >> 3)) return undefined;
  return { start, beforeEnd: before.length - end, afterEnd: after.length - end };
}

/**
 * How often each value occurs over the items of a list, e.g. how many requirements name each threat
 * id, kept per owner (a rule's view of one index) and worked out from the last list it was asked
 * for: the index replaces a list by one that differs in the items of the edited document only, so
 * only the window that differs (found by identity from both ends) is counted again, not every item.
 * A value counted zero times is absent. `valuesOf` must be the same function each time (it names the count).
 */
export function valueCounts<T extends object>(owner: object, list: readonly T[], valuesOf: (item: T) => Iterable<string>): ReadonlyMap<string, number> {
  return countsWithChanges(owner, list, valuesOf).counts;
}

/**
 * valueCounts, and which values came or went (counted from or down to zero) since the last call
 * for the same owner and `valuesOf`: `changed` is undefined when the list was counted afresh (a
 * first look, a bulk change), when anything may have changed. For a rule that keeps a verdict per
 * value (is this threat answered?) and judges again only those whose answer may differ.
 */
export function countsWithChanges<T extends object>(
  owner: object,
  list: readonly T[],
  valuesOf: (item: T) => Iterable<string>,
): { counts: ReadonlyMap<string, number>; changed: ReadonlySet<string> | undefined } {
  const ofOwner = statesOf(owner);
  const state = ofOwner.get(valuesOf) as ValueCountState<T> | undefined;
  if (state?.list === list) return { counts: state.counts, changed: NOTHING_CHANGED };
  const add = (counts: Map<string, number>, item: T, by: 1 | -1, changed?: Set<string>) => {
    for (const value of valuesOf(item)) {
      const count = (counts.get(value) ?? 0) + by;
      if (count) counts.set(value, count);
      else counts.delete(value);
      if (changed && (count === 0 || count === by)) changed.add(value);
    }
  };
  const window = state && changedWindow(state.list, list);
  if (state && window) {
    const changed = new Set<string>();
    for (let i = window.start; i < window.beforeEnd; i++) add(state.counts, state.list[i], -1, changed);
    for (let i = window.start; i < window.afterEnd; i++) add(state.counts, list[i], 1, changed);
    state.list = list;
    return { counts: state.counts, changed };
  }
  const counts = new Map<string, number>();
  for (const item of list) add(counts, item, 1);
  ofOwner.set(valuesOf, { list, counts } as ValueCountState<object>);
  return { counts, changed: undefined };
}

const NOTHING_CHANGED: ReadonlySet<string> = new Set();

/**
 * The items of a list that pass `test`, in list order, kept per owner (a rule's view of one index)
 * and worked out from the last list it was asked for, as valueCounts is: only the window of the list
 * that differs is tested again. The same array comes back while the items that pass are the same, so
 * a rule can keep what it made of them. For a rule that reads few of many items (the reviewed ones
 * of 33,000) on every keystroke. `test` must be the same function each time and depend only on the
 * item; `key` tells apart the lists one owner filters with one test (a collection's name, say).
 */
export function itemsWhere<T extends object>(owner: object, list: readonly T[], test: (item: T) => boolean, key = ''): readonly T[] {
  let byKey = statesOf(owner).get(test) as Map<string, ItemsWhereState<T>> | undefined;
  if (!byKey) statesOf(owner).set(test, (byKey = new Map()));
  const state = byKey.get(key);
  if (state?.list === list) return state.passed;
  const window = state && changedWindow(state.list, list);
  if (state && window) {
    const { passed, at } = state;
    // Those before the window stay, those in it are tested again, those after it move with the window.
    let first = 0;
    while (first < at.length && at[first] < window.start) first++;
    let last = first;
    while (last < at.length && at[last] < window.beforeEnd) last++;
    const inWindow: T[] = [];
    const inWindowAt: number[] = [];
    for (let i = window.start; i < window.afterEnd; i++) {
      if (!test(list[i])) continue;
      inWindow.push(list[i]);
      inWindowAt.push(i);
    }
    const shift = window.afterEnd - window.beforeEnd;
    const same = inWindow.length === last - first && inWindow.every((item, k) => item === passed[first + k]);
    if (!same) state.passed = [...passed.slice(0, first), ...inWindow, ...passed.slice(last)];
    state.at = [...at.slice(0, first), ...inWindowAt, ...at.slice(last).map((position) => position + shift)];
    state.list = list;
    return state.passed;
  }
  const passed: T[] = [];
  const at: number[] = [];
  list.forEach((item, i) => {
    if (!test(item)) return;
    passed.push(item);
    at.push(i);
  });
  byKey.set(key, { list, passed, at });
  return passed;
}

function statesOf(owner: object): Map<Function, object> {
  let ofOwner = listStates.get(owner);
  if (!ofOwner) listStates.set(owner, (ofOwner = new Map()));
  return ofOwner;
}

interface ValueCountState<T> {
  list: readonly T[];
  counts: Map<string, number>;
}

interface ItemsWhereState<T> {
  list: readonly T[];
  passed: T[];
  /** Where each passing item is in `list`. */
  at: number[];
}

/** Per owner, per function (valueCounts' valuesOf; itemsWhere's test, then key): what was worked out from the last list. */
const listStates = new WeakMap<object, Map<Function, object>>();
