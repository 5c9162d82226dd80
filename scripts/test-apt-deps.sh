#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, skipping apt entirely when all are present:
#   chromium          the browser that drives the workbench (playwright-core downloads none here)
#   libkrb5-dev       headers for code-server's native `kerberos` module
#   ripgrep           handed to @vscode/ripgrep instead of its GitHub download (scripts/e2e-install-code-server.sh)
#   build-essential, python3   node-gyp builds code-server's native modules
#   neovim            a real second LSP client (test/protocol/neovim.test.ts)
#   kubernetes-client kubectl for the cluster tests, unless the machine already has one
set -euo pipefail
PACKAGES=(chromium libkrb5-dev ripgrep build-essential python3 neovim)
command -v kubectl >/dev/null 2>&1 || PACKAGES+=(kubernetes-client)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "test-apt-deps: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
