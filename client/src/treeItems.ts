/**
 * How each Platform view row looks: the TreeItem for a node, from the data the server reported. Texts
 * come from labels.ts; this module adds icons, colours, commands and the `contextValue`s package.json's
 * menus match on.
 */
import * as vscode from 'vscode';
import type { CapabilityRole } from '../../server/src/core/catalog/types';
import type { ChildStatus, InstanceState, InstanceStatus } from '../../server/src/core/status/types';
import type { ClusterStatus } from '../../server/src/lsp/cluster';
import type { CatalogEntry } from '../../server/src/lsp/clusterRequests';
import * as labels from './labels';
import { nodeId, type PlatformNode } from './viewNodes';

const STATE_ICONS: Record<InstanceState, vscode.ThemeIcon> = {
  Ready: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  Progressing: new vscode.ThemeIcon('sync~spin'),
  Failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
  Missing: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.warningForeground')),
  Unknown: new vscode.ThemeIcon('question'),
};

const CLUSTER_ICONS: Record<ClusterStatus['state'], vscode.ThemeIcon> = {
  none: new vscode.ThemeIcon('circle-slash'),
  disabled: new vscode.ThemeIcon('circle-slash'),
  connecting: new vscode.ThemeIcon('sync~spin'),
  connected: new vscode.ThemeIcon('vm-active', new vscode.ThemeColor('testing.iconPassed')),
  reconnecting: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('list.warningForeground')),
  unauthorised: new vscode.ThemeIcon('lock', new vscode.ThemeColor('errorForeground')),
  offline: new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('errorForeground')),
};

const ROLE_ICONS: Record<CapabilityRole, string> = {
  claim: 'symbol-class',
  composite: 'symbol-structure',
  'custom-resource': 'symbol-interface',
  component: 'extensions',
  trait: 'symbol-property',
  policy: 'law',
  'workflow-step': 'debug-step-over',
  'score-resource': 'package',
  'dapr-component': 'plug',
  'dapr-auth-profile': 'key',
};

const { Collapsed, Expanded, None } = vscode.TreeItemCollapsibleState;

function item(node: PlatformNode, label: string, collapsible: vscode.TreeItemCollapsibleState, fields: Partial<vscode.TreeItem> = {}): vscode.TreeItem {
  const treeItem = new vscode.TreeItem(label, collapsible);
  treeItem.id = nodeId(node);
  // Screen readers would otherwise read the tooltip; a row's label and description say it better.
  treeItem.accessibilityInformation = { label: [label, typeof fields.description === 'string' ? fields.description : ''].filter(Boolean).join(', ') };
  return Object.assign(treeItem, fields);
}

/** Without the age, which changes while the row stays: `Kind name, State, Reason`. */
function stateAccessibility(object: InstanceStatus | ChildStatus): vscode.AccessibilityInformation {
  return { label: [labels.objectLabel(object), object.state, object.reason ?? ''].filter(Boolean).join(', ') };
}

/** Opens `uri` (a file, or a read-only cluster object) with the cursor at a zero-based position. */
function openAt(uri: string, line: number, character: number): vscode.Command {
  const at = new vscode.Position(line, character);
  return { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.parse(uri), { selection: new vscode.Range(at, at) } satisfies vscode.TextDocumentShowOptions] };
}

export function clusterItem(node: PlatformNode, cluster: ClusterStatus): vscode.TreeItem {
  return item(node, labels.clusterLabel(cluster), None, {
    description: labels.clusterDescription(cluster),
    tooltip: labels.clusterTooltip(cluster),
    iconPath: CLUSTER_ICONS[cluster.state],
    contextValue: 'cluster',
  });
}

export function rootItem(node: PlatformNode, label: string): vscode.TreeItem {
  return item(node, label, Expanded, { contextValue: node.type });
}

export function fileItem(node: PlatformNode & { type: 'file' }, count: number): vscode.TreeItem {
  const uri = vscode.Uri.parse(node.uri);
  return item(node, vscode.workspace.asRelativePath(uri), Expanded, {
    resourceUri: uri,
    iconPath: vscode.ThemeIcon.File,
    description: labels.fileDescription(count),
    tooltip: uri.scheme === 'file' ? uri.fsPath : node.uri,
    contextValue: 'manifestFile',
  });
}

/**
 * `contextValue` is `instance.<state>`; a Missing instance whose type the cluster does not serve is
 * `instance.Missing.notServed`, so "Apply to Cluster" (menus: `viewItem == instance.Missing`) is offered
 * only where applying can work.
 */
export function instanceItem(node: PlatformNode, instance: InstanceStatus, now: number): vscode.TreeItem {
  const hasChildren = instance.children.length > 0 || instance.connectionSecret !== undefined;
  const notServed = instance.state === 'Missing' && instance.reason === 'NotServed';
  return item(node, labels.objectLabel(instance), hasChildren ? Collapsed : None, {
    description: labels.stateDescription(instance, now),
    tooltip: labels.instanceTooltip(instance),
    iconPath: STATE_ICONS[instance.state],
    contextValue: `instance.${instance.state}${notServed ? '.notServed' : ''}`,
    accessibilityInformation: stateAccessibility(instance),
    command: openAt(instance.uri, instance.line, 0),
  });
}

export function childItem(node: PlatformNode, child: ChildStatus, now: number): vscode.TreeItem {
  return item(node, labels.objectLabel(child), None, {
    description: labels.stateDescription(child, now),
    tooltip: [child.apiVersion, child.namespace ? `namespace ${child.namespace}` : '', child.message ?? ''].filter(Boolean).join('\n'),
    iconPath: STATE_ICONS[child.state],
    contextValue: `child.${child.state}`,
    accessibilityInformation: stateAccessibility(child),
  });
}

export function secretItem(node: PlatformNode, secret: NonNullable<InstanceStatus['connectionSecret']>): vscode.TreeItem {
  const color = secret.present === false ? new vscode.ThemeColor('list.warningForeground') : secret.present ? new vscode.ThemeColor('testing.iconPassed') : undefined;
  return item(node, labels.secretLabel(secret), None, {
    tooltip: `Secret ${secret.namespace ? `${secret.namespace}/` : ''}${secret.name} (names and keys only: its data is never read)`,
    iconPath: new vscode.ThemeIcon('key', color),
    contextValue: 'connectionSecret',
  });
}

export function sourceItem(node: PlatformNode & { type: 'source' }, count: number, context: string | undefined): vscode.TreeItem {
  return item(node, labels.sourceLabel(node.source, context), Collapsed, { description: `${count}`, contextValue: 'catalogSource' });
}

export function capabilityItem(node: PlatformNode, entry: CatalogEntry): vscode.TreeItem {
  return item(node, entry.kind, None, {
    description: labels.capabilityDescription(entry),
    tooltip: [entry.id, entry.description ?? ''].filter(Boolean).join('\n\n'),
    iconPath: new vscode.ThemeIcon(ROLE_ICONS[entry.role] ?? 'symbol-misc'),
    contextValue: `capability.${entry.role}`,
    command: openAt(entry.uri, entry.line, entry.character),
  });
}

export function messageItem(node: PlatformNode & { type: 'message' }): vscode.TreeItem {
  return item(node, node.text, None, { contextValue: 'message' });
}
