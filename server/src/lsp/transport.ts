/**
 * The message transport, with one addition: it notes the version of every didOpen/didChange as soon as
 * the message is *read*, before vscode-jsonrpc processes it (it processes one queued message per turn of
 * the event loop). The scheduler can then skip checking a version when a newer one is already queued,
 * which coalesces a burst of edits with no artificial delay.
 */
import {
  Disposable,
  IPCMessageReader,
  IPCMessageWriter,
  Message,
  MessageReader,
  MessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';

export class QueuedVersions {
  private readonly latest = new Map<string, number>();

  note(message: Message): void {
    const { method, params } = message as { method?: string; params?: { textDocument?: { uri?: string; version?: number } } };
    if (method !== 'textDocument/didChange' && method !== 'textDocument/didOpen') return;
    const doc = params?.textDocument;
    if (doc?.uri !== undefined && typeof doc.version === 'number') this.latest.set(doc.uri, doc.version);
  }

  /** True when a change newer than `version` has been read but not yet applied. */
  newerQueued(uri: string, version: number): boolean {
    return (this.latest.get(uri) ?? version) > version;
  }
}

export function createTransport(argv: string[], versions: QueuedVersions): [MessageReader, MessageWriter] {
  const [reader, writer]: [MessageReader, MessageWriter] = argv.includes('--node-ipc')
    ? [new IPCMessageReader(process), new IPCMessageWriter(process)]
    : [new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout)];
  const noting: MessageReader = {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    listen: (callback): Disposable => reader.listen((message) => {
      versions.note(message);
      callback(message);
    }),
    dispose: () => reader.dispose(),
  };
  return [noting, writer];
}
