import { stableJson, templateHash } from './templates.js';
import type { ConfigMap, Deployment, Render } from './types.js';

export interface RenderDiff {
  /** Deployments seen for the first time. */
  created: Deployment[];
  /** Deployments whose pod template changed: a rollout replaces their pod. */
  changed: Deployment[];
  /** ConfigMaps added or whose content changed; pods mounting them see new files, no restart. */
  configMaps: ConfigMap[];
}

/**
 * What `kubectl apply` of a new render changes in a running cluster. Nothing is pruned: like
 * `kubectl apply -k` without `--prune`, objects missing from the new render stay.
 */
export function diffRender(
  before: Render,
  after: Render,
  running: Map<string, string>,
): RenderDiff {
  const created: Deployment[] = [];
  const changed: Deployment[] = [];
  for (const deployment of after.deployments) {
    const hash = running.get(deployment.metadata.name);
    if (hash === undefined) created.push(deployment);
    else if (hash !== templateHash(deployment.spec.template)) changed.push(deployment);
  }
  const configMaps = after.configMaps.filter((next) => {
    const previous = before.configMaps.find((c) => c.metadata.name === next.metadata.name);
    return (
      !previous ||
      stableJson([previous.data, previous.binaryData]) !== stableJson([next.data, next.binaryData])
    );
  });
  return { created, changed, configMaps };
}

/** The applied state: new objects replace same-named old ones, old ones not in the render stay. */
export function mergeRender(before: Render, after: Render): Render {
  const merge = <T extends { metadata: { name: string } }>(old: T[], next: T[]) => [
    ...old.filter((o) => !next.some((n) => n.metadata.name === o.metadata.name)),
    ...next,
  ];
  return {
    deployments: merge(before.deployments, after.deployments),
    services: merge(before.services, after.services),
    configMaps: merge(before.configMaps, after.configMaps),
    ignored: [...new Set([...before.ignored, ...after.ignored])],
  };
}
