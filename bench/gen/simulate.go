package main

import (
	"bufio"
	"cmp"
	"math"
	"math/rand"
	"slices"
	"strconv"
)

const (
	never  = math.MaxInt64 // linearization point of an op that never takes effect
	nilVal = math.MinInt64 // the register's initial value, written as null
	absent = 1_000_000_007 // a value no simulated write ever writes
)

// op is one simulated operation on one key: when it was called, when it took effect (its
// linearization point) and when it returned, and what the real register answered.
type op struct {
	key      int
	process  int64
	f        byte // 'r' read, 'w' write, 'c' cas, 'n' nemesis
	value    int64
	from     int64 // cas only
	call, lp int64
	ret      int64
	outcome  byte  // 'o' ok, 'f' fail, 'i' info (crashed)
	read     int64 // what an ok read returned
}

// event is one line of the history: the invocation or the completion of an op.
type event struct {
	time int64
	seq  int // creation order: breaks time ties so a process's completion precedes its next call
	op   *op
	done bool
}

func simulate(s spec, rng *rand.Rand) []event {
	var events []event
	add := func(t int64, o *op, done bool) { events = append(events, event{t, len(events), o, done}) }
	// Latencies: coarse ticks (0..3) for small histories so intervals touch, else 50 µs..2 ms.
	lat := func() int64 {
		if s.tick > 1 {
			return rng.Int63n(4) * s.tick
		}
		return 50_000 + rng.Int63n(2_000_000)
	}
	timeout := 10 * (3*s.tick + 2_050_000)
	var nextPid int64
	byKey := make([][]*op, s.keys)
	for k := 0; k < s.keys; k++ {
		n := s.ops / s.keys
		if k < s.ops%s.keys {
			n++
		}
		free := make([]int64, s.procs) // when each process slot may call next
		pid := make([]int64, s.procs)
		for i := range pid {
			free[i], pid[i] = lat(), nextPid
			nextPid++
		}
		var counter int64 // unique values: 1, 2, 3, ... per key
		var recent []int64
		fresh := func() int64 {
			if s.small {
				return rng.Int63n(5)
			}
			counter++
			recent = append(recent, counter)
			return counter
		}
		ops := make([]*op, 0, n)
		for i := 0; i < n; i++ {
			slot := 0 // the process that is free first calls next
			for j := range free {
				if free[j] < free[slot] {
					slot = j
				}
			}
			o := &op{key: k, process: pid[slot], call: free[slot], outcome: 'o'}
			o.lp = o.call + lat()
			o.ret = o.lp + lat()
			switch r := rng.Intn(10); {
			case r < 4:
				o.f = 'r'
			case r < 7 || !s.cas || (!s.small && len(recent) == 0):
				o.f, o.value = 'w', fresh()
			default:
				// cas from a recently written value, so that a fair share succeed
				o.f = 'c'
				if s.small {
					o.from = rng.Int63n(5)
				} else {
					o.from = recent[max(0, len(recent)-1-rng.Intn(3))]
				}
				o.value = fresh()
			}
			switch {
			case rng.Float64() < s.crash:
				// Crashed: the client gives up after a timeout; the op lands late, or never.
				// The process is retired and its slot continues under a fresh process id.
				o.outcome, o.ret = 'i', o.call+timeout
				if rng.Intn(2) == 0 {
					o.lp = never
				} else {
					o.lp = o.call + rng.Int63n(3*timeout)
				}
				pid[slot] = nextPid
				nextPid++
			case o.f != 'c' && rng.Float64() < s.fails:
				o.outcome, o.lp = 'f', never // refused by the server: no effect
			}
			free[slot] = o.ret + lat()/2
			add(o.call, o, false)
			add(o.ret, o, true)
			ops = append(ops, o)
		}
		run(ops)
		byKey[k] = ops
	}
	for _, k := range rng.Perm(s.keys)[:min(s.anomalies, s.keys)] {
		inject(byKey[k], rng)
	}
	if s.nemesis && len(events) > 0 {
		end := events[len(events)-1].time
		for i := 0; i < 3; i++ {
			add(rng.Int63n(end+1), &op{f: 'n', process: -1}, false)
		}
	}
	slices.SortFunc(events, func(a, b event) int {
		return cmp.Or(cmp.Compare(a.time, b.time), cmp.Compare(a.seq, b.seq))
	})
	return events
}

// run applies one key's ops to a real register in linearization-point order and records the
// answers: what reads saw and whether each cas succeeded.
func run(ops []*op) {
	order := slices.Clone(ops)
	slices.SortStableFunc(order, func(a, b *op) int { return cmp.Compare(a.lp, b.lp) })
	state := int64(nilVal)
	for _, o := range order {
		if o.lp == never {
			break
		}
		switch o.f {
		case 'r':
			o.read = state
		case 'w':
			state = o.value
		case 'c':
			if state == o.from {
				state = o.value
			} else if o.outcome == 'o' {
				o.outcome = 'f' // the server said no: certainly did not happen
			}
		}
	}
}

// inject changes one ok read of a key so that it saw something it cannot have seen:
//   - impossible: a value nobody wrote;
//   - future: the value of a write called only after the read returned;
//   - lost: the initial nil although a write had completed before the read was called.
//
// With unique values each makes the key non-linearizable; with small values usually.
func inject(ops []*op, rng *rand.Rand) {
	var reads []*op
	for _, o := range ops {
		if o.f == 'r' && o.outcome == 'o' {
			reads = append(reads, o)
		}
	}
	if len(reads) == 0 {
		return
	}
	r := reads[rng.Intn(len(reads))]
	choices := []int64{absent}
	for _, w := range ops {
		if w.f != 'r' && w.outcome != 'f' && w.call > r.ret {
			choices = append(choices, w.value)
			break
		}
	}
	for _, w := range ops {
		if w.f != 'r' && w.outcome == 'o' && w.ret < r.call {
			choices = append(choices, nilVal)
			break
		}
	}
	r.read = choices[rng.Intn(len(choices))]
}

var types = map[byte]string{'o': "ok", 'f': "fail", 'i': "info"}
var fs = map[byte]string{'r': "read", 'w': "write", 'c': "cas"}

// write prints one JSONL line by hand: millions of them, and the format is flat.
func (e event) write(w *bufio.Writer, index int) {
	o := e.op
	b := make([]byte, 0, 128)
	b = append(b, `{"index":`...)
	b = strconv.AppendInt(b, int64(index), 10)
	b = append(b, `,"time":`...)
	b = strconv.AppendInt(b, e.time, 10)
	if o.f == 'n' {
		b = append(b, `,"process":"nemesis","type":"info","f":"partition","value":{"isolated":["n1"]}}`...)
		b = append(b, '\n')
		w.Write(b)
		return
	}
	typ := "invoke"
	if e.done {
		typ = types[o.outcome]
	}
	b = append(b, `,"process":`...)
	b = strconv.AppendInt(b, o.process, 10)
	b = append(b, `,"type":"`...)
	b = append(b, typ...)
	b = append(b, `","f":"`...)
	b = append(b, fs[o.f]...)
	b = append(b, `","key":"k`...)
	b = strconv.AppendInt(b, int64(o.key), 10)
	b = append(b, `","value":`...)
	switch {
	case o.f == 'r' && e.done && o.outcome == 'o':
		b = appendValue(b, o.read)
	case o.f == 'r':
		b = append(b, "null"...) // invocations and unanswered reads carry no value
	case o.f == 'w':
		b = appendValue(b, o.value)
	default:
		b = append(b, '[')
		b = appendValue(b, o.from)
		b = append(b, ',')
		b = appendValue(b, o.value)
		b = append(b, ']')
	}
	if e.done && o.outcome == 'i' {
		b = append(b, `,"error":"timeout"`...)
	} else if e.done && o.outcome == 'f' && o.f != 'c' {
		b = append(b, `,"error":"refused"`...)
	}
	b = append(b, "}\n"...)
	w.Write(b)
}

func appendValue(b []byte, v int64) []byte {
	if v == nilVal {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, v, 10)
}
