// Trust boundaries drawn in Threat Dragon models (v2 `trust-boundary-box`/`trust-boundary-curve`,
// v1 `tm.Boundary`) are evidence for the architecture: the architecture model lists them with the
// model file, the diagram and the elements each separates, and the drawn diagram (SVG) and the
// Mermaid source show them beside the threats the same models bring. They join no zone of ours
// (a drawing has no zone ids), so they are shown as drawn, in their own panel.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { architectureMermaid, architectureModel, architectureSvg, WorkspaceIndex } from '../../../server/src/engine';
import { parse, REPO_ROOT } from '../../support/fixtures';
import { npmPackage, THREAT_DRAGON_CORE } from '../../support/realTools';

const V2 = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'threat-dragon', 'infusync-v2.json'), 'utf8');
const ARCHITECTURE = 'kind: security-architecture\nzones:\n  - id: Z-A\n    name: Hospital\n  - id: Z-B\n    name: Cloud\nboundaries:\n  - id: TB-1\n    between: [Z-A, Z-B]\n    controls: [CTL-1]\ncontrols:\n  - id: CTL-1\n    title: Mutual TLS\n    layer: network\n';

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [name, text] of Object.entries(files)) index.update(parse(text, name));
  return index;
}

describe('Threat Dragon trust boundaries in the architecture', function () {
  // The first run downloads the published v1 models from the npm registry.
  this.timeout(120_000);

  it('the model lists each drawn boundary with its file, diagram and what it separates (v2: a box and a curve)', () => {
    const model = architectureModel(indexOf({ 'security/clinic.threat-dragon.json': V2, 'arch.yaml': ARCHITECTURE }));
    assert.deepEqual(
      model.modelBoundaries.map((b) => [b.name, b.file, b.diagram, b.separates]),
      [
        ['Gateway', 'clinic.threat-dragon.json', 'Clinician access', ['Gateway API', 'Telemetry store']],
        ['Hospital network edge', 'clinic.threat-dragon.json', 'Clinician access', ['Clinician', 'Gateway API']],
      ],
    );
    // Our own boundaries are untouched: a drawing's boundary is not one of ours.
    assert.deepEqual(model.boundaries.map((b) => b.id), ['TB-1']);
  });

  it('draws them in their own panel of the SVG, each linked to the elements it separates', () => {
    const svg = architectureSvg(architectureModel(indexOf({ 'security/clinic.threat-dragon.json': V2, 'arch.yaml': ARCHITECTURE })));
    assert.match(svg, />Trust boundaries drawn in Threat Dragon models[^<]*</);
    assert.match(svg, /<g class="model-boundary" data-id="clinic\.threat-dragon\.json#Clinician access#Gateway">.*Gateway.*clinic\.threat-dragon\.json/s);
    assert.match(svg, /<g class="model-boundary" data-id="clinic\.threat-dragon\.json#Clinician access#Hospital network edge">/);
    for (const element of ['Clinician', 'Gateway API', 'Telemetry store']) assert.match(svg, new RegExp(`<g class="model-element" data-id="clinic\\.threat-dragon\\.json#Clinician access#${element}">`));
    assert.equal((svg.match(/<path class="separates" /g) ?? []).length, 4, 'two elements per boundary');
    assert.doesNotMatch(svg, /marker-end|<marker/, 'boundaries have no direction');
    assert.match(svg, /<title[^>]*>[^<]*2 trust boundaries drawn in Threat Dragon models/);
  });

  it('leaves the panel out when no model draws a boundary', () => {
    const svg = architectureSvg(architectureModel(indexOf({ 'arch.yaml': ARCHITECTURE })));
    assert.doesNotMatch(svg, /Threat Dragon|model-boundary/);
  });

  it('shows them in the Mermaid source as undirected links to the separated elements', () => {
    const mermaid = architectureMermaid(indexOf({ 'security/clinic.threat-dragon.json': V2, 'arch.yaml': ARCHITECTURE }));
    assert.match(mermaid, /subgraph td_1\["Threat Dragon: clinic\.threat-dragon\.json, Clinician access"\]/);
    assert.match(mermaid, /td_1_b1\{\{"Gateway: trust boundary"\}\}/);
    assert.match(mermaid, /td_1_b1 --- td_1_e\d+/);
    assert.equal((mermaid.match(/ --- /g) ?? []).length, 4);
    assert.match(mermaid, /td_1_e\d+\(\["Telemetry store"\]\)/);
  });

  it('reads the unnamed v1 boundaries (tm.Boundary lines) of a published model, numbered on their diagram', () => {
    const core = npmPackage(THREAT_DRAGON_CORE);
    const corning = fs.readFileSync(path.join(core, 'utils', 'threat-mvp', 'td_json', 'corning.json'), 'utf8');
    const model = architectureModel(indexOf({ 'corning.json': corning }));
    assert.equal(model.modelBoundaries.length, 7);
    assert.deepEqual(model.modelBoundaries[1], { name: 'trust boundary 2', named: false, file: 'corning.json', uri: 'file:///ws/corning.json', diagram: 'Corning', separates: ['Cognito', 'Active\nDirectory'] });
    const svg = architectureSvg(model);
    assert.equal((svg.match(/<g class="model-boundary"/g) ?? []).length, 7);
    assert.match(svg, /data-id="corning\.json#Corning#trust boundary 2">.*trust boundary 2 \(unnamed\)/s);
  });
});
