import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { LabConfigError } from '../errors.js';
import type { ConfigMap, Deployment, Render, Service } from './types.js';

const run = promisify(execFile);

/**
 * Renders an overlay exactly as `kubectl apply -k` would see it.
 * @example const render = await renderOverlay('kustomize/overlays/solution');
 */
export async function renderOverlay(
  dir: string,
  { kubectl = 'kubectl' }: { kubectl?: string } = {},
): Promise<Render> {
  try {
    const { stdout } = await run(kubectl, ['kustomize', dir], { maxBuffer: 64 * 1024 * 1024 });
    return parseRender(stdout);
  } catch (error) {
    if (error instanceof LabConfigError) throw error;
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT') throw new LabConfigError(`${kubectl} not found: install kubectl`);
    throw new LabConfigError(`kubectl kustomize ${dir} failed: ${String(stderr).trim()}`);
  }
}

/** Splits a multi-document YAML render into its Deployments, Services and ConfigMaps. */
export function parseRender(text: string): Render {
  const render: Render = { deployments: [], services: [], configMaps: [], ignored: [] };
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new LabConfigError(`invalid YAML: ${doc.errors[0]?.message}`);
    const object = doc.toJS() as { kind?: string; metadata?: { name?: string } } | null;
    if (!object?.kind) continue;
    const name = object.metadata?.name;
    if (!name) throw new LabConfigError(`${object.kind} without metadata.name`);
    if (object.kind === 'Deployment') render.deployments.push(object as Deployment);
    else if (object.kind === 'Service') render.services.push(object as Service);
    else if (object.kind === 'ConfigMap') render.configMaps.push(object as ConfigMap);
    else render.ignored.push(`${object.kind}/${name}`);
  }
  return render;
}
