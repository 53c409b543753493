package txn

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// LockedError says that a folder is locked by another process, and by
// which one when /proc/locks tells.
type LockedError struct {
	Dir    string
	Holder Holder // zero when unknown
	Err    error  // ErrLocked, possibly with why the wait ended
}

// A Holder is the process holding a lock: its pid, command name
// (/proc/PID/comm) and program (the base name of /proc/PID/exe), as far
// as they can be known.
type Holder struct {
	PID     int
	Comm    string
	Program string
}

// IsMomoconf reports whether the holder is a momoconf program (the CLI,
// the Ansible module, or a test binary of this module), by its command
// name or its program.
func (h Holder) IsMomoconf() bool {
	for _, name := range []string{h.Comm, h.Program} {
		if strings.HasPrefix(name, "momoconf") || strings.HasPrefix(name, "ansible-momoco") {
			return true
		}
	}
	return false
}

// Error names the folder and the holder: "another momoconf run (pid N)"
// only when the holder is momoconf.
func (e *LockedError) Error() string {
	var who string
	switch h := e.Holder; {
	case h.PID > 0 && h.IsMomoconf():
		who = fmt.Sprintf("another momoconf run is editing this folder (pid %d, %s)", h.PID, h.Comm)
	case h.PID > 0 && h.Comm != "":
		who = fmt.Sprintf("process %d (%s), not momoconf, holds a lock on this folder", h.PID, h.Comm)
	case h.PID > 0:
		who = fmt.Sprintf("process %d holds a lock on this folder", h.PID)
	default:
		who = "another process holds a lock on this folder (momoconf or not: /proc/locks does not say)"
	}
	msg := fmt.Sprintf("locking %s: %s", e.Dir, who)
	if cause := strings.TrimPrefix(e.Err.Error(), ErrLocked.Error()); cause != "" {
		msg += cause
	}
	return msg
}

// Unwrap returns ErrLocked (and why the wait ended).
func (e *LockedError) Unwrap() error { return e.Err }

// holderOf finds in /proc/locks the process holding a flock on the
// folder id, and its command name.
func holderOf(id dirID) Holder {
	f, err := os.Open("/proc/locks")
	if err != nil {
		return Holder{}
	}
	defer f.Close()
	want := fmt.Sprintf("%02x:%02x:%d", unix.Major(id.dev), unix.Minor(id.dev), id.ino)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// "1: FLOCK  ADVISORY  WRITE 1234 fd:00:5678 0 EOF"; a waiter's
		// line has "->" after the number.
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || fields[1] != "FLOCK" {
			continue
		}
		if fields[5] != want {
			continue
		}
		pid, err := strconv.Atoi(fields[4])
		if err != nil || pid <= 0 {
			continue
		}
		proc := "/proc/" + strconv.Itoa(pid)
		comm, _ := os.ReadFile(proc + "/comm")
		h := Holder{PID: pid, Comm: strings.TrimSpace(string(comm))}
		if exe, err := os.Readlink(proc + "/exe"); err == nil {
			h.Program = filepath.Base(strings.TrimSuffix(exe, " (deleted)"))
		}
		return h
	}
	return Holder{}
}
