/** What `tracing-lab check` reads from the API server, as kubectl prints it (`-o json`). */

export interface KubeObject {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    managedFields?: { manager?: string; time?: string }[];
  };
}

export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; exitCode?: number; message?: string };
}

export interface Pod extends KubeObject {
  spec: { containers: { name: string }[] };
  status: {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: {
      name: string;
      ready: boolean;
      restartCount: number;
      state?: ContainerState;
      lastState?: ContainerState;
    }[];
  };
}

export interface Deployment extends KubeObject {
  spec: {
    selector: { matchLabels?: Record<string, string> };
    template: {
      spec: {
        containers: { name: string; env?: { name: string; value?: string }[] }[];
        volumes?: { name: string; configMap?: { name: string } }[];
      };
    };
  };
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

export interface Service extends KubeObject {
  spec: { ports?: { name?: string; port: number }[] };
}

/** One namespace as `check` sees it: its objects, the Collector's log, what Jaeger holds. */
export interface NamespaceState {
  namespace: string;
  labels: Record<string, string>;
  deployments: Deployment[];
  pods: Pod[];
  configMaps: ConfigMap[];
  services: Service[];
  /** Log of the running Collector container (its last lines), undefined when there is none. */
  collectorLog?: string;
  /** Services Jaeger has traces of, or why it could not be asked. */
  jaegerServices: string[] | { error: string };
}

/** One step of the exercise: done, or what is wrong and a hint that leaves the answer to find. */
export interface Step {
  title: string;
  done: boolean;
  /** What `check` saw: a short fact, on the step's line. */
  detail: string;
  hint?: string;
}
