import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runBuildStep } from './run-go.js';
import type { Versions } from './types.js';

/**
 * The Collector distribution, built with the official builder (ocb) from our manifest. `go run`
 * fetches the builder at the Collector's release and keeps it in Go's own cache.
 */
export async function buildOtelcol(
  tmpDir: string,
  versions: Versions,
  builderManifest: string,
  onProgress: (line: string) => void,
): Promise<void> {
  await writeFile(join(tmpDir, 'otelcol-builder.yaml'), builderManifest);
  const builder = `go.opentelemetry.io/collector/cmd/builder@v${versions.collector}`;
  const step = { cwd: tmpDir, label: 'collector', onProgress, versions, startedAt: Date.now() };
  await runBuildStep('go', ['run', builder, '--config', 'otelcol-builder.yaml'], step);
  // The builder creates its output folder 0750; the image's user (10001) must reach the binary.
  const { dist } = parse(builderManifest) as { dist: { output_path: string } };
  await chmod(join(tmpDir, dist.output_path), 0o755);
}
