import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { looksLikeThreatDragon, readThreatDragon, threatStatus } from '../../../server/src/engine/evidence/threatDragon';
import { REPO_ROOT } from '../../support/fixtures';
import { npmPackage, THREAT_DRAGON_CORE } from '../../support/realTools';

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));
const V2_MODEL = path.join(REPO_ROOT, 'test', 'fixtures', 'threat-dragon', 'infusync-v2.json');

/** The value a JSON Pointer names. */
function at(value: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')], value);
}

describe('Threat Dragon model reader', function () {
  // The first run downloads the published package from the npm registry.
  this.timeout(120_000);

  describe('published v1 models (owasp-threat-dragon-core@1.4.0, Apache-2.0, from the npm registry)', () => {
    let core: string;
    before(() => {
      core = npmPackage(THREAT_DRAGON_CORE);
    });

    it('reads the test model: two threats on a process, numbered in file order, with their element', () => {
      const value = readJson(path.join(core, 'test', 'spec', 'threatmodels', 'test-model.json'));
      assert.ok(looksLikeThreatDragon(value));
      const model = readThreatDragon(value);
      assert.deepEqual(model.problems, []);
      assert.deepEqual(model.layouts, ['v1']);
      assert.equal(model.title, 'Test Model');
      assert.deepEqual(
        model.threats.map((t) => [t.number, t.numbered, t.title, t.type, t.severity, t.status, t.element.name, t.element.role]),
        [
          [1, false, 'Generic spoofing threat', 'Spoofing', 'Medium', 'Open', 'process 0', 'process'],
          [2, false, 'Generic tampering threat', 'Tampering', 'Medium', 'Mitigated', 'process 0', 'process'],
        ],
      );
      // The pointer names the threat object in the file.
      assert.equal((at(value, model.threats[1].pointer) as { title: string }).title, 'Generic tampering threat');
      assert.equal(model.elements[1].outOfScope, true);
      assert.equal(model.elements[1].reasonOutOfScope, 'Test reason');
    });

    it('reads every model of the threat-mvp set without a problem, threats on flows and boundaries included', () => {
      const folder = path.join(core, 'utils', 'threat-mvp', 'td_json');
      const files = fs.readdirSync(folder).filter((name) => name.endsWith('.json')).sort();
      assert.deepEqual(files, ['asuite.json', 'corning.json', 'first_tm.json', 'momentum.json', 'test1.json']);
      let total = 0;
      for (const file of files) {
        const value = readJson(path.join(folder, file));
        const model = readThreatDragon(value);
        assert.deepEqual(model.problems, [], file);
        assert.ok(model.layouts.every((layout) => layout === 'v1'), file);
        // Numbers are unique within a model, and each pointer names a threat with the same title.
        assert.equal(new Set(model.threats.map((t) => t.number)).size, model.threats.length, file);
        for (const threat of model.threats) assert.equal((at(value, threat.pointer) as { title: string }).title.trim(), threat.title, `${file} ${threat.pointer}`);
        total += model.threats.length;
      }
      assert.equal(total, 20 + 26 + 15 + 28 + 2);
      const first = readThreatDragon(readJson(path.join(folder, 'first_tm.json')));
      assert.ok(first.threats.some((t) => t.element.role === 'flow'), 'threats on a flow');
      assert.ok(first.threats.some((t) => t.mitigation === 'mitigations ST2'));
      // v1 trust boundaries are lines (tm.Boundary): they separate the ends of the flows that cross them.
      const corning = readThreatDragon(readJson(path.join(folder, 'corning.json')));
      assert.equal(corning.boundaries.length, 7);
      assert.deepEqual(corning.boundaries[1].separates.map((e) => e.name), ['Cognito', 'Active\nDirectory']);
    });

    it('a model whose version says 2.x while its diagrams are v1 is read, not called invalid', () => {
      const value = readJson(path.join(core, 'test', 'spec', 'threatmodels', 'test-model.json')) as Record<string, unknown>;
      const model = readThreatDragon({ ...value, version: '2.0.0' });
      assert.deepEqual(model.problems, []);
      assert.deepEqual(model.layouts, ['v1']);
      assert.equal(model.threats.length, 2);
    });
  });

  describe('the v2 layout (a model drawn following Threat Dragon\'s v2 schema)', () => {
    const value = readJson(V2_MODEL);
    const model = readThreatDragon(value);

    it('reads threats from data.threats with their numbers, STRIDE type, severity, status and mitigation', () => {
      assert.deepEqual(model.problems, []);
      assert.deepEqual(model.layouts, ['v2']);
      assert.deepEqual(
        model.threats.map((t) => [t.number, t.numbered, t.type, t.severity, threatStatus(t.status), t.element.name]),
        [
          [1, true, 'Spoofing', 'High', 'open', 'Clinician'],
          [2, true, 'Tampering', 'High', 'mitigated', 'Gateway API'],
          [3, true, 'Denial of service', 'Medium', 'notapplicable', 'Gateway API'],
          [4, true, 'Repudiation', 'Low', 'notapplicable', 'Gateway API'],
          [5, true, 'Information disclosure', 'Critical', 'open', 'Telemetry store'],
          [6, true, 'Spoofing', 'Medium', 'open', 'HTTPS requests'],
        ],
      );
      assert.equal(at(value, model.threats[4].numberPointer!), 5);
      assert.match(model.threats[1].mitigation, /^Requests are signed/);
    });

    it('finds what each trust boundary separates: the elements in a box, the ends of flows crossing a curve', () => {
      assert.deepEqual(
        model.boundaries.map((b) => [b.element.name, b.separates.map((e) => e.name)]),
        [
          ['Gateway', ['Gateway API', 'Telemetry store']],
          ['Hospital network edge', ['Clinician', 'Gateway API']],
        ],
      );
    });

    it('mixes layouts per diagram, and numbers unnumbered threats after threatTop', () => {
      const v1 = { diagramJson: { cells: [{ type: 'tm.Process', id: 'p', attrs: { text: { text: 'P' } }, threats: [{ title: 'T', status: 'Open', type: 'Spoofing', severity: 'Low' }] }] } };
      const mixed = readThreatDragon({ ...(value as object), detail: { ...(value as { detail: object }).detail, diagrams: [...(value as { detail: { diagrams: unknown[] } }).detail.diagrams, v1] } });
      assert.deepEqual(mixed.problems, []);
      assert.deepEqual(mixed.layouts, ['v2', 'v1']);
      assert.deepEqual(mixed.threats.at(-1)!.number, 7);
    });
  });

  describe('what is wrong with a model', () => {
    it('names the place of each problem, and never throws', () => {
      const model = readThreatDragon({ summary: { title: 'x' }, detail: { diagrams: [{ cells: [{ shape: 'process', data: { threats: [{ title: 3, status: 'Open', type: 'Spoofing', number: -1 }] } }] }] } });
      assert.deepEqual(model.problems.map((p) => p.pointer), ['/detail/diagrams/0/cells/0/data/threats/0/title', '/detail/diagrams/0/cells/0/data/threats/0/number']);
      assert.deepEqual(readThreatDragon([]).problems.map((p) => p.pointer), ['']);
      assert.deepEqual(readThreatDragon({ summary: {}, detail: {} }).problems.map((p) => p.pointer), ['/summary', '/detail']);
      assert.deepEqual(readThreatDragon({ summary: { title: 't' }, detail: { diagrams: [{ cells: 'x' }] } }).problems.map((p) => p.pointer), ['/detail/diagrams/0/cells']);
      for (const hostile of [null, 1, 'x', { summary: { title: 't' }, detail: { diagrams: [null, { diagramJson: { cells: [null, { threats: {} }] } }] } }]) readThreatDragon(hostile);
    });

    it('sniffs models only: other JSON is not Threat Dragon', () => {
      assert.ok(!looksLikeThreatDragon({ bomFormat: 'CycloneDX' }));
      assert.ok(!looksLikeThreatDragon({ summary: {}, detail: {} }));
      assert.ok(!looksLikeThreatDragon([]));
    });
  });
});
