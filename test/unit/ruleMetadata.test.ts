// The rule lists kept outside the code are generated from the registry (`npm run generate`,
// server/src/tools/ruleMetadata.ts): a committed copy that differs from what the generator would
// write fails here, so a rule added without regenerating fails CI. And a rule added the way README
// "How to add a rule" says (its file, one registry line) reaches the CLI, the engine the server
// runs, the settings, the config schema and the docs without another edit.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig, RULES, type Rule } from '../../server/src/engine';
import { GENERATED_FILES, README_BEGIN, README_END, regenerate } from '../../server/src/tools/ruleMetadata';
import { cli, workspace } from '../support/cli';
import { REPO_ROOT } from '../support/fixtures';
import { analyzeFiles } from '../support/workspace';

const committed = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');

describe('generated rule metadata', () => {
  for (const file of GENERATED_FILES) {
    it(`${file} holds the rule list the registry generates (run \`npm run generate\` if not)`, () => {
      const text = committed(file);
      assert.equal(regenerate(file, text, RULES), text, `${file} is stale: run npm run generate and commit the result`);
    });
  }

  it('changes only the rule lists: the rest of each file stays as it is', () => {
    const manifest = JSON.parse(committed('package.json'));
    const regenerated = JSON.parse(regenerate('package.json', committed('package.json'), RULES.slice(1)));
    delete manifest.contributes.configuration.properties['clauseGuide.rules'].properties;
    delete regenerated.contributes.configuration.properties['clauseGuide.rules'].properties;
    assert.deepEqual(regenerated, manifest);
    const readme = committed('README.md');
    const outside = (text: string) => text.slice(0, text.indexOf(README_BEGIN)) + text.slice(text.indexOf(README_END));
    assert.equal(outside(regenerate('README.md', readme, RULES.slice(1))), outside(readme));
  });

  it('notices a stale copy: a rule missing from a list, or a description edited by hand', () => {
    for (const file of GENERATED_FILES) {
      assert.notEqual(regenerate(file, committed(file), RULES.slice(1)), committed(file), `${file} without ${RULES[0].name}`);
    }
    const edited = committed('README.md').replace(RULES[0].description, 'something else');
    assert.notEqual(regenerate('README.md', edited, RULES), edited);
  });

  it('refuses a README whose table markers are gone, rather than losing the table', () => {
    assert.throws(() => regenerate('README.md', committed('README.md').replace(README_END, ''), RULES), /rules table must sit between/);
  });

  it('keeps a "|" in a description inside its README cell', () => {
    const piped = { ...RULES[0], description: 'A value is a | b.' } as Rule;
    const row = regenerate('README.md', committed('README.md'), [piped]).split('\n').find((line) => line.startsWith(`| \`${piped.name}\``));
    assert.equal(row?.split(/(?<!\\)\|/).length, 6, row);
  });
});

describe('a rule added as README "How to add a rule" says', () => {
  // Stands for a new rule file; the push below is its one registry line.
  const addedRule: Rule = {
    name: 'test-only-marker',
    clause: '5.2.1',
    defaultSeverity: 'warning',
    scope: 'document',
    description: 'A document says TEST-ONLY-MARKER, which only the test rule looks for.',
    check({ document, model }) {
      if (!model) return [];
      const offset = document.source.text.indexOf('TEST-ONLY-MARKER');
      if (offset < 0) return [];
      const start = document.lines.positionAt(offset);
      return [{ uri: document.source.uri, range: { start, end: { line: start.line, character: start.character + 16 } }, message: 'TEST-ONLY-MARKER found.' }];
    },
  };
  const threats = 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: TEST-ONLY-MARKER\n';

  before(() => (RULES as Rule[]).push(addedRule));
  after(() => (RULES as Rule[]).splice(RULES.indexOf(addedRule), 1));

  it('is checked by the CLI, named in its SARIF rule metadata and configurable in .clause-guide.yaml', () => {
    const root = workspace({ 'security/threats.yaml': threats });
    const json = cli(['check', '--format', 'json', '--fail-on', 'never', root], root);
    assert.ok(JSON.parse(json.stdout).some((finding: { rule: string; clause: string }) => finding.rule === addedRule.name && finding.clause === '5.2.1'), json.stdout);
    const sarif = JSON.parse(cli(['check', '--format', 'sarif', '--fail-on', 'never', root], root).stdout);
    assert.ok(sarif.runs[0].tool.driver.rules.some((rule: { id: string }) => rule.id === addedRule.name));

    fs.writeFileSync(path.join(root, '.clause-guide.yaml'), `rules:\n  ${addedRule.name}: off\n`);
    const off = cli(['check', '--format', 'json', '--fail-on', 'never', root], root);
    assert.equal(off.stderr, '');
    assert.ok(!JSON.parse(off.stdout).some((finding: { rule: string }) => finding.rule === addedRule.name), 'off in .clause-guide.yaml turns it off');
    assert.deepEqual(parseConfig(`rules:\n  ${addedRule.name}: error\n`, RULES.map((rule) => rule.name)).problems, []);
  });

  it('is run by the engine the server runs, at its default severity', () => {
    const found = analyzeFiles({ 'threats.yaml': threats }).of(addedRule.name);
    assert.deepEqual(found.map((finding) => [finding.severity, finding.range.start]), [['warning', { line: 3, character: 11 }]]);
  });

  it('appears in the settings, the config schema and the README table once generated', () => {
    const manifest = JSON.parse(regenerate('package.json', committed('package.json'), RULES));
    const setting = manifest.contributes.configuration.properties['clauseGuide.rules'].properties[addedRule.name];
    assert.match(setting.markdownDescription, /only the test rule looks for\. Serves: §5\.2\.1\. Default: `warning`\./);
    const schema = JSON.parse(regenerate('schemas/clause-guide-config.schema.json', committed('schemas/clause-guide-config.schema.json'), RULES));
    assert.equal(schema.properties.rules.properties[addedRule.name].markdownDescription, `${addedRule.description}\n\nServes: §5.2.1. Default severity: \`warning\`.`);
    const readme = regenerate('README.md', committed('README.md'), RULES);
    assert.ok(readme.includes(`| \`${addedRule.name}\` | §5.2.1 | warning | ${addedRule.description} |`));
  });
});
