'use strict';
// Tiny, dependency-free reader for one entry of the packaged clause catalog
// (<extensionPath>/catalog/clauses.yaml). Shared by the companion (inside the
// extension host) and by run.mjs (UI checks). It only needs the `title` of the
// list entry with a given `id`, so a line scan is enough (a full YAML parser
// would have to be bundled into the companion).
const fs = require('fs');

function unquote(s) {
  s = s.trim();
  if (s.startsWith('"')) {
    const m = /^"((?:[^"\\]|\\.)*)"/.exec(s);
    return m ? m[1].replace(/\\(.)/g, '$1') : s;
  }
  if (s.startsWith("'")) {
    const m = /^'((?:[^']|'')*)'/.exec(s);
    return m ? m[1].replace(/''/g, "'") : s;
  }
  return s.replace(/\s+#.*$/, '').trim();
}

/** Title of the catalog entry whose `id` is `id`, or undefined. */
function findClauseTitle(text, id) {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*(?:-\s+)?)id:\s*(.+)$/.exec(lines[i]);
    if (!m || unquote(m[2]) !== id) continue;
    const col = m[1].length; // column of the `id` key; sibling keys share it
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      if (/^\s*(#.*)?$/.test(line)) continue;
      const indent = /^\s*/.exec(line)[0].length;
      if (indent < col) break; // next entry or end of the list
      if (indent > col) continue; // nested value
      const t = /^\s*title:\s*(.*)$/.exec(line);
      if (t) return unquote(t[1]);
    }
  }
  return undefined;
}

function readClauseTitle(catalogFile, id) {
  const title = findClauseTitle(fs.readFileSync(catalogFile, 'utf8'), id);
  if (!title) throw new Error(`clause ${id} (with a title) not found in ${catalogFile}`);
  return title;
}

/** Markdown/hover text compared loosely: no markdown escapes, collapsed white space. */
function normalize(s) {
  return String(s)
    .replace(/\\([\\`*_{}\[\]()#+\-.!|<>~])/g, '$1')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

module.exports = { findClauseTitle, readClauseTitle, normalize };
