import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { cli, workspace } from '../support/cli';


/** Only 5.4.1–5.4.4 and 4.1.5 apply: the plans stay short. */
const CONFIG = 'clauses:\n  include: ["5.4", "4.1.5"]\n';
const HAND_WRITTEN = [
  '# Tailoring record — kept by Product Security.',
  'kind: tailoring-record',
  '"title":   InfuSync tailoring   # short title',
  'approvers:',
  '  - name: Dana Ruiz',
  '    security_expertise: CSSLP',
  'entries:',
  '  # Agreed in the October review.',
  '  - clause: "5.4.1"',
  '    decision: not-applicable',
  "    justification: 'No external interface.'",
  '    approved_by: Dana Ruiz',
  '',
  '# End of record.',
  '',
].join('\n');

/** Every line of `before` is in `after`, byte for byte and in order. */
function assertKeepsEveryLine(before: string, after: string) {
  const afterLines = after.split('\n');
  let at = 0;
  for (const line of before.split('\n')) {
    while (at < afterLines.length && afterLines[at] !== line) at++;
    assert.ok(at < afterLines.length, `the original line ${JSON.stringify(line)} is still there, in order`);
    at++;
  }
}

describe('clause-guide tailoring', () => {
  it('--write keeps every original line and comment, adds the missing entries, and is idempotent', () => {
    const root = workspace({ '.clause-guide.yaml': CONFIG, 'security/tailoring-record.yaml': HAND_WRITTEN, 'security/tm.yaml': 'kind: threat-model\n' });
    const file = path.join(root, 'security/tailoring-record.yaml');
    assert.ok(JSON.parse(cli(['check', '--format', 'json'], root).stdout).some((f: { rule: string }) => f.rule === 'clause-uncovered'));

    const first = cli(['tailoring', '--write'], root);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^security\/tailoring-record\.yaml: added 4 tailoring entries \(4\.1\.5, 5\.4\.2, 5\.4\.3, 5\.4\.4\):\n {2}after line 12:\n {2}\| {3}# Added by Clause Guide on \d{4}-\d{2}-\d{2}: /);
    const written = fs.readFileSync(file, 'utf8');
    assertKeepsEveryLine(HAND_WRITTEN, written);
    const data = parseYaml(written);
    assert.deepEqual(
      data.entries.map((entry: { clause: string }) => entry.clause),
      ['5.4.1', '4.1.5', '5.4.2', '5.4.3', '5.4.4'],
    );
    // The new entries decide nothing: coverage counts them pending, never tailored.
    const [coverage] = JSON.parse(cli(['coverage', '--format', 'json'], root).stdout);
    const statusOf = (id: string) => coverage.clauses.find((c: { clause: string }) => c.clause === id).status;
    assert.deepEqual(['4.1.5', '5.4.2', '5.4.3', '5.4.4'].map(statusOf), ['pending', 'pending', 'pending', 'pending']);

    const second = cli(['tailoring', '--write'], root);
    assert.equal(second.code, 0);
    assert.match(second.stdout, /nothing to add/);
    assert.equal(fs.readFileSync(file, 'utf8'), written, 'the second run writes nothing');
  });

  it('without --write prints the plan and leaves the file alone', () => {
    const root = workspace({ '.clause-guide.yaml': CONFIG, 'security/tailoring-record.yaml': HAND_WRITTEN });
    const { code, stdout } = cli(['tailoring'], root);
    assert.equal(code, 0);
    assert.match(stdout, /security\/tailoring-record\.yaml: would add 4 tailoring entries/);
    assert.match(stdout, /\| {3}- clause: "5\.4\.2"\n/);
    assert.match(stdout, /Run again with --write to add them\./);
    assert.equal(fs.readFileSync(path.join(root, 'security/tailoring-record.yaml'), 'utf8'), HAND_WRITTEN);
  });

  it('creates security/tailoring-record.yaml when there is a security folder, else one at the project root', () => {
    const withFolder = workspace({ '.clause-guide.yaml': CONFIG, 'security/tm.yaml': 'kind: threat-model\n' });
    assert.match(cli(['tailoring'], withFolder).stdout, /^security\/tailoring-record\.yaml: would be created with 5 tailoring entries/);
    assert.ok(!fs.existsSync(path.join(withFolder, 'security/tailoring-record.yaml')), 'a plan writes nothing');
    assert.equal(cli(['tailoring', '--write'], withFolder).code, 0);
    const created = parseYaml(fs.readFileSync(path.join(withFolder, 'security/tailoring-record.yaml'), 'utf8'));
    assert.equal(created.kind, 'tailoring-record');
    assert.equal(created.entries.length, 5);
    assert.match(cli(['tailoring', '--write'], withFolder).stdout, /nothing to add/);

    const flat = workspace({ '.clause-guide.yaml': CONFIG, 'docs/tm.yaml': 'kind: threat-model\n' });
    assert.equal(cli(['tailoring', '--write'], flat).code, 0);
    assert.ok(fs.existsSync(path.join(flat, 'tailoring-record.yaml')));
  });

  it('without a configuration file, creates the record in the folder given on the command line', () => {
    const parent = workspace({ 'product/docs/tm.yaml': 'kind: threat-model\n', 'product/security/README.md': '# Security file\n' });
    const { code, stdout } = cli(['tailoring', 'product', '--write'], parent);
    assert.equal(code, 0);
    assert.match(stdout, /^product\/security\/tailoring-record\.yaml: created with \d+ tailoring entries/);
    assert.ok(fs.existsSync(path.join(parent, 'product/security/tailoring-record.yaml')));
  });

  it('never overwrites a file that is in the way', () => {
    const root = workspace({ '.clause-guide.yaml': `${CONFIG}exclude: ["security/tailoring-record.yaml"]\n`, 'security/tm.yaml': 'kind: threat-model\n', 'security/tailoring-record.yaml': 'my notes\n' });
    const { code, stderr } = cli(['tailoring', '--write'], root);
    assert.equal(code, 2);
    assert.match(stderr, /already exists/);
    assert.equal(fs.readFileSync(path.join(root, 'security/tailoring-record.yaml'), 'utf8'), 'my notes\n');
  });

  it('skips a project whose configuration turns clause-uncovered off', () => {
    const root = workspace({ '.clause-guide.yaml': 'rules:\n  clause-uncovered: off\n', 'tm.yaml': 'kind: threat-model\n' });
    const { code, stdout } = cli(['tailoring', '--write'], root);
    assert.equal(code, 0);
    assert.match(stdout, /skipped, its configuration turns clause-uncovered off/);
    assert.deepEqual(fs.readdirSync(root).sort(), ['.clause-guide.yaml', 'tm.yaml']);
  });

  it('rejects --write on other commands and a value for --write', () => {
    const root = workspace({ 'tm.yaml': 'kind: threat-model\n' });
    assert.equal(cli(['check', '--write'], root).code, 2);
    assert.equal(cli(['tailoring', '--write=yes'], root).code, 2);
  });
});

describe('clause-guide matrix and diagram', () => {
  const files = {
    'req.yaml': 'kind: security-requirements\nrequirements:\n  - id: SR-1\n    phase: operation\n    text: Encrypt, always.\n    threats: [TH-1]\n    verification: [VT-1]\n',
    'tm.yaml': 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Eavesdropping\n',
    'arch.yaml':
      'kind: security-architecture\nzones:\n  - id: Z-A\n    name: Ward\n  - id: Z-B\n    name: Cloud\nboundaries:\n  - id: TB-1\n    between: [Z-A, Z-B]\n    controls: [CTL-TLS]\ncontrols:\n  - id: CTL-TLS\n    title: TLS\n    mitigates: [TH-1]\n',
  };

  it('prints the traceability matrix as Markdown by default and as CSV on request', () => {
    const root = workspace(files);
    const md = cli(['matrix'], root);
    assert.equal(md.code, 0);
    assert.match(md.stdout, /^\| Requirement \| Requirement text \| Phase \| Threat \| Threat title \| Control \| Control title \| Verification \| Result \|\n/);
    assert.match(md.stdout, /\| SR-1 \| Encrypt, always\. \| operation \| TH-1 \| Eavesdropping \| CTL-TLS \| TLS \| VT-1 \|/);
    const csv = cli(['matrix', '--format', 'csv'], root);
    assert.equal(csv.stdout, 'Requirement,Requirement text,Phase,Threat,Threat title,Control,Control title,Verification,Result\r\nSR-1,"Encrypt, always.",operation,TH-1,Eavesdropping,CTL-TLS,TLS,VT-1,no result\r\n');
    assert.equal(cli(['matrix', '--format', 'json'], root).code, 2);
  });

  it('prints the architecture as Mermaid', () => {
    const { code, stdout } = cli(['diagram'], workspace(files));
    assert.equal(code, 0);
    assert.equal(stdout, 'flowchart LR\n  zone_Z_A["Z-A: Ward"]\n  zone_Z_B["Z-B: Cloud"]\n  zone_Z_A -->|"TB-1: CTL-TLS TLS"| zone_Z_B\n');
    assert.match(cli(['diagram', '--format', 'md'], workspace(files)).stdout, /^## Architecture — \.\n\n```mermaid\nflowchart LR\n[\s\S]*```\n$/);
  });
});
