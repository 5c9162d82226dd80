/**
 * Finds and reads YAML files on disk: the CLI's inputs and the language server's workspace scan. The
 * only module besides the cluster layer that does I/O for the core.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.cache']);
export const YAML_FILE = /\.ya?ml$/i;
/** A workspace scan stops after this many files: a monorepo must not stall the server's start. */
export const MAX_SCANNED_FILES = 20_000;

export interface FoundFiles {
  files: string[];
  truncated: boolean;
}

/** Every YAML file (or file matching `pattern`) under `root` (or `root` itself when it is a file), in a stable order. */
export async function findYamlFiles(root: string, limit = MAX_SCANNED_FILES, pattern = YAML_FILE): Promise<FoundFiles> {
  const files: string[] = [];
  let truncated = false;
  const stat = await fs.stat(root);
  if (stat.isFile()) return { files: [root], truncated: false };
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return; // Unreadable folder: skipped, as any editor's file search does.
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (files.length >= limit) {
        truncated = true;
        return;
      }
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) await walk(path);
      else if (entry.isFile() && pattern.test(entry.name)) files.push(path);
    }
  };
  await walk(root);
  return { files, truncated };
}

export type ReadResult = { ok: true; text: string } | { ok: false; problem: string };

export async function readText(path: string, maxBytes: number): Promise<ReadResult> {
  return (await readTextUpTo(path, maxBytes, Infinity))!;
}

/** As readText, but a file of more than `readAbove` bytes is not read: undefined (its reader reads it later). */
export async function readTextUpTo(path: string, maxBytes: number, readAbove: number): Promise<ReadResult | undefined> {
  try {
    const stat = await fs.stat(path);
    if (stat.size > maxBytes * 4) return { ok: false, problem: `${path} is ${(stat.size / 1024 / 1024).toFixed(1)} MB` };
    if (stat.size > readAbove) return undefined;
    return { ok: true, text: await fs.readFile(path, 'utf8') };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
}
