/**
 * The Platform view (`platformAware.platform`): the cluster, the workspace's instances grouped by manifest
 * file, and the catalog grouped by source. It renders what the server reported (`platformAware/status`,
 * `platformAware/instances`, `platformAware/catalog`) and redraws only the rows a report changed: an
 * instance whose status moved, a file whose instances came or went. When groups come or go (a file's
 * first or last instance, the catalog's size or sources) the whole tree is redrawn, once per burst (see
 * structureChanged). Nothing is fetched on expand except the catalog, once per change.
 */
import * as vscode from 'vscode';
import type { CatalogEntry } from '../../server/src/lsp/clusterRequests';
import type { ClusterStatus } from '../../server/src/lsp/cluster';
import type { StatusNotification } from '../../server/src/lsp/server';
import type { InstanceModel, InstancesChange } from './instanceModel';
import * as items from './treeItems';
import { NodeCache, ROOTS, type PlatformNode } from './viewNodes';

export const PLATFORM_VIEW = 'platformAware.platform';
/** Bursts of catalog changes (a scan, a cluster relist) cost one catalog request. */
const CATALOG_DEBOUNCE_MS = 300;
/** Bursts of structural changes (the first reports after a start) cost one redraw of the whole tree. */
const STRUCTURE_DEBOUNCE_MS = 50;

type Changed = PlatformNode | PlatformNode[] | undefined;

export class PlatformView implements vscode.TreeDataProvider<PlatformNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Changed>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new NodeCache();
  private readonly subscription: { dispose(): void };
  private cluster: ClusterStatus | undefined;
  private clusterKey = '';
  private catalogKey = '';
  /** The catalog as last fetched; undefined: fetch it when the Catalog row is next drawn. */
  private catalog: Promise<CatalogEntry[]> | undefined;
  /** The last catalog that arrived (a source row shows its count before its children are asked for). */
  private entries: CatalogEntry[] = [];
  private catalogTimer: NodeJS.Timeout | undefined;
  private structureTimer: NodeJS.Timeout | undefined;

  constructor(private readonly model: InstanceModel, private readonly fetchCatalog: () => Promise<CatalogEntry[]>) {
    this.subscription = model.onDidChange((change) => this.instancesChanged(change));
  }

  /** A `platformAware/status` arrived: redraw the Cluster row if it changed, the Catalog if its size or sources did. */
  statusChanged(status: StatusNotification): void {
    const hadCluster = this.cluster !== undefined && this.cluster.state !== 'none';
    this.cluster = status.cluster;
    const clusterKey = JSON.stringify(status.cluster);
    const hasCluster = status.cluster.state !== 'none';
    if (hadCluster !== hasCluster) {
      // With no kubeconfig the view is empty and shows its welcome content (package.json viewsWelcome).
      this.clusterKey = clusterKey;
      this.changed.fire(undefined);
    } else if (clusterKey !== this.clusterKey) {
      this.clusterKey = clusterKey;
      this.changed.fire(ROOTS.cluster);
    }
    const { capabilities, compositions, sources, problems } = status.catalog;
    const catalogKey = JSON.stringify([status.state, capabilities, compositions, sources, problems, status.cluster.context]);
    if (catalogKey !== this.catalogKey) {
      this.catalogKey = catalogKey;
      clearTimeout(this.catalogTimer);
      this.catalogTimer = setTimeout(() => this.refreshCatalog(), CATALOG_DEBOUNCE_MS);
    }
  }

  /** Fetches the catalog again (the Refresh command), and redraws it. */
  refreshCatalog(): void {
    this.catalog = undefined;
    this.structureChanged();
  }

  /**
   * Rows were added or removed under a group (instances, catalog sources): redraw the whole tree, once per
   * burst. Not the group alone: VS Code's extension host drops a group's rows as soon as the group is
   * refreshed, and a children request already on its way for one of them (an expanded file row) is then
   * answered with nothing, which the workbench keeps: the file row stayed empty. Two overlapping requests for
   * the catalog's children (awaiting the server) both register its source rows, and the second fails
   * ("Element with id … is already registered"): the Catalog stayed empty. A refresh of the whole tree
   * cancels the requests in flight and asks again (seen in the e2e test, test/e2e/livePlatform.test.ts).
   */
  private structureChanged(): void {
    clearTimeout(this.structureTimer);
    this.structureTimer = setTimeout(() => this.changed.fire(undefined), STRUCTURE_DEBOUNCE_MS);
  }

  getTreeItem(node: PlatformNode): vscode.TreeItem {
    const now = Date.now();
    switch (node.type) {
      case 'cluster':
        return items.clusterItem(node, this.cluster ?? { state: 'none', watching: [], forbidden: [] });
      case 'instances':
        return items.rootItem(node, 'Instances');
      case 'catalog':
        return items.rootItem(node, 'Catalog');
      case 'file':
        return items.fileItem(node, this.model.inFile(node.uri).length);
      case 'instance': {
        const instance = this.model.get(node.id);
        return instance ? items.instanceItem(node, instance, now) : new vscode.TreeItem(node.id);
      }
      case 'child': {
        const child = this.model.get(node.instanceId)?.children[node.index];
        return child ? items.childItem(node, child, now) : new vscode.TreeItem('');
      }
      case 'secret': {
        const secret = this.model.get(node.instanceId)?.connectionSecret;
        return secret ? items.secretItem(node, secret) : new vscode.TreeItem('');
      }
      case 'source':
        return items.sourceItem(node, this.entries.filter((e) => e.source === node.source).length, this.cluster?.context);
      case 'capability':
        return items.capabilityItem(node, node.entry);
      case 'message':
        return items.messageItem(node);
    }
  }

  async getChildren(node?: PlatformNode): Promise<PlatformNode[]> {
    if (!node) return !this.cluster || this.cluster.state === 'none' ? [] : [ROOTS.cluster, ROOTS.instances, ROOTS.catalog];
    switch (node.type) {
      case 'instances':
        return this.instanceFiles();
      case 'file':
        return this.model.inFile(node.uri).map((i) => this.nodes.instance(i));
      case 'instance': {
        const instance = this.model.get(node.id);
        if (!instance) return [];
        const children: PlatformNode[] = instance.children.map((_, index) => ({ type: 'child', instanceId: node.id, index }));
        if (instance.connectionSecret) children.push({ type: 'secret', instanceId: node.id });
        return children;
      }
      case 'catalog':
        return this.catalogSources();
      case 'source':
        return (await this.catalogEntries()).filter((e) => e.source === node.source).map((entry) => ({ type: 'capability', entry }));
      default:
        return [];
    }
  }

  dispose(): void {
    clearTimeout(this.catalogTimer);
    clearTimeout(this.structureTimer);
    this.subscription.dispose();
    this.changed.dispose();
  }

  private instanceFiles(): PlatformNode[] {
    const files = this.model.files();
    if (files.length === 0) {
      const text = this.model.summary ? 'No instances declared in the workspace' : 'No instance status reported yet';
      return [{ type: 'message', id: 'instances', text }];
    }
    const label = (uri: string) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri));
    return files.map((uri) => ({ uri, label: label(uri) })).sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)).map((f) => this.nodes.file(f.uri));
  }

  private async catalogSources(): Promise<PlatformNode[]> {
    const entries = await this.catalogEntries();
    if (entries.length === 0) return [{ type: 'message', id: 'catalog', text: 'No capabilities in the catalog' }];
    // Entries arrive ordered by source (workspace, cluster, sample): keep that order.
    return [...new Set(entries.map((e) => e.source))].map((source) => this.nodes.source(source));
  }

  private catalogEntries(): Promise<CatalogEntry[]> {
    this.catalog ??= this.fetchCatalog().then(
      (entries) => (this.entries = entries),
      () => {
        // Asked before the server was ready, or it went away: ask again next time the row is drawn.
        this.catalog = undefined;
        return [];
      },
    );
    return this.catalog;
  }

  private instancesChanged(change: InstancesChange): void {
    this.nodes.prune((id) => this.model.get(id) !== undefined, (uri) => this.model.hasFile(uri));
    if (change.reset || change.fileSetChanged) {
      this.structureChanged();
      return;
    }
    const rows: PlatformNode[] = [];
    for (const uri of change.files) rows.push(this.nodes.file(uri));
    for (const id of change.updated) {
      const node = this.nodes.knownInstance(id);
      if (node) rows.push(node);
    }
    if (rows.length) this.changed.fire(rows);
  }
}
