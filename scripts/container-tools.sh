# Sourced by scripts/test, scripts/demo and scripts/images after system-tools.sh: what `tracing-lab images` and the image tests use.
# podman with runc (crun refuses hybrid cgroups), netavark and aardvark-dns (container names
# resolve on test networks), debootstrap (the Node base image when no registry is reachable).
missing=()
command -v podman >/dev/null || missing+=(podman)
command -v runc >/dev/null || missing+=(runc)
[ -x /usr/lib/podman/netavark ] || missing+=(netavark)
[ -x /usr/lib/podman/aardvark-dns ] || missing+=(aardvark-dns)
command -v iptables >/dev/null || missing+=(iptables)
command -v debootstrap >/dev/null || missing+=(debootstrap)
system_install "container images are built and run with podman" "${missing[@]}"
# The engine settings the images need (runc, ulimits, cgroupfs), without editing the machine's.
CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/scripts/containers.conf}
export CONTAINERS_CONF
