// The status bar's summaries as a test sees them over LSP: every SummaryNotification kept, and a
// bounded wait for one that satisfies a condition (the latest first), failing with what did come.
import { SummaryNotification, type SummaryDto } from '../../common/protocol';
import type { LspSession } from './lspClient';

export function summaries(server: LspSession) {
  const received: SummaryDto[] = [];
  const waiters: (() => void)[] = [];
  server.connection.onNotification(SummaryNotification, (summary) => {
    received.push(summary);
    waiters.splice(0).forEach((wake) => wake());
  });
  return {
    received,
    next(accept: (summary: SummaryDto) => boolean, timeoutMs = 10000, what = 'matching'): Promise<SummaryDto> {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no summary ${what} within ${timeoutMs} ms; got ${JSON.stringify(received)}`)), timeoutMs);
        const look = () => {
          const match = [...received].reverse().find(accept);
          if (match) {
            clearTimeout(deadline);
            resolve(match);
          } else waiters.push(look);
        };
        look();
      });
    },
  };
}
