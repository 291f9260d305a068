#!/usr/bin/env bash
# Builds the adapter and checks it end to end over stdio (selftest.mjs):
# cacophony Noise vectors, a live XX handshake between two sessions, bitchat
# transport framing, the replay window and error handling.
# Exits non-zero on any mismatch.
#   BITMESH_VECTORS  vectors root (default /work/shared/vectors)
#   GO_NOISE_ADAPTER adapter binary (default bin/go-noise-adapter, built here)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v node >/dev/null 2>&1; then
  echo "selftest.sh: node (>= 18) is needed to drive the adapter" >&2
  exit 1
fi
if [ -z "${GO_NOISE_ADAPTER:-}" ]; then
  "$here/build.sh" >&2
fi
exec node "$here/selftest.mjs"
