/**
 * A platform made of many corpus definition files, read once and shared by every manifest checked
 * against it (the Score provisioners of all 35 sets, Dapr's 141 metadata.yaml files): checking each
 * manifest in a fresh workspace would re-read the whole platform every time.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_CHECK_OPTIONS } from '#server/core/checks/context';
import { rangeInFile } from '#server/core/workspace/positions';
import { Workspace } from '#server/core/workspace/workspace';
import type { LocatedFinding } from './corpus';
import { fileUri } from './paths';

export interface CorpusPlatform {
  workspace: Workspace;
  /** Findings of `manifest` (the manifest is added, checked, and removed again). */
  check(manifest: string, doc?: number): LocatedFinding[];
}

export function corpusPlatform(definitionFiles: Iterable<string>): CorpusPlatform {
  const workspace = new Workspace();
  for (const file of definitionFiles) workspace.update(fileUri(file), readFileSync(file, 'utf8'), undefined, false);
  return {
    workspace,
    check(manifest, doc) {
      const uri = fileUri(manifest);
      const wasThere = workspace.has(uri);
      workspace.update(uri, readFileSync(manifest, 'utf8'), undefined, true);
      const report = workspace.report(uri, DEFAULT_CHECK_OPTIONS)!;
      if (wasThere) workspace.release(uri);
      else workspace.remove(uri);
      const documents = doc === undefined ? report.documents : report.documents.slice(doc, doc + 1);
      return documents.flatMap((document) => document.findings.map((f) => ({ ...f, line: rangeInFile(document, f.span).start.line + 1, document })));
    },
  };
}
