import type { ConfigMap, NamespaceState } from './types.js';
import { podsOf } from './workloads.js';

/** The ConfigMap the Collector's Deployment mounts (whatever kustomize named it). */
export function collectorConfigMap(state: NamespaceState): ConfigMap | undefined {
  const deployment = state.deployments.find((d) => d.metadata.name === 'otel-collector');
  const name = deployment?.spec.template.spec.volumes?.find((v) => v.configMap)?.configMap?.name;
  return state.configMaps.find((c) => c.metadata.name === name);
}

/**
 * When a ConfigMap's content last changed: the newest of its creation and of its managedFields
 * times. The API server moves a manager's time whenever that manager changes a value it owns,
 * so every `kubectl apply` that edits config.yaml moves it, and one that changes nothing does not.
 */
export function lastChange(configMap: ConfigMap): number {
  const times = [
    configMap.metadata.creationTimestamp,
    ...(configMap.metadata.managedFields ?? []).map((f) => f.time),
  ].flatMap((t) => (t ? [Date.parse(t)] : []));
  return Math.max(0, ...times);
}

/**
 * Why the running Collector may not run the config in its ConfigMap: its container started
 * before the ConfigMap's last change. The Collector reads its file only at start, so the start
 * time of the running process against the ConfigMap's change time says it without entering the
 * container (the Collector image has no shell to look at the file with). Times are second-
 * precise: a change in the same second as the start counts as loaded.
 */
export function rolloutProblem(
  state: NamespaceState,
  configMap: ConfigMap | undefined,
): string | undefined {
  const deployment = state.deployments.find((d) => d.metadata.name === 'otel-collector');
  if (!deployment || !configMap) return 'no Collector running';
  const changed = lastChange(configMap);
  const started = podsOf(deployment, state.pods).flatMap((pod) =>
    (pod.status.containerStatuses ?? []).flatMap((c) => {
      const at = c.state?.running?.startedAt;
      return c.name === 'otel-collector' && at ? [{ pod: pod.metadata.name, at }] : [];
    }),
  );
  if (started.length === 0) return 'no Collector running';
  const old = started.find((s) => Date.parse(s.at) < changed);
  if (!old) return undefined;
  const clock = (t: number) => new Date(t).toISOString().slice(11, 19);
  return `pod ${old.pod} started ${clock(Date.parse(old.at))}, before ${configMap.metadata.name} changed (${clock(changed)})`;
}
