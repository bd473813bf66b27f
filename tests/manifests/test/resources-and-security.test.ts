import { describe, expect, it } from 'vitest';
import { byKind, podSpec } from './k8s';
import { bytes, millicores } from './quantities';
import { label, overlays, render } from './render';

/** What one trainee's copy of the lab may reserve on a small shared cluster. */
const budget = { cpu: millicores('500m'), memory: bytes('768Mi') };

describe.each(overlays)('%s: resources and security baseline', (overlay) => {
  const deployments = byKind(render(overlay), 'Deployment');
  const containers = deployments.flatMap((d) =>
    podSpec(d).containers.map((c) => ({ where: `${label(d)} ${c.name}`, ...c })),
  );

  it('every container has CPU and memory requests and limits, requests within limits', () => {
    for (const { where, resources } of containers) {
      const { requests = {}, limits = {} } = resources ?? {};
      for (const value of [requests.cpu, requests.memory, limits.cpu, limits.memory]) {
        expect(value, where).toBeTypeOf('string');
      }
      expect(millicores(requests.cpu ?? '')).toBeLessThanOrEqual(millicores(limits.cpu ?? ''));
      expect(bytes(requests.memory ?? '')).toBeLessThanOrEqual(bytes(limits.memory ?? ''));
    }
  });

  it('the whole stack requests at most 500m CPU and 768Mi memory', () => {
    const sum = (pick: (r: { cpu?: string; memory?: string }) => number) =>
      containers.reduce((total, c) => total + pick(c.resources?.requests ?? {}), 0);
    expect(sum((r) => millicores(r.cpu ?? '0'))).toBeLessThanOrEqual(budget.cpu);
    expect(sum((r) => bytes(r.memory ?? '0'))).toBeLessThanOrEqual(budget.memory);
  });

  it('root filesystems are read-only and no pod gets a service account token', () => {
    for (const deployment of deployments) {
      const spec = podSpec(deployment);
      expect(spec.automountServiceAccountToken, label(deployment)).toBe(false);
      for (const container of spec.containers) {
        expect(container.securityContext?.readOnlyRootFilesystem, container.name).toBe(true);
      }
    }
  });

  it('pods run as a numeric non-root user and group', () => {
    for (const deployment of deployments) {
      const context = podSpec(deployment).securityContext ?? {};
      expect(context.runAsNonRoot, label(deployment)).toBe(true);
      expect(context.runAsUser, label(deployment)).toBeGreaterThan(0);
      expect(context.runAsGroup, label(deployment)).toBeGreaterThan(0);
    }
  });
});
