/**
 * Dapr Components (`dapr.io/v1alpha1`) against the component catalogue built from Dapr's
 * metadata.yaml files (`catalog/from/dapr.ts`): the type and version exist (`unknown-resource-type`,
 * `unknown-version`), required metadata is present and every metadata name is declared. Both of the
 * latter are warnings (`missing-required`, `unknown-field`): Dapr ignores unknown metadata, and several
 * fields marked required have runtime defaults. Cross-document links (Subscriptions, scopes, app-ids)
 * are in `daprLinks.ts`.
 */
import { at, list, obj, str } from '../catalog/from/helpers';
import type { DaprField } from '../catalog/facts';
import type { Capability, Catalog } from '../catalog/types';
import type { ParsedDocument } from '../parse/document';
import { locate, PathSegment } from '../parse/locate';
import type { Span } from '../text';
import type { CheckContext } from './context';
import type { Finding } from './finding';
import { RULES } from './rules';
import { closest, didYouMean } from './suggest';

/**
 * Types and versions the Dapr runtime registers under another name than the catalogue's (dapr/dapr
 * `cmd/daprd/components`, Go code the catalogue does not describe; found by hand, see the corpus
 * README's Dapr section). Without them real, working components would be reported as unknown.
 */
const ALIASES: Record<string, { type: string; versions?: Record<string, string> }> = {
  'bindings.postgresql': { type: 'bindings.postgres' },
  'secretstores.aws.secretmanager': { type: 'secretstores.aws.secretsmanager' },
  'bindings.azure.servicebusqueues': { type: 'bindings.azure.servicebus.queues' },
  'crypto.dapr.localstorage': { type: 'crypto.localstorage' },
  'state.cockroachdb': { type: 'state.cockroachdb', versions: { v2: 'v1' } },
  'state.etcd': { type: 'state.etcd', versions: { v2: 'v1' } },
};

/** Metadata the runtime handles for a whole building block, never listed in a component's metadata.yaml. */
const GENERIC_METADATA: Record<string, string[]> = {
  state: ['actorStateStore', 'keyPrefix', 'outboxPublishPubsub', 'outboxPublishTopic', 'outboxPubsub', 'outboxDiscardWhenMissingState'],
  bindings: ['direction', 'route'],
  pubsub: ['consumerID', 'allowedTopics', 'publishingScopes', 'subscriptionScopes', 'protectedTopics'],
};

export function checkDaprComponent(doc: ParsedDocument, ctx: CheckContext): Finding[] {
  const catalog = ctx.catalog;
  // A platform with no component catalogue says nothing about component types: silence.
  if (catalog.byRole('dapr-component').length === 0) return [];
  const spec = obj(at(doc.value, 'spec'));
  const written = str(spec?.['type']);
  if (!spec || !written) return [];
  const writtenVersion = str(spec['version']) ?? 'v1';
  const alias = ALIASES[written];
  const capability = catalog.lookupType('dapr-component', alias?.type ?? written);
  if (!capability) return [unknownType(doc, written, catalog)];
  const versionName = alias?.versions?.[writtenVersion] ?? writtenVersion;
  const version = capability.versions.find((v) => v.name === versionName);
  if (!version?.dapr) {
    const versions = capability.versions.map((v) => v.name).join(', ');
    return [{
      code: 'unknown-version',
      severity: RULES['unknown-version'].severity,
      message: `Dapr component type ${capability.kind} has no version ${writtenVersion}; versions: ${versions}`,
      span: valueSpan(doc, spec['version'] !== undefined ? ['spec', 'version'] : ['spec', 'type']),
    }];
  }
  const facts = version.dapr;
  const declared = declaredFields(facts.fields, facts.profiles.flatMap((p) => p.fields), facts.builtinProfiles, catalog);
  const category = written.slice(0, written.indexOf('.'));
  const generic = GENERIC_METADATA[category] ?? [];
  const findings: Finding[] = [];
  const present: string[] = [];
  list(spec['metadata']).forEach((entry, i) => {
    const name = str(obj(entry)?.['name']);
    if (!name) return;
    present.push(name);
    if (!declared || declared.has(name) || generic.includes(name) || ctx.options.unknownFields === 'ignore') return;
    const sameButCase = [...declared].find((d) => d.toLowerCase() === name.toLowerCase());
    const hint = sameButCase ? `; it declares "${sameButCase}" (most components match names case-insensitively, not all)` : didYouMean(name, declared);
    findings.push({
      code: 'unknown-field',
      severity: ctx.options.unknownFields,
      message: `spec.metadata[${i}].name: ${capability.kind} ${version.name} declares no metadata "${name}" (Dapr ignores it)${hint}`,
      span: valueSpan(doc, ['spec', 'metadata', i, 'name']),
      data: { path: ['spec', 'metadata', i, 'name'], declared: [...declared], suggestion: sameButCase ?? closest(name, declared) },
    });
  });
  for (const field of facts.fields.filter((f) => f.required && !present.includes(f.name))) {
    findings.push({
      code: 'missing-required',
      // Dapr starts components with required fields missing when the component has a runtime default.
      severity: 'warning',
      message: `${capability.kind} ${version.name}: metadata "${field.name}" is marked required by its metadata.yaml${field.description ? ` (${firstSentence(field.description)})` : ''}`,
      span: keySpan(doc, spec['metadata'] !== undefined ? ['spec', 'metadata'] : ['spec']),
      data: { missing: field.name, path: ['spec', 'metadata'] },
    });
  }
  return findings;
}

/** Every declared metadata name, or undefined when a built-in profile the type uses is not in the catalog. */
function declaredFields(fields: DaprField[], profileFields: DaprField[], builtin: string[], catalog: Catalog): Set<string> | undefined {
  const names = new Set([...fields, ...profileFields].map((f) => f.name));
  for (const profile of builtin) {
    const found: Capability | undefined = catalog.lookupType('dapr-auth-profile', profile);
    if (!found?.daprProfiles) return undefined;
    for (const variant of found.daprProfiles) for (const field of variant.fields) names.add(field.name);
  }
  return names;
}

function unknownType(doc: ParsedDocument, written: string, catalog: Catalog): Finding {
  const known = catalog.byRole('dapr-component').map((c) => c.kind);
  const category = written.slice(0, written.indexOf('.'));
  const suggestion = closest(written, known.filter((k) => k.startsWith(`${category}.`))) ?? closest(written, known);
  return {
    code: 'unknown-resource-type',
    severity: RULES['unknown-resource-type'].severity,
    message: `Dapr component type "${written}" is not in the platform's component catalogue (${known.length} types)${suggestion ? `; did you mean ${suggestion}?` : ''}`,
    span: valueSpan(doc, ['spec', 'type']),
    data: { type: written, suggestion },
  };
}

function firstSentence(text: string): string {
  const line = text.split(/\n|\. /)[0]!.trim().replace(/\.$/, '');
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}

function valueSpan(doc: ParsedDocument, path: PathSegment[]): Span {
  const located = locate(doc.ast.contents, path);
  return (located.depth === path.length ? located.value : located.key) ?? doc.head?.kindSpan ?? { start: 0, end: 0 };
}

function keySpan(doc: ParsedDocument, path: PathSegment[]): Span {
  return locate(doc.ast.contents, path).key ?? doc.head?.kindSpan ?? { start: 0, end: 0 };
}
