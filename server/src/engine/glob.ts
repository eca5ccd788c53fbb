// Glob matching for `.clause-guide.yaml` include/exclude, in time bounded by the pattern's and the
// path's length. A glob comes from the repository, so it is hostile input: translated into a
// RegExp (as this file once did, and as picomatch and minimatch do), `a*a*a*…b` of about 40
// characters backtracks for minutes (picomatch 4.0.7: 434 s on 41 characters against 50 `a`s) and
// 20,000 nested braces overflow the stack (picomatch: 97 s, then a RegExp error). So the glob is
// matched directly: braces are expanded into a bounded list of alternatives, and each alternative
// is matched with the greedy wildcard algorithm (backtrack only to the last star), once over the
// characters of a name and once over the names of a path, which is O(pattern × path) per level.
//
// The language: `*` and `?` stay within one name, a `**` name spans zero or more folders (`**`
// inside a name is a `*`, as in .gitignore and picomatch), `{a,b}` is an alternation (nestable),
// an unmatched `{` is literal and so is every other character. A glob without '/' matches a base
// name at any depth; a leading '/' anchors it to the root.

/** Longer globs are refused: a real include/exclude pattern is a few dozen characters. */
export const MAX_GLOB_LENGTH = 1024;
/** Brace expansion beyond this many alternatives is refused (`{a,b}` ten times over is 1,024). */
export const MAX_GLOB_ALTERNATIVES = 256;
/** Braces nested deeper than this are refused; the expansion recurses once per level. */
export const MAX_GLOB_BRACE_DEPTH = 16;

export interface GlobMatcher {
  /** Whether a '/'-separated path relative to the glob's root matches. */
  test(path: string): boolean;
}

/** Why a glob cannot be used (too long, braces too deep or too many alternatives), or null. */
export function globProblem(glob: string): string | null {
  if (glob.length > MAX_GLOB_LENGTH) return `the glob is ${glob.length} characters long; the limit is ${MAX_GLOB_LENGTH}.`;
  const expanded = expandBraces(glob, 0);
  return typeof expanded === 'string' ? expanded : null;
}

/** A matcher for one glob; a glob with a problem (see globProblem) matches nothing. */
export function compileGlob(glob: string): GlobMatcher {
  let source = glob.replace(/\\/g, '/');
  const anchored = source.includes('/');
  source = source.replace(/^\/+/, '');
  const expanded = source.length > MAX_GLOB_LENGTH ? 'too long' : expandBraces(source, 0);
  if (typeof expanded === 'string') return { test: () => false };
  // Unanchored: the glob is a base name, at any depth.
  const alternatives = expanded.map((alternative) => [...(anchored ? [] : ['**']), ...alternative.split('/')]);
  return { test: (path) => alternatives.some((names) => matchNames(names, path.split('/'))) };
}

/** A path's names against a glob's names: `**` takes any number of names, every other glob name one. */
function matchNames(globNames: readonly string[], pathNames: readonly string[]): boolean {
  return greedyMatch(globNames.length, pathNames.length, (g) => globNames[g] === '**', (g, p) => matchName(globNames[g], pathNames[p]));
}

/** One name against one glob name: `*` (and `**`) takes any characters, `?` one. */
function matchName(globName: string, name: string): boolean {
  return greedyMatch(
    globName.length,
    name.length,
    (g) => globName[g] === '*',
    (g, p) => globName[g] === '?' || globName[g] === name[p],
  );
}

/**
 * The wildcard algorithm without exponential backtracking: a star first takes nothing; on a
 * mismatch only the most recent star takes one more element. Earlier stars never need to take
 * more (the last star can absorb anything they would), so each (star, position) pair is tried at
 * most once: O(pattern × subject).
 */
function greedyMatch(patternLength: number, subjectLength: number, isStar: (g: number) => boolean, matchesOne: (g: number, s: number) => boolean): boolean {
  let g = 0;
  let s = 0;
  let starG = -1;
  let starS = 0;
  while (s < subjectLength) {
    if (g < patternLength && isStar(g)) {
      starG = g++;
      starS = s;
    } else if (g < patternLength && matchesOne(g, s)) {
      g++;
      s++;
    } else if (starG >= 0) {
      g = starG + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (g < patternLength && isStar(g)) g++;
  return g === patternLength;
}

/** The alternatives a glob's braces stand for, or why there would be too many (or too deep). */
function expandBraces(glob: string, depth: number): string[] | string {
  if (depth > MAX_GLOB_BRACE_DEPTH) return `braces are nested more than ${MAX_GLOB_BRACE_DEPTH} deep.`;
  const open = firstMatchedBrace(glob);
  if (!open) return [glob];
  const [start, end, commas] = open;
  const head = glob.slice(0, start);
  const tail = expandBraces(glob.slice(end + 1), depth);
  if (typeof tail === 'string') return tail;
  const results: string[] = [];
  const bounds = [start, ...commas, end];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const inner = expandBraces(glob.slice(bounds[i] + 1, bounds[i + 1]), depth + 1);
    if (typeof inner === 'string') return inner;
    for (const middle of inner) {
      for (const rest of tail) {
        results.push(head + middle + rest);
        if (results.length > MAX_GLOB_ALTERNATIVES) return `its braces stand for more than ${MAX_GLOB_ALTERNATIVES} alternatives.`;
      }
    }
  }
  return results;
}

/** The first '{' that has a matching '}': its offset, the '}' offset and the top-level commas between. */
function firstMatchedBrace(glob: string): [number, number, number[]] | undefined {
  for (let start = glob.indexOf('{'); start >= 0; start = glob.indexOf('{', start + 1)) {
    let depth = 0;
    const commas: number[] = [];
    for (let i = start; i < glob.length; i++) {
      if (glob[i] === '{') depth++;
      else if (glob[i] === ',' && depth === 1) commas.push(i);
      else if (glob[i] === '}' && --depth === 0) return [start, i, commas];
    }
    // No matching '}': this '{' is literal; a later one may still open a group.
  }
  return undefined;
}
