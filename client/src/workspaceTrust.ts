// The commands that write files into the workspace (Generate Tailoring Record, Export Audit Package,
// Write SBOM Support Addendum) run only in a trusted workspace. In Restricted Mode VS Code hides them
// (their enablement is false); a stand-in "… (requires a trusted workspace)" takes their place in
// the palette and menus, and each command, however it is reached (a report's button, a code action,
// another extension), says why instead of writing.
import * as vscode from 'vscode';

export const AUDIT_PACKAGE_NEEDS_TRUST = 'clauseGuide.exportAuditPackageRequiresTrust';
export const SBOM_SUPPORT_NEEDS_TRUST = 'clauseGuide.writeSbomSupportRequiresTrust';

/** Says that `action` needs a trusted workspace because it writes `what`, and offers Manage Workspace Trust. */
export async function explainTrustNeeded(action: string, what: string): Promise<void> {
  const manage = 'Manage Workspace Trust';
  const answer = await vscode.window.showWarningMessage(
    `${action} needs a trusted workspace: it writes ${what} into this folder, and Restricted Mode lets no extension write to the workspace. Everything else of Clause Guide works here.`,
    manage,
  );
  if (answer === manage) await vscode.commands.executeCommand('workbench.trust.manage');
}

export const explainAuditPackageNeedsTrust = () => explainTrustNeeded('Export Audit Package', 'the audit report');
export const explainSbomSupportNeedsTrust = () => explainTrustNeeded('Write SBOM Support Addendum', "the SBOM's support sidecar");
export const explainTailoringNeedsTrust = () => explainTrustNeeded('Generate Tailoring Record', 'the tailoring record');

export function registerTrustStandIns(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(AUDIT_PACKAGE_NEEDS_TRUST, explainAuditPackageNeedsTrust),
    vscode.commands.registerCommand(SBOM_SUPPORT_NEEDS_TRUST, explainSbomSupportNeedsTrust),
  );
}
