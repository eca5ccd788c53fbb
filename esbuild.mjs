// Bundles the three entry points. The extension host provides `vscode`; everything else
// (vscode-languageserver, yaml, fuse.js) is inlined so the .vsix ships no node_modules.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { catalogJson } from './scripts/catalogJson.mjs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  define: { CLAUSE_GUIDE_VERSION: JSON.stringify(version) },
  // jsonc-parser's main build is UMD with requires esbuild cannot follow; its ES module build bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

// @resvg/resvg-js (the Word report's PNG of the diagram) is a native module, one build per platform:
// it cannot be inlined, so it stays a require() that finds it in node_modules when installed from npm,
// and fails softly in the .vsix, which ships none (server/src/node/auditDocx.ts says what then).
const NATIVE = ['@resvg/resvg-js'];

// Libraries only some runs use (the Word report, the diagram, evidence files) are bundled each into a
// file of its own under dist/vendor/ and required where first used, so `clause-guide check` on a
// folder of YAML neither parses nor runs them: inlined, docx alone took ~150 ms of the CLI's start
// (its ES module code is hoisted to the bundle's top level). Keys: what the source requires (a
// package, or our own module that wraps one); values: the vendor file and what it bundles.
const LAZY_LIBRARIES = {
  docx: { file: 'docx', entry: 'docx' },
  '@dagrejs/dagre': { file: 'dagre', entry: '@dagrejs/dagre' },
  'fast-xml-parser': { file: 'fast-xml-parser', entry: 'fast-xml-parser' },
  'packageurl-js': { file: 'packageurl-js', entry: 'packageurl-js' },
  // ajv and ajv-formats together, so the formats extend the same copy of ajv.
  './ajvRuntime': { file: 'ajv', entry: './server/src/engine/evidence/ajvRuntime.ts' },
};
const lazyLibraries = {
  name: 'lazy-libraries',
  setup(build) {
    const names = Object.keys(LAZY_LIBRARIES).map((name) => name.replace(/[/.-]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => ({ path: `./vendor/${LAZY_LIBRARIES[args.path].file}.js`, external: true }));
  },
};
const vendorBuilds = Object.values(LAZY_LIBRARIES).map(({ file, entry }) => ({
  ...common,
  stdin: { contents: `module.exports = require(${JSON.stringify(entry)});`, resolveDir: '.', loader: 'js' },
  outfile: `dist/vendor/${file}.js`,
}));

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', external: NATIVE, plugins: [lazyLibraries] },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', external: NATIVE, plugins: [lazyLibraries] },
  ...vendorBuilds,
];

const require = createRequire(import.meta.url);

// The official CycloneDX JSON Schemas (Apache-2.0), which SBOMs are validated against, as the npm
// package @cyclonedx/cyclonedx-library ships them; read by server/src/node/evidenceSchemas.ts.
const cycloneDxSchemas = path.join(path.dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
mkdirSync('dist/schemas/cyclonedx', { recursive: true });
for (const file of ['bom-1.4', 'bom-1.5', 'bom-1.6', 'spdx', 'jsf-0.82', 'cryptography-defs'].map((name) => `${name}.SNAPSHOT.schema.json`)) {
  copyFileSync(path.join(cycloneDxSchemas, file), path.join('dist/schemas/cyclonedx', file));
}
copyFileSync(path.join(cycloneDxSchemas, '..', '..', 'LICENSE'), 'dist/schemas/cyclonedx/LICENSE');

// The CycloneDX validators compiled ahead of time (server/src/tools/cyclonedxValidators.ts): the
// generator is bundled and run on the schemas copied above, and its ajv standalone code is bundled
// with ajv's runtime and the formats it names. Compiling the 1.6 schema took 1-2 s of every run that
// read an SBOM; node/evidenceSchemas.ts loads this file with the first SBOM instead.
const generator = 'dist/vendor/.cyclonedx-validators-generator.js';
const standalone = 'dist/vendor/.cyclonedx-validators-standalone.js';
await esbuild.build({ ...common, sourcemap: false, minify: false, logLevel: 'warning', entryPoints: ['server/src/tools/cyclonedxValidators.ts'], outfile: generator });
execFileSync(process.execPath, [generator, 'dist/schemas/cyclonedx', standalone], { stdio: 'inherit' });
await esbuild.build({ ...common, sourcemap: false, logLevel: 'warning', entryPoints: [standalone], outfile: 'dist/vendor/cyclonedx-validators.js' });
rmSync(generator);
rmSync(standalone);

// The catalog as JSON, so no run parses its YAML at start (scripts/catalogJson.mjs says when it is used).
writeFileSync('dist/catalog.json', catalogJson(readFileSync('catalog/clauses.yaml', 'utf8')));

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
