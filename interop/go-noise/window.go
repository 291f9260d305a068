package main

// Sliding replay window for bitchat transport nonces (bitchat-wire.md §5.4):
// the receiver remembers the last 1024 nonces up to the highest one it has
// authenticated. A nonce at or below highest-1024 is too old, a nonce inside
// the window that was already accepted is a replay, anything else is fresh.
// The window is only moved by accept, which the caller invokes after the
// AEAD tag has verified, so forged frames cannot shift it.

// replayWindowNonces is the number of nonces the window remembers (a
// 128-byte bitmap, as in bitchat).
const replayWindowNonces = 1024

// replayWindowWords is the bitmap size in 64-bit words.
const replayWindowWords = replayWindowNonces / 64

// replayVerdict is the outcome of checking a nonce against the window.
type replayVerdict int

const (
	// nonceFresh: never accepted and recent enough; may be decrypted.
	nonceFresh replayVerdict = iota
	// nonceTooOld: at or below highest-1024, outside the window.
	nonceTooOld
	// nonceSeen: inside the window and already accepted.
	nonceSeen
)

// replayWindow tracks accepted nonces. The zero value is an empty window
// that accepts any nonce.
//
// The bitmap is a ring: nonce n lives at bit n mod 1024. Only nonces in
// (highest-1024, highest] are represented, and those map to distinct bits,
// so moving highest forward just clears the bits of the nonces that fall
// out of the window (which are exactly the bits of the newly covered ones).
type replayWindow struct {
	highest uint64
	started bool // false until the first nonce has been accepted
	bits    [replayWindowWords]uint64
}

// check classifies nonce n without changing the window.
func (w *replayWindow) check(n uint64) replayVerdict {
	if !w.started || n > w.highest {
		return nonceFresh
	}
	// Written as a difference so nonces near zero cannot underflow.
	if w.highest-n >= replayWindowNonces {
		return nonceTooOld
	}
	if w.has(n) {
		return nonceSeen
	}
	return nonceFresh
}

// accept records nonce n as authenticated. The caller must have had
// nonceFresh from check(n) and verified the frame's tag since.
func (w *replayWindow) accept(n uint64) {
	switch {
	case !w.started:
		w.started = true
		w.highest = n
		w.bits = [replayWindowWords]uint64{}
	case n > w.highest:
		if n-w.highest >= replayWindowNonces {
			// Jumped past the whole window: nothing remembered stays valid.
			w.bits = [replayWindowWords]uint64{}
		} else {
			// At most 1023 iterations; each clears the slot of a nonce
			// that just left the window.
			for m := w.highest + 1; m < n; m++ {
				w.clear(m)
			}
		}
		w.highest = n
	}
	w.set(n)
}

func (w *replayWindow) has(n uint64) bool {
	i := n % replayWindowNonces
	return w.bits[i/64]&(1<<(i%64)) != 0
}

func (w *replayWindow) set(n uint64) {
	i := n % replayWindowNonces
	w.bits[i/64] |= 1 << (i % 64)
}

func (w *replayWindow) clear(n uint64) {
	i := n % replayWindowNonces
	w.bits[i/64] &^= 1 << (i % 64)
}
