import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { runBuildStep } from '../binaries/run-go.js';
import type { Arch } from './types.js';

export interface ScratchImageSpec {
  /** Where the binary goes, the upstream image's path (`/otelcol-contrib`). */
  path: string;
  cmd?: string[];
  env?: Record<string, string>;
  labels: Record<string, string>;
}

/** The Containerfile of an image holding one static binary and nothing else. */
export function scratchContainerfile(binary: string, spec: ScratchImageSpec): string {
  const lines = [
    'FROM scratch',
    `COPY --chmod=0755 ${basename(binary)} ${spec.path}`,
    ...Object.entries(spec.env ?? {}).map(([name, value]) => `ENV ${name}=${value}`),
    ...Object.entries(spec.labels).map(([name, value]) => `LABEL ${name}=${JSON.stringify(value)}`),
    // Numeric, so that Kubernetes can verify runAsNonRoot without an /etc/passwd.
    'USER 10001:10001',
    `ENTRYPOINT ${JSON.stringify([spec.path])}`,
    ...(spec.cmd ? [`CMD ${JSON.stringify(spec.cmd)}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** Builds `tag` FROM scratch around a static binary the lab built (Collector, Jaeger). */
export async function buildScratchImage(options: {
  binary: string;
  spec: ScratchImageSpec;
  tag: string;
  arch: Arch;
  workDir: string;
  containersConf: string;
  onProgress: (line: string) => void;
}): Promise<void> {
  const { binary, spec, tag, arch, workDir, containersConf, onProgress } = options;
  const context = await mkdtemp(join(workDir, '.scratch-'));
  try {
    await copyFile(binary, join(context, basename(binary)));
    await writeFile(join(context, 'Containerfile'), scratchContainerfile(binary, spec));
    await runBuildStep('podman', ['build', `--platform=linux/${arch}`, '--tag', tag, context], {
      cwd: context,
      label: tag,
      onProgress,
      startedAt: Date.now(),
      env: { CONTAINERS_CONF: containersConf },
    });
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}
