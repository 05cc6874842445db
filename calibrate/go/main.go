// Command driver sends N GETs to the loopback calibration server from G
// goroutines through Go's DefaultTransport (MaxIdleConnsPerHost 2) and
// prints one JSON line: wall time, ok / failed counts, client CPU time.
//
//	go run . -url http://127.0.0.1:PORT/ -n 1000 -goroutines 100
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

func main() {
	url := flag.String("url", "", "server URL")
	n := flag.Int("n", 1000, "requests")
	goroutines := flag.Int("goroutines", 100, "goroutines draining the jobs")
	flag.Parse()
	var left int64 = int64(*n)
	var ok, failed int64
	cpu0 := cpuSeconds()
	t0 := time.Now()
	var wg sync.WaitGroup
	for g := 0; g < *goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for atomic.AddInt64(&left, -1) >= 0 {
				resp, err := http.Get(*url)
				if err != nil {
					atomic.AddInt64(&failed, 1)
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				atomic.AddInt64(&ok, 1)
			}
		}()
	}
	wg.Wait()
	wall := time.Since(t0).Seconds()
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	out, _ := json.Marshal(map[string]any{
		"wall_s": wall, "ok": ok, "failed": failed, "failures": map[string]int64{},
		"client_cpu_s": cpuSeconds() - cpu0,
	})
	fmt.Fprintln(os.Stdout, string(out))
}
