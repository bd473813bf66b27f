#!/usr/bin/env node
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BinariesError, cacheDirFromEnv, printBinaries } from './binaries/index.js';
import { CheckUsageError, runCheck } from './check/index.js';
import { ensureImages, printImages, qualifiedRef } from './container-images/index.js';
import { runDemo } from './demo/run-demo.js';
import { LabConfigError } from './errors.js';
import { traceCommand } from './jaeger/trace-command.js';
import { runClusterCommand } from './kube-cluster/command.js';
import { ClusterError } from './kube-cluster/preflight.js';
import { findRepoRoot } from './repo.js';

const USAGE = `tracing-lab: the tracing-lab stack on a real single-node Kubernetes, built and run here

Usage:
  tracing-lab demo [--overlay solution|exercise] [--keep] [--port 16686] [--duration <seconds>]
      Starts the cluster (as \`cluster up\` does; or uses the one already running in its folder),
      applies the overlay (default: solution) to the namespace tracing-lab-demo, forwards Jaeger
      to 127.0.0.1 (another port when 16686 is busy; 0: any free port) and shows the traces as
      they arrive, or the exercise's export error. Ctrl-C removes what it started (a cluster it
      found keeps running: only the namespace goes). --keep: leave it all running.
      --duration: stop by itself that many seconds after the pods are Ready.
  tracing-lab trace [TRACE_ID] [--url http://127.0.0.1:16686] [--lookback 15m]
      Prints a trace from Jaeger's query API as a waterfall: the given one, or the slowest of
      the lookback window. On a cluster: kubectl port-forward svc/jaeger 16686 first.
  tracing-lab binaries    Builds (once) or finds the Collector and Jaeger; prints their paths.
  tracing-lab images [--arch amd64|arm64]
      Builds (when changed) the server, client, Collector and Jaeger images with podman, named as
      the manifests name them; prints one component=<image> line each. --arch: another
      architecture's server and client (qemu-user-static), tagged <image>-<arch>.
  tracing-lab cluster build|up|down
      Starts (builds once) a single-node Kubernetes here: etcd, the control plane, containerd,
      kubelet, kube-proxy, CoreDNS, with the project's four images loaded. Prints
      KUBECONFIG=<path> last. \`down\` removes all of it; \`build\` only builds (or finds) its
      programs and prints their paths.
  tracing-lab check -n NAMESPACE | --all [--kubectl <path>] [--context <name>]
      Tells which step of the exercise a namespace has reached, what is wrong next and a hint,
      through the Kubernetes API (your kubeconfig). Exit 0: all done; 1: steps remain.
      --all: one line per namespace holding the workshop, for the trainer.
  tracing-lab help

Needs Linux, root, podman and the cluster's Debian packages (scripts/demo installs them), and a
built clone (pnpm build). The first run builds Kubernetes, etcd, CoreDNS, the Collector, Jaeger
and the images (tens of minutes, once).
Environment: TRACING_LAB_CLUSTER_DIR=<dir>  the cluster's files (/var/lib/tracing-lab/cluster)
             TRACING_LAB_CACHE=<dir>  where the built programs are kept (~/.cache/tracing-lab)
             TRACING_LAB_JAEGER=/path/to/jaeger  a Jaeger binary (\`binaries\`; its release has the UI)
             TRACING_LAB_OTELCOL=/path/to/otelcol-contrib
             CONTAINERS_CONF=<file>   podman settings for images (default: scripts/containers.conf)
             NODE_EXTRA_CA_CERTS=<file>  a CA npm needs, given to image builds as a secret`;

const fail = (message: string): never => {
  console.error(`tracing-lab: ${message}`);
  process.exit(2);
};

async function main(argv: string[]) {
  const [command = 'help', ...rest] = argv;
  const binaryOptions = {
    cacheDir: cacheDirFromEnv(process.env),
    otelcolPath: process.env.TRACING_LAB_OTELCOL || undefined,
    jaegerPath: process.env.TRACING_LAB_JAEGER || undefined,
  };
  const clusterDir = process.env.TRACING_LAB_CLUSTER_DIR || '/var/lib/tracing-lab/cluster';
  if (command === 'help' || command === '--help' || command === '-h') return console.log(USAGE);
  if (command === 'binaries')
    return void (await printBinaries({ ...binaryOptions, onProgress: console.error }));
  if (command === 'images') return void (await images(rest));
  if (command === 'trace') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        url: { type: 'string', default: 'http://127.0.0.1:16686' },
        lookback: { type: 'string', default: '15m' },
      },
    });
    if (positionals.length > 1) fail(`trace: one trace id at most, got ${positionals.join(' ')}`);
    const [traceId] = positionals;
    return traceCommand({ jaegerUrl: values.url, traceId, lookback: values.lookback });
  }
  if (command === 'check') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        namespace: { type: 'string', short: 'n' },
        all: { type: 'boolean', default: false },
        kubectl: { type: 'string' },
        context: { type: 'string' },
      },
    });
    if (positionals.length > 0)
      fail(`check: unexpected ${positionals.join(' ')} (use -n NAMESPACE)`);
    if (values.all && values.namespace) fail('check: -n NAMESPACE or --all, not both');
    if (values.kubectl === '') fail('--kubectl: the path of a kubectl is expected');
    return runCheck({ ...values, namespace: values.namespace || undefined });
  }
  if (command === 'cluster')
    return runClusterCommand({
      action: rest[0],
      dir: clusterDir,
      cacheDir: binaryOptions.cacheDir,
      projectImages,
    });
  if (command !== 'demo') return fail(`unknown command ${command} (see tracing-lab help)`);

  const { values } = parseArgs({
    args: rest,
    options: {
      overlay: { type: 'string', default: 'solution' },
      port: { type: 'string' },
      duration: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const overlay = values.overlay;
  if (overlay !== 'solution' && overlay !== 'exercise')
    return fail(`--overlay ${overlay}: use solution or exercise`);
  const port = values.port === undefined ? 16686 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port ${values.port}: a TCP port is expected`);
  const duration = values.duration === undefined ? undefined : Number(values.duration);
  if (duration !== undefined && !(duration > 0))
    fail(`--duration ${values.duration}: a number of seconds is expected`);

  const stop = new AbortController();
  const hurry = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // The second Ctrl-C stops waiting for the pods to go; what the demo made is still removed.
      if (stop.signal.aborted) {
        hurry.abort();
        process.exitCode = 130;
      } else stop.abort();
    });
  }
  await runDemo({
    repoRoot: findRepoRoot(dirname(fileURLToPath(import.meta.url)), process.cwd()),
    overlay,
    clusterDir,
    cacheDir: binaryOptions.cacheDir,
    projectImages,
    jaegerPort: port,
    durationSeconds: duration,
    keep: values.keep,
    signal: stop.signal,
    hurry: hurry.signal,
  });
}

/** The project's four images for the node's containerd, built first when missing or stale. */
async function projectImages(onProgress: (line: string) => void) {
  const options = imageOptions();
  const refs = await ensureImages({ ...options, onProgress });
  const env = { ...process.env, CONTAINERS_CONF: options.containersConf };
  const names = Object.values(refs).map(qualifiedRef);
  return [{ command: 'podman', args: ['save', '--multi-image-archive', ...names], env }];
}

/** Where images are built from and with which engine settings, from the environment. */
function imageOptions() {
  const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)), process.cwd());
  return {
    repoRoot,
    cacheDir: cacheDirFromEnv(process.env),
    containersConf: process.env.CONTAINERS_CONF || join(repoRoot, 'scripts', 'containers.conf'),
    buildCaFile: process.env.NODE_EXTRA_CA_CERTS || undefined,
  };
}

async function images(args: string[]) {
  const { values } = parseArgs({ args, options: { arch: { type: 'string' } } });
  if (values.arch !== undefined && values.arch !== 'amd64' && values.arch !== 'arm64')
    fail(`--arch ${values.arch}: use amd64 or arm64`);
  await printImages({ ...imageOptions(), arch: values.arch as 'amd64' | 'arm64' | undefined });
}

main(process.argv.slice(2)).then(
  // process.exit(undefined) would mean 0: without a code of its own, process.exitCode stands.
  (code) => (typeof code === 'number' ? process.exit(code) : process.exit()),
  (error: unknown) => {
    if (
      error instanceof LabConfigError ||
      error instanceof CheckUsageError ||
      error instanceof ClusterError ||
      (error instanceof BinariesError && error.kind !== 'build')
    )
      fail(error.message);
    if (
      error instanceof TypeError &&
      (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    )
      fail(error.message);
    console.error(`tracing-lab: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
