import { componentLabel, supportEntriesByPurl, supportOf } from '../evidence/support';
import { workspaceRule, type RuleFinding } from './rule';

// The FDA asks, for each SBOM component, its level of support and its end-of-support date; IEC
// 81001-5-1 4.1.5 asks that third-party software items be kept under security control. A component
// without both, in its SBOM or in the support sidecar next to it, is a finding.
export const componentSupportMissing = workspaceRule({
  name: 'component-support-missing',
  clause: '4.1.5',
  defaultSeverity: 'warning',
  scope: 'workspace',
  reads: { collections: ['components', 'component-support'] },
  description: 'An SBOM component has no support level or no end-of-support date (in the SBOM, or in the support sidecar beside it keyed by purl), which the FDA asks for each component.',
  check({ workspace }) {
    const entries = supportEntriesByPurl(workspace.items('component-support'));
    const findings: RuleFinding[] = [];
    for (const component of workspace.items('components')) {
      const support = supportOf(component, entries);
      const missing = [!support.level && 'support level', !support.endOfSupport && 'end-of-support date'].filter(Boolean);
      if (!missing.length) continue;
      findings.push({
        uri: component.uri,
        range: component.anchor,
        message: `Component ${componentLabel(component)} has no ${missing.join(' and no ')}. State them in the SBOM or in its support sidecar (\`clause-guide sbom-support\` adds an entry per component to fill in).`,
      });
    }
    return findings;
  },
});
