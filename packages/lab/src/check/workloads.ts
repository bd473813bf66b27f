import type { Deployment, NamespaceState, Pod } from './types.js';

/** The lab's four Deployments, in the order the guide deploys them. */
export const COMPONENTS = ['server', 'client', 'otel-collector', 'jaeger'] as const;

export interface ComponentHealth {
  name: string;
  deployed: boolean;
  /** At least one pod Ready and none of its pods stuck. */
  healthy: boolean;
  /** Why not, with the reason Kubernetes gives. */
  problem?: string;
}

const STUCK = /BackOff|Err|Invalid|CreateContainerConfigError|CreateContainerError/;

/** The pods a Deployment selects (by its matchLabels), leaving out those being deleted. */
export function podsOf(deployment: Deployment, pods: Pod[]): Pod[] {
  const selector = Object.entries(deployment.spec.selector.matchLabels ?? {});
  return pods.filter(
    (pod) =>
      !pod.metadata.deletionTimestamp &&
      selector.every(([key, value]) => pod.metadata.labels?.[key] === value),
  );
}

const isReady = (pod: Pod) =>
  pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** What keeps one pod from running: a stuck container, a failed schedule, a failing probe. */
export function podProblem(pod: Pod): string | undefined {
  const name = pod.metadata.name;
  for (const container of pod.status.containerStatuses ?? []) {
    const waiting = container.state?.waiting;
    if (waiting?.reason && STUCK.test(waiting.reason)) {
      const last = container.lastState?.terminated;
      const exit = last ? ` (last exit: ${last.reason ?? 'code'} ${last.exitCode ?? ''})` : '';
      const message = waiting.message ? `: ${waiting.message.split('\n')[0]}` : '';
      return `pod ${name} ${waiting.reason}${exit}${message}`;
    }
  }
  const unscheduled = pod.status.conditions?.find(
    (c) => c.type === 'PodScheduled' && c.status === 'False',
  );
  if (unscheduled) return `pod ${name} not scheduled: ${unscheduled.message ?? unscheduled.reason}`;
  if (isReady(pod)) return undefined;
  const restarts = Math.max(0, ...(pod.status.containerStatuses ?? []).map((c) => c.restartCount));
  return `pod ${name} not Ready (${pod.status.phase ?? 'Pending'}${restarts ? `, ${restarts} restarts` : ''})`;
}

/** Health of each of the lab's Deployments in a namespace. */
export function componentHealth(state: NamespaceState): ComponentHealth[] {
  return COMPONENTS.map((name) => {
    const deployment = state.deployments.find((d) => d.metadata.name === name);
    if (!deployment)
      return { name, deployed: false, healthy: false, problem: `${name} not deployed` };
    const pods = podsOf(deployment, state.pods);
    // A stuck pod counts even next to a Ready one: a rollout that cannot finish.
    const stuck = pods.map(podProblem).find((p) => p && !/ not Ready \(/.test(p));
    const ready = pods.some(isReady);
    if (ready && !stuck) return { name, deployed: true, healthy: true };
    const failure = deployment.status?.conditions?.find(
      (c) => c.type === 'ReplicaFailure' && c.status === 'True',
    );
    const problem =
      stuck ??
      pods.map(podProblem).find(Boolean) ??
      (failure ? `${name}: ${failure.message}` : `${name} has no pod yet`);
    return { name, deployed: true, healthy: false, problem };
  });
}
