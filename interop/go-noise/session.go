package main

// One Noise session: a flynn/noise handshake, then bitchat transport framing
// (bitchat-wire.md §5.4) on the split cipher states.

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"io"

	"github.com/flynn/noise"
)

// keyBytes is the size of X25519 private and public keys.
const keyBytes = 32

// nonceBytes is the size of the big-endian nonce prefix of a transport frame.
const nonceBytes = 4

// tagBytes is the size of the ChaCha20-Poly1305 tag.
const tagBytes = 16

// maxSendNonce is the last counter a sender may use: bitchat carries only the
// low 32 bits on the wire and stops at 2^32-2.
const maxSendNonce = 1<<32 - 2

// patternInfo says which keys a pattern needs from each side.
type patternInfo struct {
	pattern noise.HandshakePattern
	// initiatorStatic / responderStatic: the role owns a static key pair.
	initiatorStatic, responderStatic bool
	// knownResponder: the initiator knows the responder's static public key
	// in advance (a responder pre-message "s"), so noise.new needs it.
	knownResponder bool
}

// patterns are the handshakes the adapter offers.
var patterns = map[string]patternInfo{
	"XX": {pattern: noise.HandshakeXX, initiatorStatic: true, responderStatic: true},
	"XK": {pattern: noise.HandshakeXK, initiatorStatic: true, responderStatic: true, knownResponder: true},
	"IK": {pattern: noise.HandshakeIK, initiatorStatic: true, responderStatic: true, knownResponder: true},
	"NK": {pattern: noise.HandshakeNK, responderStatic: true, knownResponder: true},
}

// Errors tagged by the suite wrappers so failures can be classified without
// matching library error strings.
var (
	errAuth   = errors.New("authentication tag mismatch")
	errBadKey = errors.New("X25519 rejected the public key (low-order point)")
)

// taggedDH reports every DH failure as errBadKey.
type taggedDH struct{ noise.DHFunc }

func (d taggedDH) DH(privkey, pubkey []byte) ([]byte, error) {
	out, err := d.DHFunc.DH(privkey, pubkey)
	if err != nil {
		return nil, errBadKey
	}
	return out, nil
}

// taggedCipherFunc builds ciphers whose Decrypt failures are errAuth.
type taggedCipherFunc struct{ noise.CipherFunc }

func (f taggedCipherFunc) Cipher(k [32]byte) noise.Cipher {
	return taggedCipher{f.CipherFunc.Cipher(k)}
}

type taggedCipher struct{ noise.Cipher }

func (c taggedCipher) Decrypt(out []byte, n uint64, ad, ciphertext []byte) ([]byte, error) {
	pt, err := c.Cipher.Decrypt(out, n, ad, ciphertext)
	if err != nil {
		return nil, errAuth
	}
	return pt, nil
}

// suite is Noise_*_25519_ChaChaPoly_SHA256; the wrappers keep the names.
var suite = noise.NewCipherSuite(taggedDH{noise.DH25519}, taggedCipherFunc{noise.CipherChaChaPoly}, noise.HashSHA256)

// sessionParams are the validated arguments of noise.new.
type sessionParams struct {
	pattern            string
	initiator          bool
	staticPrivate      []byte // nil when the role has no static key
	ephemeralPrivate   []byte // nil: draw from crypto/rand
	prologue           []byte
	remoteStaticPublic []byte // nil unless the pattern pre-shares it
}

// handshakeStep is one handshake message the session has processed.
type handshakeStep struct {
	write bool
	data  []byte // the payload written, or the message read
}

// session is a handshake in progress or an established transport.
type session struct {
	config    noise.Config // without Random; see rebuild
	ephemeral []byte       // 32 bytes, the only randomness a handshake uses
	steps     []handshakeStep
	hs        *noise.HandshakeState // nil once established

	// Set when the handshake completes.
	established  bool
	send, recv   noise.Cipher
	sendNonce    uint64
	window       replayWindow
	hash         []byte
	remoteStatic []byte
}

// newSession validates params against the pattern and starts a handshake.
func newSession(p sessionParams) (*session, *opError) {
	info, ok := patterns[p.pattern]
	if !ok {
		return nil, fail(codeBadRequest, "unsupported pattern %q (XX, XK, IK, NK)", p.pattern)
	}
	ownsStatic := info.responderStatic
	if p.initiator {
		ownsStatic = info.initiatorStatic
	}
	if ownsStatic && p.staticPrivate == nil {
		return nil, fail(codeBadRequest, "pattern %s needs staticPrivate for this role", p.pattern)
	}
	needsRemote := p.initiator && info.knownResponder
	if needsRemote && p.remoteStaticPublic == nil {
		return nil, fail(codeBadRequest, "pattern %s initiator needs remoteStaticPublic", p.pattern)
	}
	if !needsRemote && p.remoteStaticPublic != nil {
		return nil, fail(codeBadRequest, "remoteStaticPublic is not used by pattern %s for this role", p.pattern)
	}

	cfg := noise.Config{
		CipherSuite: suite,
		Pattern:     info.pattern,
		Initiator:   p.initiator,
		Prologue:    p.prologue,
		PeerStatic:  p.remoteStaticPublic,
	}
	if ownsStatic {
		// GenerateKeypair with the private key as its "randomness" derives
		// the public key with the library's own X25519.
		kp, err := suite.GenerateKeypair(bytes.NewReader(p.staticPrivate))
		if err != nil {
			return nil, fail(codeBadKey, "staticPrivate: %v", err)
		}
		cfg.StaticKeypair = kp
	}
	eph := p.ephemeralPrivate
	if eph == nil {
		eph = make([]byte, keyBytes)
		if _, err := io.ReadFull(rand.Reader, eph); err != nil {
			return nil, fail(codeInternal, "no randomness for the ephemeral key: %v", err)
		}
	}
	s := &session{config: cfg, ephemeral: eph}
	if err := s.rebuild(); err != nil {
		return nil, fail(codeInternal, "cannot start handshake: %v", err)
	}
	return s, nil
}

// rebuild recreates the handshake state from the configuration and the
// steps accepted so far. flynn/noise v1.0.0 leaves its state half-updated
// when a message is rejected (its rollback restores h and ck but not the
// key, and DH errors skip it), so a failed step is undone by replaying the
// good ones. Replays are deterministic: the ephemeral key is fixed up front.
func (s *session) rebuild() error {
	cfg := s.config
	cfg.Random = bytes.NewReader(s.ephemeral)
	hs, err := noise.NewHandshakeState(cfg)
	if err != nil {
		return err
	}
	for _, st := range s.steps {
		if st.write {
			_, _, _, err = hs.WriteMessage(nil, st.data)
		} else {
			_, _, _, err = hs.ReadMessage(nil, st.data)
		}
		if err != nil {
			return err
		}
	}
	s.hs = hs
	return nil
}

// ourTurn reports whether the next handshake message is ours to write.
func (s *session) ourTurn() bool {
	// Even-numbered messages come from the initiator.
	return (s.hs.MessageIndex()%2 == 0) == s.config.Initiator
}

// write produces the next handshake message carrying payload.
func (s *session) write(payload []byte) ([]byte, *opError) {
	if s.established {
		return nil, fail(codeBadState, "handshake already complete")
	}
	if !s.ourTurn() {
		return nil, fail(codeBadState, "expected noise.read: the peer sends the next handshake message")
	}
	if len(payload) > noise.MaxMsgLen {
		return nil, fail(codeBadRequest, "payload of %d bytes exceeds %d", len(payload), noise.MaxMsgLen)
	}
	msg, cs1, cs2, err := s.hs.WriteMessage(nil, payload)
	if err != nil {
		return nil, s.undo(err)
	}
	s.steps = append(s.steps, handshakeStep{write: true, data: payload})
	if cs1 != nil {
		s.finish(cs1, cs2)
	}
	return msg, nil
}

// read consumes the peer's next handshake message and returns its payload.
// A rejected message leaves the session as it was.
func (s *session) read(message []byte) ([]byte, *opError) {
	if s.established {
		return nil, fail(codeBadState, "handshake already complete")
	}
	if s.ourTurn() {
		return nil, fail(codeBadState, "expected noise.write: this side sends the next handshake message")
	}
	if len(message) > noise.MaxMsgLen {
		return nil, failDecode(reasonBadLength, "handshake message of %d bytes exceeds %d", len(message), noise.MaxMsgLen)
	}
	payload, cs1, cs2, err := s.hs.ReadMessage(nil, message)
	if err != nil {
		return nil, s.undo(err)
	}
	s.steps = append(s.steps, handshakeStep{data: message})
	if cs1 != nil {
		s.finish(cs1, cs2)
	}
	return payload, nil
}

// undo restores the state before a failed step and classifies the error.
func (s *session) undo(err error) *opError {
	if rerr := s.rebuild(); rerr != nil {
		return fail(codeInternal, "handshake state lost after %v: %v", err, rerr)
	}
	switch {
	case errors.Is(err, noise.ErrShortMessage):
		return failDecode(reasonTruncated, "handshake message too short")
	case errors.Is(err, errAuth):
		return fail(codeAuthFailed, "handshake message failed authentication")
	case errors.Is(err, errBadKey):
		return fail(codeBadKey, "%v", err)
	default:
		return fail(codeBadState, "handshake: %v", err)
	}
}

// finish switches to transport mode. flynn/noise returns the Split() pair
// in order for both roles: the first encrypts initiator to responder.
func (s *session) finish(cs1, cs2 *noise.CipherState) {
	if s.config.Initiator {
		s.send, s.recv = cs1.Cipher(), cs2.Cipher()
	} else {
		s.send, s.recv = cs2.Cipher(), cs1.Cipher()
	}
	s.hash = append([]byte(nil), s.hs.ChannelBinding()...)
	s.remoteStatic = append([]byte(nil), s.hs.PeerStatic()...)
	s.established = true
	s.hs = nil
	s.steps = nil
}

// handshakeHash is h: final once established, the running value before.
func (s *session) handshakeHash() []byte {
	if s.established {
		return s.hash
	}
	return append([]byte(nil), s.hs.ChannelBinding()...)
}

// peerStatic is the peer's static public key once known.
func (s *session) peerStatic() ([]byte, *opError) {
	rs := s.remoteStatic
	if !s.established {
		rs = s.hs.PeerStatic()
	}
	if len(rs) == 0 {
		return nil, fail(codeBadState, "the peer's static key is not known (not yet received, or the pattern has none)")
	}
	return append([]byte(nil), rs...), nil
}

// encrypt frames plaintext as nonce(4, big-endian) ‖ ciphertext ‖ tag with
// empty associated data, using and then advancing the send counter.
func (s *session) encrypt(plaintext []byte) ([]byte, *opError) {
	if !s.established {
		return nil, fail(codeBadState, "handshake not complete")
	}
	if s.sendNonce > maxSendNonce {
		return nil, fail(codeNonceExhausted, "send counter exhausted; a new handshake is needed")
	}
	frame := make([]byte, nonceBytes, nonceBytes+len(plaintext)+tagBytes)
	binary.BigEndian.PutUint32(frame, uint32(s.sendNonce))
	frame = s.send.Encrypt(frame, s.sendNonce, nil, plaintext)
	s.sendNonce++
	return frame, nil
}

// decrypt opens a transport frame, using its nonce prefix rather than an
// implicit counter; the replay window moves only after the tag verifies.
func (s *session) decrypt(frame []byte) ([]byte, *opError) {
	if !s.established {
		return nil, fail(codeBadState, "handshake not complete")
	}
	if len(frame) < nonceBytes+tagBytes {
		return nil, failDecode(reasonTruncated, "frame of %d bytes is shorter than nonce and tag (%d)", len(frame), nonceBytes+tagBytes)
	}
	n := uint64(binary.BigEndian.Uint32(frame))
	switch s.window.check(n) {
	case nonceTooOld:
		return nil, fail(codeReplay, "nonce %d is older than the replay window", n)
	case nonceSeen:
		return nil, fail(codeReplay, "nonce %d was already received", n)
	}
	plaintext, err := s.recv.Decrypt(nil, n, nil, frame[nonceBytes:])
	if err != nil {
		return nil, fail(codeAuthFailed, "transport frame failed authentication")
	}
	s.window.accept(n)
	return plaintext, nil
}
