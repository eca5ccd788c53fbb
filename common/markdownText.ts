// Document text in Markdown (hover, completion documentation, reports, the client's tooltips):
// shown as text, never rendered. A title such as "x` ![p](https://evil.example/p.png)" must not
// leave its code span and show a remote image (a tracking pixel), a link or HTML in the editor.
// In common/ so the server and the client escape with the same functions; no imports (the pure
// engine uses it).

/** The text as one inline code span: the fence is longer than any run of backticks inside, lines joined. */
export function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  let longest = 0;
  for (const run of flat.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  // A space keeps a backtick at either end from joining the fence (CommonMark strips one each side).
  const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim()) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * The text as plain inline Markdown: the characters that make emphasis, code, links, images,
 * tables and strikethrough backslash-escaped, HTML's `<`, `>` and `&` as entities, lines joined (so
 * nothing starts a heading or list; `-`, `#`, `.` and parentheses are then only text).
 */
export function plainText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]!|~]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A link target that cannot end the link early: spaces, parentheses and angle brackets percent-encoded. */
export function linkTarget(uri: string): string {
  return uri.replace(/[\s()<>]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
