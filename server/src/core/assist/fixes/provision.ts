/**
 * "Provision missing …": for a Secret a workload reads and nothing writes, the capabilities that could
 * write it (their connection Secret has every key the workload reads), best match first, and the claim
 * manifest that provisions one: required parameters with defaults, `compositionSelector` when several
 * Compositions serve the type, `writeConnectionSecretToRef` naming the Secret the workload expects.
 */
import type { Capability, Catalog } from '../../catalog/types';
import { scalar } from '../../parse/scalar';
import { propertiesOf } from '../schemaAt';
import { requiredLines } from '../skeleton';

export interface ProvisionRequest {
  secret: string;
  /** Keys the workload reads from the Secret. */
  keys: string[];
  namespace?: string;
}

export interface ProvisionOption {
  capability: Capability;
  /** metadata.name of the new claim. */
  name: string;
  title: string;
  /** The title of the same fix followed by applying the claim to the connected cluster. */
  applyTitle: string;
  manifest: string;
}

/** Words in a Secret name that say what the app expects behind it, and the kinds that fit. */
const HINTS: [RegExp, RegExp][] = [
  [/(^|[-_.])(db|database|pg|postgres(ql)?|sql|mysql|maria)([-_.]|$)/i, /postgres|sql|database|db/i],
  [/(^|[-_.])(redis|cache|memcached?)([-_.]|$)/i, /redis|cache/i],
  [/(^|[-_.])(queue|sqs|amqp|rabbit(mq)?|kafka|events?|pubsub)([-_.]|$)/i, /queue|topic|stream|bus/i],
  [/(^|[-_.])(bucket|s3|storage|blob|objects?|assets)([-_.]|$)/i, /bucket|storage|blob/i],
];

export function provisionOptions(request: ProvisionRequest, catalog: Catalog): ProvisionOption[] {
  const hint = HINTS.find(([secret]) => secret.test(request.secret))?.[1];
  const candidates = [...catalog.capabilities.values()].filter((c) => writesConnectionSecret(c) && request.keys.every((k) => c.connectionSecretKeys?.includes(k) ?? true));
  // Claims first (an app team creates claims; cluster-scoped XRs usually need platform rights), then
  // kinds the Secret's name hints at, then those that at least declare their keys.
  const score = (c: Capability) => (c.role === 'claim' ? 0 : 2) + (hint?.test(c.kind) ? 0 : 1) + (c.connectionSecretKeys ? 0 : 4);
  return candidates
    .sort((a, b) => score(a) - score(b) || a.kind.localeCompare(b.kind))
    .map((capability) => {
      const name = claimName(request.secret);
      const what = `${capability.kind} "${name}"`;
      const writes = `(writes Secret ${request.secret})`;
      return { capability, name, title: `Provision ${what} ${writes}`, applyTitle: `Provision ${what} and apply to cluster ${writes}`, manifest: manifest(capability, name, request, catalog) };
    });
}

/** Claims and v1 XRs can write a connection Secret; v2 XRs compose their own Secrets instead. */
function writesConnectionSecret(capability: Capability): boolean {
  if (capability.role !== 'claim' && capability.role !== 'composite') return false;
  const version = capability.versions.find((v) => v.served && v.schema);
  return !!version && 'writeConnectionSecretToRef' in propertiesOf(propertiesOf(version.schema)['spec']);
}

/** `orders-db-conn` → `orders-db`: the claim is named for what it provides, not for its Secret. */
export function claimName(secret: string): string {
  return secret.replace(/[-_.]?(conn(ection)?|secret|credentials?|creds)$/i, '') || secret;
}

function manifest(capability: Capability, name: string, request: ProvisionRequest, catalog: Catalog): string {
  const version = [...capability.versions].reverse().find((v) => v.served && v.schema)!;
  const spec = propertiesOf(version.schema)['spec'];
  const compositions = catalog.compositions.filter((c) => c.compositeKind === capability.crossplane?.compositeKind && c.compositeApiVersion.startsWith(`${capability.group}/`));
  const selector = compositions.length > 1 ? distinguishingLabel(compositions.map((c) => c.labels)) : undefined;
  const lines = [
    `apiVersion: ${capability.group}/${version.name}`,
    `kind: ${capability.kind}`,
    'metadata:',
    `  name: ${scalar(name)}`,
    ...(request.namespace && capability.scope === 'Namespaced' ? [`  namespace: ${scalar(request.namespace)}`] : []),
    'spec:',
    ...requiredLines(spec, 1, { snippet: false, markPlaceholders: true }).filter((l) => !/^\s*writeConnectionSecretToRef:/.test(l)),
    ...(selector ? ['  compositionSelector:', '    matchLabels:', `      ${selector[0]}: ${scalar(selector[1])}`] : []),
    '  writeConnectionSecretToRef:',
    `    name: ${scalar(request.secret)}`,
    ...(capability.role === 'composite' && request.namespace ? [`    namespace: ${scalar(request.namespace)}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** A label whose values differ between Compositions (provider: aws / gcp), with the first one's value. */
function distinguishingLabel(labelSets: Record<string, string>[]): [string, string] | undefined {
  const first = labelSets[0] ?? {};
  const key = Object.keys(first).find((k) => new Set(labelSets.map((l) => l[k])).size > 1);
  return key ? [key, first[key]!] : undefined;
}
