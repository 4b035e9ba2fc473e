package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/generate"
	"github.com/slcs/slcs/portfolio"
	"github.com/slcs/slcs/sqlite"
	"github.com/slcs/slcs/web"
	"github.com/slcs/slcs/workspace"
)

// benchAccounts is the size of the portfolio of the page benchmarks.
const benchAccounts = 20_000

// largeDashboard is the dashboard of a workspace holding a generated
// portfolio of n accounts, imported and classified once.
func largeDashboard(b *testing.B, n int) *web.Server {
	b.Helper()
	start := time.Now()
	dir := b.TempDir()
	src := filepath.Join(dir, "portfolio")
	if err := generate.Write(src, generate.Options{Accounts: n, Seed: 7, AsOf: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)}); err != nil {
		b.Fatal(err)
	}
	st, err := sqlite.Open(b.Context(), filepath.Join(dir, "slcs.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	imp, err := st.BeginImport(b.Context(), false)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := portfolio.Import(portfolio.ImportSource{Dir: src}, imp, portfolio.Options{Settings: slcs.DefaultSettings(), Today: slcs.DayOf(now)}); err != nil {
		imp.Rollback()
		b.Fatal(err)
	}
	if _, err := imp.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, _, _, err := workspace.Run(b.Context(), st, workspace.RunOptions{Settings: slcs.DefaultSettings(), Now: now, By: "bench"}); err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(st, web.Options{Settings: slcs.DefaultSettings(), Location: "bench.db", Now: func() time.Time { return now }, Local: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d accounts generated, imported and classified in %v", n, time.Since(start).Round(time.Millisecond))
	return srv
}

// BenchmarkPortfolioRender20000 times the portfolio page of 20,000 accounts
// through the handler, with the snapshot already loaded: what the server
// spends on each view of the page (target: under 150 ms, under 2 MB).
func BenchmarkPortfolioRender20000(b *testing.B) {
	h := largeDashboard(b, benchAccounts).Handler()
	get := func() *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("GET /: status %d\n%.2000s", rec.Code, rec.Body.String())
		}
		return rec
	}
	// the first view loads the snapshot
	size := get().Body.Len()
	for b.Loop() {
		if n := get().Body.Len(); n != size {
			b.Fatalf("the page is %d bytes, then %d", size, n)
		}
	}
	b.ReportMetric(float64(size), "bytes/page")
}

// paintTiming is when the browser painted a page and finished loading it,
// in milliseconds from the start of the navigation.
type paintTiming struct {
	Paint float64 `json:"paint"`
	Load  float64 `json:"load"`
}

// paintTimingJS is the page's paint timing once it is painted and loaded,
// else null.
const paintTimingJS = `(() => {
	const p = performance.getEntriesByName("first-contentful-paint")[0];
	const n = performance.getEntriesByType("navigation")[0];
	return p && n && n.loadEventEnd > 0 ? {paint: p.startTime, load: n.loadEventEnd} : null;
})()`

// BenchmarkPortfolioPaint20000 times the portfolio page of 20,000 accounts
// in a browser: from the start of the navigation to the first contentful
// paint (ms/paint, target: under 1 s) and to the end of the load event
// (ms/load). Without a browser it skips.
func BenchmarkPortfolioPaint20000(b *testing.B) {
	path, err := findBrowser()
	if err != nil {
		b.Fatal(err)
	}
	if path == "" {
		b.Skip("no browser: install chromium (apt-get install chromium), or set SLCS_CHROME")
	}
	ts := httptest.NewServer(largeDashboard(b, benchAccounts).Handler())
	b.Cleanup(ts.Close)
	tab := startBrowser(b, path, 10*time.Minute)
	view := func() paintTiming {
		ctx, cancel := context.WithTimeout(tab, stepTimeout)
		defer cancel()
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(ts.URL+"/"))
		if err != nil {
			b.Fatal(err)
		}
		if resp.Status != http.StatusOK {
			b.Fatalf("GET /: status %d", resp.Status)
		}
		pt, err := chromedp.Run(ctx, chromedp.Poll[paintTiming](paintTimingJS, chromedp.WithPollingTimeout(stepTimeout)))
		if err != nil {
			b.Fatalf("no paint timing: %v", err)
		}
		return pt
	}
	// the first view loads the snapshot, the stylesheet and the script
	view()
	var sum paintTiming
	n := 0
	for b.Loop() {
		pt := view()
		sum.Paint += pt.Paint
		sum.Load += pt.Load
		n++
	}
	b.ReportMetric(sum.Paint/float64(n), "ms/paint")
	b.ReportMetric(sum.Load/float64(n), "ms/load")
}
