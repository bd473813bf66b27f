import { LabConfigError } from './errors.js';
import { namedPort } from './probes.js';
import type { ServiceRecord } from './service-dns.js';
import type { Deployment, Render, Service } from './types.js';

/** The Deployment whose pods a Service selects (the runner runs one pod per Deployment). */
export function backingDeployment(
  service: Service,
  deployments: Deployment[],
): Deployment | undefined {
  const selector = Object.entries(service.spec.selector ?? {});
  if (selector.length === 0) return undefined;
  return deployments.find((d) => {
    const labels = d.spec.template.metadata?.labels ?? {};
    return selector.every(([key, value]) => labels[key] === value);
  });
}

/**
 * The Service IP is the pod's own address here, so a Service port can only reach the same
 * container port: say so clearly rather than silently rewriting the manifest.
 */
export function checkServicePorts(render: Render) {
  for (const service of render.services) {
    const deployment = backingDeployment(service, render.deployments);
    for (const port of service.spec.ports ?? []) {
      if ((port.protocol ?? 'TCP') !== 'TCP') {
        throw new LabConfigError(`Service ${service.metadata.name}: only TCP ports are supported`);
      }
      const target = targetPort(service, port.port, deployment);
      if (target !== port.port) {
        throw new LabConfigError(
          `Service ${service.metadata.name}: port ${port.port} -> targetPort ${target}; the local runner needs them equal`,
        );
      }
    }
  }
}

export function targetPort(
  service: Service,
  port: number,
  deployment: Deployment | undefined,
): number {
  const spec = service.spec.ports?.find((p) => p.port === port);
  if (!spec) throw new LabConfigError(`Service ${service.metadata.name} has no port ${port}`);
  const target = spec.targetPort ?? spec.port;
  if (typeof target === 'number') return target;
  for (const container of deployment?.spec.template.spec.containers ?? []) {
    if (container.ports?.some((p) => p.name === target)) return namedPort(container, target);
  }
  throw new LabConfigError(`Service ${service.metadata.name}: no container port named ${target}`);
}

/** Name -> address records for the hosts files of every pod. */
export function serviceRecords(
  render: Render,
  addressOf: (deployment: string) => string | undefined,
) {
  const records: ServiceRecord[] = [];
  for (const service of render.services) {
    const deployment = backingDeployment(service, render.deployments);
    const address = deployment && addressOf(deployment.metadata.name);
    if (address) records.push({ name: service.metadata.name, address });
  }
  return records;
}

/** Where `kubectl port-forward svc/<name> <port>` (or `deploy/<name>`) lands: a Deployment and a container port. */
export function forwardTarget(render: Render, target: string, port: number) {
  const name = target.replace(/^(svc|service|deploy|deployment)\//, '');
  if (!target.startsWith('svc/') && !target.startsWith('service/'))
    return { deployment: name, podPort: port };
  const service = render.services.find((s) => s.metadata.name === name);
  const deployment = service && backingDeployment(service, render.deployments);
  if (!service || !deployment) throw new LabConfigError(`no Service ${name} with a pod`);
  return { deployment: deployment.metadata.name, podPort: targetPort(service, port, deployment) };
}
