#!/usr/bin/env bash
# Refreshes the browser libraries embedded in the story-map export (assets/vendor/):
# fetches the pinned sigma and graphology packages with `npm pack` into a temporary
# directory and copies their minified UMD builds and licences. Change the versions here,
# run the script, then rebuild: `kg export --format html` embeds the files with include_str!.
set -euo pipefail
SIGMA_VERSION="${SIGMA_VERSION:-3.0.3}"
GRAPHOLOGY_VERSION="${GRAPHOLOGY_VERSION:-0.26.0}"
cd "$(dirname "$0")/.."
dest="$PWD/assets/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "sigma@$SIGMA_VERSION" "graphology@$GRAPHOLOGY_VERSION" >/dev/null)
mkdir -p "$tmp/sigma" "$tmp/graphology"
tar xzf "$tmp/sigma-$SIGMA_VERSION.tgz" -C "$tmp/sigma"
tar xzf "$tmp/graphology-$GRAPHOLOGY_VERSION.tgz" -C "$tmp/graphology"
mkdir -p "$dest"
cp "$tmp/sigma/package/dist/sigma.min.js" "$dest/sigma.min.js"
cp "$tmp/sigma/package/LICENSE.txt" "$dest/sigma.LICENSE.txt"
cp "$tmp/graphology/package/dist/graphology.umd.min.js" "$dest/graphology.umd.min.js"
cp "$tmp/graphology/package/LICENSE.txt" "$dest/graphology.LICENSE.txt"
printf 'sigma %s\ngraphology %s\n' "$SIGMA_VERSION" "$GRAPHOLOGY_VERSION" > "$dest/VERSIONS"
echo "assets/vendor: sigma $SIGMA_VERSION, graphology $GRAPHOLOGY_VERSION"
