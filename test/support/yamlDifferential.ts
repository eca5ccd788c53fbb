// Compares the fast YAML reader (engine/yamlFast.ts) with the yaml library's parser and composer
// on one text: when the fast reader answers, the library must have found no error or warning and
// built the same tree (node classes, values, scalar types, flow flags, every range). Comments
// (`comment`, `commentBefore`, `spaceBefore`) are not compared: no reader of the tree looks at them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import { findFrontMatter } from '../../server/src/engine/document';
import { parseSimpleYaml } from '../../server/src/engine/yamlFast';
import { parseYaml } from '../../server/src/engine/yamlParse';

export type Verdict =
  /** The fast reader left the text to the library. */
  | { accepted: false }
  | { accepted: true; difference?: string };

/** The library's document of a text, read as security files are (failsafe). */
export function composed(text: string): Document.Parsed | null {
  return parseYaml(text, 'failsafe', { fast: false }).document;
}

export function compareFastPath(text: string): Verdict {
  const fast = parseSimpleYaml(text);
  if (!fast) return { accepted: false };
  const slow = composed(text);
  if (!slow) return { accepted: true, difference: 'the library refused the text as too deeply nested' };
  if (slow.errors.length) return { accepted: true, difference: `the library found errors: ${slow.errors.map((e) => `${e.code} at ${e.pos[0]}`).join(', ')}` };
  if (slow.warnings.length) return { accepted: true, difference: `the library found warnings: ${slow.warnings.map((e) => e.code).join(', ')}` };
  if (fast.errors.length || fast.warnings.length) return { accepted: true, difference: 'the fast reader reported problems' };
  if (!sameRange(fast.range, slow.range)) return { accepted: true, difference: `document range ${JSON.stringify(fast.range)} != ${JSON.stringify(slow.range)}` };
  const difference = nodeDifference(fast.contents, slow.contents, 'contents');
  return difference ? { accepted: true, difference } : { accepted: true };
}

function sameRange(a: readonly number[] | null | undefined, b: readonly number[] | null | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function nodeDifference(fast: unknown, slow: unknown, where: string): string | undefined {
  if (fast === null || slow === null || fast === undefined || slow === undefined) {
    return fast === slow ? undefined : `${where}: ${String(fast)} != ${String(slow)}`;
  }
  const kind = (node: unknown) => (isScalar(node) ? 'scalar' : isMap(node) ? 'map' : isSeq(node) ? 'seq' : isPair(node) ? 'pair' : 'other');
  if (kind(fast) !== kind(slow)) return `${where}: ${kind(fast)} != ${kind(slow)}`;
  if (isPair(fast) && isPair(slow)) return nodeDifference(fast.key, slow.key, `${where}.key`) ?? nodeDifference(fast.value, slow.value, `${where}.value`);
  if (kind(fast) === 'other') return `${where}: not a node`;
  const a = fast as Record<string, unknown>;
  const b = slow as Record<string, unknown>;
  for (const property of ['range', 'type', 'value', 'source', 'tag', 'anchor', 'flow', 'format']) {
    if (property === 'value' && !isScalar(fast)) continue;
    if (JSON.stringify(a[property]) !== JSON.stringify(b[property])) return `${where}.${property}: ${JSON.stringify(a[property])} != ${JSON.stringify(b[property])}`;
  }
  if (isMap(fast) || isSeq(fast)) {
    const fastItems = fast.items as unknown[];
    const slowItems = (slow as typeof fast).items as unknown[];
    if (fastItems.length !== slowItems.length) return `${where}.items: ${fastItems.length} != ${slowItems.length}`;
    for (let i = 0; i < fastItems.length; i++) {
      const difference = nodeDifference(fastItems[i], slowItems[i], `${where}[${i}]`);
      if (difference) return difference;
    }
  }
  return undefined;
}

/** The YAML texts of a folder, as the engine reads them: whole YAML files and Markdown front matter. */
export function yamlTextsUnder(root: string): { file: string; text: string }[] {
  const texts: { file: string; text: string }[] = [];
  const pending = [root];
  while (pending.length) {
    const dir = pending.pop()!;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git') pending.push(file);
      } else if (/\.(ya?ml)$/i.test(entry.name)) {
        texts.push({ file, text: fs.readFileSync(file, 'utf8') });
      } else if (/\.(md|markdown)$/i.test(entry.name)) {
        const text = fs.readFileSync(file, 'utf8');
        const frontMatter = findFrontMatter(text);
        if (frontMatter) texts.push({ file, text: text.slice(frontMatter.start, frontMatter.end) });
      }
    }
  }
  return texts.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
