import { DOCUMENT_KINDS } from '../catalog';
import { editDistance } from '../nearest';
import type { DocumentRule } from './rule';

export const unknownKind: DocumentRule = {
  name: 'unknown-kind',
  clause: null,
  defaultSeverity: 'hint',
  scope: 'document',
  description: 'A file declares a `kind` close to, but not one of, the security document kinds, so Clause Guide ignores it.',
  check({ document }) {
    // The range of `kind` was kept at parse time: the YAML tree is released once the model is built.
    const range = document.kindRange;
    if (document.documentKind || !document.kind || !range) return [];
    const kind = document.kind.toLowerCase();
    const ranked = [...DOCUMENT_KINDS].sort((a, b) => editDistance(kind, a) - editDistance(kind, b));
    // Only kinds that look meant for us: other tools' YAML (Kubernetes, CI) has kinds of its own.
    if (editDistance(kind, ranked[0]) > 4 && !/security|threat|tailor|release|lifecycle|requirement/.test(kind)) return [];
    return [
      {
        uri: document.source.uri,
        range,
        message: `\`kind: ${document.kind}\` is not a Clause Guide document kind, so this file is not checked. Did you mean "${ranked[0]}"? Kinds: ${DOCUMENT_KINDS.join(', ')}.`,
        fixes: () => [{ title: `Change to "${ranked[0]}"`, edits: { [document.source.uri]: [{ range, newText: ranked[0] }] }, isPreferred: true }],
      },
    ];
  },
};
