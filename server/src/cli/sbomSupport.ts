// `clause-guide sbom-support`: the FDA premarket "software level of support / end-of-support"
// addendum of every SBOM under the given paths (Markdown or CSV, to stdout or --out), after merging
// an undecided entry for each component without support data into the SBOM's support sidecar
// (`<sbom>.support.yaml`). The plan is the engine's (reports/sbomSupport.ts), the same the editor's
// command applies; it is written as the tailoring record is (node/plannedWrite.ts). What the command
// did goes to stderr, so stdout is the addendum alone and can be piped.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planSupportSidecars, sbomSupportCsv, sbomSupportMarkdown, sbomSupportRows } from '../engine';
import { WriteFileError } from '../node/atomicWrite';
import { replaceOutputFile, writePlannedFile } from '../node/plannedWrite';
import type { Project } from '../node/projects';
import { recordInTheWay, SIDECAR_IN_THE_WAY } from '../node/recordInTheWay';
import { filePathOf } from '../node/uri';
import { localDate, type RecordIO } from './records';

export interface SbomSupportOptions {
  format: 'md' | 'csv';
  out?: string;
  /** YYYY-MM-DD for the comment above new entries; default: today. */
  today?: string;
}

/** Returns 0, or 2 when a sidecar or the addendum could not be written. */
export function sbomSupportCommand(projects: Project[], options: SbomSupportOptions, io: RecordIO): number {
  const rel = (file: string) => path.relative(io.cwd, file).split(path.sep).join('/') || file;
  const nameOf = (uri: string) => rel(filePathOf(uri));
  let failed = false;
  const withSboms = projects.filter((project) => project.index.documentsOfKind('sbom').length > 0);
  if (!withSboms.length) io.stderr('clause-guide: no SBOM found (bom.json, *.cdx.json, *.cdx.xml, *.spdx.json, or a JSON/XML file your include takes in).\n');
  for (const project of withSboms) {
    for (const plan of planSupportSidecars(project.index, { today: options.today ?? localDate() })) {
      const file = filePathOf(plan.uri);
      const problem =
        plan.problem ??
        (plan.create && (fs.existsSync(file) || isLink(file)) ? recordInTheWay(file, rel(file), SIDECAR_IN_THE_WAY) : writePlannedFile(plan, project.index.parsed(plan.uri)?.source.text, project.root));
      if (problem) {
        io.stderr(`clause-guide: ${problem}\n`);
        failed = true;
        continue;
      }
      if (plan.added.length) {
        const entries = `${plan.added.length} undecided ${plan.added.length === 1 ? 'entry' : 'entries'}`;
        io.stderr(`${rel(file)}: ${plan.create ? 'created with' : 'added'} ${entries} for ${nameOf(plan.sbomUri)} (${plan.added.join(', ')}); fill in support_level and end_of_support from each supplier.\n`);
      }
      if (plan.withoutPurl.length) {
        io.stderr(`${nameOf(plan.sbomUri)}: ${plan.withoutPurl.join(', ')} ${plan.withoutPurl.length === 1 ? 'has' : 'have'} no purl, so no sidecar entry can name ${plan.withoutPurl.length === 1 ? 'it' : 'them'}; state support data in the SBOM itself.\n`);
      }
    }
  }
  // The addendum after the merge: the entries added are undecided, so it reads the same either way.
  const rows = withSboms.flatMap((project) => sbomSupportRows(project.index, nameOf));
  const text = options.format === 'csv' ? sbomSupportCsv(rows) : sbomSupportMarkdown(rows);
  if (!options.out) {
    io.stdout(text);
    return failed ? 2 : 0;
  }
  const out = path.resolve(io.cwd, options.out);
  try {
    replaceOutputFile(out, Buffer.from(text, 'utf8'), options.out);
  } catch (error) {
    io.stderr(`clause-guide: ${error instanceof WriteFileError ? error.message : `cannot write ${options.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`}\n`);
    return 2;
  }
  io.stderr(`${rel(out)}: support addendum of ${rows.length} component${rows.length === 1 ? '' : 's'} written (${options.format}).\n`);
  return failed ? 2 : 0;
}

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
