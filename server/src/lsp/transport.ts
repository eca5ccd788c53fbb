// The byte streams the server talks over, made here rather than by vscode-languageserver so that a
// message that cannot be read is seen: the library reports it only on an event it does not pass
// on, and the server then answered nothing more, without a word. After such a frame the stream is
// out of step (where does the next frame start?) or a message is lost (a lost didChange leaves
// the server's copy of a document unlike the editor's), so the server says so on stderr and exits;
// the client starts a fresh one that the editor syncs from scratch (see docs/design.md).
import {
  createServerPipeTransport,
  createServerSocketTransport,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';

/** Exit code after a message that cannot be read (as after a client that leaves without `shutdown`). */
const UNREADABLE_MESSAGE_EXIT_CODE = 1;
/** How much of the library's error (it quotes the headers) goes to stderr. */
const MAX_ERROR_LENGTH = 300;

/**
 * The reader and writer of a framed transport named on the command line (`--stdio`, `--socket=`,
 * `--pipe=`), watched for unreadable messages; undefined for `--node-ipc`, which carries whole
 * messages (no frames to break) and is left to the library.
 */
export function framedTransport(args: string[], onClosed: () => void): [MessageReader, MessageWriter] | undefined {
  const valueOf = (prefix: string) => args.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
  let transport: [MessageReader, MessageWriter];
  if (args.includes('--stdio')) transport = [new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout)];
  else if (valueOf('--socket=')) transport = createServerSocketTransport(Number(valueOf('--socket=')));
  else if (valueOf('--pipe=')) transport = createServerPipeTransport(valueOf('--pipe=')!);
  else return undefined;
  const [reader] = transport;
  reader.onError((error) => exitUnreadable(error));
  // The library ends the process when the client closes the stream only for streams it made itself.
  reader.onClose(onClosed);
  return transport;
}

function exitUnreadable(error: Error): never {
  const detail = String(error?.message ?? error).replace(/\s+/g, ' ').slice(0, MAX_ERROR_LENGTH);
  process.stderr.write(
    `clause-guide-lsp: cannot read a message from the client (${detail}). ` +
      'The stream is out of step or a message is lost, so the server exits so that the client starts it again.\n',
  );
  process.exit(UNREADABLE_MESSAGE_EXIT_CODE);
}
