#!/usr/bin/env bash
# Builds Scope's own frontend from a Scope source tree and drives it in headless Chromium against this server's jar
# (run/target/scope.jar, started with --ui-dir): onboarding, reload, Start/Stop/Start, workflow export and import,
# plugin uninstall, every failed request and console error. Prints PASS/FAIL per flow; exits 1 on a failure.
#
#   bash test/scope-frontend/check.sh <scope source tree> [idle seconds at the end, default 30]
#
# The frontend is copied to test/target/scope-frontend/ and built there (npm ci && npm run build), so nothing is
# written into the source tree or this repository; the build is reused while the frontend's files are unchanged.
# Environment: MVN_FLAGS (e.g. -o), SCOPE_UI_VRAM (VRAM the server reports, default 0: passthrough and gray only),
# SCOPE_UI_HOME (a server home to use, e.g. one with toy models; default a fresh temporary one).
set -euo pipefail
src=${1:?usage: check.sh <scope source tree> [idle seconds]}
idle=${2:-30}
root=$(cd "$(dirname "$0")/../.." && pwd)
front="$src/frontend"
[ -f "$front/package.json" ] || { echo "no frontend/package.json in $src (a Scope source tree is expected)" >&2; exit 2; }
[ -f "$root/run/target/scope.jar" ] || { echo "no run/target/scope.jar: build the run module first" >&2; exit 2; }
command -v node >/dev/null || { echo "node is not installed (Scope's frontend builds with Vite 7: Node 20.19+ or 22.12+)" >&2; exit 2; }
node_version=$(node -p 'process.versions.node')
node -e '
  const [a, b] = process.versions.node.split(".").map(Number);
  process.exit(a > 22 || (a === 22 && b >= 12) || (a === 20 && b >= 19) ? 0 : 1)' \
  || { echo "Node $node_version is too old for Vite 7 (needs 20.19+ or 22.12+)" >&2; exit 2; }

out="$root/test/target/scope-frontend"
stamp=$( (cd "$front" && find . -path ./node_modules -prune -o -path ./dist -prune -o -type f -printf '%P %s %T@\n' \
  | sort | sha256sum | cut -c1-16) )
if [ -f "$out/dist/index.html" ] && [ "$(cat "$out/.stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "Scope frontend: reusing the build in $out/dist"
else
  echo "Scope frontend: building $front with Node $node_version in $out"
  rm -rf "$out/src" "$out/dist"
  mkdir -p "$out/src"
  (cd "$front" && tar --exclude=./node_modules --exclude=./dist -cf - .) | tar -xf - -C "$out/src"
  (cd "$out/src" && npm ci --no-audit --no-fund && npm run build) > "$out/build.log" 2>&1 \
    || { tail -40 "$out/build.log" >&2; echo "the frontend build failed; full log: $out/build.log" >&2; exit 1; }
  mv "$out/src/dist" "$out/dist"
  echo "$stamp" > "$out/.stamp"
fi

cd "$root"
extra=()
[ -n "${SCOPE_UI_HOME:-}" ] && extra+=("-Dscope.ui.home=$SCOPE_UI_HOME")
# shellcheck disable=SC2086
exec mvn -B -q ${MVN_FLAGS:-} -pl test test-compile exec:exec@scope-ui -Dscope.ui.dist="$out/dist" \
  -Dscope.ui.idle="$idle" -Dscope.ui.vram="${SCOPE_UI_VRAM:-0}" "${extra[@]}"
