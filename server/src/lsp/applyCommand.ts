/**
 * `workspace/executeCommand` `platformAware.applyToCluster`: apply one manifest to the connected cluster,
 * the only cluster write. Every apply is explicit (a command), dry-run first, and confirmed through
 * window/showMessageRequest, so any LSP client can answer; an untrusted workspace is refused before
 * anything reaches a cluster. The API server's messages are shown verbatim. The cluster is reached only
 * through sources/cluster/apply.ts; what this module needs from the server is the small ApplyHost.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Connection, MessageActionItem, MessageType, RemoteConsole, ShowMessageNotification } from 'vscode-languageserver/node';
import { parseAllDocuments } from 'yaml';
import { splitDocuments } from '../core/parse/split';
import { AppliedResult, ApplyOutcome, applyManifest, applyTarget, ApplyTarget, describeObject } from '../sources/cluster/apply';
import type { ClusterConnectionInfo } from '../sources/cluster/clusterCatalog';
import type { ClusterStatus } from './cluster';

export const APPLY_COMMAND = 'platformAware.applyToCluster';

/** The command's one argument. `text` (a quick fix that has just written the manifest) wins over `uri` + `documentIndex`. */
export interface ApplyArgument {
  uri: string;
  /** Zero-based index of the YAML document in the file (default 0). */
  documentIndex?: number;
  /** The manifest's YAML, one document. */
  text?: string;
}

/** The command's result (docs/protocol.md). `stage`: which request the server answered. */
export type ApplyCommandResult =
  | { outcome: 'refused'; message: string }
  | { outcome: 'rejected' | 'forbidden'; stage: 'dry-run' | 'apply'; status: number; message: string }
  | { outcome: 'cancelled' }
  | { outcome: 'applied'; result: AppliedResult; object: ApplyTarget };

export const APPLY_ACTION: MessageActionItem = { title: 'Apply' };
export const CANCEL_ACTION: MessageActionItem = { title: 'Cancel' };

/** What the flow needs from the language server. */
export interface ApplyHost {
  trusted(): boolean;
  /** The connected context's client; undefined when no cluster is connected. */
  connection(): ClusterConnectionInfo | undefined;
  /** Why there is no connection, when there is none. */
  clusterStatus(): ClusterStatus;
  /** The text of YAML document `index` of `uri` (open buffer or disk); undefined when there is no such document. */
  documentText(uri: string, index: number): Promise<string | undefined>;
  console: Pick<RemoteConsole, 'info' | 'error'>;
  window: ApplyWindow;
}

export interface ApplyWindow {
  /** window/showMessageRequest with actions; undefined when dismissed or unanswerable. */
  ask(message: string, ...actions: MessageActionItem[]): Promise<MessageActionItem | undefined>;
  /** window/showMessage: nothing to answer. */
  show(type: MessageType, message: string): void;
}

/** The window part of ApplyHost on an LSP connection. */
export function connectionWindow(connection: Connection): ApplyWindow {
  return {
    ask: (message, ...actions) => connection.window.showWarningMessage(message, ...actions),
    show: (type, message) => void connection.sendNotification(ShowMessageNotification.type, { type, message }),
  };
}

export async function applyToCluster(argument: unknown, host: ApplyHost): Promise<ApplyCommandResult> {
  const log = (line: string) => host.console.info(`apply: ${line}`);
  const refuse = (message: string): ApplyCommandResult => {
    log(`refused: ${message}`);
    host.window.show(MessageType.Error, `Apply to cluster refused: ${message}`);
    return { outcome: 'refused', message };
  };

  // Checked before anything else is read: an untrusted workspace never reaches a cluster.
  if (!host.trusted()) return refuse('the workspace is not trusted.');
  if (!isApplyArgument(argument)) return refuse(`${APPLY_COMMAND} expects one argument { uri, documentIndex?, text? }.`);
  const connection = host.connection();
  if (!connection) {
    const status = host.clusterStatus();
    return refuse(`no cluster is connected (${status.state}${status.message ? `: ${status.message}` : ''}).`);
  }

  const index = argument.documentIndex ?? 0;
  const text = argument.text ?? (await host.documentText(argument.uri, index));
  if (text === undefined) return refuse(`${argument.uri} has no YAML document ${index}.`);
  const parsed = parseManifest(text);
  if (!parsed.ok) return refuse(parsed.message);
  const manifest = parsed.manifest;
  const where = `on context ${connection.context}`;

  log(`dry run of ${describeObject(parsed.target)} ${where} (${connection.server})`);
  const dryRun = await applyManifest(connection, manifest, { dryRun: true });
  if (!dryRun.ok) return failed(host, 'dry-run', `Dry run ${where}`, parsed.target, dryRun);
  const named = describeObject(targetOf(dryRun.object, parsed.target));
  log(`dry run: ${named} ${dryRun.outcome}${dryRun.changedPaths.length ? ` (${dryRun.changedPaths.join(', ')})` : ''}`);

  const question = `Dry run ${where}: ${named} ${wouldDo(dryRun.outcome, dryRun.changedPaths)}`;
  let answer: MessageActionItem | undefined;
  try {
    answer = await host.window.ask(question, APPLY_ACTION, CANCEL_ACTION);
  } catch (error) {
    // A client that cannot answer showMessageRequest has not confirmed.
    log(`confirmation failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (answer?.title !== APPLY_ACTION.title) {
    log(`cancelled: nothing applied to ${named}`);
    return { outcome: 'cancelled' };
  }
  // The dialog may have stayed open while trust or the context changed: confirm against what was asked.
  const now = host.connection();
  if (!host.trusted()) return refuse('the workspace is no longer trusted; nothing was applied.');
  if (!now || now.context !== connection.context || now.server !== connection.server) return refuse(`the cluster connection changed while waiting for confirmation; nothing was applied to context ${connection.context}.`);

  log(`applying ${named} ${where}`);
  const applied = await applyManifest(now, manifest, { dryRun: false });
  if (!applied.ok) return failed(host, 'apply', `Apply ${where}`, parsed.target, applied);
  const object = targetOf(applied.object, parsed.target);
  const message = `Applied ${where}: ${describeObject(object)} ${applied.outcome}${applied.changedPaths.length ? ` (${applied.changedPaths.join(', ')})` : ''}.`;
  log(message);
  host.window.show(MessageType.Info, message);
  return { outcome: 'applied', result: applied.outcome, object };
}

/** The question's second half: what the dry run says the apply would do. */
function wouldDo(outcome: AppliedResult, paths: string[]): string {
  if (outcome === 'created') return 'would be created. Apply it?';
  if (outcome === 'changed') return `would change${paths.length ? ` (${paths.join(', ')})` : ''}. Apply it?`;
  return 'is up to date: the apply would change nothing. Apply it anyway?';
}

/** Shows a failed request: the API server's message verbatim, with a plain word for RBAC and for no answer. */
function failed(host: ApplyHost, stage: 'dry-run' | 'apply', what: string, target: ApplyTarget, failure: Extract<ApplyOutcome, { ok: false }>): ApplyCommandResult {
  const named = describeObject(target);
  const shown =
    failure.status === 403
      ? `${what}: RBAC denies applying ${named}: ${failure.message}`
      : failure.status === 0
        ? `${what}: the cluster did not answer: ${failure.message}`
        : `${what}: the API server rejected ${named}: ${failure.message}`;
  host.console.error(`apply: ${shown} (HTTP ${failure.status})`);
  host.window.show(MessageType.Error, shown);
  return { outcome: failure.status === 403 ? 'forbidden' : 'rejected', stage, status: failure.status, message: failure.message };
}

function targetOf(object: { metadata?: { name?: string; namespace?: string } }, fallback: ApplyTarget): ApplyTarget {
  const namespace = object.metadata?.namespace ?? fallback.namespace;
  return { ...fallback, name: object.metadata?.name ?? fallback.name, ...(namespace ? { namespace } : {}) };
}

/** One YAML document holding a Kubernetes object, or why it is not one. */
export function parseManifest(text: string): { ok: true; manifest: Record<string, unknown>; target: ApplyTarget } | { ok: false; message: string } {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) return { ok: false, message: 'the text is not YAML documents.' };
  const error = documents.flatMap((d) => d.errors)[0];
  if (error) return { ok: false, message: `YAML error: ${error.message}` };
  const nonEmpty = documents.filter((d) => d.contents !== null);
  if (nonEmpty.length !== 1) return { ok: false, message: `expected one YAML document, found ${nonEmpty.length}.` };
  const manifest: unknown = nonEmpty[0]!.toJS();
  const found = applyTarget(manifest);
  if (!found.ok) return { ok: false, message: `${found.message}.` };
  return { ok: true, manifest: manifest as Record<string, unknown>, target: found.target };
}

/** Document `index` of a file on disk, split the way the workspace splits files. */
export async function documentOnDisk(uri: string, index: number): Promise<string | undefined> {
  if (!uri.startsWith('file:')) return undefined;
  let text: string;
  try {
    text = await readFile(fileURLToPath(uri), 'utf8');
  } catch {
    return undefined;
  }
  return splitDocuments(text)[index]?.text;
}

function isApplyArgument(value: unknown): value is ApplyArgument {
  if (value === null || typeof value !== 'object') return false;
  const { uri, documentIndex, text } = value as Record<string, unknown>;
  return (
    typeof uri === 'string' &&
    (documentIndex === undefined || (typeof documentIndex === 'number' && Number.isInteger(documentIndex) && documentIndex >= 0)) &&
    (text === undefined || typeof text === 'string')
  );
}
