import { runBuildStep } from './run-go.js';
import type { Versions } from './types.js';

const ETCD_MAIN = 'go.etcd.io/etcd/server/v3';

/**
 * etcd from a scratch module that requires its server: the server module's own go.mod has
 * relative replaces, which stop `go install ...@version`, while a module that depends on it
 * ignores them.
 */
export async function buildEtcd(
  tmpDir: string,
  versions: Versions,
  onProgress: (line: string) => void,
): Promise<void> {
  const step = { cwd: tmpDir, label: 'etcd', onProgress, versions, startedAt: Date.now() };
  await runBuildStep('go', ['mod', 'init', 'etcdbuild'], step);
  await runBuildStep('go', ['get', `${ETCD_MAIN}@v${versions.etcd}`], step);
  const build = ['build', '-trimpath', '-ldflags', '-s -w', '-o', 'etcd', ETCD_MAIN];
  await runBuildStep('go', build, { ...step, nice: true });
}
