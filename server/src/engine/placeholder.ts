// What counts as no value: text that only stands in for one. Rules, coverage and fixes share this
// one definition, so a value a quick fix writes for a person to fill ("TODO: …") is read as missing
// everywhere until the person writes the real thing.

/** Text that only stands in for a value: empty, "TODO …", "TBD", "x", "-", "n/a", "…", "<fill in>". */
export function isPlaceholderText(text: string): boolean {
  const trimmed = text.trim();
  return (
    !trimmed ||
    /^(?:todo|tbd|tba|tbc|fixme|xxx)\b/i.test(trimmed) ||
    /^(?:n\/?a|x+|-+|—|–|\.{3}|…|\?+|placeholder|lorem ipsum\b.*|fill (?:this )?in\b.*|to be (?:defined|determined|decided|done|completed|confirmed)\b.*)$/i.test(trimmed) ||
    /^<[^<>]*>$/.test(trimmed) ||
    /^\[[^[\]]*\]$/.test(trimmed)
  );
}
