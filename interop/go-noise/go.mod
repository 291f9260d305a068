module bitmesh/interop/go-noise

go 1.19

require github.com/flynn/noise v1.0.0

require (
	golang.org/x/crypto v0.4.0 // indirect
	golang.org/x/sys v0.5.0 // indirect
)

// Build offline against Debian's source packages (golang-github-flynn-noise-dev
// and its dependencies); see build.sh. Nothing is vendored.
replace github.com/flynn/noise => /usr/share/gocode/src/github.com/flynn/noise

replace golang.org/x/crypto => /usr/share/gocode/src/golang.org/x/crypto

replace golang.org/x/sys => /usr/share/gocode/src/golang.org/x/sys
