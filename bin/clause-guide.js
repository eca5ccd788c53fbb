#!/usr/bin/env node
// The CLI, from the esbuild bundle (run `npm run build` first).
const { run } = require('../dist/cli.js');
process.exitCode = run(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
