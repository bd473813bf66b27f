import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { cacheDirFromEnv, ensureBinaries } from '../../src/binaries/index.js';
import { type Cluster, startCluster } from '../../src/cluster.js';
import type { Programs } from '../../src/images.js';
import { jaegerApi } from '../../src/jaeger-api.js';
import type { PortForward } from '../../src/port-forward.js';
import { renderOverlay } from '../../src/render.js';
import type { Render } from '../../src/types.js';
import { repoRoot } from '../helpers.js';

/** The first run may build the Collector and Jaeger (minutes); later runs reuse the cache. */
export const BUILD_TIMEOUT_MS = 20 * 60_000;

export async function labPrograms(): Promise<Programs> {
  const { otelcol, jaeger } = await ensureBinaries({
    cacheDir: cacheDirFromEnv(process.env),
    onProgress: (line) => console.error(`[binaries] ${line}`),
  });
  return { otelcol, jaeger, node: process.execPath, repoRoot };
}

export const render = (overlay: 'exercise' | 'solution') =>
  renderOverlay(join(repoRoot, 'kustomize', 'overlays', overlay));

/**
 * A fresh cluster per test file, with Jaeger's query API port-forwarded; every log is printed
 * when a test fails, and everything is removed afterwards whatever happens.
 */
export function useLab(
  overlay: 'exercise' | 'solution',
  edit: (render: Render) => void = () => {},
) {
  const lab = {} as {
    startedAt: number;
    cluster: Cluster;
    jaeger: ReturnType<typeof jaegerApi>;
    programs: Programs;
    forward: PortForward;
  };
  beforeAll(async () => {
    lab.programs = await labPrograms();
    lab.startedAt = Date.now();
    const rendered = await render(overlay);
    edit(rendered);
    lab.cluster = await startCluster(rendered, { programs: lab.programs, maxGraceMs: 5000 });
    await lab.cluster.waitReady(60_000);
    lab.forward = await lab.cluster.portForward('svc/jaeger', 16686);
    lab.jaeger = jaegerApi(lab.forward.url);
  }, BUILD_TIMEOUT_MS);
  afterEach((context) => {
    if (context.task.result?.state === 'fail' && lab.cluster)
      console.error(lab.cluster.tailLogs(60));
  });
  afterAll(async () => {
    await lab.forward?.close();
    await lab.cluster?.stop();
  }, 60_000);
  return lab;
}

/** Lines of a container log, for assertions that name what they look for. */
export const logOf = (cluster: Cluster, deployment: string) => cluster.logs(deployment);

export { expect };
