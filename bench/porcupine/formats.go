package main

// Readers for the three history formats faultline reads. Each turns a file into a flat list of
// events in file order; pairing invocations with completions is history.go's job.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
)

type evType byte

const (
	invoke evType = iota
	ok
	fail
	info
)

var evTypes = map[string]evType{"invoke": invoke, "ok": ok, "fail": fail, "info": info}

type event struct {
	process int64
	typ     evType
	f       string
	key     string // "" when the format has no keys (Jepsen etcd logs)
	value   any    // nil, int64, string, or pair for cas
	time    int64  // nanoseconds for JSONL; line number for formats without time
}

// pair is a cas argument [from to].
type pair struct{ from, to any }

// readHistory reads a whole file. format is "auto", "jsonl", "edn" or "jepsen-log".
func readHistory(path, format string) ([]event, string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	if format == "auto" {
		format = detect(data)
		if format == "" {
			return nil, "", fmt.Errorf("empty history or unknown format")
		}
	}
	var parseLine func(line []byte, n int64) (event, bool, error)
	switch format {
	case "jsonl":
		parseLine = parseJSONLine
	case "edn":
		parseLine = parseEDNLine
	case "jepsen-log":
		parseLine = parseJepsenLine
	default:
		return nil, "", fmt.Errorf("unknown format %q", format)
	}
	events := make([]event, 0, bytes.Count(data, []byte{'\n'})+1)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	var n int64
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		ev, keep, err := parseLine(line, n)
		if err != nil {
			return nil, "", fmt.Errorf("line %d: %v", n, err)
		}
		if keep {
			events = append(events, ev)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, "", err
	}
	if len(events) == 0 {
		return nil, "", fmt.Errorf("empty history")
	}
	return events, format, nil
}

// detect guesses the format from the first non-blank line.
func detect(data []byte) string {
	for _, line := range bytes.Split(data, []byte{'\n'}) {
		line = bytes.TrimSpace(line)
		switch {
		case len(line) == 0:
			continue
		case bytes.HasPrefix(line, []byte(`{"`)):
			return "jsonl"
		case bytes.HasPrefix(line, []byte("{:")):
			return "edn"
		case bytes.Contains(line, []byte("jepsen.util")):
			return "jepsen-log"
		default:
			return ""
		}
	}
	return ""
}

// --- faultline JSONL: {"index":41,"time":1843000123,"process":3,"type":"invoke","f":"cas","key":"r7","value":[1,4]}

// parseJSONLine scans one flat JSON object by hand: encoding/json's reflection costs more than
// Porcupine's whole search on large histories, and the ratio is meant to compare checkers.
func parseJSONLine(line []byte, _ int64) (event, bool, error) {
	var ev event
	var typ, process, value []byte
	rest := line
	if len(rest) == 0 || rest[0] != '{' {
		return ev, false, fmt.Errorf("not a JSON object")
	}
	rest = rest[1:]
	for {
		rest = skipSpace(rest)
		if len(rest) > 0 && rest[0] == '}' {
			break
		}
		k, r, err := jsonToken(rest)
		if err != nil || len(k) < 2 || k[0] != '"' {
			return ev, false, fmt.Errorf("expected a member name")
		}
		r = skipSpace(r)
		if len(r) == 0 || r[0] != ':' {
			return ev, false, fmt.Errorf("expected ':'")
		}
		v, r, err := jsonToken(skipSpace(r[1:]))
		if err != nil {
			return ev, false, err
		}
		switch string(k[1 : len(k)-1]) {
		case "time":
			if ev.time, err = strconv.ParseInt(string(v), 10, 64); err != nil {
				return ev, false, fmt.Errorf("bad time %s", v)
			}
		case "process":
			process = v
		case "type":
			typ = v
		case "f":
			ev.f = strings.Trim(string(v), `"`)
		case "key":
			ev.key = string(v) // keys keep their JSON spelling: "7" and 7 are different keys
		case "value":
			value = v
		}
		rest = skipSpace(r)
		if len(rest) > 0 && rest[0] == ',' {
			rest = rest[1:]
		}
	}
	p, err := strconv.ParseInt(string(process), 10, 64)
	if err != nil {
		return ev, false, nil // "nemesis" (or any named process): faults are not register ops
	}
	t, known := evTypes[strings.Trim(string(typ), `"`)]
	if !known {
		return ev, false, fmt.Errorf("unknown type %s", typ)
	}
	ev.process, ev.typ = p, t
	ev.value, err = jsonValue(value)
	return ev, true, err
}

func skipSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r') {
		b = b[1:]
	}
	return b
}

// jsonToken splits off one JSON value (string, number, literal, or a nested array/object taken
// whole) and returns it with the rest of the input.
func jsonToken(b []byte) ([]byte, []byte, error) {
	depth, inString := 0, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
				if depth == 0 {
					return b[:i+1], b[i+1:], nil
				}
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			if depth == 0 {
				return b[:i], b[i:], nil
			}
			depth--
			if depth == 0 {
				return b[:i+1], b[i+1:], nil
			}
		case depth == 0 && (c == ',' || c == ' ' || c == ':'):
			return b[:i], b[i:], nil
		}
	}
	if depth != 0 || inString {
		return nil, nil, fmt.Errorf("unterminated JSON value")
	}
	return b, nil, nil
}

func jsonValue(raw []byte) (any, error) {
	s := string(bytes.TrimSpace(raw))
	switch {
	case s == "" || s == "null":
		return nil, nil
	case s[0] == '"' && !strings.Contains(s, `\`):
		return s[1 : len(s)-1], nil
	case s[0] == '"':
		var str string
		err := json.Unmarshal(raw, &str)
		return str, err
	case s[0] == '[' && strings.Count(s, ",") == 1 && !strings.ContainsAny(s[1:len(s)-1], `"[]{}`):
		from, to, _ := strings.Cut(s[1:len(s)-1], ",")
		a, err1 := jsonValue([]byte(strings.TrimSpace(from)))
		b, err2 := jsonValue([]byte(strings.TrimSpace(to)))
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("bad pair %s", s)
		}
		return pair{a, b}, nil
	case s[0] == '[':
		var xs []json.RawMessage
		if err := json.Unmarshal(raw, &xs); err != nil {
			return nil, err
		}
		if len(xs) != 2 {
			return nil, fmt.Errorf("expected [from to], got %s", s)
		}
		from, err1 := jsonValue(xs[0])
		to, err2 := jsonValue(xs[1])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("bad pair %s", s)
		}
		return pair{from, to}, nil
	default:
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i, nil
		}
		return s, nil // other numbers, objects: compared by spelling
	}
}

// --- Jepsen EDN map per line: {:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}

func parseEDNLine(line []byte, n int64) (event, bool, error) {
	m, err := ednMap(string(line))
	if err != nil {
		return event{}, false, err
	}
	p, err := strconv.ParseInt(m["process"], 10, 64)
	if err != nil {
		return event{}, false, nil // :nemesis
	}
	t, known := evTypes[strings.TrimPrefix(m["type"], ":")]
	if !known {
		return event{}, false, fmt.Errorf("unknown type %q", m["type"])
	}
	return event{process: p, typ: t, f: strings.TrimPrefix(m["f"], ":"), key: m["key"],
		value: ednValue(m["value"]), time: n}, true, nil
}

// ednMap splits a flat EDN map into its keyword keys and raw values. Values are strings,
// keywords, nil, numbers or [vectors]; that is all these histories use.
func ednMap(s string) (map[string]string, error) {
	if !strings.HasPrefix(s, "{") || !strings.HasSuffix(s, "}") {
		return nil, fmt.Errorf("not an EDN map")
	}
	s = s[1 : len(s)-1]
	m := map[string]string{}
	for {
		s = strings.TrimLeft(s, " ,\t")
		if s == "" {
			return m, nil
		}
		if s[0] != ':' {
			return nil, fmt.Errorf("expected a keyword at %q", s)
		}
		end := strings.IndexAny(s, " \t")
		if end < 0 {
			return nil, fmt.Errorf("keyword without value")
		}
		k := s[1:end]
		s = strings.TrimLeft(s[end:], " \t")
		var v string
		switch {
		case strings.HasPrefix(s, `"`):
			i := 1
			for i < len(s) && s[i] != '"' {
				if s[i] == '\\' {
					i++
				}
				i++
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unterminated string")
			}
			v, s = s[:i+1], s[i+1:]
		case strings.HasPrefix(s, "["):
			i := strings.IndexByte(s, ']')
			if i < 0 {
				return nil, fmt.Errorf("unterminated vector")
			}
			v, s = s[:i+1], s[i+1:]
		default:
			i := strings.IndexAny(s, " ,\t")
			if i < 0 {
				i = len(s)
			}
			v, s = s[:i], s[i:]
		}
		m[k] = v
	}
}

func ednValue(s string) any {
	switch {
	case s == "" || s == "nil":
		return nil
	case s[0] == '"':
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
		return s[1 : len(s)-1]
	case s[0] == '[':
		xs := strings.Fields(strings.Trim(s, "[]"))
		if len(xs) == 2 {
			return pair{ednValue(xs[0]), ednValue(xs[1])}
		}
		return s
	default:
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i
		}
		return s // keywords such as :timed-out
	}
}

// --- Jepsen etcd logs: "INFO  jepsen.util - 3	:invoke	:cas	[1 4]" (tabs or spaces)

func parseJepsenLine(line []byte, n int64) (event, bool, error) {
	s := string(line)
	i := strings.Index(s, "jepsen.util - ")
	if i < 0 {
		return event{}, false, nil // other log lines carry no operations
	}
	fs := strings.Fields(s[i+len("jepsen.util - "):])
	if len(fs) < 3 {
		return event{}, false, fmt.Errorf("expected process, type, f, value")
	}
	p, err := strconv.ParseInt(fs[0], 10, 64)
	if err != nil {
		return event{}, false, nil // :nemesis
	}
	t, known := evTypes[strings.TrimPrefix(fs[1], ":")]
	if !known {
		return event{}, false, fmt.Errorf("unknown type %q", fs[1])
	}
	return event{process: p, typ: t, f: strings.TrimPrefix(fs[2], ":"),
		value: ednValue(strings.Join(fs[3:], " ")), time: n}, true, nil
}
