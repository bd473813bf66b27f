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

/** The memory limit (MiB) of a Deployment's first container in kustomize/base/<component>. */
export function memoryLimitMib(repoRoot: string, component: string): number {
  const file = join(repoRoot, 'kustomize/base', component, 'deployment.yaml');
  const deployment = parse(readFileSync(file, 'utf8'));
  const limit: string | undefined =
    deployment?.spec?.template?.spec?.containers?.[0]?.resources?.limits?.memory;
  const m = /^(\d+(?:\.\d+)?)([KMG]i?)?$/.exec(String(limit));
  if (!m) throw new Error(`${file}: no memory limit on the first container`);
  return Number(m[1]) * (m[2] ? (UNITS[m[2]] ?? Number.NaN) : 1 / 2 ** 20);
}
