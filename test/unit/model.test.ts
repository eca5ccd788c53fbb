import { strict as assert } from 'node:assert';
import { buildModel, fieldList, fieldText, type ModelDocument } from '../../server/src/engine';
import { parse, textAt } from '../support/fixtures';

const model = (text: string, fileName: string): ModelDocument => buildModel(parse(text, fileName))!;

describe('document model', () => {
  it('reads values as written, and reads ~, null and an empty value as nothing (the parse resolves no types)', () => {
    const text = ['kind: threat-model', 'title: 7.10', 'threats: ~', 'clauses: [5.10, ~, null]', 'changed:', 'reviewed: "2026-01-01"'].join('\n');
    const parsed = parse(text, 'tm.yaml');
    const doc = buildModel(parsed)!;
    assert.equal(fieldText(doc, 'title'), '7.10');
    assert.deepEqual(doc.collections.threats!.items, []);
    assert.deepEqual(doc.shapeProblems, [], '`threats: ~` is an empty list, not a wrong shape');
    assert.deepEqual(parsed.clauseReferences.map((reference) => reference.id), ['5.10'], '`~` and `null` under clauses cite nothing');
    assert.equal(fieldText(doc, 'changed'), '');
    assert.equal(fieldText(doc, 'reviewed'), '2026-01-01');
    assert.equal(parse('kind: null\n', 'x.yaml').kind, null);
  });

  it('reads YAML items with exact ranges for ids, fields and list values', () => {
    const text = [
      'kind: security-requirements',
      'requirements:',
      '  - id: SR-001',
      '    phase: installation # comment kept',
      '    text: "Verify the signature."',
      '    threats: [TH-004, "TH-005"]',
    ].join('\n');
    const doc = model(text, 'req.yaml');
    const [item] = doc.collections.requirements!.items;
    assert.equal(textAt(text, item.id!.range), 'SR-001');
    assert.equal(fieldText(item, 'phase'), 'installation');
    assert.equal(textAt(text, item.fields.text.scalar!.range), 'Verify the signature.');
    assert.deepEqual(fieldList(item, 'threats').map((v) => textAt(text, v.range)), ['TH-004', 'TH-005']);
    assert.deepEqual(doc.references.map((r) => [r.id, r.target]), [['TH-004', 'threats'], ['TH-005', 'threats']]);
    assert.equal(textAt(text, doc.collections.requirements!.keyRange!), 'requirements');
  });

  it('reads Markdown tables: header names normalised, cells and comma lists ranged, phase from the nearest phase heading', () => {
    const text = [
      '---',
      'kind: security-requirements',
      '---',
      '# Requirements',
      '## Operation',
      '### Network',
      '| ID | Text | Threats | Safety Impact |',
      '|----|------|---------|---|',
      '| SR-010 | Use mutual TLS. | TH-001, TH-002 | none |',
      '| SR-011 | Encrypt at rest. |  | |',
      '## Decommissioning',
      '| Id | Text | Phase |',
      '|:--|--|--|',
      '| SR-030 | Wipe data. | maintenance |',
    ].join('\n');
    const doc = model(text, 'req.md');
    const items = doc.collections.requirements!.items;
    assert.deepEqual(items.map((i) => i.id!.text), ['SR-010', 'SR-011', 'SR-030']);
    assert.equal(fieldText(items[0], 'phase'), 'operation');
    assert.equal(items[0].fields.phase.fromHeading, true);
    assert.equal(textAt(text, items[0].fields.phase.range), 'Operation');
    assert.deepEqual(fieldList(items[0], 'threats').map((v) => textAt(text, v.range)), ['TH-001', 'TH-002']);
    assert.ok('safety_impact' in items[0].fields);
    assert.deepEqual(fieldList(items[1], 'threats'), []);
    assert.equal(fieldText(items[2], 'phase'), 'maintenance', 'an explicit phase column wins over the heading');
  });

  it('picks the collection of a table by heading, then by columns, in multi-collection kinds', () => {
    const text = [
      '---',
      'kind: security-architecture',
      'layers: [network]',
      '---',
      '## Trust boundaries',
      '| ID | Between | Controls |',
      '|--|--|--|',
      '| TB-01 | Z-A, Z-B | CTL-1 |',
      '',
      '| ID | Title | Layer | Mitigates |',
      '|--|--|--|--|',
      '| CTL-1 | TLS | network | TH-1 |',
    ].join('\n');
    const doc = model(text, 'arch.md');
    assert.deepEqual(doc.collections.boundaries!.items.map((i) => i.id!.text), ['TB-01']);
    // Under the same heading, but its columns can only be controls.
    assert.deepEqual(doc.collections.controls!.items.map((i) => i.id!.text), ['CTL-1']);
    const zones = model('---\nkind: security-architecture\n---\n## Zones\n| ID | Name |\n|--|--|\n| Z-A | Cloud |\n', 'z.md');
    assert.deepEqual(zones.collections.zones!.items.map((i) => i.id!.text), ['Z-A'], 'a tie on columns goes to the heading');
  });

  it('reads lifecycle phases and their activities, with the phase as parent', () => {
    const text = 'kind: lifecycle-plan\nphases:\n  - name: design\n    activities:\n      - id: ACT-1\n        clauses: ["5.3.1"]\n';
    const doc = model(text, 'plan.yaml');
    const [activity] = doc.collections['plan-activities']!.items;
    assert.equal(activity.id!.text, 'ACT-1');
    assert.equal(fieldText(activity.parent!, 'name'), 'design');
  });

  it('reports wrong shapes instead of throwing', () => {
    const text = 'kind: security-requirements\nrequirements:\n  - id: 17\n    threats: TH-001\n    phase: [a]\n  - just text\n';
    const doc = model(text, 'req.yaml');
    const problems = doc.shapeProblems.map((p) => textAt(text, p.range));
    assert.deepEqual(problems, ['17', 'TH-001', '[a]', 'just text']);
  });

  it('is null for files that are not security documents', () => {
    assert.equal(buildModel(parse('kind: Deployment\n', 'k8s.yaml')), null);
    assert.equal(buildModel(parse('# Notes\n', 'notes.md')), null);
  });
});
