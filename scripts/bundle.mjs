// Bundles the extension client and the language server into dist/ for the .vsix: one file each, so
// activation loads no node_modules tree. Tests and the CLI use the tsc output under */out instead.
// @kubernetes/client-node goes into its own dist/kube.js, which the server imports only when a cluster is
// used (sources/cluster/client.ts): bundled inline it would make dist/server.js ten times larger, parsed at
// every activation.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

/** Points the server bundle's dynamic import of client-node at dist/kube.js. */
const kubeApart = {
  name: 'kube-apart',
  setup(b) {
    b.onResolve({ filter: /^@kubernetes\/client-node$/ }, () => ({ path: './kube.js', external: true }));
  },
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', plugins: [kubeApart] }),
  build({ ...common, entryPoints: ['@kubernetes/client-node'], outfile: 'dist/kube.js' }),
]);
