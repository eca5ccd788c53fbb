// 9.3: a `not_affected` VEX statement is a claim that the product is safe from a known
// vulnerability; without the reason (CycloneDX `analysis.justification`, OpenVEX `justification`
// or `impact_statement`) nobody can check it, and it clears nothing. The reason is a person's
// judgement, so no fix writes one.
import type { DocumentRule, RuleFinding } from './rule';
import { fieldText } from '../model';

const CYCLONEDX = 'code_not_present, code_not_reachable, requires_configuration, requires_dependency, requires_environment, protected_by_compiler, protected_at_runtime, protected_at_perimeter, protected_by_mitigating_control';
const OPENVEX = 'component_not_present, vulnerable_code_not_present, vulnerable_code_not_in_execute_path, vulnerable_code_cannot_be_controlled_by_adversary, inline_mitigations_already_exist';

export const vexJustificationMissing: DocumentRule = {
  name: 'vex-justification-missing',
  clause: '9.3',
  defaultSeverity: 'error',
  scope: 'document',
  description: 'A VEX statement says a product is not_affected by a vulnerability without giving the justification, so it clears nothing.',
  check({ model }) {
    const statements = model?.collections['vex-statements']?.items;
    if (!statements?.length) return [];
    const findings: RuleFinding[] = [];
    for (const item of statements) {
      if (fieldText(item, 'status') !== 'not_affected' || fieldText(item, 'state') === 'false_positive') continue;
      if (fieldText(item, 'justification') || fieldText(item, 'impact_statement')) continue;
      const vulnerability = fieldText(item, 'vulnerability');
      const openVex = model!.kind === 'vex';
      findings.push({
        uri: item.uri,
        range: item.anchor,
        message:
          `The statement that ${vulnerability} does not affect the product gives no justification, so it clears nothing. ` +
          (openVex
            ? `Add \`justification\` (one of ${OPENVEX}) or an \`impact_statement\` saying why (§9.3).`
            : `Add \`analysis.justification\` (one of ${CYCLONEDX}) and say why in \`analysis.detail\` (§9.3).`),
      });
    }
    return findings;
  },
};
