// JUnit XML test results, as CI writes them (Maven Surefire, Gradle, pytest, mocha's `xunit`
// reporter, mocha-junit-reporter, jest-junit…): <testsuites> or a single <testsuite> at the root,
// suites nested in suites (Jenkins' flavour), <testcase> with <failure>, <error> or <skipped>, and
// <properties> on a suite or a case. Read with fast-xml-parser; a pure function over the text.
//
// Locations are offsets into the XML text (XML has no JSON Pointer): a case's element, and the
// place the XML validator names for a file that is not well-formed.
import type * as FastXml from 'fast-xml-parser';

export type TestOutcome = 'passed' | 'failed' | 'errored' | 'skipped';

export interface TestCaseResult {
  readonly name: string;
  readonly classname: string;
  /** The names of the suites around it, outermost first. */
  readonly suites: readonly string[];
  /** The test's source file, from the case's `file` attribute or its suite's. */
  readonly file?: string;
  /** Duration in seconds, as the `time` attribute says. */
  readonly time?: number;
  /** When its suite ran, as the suite's `timestamp` attribute writes it. */
  readonly timestamp?: string;
  readonly outcome: TestOutcome;
  /** The first line of the failure's, error's or skip's message. */
  readonly message?: string;
  /** Requirement ids its own or its suites' `verifies` properties name. */
  readonly verifies: readonly string[];
  /** Offsets of the <testcase> element in the text. */
  readonly start: number;
  readonly end: number;
}

export interface XmlProblem {
  /** Offset in the text where the problem is. */
  readonly offset: number;
  readonly message: string;
}

export interface JUnitReport {
  readonly cases: readonly TestCaseResult[];
  /** Empty for a well-formed JUnit file; otherwise the reasons it is no evidence (the first is reported). */
  readonly problems: readonly XmlProblem[];
}

const ROOTS = new Set(['testsuites', 'testsuite']);

/**
 * The name of the root element, read past a byte-order mark, the XML declaration, comments,
 * processing instructions and a DOCTYPE; undefined when the text does not start like XML.
 */
export function xmlRootElement(text: string): string | undefined {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // A root element comes within the first few kilobytes of any real file; a prolog longer than this is not worth reading.
  const limit = Math.min(text.length, 64 * 1024);
  while (at < limit) {
    while (at < limit && /\s/.test(text[at])) at++;
    if (text.startsWith('<?', at)) at = skipPast(text, at, '?>');
    else if (text.startsWith('<!--', at)) at = skipPast(text, at, '-->');
    else if (text.startsWith('<!', at)) at = skipDeclaration(text, at);
    else if (text[at] === '<') return /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(at, at + 200))?.[1];
    else return undefined;
  }
  return undefined;
}

/** Past a `<!DOCTYPE …>`, whose internal subset (`[…]`) holds `>` of its own. */
function skipDeclaration(text: string, at: number): number {
  const close = text.indexOf('>', at);
  const subset = text.indexOf('[', at);
  return subset >= 0 && (close < 0 || subset < close) ? skipPast(text, subset, ']>') : close < 0 ? text.length : close + 1;
}

function skipPast(text: string, at: number, end: string): number {
  const found = text.indexOf(end, at);
  return found < 0 ? text.length : found + end.length;
}

/** Whether a text is JUnit XML: its root element is <testsuites> or <testsuite>. Other XML never is. */
export function isJUnitXml(text: string): boolean {
  const root = xmlRootElement(text);
  return root !== undefined && ROOTS.has(root);
}

/** Elements that may repeat; read as lists even when there is one. */
const LISTS = new Set(['testsuite', 'testcase', 'property', 'properties', 'failure', 'error', 'skipped', 'flakyFailure', 'rerunFailure']);

/** fast-xml-parser, loaded with the first XML file read (the bundles keep it in dist/vendor/; esbuild.mjs). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
let fastXmlModule: typeof FastXml | undefined;
const fastXml = (): typeof FastXml => (fastXmlModule ??= require('fast-xml-parser'));
let reader: { parser: FastXml.XMLParser; META: symbol } | undefined;

function junitParser(): { parser: FastXml.XMLParser; META: symbol } {
  if (reader) return reader;
  const { XMLParser } = fastXml();
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    captureMetaData: true,
    // Character references (&#x3C;) in messages; entity expansion stays within the library's limits.
    htmlEntities: true,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && LISTS.has(name),
  });
  const META = XMLParser.getMetaDataSymbol() as unknown as symbol;
  reader = { parser, META };
  return reader;
}

type XmlNode = Record<string, unknown>;

/** Reads a JUnit XML text. Never throws: what is wrong is a problem. */
export function readJUnit(text: string): JUnitReport {
  const root = xmlRootElement(text);
  if (root === undefined || !ROOTS.has(root)) {
    return { cases: [], problems: [{ offset: 0, message: 'This is not JUnit XML: its root element must be <testsuites> or <testsuite>.' }] };
  }
  const valid = fastXml().XMLValidator.validate(text);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    return { cases: [], problems: [{ offset: offsetOf(text, line, col), message: `The XML is not well-formed: ${msg}` }] };
  }
  let document: XmlNode;
  try {
    document = junitParser().parser.parse(text) as XmlNode;
  } catch (error) {
    return { cases: [], problems: [{ offset: 0, message: `The XML could not be read: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const cases: TestCaseResult[] = [];
  const top = document[root];
  const suites = root === 'testsuites' ? nodes(top).flatMap((node) => nodes(node.testsuite)) : nodes(top);
  const context: SuiteContext = { names: [], verifies: [] };
  // <testsuites> may itself carry cases in some writers' output; read them as a suite's.
  if (root === 'testsuites') for (const node of nodes(top)) readCases(node, context, cases);
  for (const suite of suites) readSuite(suite, context, cases);
  return { cases, problems: [] };
}

interface SuiteContext {
  names: readonly string[];
  verifies: readonly string[];
  file?: string;
  timestamp?: string;
}

function readSuite(suite: XmlNode, outer: SuiteContext, cases: TestCaseResult[]): void {
  const name = attribute(suite, 'name');
  const context: SuiteContext = {
    names: name ? [...outer.names, name] : outer.names,
    verifies: [...outer.verifies, ...verifiesOf(suite)],
    file: attribute(suite, 'file') ?? outer.file,
    timestamp: attribute(suite, 'timestamp') ?? outer.timestamp,
  };
  readCases(suite, context, cases);
  for (const inner of nodes(suite.testsuite)) readSuite(inner, context, cases);
}

function readCases(suite: XmlNode, context: SuiteContext, cases: TestCaseResult[]): void {
  for (const node of nodes(suite.testcase)) {
    const meta = (node as unknown as Record<symbol, { startIndex?: number; endIndex?: number } | undefined>)[junitParser().META];
    const start = meta?.startIndex ?? 0;
    const time = Number(attribute(node, 'time'));
    const { outcome, message } = outcomeOf(node);
    cases.push({
      name: attribute(node, 'name') ?? '',
      classname: attribute(node, 'classname') ?? attribute(node, 'class') ?? '',
      suites: context.names,
      file: attribute(node, 'file') ?? context.file,
      time: attribute(node, 'time') !== undefined && Number.isFinite(time) ? time : undefined,
      timestamp: context.timestamp,
      outcome,
      message,
      verifies: [...context.verifies, ...verifiesOf(node)],
      start,
      end: meta?.endIndex ?? start,
    });
  }
}

/** Failure before error before skip: a case that failed and was then marked skipped did not pass. */
function outcomeOf(node: XmlNode): { outcome: TestOutcome; message?: string } {
  const failure = first(node.failure) ?? first(node.rerunFailure);
  if (failure !== undefined) return { outcome: 'failed', message: messageOf(failure) };
  const error = first(node.error);
  if (error !== undefined) return { outcome: 'errored', message: messageOf(error) };
  const skipped = first(node.skipped);
  if (skipped !== undefined) return { outcome: 'skipped', message: messageOf(skipped) };
  return { outcome: 'passed' };
}

/** The values of `verifies` properties, split at commas and white space. */
function verifiesOf(node: XmlNode): string[] {
  const ids: string[] = [];
  for (const properties of nodes(node.properties)) {
    for (const property of nodes(properties.property)) {
      if (attribute(property, 'name')?.toLowerCase() !== 'verifies') continue;
      const value = attribute(property, 'value') ?? text(property);
      for (const id of (value ?? '').split(/[\s,;]+/)) if (id) ids.push(id);
    }
  }
  return ids;
}

function messageOf(element: unknown): string | undefined {
  const written = (typeof element === 'object' && element !== null ? attribute(element as XmlNode, 'message') : undefined) ?? text(element);
  const line = written?.split(/\r?\n/).find((part) => part.trim())?.trim();
  return line ? (line.length > 300 ? `${line.slice(0, 299)}…` : line) : undefined;
}

/** The nodes of an element list (elements that are only text are empty nodes). */
function nodes(value: unknown): XmlNode[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((item) => (typeof item === 'object' && item !== null ? (item as XmlNode) : {}));
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? (value.length ? value[0] ?? '' : undefined) : value;
}

function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function text(element: unknown): string | undefined {
  if (typeof element === 'string') return element;
  if (typeof element === 'object' && element !== null) {
    const value = (element as XmlNode)['#text'];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** The offset of a 1-based line and column. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}
