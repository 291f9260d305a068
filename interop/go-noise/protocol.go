package main

// Envelope of the BitMesh conformance adapter protocol v1
// (spec/conformance-adapter.md): one JSON object per line in each direction,
// byte strings as lowercase hex.

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// Error codes answered by this adapter. The first five come from the
// adapter spec; the rest are this adapter's own, documented in README.md.
const (
	codeBadRequest     = "BAD_REQUEST"
	codeUnsupportedOp  = "UNSUPPORTED_OP"
	codeDecodeError    = "DECODE_ERROR"
	codeReplay         = "REPLAY"
	codeAuthFailed     = "AUTH_FAILED"
	codeUnknownSession = "UNKNOWN_SESSION"
	codeBadState       = "BAD_STATE"
	codeBadKey         = "BAD_KEY"
	codeNonceExhausted = "NONCE_EXHAUSTED"
	codeCapacity       = "CAPACITY"
	codeInternal       = "INTERNAL"
)

// Finer reasons carried in error.reason with DECODE_ERROR.
const (
	reasonTruncated = "TRUNCATED"
	reasonBadLength = "BAD_LENGTH"
)

// opError is a failure reported as {"ok": false, "error": {...}}.
type opError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Reason  string `json:"reason,omitempty"`
}

func (e *opError) Error() string { return e.Code + ": " + e.Message }

// fail builds an opError with a formatted message.
func fail(code, format string, args ...any) *opError {
	return &opError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// failDecode builds a DECODE_ERROR with a finer reason.
func failDecode(reason, format string, args ...any) *opError {
	return &opError{Code: codeDecodeError, Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// response is one output line. ID holds the request's id verbatim (number
// or string), or null when none could be read.
type response struct {
	ID     json.RawMessage `json:"id"`
	OK     bool            `json:"ok"`
	Result any             `json:"result,omitempty"`
	Error  *opError        `json:"error,omitempty"`
}

var jsonNull = json.RawMessage("null")

// request is a parsed input line: its id, op and remaining arguments.
type request struct {
	id   json.RawMessage
	op   string
	args map[string]json.RawMessage
}

// parseRequest reads one line. On failure it still returns the id when the
// line was a JSON object with a usable id, so the error can be matched.
func parseRequest(line []byte) (*request, json.RawMessage, *opError) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(line, &fields); err != nil || fields == nil {
		return nil, jsonNull, fail(codeBadRequest, "request is not a JSON object")
	}
	rawID, present := fields["id"]
	if !present {
		return nil, jsonNull, fail(codeBadRequest, "request has no id")
	}
	if !isNumberOrString(rawID) {
		return nil, jsonNull, fail(codeBadRequest, "id must be a number or a string")
	}
	var op string
	rawOp, present := fields["op"]
	if !present || json.Unmarshal(rawOp, &op) != nil {
		return nil, rawID, fail(codeBadRequest, "op must be a string")
	}
	delete(fields, "id")
	delete(fields, "op")
	return &request{id: rawID, op: op, args: fields}, rawID, nil
}

// isNumberOrString tells whether a valid JSON value is a number or a string
// by its first byte (json.Unmarshal has already validated the syntax).
func isNumberOrString(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return false
	}
	c := raw[0]
	return c == '"' || c == '-' || (c >= '0' && c <= '9')
}

// has reports whether argument name is present and not JSON null.
func (r *request) has(name string) bool {
	raw, ok := r.args[name]
	return ok && !bytes.Equal(bytes.TrimSpace(raw), jsonNull)
}

// str returns a required string argument.
func (r *request) str(name string) (string, *opError) {
	if !r.has(name) {
		return "", fail(codeBadRequest, "missing argument %q", name)
	}
	var s string
	if json.Unmarshal(r.args[name], &s) != nil {
		return "", fail(codeBadRequest, "argument %q must be a string", name)
	}
	return s, nil
}

// bytesArg returns a hex argument. An absent or null optional argument
// yields an empty slice; an absent required one is an error.
func (r *request) bytesArg(name string, required bool) ([]byte, *opError) {
	if !r.has(name) {
		if required {
			return nil, fail(codeBadRequest, "missing argument %q", name)
		}
		return []byte{}, nil
	}
	s, err := r.str(name)
	if err != nil {
		return nil, err
	}
	// Decoding accepts uppercase too; output is always lowercase.
	b, decErr := hex.DecodeString(s)
	if decErr != nil {
		return nil, fail(codeBadRequest, "argument %q is not hex: %v", name, decErr)
	}
	return b, nil
}

// keyArg returns a 32-byte X25519 key argument, or nil when it is optional
// and absent.
func (r *request) keyArg(name string, required bool) ([]byte, *opError) {
	if !required && !r.has(name) {
		return nil, nil
	}
	b, err := r.bytesArg(name, true)
	if err != nil {
		return nil, err
	}
	if len(b) != keyBytes {
		return nil, fail(codeBadRequest, "argument %q must be %d bytes, got %d", name, keyBytes, len(b))
	}
	return b, nil
}

// encodeResponse renders a response as one line without the newline.
func encodeResponse(res response) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		// Only reachable through a bug in a result type; keep the stream valid.
		fallback := response{ID: res.ID, Error: fail(codeInternal, "cannot encode response: %v", err)}
		buf.Reset()
		_ = enc.Encode(fallback)
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}
