// Two Threat Dragon models both number their threats from 1, so without a prefix per model their
// threats share ids (TD-1 twice) and a control mitigating TD-1 would clear both. The project's
// `.clause-guide.yaml` gives a model its own prefix (threatDragonPrefixes); the CLI, the server
// and git snapshots read it through the project (node/projects.ts).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig, RULES, WorkspaceIndex } from '../../server/src/engine';
import { cli, workspace } from '../support/cli';
import { parse, REPO_ROOT, textAt } from '../support/fixtures';
import { analyzeFiles, onlyRules, uriOf } from '../support/workspace';

const V2 = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'threat-dragon', 'infusync-v2.json'), 'utf8');
const SBOM = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'sbom', 'clause-guide.cdx.json'), 'utf8');
const architecture = (mitigates: string) =>
  `kind: security-architecture\ncontrols:\n  - id: CTL-MFA\n    title: Second factor\n    layer: authentication\n    mitigates: ${mitigates}\n    safety_impact: none\n`;

interface JsonFinding {
  file: string;
  rule: string;
  message: string;
}

function findings(root: string): JsonFinding[] {
  return JSON.parse(cli(['check', '--format', 'json', '.'], root).stdout) as JsonFinding[];
}

/** The ids threat-unmitigated names, per model file. */
function unmitigated(list: JsonFinding[]): Record<string, string[]> {
  const byFile: Record<string, string[]> = {};
  for (const finding of list) {
    if (finding.rule !== 'threat-unmitigated') continue;
    const id = /\b((?:TD|PAY)-\d+)\b/.exec(finding.message)?.[1] ?? '?';
    (byFile[finding.file] ??= []).push(id);
  }
  for (const ids of Object.values(byFile)) ids.sort();
  return byFile;
}

describe('Threat Dragon id prefixes per model (.clause-guide.yaml threatDragonPrefixes)', function () {
  this.timeout(60_000);

  it('gives a listed model its own ids, so a control mitigating one model\'s threat does not clear the other\'s', () => {
    const files = { 'security/clinic.threat-dragon.json': V2, 'security/payments.threat-dragon.json': V2, 'security/arch.yaml': architecture('[PAY-1, PAY-4, PAY-5, PAY-6]') };
    const prefixed = findings(workspace({ ...files, '.clause-guide.yaml': 'threatDragonPrefixes:\n  security/payments.threat-dragon.json: PAY-\n' }));
    assert.deepEqual(unmitigated(prefixed), { 'security/clinic.threat-dragon.json': ['TD-1', 'TD-4', 'TD-5', 'TD-6'] }, 'PAY-… are the payments model\'s threats, mitigated; the clinic\'s are not');
    assert.deepEqual(prefixed.filter((f) => f.rule === 'unknown-reference'), []);

    // Without the prefix both models define TD-1…: PAY-… names nothing, and nothing tells the two apart.
    const plain = findings(workspace(files));
    assert.deepEqual(unmitigated(plain), { 'security/clinic.threat-dragon.json': ['TD-1', 'TD-4', 'TD-5', 'TD-6'], 'security/payments.threat-dragon.json': ['TD-1', 'TD-4', 'TD-5', 'TD-6'] });
    assert.equal(plain.filter((f) => f.rule === 'unknown-reference').length, 4);
  });

  it('builds the models already indexed again when the prefixes change, and not when they stay', () => {
    const index = new WorkspaceIndex();
    index.update(parse(V2, 'a.threat-dragon.json'));
    const ids = () => index.items('threats').map((item) => item.id?.text).sort();
    assert.deepEqual(ids(), ['TD-1', 'TD-2', 'TD-3', 'TD-4', 'TD-5', 'TD-6']);
    index.setThreatDragonPrefixes('k1', (uri) => (uri.endsWith('/a.threat-dragon.json') ? 'CA-' : undefined));
    assert.deepEqual(ids(), ['CA-1', 'CA-2', 'CA-3', 'CA-4', 'CA-5', 'CA-6']);
    const generation = index.generation;
    index.setThreatDragonPrefixes('k1', () => 'XX-');
    assert.equal(index.generation, generation, 'the same key changes nothing');
    index.setThreatDragonPrefixes('', undefined);
    assert.deepEqual(ids(), ['TD-1', 'TD-2', 'TD-3', 'TD-4', 'TD-5', 'TD-6']);
  });

  it('is checked in the configuration: a prefix of id characters, one per model', () => {
    const read = (text: string) => parseConfig(text, RULES.map((rule) => rule.name));
    assert.deepEqual(read('threatDragonPrefixes:\n  ./security/a.json: TDA-\n  security/b.json: TDB_\n').config.threatDragonPrefixes, { 'security/a.json': 'TDA-', 'security/b.json': 'TDB_' });
    const bad = read('threatDragonPrefixes:\n  security/a.json: "1-"\n  security/b.json: TDB-\n  security/c.json: tdb-\n');
    assert.deepEqual(bad.config.threatDragonPrefixes, { 'security/b.json': 'TDB-' });
    assert.match(bad.problems[0].message, /The prefix of security\/a\.json must start with a letter/);
    assert.match(bad.problems[1].message, /security\/c\.json and security\/b\.json have the same prefix tdb-/);
    assert.match(read('threatDragonPrefixes: TDA-\n').problems[0].message, /'threatDragonPrefixes' must be a mapping/);
  });

  describe('the same id in two models, or in a model and our YAML, with no prefix to tell them apart', () => {
    const duplicates = (files: Record<string, string>, config = {}) => analyzeFiles(files, { ...onlyRules('duplicate-id'), ...config }).of('duplicate-id');

    it('is a duplicate-id on each definition, naming both files and the way out', () => {
      const files = { 'security/clinic.threat-dragon.json': V2, 'security/payments.threat-dragon.json': V2 };
      const found = duplicates(files);
      assert.equal(found.length, 12, 'TD-1 to TD-6, once in each model');
      const first = found.find((f) => f.uri === uriOf('security/clinic.threat-dragon.json') && f.message.startsWith('Id TD-5 '))!;
      assert.ok(first, found.map((f) => f.message).join('\n'));
      assert.equal(textAt(V2, first.range), '5', 'at the threat\'s number');
      assert.match(first.message, /^Id TD-5 is defined 2 times, in clinic\.threat-dragon\.json and payments\.threat-dragon\.json\./);
      assert.match(first.message, /threatDragonPrefixes/);
      assert.deepEqual(first.related!.map((r) => r.uri), [uriOf('security/payments.threat-dragon.json')]);
    });

    it('is a duplicate-id when a threat of our threat model has a Threat Dragon id', () => {
      const threatModel = 'kind: threat-model\nthreats:\n  - id: TD-2\n    title: Tampering with requests\n';
      const found = duplicates({ 'security/clinic.threat-dragon.json': V2, 'security/threats.yaml': threatModel });
      assert.deepEqual(found.map((f) => [f.uri, f.message.split(',')[0]]), [
        [uriOf('security/clinic.threat-dragon.json'), 'Id TD-2 is defined 2 times'],
        [uriOf('security/threats.yaml'), 'Id TD-2 is defined 2 times'],
      ]);
      assert.match(found[1].message, /in clinic\.threat-dragon\.json and threats\.yaml/);
    });

    it('is silent once a prefix tells the models apart, and for a component two SBOMs both list', () => {
      const files = { 'security/clinic.threat-dragon.json': V2, 'security/payments.threat-dragon.json': V2 };
      const index = new WorkspaceIndex();
      index.setThreatDragonPrefixes('k', (uri) => (uri.endsWith('/payments.threat-dragon.json') ? 'PAY-' : undefined));
      for (const [name, text] of Object.entries(files)) index.update(parse(text, name));
      assert.deepEqual(index.duplicateDefinitions().map(([id]) => id), []);
      assert.deepEqual(findings(workspace({ ...files, '.clause-guide.yaml': 'threatDragonPrefixes:\n  security/payments.threat-dragon.json: PAY-\n' })).filter((f) => f.rule === 'duplicate-id'), []);
      assert.deepEqual(duplicates({ 'a/bom.json': SBOM, 'b/bom.json': SBOM }), []);
    });
  });
});
