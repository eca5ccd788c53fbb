import { strict as assert } from 'node:assert';
import { parse, textAt } from '../support/fixtures';

function refs(text: string, fileName = 'notes.md') {
  return parse(text, fileName).clauseReferences.map((r) => ({ id: r.id, text: textAt(text, r.range), full: textAt(text, r.fullRange), form: r.form }));
}

describe('clause references', () => {
  it('finds every SPEC §2 prose form with the exact range of the number', () => {
    const text = 'A §5.3.1 b IEC 81001-5-1 5.2.1 c 81001-5-1:5.8.5 d 81001-5-1 §7.2 e.';
    assert.deepEqual(refs(text), [
      { id: '5.3.1', text: '5.3.1', full: '§5.3.1', form: 'section-sign' },
      { id: '5.2.1', text: '5.2.1', full: 'IEC 81001-5-1 5.2.1', form: 'designation' },
      { id: '5.8.5', text: '5.8.5', full: '81001-5-1:5.8.5', form: 'designation' },
      { id: '7.2', text: '7.2', full: '81001-5-1 §7.2', form: 'designation' },
    ]);
  });

  it('stops at sentence punctuation and accepts the annex and the edition year', () => {
    assert.deepEqual(
      refs('See §5.3.1. Also §E.2.1, and IEC 81001-5-1:2021 5.7.4; and § 8.').map((r) => r.id),
      ['5.3.1', 'E.2.1', '5.7.4', '8'],
    );
  });

  it('does not take the edition year or another standard’s clause for a reference', () => {
    assert.deepEqual(refs('IEC 81001-5-1:2021 and IEC 81001-5-1 2021 edition; IEC 62304 §5.1.1; ISO 14971 §7.'), []);
  });

  it('finds numbers written under clause/clauses keys as written, not as YAML reads them', () => {
    const text = [
      'kind: lifecycle-plan',
      'clauses: ["7.2", 5.2.1]',
      'phases:',
      '  - name: design',
      '    clause: 7.10',
      '    clauses:',
      "      - '5.3.1'",
      '      - 8',
    ].join('\n');
    const found = refs(text, 'plan.yaml');
    assert.deepEqual(
      found.map((r) => [r.id, r.text, r.form]),
      [
        ['7.2', '7.2', 'yaml-key'],
        ['5.2.1', '5.2.1', 'yaml-key'],
        ['7.10', '7.10', 'yaml-key'],
        ['5.3.1', '5.3.1', 'yaml-key'],
        ['8', '8', 'yaml-key'],
      ],
    );
  });

  it('reads clause keys in Markdown front matter and does not count a § value twice', () => {
    const text = '---\nkind: tailoring-record\nclauses: [§5.1.1]\n---\n# Record\nclause: 9.9 is prose here\n';
    assert.deepEqual(refs(text).map((r) => r.id), ['5.1.1']);
  });
});
