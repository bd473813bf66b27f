import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const UNITS: Record<string, number> = {
  Ki: 1 / 1024,
  Mi: 1,
  Gi: 1024,
  K: 1e3 / 2 ** 20,
  M: 1e6 / 2 ** 20,
  G: 1e9 / 2 ** 20,
};

interface Container {
  env?: { name: string; value?: string }[];
  resources?: { limits?: { memory?: string } };
}

function firstContainer(file: string): Container | undefined {
  return parse(readFileSync(file, 'utf8'))?.spec?.template?.spec?.containers?.[0];
}

function deploymentFile(repoRoot: string, component: string): string {
  return join(repoRoot, 'kustomize/base', component, 'deployment.yaml');
}

/**
 * `NODE_OPTIONS` of a Deployment's first container in kustomize/base/<component> (the V8 heap
 * settings the pod runs with), or undefined.
 */
export function manifestNodeOptions(repoRoot: string, component: string): string | undefined {
  const container = firstContainer(deploymentFile(repoRoot, component));
  return container?.env?.find((e) => e.name === 'NODE_OPTIONS')?.value;
}

/** The memory limit (MiB) of a Deployment's first container in kustomize/base/<component>. */
export function memoryLimitMib(repoRoot: string, component: string): number {
  const file = deploymentFile(repoRoot, component);
  const limit = firstContainer(file)?.resources?.limits?.memory;
  const m = /^(\d+(?:\.\d+)?)([KMG]i?)?$/.exec(String(limit));
  if (!m) throw new Error(`${file}: no memory limit on the first container`);
  return Number(m[1]) * (m[2] ? (UNITS[m[2]] ?? Number.NaN) : 1 / 2 ** 20);
}
