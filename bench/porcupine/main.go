// porcupine-check checks history files with Porcupine (github.com/anishathalye/porcupine), the
// peer faultline's checker is measured against. It reads the formats `faultline check` reads,
// checks every file in one process, and reports per file the verdict and times, plus the total
// and the process's peak memory, as text or as the same JSON `faultline check --json` prints.
//
//	porcupine-check [-model M] [-initial V] [-format F] [-timeout S] [-fail drop|observe] [-json] FILE|DIR...
//
// Exit codes as faultline's: 0 all valid, 1 some invalid, 2 some unknown, 64 bad input.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/anishathalye/porcupine"
)

type fileResult struct {
	File       string  `json:"file"`
	Valid      any     `json:"valid"` // true, false or "unknown", as faultline prints it
	Model      string  `json:"model"`
	Format     string  `json:"format"`
	Operations int     `json:"operations"` // invocations in the file
	Checked    int     `json:"checked"`    // operations handed to Porcupine (fails and crashed reads dropped)
	ParseMs    float64 `json:"parse-ms"`
	CheckMs    float64 `json:"check-ms"`
	Error      string  `json:"error,omitempty"` // why a verdict is unknown
}

type summary struct {
	Valid    any          `json:"valid"`
	CheckMs  float64      `json:"check-ms"`  // parse + check over all files: what faultline's check-ms counts
	SearchMs float64      `json:"search-ms"` // inside Porcupine's CheckOperations only
	MaxRssKb int64        `json:"max_rss_kb"`
	Files    []fileResult `json:"files"`
}

func main() {
	model := flag.String("model", "auto", "register, cas-register or kv (auto: kv for EDN, else cas-register)")
	initial := flag.String("initial", "nil", "initial register value: nil or an integer (kv starts at \"\")")
	format := flag.String("format", "auto", "auto, jsonl, edn or jepsen-log")
	timeout := flag.Float64("timeout", 0, "seconds per file before the verdict is unknown (0: no limit)")
	failMode := flag.String("fail", "drop", "drop: a failed op did not happen; observe: a failed cas returned false (Porcupine's etcd test)")
	asJSON := flag.Bool("json", false, "print one JSON object instead of text")
	maxMem := flag.Int("max-mem", 0, "MiB of resident memory after which the current file is unknown and the process stops (0: no limit)")
	flag.Parse()
	if flag.NArg() == 0 || (*failMode != "drop" && *failMode != "observe") {
		flag.Usage()
		os.Exit(64)
	}
	init, err := parseInitial(*initial)
	if err != nil {
		die(err.Error())
	}
	files, err := expand(flag.Args())
	if err != nil {
		die(err.Error())
	}

	var sum summary
	var mu sync.Mutex // guards sum and current against the memory watchdog
	current, currentOps, started := "", 0, time.Now()
	report := func() int {
		sum.MaxRssKb = maxRSS()
		exit := 0
		sum.Valid = true
		for _, f := range sum.Files {
			if f.Valid == false {
				sum.Valid, exit = false, 1
			} else if f.Valid == "unknown" && exit == 0 {
				sum.Valid, exit = "unknown", 2
			}
		}
		if *asJSON {
			out, _ := json.Marshal(sum)
			fmt.Println(string(out))
		} else {
			fmt.Printf("valid: %v  files: %d  check (parse+check): %.1f ms  porcupine alone: %.1f ms  max RSS: %d KiB\n",
				sum.Valid, len(sum.Files), sum.CheckMs, sum.SearchMs, sum.MaxRssKb)
		}
		return exit
	}
	if *maxMem > 0 {
		// Porcupine's search has no memory bound. Rather than be killed by the kernel, give the
		// file in progress the verdict "unknown" (as faultline's memory budget does) and stop.
		go watchMemory(int64(*maxMem)<<20, func() {
			mu.Lock()
			fmt.Fprintf(os.Stderr, "porcupine-check: %s: over %d MiB, unknown\n", current, *maxMem)
			// The time spent so far still counts: it is a lower bound of what the file needs.
			spent := ms(time.Since(started))
			sum.Files = append(sum.Files, fileResult{File: current, Valid: "unknown", Error: "memory limit",
				Operations: currentOps, CheckMs: spent})
			sum.CheckMs += spent
			sum.SearchMs += spent
			os.Exit(report())
		})
	}
	for _, path := range files {
		start := time.Now()
		mu.Lock()
		current, currentOps, started = path, 0, start
		mu.Unlock()
		events, fmtName, err := readHistory(path, *format)
		if err != nil {
			die(path + ": " + err.Error())
		}
		m := *model
		if m == "auto" {
			m = map[string]string{"edn": "kv"}[fmtName]
			if m == "" {
				m = "cas-register"
			}
		}
		if _, known := allowed[m]; !known {
			die("unknown model " + m)
		}
		ops, invocations, err := toOperations(events, m, *failMode == "observe")
		if err != nil {
			die(path + ": " + err.Error())
		}
		events = nil
		mu.Lock()
		currentOps = invocations
		mu.Unlock()
		parsed := time.Now()
		first := init
		if m == "kv" {
			first = ""
		}
		res := porcupine.CheckOperationsTimeout(newModel(first), ops, time.Duration(*timeout*float64(time.Second)))
		done := time.Now()

		r := fileResult{File: path, Model: m, Format: fmtName, Operations: invocations, Checked: len(ops),
			ParseMs: ms(parsed.Sub(start)), CheckMs: ms(done.Sub(parsed))}
		switch res {
		case porcupine.Ok:
			r.Valid = true
		case porcupine.Illegal:
			r.Valid = false
		default:
			r.Valid, r.Error = "unknown", "timeout"
		}
		mu.Lock()
		sum.Files = append(sum.Files, r)
		sum.CheckMs += r.ParseMs + r.CheckMs
		sum.SearchMs += r.CheckMs
		mu.Unlock()
		if !*asJSON {
			fmt.Printf("%-7v %-12s %8d ops  parse %9.1f ms  check %10.1f ms  %s\n",
				r.Valid, m, invocations, r.ParseMs, r.CheckMs, path)
		}
	}
	mu.Lock()
	os.Exit(report())
}

func parseInitial(s string) (any, error) {
	if s == "nil" || s == "null" {
		return nil, nil
	}
	i, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("-initial: expected nil or an integer, got %q", s)
	}
	return i, nil
}

// expand replaces each directory by the files under it, in name order, so that one process can
// check a whole corpus.
func expand(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		err := filepath.WalkDir(a, func(path string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// maxRSS is the peak resident set of this process (Linux reports KiB).
func maxRSS() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return -1
	}
	return int64(ru.Maxrss)
}

// watchMemory calls exceeded once the resident set passes limit bytes.
func watchMemory(limit int64, exceeded func()) {
	page := int64(os.Getpagesize())
	for range time.Tick(50 * time.Millisecond) {
		b, err := os.ReadFile("/proc/self/statm")
		if err != nil {
			return
		}
		var size, rss int64
		fmt.Sscan(string(b), &size, &rss)
		if rss*page > limit {
			exceeded()
			return
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func die(msg string) {
	fmt.Fprintln(os.Stderr, "porcupine-check: "+msg)
	os.Exit(64)
}
