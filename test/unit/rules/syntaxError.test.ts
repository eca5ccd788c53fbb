// A file that does not parse is no evidence: it gets its syntax problems, each once and in plain
// words, and no other rule speaks about it; the ids it still defines keep other files' references whole.
import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles } from '../../support/workspace';

const conflicted =
  'kind: release-record\nrelease: 2.3.0\nactivities:\n  - id: ACT-1\n    clause: "5.7.1"\n' +
  '<<<<<<< HEAD\n    status: done\n    record: reports/a.pdf\n=======\n    status: done\n    record: reports/b.pdf\n>>>>>>> feature\n';

describe('syntax-error', () => {
  it('names an unresolved merge conflict as such, once, over its markers', () => {
    const findings = analyzeFiles({ 'rr.yaml': conflicted }).of('syntax-error');
    assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
    assert.match(findings[0].message, /merge conflict/i);
    assert.equal(textAt(conflicted, findings[0].range), '<<<<<<< HEAD');
  });

  it('reports one conflict per block, in Markdown too', () => {
    const md = '---\nkind: threat-model\n---\n## Threats\n| ID | Title |\n|--|--|\n<<<<<<< ours\n| TH-1 | Replay |\n=======\n| TH-1 | Replay of commands |\n>>>>>>> theirs\n\nText\n<<<<<<< ours\na\n=======\nb\n>>>>>>> theirs\n';
    const findings = analyzeFiles({ 'tm.md': md }).of('syntax-error');
    assert.deepEqual(findings.map((f) => f.range.start.line), [6, 13]);
  });

  it('gives no other rule a say on a file that does not parse', () => {
    const all = analyzeFiles({ 'rr.yaml': conflicted }).findings.filter((f) => f.uri.endsWith('rr.yaml'));
    assert.deepEqual([...new Set(all.map((f) => f.rule))], ['syntax-error']);
  });

  it('reports each distinct problem once, in words a person reads', () => {
    // The parser stumbles twice over this line (at each ": "); it is one mistake.
    const text = 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: a: b: c\n    risk: high\n';
    const findings = analyzeFiles({ 'tm.yaml': text }).of('syntax-error');
    assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
    assert.equal(findings[0].range.start.line, 3);
    assert.match(findings[0].message, /^A plain value holds ": ".*Quote the value/);
    const tabbed = analyzeFiles({ 'tm.yaml': 'kind: threat-model\nthreats:\n\t- id: TH-1\n' }).of('syntax-error');
    assert.match(tabbed[0].message, /tab/i);
  });

  it('keeps the ids a broken file defines, so references to them elsewhere stay resolved', () => {
    const threatModel = 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Replay\n  - id: TH-2\n    title: "unterminated\n';
    const architecture = 'kind: security-architecture\ncontrols:\n  - id: CTL-1\n    mitigates: [TH-1]\n    safety_impact: none\n';
    const result = analyzeFiles({ 'tm.yaml': threatModel, 'arch.yaml': architecture });
    assert.ok(result.of('syntax-error').length >= 1);
    assert.deepEqual(result.of('unknown-reference'), []);
  });
});
