import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { definitionAt, idHoverAt } from '../../../server/src/engine/navigation';
import { REPO_ROOT, textAt } from '../../support/fixtures';
import { npmPackage, THREAT_DRAGON_CORE } from '../../support/realTools';
import { analyzeFiles, uriOf } from '../../support/workspace';

const V2 = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'threat-dragon', 'infusync-v2.json'), 'utf8');
const architecture = (mitigates: string) =>
  `kind: security-architecture\ncontrols:\n  - id: CTL-MFA\n    title: Second factor\n    layer: authentication\n    mitigates: ${mitigates}\n    safety_impact: none\n`;

describe('Threat Dragon threats in the index', function () {
  this.timeout(120_000);

  it('an Open threat no control mitigates is threat-unmitigated at its number in the JSON; a control mitigating it clears it', () => {
    const files = { 'tm.threat-dragon.json': V2, 'arch.yaml': architecture('[TD-6]') };
    const findings = analyzeFiles(files).of('threat-unmitigated');
    assert.deepEqual(findings.map((f) => [f.uri, textAt(V2, f.range)]), [
      [uriOf('tm.threat-dragon.json'), '1'],
      [uriOf('tm.threat-dragon.json'), '4'],
      [uriOf('tm.threat-dragon.json'), '5'],
    ]);
    assert.match(findings[0].message, /^No control mitigates threat TD-1 \(Clinician credentials phished\), which Threat Dragon has as Open\./);
    // TD-4 is NotApplicable without a reason; TD-3 gives its reason; TD-2 is Mitigated with its mitigation.
    assert.match(findings[1].message, /^Threat Dragon marks TD-4 .* NotApplicable without a justification/);
    const cleared = analyzeFiles({ ...files, 'arch.yaml': architecture('[TD-6, TD-1, TD-5, TD-4]') });
    assert.deepEqual(cleared.of('threat-unmitigated'), []);
    assert.deepEqual(cleared.of('unknown-reference'), []);
  });

  it('mitigates: [TD-99] is unknown-reference; go to definition lands on the threat inside the JSON; hover shows it', () => {
    const arch = architecture('[TD-5, TD-99]');
    const analysed = analyzeFiles({ 'tm.threat-dragon.json': V2, 'arch.yaml': arch });
    assert.deepEqual(analysed.of('unknown-reference').map((f) => textAt(arch, f.range)), ['TD-99']);
    const at = arch.indexOf('TD-5');
    const position = { line: arch.slice(0, at).split('\n').length - 1, character: at - arch.lastIndexOf('\n', at) - 1 };
    const [definition] = definitionAt(analysed.index, uriOf('arch.yaml'), position);
    assert.equal(definition.uri, uriOf('tm.threat-dragon.json'));
    assert.equal(textAt(V2, definition.range), '5');
    assert.match(V2.split('\n')[definition.range.start.line], /"number": 5/);
    const hover = idHoverAt(analysed.index, uriOf('arch.yaml'), position)!;
    assert.match(hover, /Telemetry read from a stolen disk/);
    assert.match(hover, /Information disclosure/);
  });

  it('a published v1 model (owasp-threat-dragon-core 1.4.0) joins the index: its threats are TD-1, TD-2 in file order', () => {
    const text = fs.readFileSync(path.join(npmPackage(THREAT_DRAGON_CORE), 'test', 'spec', 'threatmodels', 'test-model.json'), 'utf8');
    const analysed = analyzeFiles({ 'test-model.threat-dragon.json': text, 'arch.yaml': architecture('[TD-1]') });
    assert.deepEqual(analysed.of('evidence-file-invalid'), []);
    // TD-2 is Mitigated in the model but writes no mitigation: still a finding.
    assert.deepEqual(analysed.of('threat-unmitigated').map((f) => f.message.slice(0, 61)), ['Threat Dragon marks TD-2 (Generic tampering threat) Mitigated']);
    // Its version says 2.x while its diagram is v1: read, not invalid.
    const relabelled = analyzeFiles({ 'm.threat-dragon.json': text.replace('{', '{\n  "version": "2.0.0",'), 'arch.yaml': architecture('[TD-1]') });
    assert.deepEqual(relabelled.of('evidence-file-invalid'), []);
    assert.equal(relabelled.of('threat-unmitigated').length, 1);
  });

  it('a broken model is evidence-file-invalid at the place, and its threats are not in the index', () => {
    const broken = V2.replace('"title": "Clinician credentials phished"', '"title": 7');
    const analysed = analyzeFiles({ 'tm.threat-dragon.json': broken, 'arch.yaml': architecture('[TD-1]') });
    const [invalid] = analysed.of('evidence-file-invalid');
    assert.equal(textAt(broken, invalid.range), '7');
    assert.deepEqual(analysed.of('unknown-reference').map((f) => textAt(architecture('[TD-1]'), f.range)), ['TD-1']);
  });
});
