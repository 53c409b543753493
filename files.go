package momoconf

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/momoconf/momoconf/filekind"
)

// FileRef names one file to edit in place and its kind. A zero filekind.Kind is
// taken from the file's name with [filekind.Of].
type FileRef struct {
	Path string        // as the caller names it; plan paths stay as given
	Kind filekind.Kind // filekind.Unknown: from the file's name
}

// openedFiles builds the cluster of the named files: one tree, read by
// loadFiles; paths stay as given.
func openedFiles(files []FileRef) (*Cluster, error) {
	t, journal, err := loadFiles(files)
	if err != nil {
		return nil, err
	}
	c := &Cluster{base: ".", display: ".", single: true, files: true, refs: files, trees: []*tree{t}, journal: journal}
	c.build()
	return c, nil
}

// loadFiles reads the named files as one tree (whose folder is that of the
// last file), and returns too the folder of the first, where the journal
// of a change to them goes.
func loadFiles(files []FileRef) (*tree, string, error) {
	if len(files) == 0 {
		return nil, "", errors.New("no file named")
	}
	t := &tree{name: "."}
	first := ""
	l := &loader{}
	var errs []error
	seen := map[string]bool{}
	for _, f := range files {
		k := f.Kind
		if k == filekind.Unknown {
			k = filekind.Of(f.Path)
		}
		spec := specOf(k)
		if spec == nil {
			errs = append(errs, fmt.Errorf("%s: cannot tell which kind of file this is; name it with --kind", f.Path))
			continue
		}
		abs, err := filepath.Abs(f.Path)
		if err != nil {
			return nil, "", err
		}
		if seen[abs] {
			continue
		}
		seen[abs] = true
		d, err := l.read(spec, abs, filepath.ToSlash(f.Path), f.Path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		t.docs = append(t.docs, d)
		t.abs = filepath.Dir(abs)
		if first == "" {
			first = t.abs
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, "", err
	}
	return t, first, nil
}
