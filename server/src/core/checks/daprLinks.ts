/**
 * How Dapr manifests refer to each other, by name only (the workspace's Dapr index,
 * `workspace/dapr.ts`): a Subscription's `pubsubname` must name a pub/sub Component
 * (`component-not-found`, graded like `secret-not-provided`: the Component may exist in the cluster),
 * the app-ids in `scopes` should be ones some workload declares (`app-id-not-found`), and a workload's
 * `dapr.io/*` annotations must be on its pod template, the only place the sidecar injector reads them.
 */
import { at, list, obj, str } from '../catalog/from/helpers';
import type { ParsedDocument, ResourceHead } from '../parse/document';
import { locate } from '../parse/locate';
import { isDaprKind, POD_METADATA_PATHS } from '../workspace/dapr';
import type { CheckContext } from './context';
import type { Finding } from './finding';
import { RULES } from './rules';
import { didYouMean } from './suggest';

export function checkDaprLinks(doc: ParsedDocument, head: ResourceHead, ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  if (isDaprKind(doc, 'Subscription')) findings.push(...pubsubFindings(doc, head, ctx));
  if (isDaprKind(doc, 'Subscription') || isDaprKind(doc, 'Component')) findings.push(...scopeFindings(doc, ctx));
  findings.push(...misplacedAnnotations(doc, head));
  return findings;
}

function pubsubFindings(doc: ParsedDocument, head: ResourceHead, ctx: CheckContext): Finding[] {
  const name = str(at(doc.value, 'spec', 'pubsubname'));
  if (!ctx.dapr || !name) return [];
  const named = ctx.dapr.components(name).filter((c) => c.namespace === undefined || head.namespace === undefined || c.namespace === head.namespace);
  const pubsubs = named.filter((c) => c.type === undefined || c.type.startsWith('pubsub.'));
  if (pubsubs.length > 0) return [];
  // Located only to report: a Subscription with nothing to say never reads its syntax tree.
  const span = locate(doc.ast.contents, ['spec', 'pubsubname']).value;
  if (!span) return [];
  const where = ctx.options.clusterConnected ? 'in the workspace' : 'in the workspace (no cluster connected: it may exist there)';
  const message = named.length > 0
    ? `Component ${name} is a ${named[0]!.type}, not a pub/sub: the Subscription's messages would never arrive`
    : `no pub/sub Component named ${name} is defined ${where}`;
  return [{ code: 'component-not-found', severity: RULES['component-not-found'].severity, message, span, data: { component: name, namespace: head.namespace, category: 'pubsub' } }];
}

function scopeFindings(doc: ParsedDocument, ctx: CheckContext): Finding[] {
  const appIds = ctx.dapr?.appIds;
  // With no Dapr app in the workspace the apps live elsewhere, and nothing can be said about scopes.
  if (!appIds || appIds.size === 0) return [];
  const findings: Finding[] = [];
  list(obj(doc.value)?.['scopes']).forEach((raw, i) => {
    const appId = str(raw);
    if (!appId || appIds.has(appId)) return;
    const span = locate(doc.ast.contents, ['scopes', i]).value;
    if (!span) return;
    findings.push({
      code: 'app-id-not-found',
      severity: RULES['app-id-not-found'].severity,
      message: `no workload in the workspace has dapr.io/app-id "${appId}"${didYouMean(appId, appIds)}; only the listed apps can use this ${doc.head?.kind ?? 'resource'}`,
      span,
    });
  });
  return findings;
}

function misplacedAnnotations(doc: ParsedDocument, head: ResourceHead): Finding[] {
  const podMetadata = POD_METADATA_PATHS[head.kind];
  if (!podMetadata || head.kind === 'Pod' || !['', 'apps', 'batch'].includes(head.group)) return [];
  const own = obj(at(doc.value, 'metadata', 'annotations')) ?? {};
  return Object.keys(own).filter((key) => key.startsWith('dapr.io/')).flatMap((key) => {
    const span = locate(doc.ast.contents, ['metadata', 'annotations', key]).key;
    return span ? [{
      code: 'dapr-annotation-misplaced' as const,
      severity: RULES['dapr-annotation-misplaced'].severity,
      message: `${key} is on the ${head.kind}'s own metadata; the Dapr sidecar injector reads only the pod's, at ${podMetadata.join('.')}.annotations`,
      span,
      data: { annotation: key, target: [...podMetadata, 'annotations'] },
    }] : [];
  });
}
