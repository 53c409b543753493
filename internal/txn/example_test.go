package txn_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/momoconf/momoconf/internal/txn"
)

func ExampleTx_Apply() {
	dir, _ := os.MkdirTemp("", "txn-example")
	defer os.RemoveAll(dir)
	conf := filepath.Join(dir, "nginx.conf")
	_ = os.WriteFile(conf, []byte("upstream x {\n}\n"), 0o644)

	tx := &txn.Tx{
		JournalDir: dir,
		Dirs:       []txn.Dir{{Path: filepath.Join(dir, "new"), Display: "new", Mode: 0o755, UID: -1, GID: -1}},
		Files: []txn.File{
			{Path: conf, Display: "nginx.conf", Old: []byte("upstream x {\n}\n"), New: []byte("upstream x {\n  server c;\n}\n")},
			{Path: filepath.Join(dir, "new", "c.conf"), Display: "new/c.conf", Create: true, New: []byte("c\n"), Mode: 0o644, UID: -1, GID: -1},
		},
	}
	ctx := context.Background()
	lock, err := txn.Acquire(ctx, tx.LockDirs(), 10*time.Second)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer lock.Release()
	if _, err := txn.Recover(ctx, lock, tx.JournalDir); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tx.Apply(ctx, lock))
	b, _ := os.ReadFile(conf)
	fmt.Print(string(b))

	// The same change again: nginx.conf no longer holds Old.
	err = tx.Apply(ctx, lock)
	fmt.Println(errors.Is(err, txn.ErrChanged))
	// Output:
	// <nil>
	// upstream x {
	//   server c;
	// }
	// true
}

func ExampleAcquire() {
	dir, _ := os.MkdirTemp("", "txn-example")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	first, _ := txn.Acquire(ctx, []string{dir}, 0)
	defer first.Release()

	// Another spelling of the same folder is the same lock.
	_, err := txn.Acquire(ctx, []string{dir + "/."}, 0)
	fmt.Println(errors.Is(err, txn.ErrLocked))
	// Output: true
}
