// 4.3: each software item is classified by who keeps it secure in the field (maintained by the
// manufacturer, supported, or required from the operator), so any transfer of risk to the customer
// is explicit. The classification is a decision, so no fix writes one.
import { isFilled } from '../criteria';
import type { DocumentRule, RuleFinding } from './rule';

export const softwareItemUnclassified: DocumentRule = {
  name: 'software-item-unclassified',
  clause: '4.3',
  defaultSeverity: 'error',
  scope: 'document',
  description: 'A software item of the maintenance plan has no classification (maintained, supported or required), so nobody can tell who keeps it secure in the field.',
  check({ model }) {
    if (!model || model.kind !== 'maintenance-plan') return [];
    const findings: RuleFinding[] = [];
    for (const item of model.collections.software_items?.items ?? []) {
      if (isFilled(item, 'classification')) continue; // a value outside the three is invalid-value's
      const name = item.fields.name?.scalar?.text || item.id?.text || 'This software item';
      findings.push({
        uri: item.uri,
        range: item.anchor,
        message: `${name} has no \`classification\`: say whether the manufacturer maintains its security updates (\`maintained\`), only states which of its supplier's updates are compatible (\`supported\`), or the operator must provide and secure it (\`required\`) (4.3).`,
      });
    }
    return findings;
  },
};
