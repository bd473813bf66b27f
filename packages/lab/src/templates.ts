import { createHash, randomInt } from 'node:crypto';
import type { PodTemplate } from './types.js';

// The alphabet Kubernetes uses for generated names (no vowels, no look-alike digits).
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Like `pod-template-hash`: equal templates give equal hashes, any change gives a rollout. */
export function templateHash(template: PodTemplate): string {
  const digest = createHash('sha256').update(stableJson(template)).digest();
  return [...digest.subarray(0, 10)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/** `server-7d4b9c8f6c-x2k9p`, the shape of a Deployment's pod names. */
export function podName(deployment: string, hash: string): string {
  const suffix = Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${deployment}-${hash}-${suffix}`;
}

export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
