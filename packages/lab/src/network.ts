import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { LabConfigError } from './errors.js';

const run = promisify(execFile);
const ip = (...args: string[]) => run('ip', args);

/** Pod addresses: one per Deployment, stable across its pods, in a network only our namespaces share. */
export const POD_PREFIX_LENGTH = 16;

export function podAddress(index: number): string {
  const host = index + 2;
  return `10.244.${Math.floor(host / 256)}.${host % 256}`;
}

/**
 * The node: a network namespace holding the bridge every pod is plugged into. The bridge carries
 * no address and the namespaces have no default route, so pods reach each other and nothing else,
 * and the host's own namespace gets no interface, address or route.
 */
export async function createNode(nodeNs: string): Promise<void> {
  await ip('netns', 'add', nodeNs).catch((error: { stderr?: string }) => {
    throw new LabConfigError(
      `cannot create network namespaces (ip netns add): ${String(error.stderr).trim()}`,
    );
  });
  await ip('-n', nodeNs, 'link', 'set', 'lo', 'up');
  await ip('-n', nodeNs, 'link', 'add', 'cbr0', 'type', 'bridge');
  await ip('-n', nodeNs, 'link', 'set', 'cbr0', 'up');
}

/** A pod's sandbox network: its own namespace, loopback, and eth0 wired to the node's bridge. */
export async function createPodNetwork(options: {
  nodeNs: string;
  podNs: string;
  veth: string;
  address: string;
}): Promise<void> {
  const { nodeNs, podNs, veth, address } = options;
  await ip('netns', 'add', podNs);
  await ip('-n', podNs, 'link', 'set', 'lo', 'up');
  // Created from inside the node namespace, so the pair never shows up in the host's namespace.
  await ip(
    '-n',
    nodeNs,
    'link',
    'add',
    veth,
    'type',
    'veth',
    'peer',
    'name',
    'eth0',
    'netns',
    podNs,
  );
  await ip('-n', nodeNs, 'link', 'set', veth, 'master', 'cbr0', 'up');
  // A MAC derived from the address keeps other pods' ARP entries valid when a pod is replaced.
  await ip('-n', podNs, 'link', 'set', 'eth0', 'address', macFor(address));
  await ip('-n', podNs, 'addr', 'add', `${address}/${POD_PREFIX_LENGTH}`, 'dev', 'eth0');
  await ip('-n', podNs, 'link', 'set', 'eth0', 'up');
}

/** Kills what still runs in a namespace, then removes it (sync: also used on process exit). */
export function deleteNamespaceSync(ns: string): void {
  for (const pid of namespacePids(ns)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  try {
    execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  } catch {
    // already removed
  }
}

export function namespacePids(ns: string): number[] {
  try {
    const out = execFileSync('ip', ['netns', 'pids', ns], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export function listNamespaces(): string[] {
  const out = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter(Boolean);
}

function macFor(address: string): string {
  const hex = address.split('.').map((part) => Number(part).toString(16).padStart(2, '0'));
  return `02:42:${hex.join(':')}`;
}
