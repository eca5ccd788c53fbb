import { workspaceRule, type RuleFinding } from './rule';

export const duplicateId = workspaceRule({
  name: 'duplicate-id',
  clause: null,
  defaultSeverity: 'error',
  scope: 'workspace',
  reads: { definitions: true },
  description: 'An id is defined more than once in the workspace, so references to it are ambiguous.',
  check({ workspace }) {
    const findings: RuleFinding[] = [];
    for (const [id, all] of workspace.duplicateDefinitions()) {
      // An id another tool's file defines (a purl an SBOM lists twice, or two SBOMs of one product
      // list) is that tool's to repeat: only our own documents' duplicates are ambiguous.
      const definitions = all.filter((definition) => definition.item?.form !== 'evidence');
      if (definitions.length < 2) continue;
      for (const definition of definitions) {
        const others = definitions.filter((other) => other !== definition);
        findings.push({
          uri: definition.uri,
          range: definition.range,
          message: `Id ${id} is defined ${definitions.length} times. Ids must be unique across the security file: rename one of them.`,
          related: others.map((other) => ({ uri: other.uri, range: other.range, message: `${id} is also defined here` })),
        });
      }
    }
    return findings;
  },
});
