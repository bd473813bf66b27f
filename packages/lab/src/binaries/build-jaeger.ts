import { runBuildStep } from './run-go.js';
import type { Versions } from './types.js';

const JAEGER_CMD = 'github.com/jaegertracing/jaeger/cmd/jaeger';

/**
 * Jaeger v2 from its Go module, in a scratch module. Release 2.x lives in Go tags v1.x (the module
 * path has no /v2), so `goModule` and `release` differ. The version is stamped the way Jaeger's own
 * Makefile does, so `jaeger version` reports the release. The UI assets are not in the module:
 * this binary serves Jaeger's placeholder page instead of the UI. Built without cgo, the binary is
 * static: the same file runs on this machine and alone in a FROM scratch image.
 */
export async function buildJaeger(
  tmpDir: string,
  versions: Versions,
  onProgress: (line: string) => void,
): Promise<void> {
  const step = {
    cwd: tmpDir,
    label: 'jaeger',
    onProgress,
    versions,
    startedAt: Date.now(),
    env: { CGO_ENABLED: '0' },
  };
  const { release, goModule } = versions.jaeger;
  const stamp = `-X github.com/jaegertracing/jaeger/internal/version.latestVersion=v${release}`;
  await runBuildStep('go', ['mod', 'init', 'jaegerbuild'], step);
  await runBuildStep('go', ['get', '-tool', `${JAEGER_CMD}@${goModule}`], step);
  await runBuildStep('go', ['build', '-ldflags', stamp, '-o', 'jaeger', JAEGER_CMD], step);
}
