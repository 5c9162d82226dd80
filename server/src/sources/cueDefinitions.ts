/**
 * KubeVela definitions kept as `vela def` CUE files (addons, platform repositories) → catalog
 * contributions, for the CLI and the workspace scan. YAML definition files go through the Workspace like
 * any manifest; CUE files are not YAML, so each becomes a source of its own (keyed by its URI).
 */
import { pathToFileURL } from 'node:url';
import { contributionOfCueDefinitions } from '../core/catalog/from/kubevelaCueFile';
import type { Contribution } from '../core/catalog/types';
import { findYamlFiles, MAX_SCANNED_FILES, readText } from './files';

const CUE_FILE = /\.cue$/i;
/** Every `vela def` file has a template; other CUE files are not read further. */
const HAS_TEMPLATE = /^\s*template\s*:/m;

export interface CueDefinitionFile {
  uri: string;
  path: string;
  /** Undefined for a CUE file that defines nothing. */
  contribution: Contribution | undefined;
}

export async function readCueDefinitions(root: string, maxBytes: number): Promise<CueDefinitionFile[]> {
  const found = await findYamlFiles(root, MAX_SCANNED_FILES, CUE_FILE).catch(() => ({ files: [] as string[], truncated: false }));
  const out: CueDefinitionFile[] = [];
  for (const path of found.files.filter((f) => CUE_FILE.test(f))) {
    const read = await readText(path, maxBytes);
    const uri = pathToFileURL(path).href;
    const contribution = read.ok && HAS_TEMPLATE.test(read.text) ? contributionOfCueDefinitions(uri, read.text, 'workspace') : undefined;
    out.push({ uri, path, contribution });
  }
  return out;
}
