// Command go-noise-adapter is an independent Noise peer for BitMesh interop
// tests: it speaks the conformance adapter protocol (JSON Lines on stdio,
// spec/conformance-adapter.md) and does the Noise work with the flynn/noise
// library, adding bitchat's transport framing and replay window.
package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
)

// adapterVersion is this program's version, reported by hello.
const adapterVersion = "0.1.0"

// maxLineBytes bounds one request line (8 MiB of hex is a 4 MiB payload,
// well above bitchat's 65 535-byte private message limit).
const maxLineBytes = 8 << 20

// maxSessions bounds the live sessions one process keeps; there is no close
// op in protocol v1, so a client needing more starts a new process.
const maxSessions = 4096

// supportedOps is what hello advertises; every other op is UNSUPPORTED_OP.
var supportedOps = []string{
	"hello", "noise.new", "noise.write", "noise.read", "noise.encrypt",
	"noise.decrypt", "noise.handshakeHash", "noise.remoteStatic",
}

// adapter holds the sessions of one process.
type adapter struct {
	sessions map[string]*session
	created  uint64
}

func newAdapter() *adapter {
	return &adapter{sessions: make(map[string]*session)}
}

// handleLine answers one request line; it never panics.
func (a *adapter) handleLine(line []byte) (out []byte) {
	req, id, perr := parseRequest(line)
	if perr != nil {
		return encodeResponse(response{ID: id, Error: perr})
	}
	defer func() {
		// A library panic must not take the adapter down.
		if r := recover(); r != nil {
			out = encodeResponse(response{ID: req.id, Error: fail(codeInternal, "panic: %v", r)})
		}
	}()
	result, err := a.dispatch(req)
	if err != nil {
		return encodeResponse(response{ID: req.id, Error: err})
	}
	return encodeResponse(response{ID: req.id, OK: true, Result: result})
}

// dispatch runs one parsed request.
func (a *adapter) dispatch(req *request) (map[string]any, *opError) {
	switch req.op {
	case "hello":
		return map[string]any{
			"implementation": "bitmesh-go-noise-adapter (github.com/flynn/noise)",
			"version":        versionString(),
			"ops":            supportedOps,
		}, nil
	case "noise.new":
		return a.opNew(req)
	}

	var s *session
	switch req.op {
	case "noise.write", "noise.read", "noise.encrypt", "noise.decrypt",
		"noise.handshakeHash", "noise.remoteStatic":
		var err *opError
		if s, err = a.lookup(req); err != nil {
			return nil, err
		}
	default:
		return nil, fail(codeUnsupportedOp, "unsupported op %q", req.op)
	}

	switch req.op {
	case "noise.write":
		payload, err := req.bytesArg("payload", false)
		if err != nil {
			return nil, err
		}
		msg, err := s.write(payload)
		if err != nil {
			return nil, err
		}
		return map[string]any{"message": hex.EncodeToString(msg), "complete": s.established}, nil
	case "noise.read":
		msg, err := req.bytesArg("message", true)
		if err != nil {
			return nil, err
		}
		payload, err := s.read(msg)
		if err != nil {
			return nil, err
		}
		return map[string]any{"payload": hex.EncodeToString(payload), "complete": s.established}, nil
	case "noise.encrypt":
		pt, err := req.bytesArg("plaintext", true)
		if err != nil {
			return nil, err
		}
		frame, err := s.encrypt(pt)
		if err != nil {
			return nil, err
		}
		return map[string]any{"frame": hex.EncodeToString(frame)}, nil
	case "noise.decrypt":
		frame, err := req.bytesArg("frame", true)
		if err != nil {
			return nil, err
		}
		pt, err := s.decrypt(frame)
		if err != nil {
			return nil, err
		}
		return map[string]any{"plaintext": hex.EncodeToString(pt)}, nil
	case "noise.handshakeHash":
		return map[string]any{"hex": hex.EncodeToString(s.handshakeHash())}, nil
	default: // noise.remoteStatic
		rs, err := s.peerStatic()
		if err != nil {
			return nil, err
		}
		return map[string]any{"hex": hex.EncodeToString(rs)}, nil
	}
}

// opNew handles noise.new, including the BitMesh extension argument
// remoteStaticPublic for patterns where the initiator knows the responder.
func (a *adapter) opNew(req *request) (map[string]any, *opError) {
	if len(a.sessions) >= maxSessions {
		return nil, fail(codeCapacity, "at most %d sessions per process", maxSessions)
	}
	pattern, err := req.str("pattern")
	if err != nil {
		return nil, err
	}
	role, err := req.str("role")
	if err != nil {
		return nil, err
	}
	var p sessionParams
	p.pattern = pattern
	switch role {
	case "initiator":
		p.initiator = true
	case "responder":
	default:
		return nil, fail(codeBadRequest, "role must be \"initiator\" or \"responder\", got %q", role)
	}
	if p.staticPrivate, err = req.keyArg("staticPrivate", false); err != nil {
		return nil, err
	}
	if p.ephemeralPrivate, err = req.keyArg("ephemeralPrivate", false); err != nil {
		return nil, err
	}
	if p.remoteStaticPublic, err = req.keyArg("remoteStaticPublic", false); err != nil {
		return nil, err
	}
	if p.prologue, err = req.bytesArg("prologue", false); err != nil {
		return nil, err
	}
	s, err := newSession(p)
	if err != nil {
		return nil, err
	}
	a.created++
	name := "s" + strconv.FormatUint(a.created, 10)
	a.sessions[name] = s
	return map[string]any{"session": name}, nil
}

// lookup finds the session named by the request's "session" argument.
func (a *adapter) lookup(req *request) (*session, *opError) {
	name, err := req.str("session")
	if err != nil {
		return nil, err
	}
	s, ok := a.sessions[name]
	if !ok {
		return nil, fail(codeUnknownSession, "no session %q", name)
	}
	return s, nil
}

// versionString names the adapter, library and Go versions from build info.
func versionString() string {
	lib := "unknown"
	goVersion := "unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		goVersion = info.GoVersion
		for _, dep := range info.Deps {
			if dep.Path == "github.com/flynn/noise" {
				lib = dep.Version
			}
		}
	}
	return fmt.Sprintf("%s (flynn/noise %s, %s)", adapterVersion, lib, goVersion)
}

// readLine returns the next line without its terminator. A line longer than
// limit is consumed and reported with tooLong (its bytes are dropped).
func readLine(r *bufio.Reader, limit int) (line []byte, tooLong bool, err error) {
	for {
		chunk, e := r.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > limit+2 { // +2: room for "\r\n"
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if e == bufio.ErrBufferFull {
			continue
		}
		if n := len(line); n > 0 && line[n-1] == '\n' {
			line = line[:n-1]
			if n := len(line); n > 0 && line[n-1] == '\r' {
				line = line[:n-1]
			}
		}
		return line, tooLong, e
	}
}

// isBlank reports whether a line holds only JSON whitespace.
func isBlank(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 64<<10)
	out := bufio.NewWriterSize(os.Stdout, 64<<10)
	a := newAdapter()
	for {
		line, tooLong, err := readLine(in, maxLineBytes)
		var reply []byte
		switch {
		case tooLong:
			reply = encodeResponse(response{ID: jsonNull, Error: fail(codeBadRequest, "request line longer than %d bytes", maxLineBytes)})
		case !isBlank(line):
			reply = a.handleLine(line)
		}
		if reply != nil {
			out.Write(reply)
			out.WriteByte('\n')
			// Flush per response: the client waits for each answer.
			if werr := out.Flush(); werr != nil {
				fmt.Fprintln(os.Stderr, "go-noise-adapter: cannot write stdout:", werr)
				os.Exit(1)
			}
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "go-noise-adapter: cannot read stdin:", err)
			os.Exit(1)
		}
	}
}
