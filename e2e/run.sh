#!/usr/bin/env bash
# End-to-end tests of psa-ephemeral on a real API server (`make e2e`); see e2e/README.md.
#
#   E2E_KUBECONFIG=PATH          run against an existing cluster whose built-in PodSecurity plugin is off:
#     E2E_WEBHOOK=preinstalled   the webhook is already registered there, or
#     E2E_IMAGE=REF              deploy it from this pushed image (removed again afterwards)
#   E2E_COMPARE_KUBECONFIG=PATH  a cluster running the built-in plugin, for the compatibility diff
#   otherwise, with a Docker engine and kind: two kind clusters (built-in plugin / webhook), deleted afterwards
#   otherwise: prints one "skipped: ..." line and exits 0.
#
# Also read: E2E_KIND_NODE_IMAGE, E2E_KEEP=1 (keep clusters / deployed webhook), E2E_KUBERNETES_VERSION
# (for servers whose /version names none), E2E_LATEST_VERSION, E2E_RUN_ID, E2E_KEEP_NAMESPACES=1
# (the last three by the suite itself).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

work=""
clusters=()
installed_overlay=""
installed_kubeconfig=""

log() { echo "e2e: $*" >&2; }
die() {
  echo "e2e: $*" >&2
  exit 1
}
skip() {
  echo "skipped: $*"
  exit 0
}
have() { command -v "$1" >/dev/null 2>&1; }

cleanup() {
  local rc=$?
  if [[ "${E2E_KEEP:-}" == "1" ]]; then
    [[ -n "$work" ]] && log "E2E_KEEP=1: kept ${clusters[*]:-the deployed webhook}; kubeconfigs and overlay in $work"
    exit "$rc"
  fi
  if [[ -n "$installed_overlay" ]]; then
    log "removing the webhook deployed for this run"
    kubectl --kubeconfig "$installed_kubeconfig" delete -k "$installed_overlay" --ignore-not-found --wait=false >&2 || true
  fi
  local name
  for name in ${clusters[@]+"${clusters[@]}"}; do
    kind delete cluster --name "$name" >&2 || true
  done
  [[ -n "$work" ]] && rm -rf "$work"
  exit "$rc"
}

# The API server's minor version, e.g. 33 for v1.33.2: /version's major/minor, else its gitVersion
# (development builds), else E2E_KUBERNETES_VERSION; the suite reads it the same way (e2e/lib/version.ts).
server_minor() {
  local minor
  minor="$(kubectl --kubeconfig "$1" get --raw /version |
    node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const v = JSON.parse(s);
      const m = (v.major === "1" && /^(\d+)\+?$/.exec(v.minor ?? "")) ||
        /^v?1\.(\d+)(?:$|[.+-])/.exec(v.gitVersion ?? "") ||
        /^v?1\.(\d+)(?:\.\d+)?$/.exec(process.env.E2E_KUBERNETES_VERSION ?? "");
      if (m) console.log(m[1]);
    });')"
  [[ -n "$minor" ]] ||
    die "$1: GET /version names no Kubernetes version; set E2E_KUBERNETES_VERSION=v1.N to the version it was built from"
  echo "$minor"
}

# Waits until the webhook rejects a namespace with an invalid ephemeral-enforce label (dry-run).
wait_for_webhook() {
  local kubeconfig="$1" out i
  for i in $(seq 1 60); do
    out="$(printf '%s\n' 'apiVersion: v1' 'kind: Namespace' 'metadata:' '  name: psa-e2e-probe' '  labels:' \
      '    pod-security.kubernetes.io/ephemeral-enforce: bogus' |
      kubectl --kubeconfig "$kubeconfig" create --dry-run=server -f - 2>&1 || true)"
    case "$out" in
      *"denied the request"*) return 0 ;;
      *) ;;
    esac
    [[ "$i" == "1" ]] && log "waiting for the webhook to answer"
    sleep 2
  done
  die "the webhook did not answer within 120s; last answer: $out"
}

# Deploys deploy/manifests with a fresh serving certificate, the given image and --emulation-version.
deploy_webhook() {
  local kubeconfig="$1" image="$2" emulation="$3" dir="$4"
  mkdir -p "$dir"
  # kustomize accepts no absolute resource paths: the overlay gets its own copy of the manifests.
  rm -rf "$dir/manifests"
  cp -R "$repo/deploy/manifests" "$dir/manifests"
  bash "$repo/deploy/certs.sh" "$dir/pki" >&2
  cat >"$dir/kustomization.yaml" <<KUSTOMIZATION
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - manifests
secretGenerator:
  - name: psa-ephemeral-tls
    namespace: psa-ephemeral-system
    type: kubernetes.io/tls
    options:
      disableNameSuffixHash: true
    files:
      - pki/tls.crt
      - pki/tls.key
      - pki/ca.crt
patches:
  - path: pki/cabundle-patch.yaml
  - target:
      kind: Deployment
      name: psa-ephemeral
    patch: |-
      - op: replace
        path: /spec/template/spec/containers/0/image
        value: "$image"
      - op: add
        path: /spec/template/spec/containers/0/args/-
        value: --emulation-version
      - op: add
        path: /spec/template/spec/containers/0/args/-
        value: "$emulation"
KUSTOMIZATION
  log "deploying $image with --emulation-version $emulation"
  kubectl --kubeconfig "$kubeconfig" apply -k "$dir" >&2
  installed_overlay="$dir"
  installed_kubeconfig="$kubeconfig"
  kubectl --kubeconfig "$kubeconfig" -n psa-ephemeral-system rollout status deployment/psa-ephemeral --timeout=300s >&2
  wait_for_webhook "$kubeconfig"
}

run_suite() {
  local kubeconfig="$1" compare="${2:-}" rc=0
  make -s -C "$repo" install >&2
  log "running the suite against $kubeconfig${compare:+, comparing with $compare}"
  rm -f "$repo"/e2e/out/summary-*.txt
  E2E_KUBECONFIG="$kubeconfig" E2E_COMPARE_KUBECONFIG="$compare" \
    "$repo/node_modules/.bin/vitest" run --config e2e/vitest.config.ts || rc=$?
  # What was assumed, not applicable or excused (each scenario also prints it above).
  if compgen -G "$repo/e2e/out/summary-*.txt" >/dev/null; then
    log "summary:"
    cat "$repo"/e2e/out/summary-*.txt >&2
  fi
  return "$rc"
}

existing_cluster() {
  have kubectl || die "kubectl not found"
  [[ -r "$E2E_KUBECONFIG" ]] || die "E2E_KUBECONFIG=$E2E_KUBECONFIG is not a readable file"
  local compare="${E2E_COMPARE_KUBECONFIG:-}"
  [[ -z "$compare" || -r "$compare" ]] || die "E2E_COMPARE_KUBECONFIG=$compare is not a readable file"
  case "${E2E_WEBHOOK:-}" in
    preinstalled)
      log "using the webhook already registered on $E2E_KUBECONFIG"
      ;;
    "")
      [[ -n "${E2E_IMAGE:-}" ]] ||
        die "E2E_KUBECONFIG is set: set E2E_WEBHOOK=preinstalled if the webhook is registered there, or E2E_IMAGE=<pushed image> to deploy it (an image cannot be built into an existing cluster)"
      local minor
      minor="$(server_minor "${compare:-$E2E_KUBECONFIG}")"
      work="$(mktemp -d)"
      trap cleanup EXIT
      trap 'exit 130' INT TERM
      deploy_webhook "$E2E_KUBECONFIG" "$E2E_IMAGE" "v1.$minor" "$work/overlay"
      ;;
    *) die "E2E_WEBHOOK must be \"preinstalled\" or unset, got \"$E2E_WEBHOOK\"" ;;
  esac
  run_suite "$E2E_KUBECONFIG" "$compare"
}

kind_clusters() {
  local suffix stock webhook image node_image=()
  suffix="$(date +%s)"
  stock="psa-e2e-builtin-$suffix"
  webhook="psa-e2e-webhook-$suffix"
  image="${E2E_IMAGE:-psa-ephemeral:e2e}"
  [[ -n "${E2E_KIND_NODE_IMAGE:-}" ]] && node_image=(--image "$E2E_KIND_NODE_IMAGE")
  work="$(mktemp -d)"
  trap cleanup EXIT
  trap 'exit 130' INT TERM

  log "creating kind clusters $stock (built-in PodSecurity) and $webhook (PodSecurity disabled)"
  clusters+=("$stock")
  kind create cluster --name "$stock" --kubeconfig "$work/builtin.kubeconfig" --wait 180s \
    ${node_image[@]+"${node_image[@]}"} >&2
  clusters+=("$webhook")
  kind create cluster --name "$webhook" --config "$repo/e2e/kind/webhook-cluster.yaml" \
    --kubeconfig "$work/webhook.kubeconfig" --wait 180s ${node_image[@]+"${node_image[@]}"} >&2

  log "building $image"
  docker build -t "$image" "$repo" >&2
  kind load docker-image "$image" --name "$webhook" >&2

  local minor
  minor="$(server_minor "$work/builtin.kubeconfig")"
  deploy_webhook "$work/webhook.kubeconfig" "$image" "v1.$minor" "$work/overlay"
  installed_overlay="" # deleted with its cluster
  run_suite "$work/webhook.kubeconfig" "$work/builtin.kubeconfig"
}

if [[ -n "${E2E_KUBECONFIG:-}" ]]; then
  existing_cluster
  exit 0
fi
if ! have docker; then
  skip "no docker engine (docker not installed) and no E2E_KUBECONFIG; see e2e/README.md"
fi
docker_info=(docker info)
have timeout && docker_info=(timeout 20 docker info)
if ! "${docker_info[@]}" >/dev/null 2>&1; then
  skip "no docker engine (docker info failed) and no E2E_KUBECONFIG; see e2e/README.md"
fi
if ! have kind; then
  skip "no kind (not installed) and no E2E_KUBECONFIG; see e2e/README.md"
fi
if ! have kubectl; then
  skip "no kubectl (not installed) and no E2E_KUBECONFIG; see e2e/README.md"
fi
kind_clusters
