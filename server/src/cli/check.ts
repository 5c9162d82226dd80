/**
 * `platform-aware check`: the language server's checks over files on disk. The catalog comes from
 * `--catalog` folders and definitions discovered under the checked paths, merged with the live catalog of
 * the kubeconfig context when one is reachable, then (when those offer nothing) the embedded sample
 * platform.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuleCode } from '../core/checks/rules';
import { DEFAULT_CHECK_OPTIONS } from '../core/checks/context';
import { rangeInFile } from '../core/workspace/positions';
import { Workspace } from '../core/workspace/workspace';
import { readCueDefinitions } from '../sources/cueDefinitions';
import { findYamlFiles, readText } from '../sources/files';
import { loadSamplePlatform } from '../sources/sample';
import { LiveCatalog, LiveCatalogOptions, readLiveCatalog } from './liveCatalog';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import type { CliDiagnostic } from './format/types';

export interface CheckArgs {
  paths: string[];
  catalogs: string[];
  format: 'text' | 'json' | 'sarif';
  /** Where the live catalog comes from; undefined: `--offline`, no cluster is contacted. */
  cluster?: LiveCatalogOptions;
}

export interface CheckOutcome {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
  /** The live catalog's wait timed out with cluster requests in flight: end the process once the output is written. */
  hasPendingClusterRequests?: boolean;
}

const MAX_FILE_SIZE = 5 * 1024 * 1024;

export async function runCheck(args: CheckArgs, toolVersion: string, rulesDocUrl: (code: RuleCode) => string): Promise<CheckOutcome> {
  // Listed while the files are read: the cluster's round trips overlap the disk's.
  const live = args.cluster ? readLiveCatalog(args.cluster) : Promise.resolve<LiveCatalog>({ warnings: [] });
  const workspace = new Workspace({ maxFileSize: MAX_FILE_SIZE });
  const errors: string[] = [];
  const checked: { display: string; uri: string }[] = [];
  for (const dir of args.catalogs) {
    const found = await listFiles(dir, errors);
    for (const file of found) {
      const read = await readText(file, MAX_FILE_SIZE);
      if (read.ok) workspace.update(pathToFileURL(resolve(file)).href, read.text, undefined, false);
      else errors.push(`cannot read ${file}: ${read.problem}`);
    }
  }
  for (const path of args.paths) {
    for (const file of await listFiles(path, errors)) {
      const uri = pathToFileURL(resolve(file)).href;
      const read = await readText(file, MAX_FILE_SIZE);
      if (!read.ok) {
        errors.push(`cannot read ${file}: ${read.problem}`);
        continue;
      }
      workspace.update(uri, read.text, undefined, true);
      checked.push({ display: file, uri });
    }
  }
  // KubeVela definitions kept as `vela def` CUE files, under the catalogs and the checked paths.
  for (const root of [...args.catalogs, ...args.paths]) {
    for (const file of await readCueDefinitions(root, MAX_FILE_SIZE)) if (file.contribution) workspace.setSource(file.uri, 'workspace', file.contribution);
  }
  const { source, warnings, hasTimedOut } = await live;
  const stderr = warnings.map((w) => `platform-aware: ${w}\n`).join('');
  if (errors.length > 0) return { exitCode: 2, stdout: '', stderr: stderr + errors.map((e) => `platform-aware: ${e}\n`).join(''), hasPendingClusterRequests: hasTimedOut };
  if (source) workspace.setSource(source.key, 'cluster', source.contribution);
  const sample = loadSamplePlatform();
  if (sample) workspace.setSource('sample:', 'sample', sample);

  const diagnostics: CliDiagnostic[] = [];
  for (const { display, uri } of checked) {
    const report = workspace.report(uri, DEFAULT_CHECK_OPTIONS);
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

async function listFiles(path: string, errors: string[]): Promise<string[]> {
  try {
    const found = await findYamlFiles(path);
    if (found.truncated) errors.push(`${path}: more than ${found.files.length} YAML files; check a narrower path`);
    return found.files;
  } catch (error) {
    errors.push(`cannot read ${path}: ${error instanceof Error ? error.message.replace(/^[A-Z]+: /, '') : String(error)}`);
    return [];
  }
}
