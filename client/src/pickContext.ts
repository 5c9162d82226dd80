/**
 * `platformAware.pickContext`: a quick pick of the kubeconfig's contexts, as the server lists them
 * (`platformAware/contexts`: the client reads no kubeconfig), writing the choice to the user's
 * `platformAware.context`. The server restarts its cluster source when the setting changes.
 */
import * as vscode from 'vscode';
import type { CONTEXTS_REQUEST, ContextsParams, ContextsResult } from '../../server/src/lsp/clusterRequests';
import type { ServerRequests } from './serverClient';

export const PICK_CONTEXT_COMMAND = 'platformAware.pickContext';
const CONTEXTS: typeof CONTEXTS_REQUEST = 'platformAware/contexts';

interface ContextPick extends vscode.QuickPickItem {
  /** The value written to the setting ('' = the kubeconfig's current-context). */
  value: string;
}

export async function pickContext(client: ServerRequests, inUse: string | undefined): Promise<void> {
  const config = vscode.workspace.getConfiguration('platformAware');
  const params: ContextsParams = { kubeconfig: config.get<string>('kubeconfig', '') };
  const result = await client.sendRequest<ContextsResult>(CONTEXTS, params);
  if (result.contexts.length === 0) {
    const reason = result.message ?? (result.files.length ? `no contexts in ${result.files.join(', ')}` : 'no kubeconfig found (platformAware.kubeconfig, KUBECONFIG, ~/.kube/config)');
    const open = await vscode.window.showWarningMessage(`Platform Aware: ${reason}`, 'Open Settings');
    if (open) await vscode.commands.executeCommand('workbench.action.openSettings', 'platformAware.kubeconfig');
    return;
  }
  const chosen = config.get<string>('context', '');
  const note = (value: string, name: string | undefined) => [value === chosen ? 'your setting' : '', name !== undefined && name === inUse ? 'in use' : ''].filter(Boolean).join(' · ') || undefined;
  const picks: ContextPick[] = [
    { label: 'Current context', description: result.current ? `the kubeconfig's current-context: ${result.current}` : 'the kubeconfig names none', detail: note('', chosen === '' ? inUse : undefined), value: '' },
    ...result.contexts.map((c): ContextPick => ({
      label: c.name,
      description: [c.cluster, c.namespace ? `namespace ${c.namespace}` : ''].filter(Boolean).join(' · '),
      detail: note(c.name, c.name),
      value: c.name,
    })),
  ];
  const pick = await vscode.window.showQuickPick(picks, { title: 'Kubernetes context for Platform Aware', placeHolder: `contexts of ${result.files.join(', ')}` });
  if (!pick) return;
  await config.update('context', pick.value, vscode.ConfigurationTarget.Global);
  // A workspace value wins over the user's: say so rather than appear to ignore the choice.
  const workspaceValue = config.inspect<string>('context')?.workspaceValue;
  if (workspaceValue !== undefined && workspaceValue !== pick.value) {
    void vscode.window.showWarningMessage(`Platform Aware: this workspace sets platformAware.context to "${workspaceValue}", which overrides your choice.`);
  }
}
