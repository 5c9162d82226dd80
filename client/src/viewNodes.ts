/**
 * The Platform view's nodes: a discriminated union of plain data, one object per row kept for as long as
 * the row exists. VS Code finds the row to redraw by the element's identity, so a node is never rebuilt
 * while its row lives; what a row shows is read from the model when the row is drawn. Pure (no vscode
 * import).
 */
import type { SourceKind } from '../../server/src/core/catalog/types';
import type { InstanceStatus } from '../../server/src/core/status/types';
import type { CatalogEntry } from '../../server/src/lsp/clusterRequests';

/**
 * An instance row. Its fields are exactly what `platformAware.applyToCluster` needs (`uri`,
 * `documentIndex`): the row's context menu passes the node itself as the command's argument, and the
 * language client sends it to the server as JSON.
 */
export interface InstanceNode {
  type: 'instance';
  id: string;
  uri: string;
  documentIndex: number;
}

export type PlatformNode =
  | { type: 'cluster' }
  | { type: 'instances' }
  | { type: 'catalog' }
  | { type: 'file'; uri: string }
  | InstanceNode
  | { type: 'child'; instanceId: string; index: number }
  | { type: 'secret'; instanceId: string }
  | { type: 'source'; source: SourceKind }
  | { type: 'capability'; entry: CatalogEntry }
  | { type: 'message'; id: string; text: string };

export const ROOTS = {
  cluster: { type: 'cluster' },
  instances: { type: 'instances' },
  catalog: { type: 'catalog' },
} as const satisfies Record<string, PlatformNode>;

/** Nodes by key, so that the same row always gets the same object. */
export class NodeCache {
  private readonly files = new Map<string, PlatformNode & { type: 'file' }>();
  private readonly instances = new Map<string, InstanceNode>();
  private readonly sources = new Map<SourceKind, PlatformNode & { type: 'source' }>();

  file(uri: string): PlatformNode & { type: 'file' } {
    let node = this.files.get(uri);
    if (!node) this.files.set(uri, (node = { type: 'file', uri }));
    return node;
  }

  /** Undefined for a file no instance lives in any more (its row is gone). */
  knownFile(uri: string): PlatformNode | undefined {
    return this.files.get(uri);
  }

  instance(instance: Pick<InstanceStatus, 'id' | 'uri' | 'documentIndex'>): InstanceNode {
    let node = this.instances.get(instance.id);
    if (!node) this.instances.set(instance.id, (node = { type: 'instance', id: instance.id, uri: instance.uri, documentIndex: instance.documentIndex }));
    return node;
  }

  knownInstance(id: string): InstanceNode | undefined {
    return this.instances.get(id);
  }

  source(source: SourceKind): PlatformNode & { type: 'source' } {
    let node = this.sources.get(source);
    if (!node) this.sources.set(source, (node = { type: 'source', source }));
    return node;
  }

  /** Drops the nodes of instances and files the model no longer holds. */
  prune(isInstance: (id: string) => boolean, isFile: (uri: string) => boolean): void {
    for (const id of this.instances.keys()) if (!isInstance(id)) this.instances.delete(id);
    for (const uri of this.files.keys()) if (!isFile(uri)) this.files.delete(uri);
  }
}

/** A stable, unique TreeItem id per row (VS Code keeps expansion and selection by it). */
export function nodeId(node: PlatformNode): string {
  switch (node.type) {
    case 'cluster':
    case 'instances':
    case 'catalog':
      return node.type;
    case 'file':
      return `file:${node.uri}`;
    case 'instance':
      return `instance:${node.id}`;
    case 'child':
      return `child:${node.instanceId}:${node.index}`;
    case 'secret':
      return `secret:${node.instanceId}`;
    case 'source':
      return `source:${node.source}`;
    case 'capability':
      return `capability:${node.entry.source}:${node.entry.id}`;
    case 'message':
      return `message:${node.id}`;
  }
}
