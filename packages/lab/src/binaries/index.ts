export { binaryVersion, jaegerServesUI } from './binary-version.js';
export { cacheDirFromEnv } from './cache-dir.js';
export { cacheKey, cacheLayout } from './cache-key.js';
export {
  type ClusterBinaries,
  type EnsureClusterBinariesOptions,
  ensureClusterBinaries,
} from './cluster-binaries.js';
export { componentModules, manifestModules, missingFromManifest } from './components.js';
export { ensureBinaries } from './ensure-binaries.js';
export { type PrintBinariesOptions, printBinaries } from './print-binaries.js';
export { noGoMessage } from './run-go.js';
export {
  type Binaries,
  BinariesError,
  type BinariesErrorKind,
  type EnsureBinariesOptions,
  type Versions,
} from './types.js';
export { validateCollectorConfig } from './validate-config.js';
export { buildsDir, loadVersions, readBuilderManifest } from './versions.js';
