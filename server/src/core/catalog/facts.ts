/**
 * Ecosystem facts carried by type-referenced capabilities, beside the generic Capability fields:
 * Score provisioners (`Capability.score`), Dapr component metadata (`CapabilityVersion.dapr`) and Dapr's
 * built-in authentication profiles (`Capability.daprProfiles`). Built by `from/score.ts` and
 * `from/dapr.ts`, read by `checks/score*.ts` and `checks/dapr*.ts`.
 */
import type { Capability, Provenance } from './types';

/**
 * One provisioner of a Score resource type: an entry of a score-compose or score-k8s provisioners file.
 * A resource is served by a provisioner of its type whose class and id are unset (any) or equal to the
 * resource's (`internal/provisioners/core.go` in both tools: the first match in file order wins).
 */
export interface ScoreProvisioner {
  uri?: string;
  /** Undefined when the file says null or nothing: matches any class. */
  class?: string;
  /** Undefined when the file says null or nothing: matches any resource id. */
  id?: string;
  description?: string;
  /**
   * Keys usable as `${resources.<name>.<key>}`: `expected_outputs`, else the top-level keys of a
   * template's `outputs`. Undefined when nothing says (a `cmd://` provisioner): any key is accepted.
   */
  outputs?: string[];
  /** `supported_params`, when listed (the tools list them but do not enforce them). */
  supportedParams?: string[];
  /** Where the entry is; undefined means the capability's own origin (its first provisioner). */
  origin?: Provenance;
}

export interface ScoreFacts {
  /** Every provisioner of the type, in catalog order (workspace files first, then by URI, then in file order). */
  provisioners: ScoreProvisioner[];
}

/** A metadata field of a Dapr component type (an entry of `metadata:` in its metadata.yaml). */
export interface DaprField {
  name: string;
  required: boolean;
  type?: string;
  description?: string;
  default?: string;
  sensitive?: boolean;
  deprecated?: boolean;
}

/** An authentication profile: fields that belong together (one profile is chosen, its fields apply). */
export interface DaprAuthProfile {
  title: string;
  description?: string;
  fields: DaprField[];
}

/** What a component type's metadata.yaml says about one version (`state.postgresql` has v1 and v2). */
export interface DaprVersionFacts {
  /** The metadata.yaml it comes from: another version of the type may come from another file. */
  uri: string;
  title?: string;
  status?: string;
  /** Top-level `metadata:` fields; their `required` is the component's own. */
  fields: DaprField[];
  /** `authenticationProfiles:`; a required field inside a profile is required only when the profile is used. */
  profiles: DaprAuthProfile[];
  /** `builtinAuthenticationProfiles[].name`, resolved through role `dapr-auth-profile` at check time. */
  builtinProfiles: string[];
}

/** Which Kratix Promise offers a custom resource (its `spec.api`). */
export interface KratixFacts {
  promise?: string;
  /** The compound Promise whose `spec.dependencies` embeds that Promise, when it is embedded. */
  embeddedIn?: string;
}

/**
 * A compound Promise embeds Promises that are usually also offered on their own (Kratix's samples keep
 * both): the same API twice is then no conflict, and the Promise of its own is used (the corpus
 * README's order: a top-level Promise before an embedded one). Returns the capability to keep, or
 * undefined when this rule does not apply (two top-level Promises do conflict).
 */
export function preferredPromiseApi(kept: Capability, other: Capability): Capability | undefined {
  if (kept.kratix?.embeddedIn === undefined && other.kratix?.embeddedIn === undefined) return undefined;
  return kept.kratix?.embeddedIn !== undefined && other.kratix !== undefined && other.kratix.embeddedIn === undefined ? other : kept;
}

/** A Score provisioner list with every entry's origin filled in. */
export function provisionersOf(capability: Capability): ScoreProvisioner[] {
  return (capability.score?.provisioners ?? []).map((p) => (p.origin ? p : { ...p, origin: capability.origin }));
}

/**
 * Two capabilities with one id from different documents (a Score type offered by several provisioner
 * files): their ecosystem facts are combined rather than the second dropped. Returns the fields to
 * replace on the kept capability, or undefined when there is nothing to combine.
 */
export function combinedFacts(kept: Capability, other: Capability): Partial<Capability> | undefined {
  if (kept.score && other.score) return { score: { provisioners: [...provisionersOf(kept), ...provisionersOf(other)] } };
  if (kept.daprProfiles && other.daprProfiles) return { daprProfiles: [...kept.daprProfiles, ...other.daprProfiles] };
  return undefined;
}
