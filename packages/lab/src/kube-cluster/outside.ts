import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NETWORK } from './layout.js';
import type { Made } from './record.js';

/** Folders other programs hard-code: created by the cluster only if they were not there. */
const SHARED_DIRS = ['/var/lib/cni', '/var/lib/kubelet', '/var/log/containers', '/run/containerd'];

/**
 * What a cluster makes outside its folder, listed before it starts: the bridge (which
 * also holds the node's address), the kubelet's `kubepods` cgroups, folders CNI, the kubelet and containerd
 * shims hard-code (when they did not exist yet), and the kubelet's and kube-proxy's `KUBE-` iptables chains.
 */
export async function thingsOutsideTheFolder(): Promise<Made[]> {
  const made: Made[] = [{ kind: 'interface', name: NETWORK.bridge }];
  for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
    const kubepods = join('/sys/fs/cgroup', hierarchy, 'kubepods');
    if (!existsSync(kubepods)) made.push({ kind: 'cgroup', path: kubepods });
  }
  for (const path of SHARED_DIRS) if (!existsSync(path)) made.push({ kind: 'dir', path });
  made.push({ kind: 'iptables' });
  return made;
}
