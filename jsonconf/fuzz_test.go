package jsonconf

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/momoconf/momoconf/internal/source"
)

// fuzzSeed is one seed for both fuzz targets.
type fuzzSeed struct{ src, path, value string }

// fuzzSeeds returns the golden inputs with their first op's path and value,
// and the table tests' inputs.
func fuzzSeeds(t testing.TB) []fuzzSeed {
	var seeds []fuzzSeed
	paths, _ := filepath.Glob("testdata/TestGolden/*.txtar")
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := fuzzSeed{}
		for _, f := range a.Files {
			switch f.Name {
			case "in.json":
				s.src = string(f.Data)
			case "op":
				line, _, _ := strings.Cut(string(f.Data), "\n")
				_, rest, _ := strings.Cut(line, " ")
				s.path, rest = opArg(rest)
				s.value, _ = opArg(rest)
			}
		}
		seeds = append(seeds, s)
	}
	for _, tt := range addStringTests {
		seeds = append(seeds, fuzzSeed{tt.in, tt.path, tt.value})
	}
	for _, tt := range removeStringTests {
		seeds = append(seeds, fuzzSeed{tt.in, tt.path, tt.value})
	}
	for _, in := range parseOKTests[:len(parseOKTests)-1] {
		seeds = append(seeds, fuzzSeed{in, "", "x"})
	}
	for _, tt := range parseErrorTests[:len(parseErrorTests)-2] {
		seeds = append(seeds, fuzzSeed{tt.in, "", "x"})
	}
	return seeds
}

// FuzzRoundTrip checks that Parse accepts exactly what encoding/json
// accepts (after a byte order mark), returns accepted input unchanged, and
// fails on the rest with an *Error, never a panic.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add([]byte(s.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, err := Parse("fuzz.json", src)
		valid := json.Valid(trimBOM(src))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is %T, not *Error", err, err)
			}
			_ = err.Error()
			if valid {
				t.Fatalf("Parse refuses what encoding/json accepts: %v", err)
			}
			return
		}
		if !valid {
			t.Fatalf("Parse accepts what encoding/json refuses: %q", src)
		}
		if string(file.Bytes()) != string(src) {
			t.Fatalf("Bytes() differs from the input")
		}
	})
}

// FuzzEdit checks the verbs on any input that parses: adding reports a
// change exactly when the value was absent, lists it afterwards, is
// idempotent, and remove then restores the input (except for an empty
// array spanning lines, which becomes "[]"); removing an element drops
// exactly its matches; every output parses and is valid JSON.
func FuzzEdit(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add([]byte(s.src), s.path, s.value, uint8(0))
	}
	f.Fuzz(func(t *testing.T, src []byte, path, value string, pick uint8) {
		file, err := Parse("fuzz.json", src)
		if err != nil {
			return
		}
		list, err := file.Strings(path)
		if err != nil {
			checkRefused(t, file, src, path, value)
			return
		}
		if !utf8.ValidString(value) {
			if _, err := file.AddString(path, value); err == nil {
				t.Fatalf("AddString accepted a value that is not UTF-8")
			}
			value = strings.ToValidUTF8(value, "?")
		}
		checkAdd(t, file, src, path, value, list)
		if len(list) > 0 {
			checkRemove(t, src, path, list[int(pick)%len(list)], list)
		}
	})
}

// checkRefused checks that the verbs fail without change on a path that
// Strings refuses.
func checkRefused(t *testing.T, file *File, src []byte, path, value string) {
	t.Helper()
	if _, err := file.AddString(path, value); err == nil {
		t.Fatalf("AddString succeeded where Strings failed")
	}
	if _, err := file.RemoveString(path, value); err == nil {
		t.Fatalf("RemoveString succeeded where Strings failed")
	}
	if string(file.Bytes()) != string(src) {
		t.Fatalf("a failed verb changed the file")
	}
}

func checkAdd(t *testing.T, file *File, src []byte, path, value string, list []string) {
	t.Helper()
	present := slices.ContainsFunc(list, func(s string) bool { return source.EqualFoldASCII(s, value) })
	changed, err := file.AddString(path, value)
	if err != nil {
		t.Fatalf("AddString: %v", err)
	}
	if changed == present {
		t.Fatalf("AddString changed=%v with the value present=%v", changed, present)
	}
	once := reparse(t, file.Bytes())
	if old, new := changedLines(string(src), string(once.Bytes())); old > 1 || new > 3 {
		t.Fatalf("AddString rewrote %d lines into %d:\n%q\n%q", old, new, src, once.Bytes())
	}
	if got, _ := once.Strings(path); changed && !slices.Equal(got, append(slices.Clone(list), value)) {
		t.Fatalf("after AddString the array is %q (want %q + %q)", got, list, value)
	}
	if changed, _ := file.AddString(path, value); changed {
		t.Fatalf("the second AddString changed the file")
	}
	if string(file.Bytes()) != string(once.Bytes()) {
		t.Fatalf("adding twice differs from adding once")
	}
	if !changed {
		return
	}
	if removed, err := file.RemoveString(path, value); err != nil || !removed {
		t.Fatalf("RemoveString after AddString: %v, %v", removed, err)
	}
	reparse(t, file.Bytes())
	if len(list) > 0 || !strings.Contains(emptyInside(src, path), "\n") {
		if string(file.Bytes()) != string(src) {
			t.Fatalf("add then remove did not restore the input:\n%q\n%q", src, file.Bytes())
		}
	}
}

func checkRemove(t *testing.T, src []byte, path, value string, list []string) {
	t.Helper()
	file, err := Parse("fuzz.json", src)
	if err != nil {
		t.Fatal(err)
	}
	changed, err := file.RemoveString(path, value)
	if err != nil || !changed {
		t.Fatalf("RemoveString of a listed value: %v, %v", changed, err)
	}
	got, err := reparse(t, file.Bytes()).Strings(path)
	if err != nil {
		t.Fatalf("Strings after RemoveString: %v", err)
	}
	want := slices.DeleteFunc(slices.Clone(list), func(s string) bool { return source.EqualFoldASCII(s, value) })
	if !slices.Equal(got, want) {
		t.Fatalf("after RemoveString the array is %q (want %q)", got, want)
	}
}

// reparse checks that out is valid JSON that Parse accepts unchanged.
func reparse(t *testing.T, out []byte) *File {
	t.Helper()
	if !json.Valid(trimBOM(out)) {
		t.Fatalf("output is not valid JSON: %q", out)
	}
	g, err := Parse("out.json", out)
	if err != nil {
		t.Fatalf("output does not parse: %v\n%q", err, out)
	}
	return g
}

// emptyInside returns the bytes between the brackets of the array at path.
func emptyInside(src []byte, path string) string {
	f, err := Parse("x", src)
	if err != nil {
		return ""
	}
	a, err := f.stringArray(path)
	if err != nil {
		return ""
	}
	return string(src[a.open+1 : a.close])
}
