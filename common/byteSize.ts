// File sizes as people write them ("10 MB", "512 KiB", 5242880), read by one function for both
// the editor setting `clauseGuide.maxFileSize` (normalizeSettings, used by the server) and the
// `maxFileSize` key of .clause-guide.yaml (the engine's config parser), so the two accept the same
// words. No imports: the pure engine uses it too.

/** "5242880", "512 KB", "10MB", "1.5 MiB" → bytes (units are powers of 1024); null when not a positive size. */
export function parseByteSize(written: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(written.trim());
  if (!match) return null;
  const unit = (match[2] ?? 'b').toLowerCase()[0];
  const bytes = Math.floor(Number(match[1]) * 1024 ** 'bkmg'.indexOf(unit));
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : null;
}

/** A size given as a number of bytes or as words ("10 MB"); null for anything else (an array, 0, NaN, "large"). */
export function byteSizeOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(Math.floor(value)) && value >= 1 ? Math.floor(value) : null;
  return typeof value === 'string' ? parseByteSize(value) : null;
}
