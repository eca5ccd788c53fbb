// One YAML and one Markdown document of every document kind the packaged extension ships, made by
// expanding its own snippets with their defaults (as the editor inserts them), for the check that
// the editor and the CLI find the same (rule, line) in each. The kinds are those the extension
// declares a schema for, so a kind added to the engine (with its schema and snippets) is checked
// without touching this file; a kind without a snippet in either form fails the run.
import fsp from 'node:fs/promises';
import path from 'node:path';

/** Schemas in schemas/ that describe no document kind. */
const NOT_KINDS = new Set(['clause-guide-config', 'security-file']);

/**
 * A snippet body with each placeholder at its default: `${1:text}` → text, `${1|a,b|}` → a,
 * `$1`/`$0`/variables → ''. (The same expansion as test/unit/snippets.test.ts, which checks every
 * snippet parses.)
 */
export function expandSnippet(body) {
  const variable = (name) => new RegExp(`\\$\\{${name}\\}|\\$${name}\\b`, 'g');
  let text = body.replace(variable('CURRENT_YEAR'), '2026').replace(variable('CURRENT_MONTH'), '09').replace(variable('CURRENT_DATE'), '01');
  const defaults = new Map();
  const remember = (n, value) => {
    if (!defaults.has(n)) defaults.set(n, value);
    return value;
  };
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text
      .replace(/\$\{(\d+)\|([^,|}]*)[^}]*\|\}/g, (_, n, first) => remember(n, first))
      .replace(/\$\{(\d+):([^${}]*)\}/g, (_, n, value) => remember(n, value))
      .replace(/\$\{[A-Z_]+:([^${}]*)\}/g, '$1');
  }
  return text.replace(/\$\{(\d+)\}|\$(\d+)/g, (_, a, b) => defaults.get(a ?? b) ?? '').replace(/\$\{[A-Z_]+\}|\$[A-Z_]+/g, '');
}

/** The document kinds the extension at `extPath` ships a schema for. */
export async function shippedKinds(extPath) {
  const names = await fsp.readdir(path.join(extPath, 'schemas'));
  return names
    .map((name) => /^(.+)\.schema\.json$/.exec(name)?.[1])
    .filter((kind) => kind && !NOT_KINDS.has(kind))
    .sort();
}

/**
 * Writes `<folder>/yaml/<kind>.yaml` and `<folder>/markdown/<kind>.md` for every shipped kind, each
 * folder a project of its own (a `.clause-guide.yaml`), so the two forms of a kind do not define
 * the same ids in one project. Returns the kinds and the files, relative to `root`.
 */
export async function writeKindFixtures(extPath, root, folder) {
  const kinds = await shippedKinds(extPath);
  if (kinds.length < 6) throw new Error(`only ${kinds.length} kinds found in ${path.join(extPath, 'schemas')}: ${kinds.join(', ')}`);
  const files = [];
  for (const [snippetFile, form, extension] of [
    ['yaml.code-snippets', 'yaml', 'yaml'],
    ['markdown.code-snippets', 'markdown', 'md'],
  ]) {
    const snippets = JSON.parse(await fsp.readFile(path.join(extPath, 'snippets', snippetFile), 'utf8'));
    const byKind = new Map();
    for (const snippet of Object.values(snippets)) {
      const text = expandSnippet([snippet.body].flat().join('\n'));
      const kind = /^kind:\s*([\w-]+)\s*$/m.exec(text)?.[1];
      if (kind && !byKind.has(kind)) byKind.set(kind, text);
    }
    const missing = kinds.filter((kind) => !byKind.has(kind));
    if (missing.length) throw new Error(`${snippetFile} has no snippet for ${missing.join(', ')}`);
    const dir = path.join(root, folder, form);
    await fsp.mkdir(dir, { recursive: true });
    await fsp.writeFile(path.join(dir, '.clause-guide.yaml'), '# e2e: each document kind as its snippet starts it\n');
    for (const kind of kinds) {
      const relative = `${folder}/${form}/${kind}.${extension}`;
      await fsp.writeFile(path.join(root, relative), `${byKind.get(kind).replace(/\s*$/, '')}\n`);
      files.push(relative);
    }
  }
  return { kinds, files };
}
