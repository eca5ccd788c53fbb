import { strict as assert } from 'node:assert';
import { parseSourceDocument } from '../../server/src/engine';
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

  it('does not take citations of other standards and regulations for clauses of ours', () => {
    const text = [
      'Passwords follow NIST SP 800-63B §4.2.3.',
      'Design changes are recorded as 21 CFR §820.30(g) requires.',
      'Labelling meets EU MDR Annex I §17.2.',
      'Software units follow IEC 62304 §5.1 and §5.1.12.',
      'Risk control as in ISO 14971 §7.1.',
      'A lettered paragraph §4.2.3a is not ours.',
    ].join('\n');
    assert.deepEqual(refs(text), []);
  });

  it('still finds our own clauses next to such citations', () => {
    const text = 'Per IEC 62304 §5.1; our threat model is §7.2. IEC 81001-5-1 requires it (§7.1). IEC 81001-5-1 §5.2.1 and §5.3.1 apply, as does IEC 81001-5-1, clause 5.2.1.\n| TH-1 | ISO 14971 | §5.7.4 |\n';
    assert.deepEqual(
      refs(text).map((r) => [r.id, r.full]),
      [
        ['7.2', '§7.2'],
        ['7.1', '§7.1'],
        ['5.2.1', 'IEC 81001-5-1 §5.2.1'],
        ['5.3.1', '§5.3.1'],
        ['5.2.1', 'IEC 81001-5-1, clause 5.2.1'],
        ['5.7.4', '§5.7.4'],
      ],
    );
  });

  it('costs the same for many references on one line as on many lines', function () {
    this.timeout(120_000);
    const count = 40_000;
    const cpuMs = (text: string) => {
      let best = Infinity;
      for (let round = 0; round < 3; round++) {
        const before = process.cpuUsage();
        const parsed = parseSourceDocument({ uri: 'file:///ws/notes.md', languageId: 'markdown', version: 1, text });
        const used = process.cpuUsage(before);
        assert.equal(parsed.clauseReferences.length, count);
        best = Math.min(best, (used.user + used.system) / 1000);
      }
      return best;
    };
    const separate = cpuMs('See §5.2.1 here\n'.repeat(count));
    const oneLine = cpuMs('See §5.2.1 here '.repeat(count));
    assert.ok(oneLine < 3 * separate + 50, `one line: ${oneLine.toFixed(0)} ms, separate lines: ${separate.toFixed(0)} ms`);
  });
});
