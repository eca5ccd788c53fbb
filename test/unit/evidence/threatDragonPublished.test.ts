// The v2-layout model that OWASP Threat Dragon itself publishes: its "Demo Threat Model"
// (td.vue/src/service/demo/v2-threat-model.json at 6b72aad, Apache-2.0; see
// test/fixtures/threat-dragon/NOTICE), committed byte for byte because no v2 model is on the npm
// registry. Expected values were counted from the file with a script, not read off by eye.
import { strict as assert } from 'node:assert';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readThreatDragon, threatStatus } from '../../../server/src/engine/evidence/threatDragon';
import { definitionAt, idHoverAt } from '../../../server/src/engine/navigation';
import { threatDragonBoundaries } from '../../../server/src/engine/reports/architecture';
import { cli, workspace } from '../../support/cli';
import { REPO_ROOT, textAt } from '../../support/fixtures';
import { analyzeFiles, uriOf } from '../../support/workspace';

const FILE = path.join(REPO_ROOT, 'test', 'fixtures', 'threat-dragon', 'published-v2-demo.json');
const TEXT = fs.readFileSync(FILE, 'utf8');
const MODEL = 'demo.threat-dragon.json';
const architecture = (mitigates: string) =>
  `kind: security-architecture\ncontrols:\n  - id: CTL-Q\n    title: Queue hardening\n    layer: application\n    mitigates: ${mitigates}\n    safety_impact: none\n`;

/** The threats, in file order: id, title, type, severity, status, element, element's role, place in the file. */
const THREATS: [string, string, string, string, string, string, string, string][] = [
  ['TD-1', 'Accessing DB credentials', 'Information disclosure', 'High', 'Open', 'Worker Config', 'store', '/detail/diagrams/0/cells/0/data/threats/0'],
  ['TD-2', 'Unauthorised access', 'Information disclosure', 'High', 'Mitigated', 'Database', 'store', '/detail/diagrams/0/cells/1/data/threats/0'],
  ['TD-3', 'Credential theft', 'Information disclosure', 'Medium', 'Open', 'Database', 'store', '/detail/diagrams/0/cells/1/data/threats/1'],
  ['TD-4', 'Credentials should be encrypted', 'Information disclosure', 'High', 'Open', 'Web Application Config', 'store', '/detail/diagrams/0/cells/2/data/threats/0'],
  ['TD-5', 'Message secrecy', 'Information disclosure', 'Low', 'Open', 'Message Queue', 'store', '/detail/diagrams/0/cells/3/data/threats/0'],
  ['TD-6', 'Message tampering', 'Tampering', 'Medium', 'Open', 'Message Queue', 'store', '/detail/diagrams/0/cells/3/data/threats/1'],
  ['TD-7', 'Fake messages could be placed on the queue', 'Spoofing', 'High', 'Mitigated', 'Message Queue', 'store', '/detail/diagrams/0/cells/3/data/threats/2'],
  ['TD-8', 'Poison messages 1', 'Denial of service', 'Medium', 'Open', 'Background\nWorker Process', 'process', '/detail/diagrams/0/cells/4/data/threats/0'],
  ['TD-9', 'Poison messages 2', 'Denial of service', 'Medium', 'Open', 'Background\nWorker Process', 'process', '/detail/diagrams/0/cells/4/data/threats/1'],
  ['TD-10', 'Data flow should use HTTP/S', 'Information disclosure', 'High', 'Open', 'Put Message', 'flow', '/detail/diagrams/0/cells/7/data/threats/0'],
  ['TD-11', 'Data flow should use HTTP/S', 'Information disclosure', 'High', 'Open', 'Message', 'flow', '/detail/diagrams/0/cells/8/data/threats/0'],
  ['TD-12', 'Man in the middle attack', 'Information disclosure', 'Low', 'Open', 'Worker Query Results', 'flow', '/detail/diagrams/0/cells/9/data/threats/0'],
  ['TD-13', 'Data flow should use HTTP/S', 'Information disclosure', 'High', 'Mitigated', 'Web Response', 'flow', '/detail/diagrams/0/cells/10/data/threats/0'],
  ['TD-14', 'Data flow should use HTTP/S', 'Information disclosure', 'High', 'Mitigated', 'Web Request', 'flow', '/detail/diagrams/0/cells/19/data/threats/0'],
];
const OPEN = THREATS.filter((t) => t[4] === 'Open').map((t) => t[0]);
const HIGH_OPEN = THREATS.filter((t) => t[4] === 'Open' && t[3] === 'High').map((t) => t[0]);

/** Position of the first `needle` in `text`. */
function positionOf(text: string, needle: string) {
  const at = text.indexOf(needle);
  return { line: text.slice(0, at).split('\n').length - 1, character: at - text.lastIndexOf('\n', at) - 1 };
}

describe('the v2 model Threat Dragon publishes (its Demo Threat Model, Apache-2.0)', function () {
  this.timeout(60_000);

  it('is the published file, byte for byte (its git blob hash at OWASP/threat-dragon 6b72aad)', () => {
    const bytes = fs.readFileSync(FILE);
    const blob = crypto.createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    assert.equal(blob, 'be16e50c6e2b942e7aa64d6a7ddacf1612b78fea');
  });

  describe('the reader', () => {
    const value = JSON.parse(TEXT) as { detail: { threatTop: number } };
    const model = readThreatDragon(value);

    it('reads it as one v2 diagram, without a problem', () => {
      assert.deepEqual(model.problems, []);
      assert.deepEqual(model.layouts, ['v2']);
      assert.equal(model.title, 'Demo Threat Model');
      assert.equal(model.version, '2.3.0');
      assert.equal(value.detail.threatTop, 0);
    });

    it('reads its 14 threats: none has a number, so they are numbered from 1 in file order, with type, severity, status, element and place', () => {
      assert.deepEqual(
        model.threats.map((t) => [`TD-${t.number}`, t.title, t.type, t.severity, t.status, t.element.name, t.element.role, t.pointer]),
        THREATS,
      );
      assert.ok(model.threats.every((t) => !t.numbered && t.numberPointer === undefined));
      assert.deepEqual(model.threats.map((t) => threatStatus(t.status)).filter((s) => s === 'open').length, 10);
      // Every threat writes its mitigation, Open ones too (Threat Dragon suggests one with each threat).
      assert.equal(model.threats[0].mitigation, 'Encrypt the DB credentials in the configuration file.\n\nExpire and replace the DB credentials regularly.');
      assert.equal(model.threats[1].mitigation, 'Require all queries to be authenticated.');
      assert.ok(model.threats.every((t) => t.mitigation.length > 0 && t.description.length > 0));
      // One threat is on an element the model puts out of scope without a reason.
      assert.deepEqual(model.threats.filter((t) => t.element.outOfScope).map((t) => [t.number, t.element.name, t.element.reasonOutOfScope]), [[4, 'Web Application Config', '']]);
    });

    it('reads its elements and flows: 7 elements, 10 flows (one starts from a point), 3 boundaries, 1 text block', () => {
      const roles: Record<string, number> = {};
      for (const element of model.elements) roles[element.role] = (roles[element.role] ?? 0) + 1;
      assert.deepEqual(roles, { store: 4, process: 2, actor: 1, flow: 10, boundary: 3, other: 1 });
      const names = new Map(model.elements.map((e) => [e.id, e.name]));
      assert.deepEqual(
        model.elements.filter((e) => e.role === 'flow').map((e) => [e.name, e.source && names.get(e.source), names.get(e.target!), e.outOfScope]),
        [
          ['Put Message', 'Web\nApplication', 'Message Queue', false],
          ['Message', 'Message Queue', 'Background\nWorker Process', false],
          ['Worker Query Results', 'Database', 'Background\nWorker Process', false],
          ['Web Response', 'Web\nApplication', 'Browser', false],
          ['Read web app config', 'Web Application Config', 'Web\nApplication', true],
          ['Read worker config', 'Worker Config', 'Background\nWorker Process', true],
          ['Queries', 'Web\nApplication', 'Database', false],
          ['Web App Query\nResults', 'Database', 'Web\nApplication', false],
          ['Worker Queries', 'Background\nWorker Process', 'Database', false],
          // Drawn from a point on the canvas (the browser's side), not from an element.
          ['Web Request', undefined, 'Web\nApplication', false],
        ],
      );
    });

    it('finds what its three unnamed trust-boundary curves separate: the ends of the flows crossing each', () => {
      assert.deepEqual(
        model.boundaries.map((b) => [b.element.name, b.element.points!.length, b.separates.map((e) => e.name)]),
        [
          ['', 4, ['Web\nApplication', 'Message Queue', 'Background\nWorker Process']],
          ['', 5, ['Database', 'Background\nWorker Process', 'Web\nApplication']],
          ['', 3, ['Web\nApplication', 'Browser']],
        ],
      );
    });
  });

  describe('in the index, with the rules that read Threat Dragon threats', () => {
    it('threat-unmitigated: each Open threat at its title; a Mitigated threat with its mitigation written is settled', () => {
      const analysed = analyzeFiles({ [MODEL]: TEXT, 'arch.yaml': architecture('[TD-6]') });
      assert.deepEqual(analysed.of('evidence-file-invalid'), []);
      const found = analysed.of('threat-unmitigated');
      const expected = OPEN.filter((id) => id !== 'TD-6');
      assert.deepEqual(found.map((f) => /^No control mitigates threat (TD-\d+) /.exec(f.message)?.[1]), expected);
      assert.deepEqual(found.map((f) => f.uri), expected.map(() => uriOf(MODEL)));
      // No number in the file: the finding sits on the threat's title.
      assert.deepEqual(found.map((f) => textAt(TEXT, f.range)), expected.map((id) => JSON.stringify(THREATS.find((t) => t[0] === id)![1])));
      assert.match(found[0].message, /^No control mitigates threat TD-1 \(Accessing DB credentials\), which Threat Dragon has as Open\./);
      // Open on an element out of scope (TD-4) still needs a control: Open always does.
      assert.ok(found.some((f) => f.message.startsWith('No control mitigates threat TD-4 ')));
      // High and Open with neither a requirement nor a control: threat-untreated too.
      assert.deepEqual(analysed.of('threat-untreated').map((f) => /Threat (TD-\d+) /.exec(f.message)?.[1]), HIGH_OPEN);

      const cleared = analyzeFiles({ [MODEL]: TEXT, 'arch.yaml': architecture(`[${OPEN.join(', ')}]`) });
      assert.deepEqual(cleared.of('threat-unmitigated'), []);
      assert.deepEqual(cleared.of('threat-untreated'), []);
      assert.deepEqual(cleared.of('unknown-reference'), []);
    });

    it('unknown-reference past its last threat; go to definition lands on the threat\'s title; hover shows it in one line', () => {
      const arch = architecture('[TD-8, TD-15]');
      const analysed = analyzeFiles({ [MODEL]: TEXT, 'arch.yaml': arch });
      assert.deepEqual(analysed.of('unknown-reference').map((f) => textAt(arch, f.range)), ['TD-15']);
      const position = positionOf(arch, 'TD-8');
      const [definition] = definitionAt(analysed.index, uriOf('arch.yaml'), position);
      assert.equal(definition.uri, uriOf(MODEL));
      assert.equal(textAt(TEXT, definition.range), '"Poison messages 1"');
      const hover = idHoverAt(analysed.index, uriOf('arch.yaml'), position)!;
      assert.match(hover, /\*\*TD-8\*\* — Poison messages 1/);
      assert.match(hover, /category: `Denial of service` · status: `Open` · severity: `Medium` · element: `Background Worker Process`/);
    });

    it('duplicate-id: two copies of it define TD-1…TD-14 twice; with our drawn v2 model TD-1…TD-6', () => {
      const twice = analyzeFiles({ 'a.threat-dragon.json': TEXT, 'b.threat-dragon.json': TEXT });
      const ids = (list: { message: string; uri: string }[], uri: string) => list.filter((f) => f.uri === uri).map((f) => /^Id (TD-\d+) /.exec(f.message)?.[1]);
      const all = THREATS.map((t) => t[0]);
      assert.deepEqual(ids(twice.of('duplicate-id'), uriOf('a.threat-dragon.json')), all);
      assert.deepEqual(ids(twice.of('duplicate-id'), uriOf('b.threat-dragon.json')), all);
      const drawn = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'threat-dragon', 'infusync-v2.json'), 'utf8');
      const withOurs = analyzeFiles({ [MODEL]: TEXT, 'ours.threat-dragon.json': drawn });
      assert.deepEqual(ids(withOurs.of('duplicate-id'), uriOf(MODEL)), ['TD-1', 'TD-2', 'TD-3', 'TD-4', 'TD-5', 'TD-6']);
    });

    it('NotApplicable on the element it puts out of scope without a reason is no justification; the reason written is one', () => {
      // TD-4 sits on "Web Application Config", which the demo marks out of scope with an empty reason.
      const edited = (reasonOutOfScope: string) => {
        const value = JSON.parse(TEXT);
        const store = value.detail.diagrams[0].cells[2].data;
        Object.assign(store.threats[0], { status: 'NotApplicable', mitigation: '' });
        store.reasonOutOfScope = reasonOutOfScope;
        return JSON.stringify(value, null, 2);
      };
      const unjustified = analyzeFiles({ [MODEL]: edited(''), 'arch.yaml': architecture(`[${OPEN.filter((id) => id !== 'TD-4').join(', ')}]`) });
      assert.deepEqual(unjustified.of('threat-unmitigated').map((f) => /^Threat Dragon marks (TD-\d+) \(Credentials should be encrypted\) NotApplicable without a justification\./.exec(f.message)?.[1]), ['TD-4']);
      const justified = analyzeFiles({ [MODEL]: edited('Configuration is read from the host, outside the product'), 'arch.yaml': architecture(`[${OPEN.filter((id) => id !== 'TD-4').join(', ')}]`) });
      assert.deepEqual(justified.of('threat-unmitigated'), []);
    });

    it('its trust boundaries reach the architecture model, named by their place as they have no name', () => {
      const analysed = analyzeFiles({ [MODEL]: TEXT });
      assert.deepEqual(
        threatDragonBoundaries(analysed.index).map((b) => [b.name, b.named, b.diagram, b.separates.length]),
        [
          ['trust boundary 1', false, 'Main Request Data Flow', 3],
          ['trust boundary 2', false, 'Main Request Data Flow', 3],
          ['trust boundary 3', false, 'Main Request Data Flow', 2],
        ],
      );
    });
  });

  it('the CLI reads it from disk under its own prefix: the same Open threats, as PUB-<n>', () => {
    const root = workspace({
      'security/demo.threat-dragon.json': TEXT,
      'security/arch.yaml': architecture('[PUB-6, PUB-8]'),
      '.clause-guide.yaml': 'threatDragonPrefixes:\n  security/demo.threat-dragon.json: PUB-\n',
    });
    const found = (JSON.parse(cli(['check', '--format', 'json', '.'], root).stdout) as { file: string; rule: string; message: string }[]).filter((f) => f.rule === 'threat-unmitigated');
    assert.deepEqual(
      found.map((f) => [f.file, /threat (PUB-\d+) /.exec(f.message)?.[1]]),
      OPEN.filter((id) => id !== 'TD-6' && id !== 'TD-8').map((id) => ['security/demo.threat-dragon.json', id.replace('TD-', 'PUB-')]),
    );
  });
});
