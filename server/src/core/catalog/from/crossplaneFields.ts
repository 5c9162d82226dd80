/**
 * The fields Crossplane adds to the CRDs it generates from an XRD. They are not in the XRD's own schema,
 * so a claim or XR using them must be accepted, and typed. Sources: crossplane/crossplane
 * `internal/xcrd/schemas.go` (v1 composite and claim spec props) and `design/proposal-crossplane-v2.md`
 * ("Move all Crossplane-specific XR fields to spec.crossplane", "Remove spec.writeConnectionSecretToRef
 * from XRs").
 */
import type { JsonSchema } from '../types';

const str = { type: 'string' };
const labels = { type: 'object', additionalProperties: { type: 'string' } };
const nameRef = { type: 'object', required: ['name'], properties: { name: str } };
const objectRef = { type: 'object', required: ['apiVersion', 'kind', 'name'], properties: { apiVersion: str, kind: str, name: str, namespace: str } };
const selector = { type: 'object', required: ['matchLabels'], properties: { matchLabels: labels } };
const updatePolicy = { type: 'string', enum: ['Automatic', 'Manual'] };
const publishTo = {
  type: 'object',
  required: ['name'],
  properties: {
    name: str,
    configRef: { type: 'object', properties: { name: str } },
    metadata: { type: 'object', properties: { labels, annotations: labels, type: str } },
  },
};

const selection: JsonSchema = {
  compositionRef: nameRef,
  compositionSelector: selector,
  compositionRevisionRef: nameRef,
  compositionRevisionSelector: selector,
  compositionUpdatePolicy: updatePolicy,
};

/** v1 composite resource (and v2 `LegacyCluster` XRs, which keep the v1 shape). */
export const V1_COMPOSITE_FIELDS: JsonSchema = {
  ...selection,
  claimRef: objectRef,
  resourceRefs: { type: 'array', items: { type: 'object', required: ['apiVersion', 'kind'], properties: { apiVersion: str, kind: str, name: str, namespace: str } } },
  writeConnectionSecretToRef: { type: 'object', required: ['name', 'namespace'], properties: { name: str, namespace: str } },
  publishConnectionDetailsTo: publishTo,
  environmentConfigRefs: { type: 'array', items: { type: 'object', properties: { apiVersion: str, kind: str, name: str } } },
};

/** v1 claim: the composite's fields minus claimRef/resourceRefs/environmentConfigRefs, plus its own. */
export const V1_CLAIM_FIELDS: JsonSchema = {
  ...selection,
  compositeDeletePolicy: { type: 'string', enum: ['Background', 'Foreground'] },
  resourceRef: objectRef,
  // A claim's connection secret is always written to the claim's own namespace.
  writeConnectionSecretToRef: { type: 'object', required: ['name'], properties: { name: str } },
  publishConnectionDetailsTo: publishTo,
};

/** v2 namespaced and cluster XRs: every Crossplane field lives under `spec.crossplane`. */
export const V2_COMPOSITE_FIELDS: JsonSchema = {
  crossplane: {
    type: 'object',
    properties: {
      ...selection,
      resourceRefs: V1_COMPOSITE_FIELDS['resourceRefs'],
    },
  },
};
