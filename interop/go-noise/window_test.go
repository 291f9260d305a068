package main

import (
	"math/rand"
	"testing"
)

func TestWindowEmptyAcceptsAnything(t *testing.T) {
	for _, n := range []uint64{0, 1, 1023, 1024, 1<<32 - 1} {
		var w replayWindow
		if got := w.check(n); got != nonceFresh {
			t.Fatalf("empty window: check(%d) = %v, want fresh", n, got)
		}
	}
}

func TestWindowEdges(t *testing.T) {
	var w replayWindow
	w.accept(5000)
	cases := []struct {
		n    uint64
		want replayVerdict
	}{
		{5000, nonceSeen},
		{5001, nonceFresh},
		{4999, nonceFresh},
		{5000 - 1023, nonceFresh}, // oldest nonce still inside the window
		{5000 - 1024, nonceTooOld},
		{0, nonceTooOld},
	}
	for _, c := range cases {
		if got := w.check(c.n); got != c.want {
			t.Errorf("check(%d) = %v, want %v", c.n, got, c.want)
		}
	}
}

func TestWindowSlideForgetsOnlyWhatLeaves(t *testing.T) {
	var w replayWindow
	for _, n := range []uint64{10, 11, 500} {
		w.accept(n)
	}
	w.accept(1034) // window is now (10, 1034]
	if got := w.check(10); got != nonceTooOld {
		t.Fatalf("check(10) = %v, want too old", got)
	}
	if got := w.check(11); got != nonceSeen {
		t.Fatalf("check(11) = %v, want seen (still inside)", got)
	}
	if got := w.check(500); got != nonceSeen {
		t.Fatalf("check(500) = %v, want seen", got)
	}
	if got := w.check(12); got != nonceFresh {
		t.Fatalf("check(12) = %v, want fresh", got)
	}
	w.accept(1034 + 5000) // jump past everything
	if got := w.check(1034 + 5000 - 1); got != nonceFresh {
		t.Fatalf("after a long jump the slot of an old nonce must read fresh, got %v", got)
	}
}

func TestWindowSlideClearsEveryNewlyCoveredSlot(t *testing.T) {
	var w replayWindow
	for n := uint64(0); n < replayWindowNonces; n++ {
		w.accept(n) // every slot set
	}
	w.accept(1030) // covers 1024..1030, whose slots held 0..6
	for n := uint64(1024); n < 1030; n++ {
		if got := w.check(n); got != nonceFresh {
			t.Fatalf("check(%d) = %v, want fresh", n, got)
		}
	}
	for n, want := range map[uint64]replayVerdict{1030: nonceSeen, 6: nonceTooOld, 7: nonceSeen, 1023: nonceSeen} {
		if got := w.check(n); got != want {
			t.Fatalf("check(%d) = %v, want %v", n, got, want)
		}
	}
}

// TestWindowMatchesModel compares the bitmap against a plain set of every
// accepted nonce under random traffic concentrated around the window edge.
func TestWindowMatchesModel(t *testing.T) {
	rng := rand.New(rand.NewSource(20240611))
	for round := 0; round < 20; round++ {
		var w replayWindow
		seen := map[uint64]bool{}
		var highest uint64
		started := false
		for step := 0; step < 20000; step++ {
			var n uint64
			switch r := rng.Intn(10); {
			case !started || r == 0:
				n = uint64(rng.Int63n(1 << 32))
			case r < 3: // ahead by a little, keeping the window dense
				n = highest + uint64(rng.Intn(6))
			case r < 4: // ahead by a lot, sometimes past the window
				n = highest + uint64(rng.Intn(3*replayWindowNonces))
			default: // behind, around the edge
				back := uint64(rng.Intn(replayWindowNonces + 64))
				if back > highest {
					back = highest
				}
				n = highest - back
			}
			want := nonceFresh
			switch {
			case started && n <= highest && highest-n >= replayWindowNonces:
				want = nonceTooOld
			case seen[n]:
				want = nonceSeen
			}
			if got := w.check(n); got != want {
				t.Fatalf("round %d step %d: check(%d) with highest %d = %v, want %v", round, step, n, highest, got, want)
			}
			// Accept about two thirds of the fresh nonces; the rest stand
			// for frames whose tag failed, which must leave no trace.
			if want == nonceFresh && rng.Intn(3) != 0 {
				w.accept(n)
				seen[n] = true
				if !started || n > highest {
					highest = n
				}
				started = true
			}
		}
	}
}
