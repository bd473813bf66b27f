import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from './k8s';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export const overlays = ['exercise', 'solution'] as const;
export type Overlay = (typeof overlays)[number];

export interface Render {
  /** Directory rendered, relative to the repository root. */
  dir: string;
  text: string;
  objects: K8sObject[];
}

const cache = new Map<string, Render>();

/** `kubectl kustomize <dir>`: the kustomize attendees get with kubectl (v5.5 in kubectl 1.32). */
export function renderDir(dir: string, cwd = repoRoot): Render {
  const key = `${cwd}\0${dir}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let text: string;
  try {
    text = execFileSync('kubectl', ['kustomize', dir], { cwd, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error(
        'kubectl not found on PATH: install it (https://kubernetes.io/docs/tasks/tools/)',
      );
    }
    throw new Error(`kubectl kustomize ${dir} failed: ${e.stderr?.trim() ?? e.message}`);
  }
  const objects = parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${dir}: ${doc.errors[0]?.message}`);
    return doc.toJS() as K8sObject;
  });
  const result = { dir, text, objects };
  cache.set(key, result);
  return result;
}

export function render(overlay: Overlay): Render {
  return renderDir(`kustomize/overlays/${overlay}`);
}

export function label(object: K8sObject): string {
  return `${object.kind}/${object.metadata.name}`;
}
