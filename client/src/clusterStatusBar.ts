/**
 * The status bar item `⎈ <context> · 3/4 ready`: the cluster's state from `platformAware/status` and the
 * instance summary from `platformAware/instances`. Hidden while no cluster is configured or it is
 * disabled; a click shows the Platform view.
 */
import * as vscode from 'vscode';
import type { ClusterStatus } from '../../server/src/lsp/cluster';
import type { InstanceModel } from './instanceModel';
import { statusBarText, statusBarTooltip, statusBarWarns } from './labels';

export const SHOW_PLATFORM_COMMAND = 'platformAware.showPlatformView';

export class ClusterStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('platformAware.cluster', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: { dispose(): void };
  private cluster: ClusterStatus = { state: 'none', watching: [], forbidden: [] };

  constructor(private readonly model: InstanceModel) {
    this.item.name = 'Platform Aware Cluster';
    this.item.command = SHOW_PLATFORM_COMMAND;
    this.subscription = model.onDidChange(() => this.render());
  }

  statusChanged(cluster: ClusterStatus): void {
    this.cluster = cluster;
    this.render();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }

  private render(): void {
    // A summary from the previous context means nothing for the new one.
    const summary = this.model.context === this.cluster.context ? this.model.summary : undefined;
    const text = statusBarText(this.cluster, summary);
    if (text === undefined) {
      this.item.hide();
      return;
    }
    this.item.text = text;
    this.item.tooltip = statusBarTooltip(this.cluster, summary);
    // Screen readers (and e2e tests) get the words without the helm symbol.
    this.item.accessibilityInformation = { label: `Platform Aware cluster ${text.replace(/^⎈ /, '')}`, role: 'button' };
    this.item.backgroundColor = statusBarWarns(this.cluster, summary) ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }
}
