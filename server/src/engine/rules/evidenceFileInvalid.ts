import type { DocumentRule } from './rule';

// An evidence file (an SBOM, test results…) that does not parse or does not match its format's
// official schema is no evidence: one finding at the place the parser or the schema names.
export const evidenceFileInvalid: DocumentRule = {
  name: 'evidence-file-invalid',
  clause: null,
  defaultSeverity: 'error',
  scope: 'document',
  description: 'An evidence file (an SBOM or another tool\'s output) does not parse or does not match its format\'s official schema, so nothing in it counts as evidence.',
  check({ document }) {
    const problems = document.evidenceProblems;
    if (!problems?.length) return [];
    return problems.map((problem) => ({
      uri: document.source.uri,
      range: problem.range,
      message: `${/[.!?]$/.test(problem.message) ? problem.message : `${problem.message}.`} Nothing in this file counts as evidence until it is valid.`,
    }));
  },
};
