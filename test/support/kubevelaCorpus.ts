/**
 * The `kubevela` section of ../shared/corpus/INDEX.json and a way to check one Application against the
 * definitions INDEX.json resolves its types to (YAML definition files and `vela def` CUE files), plus
 * the Application CRD, which INDEX.json validates every Application against first.
 */
import { readFileSync } from 'node:fs';
import { contributionOfCueDefinitions } from '#server/core/catalog/from/kubevelaCueFile';
import { contributionOfText } from '#server/core/catalog/fromText';
import type { Contribution } from '#server/core/catalog/types';
import { DEFAULT_CHECK_OPTIONS } from '#server/core/checks/context';
import { rangeInFile } from '#server/core/workspace/positions';
import { Workspace } from '#server/core/workspace/workspace';
import { Validators } from '#server/core/schema/validators';
import type { LocatedFinding } from './corpus';
import { corpusPath } from './corpus';
import { fileUri } from './paths';

export interface KubeVelaRef {
  /** `component web`, `component web trait`, `policy p`, `workflow step s`. */
  where: string;
  type: 'component' | 'trait' | 'policy' | 'workflow-step';
  name: string;
  /** Null when no definition of that name exists in the corpus. */
  definition: string | null;
  resolved_via: string | null;
  definition_deprecated: boolean;
  expect: 'valid' | 'invalid';
  /** `undeclared parameter(s) ['a', 'b'] (...)`, `no trait definition named "x" in the corpus`. */
  findings: string[];
}

export interface KubeVelaApp {
  manifest: string;
  doc: number;
  name: string;
  expect: 'valid' | 'invalid';
  /** e.g. `spec: Additional properties are not allowed ('traits' was unexpected)`. */
  application_crd_errors: string[];
  refs: KubeVelaRef[];
}

export interface KubeVelaDefinitionEntry {
  type: string;
  name: string;
  file: string;
  doc: number | null;
  source: string;
  format: string;
  top_level_parameters: string[] | null;
  parameter_struct_open: boolean | null;
}

export const APPLICATION_CRD = 'kubevela/kubevela/charts/vela-core/crds/core.oam.dev_applications.yaml';

const contributions = new Map<string, Contribution | undefined>();
const validators = new Validators();

/** A definition file's contribution, built once for the whole corpus run. */
export function contributionOfDefinitionFile(relative: string): Contribution | undefined {
  if (!contributions.has(relative)) {
    const path = corpusPath(relative);
    const text = readFileSync(path, 'utf8');
    contributions.set(relative, relative.endsWith('.cue') ? contributionOfCueDefinitions(fileUri(path), text, 'workspace') : contributionOfText(fileUri(path), text, 'workspace'));
  }
  return contributions.get(relative);
}

/** The findings of the Application's own document, checked with exactly the definitions its refs resolve to. */
export function checkApplicationPair(app: KubeVelaApp): LocatedFinding[] {
  const workspace = new Workspace();
  // Validators are a pure cache keyed by capability version; the versions are shared through the cached
  // contributions, so one cache for the run compiles each definition's schema once, not once per pair.
  Object.defineProperty(workspace, 'validators', { value: validators });
  const definitions = new Set([APPLICATION_CRD, ...app.refs.map((r) => r.definition).filter((d): d is string => d !== null)]);
  for (const relative of definitions) {
    if (relative === app.manifest) continue;
    const contribution = contributionOfDefinitionFile(relative);
    if (contribution) workspace.setSource(fileUri(corpusPath(relative)), 'workspace', contribution);
  }
  const uri = fileUri(corpusPath(app.manifest));
  workspace.update(uri, readFileSync(corpusPath(app.manifest), 'utf8'), undefined, true);
  const report = workspace.report(uri, DEFAULT_CHECK_OPTIONS)!;
  // INDEX.json counts documents as PyYAML does; the Application's name finds it whatever the count.
  const document = report.documents.find((d) => d.doc.head?.kind === 'Application' && d.doc.head.name === app.name) ?? report.documents[app.doc];
  if (!document) return [];
  return document.findings.map((f) => ({ ...f, line: rangeInFile(document, f.span).start.line + 1, document }));
}
