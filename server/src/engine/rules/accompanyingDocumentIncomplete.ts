// 4.1.9: the security content of the documents shipped with the product is reviewed. The list of
// accompanying documents (security-organization) names each with its version and the date its
// security content was last reviewed; without them nobody can tell which edition was reviewed, or
// whether it was at all. Both are facts a person supplies, so no fix writes them.
import { isFilled } from '../criteria';
import type { DocumentRule, RuleFinding } from './rule';

export const accompanyingDocumentIncomplete: DocumentRule = {
  name: 'accompanying-document-incomplete',
  clause: '4.1.9',
  defaultSeverity: 'error',
  scope: 'document',
  description: 'An accompanying document (instructions for use, hardening guide, …) is listed without its version or without the date its security content was last reviewed.',
  check({ model }) {
    if (!model || model.kind !== 'security-organization') return [];
    const findings: RuleFinding[] = [];
    for (const document of model.collections.accompanying_documents?.items ?? []) {
      const lacking = ['version', 'reviewed'].filter((key) => !isFilled(document, key));
      if (!lacking.length) continue;
      const name = document.fields.title?.scalar?.text || document.id?.text || 'This accompanying document';
      findings.push({
        uri: document.uri,
        range: document.anchor,
        message: `${name} is listed without ${lacking.map((key) => (key === 'version' ? 'its `version`' : 'the date its security content was last reviewed (`reviewed`)')).join(' or ')}: 4.1.9 asks that the security content of what ships with the product is reviewed, edition by edition.`,
      });
    }
    return findings;
  },
};
