import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestNodeOptions } from './memory-limits.js';

export const VARIANTS = ['bare', 'ours', 'ours_down', 'auto'] as const;
export type VariantName = (typeof VARIANTS)[number];

/** The variants that send spans to the Collector: each round checks that some arrived. */
export const EXPORTING: readonly VariantName[] = ['ours', 'auto'];

export const LABELS: Record<VariantName, string> = {
  bare: 'bare hono app, no OpenTelemetry',
  ours: 'our server, exporting to the Collector',
  ours_down: 'our server, Collector down',
  auto: 'sdk-node + instrumentation-http (auto)',
};

const distDir = dirname(fileURLToPath(import.meta.url));

/** The checkout the suite belongs to: the first directory above it holding the workspace file. */
function findRepoRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
  }
  throw new Error(`no pnpm-workspace.yaml above ${from}`);
}

export const repoRoot = findRepoRoot(distDir);
export const SERVER_BIN = join(repoRoot, 'packages/server/dist/bin.js');
export const CLIENT_BIN = join(repoRoot, 'packages/client/dist/bin.js');
export const LAB_BIN = join(repoRoot, 'packages/lab/dist/bin.js');
export const BARE_BIN = join(distDir, 'bare-server.js');
export const AUTO_BIN = join(distDir, 'auto-server.js');
export const PUMP_BIN = join(distDir, 'span-pump.js');

export interface Endpoints {
  /** The running Collector's OTLP gRPC endpoint. */
  collector: string;
  /** A loopback address where nothing listens. */
  down: string;
}

/** How to start one variant: always a Node program configured only through its environment. */
export function variantCommand(
  name: VariantName,
  port: number,
  endpoints: Endpoints,
): { script: string; env: NodeJS.ProcessEnv } {
  // Nothing inherited: an OTEL_* variable of the caller's shell would change what is measured.
  const common = { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1' };
  // Our server runs with the V8 settings of its pod, as the memory limit it is held to.
  const nodeOptions = manifestNodeOptions(repoRoot, 'server');
  const ours = (endpoint: string) => ({
    script: SERVER_BIN,
    env: {
      ...common,
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
      HOTSPOT_SCALE: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    },
  });
  switch (name) {
    case 'bare':
      return { script: BARE_BIN, env: common };
    case 'ours':
      return ours(endpoints.collector);
    case 'ours_down':
      return ours(endpoints.down);
    case 'auto':
      return {
        script: AUTO_BIN,
        env: {
          ...common,
          OTEL_SERVICE_NAME: 'server',
          OTEL_EXPORTER_OTLP_ENDPOINT: endpoints.collector,
          // The same transport and metric interval as our server.
          OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
          OTEL_TRACES_EXPORTER: 'otlp',
          OTEL_METRICS_EXPORTER: 'otlp',
          OTEL_METRIC_EXPORT_INTERVAL: '2000',
          OTEL_LOGS_EXPORTER: 'none',
        },
      };
  }
}
