/** Completing a value: references first (kinds, types, Compositions, Secrets), then the schema's enum/boolean/default. */
import type { CursorContext } from '../cursor';
import { valueAt } from '../cursor';
import { schemaAt } from '../schemaAt';
import { scalar } from '../skeleton';
import { schemaTargetAt, typeSlotAt } from '../target';
import { apiVersionValues, kindValues } from './kinds';
import { compositionNames, labelValues, secretKeys, secretNames, typeNames } from './references';
import type { AssistContext, Completion } from './types';

export function valueCompletions(cursor: CursorContext, ctx: AssistContext, text: string): Completion[] {
  const path = cursor.path;
  const tail = (...keys: string[]) => keys.every((key, i) => path[path.length - keys.length + i] === key);
  if (path.length === 1 && path[0] === 'kind') return kindValues(cursor, ctx, apiVersionLine(text));
  if (path.length === 1 && path[0] === 'apiVersion') return apiVersionValues(cursor, ctx);
  const role = typeSlotAt(cursor.value, path);
  if (role) return typeNames(cursor, ctx, role);
  if (tail('compositionRef', 'name')) return compositionNames(cursor, ctx);
  if (path.length >= 3 && path[path.length - 3] === 'compositionSelector' && path[path.length - 2] === 'matchLabels') return labelValues(cursor, ctx, String(path[path.length - 1]));
  if (tail('secretKeyRef', 'name') || tail('secretRef', 'name') || tail('secret', 'secretName') || tail('secret', 'name')) return secretNames(cursor, ctx);
  if (tail('secretKeyRef', 'key')) return secretKeys(cursor, ctx, valueAt(cursor.value, [...path.slice(0, -1), 'name']));
  if (path[path.length - 1] === 'key' && path[path.length - 3] === 'items' && path[path.length - 4] === 'secret') return secretKeys(cursor, ctx, valueAt(cursor.value, [...path.slice(0, -3), 'secretName']));
  return schemaValues(cursor, ctx);
}

function schemaValues(cursor: CursorContext, ctx: AssistContext): Completion[] {
  const target = schemaTargetAt(ctx.catalog, cursor.value, cursor.path);
  const schema = target ? schemaAt(target.schema, target.path) : undefined;
  if (!schema) return [];
  const values: unknown[] = Array.isArray(schema['enum']) ? schema['enum'] : schema['type'] === 'boolean' ? [true, false] : schema['default'] !== undefined ? [schema['default']] : [];
  return values.map((value) => ({
    label: scalar(value),
    kind: 'value' as const,
    detail: value === schema['default'] ? 'default' : undefined,
    insertText: scalar(value),
    snippet: false,
    replace: cursor.wordSpan,
    sortText: value === schema['default'] ? '0' : '1',
  }));
}

/** Where `apiVersion`'s value is in the document, or where to insert the line when there is none. */
function apiVersionLine(text: string): { span: { start: number; end: number } } | { insertAt: number } {
  const match = /^apiVersion:[ \t]*([^\n#]*?)[ \t]*(?:#.*)?$/m.exec(text);
  if (match) {
    const start = match.index + match[0].indexOf(match[1]!, 'apiVersion:'.length);
    return { span: { start, end: start + match[1]!.length } };
  }
  const kindLine = /^kind:/m.exec(text);
  return { insertAt: kindLine ? kindLine.index : 0 };
}
