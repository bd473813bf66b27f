import type { ClusterLayout } from '../kube-cluster/layout.js';

/**
 * containerd with its own root, state, socket and runc root, so it never meets the machine's
 * (or podman's) containers. `restrict_oom_score_adj`: root here lacks CAP_SYS_RESOURCE, and runc
 * fails every sandbox the kubelet asks for `oomScoreAdj: -998`. Network namespaces live under
 * its state folder, streaming (logs, exec) on loopback, CNI config in a folder of its own.
 */
export function containerdConfig(layout: ClusterLayout, sandboxImage: string): string {
  const { containerd, cni } = layout;
  return `version = 2
root = "${containerd.root}"
state = "${containerd.state}"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs", "io.containerd.tracing.processor.v1.otlp"]

[grpc]
  address = "${containerd.socket}"

[plugins."io.containerd.internal.v1.opt"]
  path = "${containerd.root}/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${sandboxImage}"
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "${containerd.runc}"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${cni.confDir}"
`;
}

/** `containerd --config`: the one argument that also names the cluster folder. */
export function containerdArgs(layout: ClusterLayout): string[] {
  return ['--config', layout.containerd.config];
}
