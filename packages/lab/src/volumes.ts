import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LabConfigError } from './errors.js';
import type { ConfigMap, PodSpec, Volume } from './types.js';

export type PodVolumes = Map<string, { dir: string; readOnly: boolean }>;

/**
 * Creates a pod's volumes as host directories below `podDir`: ConfigMap keys become files (mode
 * `defaultMode`, 0644 by default), emptyDir is an empty world-writable directory as the kubelet
 * makes it. Containers see them only at their mountPath, inside their own mount namespace.
 */
export function materialiseVolumes(
  podSpec: PodSpec,
  podDir: string,
  configMaps: ConfigMap[],
): PodVolumes {
  const volumes: PodVolumes = new Map();
  for (const volume of podSpec.volumes ?? []) {
    const dir = join(podDir, 'volumes', volume.name);
    mkdirSync(dir, { recursive: true });
    if (volume.configMap) {
      writeConfigMapVolume(dir, volume, findConfigMap(volume, configMaps));
      volumes.set(volume.name, { dir, readOnly: true });
    } else if (volume.emptyDir) {
      chmodSync(dir, 0o777);
      volumes.set(volume.name, { dir, readOnly: false });
    } else {
      throw new LabConfigError(
        `volume ${volume.name}: only configMap and emptyDir volumes are supported`,
      );
    }
  }
  return volumes;
}

/** Rewrites a ConfigMap volume's files in place, as the kubelet eventually does after an update. */
export function writeConfigMapVolume(
  dir: string,
  volume: Volume,
  configMap: ConfigMap | undefined,
) {
  const mode = volume.configMap?.defaultMode ?? 0o644;
  const data: Record<string, Buffer> = {};
  for (const [key, value] of Object.entries(configMap?.data ?? {})) data[key] = Buffer.from(value);
  for (const [key, value] of Object.entries(configMap?.binaryData ?? {}))
    data[key] = Buffer.from(value, 'base64');
  const items = volume.configMap?.items ?? Object.keys(data).map((key) => ({ key, path: key }));
  const wanted = new Set<string>();
  for (const { key, path } of items) {
    const content = data[key];
    if (content === undefined)
      throw new LabConfigError(`volume ${volume.name}: ConfigMap has no key ${key}`);
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content, { mode });
    chmodSync(file, mode);
    wanted.add(path.split('/')[0] as string);
  }
  for (const entry of readdirSync(dir)) {
    if (!wanted.has(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

export function findConfigMap(volume: Volume, configMaps: ConfigMap[]): ConfigMap | undefined {
  const name = volume.configMap?.name;
  const found = configMaps.find((c) => c.metadata.name === name);
  if (!found && !volume.configMap?.optional) {
    throw new LabConfigError(`volume ${volume.name}: ConfigMap ${name} not found in the render`);
  }
  return found;
}

/** After an apply: every ConfigMap volume of the pod naming `configMap` gets its new files. */
export function refreshConfigMap(podSpec: PodSpec, volumes: PodVolumes, configMap: ConfigMap) {
  for (const volume of podSpec.volumes ?? []) {
    const dir = volumes.get(volume.name)?.dir;
    if (dir && volume.configMap?.name === configMap.metadata.name)
      writeConfigMapVolume(dir, volume, configMap);
  }
}
