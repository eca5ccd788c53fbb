// Every YAML text the engine reads (security files, front matter, .clause-guide.yaml, the user's
// clause text) goes through here, so hostile input is bounded in one place:
// - nesting: the yaml library composes nodes recursively. Thousands of nested `[` or `- ` exhaust
//   the stack; the library catches that RangeError, but a stack overflow that happens while V8
//   compiles a regular expression aborts the whole process ("RegExpCompiler Allocation failed"),
//   which no try/catch can stop. So the depth is measured on the library's concrete syntax tree
//   (built without recursion) and a too-deep text is never composed at all.
// - aliases: the engine works on the node tree and never expands aliases; a caller that needs
//   plain data uses `toPlainData`, which caps alias expansion.
import { Composer, Parser, Scalar, YAMLParseError, isScalar, type CST, type Document } from 'yaml';
import { parseSimpleYaml } from './yamlFast';

/** Deeper than any real security file (they nest about six levels), far below the stack's limit. */
export const MAX_NESTING_DEPTH = 200;

/** Aliases a `toPlainData` caller may expand in total ("billion laughs" needs millions). */
export const MAX_ALIAS_EXPANSIONS = 100;

export type YamlParse =
  | { document: Document.Parsed; tooDeepAt?: undefined }
  /** The text nests deeper than MAX_NESTING_DEPTH; `tooDeepAt` is the offset of the first too-deep collection. */
  | { document: null; tooDeepAt: number };

/**
 * Like `parseDocument(text, { prettyErrors: false })`, but refuses text nested too deeply to compose safely.
 * `failsafe` reads every scalar as a string: the document model takes values as written (YAML
 * would read 7.10 as 7.1), so security documents skip the type resolution, about a tenth of the
 * parse; data files (configuration, catalog) keep the core schema's numbers and booleans.
 * Failsafe texts of the plain shape most security files have are read by the fast reader
 * (yamlFast.ts), which builds the same tree without the library's parser and composer; `fast:
 * false` asks for the library alone (the tests compare the two).
 */
export function parseYaml(text: string, schema: 'core' | 'failsafe' = 'core', { fast = true }: { fast?: boolean } = {}): YamlParse {
  if (fast && schema === 'failsafe') {
    const document = parseSimpleYaml(text);
    if (document) return { document };
  }
  const tokens = Array.from(new Parser().parse(text));
  const tooDeepAt = firstTooDeep(tokens);
  if (tooDeepAt !== undefined) return { document: null, tooDeepAt };
  const composer = new Composer({ prettyErrors: false, schema });
  let document: Document.Parsed | undefined;
  // The same as the library's parseDocument: the first document, and an error if there are more.
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!document) {
      document = next;
    } else {
      document.errors.push(
        new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'),
      );
      break;
    }
  }
  // compose(…, forceDoc = true) always yields at least one document.
  return { document: document! };
}

export function nestingTooDeepMessage(): string {
  return `Nesting is more than ${MAX_NESTING_DEPTH} levels deep, so this YAML is not read`;
}

/** Offset of the earliest collection nested deeper than MAX_NESTING_DEPTH, walking the tree with an explicit stack. */
function firstTooDeep(tokens: CST.Token[]): number | undefined {
  const pending: { token: CST.Token; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  let earliest: number | undefined;
  while (pending.length) {
    const { token, depth } = pending.pop()!;
    switch (token.type) {
      case 'document':
        if (token.value) pending.push({ token: token.value, depth });
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth + 1 > MAX_NESTING_DEPTH) {
          earliest = Math.min(earliest ?? token.offset, token.offset);
          break;
        }
        for (const item of token.items as CST.CollectionItem[]) {
          if (item.key) pending.push({ token: item.key, depth: depth + 1 });
          if (item.value) pending.push({ token: item.value, depth: depth + 1 });
        }
        break;
      }
      default:
        break;
    }
  }
  return earliest;
}

/** The plain JavaScript value of a YAML text, for data files (catalog, clause text): nesting and alias expansion bounded. */
export function toPlainData(text: string): unknown {
  const parsed = parseYaml(text);
  if (!parsed.document) throw new Error(`${nestingTooDeepMessage()}.`);
  const [error] = parsed.document.errors;
  if (error) throw error;
  return parsed.document.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
}

const NULL_WORDS = new Set(['~', 'null', 'Null', 'NULL']);

/** Whether a node is a null scalar: empty or a null word when written plain (a quoted "" is a string). */
export function isNullScalar(node: unknown): boolean {
  if (!isScalar(node)) return false;
  const { value } = node;
  return value === null || value === undefined || (node.type === Scalar.PLAIN && (value === '' || NULL_WORDS.has(String(value))));
}

/** Whether a node is a null scalar or an empty string (``, `""`, `~`, `null`), read alike under the core and failsafe schemas. */
export function isEmptyScalar(node: unknown): boolean {
  return isNullScalar(node) || (isScalar(node) && node.value === '');
}
