package main

// Pairs invocations with completions and turns them into Porcupine operations, with the
// semantics faultline uses (Jepsen/Knossos):
//
//   - ok:   the operation happened between its call and its return.
//   - fail: the operation certainly did not happen, so it is dropped. (Porcupine's own etcd test
//     instead keeps a failed cas as "happened and returned false"; -fail observe does that, to
//     compare verdicts under both readings.)
//   - info, or an invocation never completed: it may take effect at any time after its call, or
//     never. It gets a return time after everything else and an "unknown" output the models
//     accept. Linearizing it last is the same as "never", so this is exact, not an approximation.
//     A crashed read constrains nothing and is dropped.

import (
	"fmt"
	"hash/maphash"
	"math"

	"github.com/anishathalye/porcupine"
)

type input struct {
	key  string
	f    byte // 'r' read/get, 'w' write/put, 'c' cas, 'a' append
	a, b any  // write/put/append: a; cas: a=from, b=to
}

type output struct {
	value   any  // what a read returned
	failed  bool // a cas that returned false (only with -fail observe)
	unknown bool // crashed: may have happened or not
}

var opCodes = map[string]byte{"read": 'r', "get": 'r', "write": 'w', "put": 'w', "cas": 'c', "append": 'a'}

// allowed lists the operations each model knows.
var allowed = map[string]string{"register": "rw", "cas-register": "rwc", "kv": "rwa"}

const never = math.MaxInt64 // return time of a crashed operation: after everything

// toOperations pairs events per process. It returns the operations to check and the number of
// invocations in the file (the figure both sides report as "operations").
func toOperations(events []event, model string, observeFail bool) ([]porcupine.Operation, int, error) {
	pending := map[int64]event{}
	ops := make([]porcupine.Operation, 0, len(events)/2)
	invocations := 0
	crashed := func(inv event) error {
		op, err := operation(inv, inv, model)
		if err != nil || op.f == 'r' {
			return err // a crashed read constrains nothing
		}
		ops = append(ops, porcupine.Operation{ClientId: int(inv.process), Input: op,
			Output: output{unknown: true}, Call: inv.time, Return: never})
		return nil
	}
	for _, ev := range events {
		if ev.typ == invoke {
			invocations++
			if prev, open := pending[ev.process]; open {
				// A process invoked again without completing: its earlier op is in doubt.
				if err := crashed(prev); err != nil {
					return nil, 0, err
				}
			}
			pending[ev.process] = ev
			continue
		}
		inv, open := pending[ev.process]
		if !open {
			return nil, 0, fmt.Errorf("process %d completes %s without an invocation", ev.process, ev.f)
		}
		delete(pending, ev.process)
		op, err := operation(inv, ev, model)
		if err != nil {
			return nil, 0, err
		}
		switch ev.typ {
		case ok:
			out := output{}
			if op.f == 'r' {
				out.value = ev.value
			}
			ops = append(ops, porcupine.Operation{ClientId: int(ev.process), Input: op, Output: out,
				Call: inv.time, Return: ev.time})
		case fail:
			if observeFail && op.f == 'c' {
				ops = append(ops, porcupine.Operation{ClientId: int(ev.process), Input: op,
					Output: output{failed: true}, Call: inv.time, Return: ev.time})
			}
		case info:
			if err := crashed(inv); err != nil {
				return nil, 0, err
			}
		}
	}
	for _, inv := range pending { // never completed: in doubt, like info
		if err := crashed(inv); err != nil {
			return nil, 0, err
		}
	}
	return ops, invocations, nil
}

// operation builds the model input of an invocation (checking it against its completion).
func operation(inv, done event, model string) (input, error) {
	f, known := opCodes[inv.f]
	if !known || !containsByte(allowed[model], f) {
		return input{}, fmt.Errorf("operation %q is not part of the %s model", inv.f, model)
	}
	if done.f != inv.f {
		return input{}, fmt.Errorf("process %d invoked %s but completed %s", inv.process, inv.f, done.f)
	}
	in := input{key: inv.key, f: f, a: inv.value}
	if f == 'c' {
		p, isPair := inv.value.(pair)
		if !isPair {
			return input{}, fmt.Errorf("cas needs [from to], got %v", inv.value)
		}
		in.a, in.b = p.from, p.to
	}
	return in, nil
}

func containsByte(s string, b byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return true
		}
	}
	return false
}

// newModel is one sequential specification for the three models: a single value per key
// (partitioned by key), read/write, plus cas (cas-register) or append (kv).
func newModel(initial any) porcupine.Model {
	seed := maphash.MakeSeed()
	return porcupine.Model{
		Partition: byKey,
		Init:      func() any { return initial },
		Step: func(state, in, out any) (bool, any) {
			i, o := in.(input), out.(output)
			switch i.f {
			case 'r':
				return o.unknown || state == o.value, state
			case 'w':
				return true, i.a
			case 'c':
				switch {
				case o.unknown: // happened if it could, else a no-op
					if state == i.a {
						return true, i.b
					}
					return true, state
				case o.failed:
					return state != i.a, state
				default:
					return state == i.a, i.b
				}
			case 'a':
				return true, str(state) + str(i.a)
			}
			return false, state
		},
		Hash: func(state any) uint64 {
			switch s := state.(type) {
			case int64:
				return uint64(s) * 0x9E3779B97F4A7C15
			case string:
				return maphash.String(seed, s)
			}
			return 0
		},
		DescribeOperation: func(in, out any) string { return fmt.Sprintf("%v -> %v", in, out) },
	}
}

func str(v any) string {
	if s, isString := v.(string); isString {
		return s
	}
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// byKey keeps each key's operations in file order: keys are independent registers.
func byKey(history []porcupine.Operation) [][]porcupine.Operation {
	index := map[string]int{}
	var parts [][]porcupine.Operation
	for _, op := range history {
		k := op.Input.(input).key
		i, seen := index[k]
		if !seen {
			i = len(parts)
			index[k] = i
			parts = append(parts, nil)
		}
		parts[i] = append(parts[i], op)
	}
	return parts
}
