#!/usr/bin/env bash
# Regenerates the pictures in docs/img/ from files dcsim writes.
# Run from the repository root after building: docs/make-images.sh
# Needs Graphviz's dot and Debian's chromium (.ci/install-deps).
set -euo pipefail
dcsim=${DCSIM:-./build/explorer/dcsim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$dcsim" replay scenarios/devfs-ls-rm.json --dot "$tmp/wait-for.dot" --html "$tmp/devfs-ls-rm.html" > /dev/null || true
dot -Tpng "$tmp/wait-for.dot" > docs/img/devfs-wait-for.png
# The HTML report as headless chromium draws it at 1280 px wide (root needs
# --no-sandbox). The file is self-contained, so file:// is all it loads.
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --window-size=1280,1500 --screenshot="$PWD/docs/img/devfs-report.png" "file://$tmp/devfs-ls-rm.html" \
  > /dev/null 2>&1
test -s docs/img/devfs-report.png
