// A workspace edited step by step, for the tests that hold what the server works out incrementally
// on a keystroke (findings, coverage, the status bar's summary) to what a fresh analysis of the same
// texts gives. The example workspace three times over (three products, ids kept unique), so every
// rule has several files to read and each edit leaves most of them alone.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Analyzer, WorkspaceIndex, type Finding } from '../../server/src/engine';
import { parse, testCatalog } from './fixtures';

const EXAMPLE = path.join(__dirname, '..', '..', '..', 'examples', 'infusync', 'security');

/** The example's security documents (YAML and Markdown), once per product a, b and c. */
export function exampleFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const product of ['a', 'b', 'c']) {
    for (const name of fs.readdirSync(EXAMPLE).filter((file) => /\.(yaml|md)$/.test(file)).sort()) {
      const text = fs.readFileSync(path.join(EXAMPLE, name), 'utf8');
      files.set(`${product}/${name}`, text.replace(/\b(SR|TH|VT|CTL|TL|RR|ZN|TB|SRS|REL|PLAN)-/g, `$1${product.toUpperCase()}-`));
    }
  }
  return files;
}

/** An index of the files that is edited as a server's is: each write re-parses one file, with a new version. */
export class EditedWorkspace {
  readonly files = exampleFiles();
  readonly index = new WorkspaceIndex();
  private readonly versions = new Map<string, number>();

  constructor() {
    for (const [name, text] of this.files) this.index.update(parse(text, name));
  }

  text(name: string): string {
    const text = this.files.get(name);
    if (text === undefined) throw new Error(`no file ${name}`);
    return text;
  }

  /** Replaces a file's text (undefined removes the file). */
  write(name: string, text: string | undefined): void {
    if (text === undefined) {
      this.files.delete(name);
      this.index.remove(`file:///ws/${name}`);
      return;
    }
    this.files.set(name, text);
    this.versions.set(name, (this.versions.get(name) ?? 1) + 1);
    this.index.update(parse(text, name, this.versions.get(name)));
  }

  /** Replaces the first match of `find` in a file; fails when there is none (an edit that edits nothing tests nothing). */
  replace(name: string, find: string | RegExp, replacement: string): void {
    const text = this.text(name);
    const edited = text.replace(find, replacement);
    if (edited === text) throw new Error(`${String(find)} is not in ${name}`);
    this.write(name, edited);
  }

  /** A new index of the same texts, analysed by a new analyzer: what the incremental answers must equal. */
  fromScratch(analyze: (analyzer: Analyzer, index: WorkspaceIndex) => Map<string, Finding[]>): { index: WorkspaceIndex; findings: Map<string, Finding[]> } {
    const index = new WorkspaceIndex();
    for (const [name, text] of this.files) index.update(parse(text, name));
    return { index, findings: analyze(new Analyzer(testCatalog()), index) };
  }
}

/**
 * Keystroke-sized edits, and a few larger ones, that change what the workspace rules read: a
 * reference broken and mended, a threat's treatment, coverage's criteria and citations, the set of
 * files, a file that stops parsing.
 */
export const EDITS: [string, (workspace: EditedWorkspace) => void][] = [
  ['a threat reference gets a stray character', (w) => w.replace('b/security-requirements.yaml', /threats: \[THB-(\d+)/, 'threats: [THB-$19')],
  ['the stray character is removed', (w) => w.replace('b/security-requirements.yaml', /threats: \[THB-(\d+)9/, 'threats: [THB-$1')],
  ['a requirement text is typed into', (w) => w.replace('b/security-requirements.yaml', /text: ([^\n]*)/, 'text: $1 x')],
  ['a requirement text becomes a placeholder', (w) => w.replace('b/security-requirements.yaml', /text: [^\n]*/, 'text: TODO')],
  ['a requirement stops naming its threats', (w) => w.write('b/security-requirements.yaml', w.text('b/security-requirements.yaml').replace(/threats: \[[^\]]*\]/g, 'threats: []'))],
  ['a threat is rated critical', (w) => w.replace('a/threat-model.yaml', /risk: \w+/, 'risk: critical')],
  ['a control stops mitigating', (w) => w.replace('a/security-architecture.yaml', /mitigates: \[[^\]]*\]/, 'mitigates: []')],
  ['a threat id is renamed (its references break)', (w) => w.replace('c/threat-model.yaml', /id: THC-(\d+)/, 'id: THC-X$1')],
  ['a phase is renamed', (w) => w.write('c/security-requirements.yaml', w.text('c/security-requirements.yaml').replace(/phase: operation/g, 'phase: operations'))],
  ['a done activity is not done any more', (w) => w.replace('b/release-record.yaml', 'status: done', 'status: planned')],
  ['the release record stops parsing', (w) => w.replace('a/release-record.yaml', /\n/, '\n: [\n')],
  ['it parses again', (w) => w.write('a/release-record.yaml', exampleFiles().get('a/release-record.yaml'))],
  ['a tailoring entry names another clause', (w) => w.replace('c/tailoring-record.yaml', /clause: "[\d.]+"/, 'clause: "9.9.9"')],
  ['a requirement set is added', (w) => w.write('d/security-requirements.yaml', exampleFiles().get('a/security-requirements.yaml')!.replace(/SRA-/g, 'SRD-'))],
  ['a threat model is removed', (w) => w.write('b/threat-model.yaml', undefined)],
  ['an edit after the set changed', (w) => w.replace('c/security-requirements.yaml', /text: ([^\n]*)/, 'text: $1 y')],
];

/** Findings as a person reads them (everything but object identity), with the fixes each offers. */
export function plainFindings(findings: Map<string, Finding[]>): unknown {
  return [...findings]
    .filter(([, list]) => list.length)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([uri, list]) => [uri, list.map(({ fixes, ...finding }) => ({ ...JSON.parse(JSON.stringify(finding)), fixes: fixes?.().map((fix) => JSON.parse(JSON.stringify(fix))) }))]);
}
