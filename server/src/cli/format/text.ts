/** `file:line:col: severity code message`, 1-based, one per line, then a summary (PRODUCT §6). */
import type { CliDiagnostic } from './types';

export function formatText(diagnostics: CliDiagnostic[], filesChecked: number, catalogSummary: string): string {
  const lines = diagnostics.map((d) => `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${d.message}`);
  const count = (severity: string) => diagnostics.filter((d) => d.severity === severity).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning')];
  const others = count('information') + count('hint');
  if (others > 0) parts.push(plural(others, 'note'));
  lines.push(`${parts.join(', ')} in ${plural(filesChecked, 'file')} (${catalogSummary})`);
  return `${lines.join('\n')}\n`;
}
