/** Reads ../shared/corpus (never edits it) and runs the core over its files the way the CLI does. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_CHECK_OPTIONS } from '#server/core/checks/context';
import type { Finding } from '#server/core/checks/finding';
import { rangeInFile } from '#server/core/workspace/positions';
import { DocumentReport, Workspace } from '#server/core/workspace/workspace';
import { CORPUS, fileUri } from './paths';

export interface CorpusIndex {
  crossplane: { pairs: CrossplanePair[] };
  kubernetes: { cases: KubernetesCase[] };
  yaml_parse_errors: { files: { file: string; errors: { code: string; line: number; message: string }[] }[] };
}

export interface CrossplanePair {
  manifest: string;
  doc: number;
  apiVersion: string;
  kind: string;
  name: string;
  definition: string;
  expect: 'valid' | 'valid-with-warning' | 'invalid';
  findings: string[];
}

export interface KubernetesCase {
  manifest: string;
  kinds: string[];
  expect: string;
  expected_causes: string[];
}

export const corpusAvailable = existsSync(join(CORPUS, 'INDEX.json'));

export function loadIndex(): CorpusIndex {
  return JSON.parse(readFileSync(join(CORPUS, 'INDEX.json'), 'utf8')) as CorpusIndex;
}

export function corpusPath(relative: string): string {
  return join(CORPUS, relative);
}

export interface LocatedFinding extends Finding {
  line: number;
  document: DocumentReport;
}

/** Checks `manifest` with a catalog made of `definitionFiles` only (the platform the pair is pointed at). */
export function checkAgainst(manifest: string, definitionFiles: string[]): { findings: LocatedFinding[]; documents: DocumentReport[] } {
  const workspace = new Workspace();
  for (const file of definitionFiles) {
    if (file !== manifest) workspace.update(fileUri(file), readFileSync(file, 'utf8'), undefined, false);
  }
  const uri = fileUri(manifest);
  workspace.update(uri, readFileSync(manifest, 'utf8'), undefined, true);
  const report = workspace.report(uri, DEFAULT_CHECK_OPTIONS)!;
  const findings = report.documents.flatMap((document) => document.findings.map((f) => ({ ...f, line: rangeInFile(document, f.span).start.line + 1, document })));
  return { findings, documents: report.documents };
}

/** The YAML files of a definition's folder: its XRD and the Compositions beside it. */
export function definitionFolder(definition: string): string[] {
  const dir = dirname(definition);
  return readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).map((n) => join(dir, n)).filter((p) => statSync(p).isFile());
}

export function allCorpusYaml(dir = CORPUS): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return allCorpusYaml(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}
