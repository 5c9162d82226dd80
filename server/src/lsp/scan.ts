/**
 * The workspace scan: reads every YAML file under the workspace folders that can define a capability or
 * produce a Secret, so the catalog and the secret index know about files that are not open. Yields to
 * the event loop between files: requests keep being served while a large repository is read.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isAbsolute, join, relative } from 'node:path';
import type { Workspace } from '../core/workspace/workspace';
import { readCueDefinitions } from '../sources/cueDefinitions';
import { findYamlFiles, readText, readTextUpTo } from '../sources/files';

/**
 * Only files that mention one of these can contribute; the rest are never parsed by the scan. KubeVela's
 * schema ConfigMaps are known by their data key.
 */
const INTERESTING = /\b(?:CompositeResourceDefinition|CustomResourceDefinition|Composition|writeConnectionSecretToRef|Secret|ExternalSecret|SealedSecret|ComponentDefinition|TraitDefinition|PolicyDefinition|WorkflowStepDefinition|WorkloadDefinition|openapi-v3-json-schema)\b/;
/**
 * Definitions and index entries of other ecosystems: Kratix Promises, Score provisioner entries
 * (`uri: template://…`, `expected_outputs`), Dapr component metadata.yaml (`schemaVersion`) and Dapr
 * manifests or annotations (`dapr.io/`). Files that are not Kubernetes objects are also known by name.
 */
const INTERESTING_ALSO = /\b(?:Promise|expected_outputs|schemaVersion)\b|dapr\.io\/|\buri:\s*[a-z-]+:\/\//;
/** An object of an API group with a dot (a claim, an XR, a custom resource, a KubeVela Application): it may have live status. */
const INSTANCE = /^\s*apiVersion:\s*["']?[a-z0-9-]+(?:\.[a-z0-9-]+)+\/v/m;
const INTERESTING_NAME = /(?:\.provisioners|(?:^|[\\/])builtin-authentication-profiles)\.ya?ml$/;

/** Files read ahead of the one being parsed, and the largest file read ahead. */
const READ_AHEAD = 8;
const READ_AHEAD_MAX_BYTES = 1024 * 1024;

export interface ScanResult {
  files: number;
  contributing: number;
  truncated: boolean;
  unreadable: string[];
}

export interface ScanFolder {
  uri: string;
  /** `platformAware.catalog.paths` of this folder; empty means "definitions anywhere". */
  catalogPaths: string[];
}

export async function scanWorkspace(workspace: Workspace, folders: ScanFolder[], isOpen: (uri: string) => boolean, maxFileSize: number): Promise<ScanResult> {
  const result: ScanResult = { files: 0, contributing: 0, truncated: false, unreadable: [] };
  for (const folder of folders) {
    if (!folder.uri.startsWith('file:')) continue;
    const root = fileURLToPath(folder.uri);
    const found = await findYamlFiles(root).catch(() => ({ files: [], truncated: false }));
    result.truncated ||= found.truncated;
    // Reads run a few files ahead of parsing, so the thread pool reads while the main thread parses (one
    // file at a time, the server sat idle for a fifth of a 1,000-CRD scan). Only files of up to a megabyte
    // are read ahead, a larger one when its turn comes, so what is in flight stays bounded.
    const reads = new Map<number, ReturnType<typeof readTextUpTo>>();
    const readAhead = (from: number) => {
      for (let i = from; i < Math.min(from + READ_AHEAD, found.files.length); i++) if (!reads.has(i)) reads.set(i, readTextUpTo(found.files[i]!, maxFileSize, READ_AHEAD_MAX_BYTES));
    };
    for (const [index, file] of found.files.entries()) {
      result.files++;
      readAhead(index);
      const read = (await reads.get(index)!) ?? (await readText(file, maxFileSize));
      reads.delete(index);
      const uri = pathToFileURL(file).href;
      // Asked after the read: the file may have been opened meanwhile, and then the editor's text counts.
      if (isOpen(uri)) continue;
      if (!read.ok) {
        result.unreadable.push(read.problem);
        continue;
      }
      if (!INTERESTING.test(read.text) && !INTERESTING_ALSO.test(read.text) && !INTERESTING_NAME.test(file) && !INSTANCE.test(read.text)) continue;
      result.contributing++;
      workspace.update(uri, read.text, undefined, false, inCatalogPaths(root, folder.catalogPaths, file));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // KubeVela `vela def` CUE files are sources of their own (they are not YAML). Read at start and on
    // a settings change; a watcher event on a .cue file is not handled yet.
    for (const file of await readCueDefinitions(root, maxFileSize)) {
      if (!file.contribution) continue;
      const included = inCatalogPaths(root, folder.catalogPaths, file.path);
      if (included) result.contributing++;
      workspace.setSource(file.uri, 'workspace', included ? file.contribution : undefined);
    }
  }
  return result;
}

/** Reads one file after a watcher event (not open in an editor). */
export async function rescanFile(workspace: Workspace, uri: string, folders: ScanFolder[], maxFileSize: number): Promise<ReturnType<Workspace['update']> | undefined> {
  const path = fileURLToPath(uri);
  const read = await readText(path, maxFileSize);
  if (!read.ok) return workspace.remove(uri);
  const folder = folders.find((f) => f.uri.startsWith('file:') && !relative(fileURLToPath(f.uri), path).startsWith('..'));
  const definitions = folder ? inCatalogPaths(fileURLToPath(folder.uri), folder.catalogPaths, path) : true;
  return workspace.update(uri, read.text, undefined, false, definitions);
}

export function inCatalogPaths(root: string, catalogPaths: string[], file: string): boolean {
  if (catalogPaths.length === 0) return true;
  return catalogPaths.some((p) => {
    const base = isAbsolute(p) ? p : join(root, p);
    const rel = relative(base, file);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  });
}
