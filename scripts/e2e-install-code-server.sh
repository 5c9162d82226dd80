#!/usr/bin/env bash
# Installs code-server (the real VS Code workbench + extension host) for the e2e tests into
# .cache/code-server/ of the repo, or does nothing when that exact version is already there.
# Prints the path of the code-server launcher on its last line of stdout.
#
# Needs the Debian packages that scripts/test-apt-deps.sh installs (libkrb5-dev, ripgrep, a toolchain).
# The recipe is the one in shared/PRODUCT.md section 8.
set -euo pipefail

VERSION=4.100.3 # VS Code 1.100.3; the last code-server line that runs on Node 20
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.cache/code-server"
BIN="$DIR/node_modules/code-server/out/node/entry.js"
STAMP="$DIR/installed-$VERSION"

if [[ -f "$STAMP" && -f "$BIN" ]]; then
  echo "$BIN"
  exit 0
fi

for tool in rg gcc make; do
  command -v "$tool" >/dev/null || { echo "e2e-install-code-server: '$tool' is missing: run scripts/test-apt-deps.sh" >&2; exit 1; }
done
[[ -f /usr/include/krb5.h || -f /usr/include/gssapi/gssapi.h ]] || { echo "e2e-install-code-server: libkrb5-dev is missing: run scripts/test-apt-deps.sh" >&2; exit 1; }

rm -rf "$DIR"
mkdir -p "$DIR/tmp"
# A private TMPDIR: npm, node-gyp and @vscode/ripgrep's postinstall write there, and nothing leaks to /tmp.
export TMPDIR="$DIR/tmp"
# @vscode/ripgrep's postinstall downloads rg from GitHub unless this cached tarball exists; the machines
# reach no GitHub, so hand it Debian's rg. The tarball must hold `rg` at its root.
RG_CACHE="$TMPDIR/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RG_CACHE"
cp "$(command -v rg)" "$TMPDIR/rg"
tar -czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$TMPDIR" rg
rm "$TMPDIR/rg"

# Running as root, npm drops privileges for install scripts unless told not to; code-server's own
# postinstall also runs `npm install` in sub-packages and must not prompt.
export npm_config_unsafe_perm=true npm_config_yes=true
# node-gyp cannot download Node headers here; build native modules against the machine's own.
[[ -d /usr/include/node ]] && export npm_config_nodedir=/usr

# allowScripts: npm 11 warns about (and a later npm blocks) install scripts nobody approved; these two
# must run (code-server's postinstall installs VS Code's own modules, argon2 builds a native addon).
cat >"$DIR/package.json" <<'JSON'
{ "private": true, "description": "code-server for the e2e tests (generated, not committed)",
  "allowScripts": { "code-server": true, "argon2": true } }
JSON
# stdout of npm goes to stderr so the launcher path stays the only stdout line.
npm install --prefix "$DIR" --no-audit --no-fund --no-save "code-server@$VERSION" 1>&2
# The postinstall builds VS Code's native modules; an npm that skipped it leaves a server that starts
# but cannot run an extension host, so check its products rather than trust the exit code.
VSCODE="$DIR/node_modules/code-server/lib/vscode"
for f in "$BIN" "$VSCODE/node_modules.asar" "$VSCODE/node_modules/node-pty/build/Release/pty.node" \
  "$VSCODE/node_modules/@vscode/ripgrep/bin/rg"; do
  [[ -e "$f" ]] || { echo "e2e-install-code-server: npm finished but $f is missing (did npm skip install scripts?)" >&2; exit 1; }
done
touch "$STAMP"
echo "$BIN"
