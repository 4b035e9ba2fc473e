// Command apiload puts a bounded load on the REST API of slcs serve and
// reports the throughput and the latency percentiles: a fixed number of
// connections, each sending its next request when the last one is
// answered, for a fixed time.
//
//	go run ./bench/apiload -url http://127.0.0.1:8080 -token slcs_... -c 16 -d 20s /api/v1/accounts?limit=100 /api/v1/accounts/{id}
//
// A path with {id} takes, in turn, the account ids that -ids lists (a
// file, one a line).
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the server")
	token := flag.String("token", "", "an API token (Authorization: Bearer)")
	conns := flag.Int("c", 16, "concurrent connections")
	dur := flag.Duration("d", 20*time.Second, "how long to load")
	idsFile := flag.String("ids", "", "a file of account ids, one a line, for the paths with {id}")
	flag.Parse()
	paths := flag.Args()
	if len(paths) == 0 {
		fmt.Fprintln(os.Stderr, "give the paths to request")
		os.Exit(2)
	}
	var ids []string
	if *idsFile != "" {
		f, err := os.Open(*idsFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if s := strings.TrimSpace(sc.Text()); s != "" {
				ids = append(ids, s)
			}
		}
		f.Close()
	}
	tr := &http.Transport{MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()
	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      atomic.Int64
		next      atomic.Int64
		wg        sync.WaitGroup
	)
	start := time.Now()
	for range *conns {
		wg.Go(func() {
			var mine []time.Duration
			for ctx.Err() == nil {
				n := next.Add(1)
				p := paths[int(n)%len(paths)]
				if strings.Contains(p, "{id}") && len(ids) > 0 {
					p = strings.ReplaceAll(p, "{id}", url.PathEscape(ids[int(n/int64(len(paths)))%len(ids)]))
				}
				req, _ := http.NewRequest("GET", *base+p, nil)
				if *token != "" {
					req.Header.Set("Authorization", "Bearer "+*token)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						errs.Add(1)
					}
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					errs.Add(1)
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	pct := func(q float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(q*float64(len(latencies))))]
	}
	fmt.Printf("%d requests in %.1f s: %.0f requests/s, %d errors; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d connections)\n",
		len(latencies), elapsed.Seconds(), float64(len(latencies))/elapsed.Seconds(), errs.Load(),
		ms(pct(0.5)), ms(pct(0.99)), ms(pct(1)), *conns)
	if errs.Load() > 0 {
		os.Exit(1)
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
