// Fuzz: the fast YAML reader (engine/yamlFast.ts) against the yaml library on mutated copies of
// every YAML text we have (the example workspace, the test fixtures, a generated benchmark
// workspace). Whenever the fast reader answers, the library must find no error and build the
// same tree, range for range; whenever the library finds an error, the fast reader must not have
// answered. The mutations are the YAML metacharacters and the indentation slips that change a
// file's structure. Deterministic (FUZZ_SEED); bounded in cases and in time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateWorkspace } from '../../bench/generate';
import { compareFastPath, yamlTextsUnder } from '../support/yamlDifferential';
import { mutate, seededRandom, type Random } from './mutations';

const SEED = Number(process.env.FUZZ_SEED ?? 81001);
const CASES = Number(process.env.FUZZ_YAML_CASES ?? 20000);
/** Stops early (with what it has checked) on a slow machine; the count reached is asserted below. */
const TIME_BUDGET_MS = 90_000;
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Inserted at random places: what changes how YAML reads a line. */
const INSERTS = [':', ': ', '-', '- ', ' ', '  ', '\t', '#', ' #', '"', "'", '\n', '&a ', '*a', '!', '!!str ', '[', ']', '{', '}', ',', '|', '>', '?', '%', '@', '`', '\\', '---', '...', '\r', '\uFEFF', '\u0085', '\u2028', '<<: '];

function lineMutation(text: string, random: Random): string {
  const lines = text.split('\n');
  const at = random.int(lines.length);
  switch (random.int(7)) {
    case 0: // duplicate a line (a duplicate key, a second item)
      lines.splice(at, 0, lines[at]);
      break;
    case 1: // indent a line by one or two spaces
      lines[at] = ' '.repeat(1 + random.int(2)) + lines[at];
      break;
    case 2: // dedent a line
      lines[at] = lines[at].replace(/^ {1,2}/, '');
      break;
    case 3: // delete a line
      lines.splice(at, 1);
      break;
    case 4: // a comment line at some indentation
      lines.splice(at, 0, ' '.repeat(random.int(8)) + '# note');
      break;
    case 5: // an empty or whitespace-only line
      lines.splice(at, 0, ' '.repeat(random.int(6)));
      break;
    default: // move a line
      lines.splice(random.int(lines.length), 0, ...lines.splice(at, 1));
  }
  return lines.join('\n');
}

function characterMutation(text: string, random: Random): string {
  const at = random.int(text.length + 1);
  if (random.int(3) === 0 && text.length) return text.slice(0, at) + text.slice(at + 1);
  return text.slice(0, at) + random.pick(INSERTS) + text.slice(at);
}

/** Pieces of security-file YAML, put together at random indentations: the combinations real files rarely hold. */
const KEYS = ['a', 'b', 'id', 'kind', 'x_y', 'a-b', 'k.1', 'true', 'null'];
const VALUES = ['', 'v', 'two words', '"q"', "'s'", "'it''s'", '[a, b]', '[]', '[ "x" ,y ]', '1.10', '~', '# c', 'v # c', '"a" # c', 'a:b', 'a #b', '-x', 'é§—😀', '""', "''", '[a,b]  # c'];

function assembledText(random: Random): string {
  const lines: string[] = [];
  for (let count = 1 + random.int(8); count > 0; count--) {
    const indent = ' '.repeat(random.pick([0, 0, 2, 2, 4, 4, 6, 1, 3]));
    const kind = random.int(6);
    if (kind === 0) lines.push(`${indent}- ${random.pick(KEYS)}: ${random.pick(VALUES)}`);
    else if (kind === 1) lines.push(`${indent}- ${random.pick(VALUES)}`);
    else if (kind === 2) lines.push(`${indent}# c`);
    else if (kind === 3) lines.push(random.pick(['', ' ', '  ']));
    else lines.push(`${indent}${random.pick(KEYS)}:${random.int(3) ? ' ' + random.pick(VALUES) : ''}`);
  }
  return lines.join('\n') + random.pick(['', '\n', '\n\n', '\n# e\n', '\n  # e\n']);
}

describe('fuzz: the fast YAML reader against the yaml library', function () {
  let texts: string[];
  let scratch: string;

  before(function () {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-yamlfast-'));
    generateWorkspace(path.join(scratch, 'workspace'), 60);
    texts = [
      ...yamlTextsUnder(path.join(REPO_ROOT, 'examples')),
      ...yamlTextsUnder(path.join(REPO_ROOT, 'test', 'fixtures')),
      ...yamlTextsUnder(path.join(scratch, 'workspace')),
    ].map(({ text }) => text);
  });

  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it(`${CASES} mutated texts: whatever the fast reader accepts, the library reads alike and without error`, () => {
    const started = Date.now();
    let checked = 0;
    let accepted = 0;
    let acceptedMutated = 0;
    for (let n = 0; n < CASES && Date.now() - started < TIME_BUDGET_MS; n++) {
      const random = seededRandom(Math.imul(SEED, 0x9e3779b1) ^ Math.imul(n + 7, 0x85ebca6b));
      const original = random.pick(texts);
      let text = original;
      const steps = 1 + random.int(3);
      for (let step = 0; step < steps; step++) {
        const kind = random.int(4);
        text = kind === 0 ? mutate(text, random, texts).text : kind === 1 ? lineMutation(text, random) : characterMutation(text, random);
      }
      const verdict = compareFastPath(text);
      checked++;
      if (!verdict.accepted) continue;
      accepted++;
      if (text !== original) acceptedMutated++;
      if (verdict.difference) {
        const saved = path.join(os.tmpdir(), `clause-guide-yamlfast-${SEED}-${n}.yaml`);
        fs.writeFileSync(saved, text);
        assert.fail(`case ${n} (seed ${SEED}): the fast reader accepted a text the library reads otherwise: ${verdict.difference}; text saved to ${saved}`);
      }
    }
    process.stdout.write(`      ${checked} cases, ${accepted} accepted by the fast reader (${acceptedMutated} of them mutated)\n`);
    // The test means something only if it ran and the fast reader took many mutated texts.
    assert.ok(checked >= Math.min(CASES, 2000), `only ${checked} cases ran in the time budget`);
    assert.ok(acceptedMutated >= checked / 10, `the fast reader accepted only ${acceptedMutated} of ${checked} mutated texts`);
  });

  it('texts assembled from pieces at random indentations: whatever the fast reader accepts, the library reads alike', () => {
    const random = seededRandom(SEED ^ 0x5eed);
    const started = Date.now();
    let checked = 0;
    let accepted = 0;
    while (checked < 400_000 && Date.now() - started < 20_000) {
      const text = assembledText(random);
      checked++;
      const verdict = compareFastPath(text);
      if (!verdict.accepted) continue;
      accepted++;
      assert.equal(verdict.difference, undefined, `case ${checked} (seed ${SEED}): ${JSON.stringify(text)}`);
    }
    process.stdout.write(`      ${checked} texts, ${accepted} accepted by the fast reader\n`);
    assert.ok(accepted >= 1000, `the fast reader accepted only ${accepted} of ${checked} assembled texts`);
  });
});
