import { componentLabel } from '../evidence/support';
import { isFilled } from '../criteria';
import { workspaceRule, type RuleFinding } from './rule';

// An SBOM component whose supplier is unknown cannot be monitored or asked for fixes (4.1.5).
export const componentSupplierMissing = workspaceRule({
  name: 'component-supplier-missing',
  clause: '4.1.5',
  defaultSeverity: 'warning',
  scope: 'workspace',
  reads: { collections: ['components'] },
  description: 'An SBOM component names no supplier (CycloneDX supplier, manufacturer or publisher; SPDX supplier), so nobody is known to monitor or fix it.',
  check({ workspace }) {
    const findings: RuleFinding[] = [];
    for (const component of workspace.items('components')) {
      if (isFilled(component, 'supplier')) continue;
      findings.push({ uri: component.uri, range: component.anchor, message: `Component ${componentLabel(component)} names no supplier, so nobody is known to monitor or fix it.` });
    }
    return findings;
  },
});
