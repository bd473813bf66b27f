import type { Render } from '../../src/types.js';

/** The guide's edits, made on a parsed render the way an attendee makes them in the YAML. */

function containerOf(render: Render, deployment: string) {
  const found = render.deployments.find((d) => d.metadata.name === deployment);
  const container = found?.spec.template.spec.containers[0];
  if (!container) throw new Error(`no Deployment ${deployment} in the render`);
  return container;
}

export function envValue(render: Render, deployment: string, name: string): string | undefined {
  return containerOf(render, deployment).env?.find((e) => e.name === name)?.value;
}

export function setEnv(render: Render, deployment: string, name: string, value: string) {
  const variable = containerOf(render, deployment).env?.find((e) => e.name === name);
  if (!variable) throw new Error(`${deployment} has no env ${name}`);
  variable.value = value;
}

/** The ConfigMap mounted into the Collector, whatever its (generated) name. */
export function collectorConfigMap(render: Render) {
  const volumes = render.deployments.find((d) => d.metadata.name === 'otel-collector')?.spec
    .template.spec.volumes;
  const name = volumes?.find((v) => v.configMap)?.configMap?.name;
  const configMap = render.configMaps.find((c) => c.metadata.name === name);
  if (!configMap?.data?.['config.yaml'])
    throw new Error('no config.yaml mounted into otel-collector');
  return configMap as typeof configMap & { data: { 'config.yaml': string } };
}
