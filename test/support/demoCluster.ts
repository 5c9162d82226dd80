// `npm run demo-cluster`: a live platform to point the editor at. Starts the real kube-apiserver + etcd (the cluster
// test harness), installs Crossplane's CRDs and the embedded sample platform the way Crossplane would
// (crossplaneCrds.ts), runs the demo reconciler (claims go Synced -> Ready; `-fail` names and storageGB > 500
// fail), writes a kubeconfig to .cache/demo-cluster/kubeconfig and says how to use it. Ctrl+C stops everything.
//
//   npm run demo-cluster [-- --ready-delay-ms=N] [--out-dir=DIR (instead of .cache/demo-cluster)]
//   npm run demo-cluster -- --existing-cluster [--kubeconfig=PATH] [--context=NAME]   (kind, minikube, ...)
import { copyFile, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { installCrossplanePlatform } from './crossplaneCrds';
import { DemoReconciler } from './demoReconciler';
import { howToGetBinaries, KubeApiServer, resolveKubeAssets, startKubeApiServer } from './kubeApiServer';
import { endpointFromKubeconfig, KubeRest } from './kubeRest';
import { REPO_ROOT } from './paths';

const OUT_DIR = join(REPO_ROOT, '.cache', 'demo-cluster');
/** Namespaces the examples/ manifests use, so their claims can be applied as they are. */
const NAMESPACES = ['orders', 'demo'];

const say = (line = ''): void => void process.stdout.write(`${line}\n`);

function option(args: string[], name: string): string | undefined {
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function noAssetsHelp(reason: string): string {
  return `demo-cluster: cannot start the real kube-apiserver: ${reason}.

To run it here (${howToGetBinaries}):
  - install Go >= 1.26 (https://go.dev/dl/), then: scripts/kube-assets.sh
    (builds kube-apiserver and etcd once into ~/.cache/platform-aware/kube-assets; later runs reuse them offline), or
  - use envtest's published binaries:
      go install sigs.k8s.io/controller-runtime/tools/setup-envtest@latest
      export KUBEBUILDER_ASSETS="$(setup-envtest use -p path)"
then run npm run demo-cluster again.

Or use a cluster you already have (kind, minikube): the same CRDs, sample platform and demo reconciler go there.
  kind create cluster --name platform-aware          (or: minikube start)
  npm run demo-cluster -- --existing-cluster --context=kind-platform-aware
Do not do this on a cluster where Crossplane itself runs (demo-cluster refuses when it finds Crossplane's CRDs).`;
}

/** The cluster to use: a fresh local API server, or the existing one the kubeconfig names. */
async function openCluster(args: string[]): Promise<{ rest: KubeRest; kubeconfigPath: string; context?: string; kube?: KubeApiServer } | undefined> {
  if (args.includes('--existing-cluster')) {
    const kubeconfigPath = option(args, 'kubeconfig') ?? process.env['KUBECONFIG']?.split(delimiter)[0] ?? join(homedir(), '.kube', 'config');
    const context = option(args, 'context');
    const rest = new KubeRest(endpointFromKubeconfig(kubeconfigPath, context));
    const crossplane = await rest.ok('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/compositeresourcedefinitions.apiextensions.crossplane.io', undefined, { accept: [404] });
    const ours = JSON.stringify(crossplane?.metadata ?? {}).includes('platform-aware-harness');
    if (crossplane && !ours) throw new Error('this cluster already has Crossplane installed; demo-cluster would fight its controllers');
    return { rest, kubeconfigPath, ...(context ? { context } : {}) };
  }
  const found = await resolveKubeAssets();
  if (!found.ok) {
    process.stderr.write(`${noAssetsHelp(found.reason)}\n`);
    return undefined;
  }
  say(`demo-cluster: starting kube-apiserver and etcd from ${found.assets.dir} ...`);
  const kube = await startKubeApiServer({ assets: found.assets });
  const outDir = option(args, 'out-dir') ?? OUT_DIR;
  await mkdir(outDir, { recursive: true });
  const kubeconfigPath = join(outDir, 'kubeconfig');
  await copyFile(kube.kubeconfigPath, kubeconfigPath);
  return { rest: new KubeRest({ server: kube.server, caPem: kube.caPem, token: kube.tokens.admin }), kubeconfigPath, kube };
}

/** Runs the demo until a signal; resolves with the process exit code (2: no API server binaries). */
export async function runDemoCluster(args: string[]): Promise<number> {
  // Registered before the API server starts, so this handler runs before the harness's own (which ends the
  // processes at once): a second Ctrl+C is ignored while the first one's clean stop runs.
  let stopRequested: () => void = () => undefined;
  const stopping = new Promise<void>((resolveStop) => (stopRequested = resolveStop));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stopRequested());

  const started = Date.now();
  const cluster = await openCluster(args);
  if (!cluster) return 2;
  let reconciler: DemoReconciler | undefined;
  try {
    const platform = await installCrossplanePlatform(cluster.rest);
    for (const name of NAMESPACES) await cluster.rest.ok('POST', '/api/v1/namespaces', { metadata: { name } }, { accept: [409] });
    const readyDelayMs = Number(option(args, 'ready-delay-ms') ?? 3_000);
    reconciler = new DemoReconciler(cluster.rest, platform, { readyDelayMs, log: (line) => say(`reconciler: ${line}`) });
    await reconciler.start();
    printUsage(cluster.kubeconfigPath, cluster.context, platform.kinds.flatMap((k) => (k.claim ? [k.claim.kind] : [])), Date.now() - started, readyDelayMs);
    await stopping;
    say('demo-cluster: stopping ...');
  } finally {
    await reconciler?.stop();
    await cluster.kube?.stop();
  }
  say('demo-cluster: stopped');
  return 0;
}

function printUsage(kubeconfig: string, context: string | undefined, claimKinds: string[], ms: number, readyDelayMs: number): void {
  const kubectl = `kubectl --kubeconfig=${kubeconfig}${context ? ` --context=${context}` : ''}`;
  // The heredoc is printed unindented so it can be pasted into a shell as it is.
  say(`
demo-cluster: ready in ${(ms / 1000).toFixed(1)} s. The sample platform offers ${claimKinds.join(', ')} (group platform.example.org).

Point VS Code at it, either:
  - the setting "platformAware.kubeconfig": "${kubeconfig}"${context ? ` with "platformAware.context": "${context}"` : ''}
  - or start VS Code with:  KUBECONFIG=${kubeconfig} code .
kubectl:  ${kubectl} get claim -A

Try a claim (Ready about ${readyDelayMs} ms after Synced; name it *-fail, or ask for storageGB > 500, to see a failure):
${kubectl} apply -f - <<'EOF'
apiVersion: platform.example.org/v1alpha1
kind: PostgreSQLInstance
metadata: { name: orders-db, namespace: orders }
spec:
  parameters: { storageGB: 20, databaseName: orders }
  writeConnectionSecretToRef: { name: orders-db-conn }
EOF

Ctrl+C stops everything.
`);
}
