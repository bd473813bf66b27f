#!/usr/bin/env bash
# Creates one fenced namespace per attendee (attendee/ applied with `namespace: <name>`), binds
# each attendee to the namespace-labeller ClusterRole of cluster/, and writes their kubeconfig.
#   kustomize/facilitator/add-attendees.sh 20                 # trainee-1 .. trainee-20
#   PREFIX=room2- OUT=./kubeconfigs kustomize/facilitator/add-attendees.sh 10
#   DRY_RUN=1 kustomize/facilitator/add-attendees.sh 2        # print the objects, apply nothing
# Apply cluster/ first: kubectl apply -k kustomize/facilitator/cluster
set -euo pipefail
kit=$(cd "$(dirname "$0")" && pwd)
count=${1:-}
prefix=${PREFIX:-trainee-}
out=${OUT:-./kubeconfigs}
if ! [[ "$count" =~ ^[1-9][0-9]*$ ]]; then
  echo "add-attendees: usage: $0 <number of attendees> (got '${count}')" >&2
  exit 2
fi

# kustomize takes no absolute resource paths: the per-attendee kustomization lives in the kit.
work=$(mktemp -d "$kit/.attendee.XXXXXX")
trap 'rm -rf "$work"' EXIT

for i in $(seq 1 "$count"); do
  ns="$prefix$i"
  printf 'resources: [../attendee]\nnamespace: %s\n' "$ns" >"$work/kustomization.yaml"
  binding=$(kubectl create clusterrolebinding "tracing-lab-attendee-$ns" \
    --clusterrole=tracing-lab-attendee-namespace --serviceaccount="$ns:attendee" \
    --dry-run=client -o yaml |
    kubectl label --local -f - -o yaml \
      app.kubernetes.io/part-of=tracing-lab app.kubernetes.io/component=facilitator)
  if [ -n "${DRY_RUN:-}" ]; then
    printf -- '---\n%s\n---\n%s\n' "$(kubectl kustomize "$work")" "$binding"
    continue
  fi
  kubectl apply -k "$work"
  printf '%s\n' "$binding" | kubectl apply -f -
  mkdir -p "$out"
  # The file holds a live token: readable by its owner only.
  (umask 077 && "$kit/attendee-kubeconfig.sh" "$ns" >"$out/$ns.kubeconfig")
  echo "add-attendees: $ns ready, kubeconfig in $out/$ns.kubeconfig" >&2
done
