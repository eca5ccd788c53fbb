// Opening the places the server points at: evidence, tailoring entries, trace items, and the links
// of the Markdown reports (relative to the project root, with a `#L12` line fragment).
import * as vscode from 'vscode';
import type { LocationDto } from '../../common/protocol';

export async function openLocation(location: LocationDto, options: { preview?: boolean } = {}): Promise<vscode.TextEditor> {
  const { start, end } = location.range;
  const selection = new vscode.Range(start.line, start.character, end.line, end.character);
  return vscode.window.showTextDocument(vscode.Uri.parse(location.uri), { selection, preview: options.preview ?? true });
}

/** `#L12`, `#L12,5` or `#L12-L14` (1-based, as code hosts write them) → a 0-based position. */
export function lineFragment(fragment: string): vscode.Position | undefined {
  const match = /^L?(\d+)(?:[,:](\d+))?/.exec(fragment);
  if (!match) return undefined;
  return new vscode.Position(Math.max(0, Number(match[1]) - 1), match[2] ? Math.max(0, Number(match[2]) - 1) : 0);
}

/** Opens a link from a report: web links in the browser, files (relative to `root`) in an editor. */
export async function openReportLink(href: string, root: vscode.Uri | undefined): Promise<void> {
  if (/^https?:/i.test(href)) {
    await vscode.env.openExternal(vscode.Uri.parse(href));
    return;
  }
  const hash = href.indexOf('#');
  const target = hash >= 0 ? href.slice(0, hash) : href;
  const fragment = hash >= 0 ? href.slice(hash + 1) : '';
  let uri: vscode.Uri | undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    uri = vscode.Uri.parse(target);
  } else if (root && target) {
    uri = vscode.Uri.joinPath(root, ...decodeURI(target).split('/').filter(Boolean));
  }
  if (!uri) return;
  const position = lineFragment(fragment);
  await vscode.window.showTextDocument(uri, {
    preview: true,
    selection: position ? new vscode.Range(position, position) : undefined,
  });
}
