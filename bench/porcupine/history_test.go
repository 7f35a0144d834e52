package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anishathalye/porcupine"
)

// check writes a JSONL history and checks it as the benchmark does.
func check(t *testing.T, observeFail bool, lines ...string) bool {
	t.Helper()
	path := filepath.Join(t.TempDir(), "h.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	events, _, err := readHistory(path, "auto")
	if err != nil {
		t.Fatal(err)
	}
	ops, _, err := toOperations(events, "cas-register", observeFail)
	if err != nil {
		t.Fatal(err)
	}
	return porcupine.CheckOperations(newModel(nil), ops)
}

const (
	w1   = `{"time":0,"process":1,"type":"invoke","f":"write","key":"a","value":1}`
	w1ok = `{"time":10,"process":1,"type":"ok","f":"write","key":"a","value":1}`
)

func TestSemantics(t *testing.T) {
	cases := []struct {
		name    string
		observe bool
		valid   bool
		lines   []string
	}{
		{"touching intervals are concurrent", false, true, []string{w1,
			`{"time":10,"process":2,"type":"invoke","f":"read","key":"a","value":null}`, w1ok,
			`{"time":20,"process":2,"type":"ok","f":"read","key":"a","value":null}`}},
		{"a read after a completed write sees it", false, false, []string{w1, w1ok,
			`{"time":11,"process":2,"type":"invoke","f":"read","key":"a","value":null}`,
			`{"time":20,"process":2,"type":"ok","f":"read","key":"a","value":null}`}},
		{"a crashed write may land late", false, true, []string{w1,
			`{"time":5,"process":1,"type":"info","f":"write","key":"a","value":1,"error":"timeout"}`,
			`{"time":20,"process":2,"type":"invoke","f":"read","key":"a","value":null}`,
			`{"time":21,"process":2,"type":"ok","f":"read","key":"a","value":null}`,
			`{"time":30,"process":3,"type":"invoke","f":"read","key":"a","value":null}`,
			`{"time":31,"process":3,"type":"ok","f":"read","key":"a","value":1}`}},
		{"a crashed write never lands before its call", false, false, []string{
			`{"time":0,"process":2,"type":"invoke","f":"read","key":"a","value":null}`,
			`{"time":1,"process":2,"type":"ok","f":"read","key":"a","value":1}`,
			`{"time":5,"process":1,"type":"invoke","f":"write","key":"a","value":1}`}},
		{"a failed cas did not happen", false, true, []string{w1, w1ok,
			`{"time":11,"process":1,"type":"invoke","f":"cas","key":"a","value":[1,2]}`,
			`{"time":12,"process":1,"type":"fail","f":"cas","key":"a","value":[1,2]}`,
			`{"time":13,"process":1,"type":"invoke","f":"read","key":"a","value":null}`,
			`{"time":14,"process":1,"type":"ok","f":"read","key":"a","value":1}`}},
		{"observed, a failed cas saw another value", true, false, []string{w1, w1ok,
			`{"time":11,"process":1,"type":"invoke","f":"cas","key":"a","value":[1,2]}`,
			`{"time":12,"process":1,"type":"fail","f":"cas","key":"a","value":[1,2]}`}},
		{"keys are independent; nemesis lines are skipped", false, true, []string{w1,
			`{"time":1,"process":"nemesis","type":"info","f":"partition","value":{"isolated":["n1"]}}`,
			`{"time":2,"process":2,"type":"invoke","f":"read","key":"b","value":null}`, w1ok,
			`{"time":20,"process":2,"type":"ok","f":"read","key":"b","value":null}`}},
	}
	for _, c := range cases {
		if got := check(t, c.observe, c.lines...); got != c.valid {
			t.Errorf("%s: valid=%v, want %v", c.name, got, c.valid)
		}
	}
}
