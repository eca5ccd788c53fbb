// The rules that keep what they worked out between runs, so that a keystroke costs the edited file
// and not the workspace, against a fresh analysis of the same texts after each edit of a sequence.
// Each sequence is made to go through the cases a kept result could get wrong.
import { strict as assert } from 'node:assert';
import { Analyzer, DEFAULT_CONFIG, type Finding } from '../../server/src/engine';
import type { EvidenceOptions } from '../../server/src/engine/criteria';
import { EditedWorkspace, plainFindings } from '../support/editedWorkspace';
import { applyEdits, testCatalog } from '../support/fixtures';

const catalog = testCatalog();

/** Findings after each edit, incrementally and afresh, until the sequence is done: the rule's findings seen on the way. */
function compareAfterEdits(workspace: EditedWorkspace, evidence: () => EvidenceOptions, edits: [string, () => void][], rule: string): Finding[] {
  const analyzer = new Analyzer(catalog);
  const seen: Finding[] = [];
  let findings = analyzer.analyze(workspace.index, DEFAULT_CONFIG, evidence());
  for (const [what, edit] of [['before any edit', () => {}] as [string, () => void], ...edits]) {
    edit();
    findings = analyzer.analyze(workspace.index, DEFAULT_CONFIG, evidence());
    const scratch = workspace.fromScratch((fresh, index) => fresh.analyze(index, DEFAULT_CONFIG, evidence()));
    assert.deepEqual(plainFindings(findings), plainFindings(scratch.findings), what);
    seen.push(...[...findings.values()].flat().filter((finding) => finding.rule === rule));
  }
  return seen;
}

describe('rules that keep their work between keystrokes', () => {
  it('item-changed-since-review: the reviewed items after edits of them, of what they link to, of their stamps and of the day', function () {
    // Eleven fresh analyses of 54 files, fixes worked out.
    this.timeout(60000);
    const workspace = new EditedWorkspace();
    let today = '2026-12-05';
    const evidence = () => ({ today });
    const stamp = (name: string, id: string) => workspace.replace(name, `  - id: ${id}\n`, `  - id: ${id}\n    reviewed: 2026-01-05\n`);
    stamp('b/security-requirements.yaml', 'SRB-001');
    stamp('b/security-requirements.yaml', 'SRB-010');
    stamp('a/threat-model.yaml', 'THA-001');
    stamp('c/security-architecture.yaml', 'CTLC-MTLS');
    // Two of them reviewed with a fingerprint, by the rule's own fix.
    const markReviewed = (name: string, id: string) => {
      const findings = new Analyzer(catalog).analyze(workspace.index, DEFAULT_CONFIG, evidence());
      const finding = [...findings.values()].flat().find((candidate) => candidate.rule === 'item-changed-since-review' && candidate.message.includes(` ${id} `));
      assert.ok(finding, `${id} records a review date`);
      const [fix] = finding.fixes!();
      workspace.write(name, applyEdits(workspace.text(name), fix.edits[`file:///ws/${name}`]));
    };
    markReviewed('b/security-requirements.yaml', 'SRB-010');
    markReviewed('c/security-architecture.yaml', 'CTLC-MTLS');

    const seen = compareAfterEdits(
      workspace,
      evidence,
      [
        ['a threat SRB-010 links to is typed into', () => workspace.replace('b/threat-model.yaml', /title: Spoofed cloud endpoint/, 'title: Spoofed cloud endpointx')],
        ['the keystroke is taken back', () => workspace.replace('b/threat-model.yaml', /title: Spoofed cloud endpointx/, 'title: Spoofed cloud endpoint')],
        ['the reviewed requirement itself is typed into', () => workspace.replace('b/security-requirements.yaml', /mutual TLS 1\.3/, 'mutual TLS 1.2')],
        ['a keystroke in a requirement nobody reviewed', () => workspace.replace('b/security-requirements.yaml', /First start forces/, 'First start forcesx')],
        ['a threat the reviewed control mitigates is renamed (the link breaks)', () => workspace.replace('c/threat-model.yaml', /id: THC-001\n/, 'id: THC-0019\n')],
        ['the threat model holding a reviewed threat is removed', () => workspace.write('a/threat-model.yaml', undefined)],
        ['a requirement loses its review date', () => workspace.replace('b/security-requirements.yaml', /(id: SRB-001\n)\s+reviewed: 2026-01-05\n/, '$1')],
        ['another requirement gets one', () => stamp('b/security-requirements.yaml', 'SRB-002')],
        ['the day changes (Mark as reviewed stamps the new day)', () => (today = '2026-12-06')],
      ],
      'item-changed-since-review',
    );
    // The sequence went through both kinds of finding and through the fixes of both days.
    assert.ok(seen.some((finding) => /changed since it was reviewed/.test(finding.message)), 'a changed item');
    assert.ok(seen.some((finding) => /records a review on 2026-01-05 but no/.test(finding.message)), 'an item with a date only');
    const titles = new Set(seen.flatMap((finding) => finding.fixes!().flatMap((fix) => (fix.title.startsWith('Mark ') ? [fix.title.replace(/^Mark \S+ /, '')] : []))));
    assert.deepEqual([...titles].sort(), ['as reviewed (today, 2026-12-05)', 'as reviewed (today, 2026-12-06)']);
  });

  it('threat-untreated: threats whose treatment comes and goes with edits of requirements, controls and threats', function () {
    this.timeout(60000);
    const workspace = new EditedWorkspace();
    const requirements = 'b/security-requirements.yaml';
    const seen = compareAfterEdits(
      workspace,
      () => ({}),
      [
        ["product b's controls stop mitigating: its requirements alone answer its threats", () => workspace.write('b/security-architecture.yaml', workspace.text('b/security-architecture.yaml').replace(/mitigates: \[[^\]]*\]/g, 'mitigates: []'))],
        ['the only requirement naming THB-002 stops naming it', () => workspace.replace(requirements, 'threats: [THB-001, THB-002]', 'threats: [THB-001]')],
        ['a keystroke that changes no treatment', () => workspace.replace(requirements, /Every link to the cloud/, 'Every link to the cloudx')],
        ['it names THB-002 again', () => workspace.replace(requirements, 'threats: [THB-001]\n    verification: [VTB-020]', 'threats: [THB-001, THB-002]\n    verification: [VTB-020]')],
        ['one of two requirements naming THB-004 stops naming it', () => workspace.replace(requirements, /(id: SRB-001\n(?:.*\n)*?\s+)threats: \[THB-004\]/, '$1threats: []')],
        ['the other one too', () => workspace.replace(requirements, /threats: \[THB-004\]/, 'threats: []')],
        ['a medium threat is rated critical', () => workspace.replace('b/threat-model.yaml', /(id: THB-003\n(?:.*\n)*?\s+)risk: medium/, '$1risk: critical')],
        ['the requirement naming it stops naming it', () => workspace.replace(requirements, 'threats: [THB-003]', 'threats: []')],
        ['a requirement names it under another id', () => workspace.replace(requirements, 'threats: [THB-001]\n', 'threats: [THB-0039]\n')],
        ["product b's requirements are removed", () => workspace.write(requirements, undefined)],
      ],
      'threat-untreated',
    );
    const named = (id: string) => seen.some((finding) => finding.message.startsWith(`Threat ${id} `));
    assert.ok(['THB-002', 'THB-004', 'THB-003', 'THB-001'].every(named), 'each threat the edits left untreated was found so');
  });
});
