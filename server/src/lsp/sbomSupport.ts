// "Clause Guide: Write SBOM Support Addendum" over LSP: the same sidecar plan and addendum as
// `clause-guide sbom-support` (engine/reports/sbomSupport.ts). The server only plans; the client
// applies the sidecar edits through the editor (undoable, unsaved text kept), as it does the
// tailoring record. A new sidecar where a file the analysis did not read already is, or a link out
// of the project, is refused with the reason.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import { SbomSupportRequest, type SbomSupportResult } from '../../../common/protocol';
import { planSupportSidecars, sbomSupportCsv, sbomSupportMarkdown, sbomSupportRows } from '../engine';
import type { Project } from '../node/projects';
import { recordInTheWay, SIDECAR_IN_THE_WAY } from '../node/recordInTheWay';
import { filePathOf } from '../node/uri';
import { safely } from './safe';

export function registerSbomSupport(connection: Connection, projectFor: (uri: string | undefined) => Promise<Project | undefined>, today: () => string): void {
  connection.onRequest(
    SbomSupportRequest,
    safely(connection, 'sbom support', null as SbomSupportResult | null, async (params) => {
      const project = await projectFor(params?.uri);
      if (!project) return null;
      const nameOf = (uri: string) => path.relative(project.root, filePathOf(uri)).split(path.sep).join('/');
      const result: SbomSupportResult = { edits: [], added: [], problems: [], addendum: null };
      if (!project.index.documentsOfKind('sbom').length) return result;
      for (const plan of planSupportSidecars(project.index, { today: today() })) {
        if (plan.withoutPurl.length) result.problems.push(`${nameOf(plan.sbomUri)}: ${plan.withoutPurl.join(', ')} ${plan.withoutPurl.length === 1 ? 'has' : 'have'} no purl, so no sidecar entry can name ${plan.withoutPurl.length === 1 ? 'it' : 'them'}.`);
        const problem = plan.problem ?? (plan.create ? newFileProblem(project, filePathOf(plan.uri)) : undefined);
        if (problem) {
          result.problems.push(problem);
          continue;
        }
        if (!plan.added.length) continue;
        result.edits.push(plan.create ? { uri: plan.uri, create: true, text: plan.text ?? '' } : { uri: plan.uri, edits: plan.edits ?? [] });
        result.added.push(...plan.added);
      }
      const rows = sbomSupportRows(project.index, nameOf);
      result.addendum = params.format === 'csv' ? sbomSupportCsv(rows) : sbomSupportMarkdown(rows);
      return result;
    }),
  );
}

/** A new sidecar may not replace a file the analysis did not read, nor be created through a folder link out of the project. */
function newFileProblem(project: Project, file: string): string | undefined {
  const shown = path.relative(project.root, file).split(path.sep).join('/');
  const folder = realpath(path.dirname(file));
  const root = realpath(project.root);
  if (!folder || !root || (folder !== root && !folder.startsWith(root + path.sep))) return `${shown} would be written outside the project (through a symbolic link); nothing was written.`;
  if (fs.existsSync(file) || isLink(file)) return recordInTheWay(file, shown, SIDECAR_IN_THE_WAY);
  return undefined;
}

function realpath(file: string): string | undefined {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return undefined;
  }
}

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
