# Sourced by scripts/test and scripts/demo after scripts/system-tools.sh: what `tracing-lab cluster` needs on the
# machine (the node's runtime, pod network, Service rules, certificates, the pause image's libc).
cluster_missing=()
for tool in containerd runc iptables conntrack openssl gcc; do
  command -v "$tool" >/dev/null || cluster_missing+=("$tool")
done
[ -x /usr/lib/cni/bridge ] || cluster_missing+=(containernetworking-plugins)
[ -e /usr/lib/x86_64-linux-gnu/libc.a ] || [ -e /usr/lib/aarch64-linux-gnu/libc.a ] || cluster_missing+=(libc6-dev)
system_install "tracing-lab cluster runs a single-node Kubernetes" "${cluster_missing[@]}"
