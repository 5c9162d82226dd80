/**
 * Maps a range of a string scalar's parsed value back to the document text, so a finding about part of
 * a string (a Score placeholder inside an environment variable) sits on exactly that part.
 *
 * The parsed value differs from the source by quoting and escapes (`"a\\.b"`, `'it''s'`), by line
 * folding (plain and quoted scalars fold a line break into a space) and by block indentation. Rather
 * than replaying those rules, the range's text is looked for in the scalar's source in its source
 * spelling: the k-th occurrence in the value is the k-th occurrence in the source. That holds whenever
 * the text contains no line break or folded space, which is the case for the things looked for (a
 * placeholder has none). When the occurrence counts differ (an escape such as `\x24` spelled the text
 * differently), the whole scalar is returned rather than a wrong place.
 */
import { isScalar, Scalar } from 'yaml';
import type { Span } from '../text';

export function spanInScalar(node: unknown, docText: string, start: number, end: number): Span | undefined {
  if (!isScalar(node) || !node.range || typeof node.value !== 'string') return undefined;
  const whole = { start: node.range[0], end: node.range[1] };
  const value = node.value;
  const needle = value.slice(start, end);
  if (needle === '' || /[\r\n]/.test(needle)) return whole;
  const spelled = sourceSpelling(needle, node.type);
  const source = docText.slice(whole.start, whole.end);
  const inValue = occurrences(value, needle);
  const inSource = occurrences(source, spelled);
  const k = inValue.indexOf(start);
  if (k === -1 || inValue.length !== inSource.length) return whole;
  const at = whole.start + inSource[k]!;
  return { start: at, end: at + spelled.length };
}

/** How the text is written inside a scalar of this type (only quoting changes it; see above). */
function sourceSpelling(text: string, type: Scalar['type']): string {
  if (type === Scalar.QUOTE_DOUBLE) return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  if (type === Scalar.QUOTE_SINGLE) return text.replace(/'/g, "''");
  return text;
}

/** Start offsets of every occurrence, overlapping ones included. */
function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) found.push(i);
  return found;
}
