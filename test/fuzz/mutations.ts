// Deterministic, seeded mutations of real documents: what a half-finished edit, a bad merge, a
// truncated download or a stray paste does to a security file.

/** A small, fast PRNG (mulberry32): the same seed gives the same sequence on every machine. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (below) => Math.floor(next() * below),
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

export interface Random {
  /** In [0, 1). */
  next(): number;
  /** In [0, below). */
  int(below: number): number;
  pick<T>(items: readonly T[]): T;
}

/** YAML and Markdown metacharacters, alone and in the combinations that change structure. */
const METACHARACTERS = [
  ':', '-', '[', ']', '{', '}', '|', '>', '&', '*', '!', '%', '@', '`', '#', '---', '...', '? ', ': ', '- ', '\n- ',
  '\n---\n', '&a ', '*a', '!!binary ', '%YAML 1.1\n', '"', "'", '\\', '\t', '\r', '\r\n', '|-\n', '<!-- ', ' -->', '§',
  '| ID | Text |\n|---|---|\n', '\uFEFF', '\u0000', '\uD800', '😀', '\u2028', '<<: *a\n',
];

export interface Mutation {
  /** What was done, for the failure message. */
  description: string;
  text: string;
}

type Mutator = (text: string, random: Random, others: readonly string[]) => Mutation;

const lines = (text: string) => text.split('\n');

const MUTATORS: Record<string, Mutator> = {
  'flip a character'(text, random) {
    if (!text) return { description: 'flip (empty)', text };
    const at = random.int(text.length);
    const code = text.charCodeAt(at) ^ (1 << random.int(7));
    return { description: `flip bit at ${at}`, text: text.slice(0, at) + String.fromCharCode(code) + text.slice(at + 1) };
  },
  'delete a line'(text, random) {
    const all = lines(text);
    const at = random.int(all.length);
    all.splice(at, 1);
    return { description: `delete line ${at}`, text: all.join('\n') };
  },
  'duplicate a line'(text, random) {
    const all = lines(text);
    const at = random.int(all.length);
    all.splice(at, 0, all[at]);
    return { description: `duplicate line ${at}`, text: all.join('\n') };
  },
  'truncate'(text, random) {
    const at = random.int(text.length + 1);
    return { description: `truncate at ${at}`, text: text.slice(0, at) };
  },
  'insert metacharacters'(text, random) {
    const at = random.int(text.length + 1);
    const inserted = Array.from({ length: 1 + random.int(3) }, () => random.pick(METACHARACTERS)).join('');
    return { description: `insert ${JSON.stringify(inserted)} at ${at}`, text: text.slice(0, at) + inserted + text.slice(at) };
  },
  'swap in a line of another file'(text, random, others) {
    const other = lines(random.pick(others));
    const all = lines(text);
    const at = random.int(all.length);
    const line = other[random.int(other.length)];
    all[at] = line;
    return { description: `replace line ${at} by ${JSON.stringify(line)}`, text: all.join('\n') };
  },
  'indent or dedent a line'(text, random) {
    const all = lines(text);
    const at = random.int(all.length);
    all[at] = random.next() < 0.5 ? ' '.repeat(1 + random.int(4)) + all[at] : all[at].replace(/^ {1,3}/, '');
    return { description: `re-indent line ${at}`, text: all.join('\n') };
  },
};

const MUTATOR_NAMES = Object.keys(MUTATORS);

/** One to three mutations in a row. `others` are the texts of the other files, for swapping lines in. */
export function mutate(text: string, random: Random, others: readonly string[]): Mutation {
  const steps: string[] = [];
  let current = text;
  for (let count = 1 + random.int(3); count > 0; count--) {
    const name = random.pick(MUTATOR_NAMES);
    const result = MUTATORS[name](current, random, others.length ? others : [text]);
    steps.push(`${name}: ${result.description}`);
    current = result.text;
  }
  return { description: steps.join('; '), text: current };
}
