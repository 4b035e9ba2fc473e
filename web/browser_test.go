package web_test

// The dashboard in a real browser: headless Chromium driven through the
// DevTools protocol, against the real handler on a real SQLite workspace.
//
// The browser is chromium, chromium-browser or google-chrome on PATH, or
// the binary SLCS_CHROME names. Without one the tests skip, except in CI
// (CI set), where they fail. SLCS_SCREENSHOTS names a folder to keep a
// full-page screenshot of every page visited.

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/workspace"
)

const (
	// browserWidth and browserHeight are the size of the browser's window.
	browserWidth, browserHeight = 1440, 1000
	// browserStart bounds the start of the browser.
	browserStart = time.Minute
	// stepTimeout bounds each step of a test: a page load, a click, a
	// download.
	stepTimeout = 30 * time.Second
)

// browserNames are the browsers looked for on PATH, in order.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome"}

// findBrowser returns the path of the browser to drive, or "" when there is
// none. SLCS_CHROME naming a binary that is not there is an error.
func findBrowser() (string, error) {
	if name := os.Getenv("SLCS_CHROME"); name != "" {
		path, err := exec.LookPath(name)
		if err != nil {
			return "", fmt.Errorf("SLCS_CHROME=%s: %w", name, err)
		}
		return path, nil
	}
	for _, name := range browserNames {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", nil
}

// requireBrowser returns the browser to drive. Without one it fails tb in
// CI (where the browser tests must run) and skips it elsewhere.
func requireBrowser(tb testing.TB) string {
	tb.Helper()
	path, err := findBrowser()
	if err != nil {
		tb.Fatal(err)
	}
	if path == "" {
		msg := "no browser to run the dashboard in: found none of " + strings.Join(browserNames, ", ") +
			" on PATH, and SLCS_CHROME is not set"
		if os.Getenv("CI") != "" {
			tb.Fatal(msg + ". CI runs the browser tests: install chromium (apt-get install -y chromium)")
		}
		tb.Skip(msg + ". Install chromium (apt-get install chromium) to run the browser tests")
	}
	return path
}

// startBrowser starts a headless browser for tb, closed when tb ends, and
// returns the context of its first tab. The whole session lasts at most
// limit, so a hung browser fails the test rather than blocks it.
func startBrowser(tb testing.TB, path string, limit time.Duration) context.Context {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.WindowSize(browserWidth, browserHeight),
	)
	if os.Geteuid() == 0 {
		// the browser refuses to run as root with its sandbox
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	tabCtx, tcancel := chromedp.NewContext(actx)
	tb.Cleanup(func() {
		tcancel()
		acancel()
		cancel()
	})
	// The first action starts the browser and ties it to the context it
	// is given, so it gets the session's context; a watchdog bounds the
	// start.
	watchdog := time.AfterFunc(browserStart, cancel)
	err := chromedp.Do(tabCtx)
	if !watchdog.Stop() {
		err = fmt.Errorf("the browser did not start in %v: %w", browserStart, err)
	}
	if err != nil {
		tb.Fatalf("starting %s: %v", path, err)
	}
	return tabCtx
}

// screenshotDir is the folder of the screenshots: SLCS_SCREENSHOTS, or a
// temporary folder whose path is logged.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SLCS_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(t.TempDir(), "screenshots")
		t.Logf("screenshots in %s (set SLCS_SCREENSHOTS to keep them)", dir)
	} else {
		t.Logf("screenshots in %s", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// tab is a browser tab on the dashboard under test.
type tab struct {
	t     *testing.T
	ctx   context.Context
	base  string // the dashboard's URL
	shots string // the folder of the screenshots

	mu      sync.Mutex
	console []chromedp.ConsoleMessage // the errors the pages logged
}

func newTab(t *testing.T, base string) *tab {
	b := &tab{t: t, ctx: startBrowser(t, requireBrowser(t), 5*time.Minute), base: base, shots: screenshotDir(t)}
	msgs := chromedp.Console(b.ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleException || m.Type == chromedp.ConsoleError {
				b.mu.Lock()
				b.console = append(b.console, m)
				b.mu.Unlock()
			}
		}
	}()
	return b
}

// loggedErrors returns the errors the pages logged since the last call,
// but for the answers of the given statuses and the favicon's (the
// dashboard has none, and the browser asks for it).
func (b *tab) loggedErrors(statuses ...int) []string {
	// the log reaches us a little after the page wrote it
	time.Sleep(200 * time.Millisecond)
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
next:
	for _, m := range b.console {
		if m.Type == chromedp.ConsoleError && strings.HasSuffix(m.URL, "/favicon.ico") {
			continue
		}
		for _, c := range statuses {
			if m.Type == chromedp.ConsoleError && strings.Contains(m.Text, fmt.Sprintf("status of %d", c)) {
				continue next
			}
		}
		out = append(out, fmt.Sprintf("%s %s (%s:%d)", m.Type, m.Text, m.URL, m.Line+1))
	}
	b.console = nil
	return out
}

// step is the context of one step: bounded by stepTimeout.
func (b *tab) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, stepTimeout)
}

// do runs actions that load no page.
func (b *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// load runs actions that load a page (a click on a link or a button),
// waits for it and checks its status.
func (b *tab) load(what string, status int64, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, actions...)
	b.checkResponse(what, status, resp, err)
}

// open loads a page of the dashboard.
func (b *tab) open(path string) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.base+path))
	b.checkResponse("open "+path, http.StatusOK, resp, err)
}

func (b *tab) checkResponse(what string, status int64, resp *network.Response, err error) {
	b.t.Helper()
	if errors.Is(err, context.DeadlineExceeded) {
		b.t.Fatalf("%s: no page loaded in %v", what, stepTimeout)
	}
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	if resp.Status != status {
		b.t.Fatalf("%s: %s answered %d, want %d", what, resp.URL, resp.Status, status)
	}
}

// eval evaluates a script in the page.
func eval[T any](b *tab, script string) T {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](script))
	if err != nil {
		b.t.Fatalf("evaluating %s: %v", script, err)
	}
	return v
}

// text is the text of the first element a selector finds, "" when none.
func (b *tab) text(selector string) string {
	b.t.Helper()
	return eval[string](b, fmt.Sprintf(`(document.querySelector(%s) || {innerText: ""}).innerText`, strconv.Quote(selector)))
}

// count is the number of elements a selector finds.
func (b *tab) count(selector string) int {
	b.t.Helper()
	return eval[int](b, fmt.Sprintf(`document.querySelectorAll(%s).length`, strconv.Quote(selector)))
}

// url is the address of the page shown.
func (b *tab) url() *url.URL {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatal(err)
	}
	return u
}

// screenshot saves a full-page screenshot of the page shown as name.png.
func (b *tab) screenshot(name string) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if !strings.HasPrefix(string(png), "\x89PNG") || len(png) < 1000 {
		b.t.Fatalf("screenshot %s: not a PNG image (%d bytes)", name, len(png))
	}
	if err := os.WriteFile(filepath.Join(b.shots, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// tableRow is a row of the portfolio's account table.
type tableRow struct {
	Href    string `json:"href"`
	Segment string `json:"segment"`
}

func (b *tab) tableRows() []tableRow {
	b.t.Helper()
	return eval[[]tableRow](b, `[...document.querySelectorAll("section.accounts table tbody tr")].map(tr => {
		const a = tr.querySelector("td a"), seg = tr.querySelector(".seg");
		return {href: a ? a.getAttribute("href") : "", segment: seg ? seg.getAttribute("title") : ""};
	})`)
}

// chartLinks are the links of the points of the portfolio chart.
func (b *tab) chartLinks() []string {
	b.t.Helper()
	return eval[[]string](b, `[...document.querySelectorAll("figure.chart svg g.points a")].map(a => a.getAttribute("href"))`)
}

// accountPath is the path of an account's page.
func accountPath(id string) string { return "/accounts/" + url.PathEscape(id) }

// idOf is the account a link of the dashboard leads to.
func idOf(t *testing.T, href string) string {
	t.Helper()
	rest, ok := strings.CutPrefix(href, "/accounts/")
	if !ok {
		t.Fatalf("%q does not lead to an account", href)
	}
	id, err := url.PathUnescape(rest)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestBrowser walks the dashboard as a user does: the portfolio, its
// filters, its chart, an account and its override, an import refused, the
// Excel export, the sellers and the changes.
func TestBrowser(t *testing.T) {
	requireBrowser(t)
	f := newFixture(t, 2)
	b := newTab(t, f.srv.URL)

	accounts := f.snap.Accounts
	byID := map[string]*workspace.SnapshotAccount{}
	var bySeg [4][]string
	for i := range accounts {
		a := &accounts[i]
		byID[a.AccountID] = a
		bySeg[a.Segment] = append(bySeg[a.Segment], a.AccountID)
	}
	// two segments that hold accounts: one chosen in the select, the other
	// shown with the button
	var segs []slcs.Segment
	for _, s := range slcs.Segments {
		if len(bySeg[s]) > 0 {
			segs = append(segs, s)
		}
	}
	if len(segs) < 2 {
		t.Fatalf("the example portfolio fills %d segments: the test needs two", len(segs))
	}
	segA, segB := segs[0], segs[1]

	// checkView checks that the table and the chart show the accounts of
	// seg, and only them.
	checkView := func(seg slcs.Segment) {
		t.Helper()
		want := bySeg[seg]
		rows := b.tableRows()
		if len(rows) != min(50, len(want)) {
			t.Errorf("%s: %d rows in the table, want %d", seg.Name(), len(rows), min(50, len(want)))
		}
		for _, r := range rows {
			if r.Segment != seg.Name() {
				t.Errorf("%s: a row %s shows segment %q", seg.Name(), r.Href, r.Segment)
			}
			if a := byID[idOf(t, r.Href)]; a == nil || a.Segment != seg {
				t.Errorf("%s: the row %s is an account of another segment", seg.Name(), r.Href)
			}
		}
		links := b.chartLinks()
		if len(links) != len(want) {
			t.Errorf("%s: %d points in the chart, want %d", seg.Name(), len(links), len(want))
		}
		for _, l := range links {
			if a := byID[idOf(t, l)]; a == nil || a.Segment != seg {
				t.Errorf("%s: the point %s is an account of another segment", seg.Name(), l)
			}
		}
		if n := b.count("figure.chart svg g.points circle.pt." + seg.ID()); n != len(want) {
			t.Errorf("%s: %d circles of the segment's class, want %d", seg.Name(), n, len(want))
		}
		caption := fmt.Sprintf("%d of %d accounts", len(want), len(accounts))
		if got := b.text("figure.chart figcaption"); !strings.Contains(got, caption) {
			t.Errorf("%s: the caption %q does not say %q", seg.Name(), got, caption)
		}
		if got := eval[string](b, `document.querySelector("form.filters select[name=segment]").value`); got != seg.ID() {
			t.Errorf("%s: the select shows %q", seg.Name(), got)
		}
		if got := b.url().Query().Get("segment"); got != seg.ID() {
			t.Errorf("%s: the address says segment %q", seg.Name(), got)
		}
	}

	// The portfolio: the chart, a point for every account, and the table.
	b.open("/")
	if h := b.text("h1"); h != "Portfolio" {
		t.Errorf("portfolio: heading %q", h)
	}
	if n := b.count("figure.chart svg"); n != 1 {
		t.Fatalf("portfolio: %d charts", n)
	}
	if n := len(b.chartLinks()); n != len(accounts) {
		t.Errorf("portfolio: %d points, want one for each of the %d accounts", n, len(accounts))
	}
	if n := b.count("figure.chart svg g.points a > circle"); n != len(accounts) {
		t.Errorf("portfolio: %d circles in links, want %d", n, len(accounts))
	}
	if rows := b.tableRows(); len(rows) != 50 {
		t.Errorf("portfolio: %d rows in the table, want 50", len(rows))
	}
	// the chart is drawn: it takes room on the page
	if w := eval[float64](b, `document.querySelector("figure.chart svg").getBoundingClientRect().width`); w < 200 {
		t.Errorf("portfolio: the chart is %.0f pixels wide", w)
	}
	if got := b.text("header .snap"); !strings.Contains(got, "Snapshot 2") {
		t.Errorf("portfolio: the header %q does not name snapshot 2", got)
	}
	b.screenshot("portfolio")

	// Printed, the portfolio is a one-page report.
	{
		ctx, cancel := b.step()
		res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: new(true)})
		cancel()
		if err != nil {
			t.Fatalf("print: %v", err)
		}
		if n := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(res.Data, -1)); n != 1 {
			t.Errorf("the portfolio prints on %d pages, want 1", n)
		}
	}

	// Filter: a segment chosen in the select applies at once (app.js).
	b.load("choose "+segA.Name(), http.StatusOK, chromedp.SetValue(chromedp.CSS("form.filters select[name=segment]"), segA.ID()))
	checkView(segA)

	// The Show button applies the filters too: the select changed without
	// its script, then the button.
	b.do("set the segment", chromedp.Evaluate[chromedp.Void](
		fmt.Sprintf(`document.querySelector("form.filters select[name=segment]").value = %q`, segB.ID())))
	b.load("show "+segB.Name(), http.StatusOK, chromedp.Click(chromedp.CSS("form.filters button[type=submit]")))
	checkView(segB)
	b.screenshot("portfolio-filtered")

	// The Excel export of this view.
	{
		rows := downloadXLSX(t, b)
		want := slices.Clone(bySeg[segB])
		slices.Sort(want)
		if len(rows) == 0 || len(rows[0]) == 0 || rows[0][0] != "account_id" {
			t.Fatalf("the Accounts sheet does not start with account_id: %q", rows[:min(1, len(rows))])
		}
		var got []string
		for _, r := range rows[1:] {
			if len(r) > 0 {
				got = append(got, r[0])
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("the Accounts sheet holds %d accounts, want the %d of the view; in the sheet only: %v; in the view only: %v",
				len(got), len(want), missing(got, want), missing(want, got))
		}
	}

	// A point of the chart leads to its account. The last point is drawn on
	// top of the others.
	const point = "figure.chart svg g.points a:last-of-type > circle"
	href := eval[string](b, fmt.Sprintf(`document.querySelector(%q).parentNode.getAttribute("href")`, point))
	onTop := eval[bool](b, fmt.Sprintf(`(() => {
		const c = document.querySelector(%q);
		c.scrollIntoView({block: "center"});
		const r = c.getBoundingClientRect();
		return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === c;
	})()`, point))
	if !onTop {
		t.Fatalf("the point of %s is covered: it cannot be clicked", href)
	}
	id := idOf(t, href)
	a := byID[id]
	if a == nil || a.Segment != segB {
		t.Fatalf("the point %s is not an account of %s", href, segB.Name())
	}
	b.load("click the point of "+id, http.StatusOK, chromedp.Click(chromedp.CSS(point)))
	if got := b.url().EscapedPath(); got != accountPath(id) {
		t.Fatalf("the point of %s led to %s", id, got)
	}
	if h := b.text("h1"); !strings.HasPrefix(h, a.Name) || !strings.Contains(h, segB.Name()) {
		t.Errorf("account: heading %q, want %q in %s", h, a.Name, segB.Name())
	}
	if got := b.text("p.facts"); !strings.Contains(got, "Account "+id) {
		t.Errorf("account: the facts %q do not name %s", got, id)
	}
	if got := b.text("#override"); !strings.Contains(got, "No override") {
		t.Errorf("account: the override section %q does not say there is none", got)
	}
	b.screenshot("account")

	// Pin the account to another segment.
	target := slcs.Key
	if a.Segment == slcs.Key {
		target = slcs.Service
	}
	const reason = "renewal in Q2"
	b.do("fill the override",
		chromedp.SetValue(chromedp.CSS("form.override select[name=segment]"), target.ID()),
		chromedp.SendKeys(chromedp.CSS("form.override input[name=reason]"), reason),
	)
	b.load("pin the segment", http.StatusOK, chromedp.Click(chromedp.CSS("form.override button[type=submit]")))
	if got := b.url().EscapedPath(); got != accountPath(id) {
		t.Errorf("after pinning: at %s, want the account's page", got)
	}
	sec := b.text("#override")
	if !strings.Contains(sec, "Pinned to "+target.Name()) || !strings.Contains(sec, reason) {
		t.Errorf("after pinning: the override section says %q, want Pinned to %s and the reason", sec, target.Name())
	}
	ovs, err := f.store.Overrides(t.Context())
	if err != nil || len(ovs) != 1 || ovs[0].AccountID != id || ovs[0].Segment != target || ovs[0].Reason != reason ||
		ovs[0].By != "leader@ourco.example" || !ovs[0].LiftedAt.IsZero() {
		t.Fatalf("after pinning: overrides %+v, %v", ovs, err)
	}
	b.screenshot("account-override")

	// Classify now, from the account's page: a third snapshot, where the
	// account moved.
	b.load("classify now", http.StatusOK, chromedp.Click(chromedp.CSS(`#override form[action="/classify"] button`)))
	if got := b.url().Path; got != "/" {
		t.Errorf("after classifying: at %s, want the portfolio", got)
	}
	if got := b.text("header .snap"); !strings.Contains(got, "Snapshot 3") {
		t.Errorf("after classifying: the header %q does not name snapshot 3", got)
	}
	if s := f.latest(); s.ID != 3 {
		t.Errorf("after classifying: the latest snapshot is %d", s.ID)
	} else if i := slices.IndexFunc(s.Accounts, func(x workspace.SnapshotAccount) bool { return x.AccountID == id }); i < 0 ||
		s.Accounts[i].Segment != target || !s.Accounts[i].Overridden {
		t.Errorf("after classifying: %s is not pinned to %s", id, target.Name())
	}

	// Lift the override.
	b.open(accountPath(id))
	if got := b.text("h1"); !strings.Contains(got, target.Name()) || !strings.Contains(got, "pinned by an override") {
		t.Errorf("account after classifying: heading %q, want %s, pinned", got, target.Name())
	}
	b.load("lift the override", http.StatusOK, chromedp.Click(chromedp.CSS(`#override form[action$="/override/lift"] button`)))
	sec = b.text("#override")
	if !strings.Contains(sec, "No override") || strings.Contains(sec, "Pinned to") {
		t.Errorf("after lifting: the override section says %q", sec)
	}
	ovs, err = f.store.Overrides(t.Context())
	if err != nil || len(ovs) != 1 || ovs[0].LiftedAt.IsZero() || ovs[0].LiftedBy != "leader@ourco.example" {
		t.Errorf("after lifting: overrides %+v, %v", ovs, err)
	}

	// An import refused: nothing imported, the bad row named.
	{
		before := portfolioIDs(t, f.store)
		path, line := brokenAccounts(t)
		b.open("/import")
		if h := b.text("h1"); h != "Import a portfolio" {
			t.Errorf("import: heading %q", h)
		}
		b.do("choose the file", chromedp.SetUploadFiles(chromedp.CSS(`form.upload input[type=file][name=files]`), []string{path}))
		if n := eval[int](b, `document.querySelector("form.upload input[type=file]").files.length`); n != 1 {
			t.Fatalf("import: %d files chosen", n)
		}
		b.load("import", http.StatusUnprocessableEntity, chromedp.Click(chromedp.CSS(`form.upload button[type=submit]`)))
		if got := b.text(`[role=alert]`); !strings.Contains(got, "nothing was imported") {
			t.Errorf("import: the alert %q does not say nothing was imported", got)
		}
		problems := eval[[][]string](b, `[...document.querySelectorAll("table.problems tbody tr")].map(tr => [...tr.cells].map(td => td.innerText.trim()))`)
		found := false
		for _, p := range problems {
			if len(p) >= 5 && p[0] == "accounts.csv" && p[1] == strconv.Itoa(line) {
				found = true
				if p[2] != "employees" || p[4] != "lots" {
					t.Errorf("import: the problem %q does not name the column employees and the value lots", p)
				}
			}
		}
		if !found {
			t.Errorf("import: the problems %q do not name accounts.csv line %d", problems, line)
		}
		b.screenshot("import-error")
		if got := b.loggedErrors(http.StatusUnprocessableEntity); len(got) > 0 {
			t.Errorf("import: the page logged errors: %q", got)
		}
		after := portfolioIDs(t, f.store)
		if !slices.Equal(after, before) {
			t.Errorf("a refused import changed the accounts: %d before, %d after", len(before), len(after))
		}
		if slices.Contains(after, newAccountID) {
			t.Errorf("a refused import added %s", newAccountID)
		}
	}

	// The sellers: a section, a chart and a link to the book of each.
	b.open("/sellers")
	if h := b.text("h1"); h != "Sellers" {
		t.Errorf("sellers: heading %q", h)
	}
	if got := b.text(`nav a[aria-current="page"]`); got != "Sellers" {
		t.Errorf("sellers: the navigation marks %q", got)
	}
	sellers := f.latest().Sellers
	if n := b.count("section.seller"); n != len(sellers) {
		t.Errorf("sellers: %d sections, want %d", n, len(sellers))
	}
	if n := b.count("section.seller .bars svg"); n != len(sellers) {
		t.Errorf("sellers: %d charts, want %d", n, len(sellers))
	}
	book := ""
	for _, p := range sellers {
		if p.Seller == "" {
			continue
		}
		if b.count(`section.seller a[href="/?seller=`+url.QueryEscape(p.Seller)+`"]`) == 0 {
			t.Errorf("sellers: no link to the book of %s", p.Seller)
		} else if book == "" {
			book = p.Seller
		}
	}
	b.screenshot("sellers")

	// A seller's link opens the portfolio of the seller's accounts.
	if book != "" {
		b.load("open the book of "+book, http.StatusOK,
			chromedp.Click(chromedp.CSS(`section.seller a[href="/?seller=`+url.QueryEscape(book)+`"]`)))
		if got := b.url().Query().Get("seller"); got != book {
			t.Errorf("the book of %s: the address says seller %q", book, got)
		}
		want := 0
		for _, a := range accounts {
			if strings.EqualFold(a.Owner, book) {
				want++
			}
		}
		rows := b.tableRows()
		if len(rows) != min(50, want) {
			t.Errorf("the book of %s: %d rows, want %d", book, len(rows), min(50, want))
		}
		for _, r := range rows {
			if a := byID[idOf(t, r.Href)]; a == nil || !strings.EqualFold(a.Owner, book) {
				t.Errorf("the book of %s: the row %s is an account of another seller", book, r.Href)
			}
		}
	}

	// The changes: the last two snapshots compared, the pinned account moved.
	b.open("/changes")
	if h := b.text("h1"); h != "Changes" {
		t.Errorf("changes: heading %q", h)
	}
	if n := b.count(`select[name=from] option`); n != 3 {
		t.Errorf("changes: %d snapshots to compare from, want 3", n)
	}
	if got := eval[[]string](b, `["from", "to"].map(n => document.querySelector("select[name=" + n + "]").value)`); !slices.Equal(got, []string{"2", "3"}) {
		t.Errorf("changes: comparing %v, want snapshots 2 and 3", got)
	}
	if n := b.count("table.matrix tbody tr"); n != 5 {
		t.Errorf("changes: %d rows in the matrix, want the four segments and the new accounts", n)
	}
	if got := b.text("#moved"); got != "Accounts that moved (1)" {
		t.Errorf("changes: %q, want one account moved", got)
	}
	if n := b.count(`section[aria-labelledby=moved] a[href="` + accountPath(id) + `"]`); n != 1 {
		t.Errorf("changes: the moved account %s is not listed", id)
	}
	b.screenshot("changes")

	if got := b.loggedErrors(); len(got) > 0 {
		t.Errorf("the pages logged errors: %q", got)
	}
}

// downloadXLSX clicks the Excel link of the page shown, waits for the
// download and returns the rows of its Accounts sheet, having checked its
// sheets.
func downloadXLSX(t *testing.T, b *tab) [][]string {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := b.step()
	defer cancel()
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	begin := chromedp.Events(ctx, browser.DownloadWillBegin)
	_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, EventsEnabled: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`p.exports a[href^="/export.xlsx"]`))); err != nil {
		t.Fatalf("click Excel: %v", err)
	}
	var name string
	for ev, err := range begin {
		if err != nil {
			t.Fatalf("no download began: %v", err)
		}
		name = ev.SuggestedFilename
		break
	}
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("the download did not end: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the download was canceled")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			break
		}
	}
	if !strings.HasPrefix(name, "slcs-snapshot-") || !strings.HasSuffix(name, ".xlsx") {
		t.Errorf("the workbook is named %q", name)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(files) != 1 || filepath.Base(files[0]) != name {
		t.Fatalf("downloaded %v, want %s", files, name)
	}
	x, err := excelize.OpenFile(files[0])
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer x.Close()
	if got, want := x.GetSheetList(), []string{"Accounts", "ISOs", "Time plan", "Audit"}; !slices.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	rows, err := x.GetRows("Accounts")
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// newAccountID is the account that the refused import adds.
const newAccountID = "A9999999"

// brokenAccounts writes the example accounts.csv with a new account and a
// row whose employees is not a number, and returns its path and the line of
// that row.
func brokenAccounts(t *testing.T) (string, int) {
	t.Helper()
	in, err := os.Open(filepath.Join(examplePortfolio, "accounts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	records, err := csv.NewReader(in).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(records[0], "employees")
	if col < 0 || len(records) < 10 {
		t.Fatalf("the example accounts.csv has no employees column or few rows: %q", records[0])
	}
	const bad = 6 // the record of line 7
	records[bad][col] = "lots"
	extra := slices.Clone(records[1])
	extra[0], extra[1] = newAccountID, "Newcomer GmbH"
	records = append(records, extra)
	path := filepath.Join(t.TempDir(), "accounts.csv")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(out)
	w.WriteAll(records)
	if err := errors.Join(w.Error(), out.Close()); err != nil {
		t.Fatal(err)
	}
	return path, bad + 1
}

// portfolioIDs are the ids of the accounts the workspace holds, sorted.
func portfolioIDs(t *testing.T, st workspace.Store) []string {
	t.Helper()
	var ids []string
	err := st.ReadPortfolio(t.Context(), func(r workspace.PortfolioReader) error {
		return r.Accounts(func(a *workspace.AccountRow) error {
			ids = append(ids, a.ID)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return ids
}

// missing are the strings of a that b lacks.
func missing(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
