import { describe, expect, it } from 'vitest';
import { podSpec } from './k8s';
import { label, overlays, render } from './render';

const nameLabel = 'app.kubernetes.io/name';
const components = ['server', 'client', 'otel-collector', 'jaeger'];

describe.each(overlays)('%s: labels and scope', (overlay) => {
  const { objects } = render(overlay);

  it('every object carries name, component and part-of labels', () => {
    for (const object of objects) {
      const labels = object.metadata.labels ?? {};
      expect(components, label(object)).toContain(labels[nameLabel]);
      expect(labels['app.kubernetes.io/component'], label(object)).toMatch(/^[a-z][a-z-]*$/);
      expect(labels['app.kubernetes.io/part-of'], label(object)).toBe('tracing-lab');
    }
  });

  it('pods carry the labels of their Deployment, and the selector matches them', () => {
    for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
      const podLabels = deployment.spec?.template.metadata?.labels ?? {};
      expect(podLabels, label(deployment)).toMatchObject(deployment.metadata.labels ?? {});
      expect(podLabels).toMatchObject(deployment.spec?.selector?.matchLabels ?? { missing: true });
    }
  });

  it('names no namespace, so `kubectl apply -k ... -n <trainee>` gives a private copy', () => {
    for (const object of objects) expect(object.metadata.namespace, label(object)).toBeUndefined();
    expect(render(overlay).text).not.toMatch(/^\s*namespace:/m);
  });

  it('holds namespaced kinds only', () => {
    const kinds = new Set(objects.map((o) => o.kind));
    expect([...kinds].sort()).toEqual(['ConfigMap', 'Deployment', 'Service']);
  });

  it('every Service selects the pods of the Deployment of the same name', () => {
    for (const service of objects.filter((o) => o.kind === 'Service')) {
      const deployment = objects.find(
        (o) => o.kind === 'Deployment' && o.metadata.name === service.metadata.name,
      );
      expect(deployment, label(service)).toBeDefined();
      const podLabels = deployment?.spec?.template.metadata?.labels ?? {};
      expect(podLabels, label(service)).toMatchObject(service.spec?.selector ?? { missing: true });
    }
  });

  // `kubectl apply -k <overlay> -l app.kubernetes.io/name=<component>`: one step at a time.
  it.each(components)('selecting %s by label yields that component whole, nothing else', (name) => {
    const selected = objects.filter((o) => o.metadata.labels?.[nameLabel] === name);
    const listens = name !== 'client';
    const hasConfig = name === 'otel-collector' || name === 'jaeger';
    expect(selected.filter((o) => o.kind === 'Deployment').map(label)).toEqual([
      `Deployment/${name}`,
    ]);
    expect(selected.filter((o) => o.kind === 'Service').map(label)).toEqual(
      listens ? [`Service/${name}`] : [],
    );
    const mounted = selected
      .filter((o) => o.kind === 'Deployment')
      .flatMap((d) => podSpec(d).volumes ?? [])
      .flatMap((v) => (v.configMap ? [`ConfigMap/${v.configMap.name}`] : []));
    expect(selected.filter((o) => o.kind === 'ConfigMap').map(label)).toEqual(mounted);
    expect(mounted).toHaveLength(hasConfig ? 1 : 0);
  });
});
