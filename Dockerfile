# syntax=docker/dockerfile:1
# Images of the tracing-lab server and client, one target each:
#
#   docker buildx build --platform linux/amd64,linux/arm64 --target server --build-arg VERSION=0.1.0 \
#     -t ghcr.io/tracing-lab/tracing-lab-server:0.1.0 .
#   docker buildx build --platform linux/amd64,linux/arm64 --target client --build-arg VERSION=0.1.0 \
#     -t ghcr.io/tracing-lab/tracing-lab-client:0.1.0 .
#
# Add --push to publish both architectures. For a kind cluster, build for the local platform
# with --load and copy the image into the cluster's nodes (kustomize/README.md):
#
#   docker buildx build --target server -t ghcr.io/tracing-lab/tracing-lab-server:0.1.0 --load .
#   kind load docker-image ghcr.io/tracing-lab/tracing-lab-server:0.1.0
#
# The tag is the packages' version (packages/*/package.json), the one kustomize/base pins. The
# release workflow also passes VERSION, REVISION (the commit) and CREATED (its date) for the OCI
# labels. `tracing-lab images` builds both targets with podman, without any registry.
#
# Behind a proxy that re-signs TLS, hand its CA to npm as a build secret; it stays out of the layers:
#
#   docker buildx build --secret id=ca-certificates,src=/etc/ssl/certs/ca-certificates.crt ...

ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# Built once on the machine's own platform: the output is JavaScript, the same for every
# target. Only the production install below is made for the target platform.
FROM --platform=$BUILDPLATFORM ${NODE_IMAGE} AS build
# corepack fails its signature checks against some registries; npm installs pnpm reliably.
RUN --mount=type=secret,id=ca-certificates \
    if [ -f /run/secrets/ca-certificates ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca-certificates; fi \
 && npm install --global --no-audit --no-fund pnpm@12.4.2
WORKDIR /workspace
# Dependencies first, from the lockfile alone, so that a source change reuses this layer.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN --mount=type=secret,id=ca-certificates \
    if [ -f /run/secrets/ca-certificates ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca-certificates; fi \
 && pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline \
 && pnpm --filter @tracing-lab/server... --filter @tracing-lab/client... run build
# pnpm deploy copies each package's published files (dist/) with its production dependencies
# only, workspace packages included; --cpu picks platform-specific packages for the target.
# It writes its lockfile and workspace state 0600: chmod makes them readable by the programs' user.
ARG TARGETARCH
RUN --mount=type=secret,id=ca-certificates \
    if [ -f /run/secrets/ca-certificates ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca-certificates; fi \
 && cpu=$([ "$TARGETARCH" = amd64 ] && echo x64 || echo "$TARGETARCH") \
 && pnpm --filter @tracing-lab/server deploy --prod --cpu="$cpu" /out/server \
 && pnpm --filter @tracing-lab/client deploy --prod --cpu="$cpu" /out/client \
 && chmod -R a+rX /out

FROM ${NODE_IMAGE} AS runtime
# The programs need node only: the package managers of the base image leave with their CVEs.
# dpkg's database stays, so image scanners still list the Debian packages.
RUN rm -rf /usr/local/lib/node_modules /opt/yarn-* \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg \
      /usr/bin/apt /usr/bin/apt-* /usr/bin/dpkg /usr/bin/dpkg-* /usr/lib/apt /etc/apt
ENV NODE_ENV=production
WORKDIR /app
# The node image's entrypoint is a shell script; without it node itself is PID 1 and receives
# SIGTERM from the kubelet (the programs shut down cleanly on it, flushing telemetry).
ENTRYPOINT []
# Numeric, so that Kubernetes can verify runAsNonRoot without reading /etc/passwd.
USER 10001:10001

FROM runtime AS server
ARG VERSION
ARG REVISION
ARG CREATED
LABEL org.opencontainers.image.title="tracing-lab-server" \
      org.opencontainers.image.description="The tracing-lab server: GET /hello with a hand-made SERVER span and a deliberate latency hotspot." \
      org.opencontainers.image.source="https://github.com/tracing-lab/tracing-lab" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build /out/server /app
EXPOSE 8080
CMD ["node", "dist/bin.js"]

FROM runtime AS client
ARG VERSION
ARG REVISION
ARG CREATED
LABEL org.opencontainers.image.title="tracing-lab-client" \
      org.opencontainers.image.description="The tracing-lab client: calls the server every second and injects trace context by hand." \
      org.opencontainers.image.source="https://github.com/tracing-lab/tracing-lab" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build /out/client /app
CMD ["node", "dist/bin.js"]
