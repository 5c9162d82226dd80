/** Core findings → LSP diagnostics: the one place positions and severities are translated. */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import type { Finding } from '../core/checks/finding';
import type { RuleCode } from '../core/checks/rules';
import { rangeInFile } from '../core/workspace/positions';
import type { FileReport } from '../core/workspace/workspace';

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostics(report: FileReport, docUrl: (code: RuleCode) => string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const finding of report.fileFindings) {
    out.push(toDiagnostic(finding, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, docUrl));
  }
  for (const doc of report.documents) {
    for (const finding of doc.findings) out.push(toDiagnostic(finding, rangeInFile(doc, finding.span), docUrl));
  }
  return out;
}

function toDiagnostic(finding: Finding, range: Diagnostic['range'], docUrl: (code: RuleCode) => string): Diagnostic {
  // Only locations whose line is known: a definition or a producer in a file the server read.
  const related = (finding.related ?? []).flatMap((r) => (r.position ? [{ location: { uri: r.uri, range: { start: r.position, end: r.position } }, message: r.message }] : []));
  return {
    range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: docUrl(finding.code) },
    source: 'platform-aware',
    message: finding.message,
    ...(related.length ? { relatedInformation: related } : {}),
    ...(finding.data ? { data: finding.data } : {}),
  };
}
