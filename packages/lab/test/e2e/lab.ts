import { cpSync, rmSync } from 'node:fs';
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

/** Where the logs of the last failing cluster are kept, since stop() removes the run's own. */
export const lastFailedRunDir = () => join(cacheDirFromEnv(process.env), 'last-failed-run');

/** Prints the tail of every container log and keeps a copy of them all; says where. */
function reportFailure(cluster: Cluster) {
  console.error(cluster.tailLogs(60));
  const kept = lastFailedRunDir();
  try {
    rmSync(kept, { recursive: true, force: true });
    cpSync(cluster.logDir, kept, { recursive: true });
    console.error(`[lab] every log of this run is kept in ${kept}`);
  } catch (error) {
    console.error(`[lab] could not keep the logs in ${kept}: ${(error as Error).message}`);
  }
}

/**
 * A fresh cluster per test file, with Jaeger's query API port-forwarded; when start-up or a test
 * fails, the logs are printed and kept (see lastFailedRunDir), and everything is removed
 * afterwards whatever happens.
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
    try {
      await lab.cluster.waitReady(60_000);
      lab.forward = await lab.cluster.portForward('svc/jaeger', 16686);
    } catch (error) {
      // afterAll's stop() removes the logs: this is the last chance to see why.
      reportFailure(lab.cluster);
      throw error;
    }
    lab.jaeger = jaegerApi(lab.forward.url);
  }, BUILD_TIMEOUT_MS);
  afterEach((context) => {
    if (context.task.result?.state === 'fail' && lab.cluster) reportFailure(lab.cluster);
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
