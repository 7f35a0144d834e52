// histgen writes seeded register histories in faultline's JSONL format, by simulating a real
// linearizable register per key under random concurrency, so that the histories are
// linearizable unless an anomaly is injected on purpose.
//
//	histgen [-model cas-register] [-ops 100000] [-keys 1000] [-procs 10] [-crash 0.01]
//	        [-anomalies 0] [-values unique|small] [-seed 1] -o FILE
//	histgen -many N -dir DIR [-seed 1]
//
// The first form writes one large history. The second writes N small, varied histories for the
// differential check (half of them with one injected anomaly), named hNNNNN-clean.jsonl and
// hNNNNN-anomaly.jsonl; an injected anomaly usually, but not always, makes a small history
// non-linearizable, which is fine: both checkers only have to agree.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
)

func main() {
	model := flag.String("model", "cas-register", "register or cas-register")
	ops := flag.Int("ops", 100000, "operations (invocations) in the history")
	keys := flag.Int("keys", 1000, "independent keys")
	procs := flag.Int("procs", 10, "concurrent processes per key")
	crash := flag.Float64("crash", 0.01, "fraction of operations that crash (info)")
	anomalies := flag.Int("anomalies", 0, "keys given one injected anomaly each")
	values := flag.String("values", "unique", "unique: every written value is new for its key (as Elle does); small: values 0..4")
	seed := flag.Int64("seed", 1, "random seed")
	out := flag.String("o", "", "output file")
	many := flag.Int("many", 0, "write this many small histories into -dir instead")
	dir := flag.String("dir", "", "folder for -many")
	flag.Parse()

	rng := rand.New(rand.NewSource(*seed))
	if *many > 0 {
		if *dir == "" {
			fail("-many needs -dir")
		}
		if err := os.MkdirAll(*dir, 0o755); err != nil {
			fail(err.Error())
		}
		for i := 0; i < *many; i++ {
			s := smallSpec(rng, i%2 == 1)
			name := "clean"
			if s.anomalies > 0 {
				name = "anomaly"
			}
			write(filepath.Join(*dir, fmt.Sprintf("h%05d-%s.jsonl", i, name)), s, rng)
		}
		return
	}
	if *out == "" || (*model != "register" && *model != "cas-register") || *keys < 1 || *procs < 1 {
		flag.Usage()
		os.Exit(64)
	}
	write(*out, spec{cas: *model == "cas-register", ops: *ops, keys: *keys, procs: *procs, crash: *crash,
		anomalies: *anomalies, small: *values == "small", tick: 1}, rng)
}

// spec describes one history to simulate.
type spec struct {
	cas       bool // cas-register (read, write, cas) rather than register (read, write)
	ops, keys int
	procs     int     // concurrent processes per key
	crash     float64 // fraction of ops that end in info
	fails     float64 // fraction of reads/writes the server refuses (fail: no effect)
	anomalies int
	small     bool  // values 0..4 instead of unique ones: harder searches, for the differential
	tick      int64 // timestamps are multiples of this (ns); coarse ticks make touching intervals
	nemesis   bool  // sprinkle nemesis events, which checkers must skip
}

// smallSpec draws a small history for the differential check: few keys and ops, many crashes,
// coarse clocks (so intervals often touch), sometimes a tiny value domain.
func smallSpec(rng *rand.Rand, anomaly bool) spec {
	s := spec{cas: rng.Intn(2) == 0, keys: 1 + rng.Intn(3), procs: 2 + rng.Intn(4),
		crash: []float64{0, 0.05, 0.15}[rng.Intn(3)], fails: 0.03, small: rng.Intn(2) == 0,
		tick: 1_000_000, nemesis: rng.Intn(4) == 0}
	s.ops = s.keys * (4 + rng.Intn(20))
	if anomaly {
		s.anomalies = 1
	}
	return s
}

func write(path string, s spec, rng *rand.Rand) {
	f, err := os.Create(path)
	if err != nil {
		fail(err.Error())
	}
	w := bufio.NewWriterSize(f, 1<<20)
	events := simulate(s, rng)
	for i, e := range events {
		e.write(w, i)
	}
	if err := w.Flush(); err != nil {
		fail(err.Error())
	}
	if err := f.Close(); err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "histgen: "+msg)
	os.Exit(64)
}
