package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/portfolio"
	"github.com/slcs/slcs/sqlite"
	"github.com/slcs/slcs/web"
	"github.com/slcs/slcs/workspace"
)

const examplePortfolio = "../examples/portfolio"

var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// fixture is a dashboard on a real SQLite workspace.
type fixture struct {
	t     *testing.T
	store *sqlite.Store
	srv   *httptest.Server
	snap  *workspace.Snapshot
}

// newFixture imports the example portfolio into a new workspace and
// classifies it `classifications` times.
func newFixture(t *testing.T, classifications int) *fixture {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "slcs.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{t: t, store: st}
	if classifications > 0 {
		importDir(t, st, examplePortfolio)
	}
	for range classifications {
		if _, _, _, err := workspace.Run(t.Context(), st, workspace.RunOptions{Settings: slcs.DefaultSettings(), Now: now, By: "tester"}); err != nil {
			t.Fatal(err)
		}
	}
	srv, err := web.New(st, web.Options{Settings: slcs.DefaultSettings(), Location: "test.db", Now: func() time.Time { return now }, Local: true,
		User: func(*http.Request) string { return "leader@ourco.example" }})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(f.srv.Close)
	if classifications > 0 {
		f.snap = f.latest()
	}
	return f
}

func importDir(t *testing.T, st workspace.Store, dir string) {
	t.Helper()
	imp, err := st.BeginImport(t.Context(), false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := portfolio.Import(portfolio.ImportSource{Dir: dir}, imp, portfolio.Options{Settings: slcs.DefaultSettings(), Today: slcs.DayOf(now)}); err != nil {
		imp.Rollback()
		t.Fatal(err)
	}
	if _, err := imp.Commit(); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) latest() *workspace.Snapshot {
	f.t.Helper()
	infos, err := f.store.Snapshots(f.t.Context())
	if err != nil || len(infos) == 0 {
		f.t.Fatalf("snapshots: %v, %v", infos, err)
	}
	s, err := f.store.Snapshot(f.t.Context(), infos[len(infos)-1].ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

// get fetches a page and checks its status.
func (f *fixture) get(path string, status int) (string, http.Header) {
	f.t.Helper()
	resp, err := http.Get(f.srv.URL + path)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	if resp.StatusCode != status {
		f.t.Fatalf("GET %s: status %d, want %d\n%s", path, resp.StatusCode, status, b)
	}
	return string(b), resp.Header
}

// post sends a form as a browser of the same site would.
func (f *fixture) post(path string, form url.Values, status int) string {
	f.t.Helper()
	req, err := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return f.do(req, status)
}

func (f *fixture) do(req *http.Request, status int) string {
	f.t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		f.t.Fatalf("%s %s: status %d, want %d\n%s", req.Method, req.URL.Path, resp.StatusCode, status, b)
	}
	return string(b)
}

var rowLink = regexp.MustCompile(`<td><a href="/accounts/([^"]+)">([^<]*)</a>`)

// tableIDs are the account ids of the rows of the account table, in order.
func tableIDs(page string) []string {
	var ids []string
	for _, m := range rowLink.FindAllStringSubmatch(page, -1) {
		id, _ := url.PathUnescape(m[1])
		ids = append(ids, id)
	}
	return ids
}

func TestPortfolioPage(t *testing.T) {
	f := newFixture(t, 1)
	page, h := f.get("/", 200)
	if got := h.Get("Content-Security-Policy"); !strings.Contains(got, "default-src 'self'") || strings.Contains(got, "unsafe-inline") {
		t.Errorf("Content-Security-Policy %q", got)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("security headers missing: %v", h)
	}
	for _, s := range slcs.Segments {
		if !strings.Contains(page, s.Name()) {
			t.Errorf("the page does not name %s", s.Name())
		}
	}
	if !strings.Contains(page, "<svg") || strings.Contains(page, "style=") {
		t.Errorf("the chart is missing, or the page has inline styles")
	}
	ids := tableIDs(page)
	if len(ids) != 50 {
		t.Fatalf("first page: %d rows, want 50", len(ids))
	}
	// by potential value, largest first
	pv := map[string]int64{}
	for _, a := range f.snap.Accounts {
		pv[a.AccountID] = a.PotentialValue
	}
	for i := 1; i < len(ids); i++ {
		if pv[ids[i-1]] < pv[ids[i]] {
			t.Fatalf("rows not by potential value: %s (%d) before %s (%d)", ids[i-1], pv[ids[i-1]], ids[i], pv[ids[i]])
		}
	}
	// every account is on exactly one page
	seen := map[string]bool{}
	pages := (len(f.snap.Accounts) + 49) / 50
	for p := 1; p <= pages; p++ {
		pg, _ := f.get(fmt.Sprintf("/?page=%d", p), 200)
		for _, id := range tableIDs(pg) {
			if seen[id] {
				t.Errorf("%s on two pages", id)
			}
			seen[id] = true
		}
	}
	if len(seen) != len(f.snap.Accounts) {
		t.Errorf("%d accounts over the pages, want %d", len(seen), len(f.snap.Accounts))
	}
}

func TestPortfolioFilters(t *testing.T) {
	f := newFixture(t, 1)
	a0 := f.snap.Accounts[0]
	seller := strings.ToLower(a0.Owner)
	cases := []struct {
		query string
		keep  func(a *workspace.SnapshotAccount) bool
	}{
		{"segment=key", func(a *workspace.SnapshotAccount) bool { return a.Segment == slcs.Key }},
		{"segment=service&industry=" + url.QueryEscape(a0.Industry), func(a *workspace.SnapshotAccount) bool {
			return a.Segment == slcs.Service && a.Industry == a0.Industry
		}},
		{"seller=" + url.QueryEscape(seller), func(a *workspace.SnapshotAccount) bool { return strings.ToLower(a.Owner) == seller }},
		{"q=" + url.QueryEscape(strings.ToUpper(a0.Name[:4])), func(a *workspace.SnapshotAccount) bool {
			return strings.Contains(strings.ToLower(a.Name), strings.ToLower(a0.Name[:4])) ||
				strings.Contains(strings.ToLower(a.AccountID), strings.ToLower(a0.Name[:4]))
		}},
	}
	for _, c := range cases {
		var want []string
		for i := range f.snap.Accounts {
			if c.keep(&f.snap.Accounts[i]) {
				want = append(want, f.snap.Accounts[i].AccountID)
			}
		}
		if len(want) == 0 || len(want) > 50 {
			t.Fatalf("%s: %d accounts: pick a filter with one page", c.query, len(want))
		}
		page, _ := f.get("/?"+c.query+"&sort=name", 200)
		got := tableIDs(page)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: rows %v, want %v", c.query, got, want)
		}
		if !strings.Contains(page, fmt.Sprintf("%d of %d accounts", len(want), len(f.snap.Accounts))) {
			t.Errorf("%s: the chart caption does not count %d of %d accounts", c.query, len(want), len(f.snap.Accounts))
		}
		// the chart shows the same accounts
		if n := strings.Count(page, `href="/accounts/`); n < 2*len(want) {
			t.Errorf("%s: %d account links on the page, want the %d rows and their points", c.query, n, len(want))
		}
	}
}

func TestPortfolioSort(t *testing.T) {
	f := newFixture(t, 1)
	byID := map[string]workspace.SnapshotAccount{}
	for _, a := range f.snap.Accounts {
		byID[a.AccountID] = a
	}
	for _, c := range []struct {
		query string
		less  func(a, b workspace.SnapshotAccount) bool // a may come before b
	}{
		{"sort=name&dir=asc", func(a, b workspace.SnapshotAccount) bool { return strings.ToLower(a.Name) <= strings.ToLower(b.Name) }},
		{"sort=engagement", func(a, b workspace.SnapshotAccount) bool { return a.Engagement >= b.Engagement }},
		{"sort=revenue&dir=asc", func(a, b workspace.SnapshotAccount) bool { return a.Revenue12m <= b.Revenue12m }},
	} {
		page, _ := f.get("/?"+c.query, 200)
		ids := tableIDs(page)
		for i := 1; i < len(ids); i++ {
			if !c.less(byID[ids[i-1]], byID[ids[i]]) {
				t.Errorf("%s: %s before %s", c.query, ids[i-1], ids[i])
			}
		}
		if !strings.Contains(page, `aria-sort=`) {
			t.Errorf("%s: no column says it sorts", c.query)
		}
	}
}

func TestAccountPage(t *testing.T) {
	f := newFixture(t, 2)
	// an account with ISOs and activities
	var a workspace.SnapshotAccount
	for _, x := range f.snap.Accounts {
		if len(x.ISOs) > 0 && x.Activities > 0 {
			a = x
			break
		}
	}
	page, _ := f.get("/accounts/"+url.PathEscape(a.AccountID), 200)
	for _, want := range []string{
		html.EscapeString(a.Name), a.Segment.Name(), "Pairs", "Frequency", "Proactiveness",
		"Relationship map", "Activity timeline", "History", a.ISOs[0].Product,
		fmt.Sprintf("%d of %d", a.ISOs[0].Buyers, a.PeerGroupSize),
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the account page lacks %q", want)
		}
	}
	// history: one row a snapshot
	hist := page[strings.Index(page, `id="hist"`):strings.Index(page, `id="override"`)]
	if n := strings.Count(hist, "<tr><td>"); n != 2 {
		t.Errorf("history: %d rows, want 2", n)
	}
	f.get("/accounts/NO-SUCH-ACCOUNT", 404)
}

func TestOverrideForm(t *testing.T) {
	f := newFixture(t, 1)
	a := f.snap.Accounts[3]
	target := slcs.Key
	if a.Segment == slcs.Key {
		target = slcs.Service
	}
	path := "/accounts/" + url.PathEscape(a.AccountID)
	// no reason: refused, nothing recorded
	page := f.post(path+"/override", url.Values{"segment": {target.ID()}}, 422)
	if !strings.Contains(page, "Say why") {
		t.Errorf("the refusal does not ask for a reason")
	}
	if os, _ := f.store.Overrides(t.Context()); len(os) != 0 {
		t.Fatalf("a refused override was recorded: %+v", os)
	}
	f.post(path+"/override", url.Values{"segment": {target.ID()}, "reason": {"renewal in Q2"}, "until": {"2027-03-31"}}, 303)
	os, err := f.store.Overrides(t.Context())
	if err != nil || len(os) != 1 {
		t.Fatalf("overrides %+v, %v", os, err)
	}
	o := os[0]
	if o.AccountID != a.AccountID || o.Segment != target || o.Reason != "renewal in Q2" || o.By != "leader@ourco.example" ||
		!o.HasUntil || o.Until != slcs.MakeDay(2027, 3, 31) {
		t.Errorf("override %+v", o)
	}
	page, _ = f.get(path, 200)
	if !strings.Contains(page, "Pinned to <strong>"+target.Name()) || !strings.Contains(page, "applies at the next one") {
		t.Errorf("the page does not show the pending override")
	}
	// classify: the snapshot has it
	f.post("/classify", nil, 303)
	snap := f.latest()
	for _, x := range snap.Accounts {
		if x.AccountID == a.AccountID && (x.Segment != target || !x.Overridden) {
			t.Errorf("after classifying: %+v", x)
		}
	}
	f.post(path+"/override/lift", nil, 303)
	os, _ = f.store.Overrides(t.Context())
	if len(os) != 1 || os[0].LiftedAt.IsZero() || os[0].LiftedBy != "leader@ourco.example" {
		t.Errorf("after lifting: %+v", os)
	}
	// a form posted from another site is refused
	req, _ := http.NewRequest("POST", f.srv.URL+path+"/override", strings.NewReader("segment=key&reason=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	f.do(req, 403)
}

func TestSellersPage(t *testing.T) {
	f := newFixture(t, 1)
	page, _ := f.get("/sellers", 200)
	for _, p := range f.snap.Sellers {
		if p.Seller != "" && !strings.Contains(page, `href="/?seller=`+url.QueryEscape(p.Seller)+`"`) {
			t.Errorf("no link to the book of %s", p.Seller)
		}
	}
	for _, a := range f.snap.Audit {
		if a.HasMisallocation && !strings.Contains(page, fmt.Sprintf("%.2f%%", a.Misallocation)) {
			t.Errorf("no misallocation %.2f%% of %s", a.Misallocation, a.Person)
		}
	}
	if n := strings.Count(page, "<svg"); n != len(f.snap.Sellers) {
		t.Errorf("%d bar charts for %d sellers", n, len(f.snap.Sellers))
	}
}

func TestChangesPage(t *testing.T) {
	f := newFixture(t, 1)
	page, _ := f.get("/changes", 200)
	if !strings.Contains(page, "only one snapshot") {
		t.Errorf("one snapshot: no word about it")
	}
	// pin an account elsewhere and classify again: it moved
	a := f.snap.Accounts[0]
	target := slcs.Service
	if a.Segment == slcs.Service {
		target = slcs.Key
	}
	f.post("/accounts/"+url.PathEscape(a.AccountID)+"/override", url.Values{"segment": {target.ID()}, "reason": {"test"}}, 303)
	f.post("/classify", nil, 303)
	page, _ = f.get("/changes", 200)
	if !strings.Contains(page, "Accounts that moved (1)") || !strings.Contains(page, html.EscapeString(a.Name)) {
		t.Errorf("the moved account is not listed")
	}
	f.get("/changes?from=2&to=1", 200)
	page, _ = f.get("/changes?from=9", 200)
	if !strings.Contains(page, "There is no snapshot 9") {
		t.Errorf("an unknown snapshot is not said")
	}
}

// upload posts files as the import form does.
func (f *fixture) upload(files map[string][]byte, status int) string {
	f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, data := range files {
		w, err := mw.CreateFormFile("files", name)
		if err != nil {
			f.t.Fatal(err)
		}
		w.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", f.srv.URL+"/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return f.do(req, status)
}

func zipOf(t *testing.T, files map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	zw.Close()
	return buf.Bytes()
}

func exampleFiles(t *testing.T) map[string][]byte {
	files := map[string][]byte{}
	for _, n := range []string{"accounts.csv", "team.csv", "activities.csv", "revenue.csv"} {
		b, err := os.ReadFile(filepath.Join(examplePortfolio, n))
		if err != nil {
			t.Fatal(err)
		}
		files[n] = b
	}
	return files
}

func TestImportPage(t *testing.T) {
	f := newFixture(t, 0)
	page, _ := f.get("/", 200)
	if !strings.Contains(page, "No classification yet") {
		t.Errorf("an empty workspace does not say so")
	}
	// a broken zip: refused with file, line and column; nothing imported
	files := exampleFiles(t)
	bad := map[string][]byte{}
	for k, v := range files {
		bad["portfolio/"+k] = v
	}
	lines := strings.SplitAfter(string(files["accounts.csv"]), "\n")
	lines[3] = strings.Replace(lines[3], ",", ",,", 1)
	bad["portfolio/accounts.csv"] = []byte(strings.Join(lines, ""))
	page = f.upload(map[string][]byte{"portfolio.zip": zipOf(t, bad)}, 422)
	if !strings.Contains(page, "nothing was imported") || !strings.Contains(page, "<td>accounts.csv</td><td class=\"num\">4</td>") {
		t.Errorf("the refusal does not name accounts.csv line 4:\n%s", page)
	}
	got := 0
	f.store.ReadPortfolio(t.Context(), func(r workspace.PortfolioReader) error {
		return r.Accounts(func(*workspace.AccountRow) error { got++; return nil })
	})
	if got != 0 {
		t.Fatalf("a refused import left %d accounts", got)
	}
	// a file of another name
	page = f.upload(map[string][]byte{"clients.csv": files["accounts.csv"]}, 422)
	if !strings.Contains(page, "not a file of a portfolio") {
		t.Errorf("a misnamed file is not explained")
	}
	// the CSV files themselves: imported, then classified
	page = f.upload(files, 200)
	n := strings.Count(string(files["accounts.csv"]), "\n") - 1
	if !strings.Contains(page, "Imported.") || !strings.Contains(page, fmt.Sprintf(`<td class="num">%d</td>`, n)) {
		t.Errorf("the success does not count %d accounts", n)
	}
	f.post("/classify", nil, 303)
	if s := f.latest(); len(s.Accounts) != n {
		t.Errorf("classified %d accounts, want %d", len(s.Accounts), n)
	}
}

func TestExports(t *testing.T) {
	f := newFixture(t, 1)
	var want int
	for _, a := range f.snap.Accounts {
		if a.Segment == slcs.Key {
			want++
		}
	}
	body, h := f.get("/export.csv?segment=key", 200)
	if !strings.Contains(h.Get("Content-Disposition"), "attachment") {
		t.Errorf("the CSV is not a download: %v", h)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != want+1 || rows[0][0] != "account_id" {
		t.Errorf("CSV: %d rows, want a header and %d", len(rows), want)
	}
	for _, r := range rows[1:] {
		if r[3] != "key" {
			t.Errorf("CSV row of segment %s", r[3])
		}
	}
	svg, h := f.get("/chart.svg?segment=key", 200)
	if h.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("SVG content type %q", h.Get("Content-Type"))
	}
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("the SVG is not well-formed: %v", err)
		}
	}
	xlsx, h := f.get("/export.xlsx", 200)
	if !strings.HasPrefix(xlsx, "PK") || !strings.Contains(h.Get("Content-Disposition"), ".xlsx") {
		t.Errorf("the workbook is not a zip download")
	}
}
