package momoconf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/momoconf/momoconf/filekind"
	"github.com/momoconf/momoconf/internal/clustergen"
)

// TestStatusVersions checks that status counts each kind's distinct
// contents, and names in its table the shared kinds that drifted.
func TestStatusVersions(t *testing.T) {
	tests := []struct {
		name      string
		edit      string // a file of node2 to append a comment to, or ""
		wantMsgc  int
		wantTable string // the versions line, "" for none
	}{
		{name: "identical copies", wantMsgc: 1},
		{
			name:      "one msgc_server.conf differs",
			edit:      msgcPath,
			wantMsgc:  2,
			wantTable: "distinct versions: msgc_server: 2 versions in 3 files\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, _, err := clustergen.Write(dir, clustergen.Spec{Platform: 3, Analytics: 1}); err != nil {
				t.Fatal(err)
			}
			if tt.edit != "" {
				p := filepath.Join(dir, "node2", filepath.FromSlash(tt.edit))
				f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := f.WriteString("# edited by hand\n"); err != nil {
					t.Fatal(err)
				}
				if err := f.Close(); err != nil {
					t.Fatal(err)
				}
			}
			st, err := statusAt(dir, Options{Cluster: true})
			if err != nil {
				t.Fatal(err)
			}
			got := map[filekind.Kind]KindVersions{}
			for _, v := range st.Versions {
				got[v.Kind] = v
			}
			if v := got[filekind.MsgcServer]; v.Files != 3 || v.Versions != tt.wantMsgc {
				t.Errorf("msgc_server.conf: %+v, want 3 files in %d versions", v, tt.wantMsgc)
			}
			if v := got[filekind.CassandraYAML]; v.Files != 3 || v.Versions != 3 {
				t.Errorf("cassandra.yaml: %+v, want 3 files in 3 versions (one listen_address each)", v)
			}
			if line := st.versionsLine(); line != tt.wantTable {
				t.Errorf("versions line %q, want %q", line, tt.wantTable)
			}
			if tt.wantTable != "" && !strings.Contains(st.Table(), tt.wantTable) {
				t.Errorf("table lacks %q:\n%s", tt.wantTable, st.Table())
			}
		})
	}
}
