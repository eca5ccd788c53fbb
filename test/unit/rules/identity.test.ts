// duplicate-id, unknown-reference, invalid-value, unknown-kind, suppression comments.
import { strict as assert } from 'node:assert';
import type { Finding, Fix } from '../../../server/src/engine';
import { textAt } from '../../support/fixtures';
import { analyzeFiles as analyzeAll, assertFixResolves as assertFixResolvesAll, onlyRules, uriOf } from '../../support/workspace';

// These rules only: set-level rules would fire on such small fixtures.
const RULES_HERE = onlyRules('duplicate-id', 'unknown-reference', 'invalid-value', 'unknown-kind', 'suppression-without-reason');
const analyzeFiles = (files: Record<string, string>) => analyzeAll(files, RULES_HERE);
const assertFixResolves = (files: Record<string, string>, finding: Finding, fix: Fix, allowNew: string[] = []) => assertFixResolvesAll(files, finding, fix, allowNew, RULES_HERE);

const threatModel = 'kind: threat-model\nthreats:\n  - id: TH-001\n    title: Spoofing\n  - id: TH-002\n    title: Tampering\n';

describe('duplicate-id', () => {
  it('fires on both definitions across files, each pointing at the other', () => {
    const files = { 'tm.yaml': threatModel, 'tm2.md': '---\nkind: threat-model\n---\n| ID | Title |\n|--|--|\n| TH-002 | Again |\n' };
    const found = analyzeFiles(files).of('duplicate-id');
    assert.deepEqual(found.map((f) => [f.uri, textAt(files[f.uri === uriOf('tm.yaml') ? 'tm.yaml' : 'tm2.md'], f.range)]), [
      [uriOf('tm.yaml'), 'TH-002'],
      [uriOf('tm2.md'), 'TH-002'],
    ]);
    assert.equal(found[0].related![0].uri, uriOf('tm2.md'));
    assert.equal(found[1].related![0].uri, uriOf('tm.yaml'));
  });

  it('is silent when ids are unique', () => {
    assert.deepEqual(analyzeFiles({ 'tm.yaml': threatModel }).of('duplicate-id'), []);
  });
});

describe('unknown-reference', () => {
  const requirements = 'kind: security-requirements\nrequirements:\n  - id: SR-001\n    phase: operation\n    threats: [TH-001, TH-00Z]\n';

  it('fires on an id defined nowhere, at the id, in YAML and Markdown', () => {
    const files = { 'tm.yaml': threatModel, 'req.yaml': requirements, 'req.md': '---\nkind: security-requirements\n---\n## Operation\n| ID | Text | Threats |\n|--|--|--|\n| SR-002 | x | TH-404 |\n' };
    const found = analyzeFiles(files).of('unknown-reference');
    assert.deepEqual(found.map((f) => f.message.split(' ')[0]), ['TH-404', 'TH-00Z']);
    assert.equal(textAt(files['req.yaml'], found[1].range), 'TH-00Z');
    assert.equal(textAt(files['req.md'], found[0].range), 'TH-404');
  });

  it('offers the nearest existing id and a threat stub, each resolving the finding', () => {
    const files = { 'tm.yaml': threatModel, 'req.yaml': requirements };
    const [finding] = analyzeFiles(files).of('unknown-reference');
    assert.equal(finding.fixes!()[0].title, 'Change to TH-002');
    const changed = assertFixResolves(files, finding, finding.fixes!()[0]);
    assert.match(changed['req.yaml'], /threats: \[TH-001, TH-002\]/);
    const stub = finding.fixes!().find((f) => f.title.startsWith('Create threat'))!;
    const created = assertFixResolves(files, finding, stub);
    assert.equal(created['tm.yaml'], threatModel + '  - id: TH-00Z\n    title: "TODO: describe the threat"\n'.replace(/^/, '').replace(/\n$/, '') + '\n');
  });

  it('says when an id names the wrong kind of item', () => {
    const files = { 'tm.yaml': threatModel, 'arch.yaml': 'kind: security-architecture\nzones:\n  - id: Z-A\nboundaries:\n  - id: TB-1\n    between: [Z-A, TH-001]\n' };
    const [finding] = analyzeFiles(files).of('unknown-reference');
    assert.match(finding.message, /TH-001 is a threat, not a zone/);
    assert.equal(finding.related![0].uri, uriOf('tm.yaml'));
  });

  it('is silent when every reference resolves', () => {
    assert.deepEqual(analyzeFiles({ 'tm.yaml': threatModel, 'r.yaml': requirements.replace('TH-00Z', 'TH-002') }).of('unknown-reference'), []);
  });
});

describe('invalid-value', () => {
  it('fires on an enum value outside its set, with the nearest value as the fix', () => {
    const files = { 'tm.yaml': 'kind: threat-model\nthreats:\n  - id: TH-1\n    risk: hihg\n    safety_impact: none\n' };
    const [finding] = analyzeFiles(files).of('invalid-value');
    assert.equal(textAt(files['tm.yaml'], finding.range), 'hihg');
    assert.match(finding.message, /risk: hihg.*Did you mean "high"/);
    const fixed = assertFixResolves(files, finding, finding.fixes!()[0]);
    assert.match(fixed['tm.yaml'], /risk: high\n/);
  });

  it('fires in Markdown cells and on top-level enums and dates', () => {
    const files = {
      'rr.md': '---\nkind: release-record\ndecision: authorised\nreviewed: 2026-13-01\n---\n| ID | Source | Status |\n|--|--|--|\n| F-1 | pentest | opened |\n',
    };
    const found = analyzeFiles(files).of('invalid-value');
    assert.deepEqual(found.map((f) => textAt(files['rr.md'], f.range)), ['authorised', '2026-13-01', 'opened']);
    assert.equal(found[0].fixes!()[0].title, 'Change to "authorized"');
  });

  it('checks a control’s layer against the layers its architecture declares', () => {
    const files = { 'a.yaml': 'kind: security-architecture\nlayers: [network, data]\ncontrols:\n  - id: CTL-1\n    layer: application\n' };
    const [finding] = analyzeFiles(files).of('invalid-value');
    assert.equal(textAt(files['a.yaml'], finding.range), 'application');
    assert.match(finding.message, /layers this architecture declares/);
  });

  it('reports wrong shapes: a text where a list belongs, a number for an id', () => {
    const files = { 'r.yaml': 'kind: security-requirements\nrequirements:\n  - id: 42\n    phase: operation\n    threats: TH-1\n' };
    const found = analyzeFiles(files).of('invalid-value');
    assert.deepEqual(found.map((f) => textAt(files['r.yaml'], f.range)), ['42', 'TH-1']);
    assert.match(found[1].message, /must be a list/);
  });

  it('is silent on valid values', () => {
    const files = { 'tm.yaml': 'kind: threat-model\nreviewed: 2026-09-01\nthreats:\n  - id: TH-1\n    risk: high\n    safety_impact: serious\n' };
    assert.deepEqual(analyzeFiles(files).of('invalid-value'), []);
  });
});

describe('unknown-kind', () => {
  it('hints at a near-miss kind and fixes it', () => {
    const files = { 't.yaml': 'kind: threat-modle\nthreats: []\n' };
    const [finding] = analyzeFiles(files).of('unknown-kind');
    assert.equal(finding.severity, 'hint');
    assert.equal(textAt(files['t.yaml'], finding.range), 'threat-modle');
    assertFixResolves(files, finding, finding.fixes!()[0]);
  });

  it('leaves other tools’ kinds alone', () => {
    assert.deepEqual(analyzeFiles({ 'k8s.yaml': 'kind: Deployment\n', 'wf.yml': 'kind: Workflow\n' }).findings, []);
  });
});

describe('suppression comments', () => {
  const files = { 'tm.yaml': 'kind: threat-model\nthreats:\n  - id: TH-1\n    # clause-guide-disable-next-line invalid-value -- legacy scale until the 2027 re-assessment (D. Ruiz)\n    risk: severe\n' };

  it('silences the named rule on the next line when a reason is given', () => {
    assert.deepEqual(analyzeFiles(files).findings, []);
  });

  it('reports a suppression without a reason, in YAML and Markdown', () => {
    const yamlFiles = { 'tm.yaml': files['tm.yaml'].replace(/ -- .*\n/, '\n') };
    const found = analyzeFiles(yamlFiles).of('suppression-without-reason');
    assert.equal(found.length, 1);
    assert.match(textAt(yamlFiles['tm.yaml'], found[0].range), /^# clause-guide-disable-next-line invalid-value$/);
    const md = { 'n.md': '---\nkind: threat-model\n---\n<!-- clause-guide-disable-next-line unknown-clause -->\nSee §5.3.9.\n' };
    assert.equal(analyzeFiles(md).of('suppression-without-reason').length, 1);
  });

  it('is offered as a fix that, once its reason is written, leaves no finding', () => {
    const broken = { 'tm.yaml': 'kind: threat-model\nthreats:\n  - id: TH-1\n    risk: severe\n' };
    const [finding] = analyzeFiles(broken).of('invalid-value');
    const suppress = finding.fixes!().find((f) => f.title.startsWith('Suppress'));
    assert.ok(suppress, 'a suppress fix is offered');
    const fixed = assertFixResolves(broken, finding, suppress, ['suppression-without-reason']);
    assert.equal(analyzeFiles(fixed).of('suppression-without-reason').length, 1, 'the placeholder reason still needs writing');
    const reasoned = { 'tm.yaml': fixed['tm.yaml'].replace(/TODO: say why this is acceptable/, 'legacy scale, accepted by D. Ruiz') };
    assert.deepEqual(analyzeFiles(reasoned).findings, []);
  });
});
