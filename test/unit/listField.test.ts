// A list of scalars is a ListField (modelValues.ts): the commonest field after the plain scalar,
// made with only the slots it uses. It must read as the CompositeField it replaced did.
import { strict as assert } from 'node:assert';
import { buildModel, type FieldValue } from '../../server/src/engine';
import { ListField } from '../../server/src/engine/modelValues';
import { parse, textAt } from '../support/fixtures';

const YAML = 'kind: security-requirements\nrequirements:\n  - id: SR-1\n    threats: [TH-1, "TH-2"]\n    verification:\n      - TC-1\n      - {case: TC-2}\n';
const MARKDOWN = '---\nkind: security-requirements\n---\n\n| ID | Threats | Text |\n|----|---------|------|\n| SR-1 | TH-1, TH-2 | The pump shall authenticate every clinician |\n';

/** What a rule can read of a field. */
function read(text: string, field: FieldValue) {
  return {
    key: field.key,
    keyText: textAt(text, field.keyRange),
    valueText: textAt(text, field.range),
    list: field.list?.map((value) => [value.text, textAt(text, value.range)]),
    scalar: field.scalar,
    structured: !!field.structured,
  };
}

describe('list fields (ListField)', () => {
  it('read as before in YAML: key, ranges, values; a list holding a mapping stays structured', () => {
    const model = buildModel(parse(YAML, 'req.yaml'))!;
    const { threats, verification } = model.items[0].fields;
    assert.ok(threats instanceof ListField);
    assert.deepEqual(read(YAML, threats), { key: 'threats', keyText: 'threats', valueText: '[TH-1, "TH-2"]', list: [['TH-1', 'TH-1'], ['TH-2', 'TH-2']], scalar: undefined, structured: false });
    assert.ok(!(verification instanceof ListField));
    assert.equal(read(YAML, verification).structured, true);
    assert.deepEqual(read(YAML, verification).list, [['TC-1', 'TC-1']]);
    assert.deepEqual(model.references.map((reference) => [reference.id, reference.field, reference.target]), [['TH-1', 'threats', 'threats'], ['TH-2', 'threats', 'threats']]);
  });

  it('read as before in a Markdown table: the cell is the value, the header cell the key', () => {
    const model = buildModel(parse(MARKDOWN, 'req.md'))!;
    const threats = model.items[0].fields.threats;
    assert.ok(threats instanceof ListField);
    assert.deepEqual(read(MARKDOWN, threats), { key: 'threats', keyText: 'Threats', valueText: 'TH-1, TH-2', list: [['TH-1', 'TH-1'], ['TH-2', 'TH-2']], scalar: undefined, structured: false });
  });
});
