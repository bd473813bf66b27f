import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { binaryVersion } from './binary-version.js';
import { BinariesError } from './types.js';

const ENV_NAMES = { otelcol: 'TRACING_LAB_OTELCOL', jaeger: 'TRACING_LAB_JAEGER' };

/**
 * Checks a binary the user pointed at: it must exist and be executable (else a config error); a
 * version other than the pinned one only warns, since a close release usually works.
 */
export async function checkUserBinary(
  kind: 'otelcol' | 'jaeger',
  path: string,
  pinned: string,
  onProgress: (line: string) => void,
  culprit = `${ENV_NAMES[kind]}=${path}`,
): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new BinariesError('config', `${culprit}: no such file`);
  try {
    await access(path, constants.X_OK);
  } catch {
    throw new BinariesError('config', `${culprit}: not executable (chmod +x it)`);
  }
  const reported = await binaryVersion(kind, path).catch(() => undefined);
  if (reported === undefined) {
    onProgress(`warning: ${culprit} does not report its version; the manifests pin ${pinned}`);
  } else if (reported !== pinned) {
    onProgress(`warning: ${culprit} is version ${reported}, the manifests pin ${pinned}`);
  }
}
