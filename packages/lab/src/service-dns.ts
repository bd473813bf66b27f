import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServiceRecord {
  name: string;
  address: string;
}

/**
 * Cluster DNS, the static way: `ip netns exec` mounts /etc/netns/<ns>/hosts over /etc/hosts for
 * every program of the pod (Go and Node alike), so `otel-collector` and
 * `otel-collector.<namespace>.svc.cluster.local` resolve to the pod behind the Service.
 */
export function hostsFile(
  pod: { name: string; address: string },
  services: ServiceRecord[],
  namespace: string,
) {
  const lines = [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    `${pod.address}\t${pod.name}`,
  ];
  for (const { name, address } of services) {
    const fqdn = `${name}.${namespace}.svc.cluster.local`;
    lines.push(`${address}\t${name} ${name}.${namespace} ${name}.${namespace}.svc ${fqdn}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * No real DNS server is ever asked: the only nameserver is the pod's own loopback, where nothing
 * listens, so an unknown name (the exercise's `xxx`) fails at once, inside the pod.
 */
export function resolvConf(namespace: string) {
  return `search ${namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 127.0.0.1\n`;
}

/**
 * Only files and dns: on hosts whose nsswitch.conf adds resolve, mdns or myhostname, glibc would
 * otherwise ask systemd-resolved or avahi over Unix sockets, which no network namespace isolates.
 * The other databases keep to local files so that no lookup leaves the pod that way either.
 */
export const NSSWITCH_CONF = `${[
  'passwd:     files',
  'group:      files',
  'shadow:     files',
  'gshadow:    files',
  'hosts:      files dns',
  'networks:   files',
  'protocols:  files',
  'services:   files',
  'ethers:     files',
  'rpc:        files',
  'netgroup:   files',
].join('\n')}\n`;

/** What `ip netns exec` mounts over /etc for a pod (and the /etc overlay mounts again). */
export const POD_ETC_FILES = ['hosts', 'resolv.conf', 'nsswitch.conf'] as const;

export const netnsEtc = (ns: string) => join('/etc/netns', ns);

/** Writes in place (same inode), so a pod already running sees Services added later. */
export function writePodDns(ns: string, hosts: string, resolv: string) {
  mkdirSync(netnsEtc(ns), { recursive: true });
  writeFileSync(join(netnsEtc(ns), 'hosts'), hosts, { mode: 0o644 });
  writeFileSync(join(netnsEtc(ns), 'resolv.conf'), resolv, { mode: 0o644 });
  writeFileSync(join(netnsEtc(ns), 'nsswitch.conf'), NSSWITCH_CONF, { mode: 0o644 });
}

export function removePodDns(ns: string) {
  rmSync(netnsEtc(ns), { recursive: true, force: true });
}
