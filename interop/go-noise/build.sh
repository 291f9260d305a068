#!/usr/bin/env bash
# Builds the Go Noise interop adapter into bin/go-noise-adapter.
#
# Needs Go (>= 1.19) and Debian's flynn/noise source package:
#   apt-get install -y golang-go golang-github-flynn-noise-dev
# Nothing is downloaded: go.mod points (replace) at the Debian source tree
# under /usr/share/gocode/src and the module proxy is switched off.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gocode="/usr/share/gocode/src"
missing="install them with: apt-get install -y golang-go golang-github-flynn-noise-dev"

if ! command -v go >/dev/null 2>&1; then
  echo "build.sh: Go toolchain not found (no 'go' on PATH); $missing" >&2
  exit 1
fi
for dir in github.com/flynn/noise golang.org/x/crypto golang.org/x/sys; do
  if [ ! -f "$gocode/$dir/go.mod" ]; then
    echo "build.sh: Go library source $gocode/$dir not found; $missing" >&2
    exit 1
  fi
done

mkdir -p "$here/bin"
cd "$here"
# -mod=readonly: go.mod is complete and must not be rewritten by the build.
if ! GOFLAGS=-mod=readonly GOPROXY=off GOSUMDB=off GOTOOLCHAIN=local GO111MODULE=on \
  go build -trimpath -o "$here/bin/go-noise-adapter" .; then
  # go.mod describes Debian's flynn/noise 1.0.0 module graph; another packaged
  # version may require other modules. GOPATH mode needs no graph at all.
  echo "build.sh: module build failed; retrying in GOPATH mode against $gocode" >&2
  GOFLAGS= GOPROXY=off GOTOOLCHAIN=local GO111MODULE=off GOPATH=/usr/share/gocode \
    go build -trimpath -o "$here/bin/go-noise-adapter" .
fi
echo "built $here/bin/go-noise-adapter ($(go version))"
