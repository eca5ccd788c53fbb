// Why a new tailoring record cannot go where a file of its name already is. The CLI and the editor
// give the same answer: planning a second record (`tailoring-record-2.yaml`) beside one the tool
// could not read would leave two records, and the person would not learn why.
import { decodeText, readRegularFile, UnreadableFileError } from './files';

/** The file was not read (its reason), or it was read and is no tailoring record. `shown` names it in the message. */
export function recordInTheWay(file: string, shown: string, readHint = 'give it `kind: tailoring-record` or move it away'): string {
  try {
    decodeText(readRegularFile(file, 64 * 1024 * 1024));
  } catch (error) {
    if (error instanceof UnreadableFileError) return `${shown} exists but cannot be read (${error.message}); nothing was written.`;
  }
  return `${shown} already exists but is not part of the analysis; ${readHint}.`;
}

/** The hint for an SBOM's support sidecar that is there but not read (too large, excluded…): it is never replaced. */
export const SIDECAR_IN_THE_WAY = 'Clause Guide does not read it as a support sidecar (too large, or excluded by the configuration); move it away or let it be read';
