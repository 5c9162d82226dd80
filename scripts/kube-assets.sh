#!/usr/bin/env bash
# Builds the real kube-apiserver and etcd from the pinned Go module in test/kube into a directory laid out as
# envtest expects (<dir>/kube-apiserver, <dir>/etcd) and prints that directory as the last line of stdout
# (progress goes to stderr). Use it as KUBEBUILDER_ASSETS:
#
#   export KUBEBUILDER_ASSETS="$(scripts/kube-assets.sh | tail -n1)"
#
#   scripts/kube-assets.sh [DIR]
#     DIR defaults to $PLATFORM_AWARE_KUBE_ASSETS, else
#     ${XDG_CACHE_HOME:-$HOME/.cache}/platform-aware/kube-assets/<kubernetes version>
#
# A finished build (both binaries plus a stamp matching test/kube/go.mod, go.sum and this recipe) is reused
# without running Go at all, so no network is needed once built. Needs Go >= 1.26 and the Go module proxy for the
# first build. Go builds run under `nice -n 19`. Exit codes: 0 ok, 3 Go not installed, other: build failed.
set -euo pipefail

log() { echo "kube-assets: $*" >&2; }

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module_dir="$repo_root/test/kube"

k8s_version="$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2; exit }' "$module_dir/go.mod")"
etcd_version="$(awk '$1 == "go.etcd.io/etcd/server/v3" && $2 ~ /^v/ { print $2; exit }' "$module_dir/go.mod")"
if [[ ! "$k8s_version" =~ ^v1\.([0-9]+)\.([0-9]+)$ || -z "$etcd_version" ]]; then
  log "cannot read the pinned versions from $module_dir/go.mod"
  exit 1
fi
k8s_major=1
k8s_minor="${BASH_REMATCH[1]}"

dir="${1:-${PLATFORM_AWARE_KUBE_ASSETS:-${XDG_CACHE_HOME:-$HOME/.cache}/platform-aware/kube-assets/$k8s_version}}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

# Everything that decides what gets built. Bump RECIPE when the build commands below change.
RECIPE=1
stamp="$( { echo "recipe $RECIPE"; cat "$module_dir/go.mod" "$module_dir/go.sum"; } | sha256sum | cut -d' ' -f1)"

finished() {
  [[ -x "$dir/kube-apiserver" && -x "$dir/etcd" && -f "$dir/.platform-aware-stamp" ]] &&
    [[ "$(cat "$dir/.platform-aware-stamp")" == "$stamp" ]]
}

if finished; then
  log "reusing kube-apiserver $k8s_version and etcd $etcd_version in $dir"
  echo "$dir"
  exit 0
fi

# One build at a time per directory (test suites may ask concurrently); re-check after getting the lock.
exec 9>"$dir/.lock"
if command -v flock >/dev/null 2>&1; then
  flock 9
  if finished; then
    log "reusing kube-apiserver $k8s_version and etcd $etcd_version in $dir (built meanwhile)"
    echo "$dir"
    exit 0
  fi
fi

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then PATH="/usr/local/go/bin:$PATH"; fi
if ! command -v go >/dev/null 2>&1; then
  log "Go is not installed: install Go >= 1.26 and run scripts/kube-assets.sh again, or set KUBEBUILDER_ASSETS to a setup-envtest directory (setup-envtest use -p path)"
  exit 3
fi

build_date="$(date ${SOURCE_DATE_EPOCH:+"--date=@$SOURCE_DATE_EPOCH"} -u +'%Y-%m-%dT%H:%M:%SZ')"
# The same -X flags as Kubernetes' hack/lib/version.sh, for both copies of the version package. The module zip
# carries no git metadata: the commit is empty unless KUBE_GIT_COMMIT says it, and the tree state is "archive"
# (what version.sh reports for a build from a source archive).
ldflags=()
for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
  ldflags+=(
    "-X '$pkg.gitVersion=$k8s_version'"
    "-X '$pkg.gitMajor=$k8s_major'"
    "-X '$pkg.gitMinor=$k8s_minor'"
    "-X '$pkg.gitCommit=${KUBE_GIT_COMMIT:-}'"
    "-X '$pkg.gitTreeState=archive'"
    "-X '$pkg.buildDate=$build_date'"
  )
done

tmp="$(mktemp -d "$dir/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

export CGO_ENABLED=0 GOFLAGS=-mod=readonly
cd "$module_dir"
start=$SECONDS
log "building kube-apiserver $k8s_version with $(go version | cut -d' ' -f3) (first build downloads the modules and takes a while)"
# As Kubernetes' release builds: static, trimmed, stripped, tags selinux,notest,grpcnotrace.
nice -n 19 go build -trimpath -buildvcs=false -tags=selinux,notest,grpcnotrace \
  -ldflags "${ldflags[*]} -s -w" -o "$tmp/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
log "built kube-apiserver in $((SECONDS - start))s; building etcd $etcd_version"
nice -n 19 go build -trimpath -buildvcs=false -ldflags "-s -w" -o "$tmp/etcd" go.etcd.io/etcd/server/v3
log "built both in $((SECONDS - start))s"

"$tmp/kube-apiserver" --version >&2
"$tmp/etcd" --version >&2
mv -f "$tmp/kube-apiserver" "$tmp/etcd" "$dir/"
echo "$stamp" >"$dir/.platform-aware-stamp"
echo "$dir"
