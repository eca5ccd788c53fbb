import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles } from '../../support/workspace';

const RULE = 'placeholder-text';

describe('placeholder-text', () => {
  it('fires on free-text values that only stand in for one, at the value (YAML)', () => {
    const threats =
      'kind: threat-model\nmethod: TBD\nthreats:\n' +
      '  - id: TH-1\n    title: "TODO: describe the threat"\n    category: spoofing\n' +
      '  - id: TH-2\n    title: Replay of telemetry\n    category: n/a\n' +
      '  - id: TH-3\n    title: Stolen disk\n    category: …\n';
    const findings = analyzeFiles({ 'tm.yaml': threats }).of(RULE);
    assert.deepEqual(findings.map((f) => textAt(threats, f.range)), ['TBD', 'TODO: describe the threat', 'n/a', '…']);
    assert.equal(findings[0].severity, 'warning');
    assert.match(findings[1].message, /^`title` of Threat TH-1 is only a placeholder \("TODO: describe the threat"\)\. Write the real value/);
  });

  it('fires in a Markdown table cell', () => {
    const md = '---\nkind: security-architecture\n---\n## Zones\n| ID | Name |\n|---|---|\n| Z-1 | Hospital LAN |\n| Z-2 | tbd |\n';
    const findings = analyzeFiles({ 'arch.md': md }).of(RULE);
    assert.deepEqual(findings.map((f) => textAt(md, f.range)), ['tbd']);
    assert.match(findings[0].message, /`name` of Zone Z-2/);
  });

  it('reports what the create-threat fix writes until a person replaces it', () => {
    const files = {
      'arch.yaml': 'kind: security-architecture\ncontrols:\n  - id: CTL-1\n    mitigates: [TH-9]\n    safety_impact: none\n',
      'tm.yaml': 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Spoofing\n',
    };
    const [unknown] = analyzeFiles(files).of('unknown-reference');
    const fixes = unknown.fixes!();
    const create = fixes.find((fix) => /create|add/i.test(fix.title) && fix.edits[Object.keys(fix.edits).find((uri) => uri.endsWith('tm.yaml'))!]);
    assert.ok(create, `a fix that creates the threat: ${fixes.map((fix) => fix.title).join(' | ')}`);
    const uri = Object.keys(create.edits).find((key) => key.endsWith('tm.yaml'))!;
    const edits = [...create.edits[uri]].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    let text = files['tm.yaml'];
    for (const edit of edits) {
      const lines = text.split('\n');
      const offset = (position: { line: number; character: number }) => lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
      text = text.slice(0, offset(edit.range.start)) + edit.newText + text.slice(offset(edit.range.end));
    }
    const after = analyzeFiles({ ...files, 'tm.yaml': text }).of(RULE);
    assert.equal(after.length, 1, text);
    assert.match(textAt(text, after[0].range), /TODO/);
  });

  it('stays silent on real values, empty values, enumerations, dates and values other rules judge', () => {
    const files = {
      'tm.yaml': 'kind: threat-model\nmethod: STRIDE\nthreats:\n  - id: TH-1\n    title: Spoofed endpoint\n    category: spoofing\n    risk: TODO\n    owner: ""\n',
      'tl.yaml':
        'kind: tailoring-record\napprovers:\n  - name: Ada\n    security_expertise: TODO\nentries:\n  - clause: "5.4.1"\n    decision: not-applicable\n    justification: TBD\n    approved_by: Ada\n',
      'rr.yaml': 'kind: release-record\nrelease: 1.0\ndecision: pending\nactivities:\n  - clause: "5.7.1"\n    status: done\n    record: TODO\n',
    };
    assert.deepEqual(analyzeFiles(files).of(RULE).map((f) => f.message), []);
  });
});
