// The layers of the code, read from its imports: engine -> node -> lsp / cli (and tools), with no
// arrow back; the engine imports no I/O, no vscode and no LSP; and inside the engine, the records
// and views (reports/) use what they share with the rules from a neutral module, not a rule's.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/fixtures';

const SERVER = path.join(REPO_ROOT, 'server', 'src');

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** What a file imports: relative imports resolved to paths under server/src, others as written. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"`;]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)].map((match) => match[1] ?? match[2]);
  return specifiers.map((specifier) => (specifier.startsWith('.') ? path.relative(SERVER, path.resolve(path.dirname(file), specifier)).split(path.sep).join('/') : specifier));
}

const LAYER: Record<string, number> = { engine: 0, node: 1, lsp: 2, cli: 2, tools: 2 };
const layerOf = (relative: string) => LAYER[relative.split('/')[0]];

describe('structure of the server', () => {
  it('has no import that runs back up a layer (engine -> node -> lsp/cli/tools)', () => {
    const back: string[] = [];
    for (const file of sourceFiles(SERVER)) {
      const from = path.relative(SERVER, file).split(path.sep).join('/');
      for (const target of importsOf(file)) {
        if (target.startsWith('.') || !/^(engine|node|lsp|cli|tools)\//.test(target)) continue;
        if (layerOf(target) > layerOf(from) || (layerOf(target) === layerOf(from) && layerOf(from) === 2 && target.split('/')[0] !== from.split('/')[0])) back.push(`${from} -> ${target}`);
      }
    }
    assert.deepEqual(back, []);
  });

  it('keeps the engine free of I/O, vscode and LSP', () => {
    const impure: string[] = [];
    for (const file of sourceFiles(path.join(SERVER, 'engine'))) {
      for (const target of importsOf(file)) {
        if (/^(node:|fs$|path$|child_process$|vscode)/.test(target)) impure.push(`${path.relative(SERVER, file)} -> ${target}`);
      }
    }
    assert.deepEqual(impure, []);
  });

  it('lets no record or view import from a rule module (what they share lives in a neutral engine module)', () => {
    const intoRules: string[] = [];
    for (const file of sourceFiles(path.join(SERVER, 'engine', 'reports'))) {
      for (const target of importsOf(file)) if (target.startsWith('engine/rules/')) intoRules.push(`${path.relative(SERVER, file)} -> ${target}`);
    }
    assert.deepEqual(intoRules, []);
  });
});
