/**
 * The language status item for YAML files: what the catalog holds and where it came from, fed by the
 * server's `platformAware/status` notification (the client renders; it never computes).
 */
import * as vscode from 'vscode';
import type { StatusNotification } from '../../server/src/lsp/server';

export function createStatusItem(): { item: vscode.LanguageStatusItem; update(status: StatusNotification): void; failed(reason: string): void } {
  const item = vscode.languages.createLanguageStatusItem('platformAware.catalog', { language: 'yaml' });
  item.name = 'Platform Aware';
  item.text = '$(sync~spin) Platform: reading definitions';
  item.command = { title: 'Show log', command: 'platformAware.showOutput' };
  return {
    item,
    update(status) {
      const { catalog } = status;
      if (status.state === 'scanning') {
        item.text = '$(sync~spin) Platform: reading definitions';
        item.busy = true;
        return;
      }
      item.busy = false;
      const from = catalog.sample ? 'sample platform' : catalog.sources.join(' + ') || 'no definitions';
      item.text = `$(server-environment) Platform: ${catalog.capabilities} capabilities`;
      item.detail = `from ${from}${catalog.problems ? ` · ${catalog.problems} definition problems` : ''}`;
      item.severity = catalog.sample ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    },
    /** The language server could not be started: nothing will be checked until the window is reloaded. */
    failed(reason) {
      item.busy = false;
      item.text = '$(error) Platform: not running';
      item.detail = reason;
      item.severity = vscode.LanguageStatusSeverity.Error;
    },
  };
}
