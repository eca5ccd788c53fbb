import { isMap, isScalar } from 'yaml';
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
    if (document.documentKind || !document.kind || !document.yamlRange) return [];
    const kind = document.kind.toLowerCase();
    const ranked = [...DOCUMENT_KINDS].sort((a, b) => editDistance(kind, a) - editDistance(kind, b));
    // Only kinds that look meant for us: other tools' YAML (Kubernetes, CI) has kinds of its own.
    if (editDistance(kind, ranked[0]) > 4 && !/security|threat|tailor|release|lifecycle|requirement/.test(kind)) return [];
    const contents = document.yaml?.contents;
    const kindNode = isMap(contents) ? contents.get('kind', true) : undefined;
    if (!isScalar(kindNode) || !kindNode.range) return [];
    const range = document.lines.range(document.yamlOffset + kindNode.range[0], document.yamlOffset + kindNode.range[1]);
    return [
      {
        uri: document.source.uri,
        range,
        message: `\`kind: ${document.kind}\` is not a Clause Guide document kind, so this file is not checked. Did you mean "${ranked[0]}"? Kinds: ${DOCUMENT_KINDS.join(', ')}.`,
        fixes: [{ title: `Change to "${ranked[0]}"`, edits: { [document.source.uri]: [{ range, newText: ranked[0] }] }, isPreferred: true }],
      },
    ];
  },
};
