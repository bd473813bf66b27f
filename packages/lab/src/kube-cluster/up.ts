import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureClusterBinaries } from '../binaries/cluster-binaries.js';
import { etcdArgs } from '../control-plane/etcd.js';
import { kubeApiserverArgs } from '../control-plane/kube-apiserver.js';
import { kubeControllerManagerArgs } from '../control-plane/kube-controller-manager.js';
import { kubeSchedulerArgs } from '../control-plane/kube-scheduler.js';
import { cniConflist } from '../node/cni.js';
import { containerdArgs, containerdConfig } from '../node/containerd.js';
import { COREDNS_KUBECONFIG, corednsManifests } from '../node/coredns.js';
import { importImages } from '../node/import-images.js';
import { kubeProxyArgs, kubeProxyConfig } from '../node/kube-proxy.js';
import { kubeletArgs, kubeletConfig } from '../node/kubelet.js';
import { makeCertificates } from '../pki/certificates.js';
import { writeKubeconfig } from '../pki/kubeconfig.js';
import { startDaemon } from './daemon.js';
import { kubectlFor } from './kubectl.js';
import { type ClusterLayout, clusterLayout, NETWORK, NODE_NAME, PORTS } from './layout.js';
import { thingsOutsideTheFolder } from './outside.js';
import { preflight } from './preflight.js';
import { recordMade } from './record.js';
import { run } from './run.js';

export interface ClusterUpOptions {
  /** Folder holding everything of this cluster (certificates, data, logs). */
  dir: string;
  cacheDir: string;
  onProgress?: (line: string) => void;
}

export interface ClusterUp {
  kubeconfig: string;
  kubectl: string;
  /** Seconds from the start of `up` (binaries already built) to a Ready node with DNS. */
  seconds: number;
}

/**
 * `tracing-lab cluster up`: a single-node Kubernetes made of the real programs, each started as
 * its own daemon. Everything it makes outside its folder is written down first, so `down` can
 * remove it even after `up` was killed halfway.
 *
 * @example const { kubeconfig } = await clusterUp({ dir: '/var/lib/tracing-lab/cluster', cacheDir });
 */
export async function clusterUp({ dir, cacheDir, onProgress = () => {} }: ClusterUpOptions) {
  const layout = clusterLayout(dir);
  await preflight(layout);
  const binaries = await ensureClusterBinaries({ cacheDir, onProgress });
  const started = Date.now();
  for (const folder of [
    layout.dir,
    layout.logs,
    layout.etcdData,
    layout.cni.confDir,
    layout.manifests,
    layout.kubelet.root,
    layout.containerd.root,
  ])
    await mkdir(folder, { recursive: true });
  for (const made of await thingsOutsideTheFolder()) await recordMade(layout.record, made);

  onProgress('certificates...');
  await certificates(layout);
  const kubectl = kubectlFor(binaries.kubernetes.kubectl, layout.kubeconfig);

  onProgress('node address...');
  // Made before the CNI plugin, which finds its gateway address already there.
  await run('ip', ['link', 'add', NETWORK.bridge, 'type', 'bridge']);
  await run('ip', [
    'addr',
    'add',
    `${NETWORK.nodeIp}/${NETWORK.podCidr.split('/')[1]}`,
    'dev',
    NETWORK.bridge,
  ]);
  await run('ip', ['link', 'set', NETWORK.bridge, 'up']);

  onProgress('control plane: etcd, kube-apiserver, kube-controller-manager, kube-scheduler...');
  const k8s = binaries.kubernetes;
  startDaemon({ name: 'etcd', command: binaries.etcd, args: etcdArgs(layout), logs: layout.logs });
  startDaemon({
    name: 'kube-apiserver',
    command: k8s['kube-apiserver'],
    args: kubeApiserverArgs(layout),
    logs: layout.logs,
  });
  await until('the API server is ready', layout, 'kube-apiserver', 90, async () =>
    (await kubectl(['get', '--raw', '/readyz']).catch(() => '')).startsWith('ok'),
  );
  startDaemon({
    name: 'kube-controller-manager',
    command: k8s['kube-controller-manager'],
    args: kubeControllerManagerArgs(layout),
    logs: layout.logs,
  });
  startDaemon({
    name: 'kube-scheduler',
    command: k8s['kube-scheduler'],
    args: kubeSchedulerArgs(layout),
    logs: layout.logs,
  });

  onProgress('node: containerd, kubelet, kube-proxy...');
  await writeFile(layout.containerd.config, containerdConfig(layout, binaries.pause.ref));
  await writeFile(join(layout.cni.confDir, '10-tracing-lab.conflist'), cniConflist(layout));
  startDaemon({
    name: 'containerd',
    command: 'containerd',
    args: containerdArgs(layout),
    logs: layout.logs,
  });
  await until('containerd answers', layout, 'containerd', 30, async () =>
    existsSync(layout.containerd.socket),
  );
  await importImages(layout.containerd.socket, [
    { archive: binaries.pause.image },
    { archive: binaries.coredns.image },
  ]);
  await writeFile(join(layout.kubelet.root, 'config.yaml'), kubeletConfig(layout));
  await writeFile(join(layout.kubelet.root, 'resolv.conf'), '');
  startDaemon({
    name: 'kubelet',
    command: k8s.kubelet,
    args: kubeletArgs(layout),
    logs: layout.logs,
  });
  await writeFile(join(layout.dir, 'kube-proxy.yaml'), kubeProxyConfig(layout));
  startDaemon({
    name: 'kube-proxy',
    command: k8s['kube-proxy'],
    args: kubeProxyArgs(layout),
    logs: layout.logs,
  });

  onProgress('cluster DNS: CoreDNS...');
  const corednsManifest = join(layout.manifests, 'coredns.yaml');
  const corednsKubeconfig = join(layout.pki, COREDNS_KUBECONFIG);
  await writeFile(corednsManifest, corednsManifests(binaries.coredns.ref, corednsKubeconfig));
  await until('the node is registered', layout, 'kubelet', 60, async () =>
    (await kubectl(['get', 'node', NODE_NAME, '-o', 'name']).catch(() => '')).includes(NODE_NAME),
  );
  await kubectl(['apply', '-f', corednsManifest]);
  await until(
    'the node is Ready',
    layout,
    'kubelet',
    60,
    async () =>
      (
        await kubectl([
          'get',
          'node',
          NODE_NAME,
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
        ]).catch(() => '')
      ).trim() === 'True',
  );
  await until(
    'CoreDNS is available',
    layout,
    'kubelet',
    90,
    async () =>
      (
        await kubectl([
          '-n',
          'kube-system',
          'get',
          'deploy',
          'coredns',
          '-o',
          'jsonpath={.status.availableReplicas}',
        ]).catch(() => '')
      ).trim() === '1',
  );
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  return { kubeconfig: layout.kubeconfig, kubectl: k8s.kubectl, seconds } satisfies ClusterUp;
}

async function certificates(layout: ClusterLayout): Promise<void> {
  const node = `system:node:${NODE_NAME}`;
  await makeCertificates(layout.pki, [
    {
      name: 'kube-apiserver',
      cn: 'kube-apiserver',
      san: [
        'IP:127.0.0.1',
        'DNS:localhost',
        'DNS:kubernetes',
        'DNS:kubernetes.default',
        'DNS:kubernetes.default.svc',
        'DNS:kubernetes.default.svc.cluster.local',
      ],
    },
    {
      name: 'kube-apiserver-kubelet-client',
      cn: 'kube-apiserver-kubelet-client',
      o: 'system:masters',
    },
    { name: 'admin', cn: 'tracing-lab-admin', o: 'system:masters' },
    { name: 'kube-controller-manager', cn: 'system:kube-controller-manager' },
    { name: 'kube-scheduler', cn: 'system:kube-scheduler' },
    { name: 'kube-proxy', cn: 'system:kube-proxy' },
    {
      name: 'kubelet',
      cn: node,
      o: 'system:nodes',
      san: [`IP:${NETWORK.nodeIp}`, `DNS:${NODE_NAME}`],
    },
    { name: 'coredns', cn: 'system:coredns' },
  ]);
  const server = `https://127.0.0.1:${PORTS.apiServer}`;
  const kubeconfig = (user: string, path: string) =>
    writeKubeconfig({ pki: layout.pki, user, server, path });
  await kubeconfig('admin', layout.kubeconfig);
  for (const user of [
    'kube-controller-manager',
    'kube-scheduler',
    'kube-proxy',
    'kubelet',
    'coredns',
  ])
    await kubeconfig(user, join(layout.pki, `${user}.kubeconfig`));
}

/** Polls `check` each second; on timeout, names what did not happen and shows the log's end. */
async function until(
  what: string,
  layout: ClusterLayout,
  logOf: string,
  seconds: number,
  check: () => Promise<boolean>,
): Promise<void> {
  for (let waited = 0; waited < seconds; waited++) {
    if (await check()) return;
    await sleep(1000);
  }
  const log = join(layout.logs, `${logOf}.log`);
  const tail = (await readFile(log, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
  throw new Error(`timed out after ${seconds} s waiting until ${what}; end of ${log}:\n${tail}`);
}
