#!/usr/bin/env bash
# Regenerates the pictures in docs/img/ from files dcsim writes.
# Run from the repository root after building: docs/make-images.sh
set -euo pipefail
dcsim=${DCSIM:-./build/explorer/dcsim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$dcsim" replay scenarios/devfs-ls-rm.json --dot "$tmp/wait-for.dot" > /dev/null || true
dot -Tpng "$tmp/wait-for.dot" > docs/img/devfs-wait-for.png
