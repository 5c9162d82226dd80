/**
 * Checks an instance of a capability (a claim, an XR, any custom resource): is the kind offered, in this
 * version, and does the object satisfy the version's schema (schemaFindings.ts) and Crossplane's
 * references (crossplane.ts).
 */
import { isDefinition } from '../catalog/definitions';
import { Capability, isKindRole } from '../catalog/types';
import type { ParsedDocument, ResourceHead } from '../parse/document';
import { locate } from '../parse/locate';
import type { CheckContext } from './context';
import { checkCompositionRefs } from './crossplane';
import type { Finding } from './finding';
import { RULES } from './rules';
import { schemaFindings } from './schemaFindings';
import { closest } from './suggest';

export function checkInstance(doc: ParsedDocument, head: ResourceHead, ctx: CheckContext): Finding[] {
  const capability = ctx.catalog.lookup(head.group, head.kind);
  if (!capability) return unknownCapability(head, ctx);
  const version = capability.versions.find((v) => v.name === head.version);
  const offered = capability.versions.filter((v) => v.served).map((v) => v.name);
  if (!version || !version.served) {
    const newest = offered[offered.length - 1];
    return [{
      code: 'unknown-version',
      severity: RULES['unknown-version'].severity,
      message: `${capability.kind}.${capability.group} ${version ? `version ${head.version} is not served` : `has no version ${head.version}`}; ${offered.length ? `served: ${offered.join(', ')}` : 'no version is served'}`,
      span: head.apiVersionSpan,
      data: newest ? { replacement: `${capability.group}/${newest}` } : undefined,
      fixes: newest ? [{ title: `Change to ${capability.group}/${newest}`, edits: [{ span: head.apiVersionSpan, newText: `${capability.group}/${newest}` }] }] : undefined,
    }];
  }
  const findings: Finding[] = [];
  if (version.deprecated) {
    findings.push({ code: 'deprecated-version', severity: 'warning', message: version.deprecationWarning ?? `${capability.kind}.${capability.group} ${version.name} is deprecated`, span: head.apiVersionSpan });
  }
  if (capability.scope === 'Cluster' && head.namespace !== undefined) {
    const located = locate(doc.ast.contents, ['metadata', 'namespace']);
    findings.push({
      code: 'cluster-scoped-namespace',
      severity: RULES['cluster-scoped-namespace'].severity,
      message: `${capability.kind} is cluster-scoped: metadata.namespace "${head.namespace}" is ignored by the API server`,
      span: located.key ?? head.kindSpan,
    });
  }
  const validator = ctx.validators.get(version);
  if (!validator.ok && isDefinition(head)) {
    // A definition document of a type whose own definition is broken (the CRD of CRDs, say): the problem
    // is already reported on that definition, once.
  } else if (!validator.ok) {
    findings.push({
      code: 'definition-invalid',
      severity: 'hint',
      message: `${capability.kind} ${version.name} is not checked: its definition is invalid (${validator.problem})`,
      span: head.kindSpan,
      related: [{ uri: capability.origin.uri, span: capability.origin.nameSpan, position: capability.origin.namePosition, message: 'the definition' }],
    });
  } else {
    // ajv's useDefaults fills defaults into the data it validates; the parsed value is shared, so copy it.
    const errors = validator.validate(structuredClone(doc.value));
    findings.push(...schemaFindings(errors, doc, head, capability, ctx.options));
  }
  findings.push(...checkCompositionRefs(doc, capability, ctx.catalog));
  return findings;
}

/**
 * A kind the catalog lacks is an error when its group is one the platform offers things in. In another
 * group it is a third-party or built-in type the platform knows nothing about, and silence is right,
 * unless its kind is (nearly) one the platform offers: then the group is the likely mistake.
 */
function unknownCapability(head: ResourceHead, ctx: CheckContext): Finding[] {
  const inGroup = ctx.catalog.groups.has(head.group.toLowerCase());
  if (isBuiltinGroup(head.group) && !inGroup) return [];
  const all = [...ctx.catalog.capabilities.values()].filter((c) => isKindRole(c.role));
  const sameGroup = all.filter((c) => c.group.toLowerCase() === head.group.toLowerCase());
  const suggestion = pick(head.kind, inGroup ? sameGroup : []) ?? pick(head.kind, all);
  if (!inGroup && !suggestion) return [];
  const sources = [...ctx.catalog.sources].join(' + ') || 'no source';
  const hint = suggestion ? `; did you mean ${suggestion.kind} (${suggestion.group}/${servedVersion(suggestion)})?` : '';
  return [{
    code: 'unknown-capability',
    severity: inGroup ? 'error' : 'warning',
    message: `${head.kind} (${head.apiVersion}) is not offered by the platform (catalog: ${ctx.catalog.capabilities.size} capabilities from ${sources})${hint}`,
    span: head.kindSpan,
    data: suggestion ? { kind: suggestion.kind, apiVersion: `${suggestion.group}/${servedVersion(suggestion)}` } : undefined,
    fixes: suggestion
      ? [{
          title: `Change to ${suggestion.kind} (${suggestion.group}/${servedVersion(suggestion)})`,
          edits: [{ span: head.kindSpan, newText: suggestion.kind }, { span: head.apiVersionSpan, newText: `${suggestion.group}/${servedVersion(suggestion)}` }],
        }]
      : undefined,
  }];
}

function pick(kind: string, candidates: Capability[]): Capability | undefined {
  const name = closest(kind, candidates.map((c) => c.kind));
  return name === undefined ? undefined : candidates.find((c) => c.kind === name);
}

function servedVersion(capability: Capability): string {
  const served = capability.versions.filter((v) => v.served);
  return (served[served.length - 1] ?? capability.versions[0])?.name ?? 'v1';
}

/** Core and `*.k8s.io` groups: Kubernetes' own types, validated by Kubernetes tooling, not the platform. */
export function isBuiltinGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}
