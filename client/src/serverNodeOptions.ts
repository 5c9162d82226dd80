/**
 * Node options the language server process runs with (languageClient.ts passes them as `execArgv`; the
 * benchmark starts our server with the defaults too, so it measures what the extension runs). Import-free,
 * so the benchmark can read it outside VS Code.
 *
 * `--max-old-space-size` (`platformAware.server.maxMemory`): V8 sizes each step of heap growth by the heap
 * limit. At the default limit of a 24 GB machine (~4 GB) it lets the heap grow to four times what is live
 * before collecting; below 2 GB the factor is under two. With a 3.4 MB, 5,000-document file and 100 edits,
 * that is 291–308 MB of RSS against 202–215 MB at 1,536 MB (docs/performance.md). 1.5 GB is also more than
 * ten times the largest RSS the benchmark sees (the 1,000-CRD catalog, ~120 MB); a platform that needs more
 * raises the setting, and the server says when it gets near the limit (server/src/lsp/heapWatch.ts).
 */
export const DEFAULT_MAX_MEMORY_MB = 1536;
/** The setting's minimum (package.json, server/src/lsp/settings.ts). */
export const MIN_MAX_MEMORY_MB = 256;

/** The options for a heap limit of `maxMemoryMb`; anything that is not a whole number ≥ the minimum gets the default. */
export function serverNodeOptions(maxMemoryMb: unknown = DEFAULT_MAX_MEMORY_MB): string[] {
  const mb = typeof maxMemoryMb === 'number' && Number.isFinite(maxMemoryMb) && maxMemoryMb >= MIN_MAX_MEMORY_MB ? Math.round(maxMemoryMb) : DEFAULT_MAX_MEMORY_MB;
  return [`--max-old-space-size=${mb}`];
}

/** What the benchmark starts our server with: the defaults. */
export const SERVER_NODE_OPTIONS: readonly string[] = serverNodeOptions();
