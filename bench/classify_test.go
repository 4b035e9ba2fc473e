package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/generate"
	"github.com/slcs/slcs/portfolio"
	"github.com/slcs/slcs/report"
)

// portfolioFor generates (once, then reuses) a portfolio of n accounts with
// about 100 activities each in the system's temporary folder.
func portfolioFor(b *testing.B, accounts int) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("slcs-bench-%d-100", accounts))
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	err := generate.Write(dir, generate.Options{Accounts: accounts, Seed: 7, ActivitiesPerAccount: 100,
		AsOf: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkClassify reads a generated portfolio, classifies it and writes
// the classification CSV: what `slcs classify DIR --format csv -o FILE` does.
func BenchmarkClassify(b *testing.B) {
	for _, n := range []int{20_000, 100_000} {
		b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) {
			dir := portfolioFor(b, n)
			out := filepath.Join(b.TempDir(), "classification.csv")
			var size int64
			for _, f := range []string{"accounts.csv", "team.csv", "activities.csv", "revenue.csv"} {
				fi, err := os.Stat(filepath.Join(dir, f))
				if err != nil {
					b.Fatal(err)
				}
				size += fi.Size()
			}
			b.SetBytes(size)
			b.ResetTimer()
			var peak uint64
			for b.Loop() {
				bld, _, err := portfolio.Load(dir, portfolio.Options{Settings: slcs.DefaultSettings(),
					Today: slcs.DayOf(time.Now())})
				if err != nil {
					b.Fatal(err)
				}
				res := bld.Classify()
				f, err := os.Create(out)
				if err != nil {
					b.Fatal(err)
				}
				if err := report.WriteClassificationCSV(f, res); err != nil {
					b.Fatal(err)
				}
				f.Close()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapSys)
			}
			b.ReportMetric(float64(peak)/(1<<20), "heap-MiB")
		})
	}
}
