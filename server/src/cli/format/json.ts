/** An array of diagnostics with 0-based positions exactly as the LSP reports them (PRODUCT §6). */
import type { CliDiagnostic } from './types';

export function formatJson(diagnostics: CliDiagnostic[]): string {
  const out = diagnostics.map((d) => ({ file: d.file, range: d.range, severity: d.severity, code: d.code, message: d.message }));
  return `${JSON.stringify(out, null, 2)}\n`;
}
