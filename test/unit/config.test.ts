import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DEFAULT_CONFIG,
  isClauseApplicable,
  isPathIncluded,
  parseConfig,
  type ClauseGuideConfig,
} from '../../server/src/engine/config';
import { compileGlob } from '../../server/src/engine/glob';
import { RULES } from '../../server/src/engine/rules';
import { CONFIG_FILE_NAME, ConfigCache, findConfigFile } from '../../server/src/node/config';
import { textAt } from '../support/fixtures';

const KNOWN_RULES = [
  ...RULES.map((rule) => rule.name),
  ...'phase-missing requirement-untraced requirement-unverified control-unmapped layer-without-control control-safety-impact-missing boundary-without-control single-layer-defense architecture-review-stale threat-unmitigated tailoring-justification-missing tailoring-approval-missing release-open-finding release-activity-record-missing release-activity-missing clause-uncovered unknown-clause unknown-reference duplicate-id invalid-value syntax-error'.split(' '),
];

const EXAMPLE = `# .clause-guide.yaml
rules:
  control-unmapped: warning
  clause-uncovered: off
include: ["security/**", "docs/**/*.md"]
exclude: ["**/drafts/**"]
layers: [network, application, data]
clauses:
  exclude: ["5.7.5", "E"]
`;

const parse = (text: string) => parseConfig(text, KNOWN_RULES);
const withConfig = (partial: Partial<ClauseGuideConfig>): ClauseGuideConfig => ({ ...DEFAULT_CONFIG, ...partial });

describe('parseConfig', () => {
  it('reads the example file without problems', () => {
    const { config, problems } = parse(EXAMPLE);
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      rules: { 'control-unmapped': 'warning', 'clause-uncovered': 'off' },
      include: ['security/**', 'docs/**/*.md'],
      exclude: ['**/drafts/**'],
      layers: ['network', 'application', 'data'],
      threatUntreatedRisk: 'high',
      clauses: { include: [], exclude: ['5.7.5', 'E'] },
    });
  });

  it('gives the defaults for an empty file', () => {
    for (const text of ['', '# nothing yet\n', 'rules:\nlayers:\n']) {
      const { config, problems } = parse(text);
      assert.deepEqual(problems, []);
      assert.deepEqual(config, DEFAULT_CONFIG);
    }
    assert.deepEqual(DEFAULT_CONFIG.layers, ['network', 'application', 'data', 'authentication', 'endpoint', 'physical']);
  });

  it('accepts every severity, and off even under a YAML 1.1 directive', () => {
    const { config, problems } = parse('rules:\n  duplicate-id: error\n  invalid-value: warning\n  unknown-reference: information\n  phase-missing: hint\n  syntax-error: "off"\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(config.rules, { 'duplicate-id': 'error', 'invalid-value': 'warning', 'unknown-reference': 'information', 'phase-missing': 'hint', 'syntax-error': 'off' });
    // YAML 1.1 reads a plain `off` as false; the config takes the text as written.
    const v11 = parse('%YAML 1.1\n---\nrules:\n  clause-uncovered: off\n');
    assert.deepEqual(v11.problems, []);
    assert.equal(v11.config.rules['clause-uncovered'], 'off');
  });

  it('reports a bad severity at the value, suggesting the nearest, and drops it', () => {
    const text = 'rules:\n  control-unmapped: warn\n  duplicate-id: error\n';
    const { config, problems } = parse(text);
    assert.equal(problems.length, 1);
    assert.equal(textAt(text, problems[0].range), 'warn');
    assert.match(problems[0].message, /'warn' is not a severity.*Did you mean 'warning'/);
    assert.deepEqual(config.rules, { 'duplicate-id': 'error' });

    const boolean = 'rules:\n  duplicate-id: true\n';
    assert.equal(textAt(boolean, parse(boolean).problems[0].range), 'true');
    const empty = 'rules:\n  duplicate-id:\n';
    assert.equal(textAt(empty, parse(empty).problems[0].range), 'duplicate-id');
  });

  it('reports an unknown rule at its name, suggesting the nearest known rule', () => {
    const text = 'rules:\n  control-unmaped: warning\n';
    const { config, problems } = parse(text);
    assert.equal(problems.length, 1);
    assert.equal(textAt(text, problems[0].range), 'control-unmaped');
    assert.match(problems[0].message, /Unknown rule 'control-unmaped'\. Did you mean 'control-unmapped'\?/);
    assert.deepEqual(config.rules, {});
    assert.doesNotMatch(parse('rules:\n  frobnicate-everything: off\n').problems[0].message, /Did you mean/);
  });

  it('reports wrong types and keeps the defaults for them', () => {
    const text = 'layers: network\ninclude: {a: 1}\nexclude: ["ok/**", 3, {b: 2}, [x]]\nrules: [a]\nclauses: "5.7"\nlayer: [x]\n';
    const { config, problems } = parse(text);
    const at = (part: string) => problems.find((problem) => textAt(text, problem.range) === part);
    assert.match(at('network')?.message ?? '', /'layers' must be a list of layer names\. Write it as a list: \[network\]/);
    assert.match(at('{a: 1}')?.message ?? '', /'include' must be a list/);
    assert.match(at('{b: 2}')?.message ?? '', /must be a non-empty string/);
    assert.ok(at('[x]'));
    assert.match(at('[a]')?.message ?? '', /'rules' must be a mapping/);
    assert.match(at('"5.7"')?.message ?? '', /'clauses' must be a mapping/);
    assert.match(at('layer')?.message ?? '', /Unknown key 'layer'.*Did you mean 'layers'/);
    assert.equal(problems.length, 7);
    assert.deepEqual(problems.map((problem) => problem.range.start.line), [0, 1, 2, 2, 3, 4, 5], 'in file order');
    assert.deepEqual(config.layers, DEFAULT_CONFIG.layers);
    assert.deepEqual(config.include, []);
    assert.deepEqual(config.exclude, ['ok/**', '3'], 'a plain scalar is taken as the text written');
    assert.deepEqual(config.rules, {});
    assert.deepEqual(config.clauses, { include: [], exclude: [] });
  });

  it('requires a physical (hardware) layer among the default layers', () => {
    assert.ok(DEFAULT_CONFIG.layers.includes('physical'), DEFAULT_CONFIG.layers.join(', '));
    assert.deepEqual(parse('layers: [network, application]\n').config.layers, ['network', 'application'], 'the configuration replaces the list');
  });

  it('reads the risk from which a threat needs a requirement or a control (threat-untreated), default high', () => {
    assert.equal(DEFAULT_CONFIG.threatUntreatedRisk, 'high');
    assert.equal(parse('threatUntreatedRisk: medium\n').config.threatUntreatedRisk, 'medium');
    assert.equal(parse('threatUntreatedRisk: Critical\n').config.threatUntreatedRisk, 'critical');
    const text = 'threatUntreatedRisk: severe\n';
    const wrong = parse(text);
    assert.equal(wrong.config.threatUntreatedRisk, 'high', 'a wrong value keeps the default');
    assert.deepEqual(wrong.problems.map((problem) => [problem.message, textAt(text, problem.range)]), [["'threatUntreatedRisk' must be one of low, medium, high, critical.", 'severe']]);
  });

  it('reads whether the product is transitional health software (Annex F), and rejects anything but true or false', () => {
    assert.equal(parse('transitional: true\n').config.transitional, true);
    assert.equal(parse('transitional: false\n').config.transitional, false);
    assert.equal(parse('').config.transitional, undefined);
    const wrong = parse('transitional: "yes"\n');
    assert.equal(wrong.config.transitional, undefined);
    assert.deepEqual(wrong.problems.map((problem) => problem.message), ["'transitional' must be true or false."]);
  });

  it('reads clause ids as written, so 7.10 stays 7.10, and rejects what is not an id', () => {
    const text = 'clauses:\n  include: [5.7, 7.10, 8, "§5.1.1", E.2.1]\n  exclude: [5.70, five]\n  other: []\n';
    const { config, problems } = parse(text);
    assert.deepEqual(config.clauses.include, ['5.7', '7.10', '8', '5.1.1', 'E.2.1']);
    assert.deepEqual(config.clauses.exclude, ['5.70']);
    assert.deepEqual(problems.map((problem) => textAt(text, problem.range)), ['five', 'other']);
  });

  it('reports broken YAML at the break and keeps every default', () => {
    const text = 'rules:\n  clause-uncovered: off\nlayers: [network\n';
    const { config, problems } = parse(text);
    assert.ok(problems.length >= 1);
    assert.ok(problems[0].range.start.line >= 2, 'points at the unterminated list');
    assert.deepEqual(config, DEFAULT_CONFIG);
    // Duplicate keys are errors too, not a silent last-wins.
    assert.equal(parse('layers: [a]\nlayers: [b]\n').problems.length, 1);
  });

  it('never throws, whatever it is given', () => {
    for (const text of ['- a\n- b\n', '42', '!!binary foo', 'rules: *x\n', '{{{', '\t\t:', 'rules:\n  ? [a]\n  : b\n']) {
      const { config } = parse(text);
      assert.ok(Array.isArray(config.layers), text);
    }
  });
});

describe('compileGlob', () => {
  const matches = (glob: string, file: string) => compileGlob(glob).test(file);

  it('lets ** span folders, and **/ match zero folders', () => {
    assert.ok(matches('security/**', 'security/a.yaml'));
    assert.ok(matches('security/**', 'security/x/y/a.yaml'));
    assert.ok(!matches('security/**', 'docs/security/a.yaml'));
    assert.ok(matches('docs/**/*.md', 'docs/a.md'));
    assert.ok(matches('docs/**/*.md', 'docs/x/y/a.md'));
    assert.ok(!matches('docs/**/*.md', 'docs/a.yaml'));
    assert.ok(matches('**/drafts/**', 'drafts/a.md'));
    assert.ok(matches('**/drafts/**', 'x/drafts/y/a.md'));
    assert.ok(!matches('**/drafts/**', 'x/drafts-old/a.md'));
  });

  it('keeps * and ? within one name', () => {
    assert.ok(matches('docs/*.md', 'docs/a.md'));
    assert.ok(!matches('docs/*.md', 'docs/x/a.md'));
    assert.ok(matches('docs/SR-00?.yaml', 'docs/SR-001.yaml'));
    assert.ok(!matches('docs/SR-00?.yaml', 'docs/SR-0010.yaml'));
  });

  it('expands {a,b}, nested too, and takes an unmatched { literally', () => {
    assert.ok(matches('docs/*.{md,yaml}', 'docs/a.md'));
    assert.ok(matches('docs/*.{md,yaml}', 'docs/a.yaml'));
    assert.ok(!matches('docs/*.{md,yaml}', 'docs/a.yml'));
    assert.ok(matches('{docs,security/{arch,threats}}/*.md', 'security/threats/t.md'));
    assert.ok(matches('a{b.md', 'a{b.md'));
  });

  it('matches a pattern without / against the base name anywhere; a leading / anchors it', () => {
    assert.ok(matches('*.md', 'README.md'));
    assert.ok(matches('*.md', 'docs/x/a.md'));
    assert.ok(matches('threat-model.yaml', 'security/threat-model.yaml'));
    assert.ok(!matches('/*.md', 'docs/a.md'));
    assert.ok(matches('/*.md', 'a.md'));
    assert.ok(!matches('a.md', 'xa.md'));
  });

  it('escapes regular-expression characters', () => {
    assert.ok(matches('docs/(v1)+.md', 'docs/(v1)+.md'));
    assert.ok(!matches('docs/a.md', 'docs/aXmd'));
  });
});

describe('isPathIncluded', () => {
  it('includes everything when include is empty', () => {
    assert.ok(isPathIncluded(DEFAULT_CONFIG, 'any/where/file.yaml'));
  });

  it('applies the example include and exclude globs, exclude winning', () => {
    const { config } = parse(EXAMPLE);
    assert.ok(isPathIncluded(config, 'security/threat-model.yaml'));
    assert.ok(isPathIncluded(config, 'docs/design/arch.md'));
    assert.ok(isPathIncluded(config, './docs/plan.md'));
    assert.ok(!isPathIncluded(config, 'docs/plan.yaml'));
    assert.ok(!isPathIncluded(config, 'README.md'));
    assert.ok(!isPathIncluded(config, 'security/drafts/threats.yaml'));
    assert.ok(!isPathIncluded(config, 'docs/x/drafts/a.md'));
  });

  it('takes a folder name as everything inside it, as .gitignore does', () => {
    const config = withConfig({ include: ['security'], exclude: ['drafts/', 'old.md'] });
    assert.ok(isPathIncluded(config, 'security/a.yaml'));
    assert.ok(!isPathIncluded(config, 'security/drafts/a.yaml'));
    assert.ok(!isPathIncluded(config, 'security/old.md'));
    assert.ok(!isPathIncluded(config, 'docs/a.yaml'));
    // A trailing '/' means folders only: a file named `drafts` is not excluded by it.
    assert.ok(isPathIncluded(config, 'security/drafts'));
  });
});

describe('isClauseApplicable', () => {
  it('applies every clause by default', () => {
    assert.ok(isClauseApplicable(DEFAULT_CONFIG, '5.7.4'));
    assert.ok(isClauseApplicable(DEFAULT_CONFIG, 'E.2.1'));
  });

  it('includes the subclauses of a listed parent, and exclude wins', () => {
    const config = withConfig({ clauses: { include: ['5.7', '7'], exclude: ['7.2'] } });
    assert.ok(isClauseApplicable(config, '5.7'));
    assert.ok(isClauseApplicable(config, '5.7.4'));
    assert.ok(!isClauseApplicable(config, '5.8.1'));
    assert.ok(isClauseApplicable(config, '7.4'));
    assert.ok(!isClauseApplicable(config, '7.2'));
    assert.ok(!isClauseApplicable(withConfig({ clauses: { include: ['5'], exclude: ['5'] } }), '5.1.1'));
  });

  it('treats annex E like any parent, and does not confuse 7.1 with 7.10', () => {
    const { config } = parse(EXAMPLE);
    assert.ok(!isClauseApplicable(config, 'E.2.1'));
    assert.ok(!isClauseApplicable(config, 'E'));
    assert.ok(!isClauseApplicable(config, '5.7.5'));
    assert.ok(isClauseApplicable(config, '5.7.4'));
    const seven = parse('clauses:\n  include: [7.10]\n  exclude: [7.1]\n').config;
    assert.ok(isClauseApplicable(seven, '7.10.2'));
    assert.ok(!isClauseApplicable(seven, '7.1.1'));
    assert.ok(!isClauseApplicable(seven, '7.1'));
    assert.ok(!isClauseApplicable(withConfig({ clauses: { include: [], exclude: ['7.1'] } }), '7.1.3'));
    assert.ok(isClauseApplicable(withConfig({ clauses: { include: [], exclude: ['7.1'] } }), '7.10'));
  });
});

describe('config files on disk', () => {
  let root: string;
  const write = (name: string, text: string) => {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-config-')));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds the nearest config file upward from a document', () => {
    const top = write(CONFIG_FILE_NAME, 'layers: [a]\n');
    const nested = write(`ws/sub/${CONFIG_FILE_NAME}`, 'layers: [b]\n');
    const doc = write('ws/sub/deep/er/doc.yaml', '');
    assert.equal(findConfigFile(doc), nested);
    assert.equal(findConfigFile(write('ws/other/doc.yaml', '')), top);
    assert.equal(findConfigFile(path.join(root, 'ws', 'sub', 'deep')), nested, 'a folder starts the lookup at itself');
  });

  it('stops at (and includes) a stopAt folder', () => {
    write(CONFIG_FILE_NAME, 'layers: [a]\n');
    const doc = write('ws/sub/doc.yaml', '');
    assert.equal(findConfigFile(doc, [path.join(root, 'ws')]), undefined);
    const atStop = write(`ws/${CONFIG_FILE_NAME}`, 'layers: [b]\n');
    assert.equal(findConfigFile(doc, [path.join(root, 'ws')]), atStop);
  });

  it('answers every folder as a lookup of its own would, whatever was looked up before and with which stop folders', () => {
    const top = write(CONFIG_FILE_NAME, 'layers: [a]\n');
    write(`ws/sub/${CONFIG_FILE_NAME}`, 'layers: [b]\n');
    const docs = ['ws/sub/deep/er/a.yaml', 'ws/sub/deep/b.yaml', 'ws/sub/c.yaml', 'ws/other/d.yaml', 'ws/other/x/e.yaml', 'ws/f.yaml', 'g.yaml'].map((name) => write(name, ''));
    const stopSets = [undefined, [path.join(root, 'ws')], [path.join(root, 'ws', 'other')]];
    const cache = new ConfigCache(KNOWN_RULES, false);
    // Deep folders first, so their parents' answers are known before the parents are asked; then the other way round.
    for (const order of [docs, [...docs].reverse()]) {
      for (const stopAt of stopSets) {
        for (const doc of order) {
          assert.equal(cache.load(doc, root, stopAt, true).file, findConfigFile(doc, stopAt), `${path.relative(root, doc)}, stop at ${stopAt?.map((stop) => path.relative(root, stop))}`);
        }
      }
    }
    assert.equal(findConfigFile(docs[3], [path.join(root, 'ws', 'other')]), undefined, 'the stop folder ends the lookup');
    assert.equal(findConfigFile(docs[3]), top);
  });

  it('loads defaults relative to the fallback root when there is no file', () => {
    const doc = write('ws/doc.yaml', '');
    const loaded = new ConfigCache(KNOWN_RULES).load(doc, path.join(root, 'ws'), [path.join(root, 'ws')]);
    assert.deepEqual(loaded, { root: path.join(root, 'ws'), config: DEFAULT_CONFIG, problems: [] });
  });

  it('caches a config file and re-reads it only when it changes', () => {
    const file = write(`ws/${CONFIG_FILE_NAME}`, 'layers: [a]\nrules:\n  nope: off\n');
    const doc = write('ws/sub/doc.yaml', '');
    const cache = new ConfigCache(KNOWN_RULES);
    const first = cache.load(doc, root);
    assert.equal(first.file, file);
    assert.equal(first.root, path.join(root, 'ws'));
    assert.deepEqual(first.config.layers, ['a']);
    assert.equal(first.problems.length, 1);
    assert.equal(cache.load(doc, root).config, first.config, 'unchanged file: same parsed object');

    fs.writeFileSync(file, 'layers: [b]\n');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    const second = cache.load(doc, root);
    assert.deepEqual(second.config.layers, ['b']);
    assert.deepEqual(second.problems, []);
  });

  it('notices a created config file after invalidate, and a deleted one by itself', () => {
    const doc = write('ws/doc.yaml', '');
    const cache = new ConfigCache(KNOWN_RULES);
    assert.equal(cache.load(doc, root).file, undefined);
    const file = write(`ws/${CONFIG_FILE_NAME}`, 'layers: [c]\n');
    cache.invalidate(file);
    assert.deepEqual(cache.load(doc, root).config.layers, ['c']);
    fs.rmSync(file);
    const loaded = cache.load(doc, root);
    assert.equal(loaded.file, undefined);
    assert.equal(loaded.root, root);
  });
});
