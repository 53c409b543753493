package ecconf

import (
	"path/filepath"
	"regexp"
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
			_ = err.Error()
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
