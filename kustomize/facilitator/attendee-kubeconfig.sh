#!/usr/bin/env bash
# Prints a kubeconfig for one attendee: the current context's cluster, a token of the namespace's
# "attendee" ServiceAccount (kubectl create token, valid DURATION, 12h by default), and the
# namespace as default. Hand the file over; `kubectl config view` shows what it holds.
#   kustomize/facilitator/attendee-kubeconfig.sh trainee-7 > trainee-7.kubeconfig
set -euo pipefail
ns=${1:-}
duration=${DURATION:-12h}
if [ -z "$ns" ]; then
  echo "attendee-kubeconfig: usage: $0 <namespace>" >&2
  exit 2
fi
cluster=$(kubectl config view --minify --flatten -o jsonpath='{.clusters[0].cluster.server}')
ca=$(kubectl config view --minify --flatten -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')
if [ -z "$ca" ]; then
  echo "attendee-kubeconfig: the current context has no certificate-authority-data; use a context that verifies the API server" >&2
  exit 1
fi
token=$(kubectl create token attendee --namespace "$ns" --duration "$duration")
cat <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: tracing-lab
    cluster:
      server: $cluster
      certificate-authority-data: $ca
users:
  - name: $ns
    user:
      token: $token
contexts:
  - name: tracing-lab
    context:
      cluster: tracing-lab
      user: $ns
      namespace: $ns
current-context: tracing-lab
KUBECONFIG
