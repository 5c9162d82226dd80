/**
 * Writes the fields an instance must have: required fields (recursively through required objects) with
 * their schema defaults, or typed placeholders. Used when completing a kind (as a snippet) and by the
 * provisioning quick fix (as plain text).
 */
import type { JsonSchema } from '../catalog/types';
import { scalar } from '../parse/scalar';
import { propertiesOf, requiredOf } from './schemaAt';

export { scalar };

export interface SkeletonOptions {
  /** Snippet syntax (`${1:default}`) or plain text. */
  snippet: boolean;
  /** Spaces per level. */
  indentUnit?: number;
  /** Plain text: flag values that are guesses (no default, no enum) with a comment, so they stand out. */
  markPlaceholders?: boolean;
}

/** Lines (without a trailing newline) of `schema`'s required fields at `depth` levels of indentation. */
export function requiredLines(schema: JsonSchema | undefined, depth: number, options: SkeletonOptions, counter = { next: 1 }): string[] {
  const unit = ' '.repeat(options.indentUnit ?? 2);
  const properties = propertiesOf(schema);
  const lines: string[] = [];
  for (const key of requiredOf(schema)) {
    const field = properties[key] ?? {};
    const prefix = `${unit.repeat(depth)}${key}:`;
    if (field['type'] === 'object' && requiredOf(field).length > 0) {
      lines.push(prefix, ...requiredLines(field, depth + 1, options, counter));
    } else if (field['type'] === 'object') {
      lines.push(`${prefix} {}`);
    } else if (field['type'] === 'array') {
      lines.push(`${prefix} []`);
    } else {
      const guessed = !options.snippet && options.markPlaceholders && field['default'] === undefined && !Array.isArray(field['enum']);
      lines.push(`${prefix} ${placeholder(field, key, options, counter)}${guessed ? ' # placeholder: set the real value' : ''}`);
    }
  }
  return lines;
}

function placeholder(field: JsonSchema, key: string, options: SkeletonOptions, counter: { next: number }): string {
  const fallback = field['default'] !== undefined ? scalar(field['default']) : Array.isArray(field['enum']) && field['enum'].length > 0 ? scalar(field['enum'][0]) : typeDefault(field, key);
  if (!options.snippet) return fallback;
  const index = counter.next++;
  if (Array.isArray(field['enum']) && field['enum'].length > 1) return `\${${index}|${field['enum'].map((v) => escapeChoice(scalar(v))).join(',')}|}`;
  return `\${${index}:${escapeSnippet(fallback)}}`;
}

function typeDefault(field: JsonSchema, key: string): string {
  switch (field['type']) {
    case 'integer':
    case 'number':
      return typeof field['minimum'] === 'number' ? String(field['minimum']) : '0';
    case 'boolean':
      return 'false';
    default:
      return key.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  }
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

function escapeChoice(text: string): string {
  return text.replace(/[$}\\,|]/g, '\\$&');
}
