import { fileName } from './helpers';
import { workspaceRule, type RuleFinding } from './rule';
import type { Definition } from '../workspace';

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
      const definitions = all.filter(isAmbiguous);
      if (definitions.length < 2) continue;
      const files = [...new Set(definitions.map((definition) => definition.uri))];
      const where = files.length > 1 ? `, in ${files.slice(0, -1).map(fileName).join(', ')} and ${fileName(files.at(-1)!)}` : '';
      const fromThreatDragon = definitions.some((definition) => definition.document.kind === 'threat-dragon');
      const remedy = fromThreatDragon
        ? 'Threat Dragon numbers every model\'s threats from 1: give a model its own id prefix in .clause-guide.yaml (threatDragonPrefixes, such as `security/payments.threat-dragon.json: TDP-`), or rename our threat.'
        : 'Ids must be unique across the security file: rename one of them.';
      for (const definition of definitions) {
        const others = definitions.filter((other) => other !== definition);
        findings.push({
          uri: definition.uri,
          range: definition.range,
          message: `Id ${id} is defined ${definitions.length} times${where}. ${remedy}`,
          related: others.map((other) => ({ uri: other.uri, range: other.range, message: `${id} is also defined here` })),
        });
      }
    }
    return findings;
  },
});

/**
 * Whether a definition makes its id ambiguous. An id another tool's file defines (a purl an SBOM
 * lists twice, or two SBOMs of one product list) is that tool's to repeat; but a Threat Dragon
 * threat is a threat like ours, which a control's `mitigates` names: two models that both number
 * from 1 (or a model and our threat model) must not silently share an id.
 */
function isAmbiguous(definition: Definition): boolean {
  return definition.item?.form !== 'evidence' || definition.document.kind === 'threat-dragon';
}
