/**
 * The catalog: what the platform offers, merged from every source (workspace definition files, the live
 * cluster, the embedded sample platform). Plain data: built by `catalog/build.ts`, read by checks and
 * assists, never mutated after it is built (a change produces a new catalog with a new generation).
 */
import type { Span } from '../text';
import type { DaprAuthProfile, DaprVersionFacts, KratixFacts, ScoreFacts } from './facts';
import type { KubeVelaFacts } from './kubevelaFacts';

export type JsonSchema = Record<string, unknown>;

export type SourceKind = 'workspace' | 'cluster' | 'sample';

/** Where a definition came from: a file and range, or a cluster object. */
export interface Provenance {
  source: SourceKind;
  /** A file URI (workspace, sample) or a virtual URI naming the cluster object. */
  uri: string;
  /** Range of the definition's document within the file, when it came from a file. */
  span?: Span;
  /** Range to reveal on go-to-definition: the definition's `kind`/`names` entry. */
  nameSpan?: Span;
  /** Where `nameSpan` starts, as a zero-based line and character in the file. */
  namePosition?: { line: number; character: number };
}

/**
 * How an instance refers to this capability. The first three are Kubernetes kinds (`apiVersion` +
 * `kind`); the others are *types* named inside another manifest (a KubeVela component's `type:`, a Score
 * resource's `type:`): for those, `kind` holds the type name and `group` the ecosystem's API group.
 */
export type CapabilityRole = KindRole | TypeRole;
export type KindRole = 'claim' | 'composite' | 'custom-resource';
export type TypeRole = 'component' | 'trait' | 'policy' | 'workflow-step' | 'score-resource' | 'dapr-component' | 'dapr-auth-profile';

export function isKindRole(role: CapabilityRole): role is KindRole {
  return role === 'claim' || role === 'composite' || role === 'custom-resource';
}

export interface CapabilityVersion {
  name: string;
  served: boolean;
  /** The full object schema an instance is validated against (already including implicit fields). */
  schema?: JsonSchema;
  deprecated?: boolean;
  deprecationWarning?: string;
  /** Why the definition's schema for this version is unusable; instances get a hint instead of checks. */
  schemaProblem?: string;
  /** A Dapr component type's metadata fields in this version (role `dapr-component`). */
  dapr?: DaprVersionFacts;
}

export interface CrossplaneFacts {
  /** `apiextensions.crossplane.io` version of the XRD: v1 (claims + cluster XRs) or v2 (namespaced XRs). */
  xrdVersion: 'v1' | 'v2';
  /** Name of the XRD object, e.g. `xpostgresqlinstances.platform.example.org`. */
  definitionName: string;
  /** The composite (XR) kind; compositions target it, and a claim's compositionRef is resolved against it. */
  compositeKind: string;
  claimKind?: string;
  defaultCompositionRef?: string;
}

export interface Capability {
  /** `<kind>.<group>` for kinds, the way Kubernetes names a type; `<role>/<name>` for types. */
  id: string;
  group: string;
  kind: string;
  plural?: string;
  role: CapabilityRole;
  scope: 'Namespaced' | 'Cluster';
  versions: CapabilityVersion[];
  description?: string;
  /** Keys of the connection Secret an instance writes (XRD `connectionSecretKeys`), when declared. */
  connectionSecretKeys?: string[];
  crossplane?: CrossplaneFacts;
  /** A KubeVela definition's facts (roles `component`, `trait`, `policy`, `workflow-step`). */
  kubevela?: KubeVelaFacts;
  /** The provisioners that serve a Score resource type (role `score-resource`). */
  score?: ScoreFacts;
  /** A Dapr built-in authentication profile's variants (role `dapr-auth-profile`, e.g. `azuread`). */
  daprProfiles?: DaprAuthProfile[];
  /** The Kratix Promise whose `spec.api` this custom resource is. */
  kratix?: KratixFacts;
  origin: Provenance;
}

export interface Composition {
  name: string;
  compositeApiVersion: string;
  compositeKind: string;
  labels: Record<string, string>;
  origin: Provenance;
}

export type ProblemSeverity = 'error' | 'warning' | 'information' | 'hint';

/** A problem with a definition itself, reported on the definition (once), never on its instances. */
export interface DefinitionProblem {
  code: 'definition-invalid' | 'definition-conflict';
  severity: ProblemSeverity;
  message: string;
  uri: string;
  span: Span;
}

/** What one source (one file, or the cluster) contributes to the catalog. */
export interface Contribution {
  capabilities: Capability[];
  compositions: Composition[];
  problems: DefinitionProblem[];
}

export interface Catalog {
  /** Increases on every rebuild; cached results carry the generation they were computed against. */
  readonly generation: number;
  readonly capabilities: ReadonlyMap<string, Capability>;
  readonly compositions: readonly Composition[];
  readonly problems: readonly DefinitionProblem[];
  /** Every source kind that contributed at least one capability. */
  readonly sources: ReadonlySet<SourceKind>;
  /** Lower-cased groups the platform offers something in: a kind unknown in one of them is an error. */
  readonly groups: ReadonlySet<string>;
  byKind(kind: string): readonly Capability[];
  /** A Kubernetes kind the platform offers. */
  lookup(group: string, kind: string): Capability | undefined;
  /** A type named inside a manifest (a KubeVela component type, a Score resource type). */
  lookupType(role: TypeRole, name: string): Capability | undefined;
  /** Every capability of a role, in a stable order (by id). */
  byRole(role: CapabilityRole): readonly Capability[];
}

export function capabilityId(group: string, kind: string): string {
  return group ? `${kind}.${group}` : kind;
}

export function typeCapabilityId(role: TypeRole, name: string): string {
  return `${role}/${name}`;
}
