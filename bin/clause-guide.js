#!/usr/bin/env node
// The CLI, from the esbuild bundle (run `npm run build` first). main() sets the exit code and
// handles output that cannot be written (a closed pipe, a full disk).
require('../dist/cli.js').main();
