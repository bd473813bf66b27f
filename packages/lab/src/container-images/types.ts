/** The components whose images `tracing-lab images` builds, named like their Deployments. */
export const COMPONENTS = ['server', 'client', 'otel-collector', 'jaeger'] as const;
export type Component = (typeof COMPONENTS)[number];

/** Image architectures, in OCI terms. */
export type Arch = 'amd64' | 'arm64';

export interface EnsureImagesOptions {
  /** The clone holding the Dockerfile, the packages and kustomize/base. */
  repoRoot: string;
  /** Where build records, locks and the Collector and Jaeger builds are kept. */
  cacheDir: string;
  /** The engine settings podman reads (CONTAINERS_CONF), e.g. scripts/containers.conf. */
  containersConf: string;
  /** A CA bundle handed to npm inside the build as a secret, so it lands in no image layer. */
  buildCaFile?: string;
  /** Target architecture; defaults to this machine's. */
  arch?: Arch;
  onProgress?: (line: string) => void;
}

/** Image reference per component, exactly as the rendered manifests name it. */
export type ImageRefs = Record<Component, string>;
