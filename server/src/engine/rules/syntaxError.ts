import type { DocumentRule } from './rule';
import { DOCUMENT_KINDS } from '../catalog';

// A file so broken that YAML cannot read its `kind` still gets its syntax errors when its text
// plainly says which kind it means to be.
const KIND_LINE = new RegExp(`^kind\\s*:\\s*["']?(?:${DOCUMENT_KINDS.join('|')})\\b`, 'm');

export const syntaxError: DocumentRule = {
  name: 'syntax-error',
  clause: null,
  defaultSeverity: 'error',
  scope: 'document',
  description: 'The file does not parse as YAML (or its front matter does not, or it holds an unresolved merge conflict), so nothing else in it is checked.',
  check({ document, model }) {
    // The parse problems first: reading the text of a file no editor shows means unpacking it.
    if (!document.syntaxProblems.length || (!model && !KIND_LINE.test(document.source.text))) return [];
    return document.syntaxProblems.map((problem) => ({
      uri: document.source.uri,
      range: problem.range,
      message: `${/[.!?]$/.test(problem.message) ? problem.message : `${problem.message}.`} Nothing else in this file is checked until it parses.`,
    }));
  },
};
