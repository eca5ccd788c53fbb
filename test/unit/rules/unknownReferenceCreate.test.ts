// unknown-reference's "Create …" fix: the stub goes into a document of the right kind that can take
// it. Picking the first document by path dropped the fix when that one had no table for the item
// (a Markdown architecture note without a zones table), and wrote into a draft that does not parse.
import { strict as assert } from 'node:assert';
import { Analyzer, DEFAULT_CONFIG, WorkspaceIndex, parseSourceDocument, type Finding } from '../../../server/src/engine';
import { applyEdits, parse, testCatalog } from '../../support/fixtures';
import { onlyRules } from '../../support/workspace';

const CONFIG = { ...DEFAULT_CONFIG, ...onlyRules('unknown-reference') };

function createFix(files: [string, string][], id: string) {
  const index = new WorkspaceIndex();
  for (const [name, text] of files) index.update(parse(text, name));
  const found: Finding[] = [...new Analyzer(testCatalog()).analyze(index, CONFIG).values()].flat();
  const finding = found.find((f) => f.rule === 'unknown-reference' && f.message.startsWith(`${id} `));
  assert.ok(finding, `an unknown-reference finding for ${id}`);
  return finding.fixes!().find((fix) => fix.title.startsWith('Create '));
}

const NOTE_WITHOUT_ZONES = '---\nkind: security-architecture\n---\n# Overview\n\nSome prose, no tables.\n';
const ARCHITECTURE_WITH_ZONES = 'kind: security-architecture\nzones:\n  - id: Z-CLOUD\n    name: Cloud\n';
const REQUIREMENT_NAMING_ZONE = 'kind: security-architecture\nboundaries:\n  - id: B-1\n    name: b\n    between: [Z-CLOUD, Z-HOME]\n';

describe('unknown-reference: where "Create …" puts the stub', () => {
  it('skips a Markdown document of the kind that has no table for the item, and uses the one that has', () => {
    const fix = createFix([['a-note.md', NOTE_WITHOUT_ZONES], ['b-arch.yaml', ARCHITECTURE_WITH_ZONES], ['c-bound.yaml', REQUIREMENT_NAMING_ZONE]], 'Z-HOME');
    assert.ok(fix, 'a Create fix is offered');
    assert.match(fix.title, /b-arch\.yaml/);
    const edits = fix.edits['file:///ws/b-arch.yaml'];
    const after = applyEdits(ARCHITECTURE_WITH_ZONES, edits);
    assert.match(after, /- id: Z-HOME/);
  });

  it('adds the collection to a YAML document of the kind, or a section to a Markdown one, when none has it', () => {
    const toYaml = createFix([['a-note.md', NOTE_WITHOUT_ZONES], ['c-bound.yaml', REQUIREMENT_NAMING_ZONE]], 'Z-HOME');
    assert.ok(toYaml, 'a Create fix is offered');
    assert.match(toYaml.title, /c-bound\.yaml/);
    assert.match(applyEdits(REQUIREMENT_NAMING_ZONE, toYaml.edits['file:///ws/c-bound.yaml']), /\nzones:\n  - id: Z-HOME/);
    const boundaries = NOTE_WITHOUT_ZONES + '\n## Boundaries\n\n| ID | Name | Between |\n|----|----|----|\n| B-1 | b | Z-HOME |\n';
    const toMarkdown = createFix([['a-note.md', boundaries]], 'Z-HOME');
    assert.ok(toMarkdown, 'a Create fix is offered for a Markdown-only architecture');
    const after = applyEdits(boundaries, toMarkdown.edits['file:///ws/a-note.md']);
    const index = new WorkspaceIndex();
    index.update(parseSourceDocument({ uri: 'file:///ws/a-note.md', languageId: 'markdown', version: 2, text: after }));
    assert.deepEqual(index.items('zones').map((item) => item.id?.text), ['Z-HOME'], `the section the fix adds is read as a zones table:\n${after}`);
  });

  it('never writes into a document of the kind that does not parse', () => {
    const draft = 'kind: threat-model\nthreats:\n  - id: TH-9\n    title: "unterminated\n';
    const fix = createFix([['a-draft.yaml', draft], ['b-tm.yaml', 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: t\n'], ['c-req.yaml', 'kind: security-requirements\nrequirements:\n  - id: SR-1\n    threats: [TH-2]\n']], 'TH-2');
    assert.ok(fix, 'a Create fix is offered');
    assert.deepEqual(Object.keys(fix.edits), ['file:///ws/b-tm.yaml']);
  });
});
