package txn

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// stopSignals are the signals that stop an Apply and roll it back.
var stopSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}

// Watched returns those of sigs that the process does not ignore: a signal
// ignored when the process started (SIGHUP under nohup) stays ignored, as
// signal.Notify would otherwise undo that.
func Watched(sigs ...os.Signal) []os.Signal {
	var out []os.Signal
	for _, s := range sigs {
		if !signal.Ignored(s) {
			out = append(out, s)
		}
	}
	return out
}

// signalCatcher turns a stop signal or the end of ctx into ErrInterrupted
// at the next step.
type signalCatcher struct {
	ctx context.Context
	ch  chan os.Signal
}

func catchSignals(ctx context.Context) *signalCatcher {
	s := &signalCatcher{ctx: ctx, ch: make(chan os.Signal, 1)}
	if sigs := Watched(stopSignals...); len(sigs) > 0 {
		signal.Notify(s.ch, sigs...)
	}
	return s
}

// check returns ErrInterrupted once a signal arrived or ctx ended.
func (s *signalCatcher) check() error {
	select {
	case sig := <-s.ch:
		return fmt.Errorf("%w by %v", ErrInterrupted, sig)
	case <-s.ctx.Done():
		return fmt.Errorf("%w: %w", ErrInterrupted, s.ctx.Err())
	default:
		return nil
	}
}

// release restores signal handling. A signal that arrived after the last
// check (the change was complete) is raised again, so the process reacts
// to it as it would have without Apply.
func (s *signalCatcher) release() {
	signal.Stop(s.ch)
	select {
	case sig := <-s.ch:
		if n, ok := sig.(syscall.Signal); ok {
			_ = syscall.Kill(os.Getpid(), n)
		}
	default:
	}
}

// IgnoreSIGPIPE makes a write to a closed pipe an EPIPE error instead of
// killing the process, for a CLI whose output may be piped into a program
// that exits early (head, less) while a change is being applied.
func IgnoreSIGPIPE() { signal.Ignore(syscall.SIGPIPE) }
