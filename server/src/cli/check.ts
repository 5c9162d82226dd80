/**
 * `platform-aware check`: the language server's checks over files on disk. The catalog comes from
 * `--catalog` folders and definitions discovered under the checked paths, merged with the live catalog of
 * the kubeconfig context when one is reachable, then (when those offer nothing) the embedded sample
 * platform.
 */
import { trimSyntaxTrees } from '../core/parse/syntaxTrees';
import type { RuleCode } from '../core/checks/rules';
import { DEFAULT_CHECK_OPTIONS } from '../core/checks/context';
import { rangeInFile } from '../core/workspace/positions';
import { loadWorkspace, WorkspaceArgs } from './loadWorkspace';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import type { CliDiagnostic } from './format/types';

export interface CheckArgs extends WorkspaceArgs {
  format: 'text' | 'json' | 'sarif';
}

export interface CheckOutcome {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
  /** The live catalog's wait timed out with cluster requests in flight: end the process once the output is written. */
  hasPendingClusterRequests?: boolean;
}

export async function runCheck(args: CheckArgs, toolVersion: string, rulesDocUrl: (code: RuleCode) => string): Promise<CheckOutcome> {
  const { workspace, files: checked, live, errors } = await loadWorkspace(args);
  const { source, warnings, hasTimedOut } = live;
  const stderr = warnings.map((w) => `platform-aware: ${w}\n`).join('');
  if (errors.length > 0) return { exitCode: 2, stdout: '', stderr: stderr + errors.map((e) => `platform-aware: ${e}\n`).join(''), hasPendingClusterRequests: hasTimedOut };

  const diagnostics: CliDiagnostic[] = [];
  for (const { display, uri } of checked) {
    const report = workspace.report(uri, DEFAULT_CHECK_OPTIONS);
    // A checked file's trees are not read again: a large repository is checked in bounded memory.
    trimSyntaxTrees();
    if (!report) continue;
    for (const finding of report.fileFindings) {
      diagnostics.push({ file: display, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: finding.severity, code: finding.code, message: finding.message });
    }
    for (const doc of report.documents) {
      for (const finding of doc.findings) {
        diagnostics.push({ file: display, range: rangeInFile(doc, finding.span), severity: finding.severity, code: finding.code, message: finding.message });
      }
    }
  }
  const catalog = workspace.catalog;
  const summary = `catalog: ${catalog.capabilities.size} capabilities from ${[...catalog.sources].map((s) => (s === 'sample' ? 'the sample platform' : s === 'cluster' ? `cluster "${source?.context ?? ''}"` : s)).join(' + ') || 'nothing'}`;
  const stdout = args.format === 'json' ? formatJson(diagnostics) : args.format === 'sarif' ? formatSarif(diagnostics, toolVersion, rulesDocUrl) : formatText(diagnostics, checked.length, summary);
  return { exitCode: diagnostics.some((d) => d.severity === 'error') ? 1 : 0, stdout, stderr, hasPendingClusterRequests: hasTimedOut };
}
