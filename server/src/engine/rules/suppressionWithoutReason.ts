import { isMissingReason } from '../edits';
import type { DocumentRule } from './rule';

export const suppressionWithoutReason: DocumentRule = {
  name: 'suppression-without-reason',
  clause: null,
  defaultSeverity: 'error',
  scope: 'document',
  description: 'A clause-guide-disable-next-line comment gives no reason; an auditor needs to know why a finding was accepted.',
  check({ document }) {
    return document.suppressions
      .filter((suppression) => isMissingReason(suppression.reason))
      .map((suppression) => ({
        uri: document.source.uri,
        range: suppression.range,
        message: `This suppression of ${suppression.rules.join(', ') || '(no rule named)'} gives no reason. Write it after "--": why is the finding acceptable, and who accepted it?`,
      }));
  },
};
