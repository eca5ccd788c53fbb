// Why a new tailoring record cannot go where a file of its name already is. The CLI and the editor
// give the same answer: planning a second record (`tailoring-record-2.yaml`) beside one the tool
// could not read would leave two records, and the person would not learn why.
import { decodeText, readRegularFile, UnreadableFileError } from './files';

/** The file was not read (its reason), or it was read and is no tailoring record. `shown` names it in the message. */
export function recordInTheWay(file: string, shown: string): string {
  try {
    decodeText(readRegularFile(file, 64 * 1024 * 1024));
  } catch (error) {
    if (error instanceof UnreadableFileError) return `${shown} exists but cannot be read (${error.message}); nothing was written.`;
  }
  return `${shown} already exists but is not part of the analysis; give it \`kind: tailoring-record\` or move it away.`;
}
