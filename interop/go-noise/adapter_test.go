package main

import (
	"bufio"
	"encoding/json"
	"math/rand"
	"strings"
	"testing"
)

// answer runs one line through a fresh or given adapter and parses the reply.
func answer(t *testing.T, a *adapter, line string) response {
	t.Helper()
	var res struct {
		ID     json.RawMessage `json:"id"`
		OK     bool            `json:"ok"`
		Result json.RawMessage `json:"result"`
		Error  *opError        `json:"error"`
	}
	out := a.handleLine([]byte(line))
	if strings.ContainsRune(string(out), '\n') {
		t.Fatalf("reply spans lines: %q", out)
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("reply %q is not JSON: %v", out, err)
	}
	return response{ID: res.ID, OK: res.OK, Result: res.Result, Error: res.Error}
}

func TestEnvelopeErrors(t *testing.T) {
	a := newAdapter()
	cases := []struct {
		line, id, code string
	}{
		{`{"id":1,"op":`, "null", codeBadRequest},
		{`[1,2,3]`, "null", codeBadRequest},
		{`null`, "null", codeBadRequest},
		{`{"op":"hello"}`, "null", codeBadRequest},
		{`{"id":true,"op":"hello"}`, "null", codeBadRequest},
		{`{"id":7}`, "7", codeBadRequest},
		{`{"id":"q","op":42}`, `"q"`, codeBadRequest},
		{`{"id":8,"op":"packet.encode"}`, "8", codeUnsupportedOp},
		{`{"id":9,"op":"noise.read","session":"s1","message":"00"}`, "9", codeUnknownSession},
		{`{"id":10,"op":"noise.new","pattern":"XX","role":"both","staticPrivate":""}`, "10", codeBadRequest},
	}
	for _, c := range cases {
		res := answer(t, a, c.line)
		if res.OK || res.Error == nil || res.Error.Code != c.code || string(res.ID) != c.id {
			t.Errorf("%s: got id %s ok %v error %+v, want id %s code %s", c.line, res.ID, res.OK, res.Error, c.id, c.code)
		}
	}
}

// TestGarbageNeverKills feeds mutated requests; every one must get exactly
// one JSON reply line and the adapter must keep answering afterwards.
func TestGarbageNeverKills(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	seeds := []string{
		`{"id":1,"op":"noise.new","pattern":"XX","role":"initiator","staticPrivate":"` + strings.Repeat("11", 32) + `"}`,
		`{"id":2,"op":"noise.write","session":"s1","payload":""}`,
		`{"id":3,"op":"noise.read","session":"s1","message":"` + strings.Repeat("ab", 96) + `"}`,
		`{"id":4,"op":"noise.decrypt","session":"s1","frame":"` + strings.Repeat("00", 20) + `"}`,
		`{"id":5,"op":"noise.new","pattern":"NK","role":"initiator","remoteStaticPublic":"` + strings.Repeat("00", 32) + `"}`,
	}
	a := newAdapter()
	for i := 0; i < 5000; i++ {
		b := []byte(seeds[rng.Intn(len(seeds))])
		for k := rng.Intn(4); k >= 0; k-- {
			b[rng.Intn(len(b))] = byte(rng.Intn(256))
		}
		answer(t, a, string(b))
	}
	if res := answer(t, a, `{"id":99,"op":"hello"}`); !res.OK {
		t.Fatalf("adapter stopped answering: %+v", res.Error)
	}
}

func TestReadLineLimit(t *testing.T) {
	input := "short\r\n" + strings.Repeat("x", 100) + "\nlast"
	r := bufio.NewReaderSize(strings.NewReader(input), 16)
	want := []struct {
		line    string
		tooLong bool
	}{{"short", false}, {"", true}, {"last", false}}
	for i, w := range want {
		line, tooLong, _ := readLine(r, 50)
		if string(line) != w.line || tooLong != w.tooLong {
			t.Fatalf("line %d: got %q tooLong=%v, want %q tooLong=%v", i, line, tooLong, w.line, w.tooLong)
		}
	}
}
