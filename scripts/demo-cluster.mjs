// `npm run demo-cluster`: the real kube-apiserver + etcd with the sample platform and the demo reconciler, for
// pointing VS Code at a live platform. The work is in test/support/demoCluster.ts (compiled by `tsc -b` into
// test/out/support/demoCluster.js, next to the harness it reuses); this file only finds it and reports the exit.
//   npm run demo-cluster [-- --ready-delay-ms=N]
//   npm run demo-cluster -- --existing-cluster [--kubeconfig=PATH] [--context=NAME]
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const compiled = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'out', 'support', 'demoCluster.js');
if (!existsSync(compiled)) {
  console.error(`demo-cluster: ${compiled} is missing: build first (npm run build, or npx tsc -b)`);
  process.exit(2);
}
const { runDemoCluster } = createRequire(import.meta.url)(compiled);
runDemoCluster(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`demo-cluster: ${error.message}`);
    process.exit(1);
  },
);
