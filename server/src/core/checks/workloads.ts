/**
 * Workloads that consume capabilities through their connection Secrets: every `secretKeyRef`,
 * `envFrom.secretRef`, `secret` volume and projected secret must name a Secret some manifest produces
 * (`secret-not-provided`), and a key the producer declares (`secret-key-unknown`, checked against the
 * XRD's `connectionSecretKeys` or the Secret manifest's keys). Only names are compared, never values.
 */
import { at, list, obj, str } from '../catalog/from/helpers';
import type { ParsedDocument, ResourceHead } from '../parse/document';
import { locate, PathSegment } from '../parse/locate';
import type { Span } from '../text';
import { connectionKeysOf, SecretProvider } from '../workspace/secrets';
import type { CheckContext } from './context';
import type { Finding } from './finding';
import { RULES } from './rules';
import { closest } from './suggest';

/** Where each workload kind keeps its pod spec. */
export const POD_SPEC_PATHS: Record<string, PathSegment[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** A KubeVela Application: its components' properties hold container-shaped `env` and `volumeMounts`. */
function isVelaApplication(head: ResourceHead): boolean {
  return head.group === 'core.oam.dev' && head.kind === 'Application';
}

export function isWorkload(head: ResourceHead | undefined): boolean {
  if (head === undefined) return false;
  return ((head.group === '' || head.group === 'apps' || head.group === 'batch') && head.kind in POD_SPEC_PATHS) || isVelaApplication(head);
}

/** One place a workload reads a Secret. */
export interface SecretUse {
  name: string;
  key?: string;
  optional: boolean;
  namePath: PathSegment[];
  keyPath?: PathSegment[];
}

export function secretUses(doc: ParsedDocument, head: ResourceHead): SecretUse[] {
  if (isVelaApplication(head)) return velaSecretUses(doc.value);
  const base = POD_SPEC_PATHS[head.kind]!;
  const podSpec = at(doc.value, ...(base as string[]));
  const uses: SecretUse[] = [];
  for (const group of ['initContainers', 'containers', 'ephemeralContainers']) {
    list(obj(podSpec)?.[group]).forEach((container, c) => uses.push(...envUses(container, [...base, group, c])));
  }
  list(obj(podSpec)?.['volumes']).forEach((volume, v) => {
    const secret = obj(at(volume, 'secret'));
    const name = str(secret?.['secretName']);
    if (secret && name) {
      const vPath = [...base, 'volumes', v, 'secret'];
      uses.push({ name, optional: secret['optional'] === true, namePath: [...vPath, 'secretName'] });
      list(secret['items']).forEach((item, i) => {
        const key = str(at(item, 'key'));
        if (key) uses.push({ name, key, optional: secret['optional'] === true, namePath: [...vPath, 'secretName'], keyPath: [...vPath, 'items', i, 'key'] });
      });
    }
    list(at(volume, 'projected', 'sources')).forEach((source, s) => {
      const ref = obj(at(source, 'secret'));
      const projected = str(ref?.['name']);
      if (ref && projected) uses.push({ name: projected, optional: ref['optional'] === true, namePath: [...base, 'volumes', v, 'projected', 'sources', s, 'secret', 'name'] });
    });
  });
  return uses;
}

/** `env[].valueFrom.secretKeyRef` and `envFrom[].secretRef` of a container (or of anything shaped like one). */
function envUses(container: unknown, cPath: PathSegment[]): SecretUse[] {
  const uses: SecretUse[] = [];
  list(at(container, 'env')).forEach((env, e) => {
    const ref = obj(at(env, 'valueFrom', 'secretKeyRef'));
    const name = str(ref?.['name']);
    if (!ref || !name) return;
    const refPath = [...cPath, 'env', e, 'valueFrom', 'secretKeyRef'];
    uses.push({ name, key: str(ref['key']), optional: ref['optional'] === true, namePath: [...refPath, 'name'], keyPath: [...refPath, 'key'] });
  });
  list(at(container, 'envFrom')).forEach((from, f) => {
    const ref = obj(at(from, 'secretRef'));
    const name = str(ref?.['name']);
    if (ref && name) uses.push({ name, optional: ref['optional'] === true, namePath: [...cPath, 'envFrom', f, 'secretRef', 'name'] });
  });
  return uses;
}

/**
 * KubeVela's built-in `webservice`, `worker` and `task` take Kubernetes-shaped `env` entries and
 * `volumeMounts.secret[].secretName` in their properties; a component of any type that uses these shapes
 * reads the Secret the same way.
 */
function velaSecretUses(value: unknown): SecretUse[] {
  const uses: SecretUse[] = [];
  list(at(value, 'spec', 'components')).forEach((component, c) => {
    const path: PathSegment[] = ['spec', 'components', c, 'properties'];
    const properties = at(component, 'properties');
    uses.push(...envUses(properties, path));
    list(at(properties, 'volumeMounts', 'secret')).forEach((mount, m) => {
      const name = str(at(mount, 'secretName'));
      if (name) uses.push({ name, optional: false, namePath: [...path, 'volumeMounts', 'secret', m, 'secretName'] });
    });
  });
  return uses;
}

export function checkWorkloadSecrets(doc: ParsedDocument, head: ResourceHead, ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  const reported = new Set<string>();
  for (const use of secretUses(doc, head)) {
    const providers = ctx.secrets.providers(use.name).filter((p) => sameNamespace(p, head.namespace));
    if (providers.length === 0) {
      if (use.optional) continue;
      // Located only to report: a workload with nothing to say never needs its syntax tree (syntaxTrees.ts).
      const nameSpan = locate(doc.ast.contents, use.namePath).value;
      if (!nameSpan || reported.has(`${nameSpan.start}`)) continue;
      reported.add(`${nameSpan.start}`);
      findings.push(notProvided(use, nameSpan, head, ctx));
      continue;
    }
    if (!use.key || !use.keyPath) continue;
    // The cluster's copy of a Secret is known by name only: the workspace's producers still say its keys.
    const keyed = providers.some((p) => !p.external) ? providers.filter((p) => !p.external) : providers;
    const keySets = keyed.map((p) => connectionKeysOf(p, ctx.catalog));
    // A producer that does not fix its keys may write any key: then nothing can be said.
    if (keySets.some((k) => k === undefined)) continue;
    const known = [...new Set(keySets.flatMap((k) => k!))];
    if (known.includes(use.key)) continue;
    const nameSpan = locate(doc.ast.contents, use.namePath).value;
    if (!nameSpan) continue;
    const keySpan = locate(doc.ast.contents, use.keyPath).value ?? nameSpan;
    const suggestion = closest(use.key, known);
    findings.push({
      code: 'secret-key-unknown',
      severity: RULES['secret-key-unknown'].severity,
      message: `Secret ${use.name} has no key "${use.key}"; ${describeProducers(keyed)} writes ${known.length ? known.map((k) => `"${k}"`).join(', ') : 'no keys'}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      span: keySpan,
      related: keyed.map((p) => ({ uri: p.uri, span: p.fileSpan, position: p.filePosition, message: `${p.producerKind} ${p.producerName ?? ''} writes Secret ${p.name}`.replace('  ', ' ') })),
      data: { secret: use.name, key: use.key, suggestion, known },
      fixes: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ span: keySpan, newText: suggestion }] }] : undefined,
    });
  }
  return findings;
}

function notProvided(use: SecretUse, span: Span, head: ResourceHead, ctx: CheckContext): Finding {
  const { clusterConnected, clusterSecretNamespaces, defaultNamespace } = ctx.options;
  const namespace = head.namespace ?? defaultNamespace ?? 'default';
  const known = clusterConnected && (!clusterSecretNamespaces || clusterSecretNamespaces.includes(namespace));
  const where = known ? `in the workspace or in namespace ${namespace} on the cluster` : 'in the workspace (no cluster connected: it may exist there)';
  return {
    code: 'secret-not-provided',
    severity: known ? 'error' : RULES['secret-not-provided'].severity,
    message: `Secret ${use.name} is not provided by any claim, composite resource or Secret ${where}`,
    span,
    data: { secret: use.name, namespace: head.namespace, keys: use.key ? [use.key] : [], workloadKind: head.kind, workloadName: head.name },
  };
}

function sameNamespace(provider: SecretProvider, namespace: string | undefined): boolean {
  return provider.namespace === undefined || namespace === undefined || provider.namespace === namespace;
}

function describeProducers(providers: readonly SecretProvider[]): string {
  const first = providers[0]!;
  const name = `${first.producerKind}${first.producerName ? ` ${first.producerName}` : ''}`;
  return providers.length > 1 ? `${name} (and ${providers.length - 1} more)` : name;
}
