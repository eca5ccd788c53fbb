#!/usr/bin/env node
// The language server, from the esbuild bundle: `clause-guide-lsp --stdio`.
require('../dist/server.js');
