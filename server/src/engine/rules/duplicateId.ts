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
    for (const [id, definitions] of workspace.duplicateDefinitions()) {
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
