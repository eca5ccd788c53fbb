// Issue 14's done-when on the example workspace, through the CLI (test/lsp/workspace.test.ts shows
// the server gives the same findings): a requirement whose linked test fails gives
// verification-failed, a component without support data gives component-support-missing, and a
// control of ours that mitigates a Threat Dragon threat the model leaves Open clears its
// threat-unmitigated (and taking the id out of the control brings the finding back).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { cli } from '../support/cli';
import { REPO_ROOT } from '../support/fixtures';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'infusync');
const ARCHITECTURE = path.join('security', 'security-architecture.yaml');
const MODEL = path.join('security', 'clinician-access.threat-dragon.json');

interface JsonFinding {
  file: string;
  rule: string;
  message: string;
}

function check(root: string): JsonFinding[] {
  const result = cli(['check', '--format', 'json', '.'], root);
  return JSON.parse(result.stdout) as JsonFinding[];
}

/** The Open threats of the example's Threat Dragon model, by id (TD-<number>). */
function openThreatDragonIds(): Set<string> {
  const model = JSON.parse(fs.readFileSync(path.join(EXAMPLE, MODEL), 'utf8'));
  const ids = new Set<string>();
  for (const diagram of model.detail.diagrams) {
    for (const cell of diagram.cells ?? diagram.diagramJson?.cells ?? []) {
      for (const threat of cell.data?.threats ?? cell.threats ?? []) if (threat.status === 'Open' && threat.number !== undefined) ids.add(`TD-${threat.number}`);
    }
  }
  return ids;
}

describe('the example workspace shows the evidence files at work (issue 14)', function () {
  this.timeout(60000);
  let findings: JsonFinding[] = [];
  before(() => {
    findings = check(EXAMPLE);
  });

  it('a requirement whose linked test fails gives verification-failed', () => {
    const failed = findings.filter((finding) => finding.rule === 'verification-failed');
    assert.ok(failed.length >= 1, 'verification-failed fires');
    assert.ok(failed.every((finding) => /failed/.test(finding.message)), failed.map((f) => f.message).join('\n'));
  });

  it('a component without support data gives component-support-missing, in the SBOM', () => {
    const missing = findings.filter((finding) => finding.rule === 'component-support-missing');
    assert.ok(missing.length >= 1, 'component-support-missing fires');
    assert.ok(missing.every((finding) => /bom\.(json|xml)$|\.cdx\.json$|\.spdx\.json$/.test(finding.file)), missing.map((f) => f.file).join(', '));
  });

  it('a control mitigating a Threat Dragon threat left Open clears its threat-unmitigated; without the control the finding is back', () => {
    const open = openThreatDragonIds();
    const architecture = fs.readFileSync(path.join(EXAMPLE, ARCHITECTURE), 'utf8');
    const controls = (parseYaml(architecture).controls ?? []) as { id: string; mitigates?: string[] }[];
    const pair = controls.flatMap((control) => (control.mitigates ?? []).filter((id) => open.has(id)).map((id) => ({ control: control.id, id })))[0];
    assert.ok(pair, `a control of ${ARCHITECTURE} mitigates one of the model's Open threats (${[...open].join(', ')})`);
    const about = (list: JsonFinding[], id: string) => list.filter((finding) => finding.rule === 'threat-unmitigated' && finding.message.includes(`${id} `));
    assert.deepEqual(about(findings, pair.id), [], `${pair.id} is mitigated by ${pair.control}`);

    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-example-'));
    try {
      fs.cpSync(EXAMPLE, copy, { recursive: true });
      // Take the id out of every control's mitigates list (flow `[a, b]` or block `- a`).
      const without = architecture
        .split('\n')
        .map((line) => (line.trim() === `- ${pair.id}` ? null : line.replace(new RegExp(`\\b${pair.id}\\b,\\s*|,\\s*\\b${pair.id}\\b(?!\\.)|\\b${pair.id}\\b`, 'g'), '')))
        .filter((line) => line !== null)
        .join('\n');
      assert.notEqual(without, architecture);
      fs.writeFileSync(path.join(copy, ARCHITECTURE), without);
      const after = about(check(copy), pair.id);
      assert.equal(after.length, 1, `threat-unmitigated on ${pair.id} once no control mitigates it`);
      assert.ok(after[0].file.endsWith('.threat-dragon.json'), 'at the threat, in the model');
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
