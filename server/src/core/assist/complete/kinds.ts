/** Completing a kind: a whole new document (apiVersion, kind, metadata, required spec), or just the kind. */
import type { Capability } from '../../catalog/types';
import { isKindRole } from '../../catalog/types';
import type { CursorContext } from '../cursor';
import { capabilityMarkdown, roleLabel } from '../docs';
import { propertiesOf } from '../schemaAt';
import { requiredLines } from '../skeleton';
import type { AssistContext, Completion } from './types';

function kinds(ctx: AssistContext): Capability[] {
  return [...ctx.catalog.capabilities.values()].filter((c) => isKindRole(c.role) && c.versions.some((v) => v.served)).sort((a, b) => a.kind.localeCompare(b.kind));
}

function servedVersion(capability: Capability): string {
  const served = capability.versions.filter((v) => v.served);
  return served[served.length - 1]!.name;
}

/** In an empty document: each capability as a complete skeleton. */
export function documentSkeletons(cursor: CursorContext, ctx: AssistContext): Completion[] {
  return kinds(ctx).map((capability) => {
    const version = servedVersion(capability);
    const schema = capability.versions.find((v) => v.name === version)?.schema;
    const spec = propertiesOf(schema)['spec'];
    const namespaced = capability.scope === 'Namespaced';
    const specLines = requiredLines(spec, 1, { snippet: true }, { next: namespaced ? 3 : 2 });
    const text = [
      `apiVersion: ${capability.group}/${version}`,
      `kind: ${capability.kind}`,
      'metadata:',
      `  name: \${1:${capability.kind.toLowerCase()}-name}`,
      ...(namespaced ? ['  namespace: ${2:default}'] : []),
      ...(specLines.length ? ['spec:', ...specLines] : []),
    ].join('\n');
    return {
      label: capability.kind,
      kind: 'capability' as const,
      detail: `${capability.group}/${version} · ${roleLabel(capability)}`,
      documentation: capabilityMarkdown(capability),
      insertText: `${text}\n$0`,
      snippet: true,
      replace: cursor.wordSpan,
    };
  });
}

/** At `kind:` — the kind, with `apiVersion` set to match. */
export function kindValues(cursor: CursorContext, ctx: AssistContext, apiVersion: { span: { start: number; end: number } } | { insertAt: number }): Completion[] {
  return kinds(ctx).map((capability) => {
    const value = `${capability.group}/${servedVersion(capability)}`;
    const edit = 'span' in apiVersion ? { span: apiVersion.span, newText: value } : { span: { start: apiVersion.insertAt, end: apiVersion.insertAt }, newText: `apiVersion: ${value}\n` };
    return {
      label: capability.kind,
      kind: 'capability' as const,
      detail: `${value} · ${roleLabel(capability)}`,
      documentation: capabilityMarkdown(capability),
      insertText: capability.kind,
      snippet: false,
      replace: cursor.wordSpan,
      additionalEdits: [edit],
    };
  });
}

/** At `apiVersion:` — every group/version the platform serves. */
export function apiVersionValues(cursor: CursorContext, ctx: AssistContext): Completion[] {
  const byValue = new Map<string, string[]>();
  for (const capability of kinds(ctx)) {
    for (const version of capability.versions.filter((v) => v.served)) {
      const value = `${capability.group}/${version.name}`;
      byValue.set(value, [...(byValue.get(value) ?? []), capability.kind]);
    }
  }
  return [...byValue.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([value, kindsOf]) => ({
    label: value,
    kind: 'value' as const,
    detail: kindsOf.join(', '),
    insertText: value,
    snippet: false,
    replace: cursor.wordSpan,
  }));
}
