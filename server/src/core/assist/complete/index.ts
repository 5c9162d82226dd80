/** Completion at an offset of one YAML document: the facade the LSP adapter calls. */
import { cursorContext } from '../cursor';
import { placeholderCompletions } from '../score';
import { documentSkeletons } from './kinds';
import { keyCompletions } from './keys';
import type { AssistContext, Completion } from './types';
import { valueCompletions } from './values';

export type { AssistContext, Completion } from './types';

export function complete(text: string, offset: number, ctx: AssistContext): Completion[] {
  const placeholders = placeholderCompletions(text, offset, ctx);
  if (placeholders) return placeholders;
  const cursor = cursorContext(text, offset);
  if (!cursor) return [];
  if (cursor.position === 'value') {
    const values = valueCompletions(cursor, ctx, text);
    return cursor.afterColon ? values.map((v) => ({ ...v, insertText: ` ${v.insertText}` })) : values;
  }
  const value = cursor.value as Record<string, unknown> | null;
  // A document that does not yet say what it is: offer whole capability skeletons.
  if (cursor.path.length === 0 && (!value || (value['apiVersion'] === undefined && value['kind'] === undefined))) return documentSkeletons(cursor, ctx);
  return keyCompletions(cursor, ctx);
}
