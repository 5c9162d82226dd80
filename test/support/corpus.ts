/** Reads ../shared/corpus (never edits it) and runs the core over its files the way the CLI does. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_CHECK_OPTIONS } from '#server/core/checks/context';
import type { Finding } from '#server/core/checks/finding';
import { rangeInFile } from '#server/core/workspace/positions';
import { DocumentReport, Workspace } from '#server/core/workspace/workspace';
import { CORPUS, fileUri } from './paths';
import type { KubeVelaApp, KubeVelaDefinitionEntry } from './kubevelaCorpus';

export interface CorpusIndex {
  crossplane: { pairs: CrossplanePair[] };
  kubernetes: { cases: KubernetesCase[] };
  kubevela: { apps: KubeVelaApp[]; definitions: KubeVelaDefinitionEntry[] };
  score: { provisioners: ScoreProvisionerEntry[]; workloads: ScoreWorkload[] };
  dapr: { catalogue: Record<string, { file: string; required: string[]; fields: string[] }>; components: DaprComponentCase[]; apps: DaprAppCase[] };
  kratix: { requests: KratixRequest[] };
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

/** One entry of a Score provisioners file (INDEX.json `score.provisioners`). */
export interface ScoreProvisionerEntry {
  file: string;
  index: number;
  uri: string;
  type: string;
  class: string | null;
  id: string | null;
  expected_outputs: string[] | null;
  supported_params: string[] | null;
}

export interface ScoreWorkload {
  manifest: string;
  doc: number;
  schema_errors: string[];
  /** e.g. `${resources.x.name}: output "name" not in expected_outputs ['url'] of the matching provisioners`. */
  reference_problems: string[];
  resources: { name: string; type: string; class: string | null; provided_by: string[]; provisioner_files: string[] }[];
  expect: 'valid' | 'invalid';
}

export interface DaprComponentCase {
  manifest: string;
  doc: number;
  name: string;
  type: string;
  version: string;
  definition: string | null;
  expect: 'valid' | 'unresolved-type';
  /** `warning: [...] not declared in ...`, `warning: required metadata missing: [...]`, `info: ...`, `unresolved: ...`. */
  findings: string[];
}

export interface DaprAppCase {
  manifest: string;
  doc: number;
  app_id: string;
  config: string | null;
  config_file: string[];
  components_in_same_tutorial: string[];
}

export interface KratixRequest {
  manifest: string;
  doc: number;
  apiVersion: string;
  kind: string;
  promise: string;
  definition: string;
  expect: 'valid' | 'invalid';
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
