// Hostile inputs shared by the engine, CLI and server tests.

/** "Billion laughs": nine levels of nine aliases each, 9^9 (387 million) strings if expanded. */
export function aliasBomb(kindLine = 'kind: threat-model'): string {
  const levels = 'abcdefghi'.split('');
  const lines = [kindLine, `${levels[0]}: &${levels[0]} ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]`];
  for (let i = 1; i < levels.length; i++) lines.push(`${levels[i]}: &${levels[i]} [${Array(9).fill(`*${levels[i - 1]}`).join(', ')}]`);
  lines.push('clauses: *i', 'threats:', '  - id: TH-001', '    title: *i', '    category: *i', '  - *i');
  return lines.join('\n') + '\n';
}

/** `depth` nested collections of each form the YAML grammar allows. */
export function deeplyNested(depth: number): Record<string, string> {
  return {
    'flow sequences': `kind: threat-model\nclauses: ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
    'flow mappings': `kind: threat-model\nx: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`,
    'compact block sequences': `kind: threat-model\nx:\n  ${'- '.repeat(depth)}x\n`,
    'indented block mappings': `kind: threat-model\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} x\n`,
  };
}

/** A line of a Node.js stack trace ("    at fn (file:1:2)"). */
export const STACK_TRACE = /^\s+at .+\(.*:\d+:\d+\)|^\s+at .+:\d+:\d+$/m;
