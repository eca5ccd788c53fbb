// The rule contract (server/src/engine/rules/rule.ts) is held in the types and by the analyzer:
// a document rule cannot reach the workspace, a workspace rule reads through a view built from its
// `reads` that refuses anything else, and fixes are worked out only when a host calls for them.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Analyzer,
  keepTextIn,
  RULES,
  UndeclaredReadError,
  WorkspaceIndex,
  workspaceRule,
  type DocumentRule,
  type DocumentRuleContext,
  type Rule,
} from '../../server/src/engine';
import { collectFiles } from '../../server/src/node/files';
import { PackedSource } from '../../server/src/node/packedText';
import { parse, REPO_ROOT, testCatalog } from '../support/fixtures';
import { countingSource } from '../support/countingSource';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'infusync');

const THREATS = 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Spoofing\n';
const CONTROLS = 'kind: security-architecture\ncontrols:\n  - id: CTL-1\n    layer: network\n    mitigates: [TH-1]\n';

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [name, text] of Object.entries(files)) index.update(parse(text, name));
  return index;
}

/** Every document of the example, indexed as the server indexes files no editor shows (text packed), each counting how often its text is read. */
function exampleWithCountedTexts(): { index: WorkspaceIndex; reads: () => Map<string, number> } {
  const index = new WorkspaceIndex({ models: { copyValues: true } });
  const counted: { uri: string; reads: number }[] = [];
  for (const file of collectFiles([EXAMPLE])) {
    const parsed = parse(fs.readFileSync(file, 'utf8'), path.relative(EXAMPLE, file).split(path.sep).join('/'));
    index.update(parsed);
    const source = countingSource(PackedSource.of(parsed.source, 0));
    assert.ok(keepTextIn(parsed, source));
    counted.push(source);
  }
  return { index, reads: () => new Map(counted.filter((source) => source.reads > 0).map((source) => [source.uri, source.reads])) };
}

describe('the rule contract', () => {
  describe('a document rule', () => {
    it('has no workspace in its context, in the types and at run time', () => {
      const contexts: DocumentRuleContext[] = [];
      const peeking: DocumentRule = {
        name: 'peeking',
        clause: null,
        defaultSeverity: 'hint',
        scope: 'document',
        description: 'A test rule that records what its context holds.',
        check(context) {
          contexts.push(context);
          // @ts-expect-error a document rule's context has no workspace (tsc fails here if it gets one back)
          void context.workspace;
          return [];
        },
      };
      new Analyzer(testCatalog(), { rules: [peeking] }).analyze(indexOf({ 't.yaml': THREATS, 'a.yaml': CONTROLS }));
      assert.equal(contexts.length, 2, 'the rule ran once per file');
      for (const context of contexts) {
        assert.deepEqual(Object.keys(context).sort(), ['catalog', 'config', 'document', 'model']);
        assert.ok(!Object.values(context).some((value) => value instanceof WorkspaceIndex), 'nothing in the context is the index');
      }
    });
  });

  describe('a workspace rule', () => {
    const base = { clause: null, defaultSeverity: 'hint', scope: 'workspace', description: 'A test rule that reads the workspace.' } as const;

    it('reads what it declares through its view', () => {
      const seen: string[] = [];
      const rule = workspaceRule({
        ...base,
        name: 'declared',
        reads: { collections: ['threats'], kinds: ['security-architecture'], definitions: true },
        check({ workspace }) {
          for (const threat of workspace.items('threats')) seen.push(threat.id!.text);
          for (const document of workspace.documentsOfKind('security-architecture')) seen.push(document.kind);
          seen.push(`${workspace.definitions('CTL-1').length}`);
          seen.push(workspace.model('file:///ws/t.yaml')!.kind);
          return [];
        },
      });
      const errors: unknown[] = [];
      new Analyzer(testCatalog(), { rules: [rule], onRuleError: (_, error) => errors.push(error) }).analyze(indexOf({ 't.yaml': THREATS, 'a.yaml': CONTROLS }));
      assert.deepEqual(errors, []);
      assert.deepEqual(seen, ['TH-1', 'security-architecture', '1', 'threat-model']);
    });

    // Each read a rule did not declare: the view throws, the analyzer reports the rule's failure.
    const undeclared: [string, (workspace: Record<string, (...args: unknown[]) => unknown>) => unknown, RegExp][] = [
      ['items of another collection', (workspace) => workspace.items('controls'), /items\('controls'\)/],
      ['documents of another kind', (workspace) => workspace.documentsOfKind('threat-model'), /documentsOfKind\('threat-model'\)/],
      ['the definitions', (workspace) => workspace.definitions('TH-1'), /definitions/],
      ['duplicate definitions', (workspace) => workspace.duplicateDefinitions(), /definitions/],
      ['every document', (workspace) => workspace.documents(), /documents\(\)/],
      ['the model of a file it reads nothing of', (workspace) => workspace.model('file:///ws/a.yaml'), /model of file:\/\/\/ws\/a\.yaml/],
    ];
    for (const [what, read, message] of undeclared) {
      it(`is refused ${what} (undeclared)`, () => {
        const rule = workspaceRule({
          ...base,
          name: 'sneaky',
          reads: { collections: ['threats'] },
          check({ workspace }) {
            read(workspace as unknown as Record<string, (...args: unknown[]) => unknown>);
            return [{ uri: 'file:///ws/t.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: 'read it' }];
          },
        });
        const errors: unknown[] = [];
        const findings = new Analyzer(testCatalog(), { rules: [rule], onRuleError: (_, error) => errors.push(error) }).analyze(indexOf({ 't.yaml': THREATS, 'a.yaml': CONTROLS }));
        assert.equal(errors.length, 1, 'the rule failed');
        assert.ok(errors[0] instanceof UndeclaredReadError);
        assert.match((errors[0] as Error).message, /rule sneaky read/);
        assert.match((errors[0] as Error).message, message);
        assert.deepEqual([...findings.values()].flat(), [], 'a rule that failed reports nothing');
      });
    }

    it('sees only what it declares in the types of its view', () => {
      workspaceRule({
        ...base,
        name: 'typed',
        reads: { collections: ['threats'] },
        check({ workspace }) {
          workspace.items('threats');
          if (Date.now() < 0) {
            // Never run: tsc fails here if the view's type lets the rule read more than it declared.
            // @ts-expect-error 'controls' is not declared
            workspace.items('controls');
            // @ts-expect-error no kinds are declared
            workspace.documentsOfKind('threat-model');
            // @ts-expect-error definitions are not declared
            workspace.definitions('TH-1');
            // @ts-expect-error every document is not declared
            workspace.documents();
          }
          return [];
        },
      });
    });

    it('declares what it reads: every registered workspace rule, and none reads more on the example', () => {
      for (const rule of RULES) if (rule.scope === 'workspace') assert.ok(rule.reads && typeof rule.reads === 'object', `${rule.name} declares reads`);
      const { index } = exampleWithCountedTexts();
      const failures: string[] = [];
      const findings = new Analyzer(testCatalog(), { onRuleError: (rule, error) => failures.push(`${rule.name}: ${(error as Error).message}`) }).analyze(index);
      // The fixes read the view too, when called.
      for (const finding of [...findings.values()].flat()) finding.fixes?.();
      assert.deepEqual(failures, []);
    });
  });

  describe('fixes', () => {
    it('are worked out only when the host calls for them, not by analysing, copying or serialising a finding', () => {
      let calls = 0;
      const rule: Rule = {
        name: 'counting',
        clause: null,
        defaultSeverity: 'hint',
        scope: 'document',
        description: 'A test rule whose fixes count how often they are worked out.',
        check: ({ document }) => [
          {
            uri: document.source.uri,
            range: { start: { line: 1, character: 0 }, end: { line: 1, character: 7 } },
            message: 'a finding with a fix',
            fixes: () => {
              calls++;
              return [{ title: 'Write threats', edits: { [document.source.uri]: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 7 } }, newText: 'threats' }] } }];
            },
          },
        ],
      };
      const [finding] = new Analyzer(testCatalog(), { rules: [rule] }).analyze(indexOf({ 't.yaml': THREATS })).get('file:///ws/t.yaml')!;
      const copy = { ...finding };
      const json = JSON.parse(JSON.stringify(finding));
      assert.equal(calls, 0, 'nothing worked out a fix');
      assert.equal(json.fixes?.(), undefined, 'a serialised finding holds no fixes');
      assert.deepEqual(copy.fixes!().map((fix) => fix.title), ['Write threats', 'Suppress counting on this line (with a reason)']);
      assert.equal(calls, 1);
    });

    it('of the example are not worked out by an analysis, nor by copying and serialising its findings: no file no editor shows is unpacked', () => {
      const { index, reads } = exampleWithCountedTexts();
      const findings = [...new Analyzer(testCatalog()).analyze(index).values()].flat();
      assert.ok(findings.some((finding) => finding.rule === 'clause-uncovered') || findings.length > 20, 'the example has findings');
      const copies = findings.map((finding) => ({ ...finding }));
      JSON.stringify(findings);
      assert.deepEqual(reads(), new Map(), 'no text was read');
      // The host asks: now the suppress fixes read their lines.
      assert.ok(copies.some((finding) => finding.fixes?.().some((fix) => fix.title.startsWith('Suppress'))));
      assert.ok(reads().size > 0);
    });
  });
});

describe('clause-uncovered', () => {
  it('works out no fix while checking (it made every suppress fix, reading its line, on every analysis)', () => {
    // A tailoring record no editor shows, and clauses it leaves uncovered.
    const record = parse('kind: tailoring-record\nentries:\n  - clause: "5.1.1"\n    decision: not-applicable\n', 'tailoring.yaml');
    const index = new WorkspaceIndex({ models: { copyValues: true } });
    index.update(record);
    const source = countingSource(record.source);
    assert.ok(keepTextIn(record, source));
    const findings = new Analyzer(testCatalog(), { rules: RULES.filter((rule) => rule.name === 'clause-uncovered') }).analyze(index).get(record.source.uri)!;
    assert.equal(findings.length, 1, 'one finding for the project');
    assert.match(findings[0].message, /applicable clauses are not covered/);
    assert.equal(source.reads, 0, "the record's text was not read");
    assert.match(findings[0].fixes!().at(-1)!.title, /^Suppress clause-uncovered here/);
  });
});

/** One file indexed as the server indexes a file no editor shows (its YAML tree released, its text kept elsewhere), with its text reads counted. */
function closedFile(text: string, name: string) {
  const parsed = parse(text, name);
  const index = new WorkspaceIndex({ models: { copyValues: true } });
  index.update(parsed);
  const source = countingSource(parsed.source);
  assert.ok(keepTextIn(parsed, source));
  return { index, source, uri: parsed.source.uri };
}

const only = (name: string) => RULES.filter((rule) => rule.name === name);

describe('syntax-error', () => {
  it("does not read a closed file's text when the file has no parse problem (it read it first)", () => {
    const { index, source, uri } = closedFile('name: build\nsteps:\n  - run: make\n', 'ci.yaml');
    assert.deepEqual(new Analyzer(testCatalog(), { rules: only('syntax-error') }).analyze(index).get(uri), []);
    assert.equal(source.reads, 0);
  });

  it('still reports the problems of a broken file that says which kind it means to be', () => {
    const { index, uri } = closedFile('kind: threat-model\nthreats: [\n', 'tm.yaml');
    const findings = new Analyzer(testCatalog(), { rules: only('syntax-error') }).analyze(index).get(uri)!;
    assert.ok(findings.length > 0);
  });
});

describe('unknown-kind', () => {
  it('finds the kind where the parse saw it, without parsing the file again (it read the released YAML tree)', () => {
    const { index, source, uri } = closedFile('# notes\nkind: threat-modle\nthreats: []\n', 'tm.yaml');
    const [finding] = new Analyzer(testCatalog(), { rules: only('unknown-kind') }).analyze(index).get(uri)!;
    assert.equal(source.reads, 0, 'the text was not read (a re-parse reads it)');
    assert.deepEqual(finding.range, { start: { line: 1, character: 6 }, end: { line: 1, character: 18 } });
    assert.deepEqual(finding.fixes!()[0].edits[uri], [{ range: finding.range, newText: 'threat-model' }]);
  });
});
