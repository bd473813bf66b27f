/** The pinned versions, as recorded in `builds/versions.json`. */
export interface Versions {
  /** Collector release, also the tag of `otel/opentelemetry-collector-contrib`. */
  collector: string;
  /** Jaeger release (image tag) and the Go module tag that holds it. */
  jaeger: { release: string; goModule: string };
  /** etcd release (Go module `go.etcd.io/etcd/server/v3`). */
  etcd: string;
  /** Kubernetes release: control plane, kubelet, kube-proxy and kubectl. */
  kubernetes: string;
  /** CoreDNS release, the cluster's DNS. */
  coredns: string;
  /** Version given to the pod sandbox image built from `builds/pause/pause.c`. */
  pause: string;
  /** Oldest Go toolchain able to build them all. */
  goMinimum: string;
}

export interface EnsureBinariesOptions {
  /** Where builds are kept across runs, outside the clone (see `cacheDirFromEnv`). */
  cacheDir: string;
  /** Defaults to `builds/versions.json`. */
  versions?: Versions;
  /** Defaults to `builds/otelcol-builder.yaml`. */
  builderManifest?: string;
  /** One line per event: build start, heartbeat, warnings. */
  onProgress?: (line: string) => void;
  /** A Collector the user supplied (TRACING_LAB_OTELCOL): used instead of building one. */
  otelcolPath?: string;
  /** A Jaeger the user supplied (TRACING_LAB_JAEGER): used instead of building one. */
  jaegerPath?: string;
  /** How the user named `jaegerPath`, for error lines; `TRACING_LAB_JAEGER=<path>` by default. */
  jaegerCulprit?: string;
}

export interface Binaries {
  otelcol: string;
  jaeger: string;
  /** False when Jaeger serves its placeholder page instead of the UI (Go-module builds do). */
  jaegerHasUI: boolean;
}

/** `config` means the user pointed at an unusable binary (exit 2); the rest are environment faults. */
export type BinariesErrorKind = 'config' | 'no-go' | 'build';

export class BinariesError extends Error {
  constructor(
    readonly kind: BinariesErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'BinariesError';
  }
}
