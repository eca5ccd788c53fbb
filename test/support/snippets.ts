// Snippets as the editor inserts them: each placeholder at its default (test/unit/snippets.test.ts
// checks every snippet parses; test/unit/annexF.test.ts that a snippet as inserted covers nothing).

/** A snippet body with each placeholder at its default: `${1:text}` → text, `${1|a,b|}` → a, `$1`/`$0`/variables → ''. */
export function expandSnippet(body: string): string {
  // Date variables as the editor fills them; other variables empty.
  // `${NAME}` or `$NAME`; a `}` after `$NAME` closes an enclosing placeholder and stays.
  const variable = (name: string) => new RegExp(`\\$\\{${name}\\}|\\$${name}\\b`, 'g');
  let text = body.replace(variable('CURRENT_YEAR'), '2026').replace(variable('CURRENT_MONTH'), '09').replace(variable('CURRENT_DATE'), '01');
  // A tab stop written again (`${2}`, `$2`) mirrors the value of the one that has the default.
  const defaults = new Map<string, string>();
  const remember = (n: string, value: string) => {
    if (!defaults.has(n)) defaults.set(n, value);
    return value;
  };
  // Innermost first, until no placeholder is left (defaults may nest).
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text
      .replace(/\$\{(\d+)\|([^,|}]*)[^}]*\|\}/g, (_, n: string, first: string) => remember(n, first))
      .replace(/\$\{(\d+):([^${}]*)\}/g, (_, n: string, value: string) => remember(n, value))
      .replace(/\$\{[A-Z_]+:([^${}]*)\}/g, '$1');
  }
  text = text.replace(/\$\{(\d+)\}|\$(\d+)/g, (_, a: string | undefined, b: string | undefined) => defaults.get((a ?? b)!) ?? '').replace(/\$\{[A-Z_]+\}|\$[A-Z_]+/g, '');
  return text;
}
