import { execFileSync } from 'node:child_process';
import { LabConfigError } from './errors.js';

/** One clear line when the machine cannot host the local cluster. */
export function preflight() {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    throw new LabConfigError(
      'the local cluster needs Linux and root (it creates network namespaces): run it as root, e.g. with sudo',
    );
  }
  for (const [tool, pkg] of [
    ['ip', 'iproute2'],
    ['unshare', 'util-linux'],
    ['setpriv', 'util-linux'],
    ['mount', 'mount'],
    ['hostname', 'hostname'],
  ]) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      throw new LabConfigError(`${tool} not found: install ${pkg}`);
    }
  }
}
