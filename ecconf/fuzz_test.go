package ecconf

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// addSeeds seeds f with the in.conf of every golden file and the table
// inputs.
func addSeeds(f *testing.F, add func(in []byte)) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "Test*", "*.txtar"))
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range a.Files {
			if file.Name == "in.conf" {
				add(file.Data)
			}
		}
	}
	for _, tt := range roundTripTests {
		add([]byte(tt.in))
	}
	if _, err := os.Stat(corpusDir); err == nil {
		for _, data := range corpusFiles(f) {
			add(data)
		}
	}
	for _, tt := range editTests {
		add([]byte(tt.in))
	}
	for _, tt := range errorTests {
		add([]byte(tt.in))
	}
}

// FuzzRoundTrip: what parses comes back byte for byte; what does not gives
// an *Error, never a panic.
func FuzzRoundTrip(f *testing.F) {
	addSeeds(f, func(in []byte) { f.Add(in) })
	f.Fuzz(func(t *testing.T, in []byte) {
		file, err := Parse("fuzz.conf", in)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %T is not an *Error: %v", err, err)
			}
			if strings.Contains(err.Error(), "could not handle") {
				t.Fatalf("parser panicked: %v\nin: %q", err, in)
			}
			// The first-fault checker walks the grammar participle
			// parses; a failure it finds no fault for means they differ.
			if strings.Contains(err.Error(), "unparsable input") || strings.Contains(err.Error(), "after it)") {
				t.Fatalf("checker found no fault where the parser failed: %v\nin: %q", err, in)
			}
			if p := err.(*Error).Pos; p.Offset > len(in) || p.Line < 1 {
				t.Fatalf("error outside the input: %v\nin: %q", err, in)
			}
			return
		}
		if got := file.Bytes(); string(got) != string(in) {
			t.Fatalf("round trip differs:\nin:  %q\ngot: %q", in, got)
		}
		_ = file.Nodes()
		_ = file.CommentedNodes()
		_ = file.CassandraURIs()
		_ = file.Peers()
	})
}

var hostRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{0,40}$`)

// FuzzEdit: each add verb, when it changes the file, gives output that
// parses; adding again changes nothing; removing gives the input back.
func FuzzEdit(f *testing.F) {
	addSeeds(f, func(in []byte) { f.Add(in, "node7.example.com") })
	f.Fuzz(func(t *testing.T, in []byte, host string) {
		if !hostRE.MatchString(host) {
			host = "node7.example.com"
		}
		verbs := []struct {
			name   string
			add    func(*File) (bool, error)
			remove func(*File) (bool, error)
		}{
			{"node", func(f *File) (bool, error) { return f.AddNode(host, 7, 1) }, func(f *File) (bool, error) { return f.RemoveNode(host) }},
			{"cassandra", func(f *File) (bool, error) { return f.AddCassandraHost(host) }, func(f *File) (bool, error) { return f.RemoveCassandraHost(host) }},
			{"peer", func(f *File) (bool, error) { return f.AddPeer(host, "10.9.9.9") }, func(f *File) (bool, error) { return f.RemovePeer(host) }},
		}
		for _, v := range verbs {
			file, err := Parse("fuzz.conf", in)
			if err != nil {
				return
			}
			checkAddRemove(t, v.name, in, file, v.add, v.remove)
		}
	})
}

func checkAddRemove(t *testing.T, name string, in []byte, file *File, add, remove func(*File) (bool, error)) {
	changed, err := add(file)
	if err != nil && strings.Contains(err.Error(), "this is a bug") {
		t.Fatalf("%s: %v\nin: %q", name, err, in)
	}
	if err != nil || !changed {
		if string(file.Bytes()) != string(in) {
			t.Fatalf("%s: add that failed or did nothing changed the file:\n%q\n%q", name, in, file.Bytes())
		}
		return
	}
	once := string(file.Bytes())
	if _, err := Parse("out.conf", file.Bytes()); err != nil {
		t.Fatalf("%s: output does not parse: %v\nin:  %q\nout: %q", name, err, in, once)
	}
	if changed, err := add(file); err != nil || changed || string(file.Bytes()) != once {
		t.Fatalf("%s: second add changed=%v err=%v\nonce:  %q\ntwice: %q", name, changed, err, once, file.Bytes())
	}
	if changed, err := remove(file); err != nil || !changed {
		t.Fatalf("%s: remove after add: changed=%v err=%v", name, changed, err)
	}
	if string(file.Bytes()) != string(in) {
		t.Fatalf("%s: add then remove differs:\nin:   %q\nmid:  %q\nout:  %q", name, in, once, file.Bytes())
	}
}

// FuzzGenericEdit: the generic edits on the first list, hash and scope of
// the input give output that parses, and their inverse gives the input back.
func FuzzGenericEdit(f *testing.F) {
	addSeeds(f, func(in []byte) { f.Add(in) })
	f.Fuzz(func(t *testing.T, in []byte) {
		file, err := Parse("fuzz.conf", in)
		if err != nil {
			return
		}
		list, hash, scope := firsts(file.Root())
		if list != nil {
			checkGeneric(t, "list", in, func(f *File) (bool, error) { return f.AppendElement(f.optionAt(list), `"x9"`) },
				func(f *File) (bool, error) { o := f.optionAt(list); return f.RemoveElement(o, len(o.Value.Elems)-1) })
		}
		if hash != nil {
			checkGeneric(t, "hash", in, func(f *File) (bool, error) { return f.AddEntry(f.optionAt(hash), "k9", `"v9"`) },
				func(f *File) (bool, error) { o := f.optionAt(hash); return f.RemoveEntry(o, len(o.Value.Entries)-1) })
		}
		if scope != nil && scope.parent.InstanceOf(scope.Name, "inst9") == nil {
			checkGeneric(t, "scope", in,
				func(f *File) (bool, error) {
					return f.AddScope(f.scopeAt(scope.parent), scope.Name, "inst9", Setting{"a", "1"}, Setting{"b", `"2"`})
				},
				func(f *File) (bool, error) {
					return f.RemoveScope(f.scopeAt(scope.parent).InstanceOf(scope.Name, "inst9"))
				})
		}
	})
}

// checkGeneric parses in afresh (the caller's File was only searched), applies
// do, then undo, and requires the input back byte for byte.
func checkGeneric(t *testing.T, name string, in []byte, do, undo func(*File) (bool, error)) {
	file, _ := Parse("fuzz.conf", in)
	if changed, err := do(file); err != nil || !changed {
		t.Fatalf("%s: changed %v, %v\nin: %q", name, changed, err, in)
	}
	mid := string(file.Bytes())
	if changed, err := undo(file); err != nil || !changed {
		t.Fatalf("%s undo: %v\nin:  %q\nmid: %q", name, err, in, mid)
	}
	if string(file.Bytes()) != string(in) {
		t.Fatalf("%s: edit then inverse differs:\nin:  %q\nmid: %q\nout: %q", name, in, mid, file.Bytes())
	}
}

// firsts returns the first list option, hash option and nested scope of s,
// in document order.
func firsts(s *Scope) (list, hash *Option, scope *Scope) {
	for _, st := range s.Stmts {
		switch st := st.(type) {
		case *Option:
			if st.Value.Kind == List && list == nil {
				list = st
			}
			if st.Value.Kind == Hash && hash == nil {
				hash = st
			}
		case *Scope:
			if scope == nil {
				scope = st
			}
			l, h, sc := firsts(st)
			list, hash, scope = or(list, l), or(hash, h), or(scope, sc)
		}
	}
	return list, hash, scope
}

func or[T comparable](a, b T) T {
	var zero T
	if a != zero {
		return a
	}
	return b
}

// optionAt and scopeAt find again, in the current view, the element that
// starts at the same offset as a view from before an edit.
func (f *File) optionAt(o *Option) *Option {
	var found *Option
	walk(f.Root(), func(st Stmt) {
		if x, ok := st.(*Option); ok && x.start == o.start {
			found = x
		}
	})
	return found
}

func (f *File) scopeAt(s *Scope) *Scope {
	if s.parent == nil {
		return f.Root()
	}
	var found *Scope
	walk(f.Root(), func(st Stmt) {
		if x, ok := st.(*Scope); ok && x.start == s.start {
			found = x
		}
	})
	return found
}

func walk(s *Scope, fn func(Stmt)) {
	for _, st := range s.Stmts {
		fn(st)
		if c, ok := st.(*Scope); ok {
			walk(c, fn)
		}
	}
}
