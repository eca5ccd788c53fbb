// The rule registry: one line per rule.
import type { Rule } from './rule';
import { duplicateId } from './duplicateId';
import { invalidValue } from './invalidValue';
import { suppressionWithoutReason } from './suppressionWithoutReason';
import { syntaxError } from './syntaxError';
import { unknownClause } from './unknownClause';
import { unknownKind } from './unknownKind';
import { unknownReference } from './unknownReference';
import { tailoringJustificationMissing } from './tailoringJustificationMissing';
import { tailoringApprovalMissing } from './tailoringApprovalMissing';
import { tailoringDeferralDueMissing } from './tailoringDeferralDueMissing';
import { tailoringDeferralOverdue } from './tailoringDeferralOverdue';
import { releaseOpenFinding } from './releaseOpenFinding';
import { releaseDecisionMissing } from './releaseDecisionMissing';
import { releaseActivityRecordMissing } from './releaseActivityRecordMissing';
import { releaseActivityMissing } from './releaseActivityMissing';
import { clauseUncovered } from './clauseUncovered';
import { phaseMissing } from './phaseMissing';
import { requirementUntraced } from './requirementUntraced';
import { requirementUnverified } from './requirementUnverified';
import { controlUnmapped } from './controlUnmapped';
import { layerWithoutControl } from './layerWithoutControl';
import { controlSafetyImpactMissing } from './controlSafetyImpactMissing';
import { boundaryWithoutControl } from './boundaryWithoutControl';
import { singleLayerDefense } from './singleLayerDefense';
import { architectureReviewStale } from './architectureReviewStale';
import { itemChangedSinceReview } from './itemChangedSinceReview';
import { threatUnmitigated } from './threatUnmitigated';
import { threatUntreated } from './threatUntreated';
import { verificationFailed } from './verificationFailed';
import { verificationResultMissing } from './verificationResultMissing';
import { fileTooLarge } from './fileTooLarge';
import { placeholderText } from './placeholderText';
import { evidenceFileInvalid } from './evidenceFileInvalid';
import { componentSupportMissing } from './componentSupportMissing';
import { componentEndOfSupportPassed } from './componentEndOfSupportPassed';
import { componentSupplierMissing } from './componentSupplierMissing';
import { vulnerabilityUnassessed } from './vulnerabilityUnassessed';
import { vexJustificationMissing } from './vexJustificationMissing';
// kinds-org
import { testIndependenceMissing } from './testIndependenceMissing';
import { expertiseReviewOverdue } from './expertiseReviewOverdue';
import { accompanyingDocumentIncomplete } from './accompanyingDocumentIncomplete';
// Security risk management (7.1–7.5).
import { securityContextMissing } from './securityContextMissing';
import { riskAcceptanceCriteriaMissing } from './riskAcceptanceCriteriaMissing';
import { residualRiskUnassessed } from './residualRiskUnassessed';
import { hazardLinkMissing } from './hazardLinkMissing';
import { riskAcceptanceMissing } from './riskAcceptanceMissing';
// Vulnerability handling (clause 9).
import { vulnerabilityTriageOverdue } from './vulnerabilityTriageOverdue';
import { vulnerabilitySafetyUnassessed } from './vulnerabilitySafetyUnassessed';
import { softwareItemUnclassified } from './softwareItemUnclassified';
import { updateTargetMissing } from './updateTargetMissing';
import { releaseBaselineMissing } from './releaseBaselineMissing';

export const RULES: readonly Rule[] = [
  syntaxError,
  unknownClause,
  suppressionWithoutReason,
  unknownReference,
  duplicateId,
  invalidValue,
  unknownKind,
  tailoringJustificationMissing,
  tailoringApprovalMissing,
  tailoringDeferralDueMissing,
  tailoringDeferralOverdue,
  releaseOpenFinding,
  releaseDecisionMissing,
  releaseActivityRecordMissing,
  releaseActivityMissing,
  clauseUncovered,
  phaseMissing,
  requirementUntraced,
  requirementUnverified,
  verificationFailed,
  verificationResultMissing,
  controlUnmapped,
  layerWithoutControl,
  controlSafetyImpactMissing,
  boundaryWithoutControl,
  singleLayerDefense,
  architectureReviewStale,
  itemChangedSinceReview,
  threatUnmitigated,
  threatUntreated,
  fileTooLarge,
  placeholderText,
  evidenceFileInvalid,
  componentSupportMissing,
  componentEndOfSupportPassed,
  componentSupplierMissing,
  vulnerabilityUnassessed,
  vexJustificationMissing,
  // kinds-org
  testIndependenceMissing,
  expertiseReviewOverdue,
  accompanyingDocumentIncomplete,
  // Security risk management (7.1–7.5).
  securityContextMissing,
  riskAcceptanceCriteriaMissing,
  residualRiskUnassessed,
  hazardLinkMissing,
  riskAcceptanceMissing,
  // Vulnerability handling (clause 9).
  vulnerabilityTriageOverdue,
  vulnerabilitySafetyUnassessed,
  softwareItemUnclassified,
  updateTargetMissing,
  releaseBaselineMissing,
];

export function ruleByName(name: string): Rule | undefined {
  return RULES.find((rule) => rule.name === name);
}
