# Sourced by scripts/test and scripts/demo: the system tools the single-node Kubernetes and its
# tests use.
# As root on Debian/Ubuntu, missing ones are installed; elsewhere the line says what to install.

# system_install <what they are for> <debian package>...: installs the packages given (the missing
# ones, decided by the caller) or says what to install.
system_install() {
  local purpose=$1
  shift
  [ "$#" -gt 0 ] || return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "system: installing $* ($purpose)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
  else
    echo "system: please install $* ($purpose)" >&2
    exit 1
  fi
}

missing=()
command -v ip >/dev/null || missing+=(iproute2)
{ command -v nsenter >/dev/null && command -v umount >/dev/null; } || missing+=(util-linux)
system_install "the cluster's bridge, mounts and network namespaces" "${missing[@]}"
for tool in go kubectl npm; do
  command -v "$tool" >/dev/null || { echo "system: $tool is required (see README: Requirements)" >&2; exit 1; }
done
