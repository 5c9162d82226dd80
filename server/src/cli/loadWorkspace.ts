/**
 * The workspace the CLI commands (`check`, `status`) work on: the YAML files under the PATHs (as given on
 * the command line), the definitions under the `--catalog` folders and `vela def` CUE files, the live
 * catalog of the kubeconfig context when it answers, then the embedded sample platform.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Workspace } from '../core/workspace/workspace';
import { readCueDefinitions } from '../sources/cueDefinitions';
import { findYamlFiles, readText } from '../sources/files';
import { loadSamplePlatform } from '../sources/sample';
import { LiveCatalog, LiveCatalogOptions, readLiveCatalog } from './liveCatalog';

export interface WorkspaceArgs {
  paths: string[];
  catalogs: string[];
  /** Where the live catalog comes from; undefined: `--offline`, no cluster is contacted. */
  cluster?: LiveCatalogOptions;
}

export interface LoadedWorkspace {
  workspace: Workspace;
  /** The files under the PATHs, in order: `display` as given on the command line. */
  files: { display: string; uri: string }[];
  /** What the cluster answered (source, stderr warnings, whether the wait timed out). */
  live: LiveCatalog;
  /** I/O failures (`cannot read …`), without the `platform-aware: ` prefix; the sources are not set when there are any. */
  errors: string[];
}

export const MAX_FILE_SIZE = 5 * 1024 * 1024;

export async function loadWorkspace(args: WorkspaceArgs): Promise<LoadedWorkspace> {
  // Listed while the files are read: the cluster's round trips overlap the disk's.
  const livePromise = args.cluster ? readLiveCatalog(args.cluster) : Promise.resolve<LiveCatalog>({ warnings: [] });
  const workspace = new Workspace({ maxFileSize: MAX_FILE_SIZE });
  const errors: string[] = [];
  const files: { display: string; uri: string }[] = [];
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
      files.push({ display: file, uri });
    }
  }
  // KubeVela definitions kept as `vela def` CUE files, under the catalogs and the checked paths.
  for (const root of [...args.catalogs, ...args.paths]) {
    for (const file of await readCueDefinitions(root, MAX_FILE_SIZE)) if (file.contribution) workspace.setSource(file.uri, 'workspace', file.contribution);
  }
  const live = await livePromise;
  if (errors.length > 0) return { workspace, files, live, errors };
  if (live.source) workspace.setSource(live.source.key, 'cluster', live.source.contribution);
  const sample = loadSamplePlatform();
  if (sample) workspace.setSource('sample:', 'sample', sample);
  return { workspace, files, live, errors };
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
