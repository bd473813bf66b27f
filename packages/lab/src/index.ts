export { type Binaries, cacheDirFromEnv, ensureBinaries } from './binaries/index.js';
export { type CheckOptions, exerciseSteps, runCheck } from './check/index.js';
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
export { type DemoOptions, runDemo } from './demo/run-demo.js';
export { LabConfigError } from './errors.js';
export { type JaegerSpan, type JaegerTrace, jaegerApi } from './jaeger/query-api.js';
export {
  isSettled,
  slowestTrace,
  type TraceCommandOptions,
  traceCommand,
} from './jaeger/trace-command.js';
export { renderWaterfall, type WaterfallOptions } from './jaeger/waterfall.js';
export { type ClusterCommandOptions, runClusterCommand } from './kube-cluster/command.js';
export { type ClusterDownOptions, clusterDown } from './kube-cluster/down.js';
export {
  type KubectlPortForward,
  type KubectlPortForwardOptions,
  kubectlPortForward,
} from './kube-cluster/port-forward.js';
export { type ClusterUp, type ClusterUpOptions, clusterUp } from './kube-cluster/up.js';
export { parseRender, renderOverlay } from './manifests/render.js';
export type * from './manifests/types.js';
export { type ImageSource, importImages } from './node/import-images.js';
