// Every handler runs through `safely`: an exception becomes an empty answer and a log line,
// never a dead server (the json-language-features pattern). Cancellation is honoured up front.
// After `shutdown`, every request is refused as the protocol asks (InvalidRequest): the server
// answered hover and the rest as if nothing had happened.
import { ErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';

/** Set once the client sent `shutdown` (one per process: the server then only waits for `exit`). */
let shutDown = false;

export function refuseRequestsFromNowOn(): void {
  shutDown = true;
}

export function safely<P, R>(
  connection: Connection,
  name: string,
  empty: R,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
  options: { rethrow?: abstract new (...args: never[]) => Error } = {},
): (params: P, token: CancellationToken) => Promise<R> {
  return async (params, token) => {
    if (shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'The server is shut down: it takes no more requests.');
    if (token?.isCancellationRequested) return empty;
    try {
      const result = await handler(params, token);
      return token?.isCancellationRequested ? empty : result;
    } catch (error) {
      // Errors meant for the user (e.g. "not a valid id" on rename) go back as the request's error.
      if (options.rethrow && error instanceof options.rethrow) throw error;
      connection.console.error(`Clause Guide: ${name} failed: ${(error as Error)?.stack ?? String(error)}`);
      return empty;
    }
  };
}
