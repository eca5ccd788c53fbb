// 7.1.2: the product security context. A security risk management file says where the product is
// meant to run, what it connects to and who uses it; threats and their risk are judged against
// that. What is missing is named; the fix adds the missing keys with placeholders a person fills
// (a placeholder is read as missing, so the finding stays until then).
import { isFilled } from '../criteria';
import { insertAt } from '../edits';
import type { Fix } from '../types';
import type { DocumentRule } from './rule';

/** The parts of the context, what each holds, and what the fix writes for a person to replace. */
const CONTEXT: { key: string; what: string; placeholder: string }[] = [
  { key: 'intended_environment', what: 'the intended environment', placeholder: '"TODO: where the product runs and what protection the operator provides"' },
  { key: 'adjacent_systems', what: 'the adjacent systems', placeholder: '[TODO]' },
  { key: 'user_roles', what: 'the user roles', placeholder: '[TODO]' },
];

export const securityContextMissing: DocumentRule = {
  name: 'security-context-missing',
  clause: '7.1.2',
  defaultSeverity: 'error',
  scope: 'document',
  description: 'A security risk management document does not state the product security context: intended environment, adjacent systems and user roles (or states only placeholders).',
  check({ model }) {
    if (!model || model.kind !== 'security-risk-management') return [];
    const missing = CONTEXT.filter(({ key }) => !isFilled(model, key));
    if (!missing.length) return [];
    const absent = missing.filter(({ key }) => !model.fields[key]);
    const fixes = (): Fix[] =>
      absent.length
        ? [
            {
              title: `Add ${absent.map(({ key }) => key).join(', ')} (to fill in)`,
              edits: { [model.uri]: [insertAt(model, model.topLevelInsert.offset, absent.map(({ key, placeholder }) => `\n${key}: ${placeholder}`).join(''))] },
              isPreferred: true,
            },
          ]
        : [];
    const first = model.fields[missing[0].key];
    const names = missing.map(({ what, key }) => `${what} (\`${key}\`)`);
    return [
      {
        uri: model.uri,
        range: first ? first.range : model.kindRange,
        message:
          `The product security context does not state ${names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0]}. ` +
          'Say where the product runs and what the operator is expected to protect, which systems it connects to, and who uses and services it: threats and their risk are judged in that context (§7.1.2).',
        fixes,
      },
    ];
  },
};
