//go:build unix

package query

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user and system) used by the process
// so far. Benchmarks report it next to wall time because the machines
// they run on are shared: wall time grows with other people's load, CPU
// time much less.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
