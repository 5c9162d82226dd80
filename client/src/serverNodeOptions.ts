/**
 * Node options the language server process runs with (languageClient.ts passes them as `execArgv`; the
 * benchmark starts our server with them too, so it measures what the extension runs). Import-free, so the
 * benchmark can read it outside VS Code.
 *
 * `--max-old-space-size`: V8 sizes each step of heap growth by the heap limit. At the default limit of a
 * 24 GB machine (~4 GB) it lets the heap grow to four times what is live before collecting; below 2 GB the
 * factor is under two. With a 3.4 MB, 5,000-document file and 100 edits, that is 291–308 MB of RSS against
 * 202–215 MB at 1,536 MB (docs/performance.md). 1.5 GB is also more than ten times the largest RSS the
 * benchmark sees (the 1,000-CRD catalog, ~120 MB), so it caps a runaway without limiting real work.
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-old-space-size=1536'];
