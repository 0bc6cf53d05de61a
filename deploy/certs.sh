#!/usr/bin/env bash
# Makes the webhook's serving certificate with openssl: a CA, and a key + certificate for the
# service DNS name signed by it, then the kustomize patch that puts the CA bundle into the
# ValidatingWebhookConfiguration. deploy/kustomization.yaml turns the files into the TLS secret.
#
# usage: deploy/certs.sh [OUT_DIR]    (default: deploy/pki; existing files are replaced)
# env:   SERVICE (psa-ephemeral), NAMESPACE (psa-ephemeral-system), CA_DAYS (3650), CERT_DAYS (730)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/pki}"
service="${SERVICE:-psa-ephemeral}"
namespace="${NAMESPACE:-psa-ephemeral-system}"
ca_days="${CA_DAYS:-3650}"
cert_days="${CERT_DAYS:-730}"
host="$service.$namespace.svc"

if ! command -v openssl >/dev/null 2>&1; then
  echo "certs.sh: openssl not found" >&2
  exit 1
fi

now="$(date +%s)"
serial="0x$(openssl rand -hex 16)"

umask 077
mkdir -p "$out"
rm -f "$out/ca.key" "$out/ca.crt" "$out/tls.key" "$out/tls.csr" "$out/tls.crt" \
  "$out/extensions.txt" "$out/cabundle-patch.yaml"
# Keys never belong in version control.
printf '*\n' >"$out/.gitignore"

openssl req -x509 -new -sha256 -nodes -newkey rsa:2048 -days "$ca_days" \
  -keyout "$out/ca.key" -out "$out/ca.crt" \
  -subj "/CN=psa-ephemeral-ca-$now" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

openssl req -new -sha256 -nodes -newkey rsa:2048 \
  -keyout "$out/tls.key" -out "$out/tls.csr" -subj "/CN=$host" 2>/dev/null

{
  echo "basicConstraints=CA:FALSE"
  echo "keyUsage=critical,digitalSignature,keyEncipherment"
  echo "extendedKeyUsage=serverAuth"
  echo "subjectAltName=DNS:$host,DNS:$host.cluster.local,DNS:$service.$namespace,DNS:$service"
} >"$out/extensions.txt"

openssl x509 -req -sha256 -days "$cert_days" -in "$out/tls.csr" \
  -CA "$out/ca.crt" -CAkey "$out/ca.key" -set_serial "$serial" \
  -extfile "$out/extensions.txt" -out "$out/tls.crt" 2>/dev/null
rm -f "$out/tls.csr" "$out/extensions.txt"

ca_bundle="$(openssl base64 -A <"$out/ca.crt")"
cat >"$out/cabundle-patch.yaml" <<PATCH
# Written by deploy/certs.sh: the CA that signed the serving certificate for $host.
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: psa-ephemeral
webhooks:
  - name: pod-security-webhook.psa-ephemeral.io
    clientConfig:
      caBundle: $ca_bundle
  - name: advisory.pod-security-webhook.psa-ephemeral.io
    clientConfig:
      caBundle: $ca_bundle
  - name: exec.pod-security-webhook.psa-ephemeral.io
    clientConfig:
      caBundle: $ca_bundle
  - name: exec-version.pod-security-webhook.psa-ephemeral.io
    clientConfig:
      caBundle: $ca_bundle
PATCH
chmod 0644 "$out/ca.crt" "$out/tls.crt" "$out/cabundle-patch.yaml"

echo "certs.sh: wrote $out/{ca.crt,ca.key,tls.crt,tls.key,cabundle-patch.yaml} for $host"
