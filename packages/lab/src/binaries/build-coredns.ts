import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runBuildStep } from './run-go.js';
import type { Versions } from './types.js';

/**
 * CoreDNS from `builds/coredns/main.go`: CoreDNS's own main with only the plugins the cluster
 * uses compiled in.
 */
export async function buildCoredns(
  tmpDir: string,
  versions: Versions,
  sourceDir: string,
  onProgress: (line: string) => void,
): Promise<void> {
  const step = { cwd: tmpDir, label: 'coredns', onProgress, versions, startedAt: Date.now() };
  await copyFile(join(sourceDir, 'main.go'), join(tmpDir, 'main.go'));
  await runBuildStep('go', ['mod', 'init', 'corednsbuild'], step);
  await runBuildStep('go', ['get', `github.com/coredns/coredns@v${versions.coredns}`], step);
  await runBuildStep('go', ['mod', 'tidy'], step);
  const build = ['build', '-trimpath', '-ldflags', '-s -w', '-o', 'coredns', '.'];
  await runBuildStep('go', build, { ...step, env: { CGO_ENABLED: '0' }, nice: true });
}
