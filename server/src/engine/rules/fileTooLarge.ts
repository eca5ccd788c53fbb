import type { DocumentRule } from './rule';

export const fileTooLarge: DocumentRule = {
  name: 'file-too-large',
  clause: null,
  defaultSeverity: 'warning',
  scope: 'document',
  description: 'A file is larger than the size limit (`maxFileSize`), so Clause Guide does not read or check it.',
  check({ document }) {
    const skipped = document.source.skipped;
    if (skipped?.reason !== 'too-large') return [];
    return [
      {
        uri: document.source.uri,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message:
          `This file is ${formatBytes(skipped.bytes)}, over the ${formatBytes(skipped.limit)} limit, so it is not checked. ` +
          (skipped.capped
            ? 'The `maxFileSize` of .clause-guide.yaml asks for more, but a file that comes with the workspace cannot raise the limit further: split the file, or raise the editor setting clauseGuide.maxFileSize in your user settings (or give the CLI --max-file-size).'
            : 'Split it into smaller documents, or raise `maxFileSize` in .clause-guide.yaml (the editor setting clauseGuide.maxFileSize applies where that is not set).'),
      },
    ];
  },
};

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${bytes} bytes`;
}
