import type { Rule } from './rule';

export const syntaxError: Rule = {
  name: 'syntax-error',
  clause: null,
  defaultSeverity: 'error',
  description: 'The file does not parse as YAML (or its front matter does not), so nothing in it can be checked.',
  check({ document }) {
    return document.syntaxProblems.map((problem) => ({
      range: problem.range,
      message: `${problem.message} — fix the YAML so the rest of the file can be checked.`,
    }));
  },
};
