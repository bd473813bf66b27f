import { parse } from 'yaml';
import type { K8sObject } from './k8s';

/** Characters of the hash suffix kustomize appends to generated names (vowels and 0,1,3 left out). */
const hashSuffix = /-[2456789bcdfghkmt]{10}$/;

/** "Kind/name", with the hash suffix left out so a ConfigMap is the same object in both renders. */
export function objectKey(object: K8sObject): string {
  const name =
    object.kind === 'ConfigMap'
      ? object.metadata.name.replace(hashSuffix, '')
      : object.metadata.name;
  return `${object.kind}/${name}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function step(path: string, key: string): string {
  if (/^[A-Za-z_][\w-]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${key}]`;
}

/** Lists of objects with a `name` (containers, env, volumes, ports) are matched by name. */
function byName(list: unknown[]): Record<string, unknown> | undefined {
  if (!list.every((item) => isRecord(item) && typeof item.name === 'string')) return undefined;
  return Object.fromEntries(list.map((item) => [(item as { name: string }).name, item]));
}

/**
 * The paths at which two values differ. Scalars and lists of scalars are leaves; YAML files held
 * in a ConfigMap's data are compared as parsed YAML, so comments and layout do not count.
 */
export function diffPaths(a: unknown, b: unknown, path = ''): string[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    const [namedA, namedB] = [byName(a), byName(b)];
    if (namedA && namedB) return diffEntries(namedA, namedB, path, true);
    if ([...a, ...b].every((item) => !isRecord(item) && !Array.isArray(item))) {
      return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
    }
    return diffEntries({ ...a }, { ...b }, path, true);
  }
  if (isRecord(a) && isRecord(b)) return diffEntries(a, b, path);
  if (typeof a === 'string' && typeof b === 'string' && /^data\[[^\]]+\.ya?ml\]$/.test(path)) {
    return a === b ? [] : diffPaths(parse(a), parse(b), path);
  }
  return Object.is(a, b) ? [] : [path];
}

function diffEntries(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  path: string,
  listItems = false,
): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((key) => {
    const child = listItems ? `${path}[${key}]` : step(path, key);
    if (!(key in a) || !(key in b)) return [child];
    return diffPaths(a[key], b[key], child);
  });
}

/** "<Kind/name> <path>" for every difference between two renders. */
export function diffRenders(a: K8sObject[], b: K8sObject[]): string[] {
  const index = (objects: K8sObject[]) => new Map(objects.map((o) => [objectKey(o), o]));
  const [left, right] = [index(a), index(b)];
  const keys = new Set([...left.keys(), ...right.keys()]);
  return [...keys].flatMap((key) =>
    diffPaths(left.get(key), right.get(key)).map((path) => (path ? `${key} ${path}` : key)),
  );
}
