// Parses a file once into the shape every feature works from: its format, its YAML (the whole
// file, or a Markdown file's front matter) with exact ranges, its kind and its clause references.
import { isMap, isScalar, type Document } from 'yaml';
import { DOCUMENT_KINDS, type DocumentKind } from './catalog';
import { findClauseReferences, type ClauseReference } from './clauseReferences';
import { findSuppressions, SUPPRESSION_MARKER, type Suppression } from './suppression';
import { findMergeConflicts, mergeConflictProblems, yamlProblems, type SyntaxProblem } from './syntaxProblems';
import { locateProblems } from './evidence/model';
import { isEvidenceFileName, mayBeEvidenceFile, readEvidence } from './evidence/read';
import type { EvidenceContent } from './evidence/types';
import { detached, LineIndex } from './text';
import type { Range, SourceDocument } from './types';
import { isNullScalar, nestingTooDeepMessage, parseYaml } from './yamlParse';

/** 'json' and 'xml' are evidence files (an SBOM, test results): read by their format's reader, never as YAML. */
export type DocumentFormat = 'yaml' | 'markdown' | 'json' | 'xml';

export type { SyntaxProblem } from './syntaxProblems';

export interface ParsedDocument {
  source: SourceDocument;
  format: DocumentFormat;
  lines: LineIndex;
  /**
   * The parsed YAML: the whole file, or a Markdown file's front matter; null when there is none.
   * The workspace index releases the tree once the document's model is built (`releaseYaml`),
   * because keeping every file's tree was most of the server's memory; reading it afterwards
   * parses the same text again, so callers that need it (rare: records, unknown kinds) still get it.
   */
  readonly yaml: Document.Parsed | null;
  /** Offset of the YAML text inside the file (non-zero for front matter). */
  yamlOffset: number;
  /**
   * The YAML document's range relative to `yamlOffset` (`[start, value end, node end]`), or null
   * when there is no YAML: what most readers of the tree want, without keeping the tree.
   */
  yamlRange: readonly [number, number, number] | null;
  /** The top-level `kind` value, when the file declares one. */
  kind: string | null;
  /** Where that value is written (kept, as the YAML tree is released once the model is built). */
  kindRange: Range | null;
  /** Set when `kind` is one of the security-file document kinds: only those are checked. */
  documentKind: DocumentKind | null;
  clauseReferences: ClauseReference[];
  syntaxProblems: SyntaxProblem[];
  /** Its suppression comments, found once per parse (every analysis and the suppression rule read them). */
  suppressions: readonly Suppression[];
  /**
   * Set for an evidence file (an SBOM, a support sidecar…; see evidence/read.ts): what its reader
   * found. Its problems, with their ranges, are in `evidenceProblems`; a file with problems is no evidence.
   */
  readonly evidence?: EvidenceContent;
  readonly evidenceProblems?: readonly SyntaxProblem[];
}

export function formatOf(source: Pick<SourceDocument, 'uri' | 'languageId'>): DocumentFormat | null {
  const language = source.languageId.toLowerCase();
  if (language === 'yaml') return 'yaml';
  if (language === 'markdown') return 'markdown';
  const path = source.uri.toLowerCase().split(/[?#]/)[0];
  if (path.endsWith('.yaml') || path.endsWith('.yml')) return 'yaml';
  if (path.endsWith('.md') || path.endsWith('.markdown')) return 'markdown';
  return null;
}

// A byte-order mark may precede the opening line (editors strip it; other hosts may not).
const FRONT_MATTER_OPENING = /^\uFEFF?---[ \t]*\r?\n/;

/** Locates a Markdown file's front matter: `---` on the first line up to the next `---` or `...` line. */
export function findFrontMatter(text: string): { start: number; end: number } | null {
  const opening = FRONT_MATTER_OPENING.exec(text);
  if (!opening) return null;
  const closing = /^(?:---|\.\.\.)[ \t]*$/m;
  const rest = text.slice(opening[0].length);
  const match = closing.exec(rest);
  if (!match) return null;
  return { start: opening[0].length, end: opening[0].length + match.index };
}

/** Releases the YAML tree of a parsed document; `parsed.yaml` re-parses on demand afterwards. */
export function releaseYaml(parsed: ParsedDocument): void {
  if (parsed instanceof ParsedSourceDocument) parsed.releaseTree();
}

/**
 * From now on the document reads its text from `source`: the same document (uri, version, text),
 * its text kept elsewhere, e.g. packed by a host that holds many files no editor shows. Such a host
 * builds its models with copied values (`ModelOptions.copyValues`), so that nothing the engine
 * keeps points into the text and the text the document was parsed from can be freed. False when
 * `source` is not the same document.
 */
export function keepTextIn(parsed: ParsedDocument, source: SourceDocument): boolean {
  return parsed instanceof ParsedSourceDocument && parsed.keepTextIn(source);
}

/** What a parse yields besides the YAML tree, which the document keeps only until it is released. */
type ParseResult = Omit<ParsedDocument, 'yaml' | 'yamlRange'> & {
  tree: Document.Parsed | null;
  /** Where the YAML text ends in the file (the whole file, or the front matter's closing line). */
  yamlTextEnd: number;
};

class ParsedSourceDocument implements ParsedDocument {
  private storedSource: SourceDocument;
  readonly format: DocumentFormat;
  readonly lines: LineIndex;
  readonly yamlOffset: number;
  readonly yamlRange: readonly [number, number, number] | null;
  readonly kind: string | null;
  readonly kindRange: Range | null;
  readonly documentKind: DocumentKind | null;
  readonly clauseReferences: ClauseReference[];
  readonly syntaxProblems: SyntaxProblem[];
  readonly suppressions: readonly Suppression[];
  readonly evidence?: EvidenceContent;
  readonly evidenceProblems?: readonly SyntaxProblem[];
  private readonly yamlTextEnd: number;
  private readonly fastYaml: boolean;
  private tree: Document.Parsed | null | undefined;

  constructor({ tree, yamlTextEnd, fastYaml, ...parsed }: ParseResult & { fastYaml: boolean }) {
    this.storedSource = parsed.source;
    this.format = parsed.format;
    this.lines = parsed.lines;
    this.yamlOffset = parsed.yamlOffset;
    this.kind = parsed.kind;
    this.kindRange = parsed.kindRange;
    this.documentKind = parsed.documentKind;
    this.clauseReferences = parsed.clauseReferences;
    this.syntaxProblems = parsed.syntaxProblems;
    this.suppressions = parsed.suppressions;
    if (parsed.evidence) {
      this.evidence = parsed.evidence;
      this.evidenceProblems = parsed.evidenceProblems;
    }
    this.yamlTextEnd = yamlTextEnd;
    this.fastYaml = fastYaml;
    this.tree = tree;
    this.yamlRange = tree ? [tree.range[0], tree.range[1], tree.range[2]] : null;
  }

  get yaml(): Document.Parsed | null {
    if (this.tree === undefined) this.tree = this.yamlRange ? parseYaml(this.source.text.slice(this.yamlOffset, this.yamlTextEnd), 'failsafe', { fast: this.fastYaml }).document : null;
    return this.tree;
  }

  get source(): SourceDocument {
    return this.storedSource;
  }

  releaseTree(): void {
    if (this.tree) this.tree = undefined;
  }

  keepTextIn(source: SourceDocument): boolean {
    const current = this.storedSource;
    if (source === current) return true;
    if (source.uri !== current.uri || source.version !== current.version) return false;
    this.storedSource = source;
    this.lines.readTextFrom(source);
    return true;
  }
}

/**
 * `fastYaml: false` reads the YAML with the yaml library alone, never the fast reader
 * (yamlParse.ts): for the tests that compare the two.
 */
export function parseSourceDocument(source: SourceDocument, { fastYaml = true }: { fastYaml?: boolean } = {}): ParsedDocument {
  // A file the host did not read (over the size limit) parses as empty; file-too-large says why.
  if (source.skipped && source.text) source = { ...source, text: '' };
  const format = formatOf(source) ?? 'yaml';
  const text = source.text;
  const lines = new LineIndex(text);
  let yaml: Document.Parsed | null = null;
  let yamlOffset = 0;
  let yamlTextEnd = 0;
  const syntaxProblems: SyntaxProblem[] = [];
  const readYaml = (yamlText: string) => {
    const parsed = parseYaml(yamlText, 'failsafe', { fast: fastYaml });
    if (!parsed.document) {
      syntaxProblems.push({ range: lines.range(yamlOffset + parsed.tooDeepAt, yamlOffset + parsed.tooDeepAt + 1), message: nestingTooDeepMessage() });
    }
    return parsed.document;
  };

  if (source.skipped) {
    return new ParsedSourceDocument({ fastYaml, source, format, lines, tree: null, yamlOffset: 0, yamlTextEnd: 0, kind: null, kindRange: null, documentKind: null, clauseReferences: [], syntaxProblems, suppressions: NO_SUPPRESSIONS });
  }
  const name = fileNameOf(source.uri);
  if (isEvidenceFileName(name) || mayBeEvidenceFile(name)) {
    // Another tool's file: its reader's content, or nothing when it is no format we read (a package.json).
    const evidence = readEvidence({ name, text }) ?? undefined;
    const evidenceProblems = evidence?.problems.length ? locateProblems(text, lines, evidence.problems) : undefined;
    return new ParsedSourceDocument({ fastYaml, source, format: evidenceFormatOf(name), lines, tree: null, yamlOffset: 0, yamlTextEnd: 0, kind: null, kindRange: null, documentKind: null, clauseReferences: [], syntaxProblems, suppressions: NO_SUPPRESSIONS, evidence, evidenceProblems });
  }
  if (format === 'yaml') {
    yamlTextEnd = text.length;
    yaml = readYaml(text);
  } else {
    const frontMatter = findFrontMatter(text);
    const opening = FRONT_MATTER_OPENING.exec(text);
    if (frontMatter) {
      yamlOffset = frontMatter.start;
      yamlTextEnd = frontMatter.end;
      yaml = readYaml(text.slice(frontMatter.start, frontMatter.end));
    } else if (opening) {
      const dashes = opening[0].indexOf('---');
      syntaxProblems.push({ range: lines.range(dashes, dashes + 3), message: 'The front matter opened here is never closed: add a line `---` after its last key' });
    }
  }
  // A merge conflict is the problem, not the parser errors its markers cause.
  const conflicts = text.includes('<<<<<<<') ? findMergeConflicts(lines) : [];
  syntaxProblems.push(...mergeConflictProblems(lines, conflicts));
  if (yaml?.errors.length) syntaxProblems.push(...yamlProblems(yaml.errors, lines, yamlOffset, conflicts));
  syntaxProblems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);

  const { kind, kindRange } = readKind(yaml, (start, end) => lines.range(yamlOffset + start, yamlOffset + end));
  const documentKind = (DOCUMENT_KINDS as readonly string[]).includes(kind ?? '') ? (kind as DocumentKind) : null;
  const clauseReferences = findClauseReferences(text, lines, yaml, yamlOffset);
  const suppressions = text.includes(SUPPRESSION_MARKER) ? findSuppressions(lines) : NO_SUPPRESSIONS;
  return new ParsedSourceDocument({ fastYaml, source, format, lines, tree: yaml, yamlOffset, yamlTextEnd, kind, kindRange, documentKind, clauseReferences, syntaxProblems, suppressions });
}

function readKind(yaml: Document.Parsed | null, range: (start: number, end: number) => Range): { kind: string | null; kindRange: Range | null } {
  const contents = yaml?.contents;
  const kind = isMap(contents) ? contents.get('kind', true) : undefined;
  if (!isScalar(kind) || isNullScalar(kind)) return { kind: null, kindRange: null };
  // Kept with the document: a copy, not a slice of its text (see `detached`).
  return { kind: detached(String(kind.value)), kindRange: kind.range ? range(kind.range[0], kind.range[1]) : null };
}

const NO_SUPPRESSIONS: readonly Suppression[] = Object.freeze([]);

/** The last segment of a uri's path, decoded ('bom.json'). */
export function fileNameOf(uri: string): string {
  const path = uri.split(/[?#]/)[0];
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function evidenceFormatOf(name: string): DocumentFormat {
  const lower = name.toLowerCase();
  return lower.endsWith('.json') ? 'json' : lower.endsWith('.xml') ? 'xml' : lower.endsWith('.md') || lower.endsWith('.markdown') ? 'markdown' : 'yaml';
}

