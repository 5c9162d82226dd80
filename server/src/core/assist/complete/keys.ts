/** Completing a key: the fields the schema declares at the cursor's path, minus those already present. */
import type { JsonSchema } from '../../catalog/types';
import type { CursorContext } from '../cursor';
import { fieldMarkdown } from '../docs';
import { propertiesOf, requiredOf, schemaAt, typeLabel } from '../schemaAt';
import { scalar } from '../skeleton';
import { schemaTargetAt } from '../target';
import { labelKeys } from './references';
import type { AssistContext, Completion } from './types';

export function keyCompletions(cursor: CursorContext, ctx: AssistContext): Completion[] {
  const last = cursor.path[cursor.path.length - 1];
  if (last === 'matchLabels' && cursor.path[cursor.path.length - 2] === 'compositionSelector') return labelKeys(cursor, ctx);
  const target = schemaTargetAt(ctx.catalog, cursor.value, cursor.path);
  if (!target) return [];
  const schema = schemaAt(target.schema, target.path);
  const required = new Set(requiredOf(schema));
  return Object.entries(propertiesOf(schema))
    .filter(([key]) => !cursor.siblings.includes(key) && !(target.path.length === 0 && key === 'status'))
    .map(([key, field]) => ({
      label: key,
      kind: 'field' as const,
      detail: `${typeLabel(field)}${required.has(key) ? ' · required' : ''}`,
      documentation: fieldMarkdown(key, field, required.has(key)),
      insertText: insertion(key, field, cursor.indent),
      snippet: true,
      replace: cursor.wordSpan,
      sortText: `${required.has(key) ? '0' : '1'}${key}`,
    }));
}

function insertion(key: string, field: JsonSchema, indent: number): string {
  const inner = ' '.repeat(indent + 2);
  const escaped = (v: unknown) => scalar(v).replace(/[$}\\,|]/g, '\\$&');
  if (field['type'] === 'object' || (field['properties'] && !field['type'])) return `${key}:\n${inner}$0`;
  if (field['type'] === 'array') {
    const items = (field['items'] ?? {}) as JsonSchema;
    return items['type'] === 'object' ? `${key}:\n${inner}- $0` : `${key}:\n${inner}- \${1}`;
  }
  if (Array.isArray(field['enum']) && field['enum'].length > 0) return `${key}: \${1|${field['enum'].map(escaped).join(',')}|}`;
  if (field['type'] === 'boolean') return `${key}: \${1|${field['default'] === true ? 'true,false' : 'false,true'}|}`;
  if (field['default'] !== undefined) return `${key}: \${1:${scalar(field['default']).replace(/[$}\\]/g, '\\$&')}}`;
  return `${key}: $0`;
}
