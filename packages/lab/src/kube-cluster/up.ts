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
import { corednsManifests } from '../node/coredns.js';
import { type ImageSource, importImages } from '../node/import-images.js';
import { kubeProxyArgs, kubeProxyConfig } from '../node/kube-proxy.js';
import { kubeletArgs, kubeletConfig } from '../node/kubelet.js';
import { kubeconfigOf, makeClusterPki } from '../pki/cluster-pki.js';
import { startDaemon } from './daemon.js';
import { kubectlFor } from './kubectl.js';
import { type ClusterLayout, clusterLayout, NETWORK, NODE_NAME } from './layout.js';
import { thingsOutsideTheFolder } from './outside.js';
import { preflight } from './preflight.js';
import { recordMade } from './record.js';
import { run } from './run.js';

export interface ClusterUpOptions {
  /** Folder holding everything of this cluster (certificates, data, logs). */
  dir: string;
  cacheDir: string;
  /** More images for the node's containerd (the project's four), loaded before the kubelet starts. */
  images?: ImageSource[];
  onProgress?: (line: string) => void;
  /** Stops the start-up at the next step (an AbortError); `clusterDown` removes what was started. */
  signal?: AbortSignal;
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
export async function clusterUp({
  dir,
  cacheDir,
  images = [],
  onProgress: report = () => {},
  signal,
}: ClusterUpOptions): Promise<ClusterUp> {
  const layout = clusterLayout(dir);
  await preflight(layout);
  const binaries = await ensureClusterBinaries({ cacheDir, onProgress: report });
  // Each step starts with a progress line: the place to stop when asked to.
  const onProgress = (line: string) => {
    signal?.throwIfAborted();
    report(line);
  };
  signal?.throwIfAborted();
  const k8s = binaries.kubernetes;
  const started = Date.now();
  for (const folder of [layout.logs, layout.etcdData, layout.cni.confDir, layout.manifests])
    await mkdir(folder, { recursive: true });
  for (const folder of [layout.kubelet.root, layout.containerd.root])
    await mkdir(folder, { recursive: true });
  for (const made of await thingsOutsideTheFolder()) await recordMade(layout.record, made);
  const daemon = (name: string, command: string, args: string[]) => {
    signal?.throwIfAborted();
    return startDaemon({ name, command, args, logs: layout.logs });
  };
  const kubectl = kubectlFor(k8s.kubectl, layout.kubeconfig);
  const jsonpath = async (args: string[], path: string) =>
    (await kubectl([...args, '-o', `jsonpath=${path}`]).catch(() => '')).trim();

  onProgress('certificates...');
  await makeClusterPki(layout);

  onProgress('node address...');
  // Made before the CNI plugin, which finds its gateway address already there.
  const nodeAddress = `${NETWORK.nodeIp}/${NETWORK.podCidr.split('/')[1]}`;
  await run('ip', ['link', 'add', NETWORK.bridge, 'type', 'bridge']);
  await run('ip', ['addr', 'add', nodeAddress, 'dev', NETWORK.bridge]);
  await run('ip', ['link', 'set', NETWORK.bridge, 'up']);

  onProgress('control plane: etcd, kube-apiserver, kube-controller-manager, kube-scheduler...');
  daemon('etcd', binaries.etcd, etcdArgs(layout));
  daemon('kube-apiserver', k8s['kube-apiserver'], kubeApiserverArgs(layout));
  await until(signal, 'the API server is ready', layout, 'kube-apiserver', 90, async () =>
    (await kubectl(['get', '--raw', '/readyz']).catch(() => '')).startsWith('ok'),
  );
  daemon(
    'kube-controller-manager',
    k8s['kube-controller-manager'],
    kubeControllerManagerArgs(layout),
  );
  daemon('kube-scheduler', k8s['kube-scheduler'], kubeSchedulerArgs(layout));

  onProgress('node: containerd, kubelet, kube-proxy...');
  await writeFile(layout.containerd.config, containerdConfig(layout, binaries.pause.ref));
  await writeFile(join(layout.cni.confDir, '10-tracing-lab.conflist'), cniConflist(layout));
  daemon('containerd', 'containerd', containerdArgs(layout));
  const ctrVersion = ['--address', layout.containerd.socket, 'version'];
  await until(signal, 'containerd answers', layout, 'containerd', 30, async () =>
    run('ctr', ctrVersion).then(
      () => true,
      () => false,
    ),
  );
  onProgress('images into containerd...');
  await importImages(layout.containerd.socket, [
    { archive: binaries.pause.image },
    { archive: binaries.coredns.image },
    ...images,
  ]);
  await writeFile(join(layout.kubelet.root, 'config.yaml'), kubeletConfig(layout));
  await writeFile(join(layout.kubelet.root, 'resolv.conf'), '');
  daemon('kubelet', k8s.kubelet, kubeletArgs(layout));
  await writeFile(join(layout.dir, 'kube-proxy.yaml'), kubeProxyConfig(layout));
  daemon('kube-proxy', k8s['kube-proxy'], kubeProxyArgs(layout));

  onProgress('cluster DNS: CoreDNS...');
  const corednsManifest = join(layout.manifests, 'coredns.yaml');
  const manifest = corednsManifests(binaries.coredns.ref, kubeconfigOf(layout, 'coredns'));
  await writeFile(corednsManifest, manifest);
  const node = ['get', 'node', NODE_NAME];
  await until(
    signal,
    'the node is registered',
    layout,
    'kubelet',
    60,
    async () => (await jsonpath(node, '{.metadata.name}')) === NODE_NAME,
  );
  await kubectl(['apply', '-f', corednsManifest]);
  await until(
    signal,
    'the node is Ready',
    layout,
    'kubelet',
    60,
    async () =>
      (await jsonpath(node, '{.status.conditions[?(@.type=="Ready")].status}')) === 'True',
  );
  const coredns = ['-n', 'kube-system', 'get', 'deploy', 'coredns'];
  await until(
    signal,
    'CoreDNS is available',
    layout,
    'kubelet',
    90,
    async () => (await jsonpath(coredns, '{.status.availableReplicas}')) === '1',
  );
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  return { kubeconfig: layout.kubeconfig, kubectl: k8s.kubectl, seconds };
}

/** Polls `check` each second; on timeout, names what did not happen and shows the log's end. */
async function until(
  signal: AbortSignal | undefined,
  what: string,
  layout: ClusterLayout,
  logOf: string,
  seconds: number,
  check: () => Promise<boolean>,
): Promise<void> {
  for (let waited = 0; waited < seconds; waited++) {
    signal?.throwIfAborted();
    if (await check()) return;
    await sleep(1000, undefined, { signal });
  }
  const log = join(layout.logs, `${logOf}.log`);
  const tail = (await readFile(log, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
  throw new Error(`timed out after ${seconds} s waiting until ${what}; end of ${log}:\n${tail}`);
}
