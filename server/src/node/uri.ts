// One spelling per file URI. A file read from disk and the same file open in the editor must be one
// key to the index, the caches and the diagnostics, but URIs are spelled more than one way: Node's
// pathToFileURL leaves ( ) & = ' + , ; @ $ ! as they are and encodes ~, VS Code (vscode-uri) does
// the opposite. Both sides therefore go through vscode-uri, VS Code's own spelling (the client
// compares the roots the server sends with its own URIs): a path becomes a URI only by fileUri, and
// a URI from the client is respelled by canonicalUri where it enters the server.
import { URI } from 'vscode-uri';

/** The URI of a file on disk. */
export function fileUri(filePath: string): string {
  return URI.file(filePath).toString();
}

/** A URI as the client spelled it, in the one spelling the server uses (fileUri's for a file). */
export function canonicalUri(uri: string): string {
  return URI.parse(uri).toString();
}

/** The path of a `file:` URI in either spelling (fileURLToPath refuses vscode-uri's `c%3A` drive on Windows). */
export function filePathOf(uri: string): string {
  return URI.parse(uri).fsPath;
}
