/** Starts `platform-aware lsp --stdio` (the real CLI entry) and initializes it on a folder. */
import { LspClient } from './lspClient';
import { CLI, fileUri } from './paths';

export async function startServer(folder: string | null, settings: unknown = { validate: { enable: true, unknownFields: 'warning' } }): Promise<LspClient> {
  const client = new LspClient({ command: process.execPath, args: [CLI, 'lsp', '--stdio'] });
  client.settings = settings;
  await client.initialize(folder ? fileUri(folder) : null);
  return client;
}

/** Resolves once the server reports its catalog ready (the workspace scan finished). */
export function catalogReady(client: LspClient): Promise<unknown> {
  return client.notification('platformAware/status', (s) => (s as { state?: string }).state === 'ready');
}
