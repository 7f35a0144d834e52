// txngen writes list-append histories in faultline's JSONL, simulated against a strict
// serializable store: each transaction runs atomically at one random moment between its
// invocation and completion, so every history it writes is valid for every consistency model.
// 1 to 4 micro-ops per transaction (half reads, half appends), a pool of active keys, each retired
// for a fresh one after a number of appends (as Elle's generator does, so reads stay short);
// appended values are unique. A few transactions crash (info) and retire their process.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"strconv"
)

type mop struct {
	append bool
	key    int64
	value  int64   // appends
	read   []int64 // reads, once run
}

type txn struct {
	process int64
	mops    []mop
	applied bool
	lost    bool // crashed before it took effect: it never will, and completes info
}

func main() {
	n := flag.Int("txns", 100000, "transactions")
	procs := flag.Int("concurrency", 10, "concurrent processes")
	keys := flag.Int("keys", 300, "active keys")
	perKey := flag.Int("appends-per-key", 16, "appends after which a key is retired")
	crash := flag.Float64("crash", 0.005, "fraction of transactions that crash (info)")
	seed := flag.Int64("seed", 1, "seed")
	flag.Parse()

	rnd := rand.New(rand.NewSource(*seed))
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()

	store := map[int64][]int64{}
	appends := map[int64]int{}
	active := make([]int64, *keys)
	for i := range active {
		active[i] = int64(i)
	}
	nextKey := int64(*keys)
	nextValue := int64(1)
	slots := make([]*txn, *procs)
	processOf := make([]int64, *procs)
	for i := range processOf {
		processOf[i] = int64(i)
	}
	nextProcess := int64(*procs)
	index, clock := int64(0), int64(0)
	issued, open := 0, 0
	var buf []byte

	emit := func(t *txn, typ string, withReads bool) {
		clock += 1 + rnd.Int63n(1000)
		buf = buf[:0]
		buf = append(buf, `{"index":`...)
		buf = strconv.AppendInt(buf, index, 10)
		buf = append(buf, `,"time":`...)
		buf = strconv.AppendInt(buf, clock, 10)
		buf = append(buf, `,"process":`...)
		buf = strconv.AppendInt(buf, t.process, 10)
		buf = append(buf, `,"type":"`...)
		buf = append(buf, typ...)
		buf = append(buf, `","f":"txn","value":[`...)
		for i, m := range t.mops {
			if i > 0 {
				buf = append(buf, ',')
			}
			if m.append {
				buf = append(buf, `["append",`...)
				buf = strconv.AppendInt(buf, m.key, 10)
				buf = append(buf, ',')
				buf = strconv.AppendInt(buf, m.value, 10)
				buf = append(buf, ']')
				continue
			}
			buf = append(buf, `["r",`...)
			buf = strconv.AppendInt(buf, m.key, 10)
			if !withReads {
				buf = append(buf, `,null]`...)
				continue
			}
			buf = append(buf, ",["...)
			for j, v := range m.read {
				if j > 0 {
					buf = append(buf, ',')
				}
				buf = strconv.AppendInt(buf, v, 10)
			}
			buf = append(buf, "]]"...)
		}
		buf = append(buf, "]}\n"...)
		w.Write(buf)
		index++
	}

	for issued < *n || open > 0 {
		slot := rnd.Intn(*procs)
		t := slots[slot]
		switch {
		case t == nil:
			if issued >= *n {
				continue
			}
			t = &txn{process: processOf[slot]}
			for i, m := 0, 1+rnd.Intn(4); i < m; i++ {
				k := active[rnd.Intn(len(active))]
				if rnd.Intn(2) == 0 {
					t.mops = append(t.mops, mop{key: k})
				} else {
					t.mops = append(t.mops, mop{append: true, key: k, value: nextValue})
					nextValue++
				}
			}
			slots[slot] = t
			issued++
			open++
			emit(t, "invoke", false)
		case !t.applied:
			t.applied = true
			if rnd.Float64() < *crash && rnd.Intn(2) == 0 {
				t.lost = true
				break
			}
			for i := range t.mops {
				m := &t.mops[i]
				if m.append {
					store[m.key] = append(store[m.key], m.value)
					appends[m.key]++
					if appends[m.key] == *perKey {
						for j, k := range active {
							if k == m.key {
								active[j] = nextKey
								nextKey++
							}
						}
					}
				} else {
					m.read = append([]int64(nil), store[m.key]...)
				}
			}
		default:
			if t.lost || rnd.Float64() < *crash {
				emit(t, "info", false)
				processOf[slot] = nextProcess
				nextProcess++
			} else {
				emit(t, "ok", true)
			}
			slots[slot] = nil
			open--
		}
	}
	fmt.Fprintf(os.Stderr, "txngen: %d transactions, %d events, %d keys used\n", *n, index, nextKey)
}
