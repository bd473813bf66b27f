import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './markdown';

// Loose shapes: only the fields the guide talks about.
interface K8sObject {
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  data?: Record<string, string>;
  spec?: {
    ports?: { name?: string; port: number; targetPort?: number | string }[];
    selector?: Record<string, string> | { matchLabels?: Record<string, string> };
    template?: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec?: {
        containers?: {
          name: string;
          env?: { name: string; value?: string }[];
          ports?: { containerPort: number; name?: string }[];
          resources?: { requests?: { cpu?: string; memory?: string } };
        }[];
      };
    };
  };
}

export interface Render {
  overlay: string;
  objects: K8sObject[];
}

const cache = new Map<string, Render>();

/** `kubectl kustomize <dir>`, as attendees run it (kubectl's built-in kustomize). */
export function render(overlay: string): Render {
  const cached = cache.get(overlay);
  if (cached) return cached;
  const out = execFileSync('kubectl', ['kustomize', join(repoRoot, overlay)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const objects = parseAllDocuments(out)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
  const result = { overlay, objects };
  cache.set(overlay, result);
  return result;
}

export const overlays = ['kustomize/overlays/exercise', 'kustomize/overlays/solution'] as const;

export function byKind(r: Render, kind: string): K8sObject[] {
  return r.objects.filter((o) => o.kind === kind);
}

export function nameLabels(r: Render): Set<string> {
  return new Set(
    r.objects
      .map((o) => o.metadata.labels?.['app.kubernetes.io/name'])
      .filter((v): v is string => v !== undefined),
  );
}

export function containers(r: Render) {
  return byKind(r, 'Deployment').flatMap((d) => d.spec?.template?.spec?.containers ?? []);
}

export function envEntries(r: Render): { name: string; value?: string }[] {
  return containers(r).flatMap((c) => c.env ?? []);
}

export function servicePorts(r: Render, name: string): number[] | undefined {
  const svc = byKind(r, 'Service').find((s) => s.metadata.name === name);
  return svc?.spec?.ports?.map((p) => p.port);
}

/** Converts `250m`/`1` CPU to millicores and `64Mi`/`1Gi` memory to MiB. */
export function milliCpu(value: string): number {
  return value.endsWith('m') ? Number(value.slice(0, -1)) : Number(value) * 1000;
}

export function mebibytes(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(Mi|Gi|M|G)?$/.exec(value);
  if (!m) throw new Error(`unsupported memory quantity ${value}`);
  const n = Number(m[1]);
  const unit = m[2];
  if (unit === 'Gi') return n * 1024;
  if (unit === 'G') return (n * 1e9) / 2 ** 20;
  if (unit === 'M') return (n * 1e6) / 2 ** 20;
  if (unit === 'Mi') return n;
  return n / 2 ** 20;
}
