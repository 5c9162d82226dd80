// Bundles the extension client and the language server into dist/ for the .vsix: one file each, so
// activation loads no node_modules tree. Tests and the CLI use the tsc output under */out instead.
// @kubernetes/client-node goes into its own dist/kube.js, which the server imports only when a cluster is
// used (sources/cluster/client.ts): bundled inline it would make dist/server.js ten times larger, parsed at
// every activation.
// The extension client is two bundles: dist/client.js (the view, commands, status items) is what VS Code
// loads to activate; dist/languageClient.js (vscode-languageclient, ~30 ms to evaluate) is required by it
// after activation (client/src/serverClient.ts, docs/performance.md).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

/** Points the server bundle's dynamic import of client-node at dist/kube.js. */
const kubeApart = {
  name: 'kube-apart',
  setup(b) {
    b.onResolve({ filter: /^@kubernetes\/client-node$/ }, () => ({ path: './kube.js', external: true }));
  },
};

/**
 * Leaves extension.ts's require of ./languageClient.js to Node (it is dist/languageClient.js, built next to
 * dist/client.js), and fails the build if vscode-languageclient itself would be bundled into dist/client.js:
 * type imports are erased before resolution, so only a value import reaches this.
 */
const languageClientApart = {
  name: 'language-client-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/languageClient(\.js)?$/ }, () => ({ path: './languageClient.js', external: true }));
    b.onResolve({ filter: /^vscode-languageclient(\/|$)/ }, (args) => ({
      errors: [{ text: `${args.importer} imports ${args.path}: dist/client.js must not contain it; use client/src/serverClient.ts` }],
    }));
  },
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'], plugins: [languageClientApart] }),
  build({ ...common, entryPoints: ['client/src/languageClient.ts'], outfile: 'dist/languageClient.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', plugins: [kubeApart] }),
  build({ ...common, entryPoints: ['@kubernetes/client-node'], outfile: 'dist/kube.js' }),
]);
