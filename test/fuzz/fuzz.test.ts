// Fuzz: thousands of seeded mutations of the example workspace's documents through the engine
// (parse → model → analysis over the whole workspace → hover, completion, navigation), then a few
// hundred through the real server over stdio. Nothing may throw, every range must lie inside its
// document, and the server must still answer afterwards.
//
// Deterministic: each case draws from its own generator, seeded by FUZZ_SEED (default 81001) and
// its number, so FUZZ_ONLY=<case> replays one case. A failure names its case, file and mutations,
// and writes the mutated text to a temporary file.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  CompletionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  LogMessageNotification,
  MessageType,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type Hover,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import {
  Analyzer,
  completionsAt,
  DEFAULT_CONFIG,
  definitionAt,
  documentSymbols,
  hoverAt,
  idHoverAt,
  parseConfig,
  parseSourceDocument,
  prepareRenameAt,
  referencesAt,
  renameAt,
  RULES,
  valueCompletionsAt,
  WorkspaceIndex,
  type ClauseGuideConfig,
  type DocumentSymbolEntry,
  type Finding,
  type ParsedDocument,
  type Position,
} from '../../server/src/engine';
import { collectFiles, languageIdOf } from '../../server/src/node/files';
import { REPO_ROOT, testCatalog } from '../support/fixtures';
import { startServer } from '../support/lspClient';
import { contains, DocumentBounds, lineLengths } from './check';
import { mutate, seededRandom, type Random } from './mutations';

const SEED = Number(process.env.FUZZ_SEED ?? 81001);
const ENGINE_CASES = Number(process.env.FUZZ_CASES ?? 4000);
const SERVER_CASES = Number(process.env.FUZZ_SERVER_CASES ?? 500);
const ONLY = process.env.FUZZ_ONLY === undefined ? undefined : Number(process.env.FUZZ_ONLY);
const caseRandom = (stream: number, n: number) => seededRandom(Math.imul(SEED, 0x9e3779b1) ^ Math.imul(stream * 1_000_003 + n, 0x85ebca6b));
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'infusync');
const CONFIG_FILE = '.clause-guide.yaml';
const KNOWN_RULES = RULES.map((rule) => rule.name);

interface ExampleFile {
  file: string;
  uri: string;
  languageId: string;
  text: string;
}

function exampleFiles(root: string): ExampleFile[] {
  return collectFiles([root]).map((file) => ({ file, uri: pathToFileURL(file).href, languageId: languageIdOf(file), text: fs.readFileSync(file, 'utf8') }));
}

/** Keeps a failing case's text where it can be replayed from. */
function reportFailure(label: string, fileName: string, text: string, error: unknown): never {
  const saved = path.join(os.tmpdir(), `clause-guide-fuzz-${SEED}-${fileName}`);
  fs.writeFileSync(saved, text);
  const message = error instanceof Error ? error.stack ?? error.message : String(error);
  throw new Error(`${label} (seed ${SEED}; mutated text saved to ${saved})\n${message}`);
}

/** Positions worth asking about: a few random ones, and ones on ids, clause references and list brackets. */
function probePositions(text: string, random: Random): Position[] {
  const lengths = lineLengths(text);
  const positions: Position[] = [];
  for (let i = 0; i < 2; i++) {
    const line = random.int(lengths.length);
    positions.push({ line, character: random.int(lengths[line] + 1) });
  }
  const lines = text.split(/\r\n|\r|\n/);
  const interesting = /[A-Z]{1,4}-[A-Z0-9-]+|§\s?[\dE][\d.]*|\[|: /g;
  const hits: Position[] = [];
  lines.forEach((line, index) => {
    for (const match of line.matchAll(interesting)) hits.push({ line: index, character: Math.min(line.length, match.index! + match[0].length - (match[0].length > 2 ? 1 : 0)) });
  });
  for (let i = 0; i < 3 && hits.length; i++) positions.push(random.pick(hits));
  return positions;
}

function assertSymbolsInside(bounds: DocumentBounds, uri: string, symbols: DocumentSymbolEntry[] | DocumentSymbol[], what: string): void {
  for (const symbol of symbols) {
    bounds.assertInside(uri, symbol.range, `${what} ${symbol.name}`);
    bounds.assertInside(uri, symbol.selectionRange, `${what} ${symbol.name} selection`);
    // VS Code rejects an outline whose selection lies outside its range.
    assert.ok(contains(symbol.range, symbol.selectionRange), `${what} ${symbol.name}: selectionRange lies outside range`);
    assertSymbolsInside(bounds, uri, symbol.children ?? [], what);
  }
}

function assertFindingsInside(bounds: DocumentBounds, findings: Map<string, Finding[]>): void {
  for (const [uri, list] of findings) {
    for (const finding of list) {
      assert.equal(finding.uri, uri, `${finding.rule} is filed under its own uri`);
      bounds.assertInside(uri, finding.range, `finding ${finding.rule} "${finding.message}"`);
      for (const related of finding.related ?? []) bounds.assertInside(related.uri, related.range, `related location of ${finding.rule}`);
      for (const fix of finding.fixes?.() ?? []) {
        for (const [target, edits] of Object.entries(fix.edits)) {
          for (const edit of edits) bounds.assertInside(target, edit.range, `edit of fix "${fix.title}" (${finding.rule})`);
        }
      }
    }
  }
}

/** Every engine feature a user reaches from the editor, at a few positions of the mutated document. */
function exerciseFeatures(index: WorkspaceIndex, parsed: ParsedDocument, positions: Position[], bounds: DocumentBounds): void {
  const uri = parsed.source.uri;
  const catalog = testCatalog();
  assertSymbolsInside(bounds, uri, documentSymbols(index.model(uri) ?? null, parsed), 'symbol');
  for (const position of positions) {
    const at = `at ${position.line}:${position.character}`;
    const hover = hoverAt(parsed, position, catalog);
    if (hover) bounds.assertInside(uri, hover.range, `hover ${at}`);
    idHoverAt(index, uri, position);
    for (const entry of completionsAt(parsed, position, catalog)) bounds.assertInside(uri, entry.range, `clause completion ${entry.label} ${at}`);
    for (const entry of valueCompletionsAt(index, parsed, position)) bounds.assertInside(uri, entry.range, `value completion ${entry.label} ${at}`);
    for (const location of definitionAt(index, uri, position)) bounds.assertInside(location.uri, location.range, `definition ${at}`);
    for (const location of referencesAt(index, uri, position, true)) bounds.assertInside(location.uri, location.range, `reference ${at}`);
    const prepared = prepareRenameAt(index, uri, position);
    if ('range' in prepared) bounds.assertInside(uri, prepared.range, `prepareRename ${at}`);
    const renamed = renameAt(index, uri, position, 'FZ-0001');
    if ('edits' in renamed) {
      for (const [target, edits] of Object.entries(renamed.edits)) for (const edit of edits) bounds.assertInside(target, edit.range, `rename edit ${at}`);
    }
  }
}

describe('fuzz: mutated example documents', function () {
  // Generous: the run takes about half a minute; a hang is what the limit is for.
  this.timeout(240000);

  const files = exampleFiles(EXAMPLE);
  const documents = files.filter((file) => path.basename(file.file) !== CONFIG_FILE);
  const configs = files.filter((file) => path.basename(file.file) === CONFIG_FILE);
  const texts = documents.map((document) => document.text);

  it(`engine: ${ENGINE_CASES} mutations, each analysed in the whole workspace, with hover, completion and navigation`, () => {
    assert.ok(documents.length >= 8 && configs.length >= 1, 'the example workspace has documents and a configuration');
    const analyzer = new Analyzer(testCatalog());
    const index = new WorkspaceIndex();
    const bounds = new DocumentBounds();
    const originals = new Map<string, ParsedDocument>();
    for (const document of documents) {
      const parsed = parseSourceDocument({ uri: document.uri, languageId: document.languageId, version: 0, text: document.text });
      originals.set(document.uri, parsed);
      index.update(parsed);
      bounds.set(document.uri, document.text);
    }
    const exampleConfigs = [DEFAULT_CONFIG, ...configs.map((config) => parseConfig(config.text, KNOWN_RULES).config)];
    assertFindingsInside(bounds, analyzer.analyze(index, DEFAULT_CONFIG));

    for (let n = ONLY ?? 0; n < (ONLY === undefined ? ENGINE_CASES : ONLY + 1); n++) {
      const random = caseRandom(1, n);
      const document = documents[n % documents.length];
      const others = texts.filter((text) => text !== document.text);
      const mutation = mutate(document.text, random, others);
      const label = `engine case ${n}: ${path.relative(EXAMPLE, document.file)}: ${mutation.description}`;
      let config: ClauseGuideConfig = exampleConfigs[n % exampleConfigs.length];
      let configText = '';
      try {
        // Every fourth case also mutates a configuration file and analyses under what it yields.
        if (n % 4 === 3) {
          const source = random.pick(configs).text;
          configText = mutate(source, random, [source]).text;
          const { config: parsedConfig, problems } = parseConfig(configText, KNOWN_RULES);
          const configBounds = new DocumentBounds();
          configBounds.set('config', configText);
          for (const problem of problems) configBounds.assertInside('config', problem.range, `config problem "${problem.message}"`);
          config = parsedConfig;
        }
        const parsed = parseSourceDocument({ uri: document.uri, languageId: document.languageId, version: n + 1, text: mutation.text });
        bounds.set(document.uri, mutation.text);
        index.update(parsed);
        assertFindingsInside(bounds, analyzer.analyze(index, config));
        exerciseFeatures(index, parsed, probePositions(mutation.text, random), bounds);
      } catch (error) {
        reportFailure(`${label}${configText ? ` (with a mutated config: ${JSON.stringify(configText)})` : ''}`, `engine-${n}-${path.basename(document.file)}`, mutation.text, error);
      } finally {
        index.update(originals.get(document.uri)!);
        bounds.set(document.uri, document.text);
      }
    }
  });

  it(`server: ${SERVER_CASES} mutations sent as edits over stdio; every diagnostic inside its version of the text; hover still answered`, async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-fuzz-'));
    fs.cpSync(EXAMPLE, folder, { recursive: true });
    const copies = exampleFiles(folder).filter((file) => path.basename(file.file) !== CONFIG_FILE);
    const server = await startServer({ workspaceFolders: [pathToFileURL(folder).href] });
    const problems: string[] = [];
    server.connection.onNotification(LogMessageNotification.type, (params) => {
      if (params.type === MessageType.Error) problems.push(params.message);
    });
    try {
      // The text of every version a diagnostic may be published for: disk files (no version) and each edit.
      const onDisk = new Map(copies.map((copy) => [copy.uri, copy.text]));
      const versions = new Map<string, Map<number, string>>();
      for (const copy of copies) {
        server.open(copy.uri, copy.languageId, copy.text, 1);
        versions.set(copy.uri, new Map([[1, copy.text]]));
      }
      let checked = 0;
      const checkPublished = () => {
        for (; checked < server.published.length; checked++) {
          const { uri, version, diagnostics } = server.published[checked];
          const text = version === undefined ? onDisk.get(uri) : versions.get(uri)?.get(version);
          assert.ok(text !== undefined, `diagnostics for ${uri} version ${version}, a version that was never sent`);
          const bounds = new DocumentBounds();
          bounds.set(uri, text);
          for (const diagnostic of diagnostics) bounds.assertInside(uri, diagnostic.range, `diagnostic ${diagnostic.code} "${diagnostic.message}" (version ${version})`);
        }
      };

      for (let n = 0; n < SERVER_CASES; n++) {
        const random = caseRandom(2, n);
        const copy = copies[n % copies.length];
        const mutation = mutate(copy.text, random, copies.map((c) => c.text));
        const version = n + 2;
        versions.get(copy.uri)!.set(version, mutation.text);
        server.change(copy.uri, mutation.text, version);
        const label = `server case ${n}: ${path.relative(folder, copy.file)} v${version}: ${mutation.description}`;
        try {
          const [position] = probePositions(mutation.text, random);
          const textDocument = { uri: copy.uri };
          // Requests in the order an editor sends them while typing; each must answer.
          const hover = (await server.connection.sendRequest(HoverRequest.type, { textDocument, position })) as Hover | null;
          if (hover?.range) {
            const bounds = new DocumentBounds();
            bounds.set(copy.uri, mutation.text);
            bounds.assertInside(copy.uri, hover.range, 'hover');
          }
          const completion = (await server.connection.sendRequest(CompletionRequest.type, { textDocument, position })) as CompletionItem[] | CompletionList | null;
          assert.ok(completion !== undefined);
          const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument })) as DocumentSymbol[] | null;
          const bounds = new DocumentBounds();
          bounds.set(copy.uri, mutation.text);
          assertSymbolsInside(bounds, copy.uri, symbols ?? [], 'symbol');
          // A code-action request runs any pending analysis first, so its diagnostics are published before it answers.
          if (n % 3 === 0) await server.connection.sendRequest(CodeActionRequest.type, { textDocument, range: { start: position, end: position }, context: { diagnostics: [] } });
          checkPublished();
          assert.deepEqual(problems, [], 'no handler failed');
        } catch (error) {
          reportFailure(label, `server-${n}-${path.basename(copy.file)}`, mutation.text, error);
        }
      }

      // Back to the original texts: the server still answers, with the example's hover.
      for (const copy of copies) server.change(copy.uri, copy.text, SERVER_CASES + 10);
      const architecture = copies.find((copy) => copy.file.endsWith('security-architecture.yaml'))!;
      const lines = architecture.text.split('\n');
      const line = lines.findIndex((l) => /§\d/.test(l));
      const hover = (await server.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: architecture.uri },
        position: { line, character: lines[line].indexOf('§') + 2 },
      })) as Hover | null;
      assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /^\*\*IEC 81001-5-1 §\d/, 'hover on a clause reference after the fuzzing');
      assert.equal(server.process.exitCode, null, 'the server is alive');
    } finally {
      await server.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
