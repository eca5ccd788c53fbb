#!/usr/bin/env node
// The CLI, from the esbuild bundle (run `npm run build` first).
// A reader that stops early (`clause-guide check | head`) closes the pipe: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { run } = require('../dist/cli.js');
process.exitCode = run(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
