/**
 * Which Secrets the workspace's manifests produce: claims and XRs (`writeConnectionSecretToRef`), Secret
 * manifests, ExternalSecrets and SealedSecrets. Only names and key names are read, never a value.
 */
import { at, list, obj, str } from '../catalog/from/helpers';
import type { Catalog } from '../catalog/types';
import type { ParsedDocument } from '../parse/document';
import { locate } from '../parse/locate';
import type { Span } from '../text';

/** A Secret some manifest declares it will write. Catalog-independent, so it survives catalog rebuilds. */
export interface SecretSource {
  name: string;
  namespace?: string;
  /** Key names, when the manifest fixes them (a Secret's data keys); claims get theirs from the catalog. */
  keys?: string[];
  /** apiVersion group and kind of the producing manifest, to look up connectionSecretKeys. */
  producerGroup: string;
  producerKind: string;
  producerName?: string;
  /** Span (in the document) of the name that declares the Secret. */
  span: Span;
}

export interface SecretProvider extends SecretSource {
  /** Known to exist outside the workspace (on the cluster, by name only): its keys are never known. */
  external?: boolean;
  uri: string;
  /** Span in the file, for related information and go-to-definition. */
  fileSpan: Span;
  /** Where `fileSpan` starts, as a line and character (the file may not be open when it is asked for). */
  filePosition: { line: number; character: number };
}

export interface SecretIndex {
  readonly generation: number;
  providers(name: string): readonly SecretProvider[];
  /** Every Secret name some manifest produces, sorted. */
  names(): string[];
  /** Key names a provider's Secret will hold, or undefined when nothing says. */
  keysOf(provider: SecretProvider, catalog: Catalog): string[] | undefined;
}

export function secretSources(doc: ParsedDocument): SecretSource[] {
  const head = doc.head;
  if (!head) return [];
  const value = doc.value;
  const spanOf = (...path: (string | number)[]) => locate(doc.ast.contents, path).value ?? head.kindSpan;
  const base = { producerGroup: head.group, producerKind: head.kind, producerName: head.name };
  if (head.group === '' && head.kind === 'Secret' && head.name) {
    const keys = [...Object.keys(obj(at(value, 'data')) ?? {}), ...Object.keys(obj(at(value, 'stringData')) ?? {})];
    return [{ ...base, name: head.name, namespace: head.namespace, keys, span: head.nameSpan ?? head.kindSpan }];
  }
  if (head.group === 'external-secrets.io' && head.kind === 'ExternalSecret') {
    const name = str(at(value, 'spec', 'target', 'name')) ?? head.name;
    const keys = obj(at(value, 'spec'))?.['dataFrom'] ? undefined : list(at(value, 'spec', 'data')).map((d) => str(at(d, 'secretKey'))).filter((k): k is string => !!k);
    return name ? [{ ...base, name, namespace: head.namespace, keys, span: str(at(value, 'spec', 'target', 'name')) ? spanOf('spec', 'target', 'name') : head.nameSpan ?? head.kindSpan }] : [];
  }
  if (head.group === 'bitnami.com' && head.kind === 'SealedSecret') {
    const name = str(at(value, 'spec', 'template', 'metadata', 'name')) ?? head.name;
    return name ? [{ ...base, name, namespace: head.namespace, keys: Object.keys(obj(at(value, 'spec', 'encryptedData')) ?? {}), span: head.nameSpan ?? head.kindSpan }] : [];
  }
  const ref = obj(at(value, 'spec', 'writeConnectionSecretToRef'));
  const name = str(ref?.['name']);
  if (!name) return [];
  // A claim writes into its own namespace; a v1 XR names the namespace explicitly.
  const namespace = str(ref?.['namespace']) ?? head.namespace;
  return [{ ...base, name, namespace, span: spanOf('spec', 'writeConnectionSecretToRef', 'name') }];
}

export function connectionKeysOf(provider: SecretSource, catalog: Catalog): string[] | undefined {
  if (provider.keys) return provider.keys;
  return catalog.lookup(provider.producerGroup, provider.producerKind)?.connectionSecretKeys;
}
