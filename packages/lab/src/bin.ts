#!/usr/bin/env node
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BinariesError, cacheDirFromEnv, ensureBinaries, printBinaries } from './binaries/index.js';
import { CheckUsageError, runCheck } from './check/index.js';
import { ensureImages, printImages, qualifiedRef } from './container-images/index.js';
import { runDemo } from './demo.js';
import { LabConfigError } from './errors.js';
import { runClusterCommand } from './kube-cluster/command.js';
import { ClusterError } from './kube-cluster/preflight.js';
import { findRepoRoot } from './repo.js';
import { sweepLeftovers } from './sweeper.js';
import { traceCommand } from './trace-command.js';

const USAGE = `tracing-lab: the tracing-lab stack on this machine, as a Kubernetes cluster would run it

Usage:
  tracing-lab demo [--overlay solution|exercise] [--port 16686] [--duration <seconds>] [--jaeger <path>]
      Runs the overlay (default: solution) with one network namespace per pod, the real
      OpenTelemetry Collector and Jaeger, and shows where to look. Ctrl-C stops everything.
      --jaeger: a Jaeger binary with the UI (official release), like TRACING_LAB_JAEGER.
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
      kubelet, kube-proxy, CoreDNS. Prints KUBECONFIG=<path> last. \`down\` removes all of it;
      \`build\` only builds (or finds) its programs and prints their paths.
  tracing-lab check -n NAMESPACE | --all [--kubectl <path>] [--context <name>]
      Tells which step of the exercise a namespace has reached, what is wrong next and a hint,
      through the Kubernetes API (your kubeconfig). Exit 0: all done; 1: steps remain.
      --all: one line per namespace holding the workshop, for the trainer.
  tracing-lab sweep       Removes what a crashed run left behind (namespaces, processes, files).
  tracing-lab help

Needs Linux and root (network namespaces), kubectl, and a built clone (pnpm build).
Environment: TRACING_LAB_JAEGER=/path/to/jaeger  a Jaeger binary with the UI (official release)
             TRACING_LAB_OTELCOL=/path/to/otelcol-contrib
             TRACING_LAB_CACHE=<dir>  where the built binaries are kept (~/.cache/tracing-lab)
             CONTAINERS_CONF=<file>   podman settings for images (default: scripts/containers.conf)
             NODE_EXTRA_CA_CERTS=<file>  a CA npm needs, given to image builds as a secret
             TRACING_LAB_CLUSTER_DIR=<dir>  the cluster's files (/var/lib/tracing-lab/cluster)`;

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
  if (command === 'help' || command === '--help' || command === '-h') return console.log(USAGE);
  if (command === 'binaries')
    return void (await printBinaries({ ...binaryOptions, onProgress: console.error }));
  if (command === 'images') return void (await images(rest));
  if (command === 'sweep')
    return console.log(`swept runs: ${sweepLeftovers('/run/tracing-lab').join(', ') || 'none'}`);
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
      dir: process.env.TRACING_LAB_CLUSTER_DIR || '/var/lib/tracing-lab/cluster',
      cacheDir: binaryOptions.cacheDir,
      projectImages: async (onProgress) => {
        const options = imageOptions();
        const refs = await ensureImages({ ...options, onProgress });
        const env = { ...process.env, CONTAINERS_CONF: options.containersConf };
        const names = Object.values(refs).map(qualifiedRef);
        return [{ command: 'podman', args: ['save', '--multi-image-archive', ...names], env }];
      },
    });
  if (command !== 'demo') return fail(`unknown command ${command} (see tracing-lab help)`);

  const { values } = parseArgs({
    args: rest,
    options: {
      overlay: { type: 'string', default: 'solution' },
      port: { type: 'string' },
      duration: { type: 'string' },
      jaeger: { type: 'string' },
    },
  });
  if (!['solution', 'exercise'].includes(values.overlay))
    fail(`--overlay ${values.overlay}: use solution or exercise`);
  const port = values.port === undefined ? 16686 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port ${values.port}: a TCP port is expected`);
  if (values.jaeger === '') fail('--jaeger: the path of a Jaeger binary is expected');
  const duration = values.duration === undefined ? undefined : Number(values.duration);
  if (duration !== undefined && !(duration > 0))
    fail(`--duration ${values.duration}: a number of seconds is expected`);

  const controller = new AbortController();
  let interrupted = 0;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // A second Ctrl-C does not wait for graceful shutdown; the exit hook still removes everything.
      if (++interrupted > 1) process.exit(130);
      controller.abort();
    });
  }
  await runDemo({
    repoRoot: findRepoRoot(dirname(fileURLToPath(import.meta.url)), process.cwd()),
    overlay: values.overlay,
    jaegerPort: port,
    durationSeconds: duration,
    signal: controller.signal,
    binaries: (onProgress) =>
      ensureBinaries({
        ...binaryOptions,
        // --jaeger wins over TRACING_LAB_JAEGER, and error lines name the one that was used.
        ...(values.jaeger !== undefined && {
          jaegerPath: values.jaeger,
          jaegerCulprit: `--jaeger ${values.jaeger}`,
        }),
        onProgress,
      }),
  });
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
  (code) => process.exit(typeof code === 'number' ? code : 0),
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
