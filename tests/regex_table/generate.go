// Command generate writes tests/unit/regex_table.ts: patterns and inputs with the answers of Go's regexp
// (RE2 syntax and semantics), so the AssemblyScript engine is checked against a real RE2-compatible engine.
//
//	cd tests/regex_table && go run . > ../unit/regex_table.ts
//	cd tests/regex_table && go run . -fold > ../../common/regex/case_fold_table.ts
//
// Cases come from cases.go (hand-written) and from a seeded random generator (same table on every run).
// Cases outside the engine's documented subset are excluded here, each with its reason (see exclusionReason).
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"regexp"
	"regexp/syntax"
	"strings"
)

type row struct {
	pattern string
	valid   bool
	input   string
	full    bool
	find    bool
}

func main() {
	fold := flag.Bool("fold", false, "write the case folding table instead of the test table")
	seed := flag.Int64("seed", 20261126, "seed of the random cases (the committed table uses the default)")
	structured := flag.Int("structured", 600, "how many structured random patterns")
	unstructured := flag.Int("unstructured", 400, "how many random token strings")
	flag.Parse()
	if *fold {
		writeFoldTable(os.Stdout)
		return
	}
	var rows []row
	excluded := map[string]int{}
	add := func(pattern string, inputs []string) {
		if reason := exclusionReason(pattern); reason != "" {
			excluded[reason]++
			return
		}
		re, err := regexp.Compile(pattern)
		if err != nil {
			rows = append(rows, row{pattern: pattern})
			return
		}
		if len(inputs) == 0 {
			inputs = []string{""}
		}
		anchored := regexp.MustCompile(anchoredForm(pattern))
		for _, in := range inputs {
			rows = append(rows, row{pattern, true, in, anchored.MatchString(in), re.MatchString(in)})
		}
	}
	for _, c := range handWritten {
		add(c.pattern, c.inputs)
	}
	rnd := rand.New(rand.NewSource(*seed))
	for i := 0; i < *structured; i++ {
		p := randomPattern(rnd, 3)
		add(p, randomInputs(rnd, p, 6))
	}
	for i := 0; i < *unstructured; i++ {
		p := randomTokens(rnd)
		add(p, randomInputs(rnd, p, 3))
	}
	write(rows)
	for reason, n := range excluded {
		fmt.Fprintf(os.Stderr, "excluded %d pattern(s): %s\n", n, reason)
	}
	fmt.Fprintf(os.Stderr, "%d rows\n", len(rows))
}

// anchoredForm is the pattern matched against the whole input. It is rebuilt from Go's parse tree rather than
// pasted into \A(?:...)\z, because text like \Q... would swallow the closing parenthesis.
func anchoredForm(pattern string) string {
	tree, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		panic(err)
	}
	return `\A(?:` + tree.String() + `)\z`
}

// exclusionReason says why a case is outside the engine's documented subset ("" when it is inside).
func exclusionReason(pattern string) string {
	if strings.Contains(pattern, `\p`) || strings.Contains(pattern, `\P`) {
		return `Unicode classes \p{...} are not supported (rejected with an error, Go accepts them)`
	}
	return ""
}

// Structured random patterns: mostly valid, nesting groups, alternation and every repetition form.
var atoms = []string{"a", "b", "c", "x", ".", "[ab]", "[^a]", "[a-c]", "[^\\n]", `\d`, `\w`, `\s`, `\W`, `\D`, `\b`, `\B`, "^", "$",
	`\A`, `\z`, "[[:alpha:]]", "[[:^digit:]]", `\x61`, `\.`, "K", "é", "😀", `\n`, "(?i)a", "(?i:k)", "(?i)é", "(?i:[à-ÿ])", "(?i)σ", "(?i)[^s]", "(?s:.)", "(?m:^)", "(?m:$)", "[a-]", "[]a]", "-", " "}
var repeats = []string{"*", "+", "?", "*?", "+?", "??", "{2}", "{1,}", "{0,2}", "{2,3}", "{1,2}?", "{0}"}

func randomPattern(rnd *rand.Rand, depth int) string {
	if depth == 0 {
		return atoms[rnd.Intn(len(atoms))]
	}
	switch rnd.Intn(6) {
	case 0:
		return atoms[rnd.Intn(len(atoms))]
	case 1:
		return randomPattern(rnd, depth-1) + randomPattern(rnd, depth-1)
	case 2:
		return randomPattern(rnd, depth-1) + "|" + randomPattern(rnd, depth-1)
	case 3:
		return "(" + randomPattern(rnd, depth-1) + ")" + repeats[rnd.Intn(len(repeats))]
	case 4:
		return "(?:" + randomPattern(rnd, depth-1) + randomPattern(rnd, depth-1) + ")" + repeats[rnd.Intn(len(repeats))]
	default:
		return atoms[rnd.Intn(len(atoms))] + repeats[rnd.Intn(len(repeats))]
	}
}

// Unstructured random token strings: many are invalid, which checks that errors are reported exactly when RE2 reports them.
var tokens = []string{"a", "b", "(", ")", "|", "*", "+", "?", "{", "}", ",", "1", "2", "0", "[", "]", "^", "$", "-", ".", `\`, "d", ":", "(?", "<", ">", "P", "i", "x", "{1001}", "z", "A", "Q", "E"}

func randomTokens(rnd *rand.Rand) string {
	n := 1 + rnd.Intn(8)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(tokens[rnd.Intn(len(tokens))])
	}
	return b.String()
}

var inputRunes = []rune("aabbcxAK1 -._\néÉ😀\u212aσΣςſ")

// randomInputs gives short strings over a small alphabet, plus strings built from the pattern's own characters,
// so that many of them match.
func randomInputs(rnd *rand.Rand, pattern string, n int) []string {
	own := []rune(strings.Map(func(r rune) rune {
		if strings.ContainsRune(`\()[]{}|*+?^$`, r) {
			return -1
		}
		return r
	}, pattern))
	out := []string{""}
	for i := 0; i < n; i++ {
		length := rnd.Intn(7)
		var b strings.Builder
		for j := 0; j < length; j++ {
			if len(own) > 0 && rnd.Intn(2) == 0 {
				b.WriteRune(own[rnd.Intn(len(own))])
			} else {
				b.WriteRune(inputRunes[rnd.Intn(len(inputRunes))])
			}
		}
		out = append(out, b.String())
	}
	return out
}

// tsString quotes s for AssemblyScript: printable ASCII as is, everything else as \u{...} (a code point, so pairs stay whole).
func tsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, `\u{%X}`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func write(rows []row) {
	w := os.Stdout
	fmt.Fprintln(w, "// Generated by tests/regex_table/generate.go from Go's regexp (RE2 syntax); do not edit, regenerate:")
	fmt.Fprintln(w, "//   cd tests/regex_table && go run . > ../unit/regex_table.ts")
	fmt.Fprintln(w, "// One row per (pattern, input); a pattern Go rejects has one row with VALID false.")
	column := func(name, typ string, cell func(r row) string) {
		fmt.Fprintf(w, "\nexport const %s: %s[] = [\n", name, typ)
		for _, r := range rows {
			fmt.Fprintf(w, "  %s,\n", cell(r))
		}
		fmt.Fprintln(w, "];")
	}
	column("PATTERN", "string", func(r row) string { return tsString(r.pattern) })
	column("INPUT", "string", func(r row) string { return tsString(r.input) })
	column("VALID", "bool", func(r row) string { return fmt.Sprint(r.valid) })
	column("FULL", "bool", func(r row) string { return fmt.Sprint(r.full) })
	column("FIND", "bool", func(r row) string { return fmt.Sprint(r.find) })
}
