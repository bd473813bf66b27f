export { type Binaries, cacheDirFromEnv, ensureBinaries } from './binaries/index.js';
export { type CheckOptions, exerciseSteps, runCheck } from './check/index.js';
export { type Cluster, type ClusterEvent, type ClusterOptions, startCluster } from './cluster.js';
export {
  type Component,
  type EnsureImagesOptions,
  ensureAppImages,
  ensureImages,
  type ImageRefs,
  manifestRefs,
  podman,
  sourceState,
} from './container-images/index.js';
export { type DemoOptions, runDemo } from './demo.js';
export { LabConfigError } from './errors.js';
export { type Programs, repositoryOf, resolveImage } from './images.js';
export { type JaegerSpan, type JaegerTrace, jaegerApi } from './jaeger-api.js';
export { type ClusterCommandOptions, runClusterCommand } from './kube-cluster/command.js';
export { type ClusterDownOptions, clusterDown } from './kube-cluster/down.js';
export { type ClusterUp, type ClusterUpOptions, clusterUp } from './kube-cluster/up.js';
export { type ImageSource, importImages } from './node/import-images.js';
export { type PortForward, portForward } from './port-forward.js';
export { parseRender, renderOverlay } from './render.js';
export { sweepLeftovers } from './sweeper.js';
export {
  isSettled,
  slowestTrace,
  type TraceCommandOptions,
  traceCommand,
} from './trace-command.js';
export type * from './types.js';
export { renderWaterfall, type WaterfallOptions } from './waterfall.js';
