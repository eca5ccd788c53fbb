import { strict as assert } from 'node:assert';
import {
  DEFAULT_LAYERS,
  FINDING_STATUSES,
  ACTIVITY_STATUSES,
  RELEASE_DECISIONS,
  REQUIREMENT_PHASES,
  RISK_LEVELS,
  SAFETY_IMPACTS,
  TAILORING_DECISIONS,
  WorkspaceIndex,
  buildModel,
  definitionAt,
  documentSymbols,
  idAt,
  idHoverAt,
  prepareRenameAt,
  referencesAt,
  renameAt,
  valueCompletionListAt,
  valueCompletionsAt,
  type DocumentSymbolEntry,
  type Position,
  type Range,
} from '../../server/src/engine';
import { applyEdits, fixture, parse, textAt } from '../support/fixtures';

const uriOf = (name: string) => `file:///ws/${name}`;

interface Workspace {
  index: WorkspaceIndex;
  texts: Record<string, string>;
  /** Cursor positions of each file, in marker order. */
  at: Record<string, Position[]>;
}

/** Builds a workspace from files whose text may hold ‸ cursor markers. */
function workspace(files: Record<string, string>): Workspace {
  const index = new WorkspaceIndex();
  const texts: Record<string, string> = {};
  const at: Record<string, Position[]> = {};
  for (const [name, marked] of Object.entries(files)) {
    const { text, cursors } = fixture(marked);
    texts[name] = text;
    at[name] = cursors;
    index.update(parse(text, name));
  }
  return { index, texts, at };
}

const THREATS_YAML = `kind: threat-model
threats:
  - id: TH-0‸01
    title: Spoofed pump‸ identity
    safety_impact: serious
    risk: high
  - id: "TH-‸002"
    title: Tampered update package
    risk: medium
`;

const REQUIREMENTS_YAML = `kind: security-requirements
requirements:
  - id: SR-001
    phase: installation
    text: The installer verifies the package signature.
    threats: [TH-00‸1, "TH-002‸"]
  - id: SR-002
    phase: operation
    text: Sessions time out.
    threats:
      - ‸TH-001
      - TH-099‸
`;

const REQUIREMENTS_MD = `---
kind: security-requirements
---
# Requirements
## Operation
| ID | Text | Threats |
|----|------|---------|
| SR-0‸10 | Audit log of every dose change. | TH-001, TH‸-002 |
`;

const ARCHITECTURE_MD = `---
kind: security-architecture
layers: [network, data]
---
# Architecture
## Zones
| ID | Name |
|----|------|
| Z-A | Pump VLAN |
| Z-B | Vendor cloud |
## Trust boundaries
| ID | Between | Controls |
|----|---------|----------|
| TB-1 | Z-A, Z-B | CTL-‸1 |
## Controls
| ID | Title | Layer | Mitigates |
|----|-------|-------|-----------|
| CTL-1 | Mutual TLS on every link | network | ‸TH-001 |
`;

function sample() {
  return workspace({
    'security/threats.yaml': THREATS_YAML,
    'security/requirements.yaml': REQUIREMENTS_YAML,
    'docs/requirements.md': REQUIREMENTS_MD,
    'docs/architecture.md': ARCHITECTURE_MD,
  });
}

const T = 'security/threats.yaml';
const R = 'security/requirements.yaml';
const RM = 'docs/requirements.md';
const A = 'docs/architecture.md';

function located(ws: Workspace, locations: { uri: string; range: Range }[]): string[] {
  return locations.map((location) => {
    const name = Object.keys(ws.texts).find((file) => uriOf(file) === location.uri)!;
    return `${name}:${location.range.start.line + 1}:${textAt(ws.texts[name], location.range)}`;
  });
}

describe('navigation: id under the cursor', () => {
  const ws = sample();

  it('finds definitions in YAML (inside quotes) and Markdown ID cells', () => {
    const plain = idAt(ws.index, uriOf(T), ws.at[T][0])!;
    assert.deepEqual([plain.id, plain.kind, textAt(ws.texts[T], plain.range)], ['TH-001', 'definition', 'TH-001']);
    const quoted = idAt(ws.index, uriOf(T), ws.at[T][2])!;
    assert.equal(textAt(ws.texts[T], quoted.range), 'TH-002');
    const cell = idAt(ws.index, uriOf(RM), ws.at[RM][0])!;
    assert.deepEqual([cell.id, cell.kind], ['SR-010', 'definition']);
  });

  it('finds references in flow lists, block lists and comma-separated cells', () => {
    const cases: [string, number, string][] = [
      [R, 0, 'TH-001'],
      [R, 1, 'TH-002'],
      [R, 2, 'TH-001'],
      [R, 3, 'TH-099'],
      [RM, 1, 'TH-002'],
      [A, 0, 'CTL-1'],
      [A, 1, 'TH-001'],
    ];
    for (const [file, cursor, id] of cases) {
      const found = idAt(ws.index, uriOf(file), ws.at[file][cursor]);
      assert.equal(found?.id, id, `${file} cursor ${cursor}`);
      assert.equal(found.kind, 'reference');
      assert.equal(textAt(ws.texts[file], found.range), id);
    }
  });

  it('finds nothing on other text or in unknown files', () => {
    assert.equal(idAt(ws.index, uriOf(T), ws.at[T][1]), undefined);
    assert.equal(idAt(ws.index, uriOf('nope.yaml'), { line: 0, character: 0 }), undefined);
  });
});

describe('navigation: definition and references', () => {
  const ws = sample();

  it('goes to the definition across files, from YAML and Markdown', () => {
    assert.deepEqual(located(ws, definitionAt(ws.index, uriOf(R), ws.at[R][0])), [`${T}:3:TH-001`]);
    assert.deepEqual(located(ws, definitionAt(ws.index, uriOf(RM), ws.at[RM][1])), [`${T}:7:TH-002`]);
    assert.deepEqual(located(ws, definitionAt(ws.index, uriOf(A), ws.at[A][0])), [`${A}:18:CTL-1`]);
    assert.deepEqual(definitionAt(ws.index, uriOf(R), ws.at[R][3]), [], 'TH-099 is defined nowhere');
  });

  it('finds every reference in every file, with the definition when asked', () => {
    const uses = located(ws, referencesAt(ws.index, uriOf(T), ws.at[T][0], false)).sort();
    assert.deepEqual(uses, [`${A}:18:TH-001`, `${RM}:8:TH-001`, `${R}:11:TH-001`, `${R}:6:TH-001`]);
    const withDeclaration = located(ws, referencesAt(ws.index, uriOf(A), ws.at[A][1], true));
    assert.equal(withDeclaration.length, 5);
    assert.equal(withDeclaration[0], `${T}:3:TH-001`);
  });
});

describe('navigation: rename', () => {
  function renamed(ws: Workspace, file: string, cursor: number, newName: string): Record<string, string> {
    const result = renameAt(ws.index, uriOf(file), ws.at[file][cursor], newName);
    assert.ok('edits' in result, 'error' in result ? result.error : '');
    const texts = { ...ws.texts };
    for (const [uri, edits] of Object.entries(result.edits)) {
      const name = Object.keys(texts).find((each) => uriOf(each) === uri)!;
      texts[name] = applyEdits(texts[name], edits);
    }
    return texts;
  }

  it('renames the definition and every reference in YAML and Markdown', () => {
    const ws = sample();
    const texts = renamed(ws, A, 1, 'TH-100');
    for (const name of Object.keys(texts)) assert.equal(texts[name], ws.texts[name].replaceAll('TH-001', 'TH-100'), name);
    const index = new WorkspaceIndex();
    for (const [name, text] of Object.entries(texts)) index.update(parse(text, name));
    assert.equal(index.definitions('TH-001').length + index.references('TH-001').length, 0);
    assert.equal(index.definitions('TH-100').length, 1);
    assert.equal(index.references('TH-100').length, 4);
  });

  it('keeps quotes around a quoted id', () => {
    const ws = sample();
    const texts = renamed(ws, T, 2, 'TH-2b');
    assert.match(texts[T], /id: "TH-2b"/);
    assert.match(texts[R], /threats: \[TH-001, "TH-2b"\]/);
    assert.match(texts[RM], /\| TH-001, TH-2b \|/);
    assert.ok(!Object.values(texts).some((text) => text.includes('TH-002')));
  });

  it('prepares a rename on an id and refuses elsewhere', () => {
    const ws = sample();
    const prepared = prepareRenameAt(ws.index, uriOf(RM), ws.at[RM][0]);
    assert.ok('range' in prepared);
    assert.equal(prepared.placeholder, 'SR-010');
    assert.equal(textAt(ws.texts[RM], prepared.range), 'SR-010');
    assert.ok('error' in prepareRenameAt(ws.index, uriOf(T), ws.at[T][1]));
  });

  it('refuses invalid or taken names with a clear error', () => {
    const ws = sample();
    const error = (name: string) => {
      const result = renameAt(ws.index, uriOf(T), ws.at[T][0], name);
      return 'error' in result ? result.error : '';
    };
    for (const bad of ['1TH', 'TH 1', 'TH,1', 'TH|1', '-TH', '']) assert.match(error(bad), /not a valid id/, bad);
    assert.match(error('TH-002'), /already defined in security\/threats\.yaml line 7/);
    assert.match(error('CTL-1'), /already defined in docs\/architecture\.md line 18/);
    assert.match(error('true'), /boolean or null/);
    assert.deepEqual(renameAt(ws.index, uriOf(T), ws.at[T][0], 'TH-001'), { edits: {} });
    assert.ok('error' in renameAt(ws.index, uriOf(T), ws.at[T][1], 'X'));
  });

  it('renames an undefined id in all its references', () => {
    const ws = sample();
    const texts = renamed(ws, R, 3, 'TH-003');
    assert.equal(texts[R], ws.texts[R].replace('TH-099', 'TH-003'));
  });
});

describe('navigation: hover on an id', () => {
  const ws = sample();

  it('describes a threat with its key fields and where it is', () => {
    const hover = idHoverAt(ws.index, uriOf(R), ws.at[R][0])!;
    for (const part of ['**TH-001** — Spoofed pump identity', 'risk: `high`', 'safety\\_impact', 'Threat (`threats`)', 'security/threats.yaml:3', 'Referenced 4 times in 3 files']) {
      assert.ok(hover.includes(part.replace('\\_', '_')), `${part} in ${hover}`);
    }
  });

  it('describes a control defined in Markdown', () => {
    const hover = idHoverAt(ws.index, uriOf(A), ws.at[A][0])!;
    assert.match(hover, /\*\*CTL-1\*\* — Mutual TLS on every link/);
    assert.match(hover, /layer: `network` · mitigates: `TH-001`/);
    assert.match(hover, /docs\/architecture\.md:18/);
  });

  it('says when an id is not defined, and stays silent off ids', () => {
    assert.equal(idHoverAt(ws.index, uriOf(R), ws.at[R][3]), '`TH-099` is not defined in the workspace.');
    assert.equal(idHoverAt(ws.index, uriOf(T), ws.at[T][1]), null);
  });

  it('flags a duplicate definition', () => {
    const dup = workspace({ 'a.yaml': 'kind: threat-model\nthreats:\n  - id: TH-‸1\n', 'b.md': '---\nkind: threat-model\n---\n| ID | Title |\n|--|--|\n| TH-1 | Again |\n' });
    const hover = idHoverAt(dup.index, uriOf('a.yaml'), dup.at['a.yaml'][0])!;
    assert.match(hover, /defined 2 times/);
    assert.match(hover, /b\.md:6/);
  });
});

describe('navigation: document symbols', () => {
  function symbols(text: string, fileName: string) {
    const parsed = parse(text, fileName);
    return documentSymbols(buildModel(parsed), parsed);
  }
  const outline = (entries: DocumentSymbolEntry[]): unknown =>
    entries.map((entry) => (entry.children.length ? [entry.name, outline(entry.children)] : entry.name));
  function assertSelectionInside(entries: DocumentSymbolEntry[]) {
    const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    for (const entry of entries) {
      assert.ok(before(entry.range.start, entry.selectionRange.start) && before(entry.selectionRange.end, entry.range.end), entry.name);
      assert.ok(entry.name.trim(), 'names are never empty');
      assertSelectionInside(entry.children);
    }
  }

  it('lists the collections of a YAML document with their items', () => {
    const entries = symbols(fixture(THREATS_YAML).text, 't.yaml');
    assert.deepEqual(outline(entries), [['threats', ['TH-001', 'TH-002']]]);
    assert.equal(entries[0].children[0].detail, 'Spoofed pump identity');
    assert.equal(entries[0].kind, 'collection');
    assert.equal(entries[0].children[0].kind, 'item');
    assertSelectionInside(entries);
  });

  it('lists the tables of a Markdown document by collection', () => {
    const text = fixture(ARCHITECTURE_MD).text;
    const entries = symbols(text, 'a.md');
    assert.deepEqual(outline(entries), [['zones', ['Z-A', 'Z-B']], ['boundaries', ['TB-1']], ['controls', ['CTL-1']]]);
    assert.equal(textAt(text, entries[0].selectionRange), 'ID');
    assert.equal(entries[0].children[1].detail, 'Vendor cloud');
    assertSelectionInside(entries);
  });

  it('names items without id by clause or name, and shortens long details', () => {
    const long = 'x'.repeat(100);
    const text = `kind: tailoring-record
approvers:
  - name: Dana Ruiz
    role: Product Security Officer
entries:
  - clause: "5.7.4"
    decision: not-applicable
  - id: TE-2
    clause: "5.7.5"
    justification: ${long}
  - approved_by: Dana Ruiz
`;
    const entries = symbols(text, 'tr.yaml');
    assert.deepEqual(outline(entries), [['approvers', ['Dana Ruiz']], ['entries', ['5.7.4', 'TE-2', '(tailoring entry without id)']]]);
    assert.equal(entries[0].children[0].detail, 'Product Security Officer');
    assert.equal(entries[1].children[0].detail, 'not-applicable');
    assert.equal(entries[1].children[1].detail!.length, 60);
    assert.equal(textAt(text, entries[1].children[0].selectionRange), '5.7.4');
    assertSelectionInside(entries);
  });

  it('nests lifecycle-plan activities under their phase', () => {
    const text = `kind: lifecycle-plan
phases:
  - name: requirements
    activities:
      - id: ACT-TM
        title: Threat modelling workshop
      - id: ACT-RQ
  - name: release
`;
    const entries = symbols(text, 'plan.yaml');
    assert.deepEqual(outline(entries), [['phases', [['requirements', ['ACT-TM', 'ACT-RQ']], 'release']]]);
    assertSelectionInside(entries);
    const md = symbols('---\nkind: lifecycle-plan\n---\n| ID | Title |\n|---|---|\n| ACT-1 | Review |\n', 'plan.md');
    assert.deepEqual(outline(md), [['activities', ['ACT-1']]]);
  });

  it('returns nothing for other files and survives broken ones', () => {
    assert.deepEqual(symbols('# Notes\n\n| ID | Risk |\n|--|--|\n| TH-1 | high |\n', 'notes.md'), []);
    assert.deepEqual(documentSymbols(null, parse('a: 1', 'x.yaml')), []);
    const broken = symbols('kind: threat-model\nthreats:\n  - id: TH-1\n    title: [unclosed\n  - 42\n  - id:\n', 'b.yaml');
    assert.deepEqual(outline(broken), [['threats', ['TH-1', '(threat without id)']]]);
    assertSelectionInside(broken);
  });
});

describe('navigation: value completion', () => {
  it('past the limit, offers only ids that contain what is typed, and says the list is incomplete', () => {
    const threats = Array.from({ length: 30 }, (_, i) => `  - id: TH-${String(i + 1).padStart(3, '0')}\n    title: T${i}`).join('\n');
    const index = new WorkspaceIndex();
    index.update(parse(`kind: threat-model\nthreats:\n${threats}\n`, 'tm.yaml'));
    const { text, cursors } = fixture('kind: security-requirements\nrequirements:\n  - id: SR-1\n    threats: [TH-02‸');
    const parsed = parse(text, 'r.yaml');
    index.update(parsed);
    const narrowed = valueCompletionListAt(index, parsed, cursors[0], 5);
    assert.equal(narrowed.incomplete, true);
    assert.deepEqual(narrowed.items.map((item) => item.label), ['TH-020', 'TH-021', 'TH-022', 'TH-023', 'TH-024']);
    const all = valueCompletionListAt(index, parsed, cursors[0], 100);
    assert.equal(all.incomplete, false);
    assert.equal(all.items.length, 30, 'under the limit every id is offered; the editor filters');
  });

  /** Completions at the single cursor of `marked`, with the rest of the sample workspace indexed. */
  function complete(marked: string, fileName: string) {
    const ws = sample();
    const { text, cursors } = fixture(marked);
    const parsed = parse(text, fileName);
    ws.index.update(parsed);
    const entries = valueCompletionsAt(ws.index, parsed, cursors[0]);
    return { entries, labels: entries.map((entry) => entry.label), typed: entries.map((entry) => textAt(text, entry.range)) };
  }
  const reqs = (line: string) => `kind: security-requirements\nrequirements:\n  - id: SR-9\n${line}`;

  it('offers threat ids in a YAML flow list, without those already listed', () => {
    const { entries, labels, typed } = complete(reqs('    threats: [TH-001, TH-‸'), 'r.yaml');
    assert.deepEqual(labels, ['TH-002']);
    assert.equal(entries[0].detail, 'Tampered update package');
    assert.equal(typed[0], 'TH-');
    assert.deepEqual(complete(reqs('    threats: ["‸", TH-002]'), 'r.yaml').labels, ['TH-001']);
  });

  it('offers threat ids in a block list under the key', () => {
    assert.deepEqual(complete(reqs('    threats:\n      - TH-001\n      - ‸'), 'r.yaml').labels, ['TH-002']);
    assert.deepEqual(complete(reqs('    threats:\n    - ‸\n    - TH-002'), 'r.yaml').labels, ['TH-001']);
  });

  it('offers zone ids for between, control ids for a boundary’s controls, threats for mitigates', () => {
    const arch = (body: string) => `kind: security-architecture\n${body}`;
    assert.deepEqual(complete(arch('boundaries:\n  - id: TB-9\n    between: [Z-A, ‸]'), 'x.yaml').labels, ['Z-B']);
    assert.deepEqual(complete(arch('boundaries:\n  - id: TB-9\n    controls: [‸]'), 'x.yaml').labels, ['CTL-1']);
    assert.deepEqual(complete(arch('controls:\n  - id: CTL-9\n    mitigates: [‸]'), 'x.yaml').labels, ['TH-001', 'TH-002']);
    assert.deepEqual(complete(arch('controls: ‸'), 'x.yaml').labels, [], 'the collection key itself takes items');
  });

  it('offers enum values by field and collection', () => {
    const { labels, typed } = complete(reqs('    phase: op‸'), 'r.yaml');
    assert.deepEqual(labels, [...REQUIREMENT_PHASES]);
    // A scalar's entries replace the key's `: ` too (issue 12: six `kind:` snippets ranked above
    // the phases in VS Code, which matched the line's `: ` against their prefixes).
    assert.equal(typed[0], ': op');
    const empty = complete(reqs('    phase: ‸'), 'r.yaml').entries;
    assert.deepEqual([textAt(reqs('    phase: '), empty[0].range), empty[0].insertText, empty[0].filterText], [': ', ': installation', ': installation']);
    const quoted = complete(reqs('    phase:  "ma‸'), 'r.yaml').entries;
    assert.deepEqual([quoted[0].insertText, quoted[0].filterText], [':  "installation', ':  "installation']);
    const threat = (line: string) => `kind: threat-model\nthreats:\n  - id: TH-9\n${line}`;
    assert.deepEqual(complete(threat('    risk: ‸'), 't.yaml').labels, RISK_LEVELS);
    assert.deepEqual(complete(threat('    safety_impact: "‸'), 't.yaml').labels, SAFETY_IMPACTS);
    assert.deepEqual(complete('kind: security-architecture\ncontrols:\n  - id: C\n    safety_impact: ‸', 'a.yaml').labels, [], 'free text for controls');
    const release = 'kind: release-record\ndecision: ‸\nfindings:\n  - id: F-1\n    status: \nactivities:\n  - clause: "5.7.3"\n    status: ';
    assert.deepEqual(complete(release, 'rel.yaml').labels, RELEASE_DECISIONS);
    assert.deepEqual(complete(release.replace('decision: ‸', 'decision: ').replace('status: \nact', 'status: ‸\nact'), 'rel.yaml').labels, FINDING_STATUSES);
    assert.deepEqual(complete(release.replace('decision: ‸', 'decision: ') + '‸', 'rel.yaml').labels, ACTIVITY_STATUSES);
    assert.deepEqual(complete('kind: tailoring-record\nentries:\n- clause: "5.1.1"\n  decision: ‸', 'tr.yaml').labels, TAILORING_DECISIONS);
  });

  it('offers the declared layers, else the default ones', () => {
    const declared = 'kind: security-architecture\nlayers: [network, data, physical]\ncontrols:\n  - id: C\n    layer: ‸';
    assert.deepEqual(complete(declared, 'a.yaml').labels, ['network', 'data', 'physical']);
    assert.deepEqual(complete('kind: security-architecture\ncontrols:\n  - id: C\n    layer: ‸', 'a.yaml').labels, [...DEFAULT_LAYERS]);
    assert.deepEqual(complete('kind: security-architecture\nlayers: [network, ‸]', 'a.yaml').labels, DEFAULT_LAYERS.filter((l) => l !== 'network'));
  });

  it('completes in Markdown table cells by column, and in front matter', () => {
    const md = REQUIREMENTS_MD.replace(/‸/g, '') + '| SR-011 | Text | TH-002, ‸ |\n';
    const { labels, typed } = complete(md, 'more.md');
    assert.deepEqual(labels, ['TH-001']);
    assert.equal(typed[0], '');
    const partial = complete(REQUIREMENTS_MD.replace(/‸/g, '') + '| SR-011 | Text | TH-0‸', 'more.md');
    assert.deepEqual([partial.labels, partial.typed[0]], [['TH-001', 'TH-002'], 'TH-0']);
    const phases = complete('---\nkind: security-requirements\n---\n| ID | Phase |\n|--|--|\n| SR-1 | inst‸ |\n', 'p.md');
    assert.deepEqual([phases.labels, phases.typed[0]], [[...REQUIREMENT_PHASES], 'inst']);
    const layer = complete(ARCHITECTURE_MD.replace(/‸/g, '') + '| CTL-2 | Disk | ‸ | |\n', 'arch2.md');
    assert.deepEqual(layer.labels, ['network', 'data']);
    assert.deepEqual(complete('---\nkind: release-record\ndecision: ‸\n---\n# Release\n', 'rel.md').labels, RELEASE_DECISIONS);
    assert.deepEqual(complete(REQUIREMENTS_MD.replace(/‸/g, '') + '| SR-‸', 'more.md').labels, [], 'nothing in the ID column');
    assert.deepEqual(complete('# Notes\n| ID | Risk |\n|--|--|\n| X | ‸ |\n', 'notes.md').labels, [], 'not a security document');
  });

  it('works on unparsable mid-edit YAML', () => {
    const broken = 'kind: security-requirements\nrequirements:\n  - id: SR-1\n    threats: [TH-‸\n  - id: [[[\n    text: "unterminated\n';
    assert.deepEqual(complete(broken, 'r.yaml').labels, ['TH-001', 'TH-002']);
    assert.deepEqual(complete(reqs('    thr‸'), 'r.yaml').labels, [], 'a key being typed');
    assert.deepEqual(complete(reqs('    text: Verify ‸'), 'r.yaml').labels, []);
  });
});

describe('navigation: never throws on bad input', () => {
  const broken = [
    'kind: threat-model\nthreats: 42\n',
    'kind: threat-model\nthreats:\n  - TH-1\n  - id: [a, b]\n    risk: {x: 1}\n',
    'kind: security-architecture\nboundaries:\n  - id: TB\n    between: Z-A\n    controls: {a: b}\n  - between: [Z-A, [x]]\n',
    'kind: security-requirements\nrequirements:\n  - id: "unterminated\n    threats: [TH-1, \n',
    '---\nkind: security-architecture\n---\n| ID | Between | Controls\n|---|\n| TB | Z-A, | , , |\n| | | | | | |\n|\n',
    '---\nkind: lifecycle-plan\nphases: [[[\n',
    ': : :\n- - -\n  [\n',
    '',
  ];
  it('every function at every position of broken documents', () => {
    broken.forEach((text, n) => {
      const name = n % 2 ? `b${n}.md` : `b${n}.yaml`;
      const ws = workspace({ [name]: text, 'security/threats.yaml': THREATS_YAML });
      const parsed = ws.index.parsed(uriOf(name))!;
      const uri = uriOf(name);
      documentSymbols(buildModel(parsed), parsed);
      for (let line = 0; line <= parsed.lines.lineCount; line++) {
        for (let character = 0; character <= parsed.lines.lineText(line).length + 1; character++) {
          const position = { line, character };
          idAt(ws.index, uri, position);
          definitionAt(ws.index, uri, position);
          referencesAt(ws.index, uri, position, true);
          prepareRenameAt(ws.index, uri, position);
          renameAt(ws.index, uri, position, 'NEW-1');
          idHoverAt(ws.index, uri, position);
          valueCompletionsAt(ws.index, parsed, position);
        }
      }
    });
  });
});
