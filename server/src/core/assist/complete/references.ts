/**
 * Completing references to things the platform or the workspace holds: Compositions for this XR type and
 * their labels, Secrets that claims write and their keys, and types named inside manifests (KubeVela
 * component/trait/policy/step types, Score resource types).
 */
import type { Capability, Composition, TypeRole } from '../../catalog/types';
import { traitApplies } from '../../checks/kubevela';
import { connectionKeysOf } from '../../workspace/secrets';
import { valueAt, type CursorContext } from '../cursor';
import { capabilityMarkdown, roleLabel } from '../docs';
import { schemaTargetAt } from '../target';
import type { AssistContext, Completion } from './types';

/** Compositions that compose the document's XR type (for a claim, its composite type). */
export function compositionsFor(cursor: CursorContext, ctx: AssistContext): Composition[] {
  const target = schemaTargetAt(ctx.catalog, cursor.value, []);
  const facts = target?.capability.crossplane;
  if (!facts) return [];
  return ctx.catalog.compositions.filter((c) => c.compositeKind === facts.compositeKind && c.compositeApiVersion.startsWith(`${target.capability.group}/`));
}

export function compositionNames(cursor: CursorContext, ctx: AssistContext): Completion[] {
  return compositionsFor(cursor, ctx).map((composition) => ({
    label: composition.name,
    kind: 'reference' as const,
    detail: `Composition for ${composition.compositeKind}`,
    documentation: Object.keys(composition.labels).length ? `Labels: ${Object.entries(composition.labels).map(([k, v]) => `\`${k}: ${v}\``).join(', ')}` : undefined,
    insertText: composition.name,
    snippet: false,
    replace: cursor.wordSpan,
  }));
}

export function labelKeys(cursor: CursorContext, ctx: AssistContext): Completion[] {
  const keys = new Set(compositionsFor(cursor, ctx).flatMap((c) => Object.keys(c.labels)));
  return [...keys].filter((k) => !cursor.siblings.includes(k)).sort().map((key) => ({
    label: key,
    kind: 'field' as const,
    detail: 'Composition label',
    insertText: `${key}: $0`,
    snippet: true,
    replace: cursor.wordSpan,
  }));
}

export function labelValues(cursor: CursorContext, ctx: AssistContext, key: string): Completion[] {
  const compositions = compositionsFor(cursor, ctx).filter((c) => key in c.labels);
  const values = [...new Set(compositions.map((c) => c.labels[key]!))].sort();
  return values.map((value) => ({
    label: value,
    kind: 'value' as const,
    detail: `selects ${compositions.filter((c) => c.labels[key] === value).map((c) => c.name).join(', ')}`,
    insertText: value,
    snippet: false,
    replace: cursor.wordSpan,
  }));
}

export function secretNames(cursor: CursorContext, ctx: AssistContext): Completion[] {
  return ctx.secrets.names().map((name) => {
    const providers = ctx.secrets.providers(name);
    const first = providers[0]!;
    const keys = connectionKeysOf(first, ctx.catalog);
    return {
      label: name,
      kind: 'reference' as const,
      detail: `written by ${first.producerKind}${first.producerName ? ` ${first.producerName}` : ''}`,
      documentation: keys ? `Keys: ${keys.map((k) => `\`${k}\``).join(', ')}` : undefined,
      insertText: name,
      snippet: false,
      replace: cursor.wordSpan,
    };
  });
}

export function secretKeys(cursor: CursorContext, ctx: AssistContext, secretName: unknown): Completion[] {
  if (typeof secretName !== 'string') return [];
  const keys = new Set(ctx.secrets.providers(secretName).flatMap((p) => connectionKeysOf(p, ctx.catalog) ?? []));
  return [...keys].map((key) => ({ label: key, kind: 'value' as const, detail: `key of Secret ${secretName}`, insertText: key, snippet: false, replace: cursor.wordSpan }));
}

export function typeNames(cursor: CursorContext, ctx: AssistContext, role: TypeRole): Completion[] {
  const component = role === 'trait' ? componentOf(cursor, ctx) : undefined;
  return ctx.catalog.byRole(role)
    .filter((capability) => !component || traitApplies(capability, component))
    .map((capability) => ({
      label: capability.kind,
      kind: 'type' as const,
      detail: roleLabel(capability),
      documentation: capabilityMarkdown(capability),
      insertText: capability.kind,
      snippet: false,
      replace: cursor.wordSpan,
    }));
}

/** The component definition a trait is being added to (`spec.components[i].type`). */
function componentOf(cursor: CursorContext, ctx: AssistContext): Capability | undefined {
  const componentType = valueAt(cursor.value, [...cursor.path.slice(0, 3), 'type']);
  return typeof componentType === 'string' ? ctx.catalog.lookupType('component', componentType.split('@')[0]!) : undefined;
}
