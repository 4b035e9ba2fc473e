package web_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/workspace"
)

// authzPrincipal is one of those the authorization tests act as.
type authzPrincipal struct {
	role  string
	email string // "" for no credentials
	owner string // for a seller, the owner of their accounts
}

var authzPrincipals = []authzPrincipal{
	{"admin", adminEmail, ""},
	{"leader", leaderEmail, ""},
	{"seller", sellerEmail, sellerEmail},
	{"seller2", seller2Email, seller2Owner},
	{"viewer", viewerEmail, ""},
	{"nobody", "", ""},
}

func (p authzPrincipal) seller() bool { return p.owner != "" }

// authzWorld is a workspace classified twice, with accounts of the sellers
// and of others that moved between the snapshots, and what each authzPrincipal
// may see of it.
type authzWorld struct {
	f    *apiFixture
	snap *workspace.Snapshot
	// an account of the seller, of seller2, and of a third seller
	own, own2, other string
	hiddenWords      map[string][]*regexp.Regexp // by role
}

func newAuthzWorld(t *testing.T) *authzWorld {
	f := newAPIFixture(t, 1)
	w := &authzWorld{f: f, hiddenWords: map[string][]*regexp.Regexp{}}
	first := f.latest()
	w.own, w.own2, w.other = ownedBy(first, sellerEmail)[0], ownedBy(first, seller2Owner)[0], ownedBy(first, otherOwner)[0]
	// move an account of every seller, so that the changes list some of
	// each
	for _, owner := range []string{sellerEmail, seller2Owner, otherOwner, ""} {
		id := ownedBy(first, owner)[1]
		var seg slcs.Segment
		for _, a := range first.Accounts {
			if a.AccountID == id {
				seg = (a.Segment + 1) % 4
			}
		}
		if err := f.store.SetOverride(t.Context(), workspace.Override{AccountID: id, Segment: seg, Reason: "test", By: "tester", At: now}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, _, err := workspace.Run(t.Context(), f.store, workspace.RunOptions{Settings: slcs.DefaultSettings(), Now: now, By: "tester"}); err != nil {
		t.Fatal(err)
	}
	w.snap = f.latest()
	return w
}

// visible are the ids of the accounts p sees in the latest snapshot.
func (w *authzWorld) visible(p authzPrincipal) []string {
	if p.seller() {
		return ownedBy(w.snap, p.owner)
	}
	var ids []string
	for _, a := range w.snap.Accounts {
		ids = append(ids, a.AccountID)
	}
	return ids
}

// ownAccount is the account p owns, for a seller; the seller's for the
// others.
func (w *authzWorld) ownAccount(p authzPrincipal) string {
	if p.owner == seller2Owner {
		return w.own2
	}
	return w.own
}

// hidden are the words that must not show in anything p gets: the ids and
// names of the accounts p does not see and, with people, the emails of
// the other owners and people (which an account page of p's own may show
// when they worked on it). Nil for a principal who sees every account.
func (w *authzWorld) hidden(p authzPrincipal, people bool) []*regexp.Regexp {
	if !p.seller() {
		return nil
	}
	key := fmt.Sprint(p.role, people)
	if res, ok := w.hiddenWords[key]; ok {
		return res
	}
	visibleNames := map[string]bool{}
	for _, a := range w.snap.Accounts {
		if strings.EqualFold(a.Owner, p.owner) {
			visibleNames[a.Name] = true
		}
	}
	words := map[string]bool{}
	for _, a := range w.snap.Accounts {
		if strings.EqualFold(a.Owner, p.owner) {
			continue
		}
		words[a.AccountID] = true
		if !visibleNames[a.Name] {
			j, _ := json.Marshal(a.Name)
			words[a.Name], words[html.EscapeString(a.Name)], words[string(j[1:len(j)-1])] = true, true, true
		}
		if people && a.Owner != "" {
			words[strings.ToLower(a.Owner)] = true
		}
	}
	for _, x := range w.snap.Audit {
		if people && x.Person != p.owner {
			words[x.Person] = true
		}
	}
	var res []*regexp.Regexp
	for word := range words {
		res = append(res, regexp.MustCompile(`(^|[^A-Za-z0-9.@_-])`+regexp.QuoteMeta(word)+`($|[^A-Za-z0-9.@_-])`))
	}
	w.hiddenWords[key] = res
	return res
}

// noLeak fails the test when body shows a word hidden from p.
func (w *authzWorld) noLeak(t *testing.T, p authzPrincipal, what string, body []byte, people bool) {
	t.Helper()
	for _, re := range w.hidden(p, people) {
		if loc := re.FindIndex(body); loc != nil {
			t.Errorf("%s shows %s to %s: …%s…", what, re.String(), p.role, body[max(0, loc[0]-80):min(len(body), loc[1]+80)])
			return
		}
	}
}

func TestAuthorizationAPI(t *testing.T) {
	w := newAuthzWorld(t)
	f := w.f
	snap := w.snap
	all := len(snap.Accounts)
	// an import of the admin, whose state the others may not read
	body, ct := multipartBody(t, map[string][]byte{"team.csv": exampleFiles(t)["team.csv"]}, "")
	_, raw := f.do(call{method: "POST", path: "/api/v1/imports", as: adminEmail, body: body, contentType: ct, status: 202})
	var job importJSON
	json.Unmarshal(raw, &job)
	f.waitImport(job.ID)

	// roles: the statuses by role, for those not answered 200 (nobody:
	// 401 unless said)
	type roles map[string]int
	sellerNo := roles{"seller": 404, "seller2": 404}
	adminOnly := roles{"leader": 403, "seller": 403, "seller2": 403, "viewer": 403}
	type endpoint struct {
		name, method string
		path         func(p authzPrincipal) string
		json         any
		upload       bool
		ok           int   // the success status
		not          roles // the others
		check        func(t *testing.T, p authzPrincipal, body []byte)
		// lifts: the override of this account is set before the request,
		// and must be in force after a refusal
		lifts func(p authzPrincipal) string
	}
	esc := url.PathEscape
	fixed := func(s string) func(authzPrincipal) string { return func(authzPrincipal) string { return s } }
	endpoints := []endpoint{
		{name: "document", method: "GET", path: fixed("/api/v1/openapi.json"), ok: 200, not: roles{"nobody": 200}},
		{name: "accounts", method: "GET", path: fixed("/api/v1/accounts?limit=1000"), ok: 200,
			check: func(t *testing.T, p authzPrincipal, body []byte) {
				var pg accountPage
				json.Unmarshal(body, &pg)
				var ids []string
				for _, a := range pg.Items {
					ids = append(ids, a.AccountID)
					if p.seller() && a.Seller != p.owner {
						t.Errorf("%s lists %s of %s", p.role, a.AccountID, a.Seller)
					}
				}
				slices.Sort(ids)
				want := w.visible(p)
				if !slices.Equal(ids, want) || pg.Total != len(want) || *pg.Snapshot.Accounts != len(want) {
					t.Errorf("%s: %d accounts (total %d, snapshot %d), want %d", p.role, len(ids), pg.Total, *pg.Snapshot.Accounts, len(want))
				}
				sum := 0
				for _, n := range pg.Snapshot.Segments {
					sum += n
				}
				if sum != len(want) {
					t.Errorf("%s: the snapshot's segments count %d accounts, want %d", p.role, sum, len(want))
				}
			}},
		{name: "accounts of another seller", method: "GET", path: fixed("/api/v1/accounts?seller=" + url.QueryEscape(otherOwner)), ok: 200,
			check: func(t *testing.T, p authzPrincipal, body []byte) {
				var pg accountPage
				json.Unmarshal(body, &pg)
				if want := len(ownedBy(snap, otherOwner)); (p.seller() && pg.Total != 0) || (!p.seller() && pg.Total != want) {
					t.Errorf("%s: %d accounts of %s", p.role, pg.Total, otherOwner)
				}
			}},
		{name: "own account", method: "GET", path: func(p authzPrincipal) string { return "/api/v1/accounts/" + esc(w.ownAccount(p)) }, ok: 200},
		{name: "other account", method: "GET", path: fixed("/api/v1/accounts/" + esc(w.other)), ok: 200, not: sellerNo},
		{name: "account without owner", method: "GET", path: fixed("/api/v1/accounts/" + esc(ownedBy(snap, "")[0])), ok: 200, not: sellerNo},
		{name: "segments", method: "GET", path: fixed("/api/v1/segments"), ok: 200,
			check: func(t *testing.T, p authzPrincipal, body []byte) {
				var s segmentsJSON
				json.Unmarshal(body, &s)
				sum := 0
				for _, sg := range s.Segments {
					sum += sg.Accounts
				}
				if want := len(w.visible(p)); s.Totals.Accounts != want || sum != want {
					t.Errorf("%s: segments count %d (totals %d), want %d", p.role, sum, s.Totals.Accounts, want)
				}
			}},
		{name: "sellers", method: "GET", path: fixed("/api/v1/sellers"), ok: 200,
			check: func(t *testing.T, p authzPrincipal, body []byte) {
				var s sellersJSON
				json.Unmarshal(body, &s)
				if !p.seller() {
					if len(s.TimePlans) != len(snap.Sellers) || len(s.Audit) != len(snap.Audit) {
						t.Errorf("%s: %d plans, %d audit rows", p.role, len(s.TimePlans), len(s.Audit))
					}
					return
				}
				if len(s.TimePlans) != 1 || s.TimePlans[0].Seller != p.owner || len(s.Audit) != 1 || s.Audit[0].Person != p.owner {
					t.Errorf("%s: plans %+v, audit %+v", p.role, s.TimePlans, s.Audit)
				}
			}},
		{name: "snapshots", method: "GET", path: fixed("/api/v1/snapshots"), ok: 200,
			check: func(t *testing.T, p authzPrincipal, body []byte) {
				var l struct{ Snapshots []snapshotJSON }
				json.Unmarshal(body, &l)
				if len(l.Snapshots) != 2 {
					t.Fatalf("%s: %d snapshots", p.role, len(l.Snapshots))
				}
				for _, s := range l.Snapshots {
					if p.seller() != (s.Accounts == nil) || (s.Accounts != nil && *s.Accounts != all) {
						t.Errorf("%s: snapshot %d counts %v", p.role, s.ID, s.Accounts)
					}
				}
			}},
		{name: "snapshot", method: "GET", path: fixed(fmt.Sprintf("/api/v1/snapshots/%d", snap.ID-1)), ok: 200,
			check: func(t *testing.T, p authzPrincipal, body []byte) {
				var s snapshotJSON
				json.Unmarshal(body, &s)
				if want := len(w.visible(p)); s.Accounts == nil || *s.Accounts != want {
					t.Errorf("%s: snapshot counts %v accounts, want %d", p.role, s.Accounts, want)
				}
			}},
		{name: "changes", method: "GET", path: fixed("/api/v1/changes"), ok: 200,
			check: func(t *testing.T, p authzPrincipal, body []byte) {
				var c changesJSON
				json.Unmarshal(body, &c)
				want := len(w.visible(p))
				if *c.From.Accounts != want || *c.To.Accounts != want {
					t.Errorf("%s: changes count %d and %d accounts, want %d", p.role, *c.From.Accounts, *c.To.Accounts, want)
				}
				if n := map[bool]int{true: 1, false: 4}[p.seller()]; len(c.Moved) != n {
					t.Errorf("%s: %d moved, want %d", p.role, len(c.Moved), n)
				}
				for _, m := range c.Moved {
					if p.seller() && !strings.EqualFold(m.Owner, p.owner) {
						t.Errorf("%s sees %s of %s move", p.role, m.AccountID, m.Owner)
					}
				}
			}},
		{name: "settings", method: "GET", path: fixed("/api/v1/settings"), ok: 200},
		{name: "set own override", method: "POST", path: func(p authzPrincipal) string { return "/api/v1/accounts/" + esc(w.ownAccount(p)) + "/override" },
			json: map[string]string{"segment": "key", "reason": "authz"}, ok: 200, not: roles{"viewer": 403}},
		{name: "lift own override", method: "DELETE", path: func(p authzPrincipal) string { return "/api/v1/accounts/" + esc(w.ownAccount(p)) + "/override" },
			ok: 204, not: roles{"viewer": 403}, lifts: w.ownAccount},
		{name: "set other override", method: "POST", path: fixed("/api/v1/accounts/" + esc(w.other) + "/override"),
			json: map[string]string{"segment": "key", "reason": "authz"}, ok: 200, not: roles{"seller": 404, "seller2": 404, "viewer": 403}},
		{name: "lift other override", method: "DELETE", path: fixed("/api/v1/accounts/" + esc(w.other) + "/override"),
			ok: 204, not: roles{"seller": 404, "seller2": 404, "viewer": 403}, lifts: func(authzPrincipal) string { return w.other }},
		{name: "import", method: "POST", path: fixed("/api/v1/imports"), upload: true, ok: 202, not: adminOnly},
		{name: "import state", method: "GET", path: fixed("/api/v1/imports/" + job.ID), ok: 200, not: adminOnly},
		{name: "write settings", method: "PUT", path: fixed("/api/v1/settings"), json: slcs.DefaultSettings(), ok: 200, not: adminOnly},
		{name: "audit log", method: "GET", path: fixed("/api/v1/audit"), ok: 200, not: adminOnly},
		{name: "classify", method: "POST", path: fixed("/api/v1/classifications"), ok: 201,
			not: roles{"seller": 403, "seller2": 403, "viewer": 403}},
	}
	for _, ep := range endpoints {
		for _, p := range authzPrincipals {
			t.Run(ep.name+"/"+p.role, func(t *testing.T) {
				prev := f.t
				f.t = t
				defer func() { f.t = prev }()
				want, ok := ep.not[p.role]
				switch {
				case ok:
				case p.email == "":
					want = 401
				default:
					want = ep.ok
				}
				c := call{method: ep.method, path: ep.path(p), as: p.email, json: ep.json, status: want, offDocument: p.email == "" && want == 401}
				if ep.upload {
					c.body, c.contentType = multipartBody(t, map[string][]byte{"team.csv": exampleFiles(t)["team.csv"]}, "")
				}
				if ep.lifts != nil {
					if err := f.store.SetOverride(t.Context(), workspace.Override{AccountID: ep.lifts(p), Segment: slcs.Service,
						Reason: "to lift", By: "tester", At: now}); err != nil {
						t.Fatal(err)
					}
				}
				_, body := f.do(c)
				if ep.lifts != nil && want >= 400 {
					if o := inForce(t, f, ep.lifts(p)); o == nil || o.Reason != "to lift" {
						t.Errorf("a refused lift of %s by %s changed the override in force: %+v", ep.lifts(p), p.role, o)
					}
				}
				if want < 300 {
					w.noLeak(t, p, ep.name, body, true)
					if ep.check != nil {
						ep.check(t, p, body)
					}
				}
				if ep.upload && want == 202 {
					var j importJSON
					json.Unmarshal(body, &j)
					f.waitImport(j.ID)
				}
			})
		}
	}
	// what was refused left nothing: the overrides set are those of the
	// principals allowed
	os, err := f.store.Overrides(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]int{}
	for _, o := range os {
		if o.Reason == "authz" {
			by[o.By]++
		}
	}
	if want := map[string]int{adminEmail: 2, leaderEmail: 2, sellerEmail: 1, seller2Email: 1}; fmt.Sprint(by) != fmt.Sprint(want) {
		t.Errorf("overrides set by %v, want %v", by, want)
	}
	// a session cookie is as good as a token on the API, with the same
	// limits
	cookie := authzSignIn(t, f, sellerEmail)
	f.t = t
	f.do(call{method: "GET", path: "/api/v1/accounts/" + esc(w.own), cookie: cookie, status: 200})
	f.fails(call{method: "GET", path: "/api/v1/accounts/" + esc(w.other), cookie: cookie, status: 404}, "not_found")
	f.fails(call{method: "GET", path: "/api/v1/audit", cookie: cookie, status: 403}, "forbidden")
}

// inForce is the override of an account in force, or nil.
func inForce(t *testing.T, f *apiFixture, id string) *workspace.Override {
	t.Helper()
	os, err := f.store.Overrides(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var in *workspace.Override
	for i := range os {
		if os[i].AccountID == id && os[i].Active(slcs.DayOf(now)) {
			in = &os[i]
		}
	}
	return in
}

// authzSignIn signs in with the form, as a browser of the same site, and
// returns the session cookie.
func authzSignIn(t *testing.T, f *apiFixture, email string) *http.Cookie {
	t.Helper()
	form := url.Values{"email": {email}, "password": {testPassword}, "next": {"/"}}
	req, err := http.NewRequest("POST", f.srv.URL+"/signin", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in of %s: status %d", email, resp.StatusCode)
	}
	for _, c := range resp.Cookies() {
		if c.Name == "slcs_session" && c.Value != "" {
			return c
		}
	}
	t.Fatalf("sign-in of %s set no session cookie", email)
	return nil
}

// authzPage fetches a page of the dashboard as a browser of the same site.
func authzPage(t *testing.T, f *apiFixture, cookie *http.Cookie, method, path string, form url.Values) (int, []byte, http.Header) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, f.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if cookie != nil {
		req.AddCookie(cookie)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b, resp.Header
}

var accountHref = regexp.MustCompile(`href="/accounts/([^"#/]+)"`)

// linkedAccounts are the ids of the accounts a page or chart links to.
func linkedAccounts(b []byte) []string {
	seen := map[string]bool{}
	var ids []string
	for _, m := range accountHref.FindAllSubmatch(b, -1) {
		id, _ := url.PathUnescape(string(m[1]))
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

func TestAuthorizationPages(t *testing.T) {
	w := newAuthzWorld(t)
	f := w.f
	noOwner := ownedBy(w.snap, "")[0]
	for _, p := range authzPrincipals {
		t.Run(p.role, func(t *testing.T) {
			var cookie *http.Cookie
			if p.email != "" {
				cookie = authzSignIn(t, f, p.email)
			}
			// get fetches a page and checks its status; a request without
			// credentials is sent to sign in
			get := func(path string, want int) []byte {
				t.Helper()
				if p.email == "" {
					want = http.StatusSeeOther
				}
				status, b, h := authzPage(t, f, cookie, "GET", path, nil)
				if status != want {
					t.Fatalf("GET %s: status %d, want %d\n%.500s", path, status, want, b)
				}
				if p.email == "" && !strings.HasPrefix(h.Get("Location"), "/signin") {
					t.Errorf("GET %s without sign-in: sent to %q", path, h.Get("Location"))
				}
				if want < 300 {
					w.noLeak(t, p, path, b, !strings.HasPrefix(path, "/accounts/"))
				}
				return b
			}
			mine := w.visible(p)
			adminOnly := map[bool]int{true: 200, false: 403}[p.role == "admin"]

			// the portfolio, page after page: only the accounts p sees
			var rows []string
			for n := 1; n <= max(1, (len(mine)+49)/50); n++ {
				b := get(fmt.Sprintf("/?page=%d", n), 200)
				rows = append(rows, tableIDs(string(b))...)
			}
			if p.email != "" {
				slices.Sort(rows)
				if !slices.Equal(rows, mine) {
					t.Errorf("the portfolio lists %d accounts, want %d", len(rows), len(mine))
				}
			}
			// the accounts
			get("/accounts/"+url.PathEscape(w.ownAccount(p)), 200)
			seller404 := map[bool]int{true: 404, false: 200}[p.seller()]
			get("/accounts/"+url.PathEscape(w.other), seller404)
			get("/accounts/"+url.PathEscape(noOwner), seller404)
			// a seller's filter for another seller finds nothing
			if b := get("/?seller="+url.QueryEscape(otherOwner), 200); p.email != "" {
				want := map[bool]int{true: 0, false: min(50, len(ownedBy(w.snap, otherOwner)))}[p.seller()]
				if n := len(tableIDs(string(b))); n != want {
					t.Errorf("the portfolio of %s: %d rows, want %d", otherOwner, n, want)
				}
			}
			get("/sellers", 200)
			get("/changes", 200)
			get(fmt.Sprintf("/changes?from=%d&to=%d", w.snap.ID-1, w.snap.ID), 200)
			// the exports and the chart
			if b := get("/export.csv", 200); p.email != "" {
				recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				var ids []string
				for _, r := range recs[1:] {
					ids = append(ids, r[0])
				}
				slices.Sort(ids)
				if recs[0][0] != "account_id" || !slices.Equal(ids, mine) {
					t.Errorf("the CSV export has %d accounts, want %d", len(ids), len(mine))
				}
			}
			if b := get("/export.xlsx", 200); p.email != "" {
				x, err := excelize.OpenReader(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				for _, sheet := range x.GetSheetList() {
					rows, err := x.GetRows(sheet)
					if err != nil {
						t.Fatal(err)
					}
					var cells bytes.Buffer
					for _, r := range rows {
						cells.WriteString(strings.Join(r, "\t") + "\n")
					}
					w.noLeak(t, p, "the workbook's sheet "+sheet, cells.Bytes(), true)
					if sheet == "Accounts" && len(rows)-1 != len(mine) {
						t.Errorf("the workbook has %d accounts, want %d", len(rows)-1, len(mine))
					}
				}
				x.Close()
			}
			if b := get("/chart.svg", 200); p.email != "" {
				if got := linkedAccounts(b); !slices.Equal(got, mine) {
					t.Errorf("the chart shows %d accounts, want %d", len(got), len(mine))
				}
			}
			if b := get("/chart.svg?seller="+url.QueryEscape(otherOwner), 200); p.seller() && len(linkedAccounts(b)) != 0 {
				t.Errorf("the chart of %s shows accounts to a seller", otherOwner)
			}
			// the admin's pages
			get("/import", adminOnly)
			get("/audit", adminOnly)
			get("/users", adminOnly)
			// overrides from the account page's form
			post := func(id string, want int) {
				t.Helper()
				if p.email == "" {
					want = http.StatusUnauthorized
				}
				status, b, _ := authzPage(t, f, cookie, "POST", "/accounts/"+url.PathEscape(id)+"/override",
					url.Values{"segment": {"key"}, "reason": {"pages " + p.role}})
				if status != want {
					t.Errorf("POST override of %s: status %d, want %d\n%.300s", id, status, want, b)
				}
			}
			viewer403 := map[bool]int{true: 403, false: 303}[p.role == "viewer"]
			post(w.ownAccount(p), viewer403)
			other := map[bool]int{true: 404, false: viewer403}[p.seller()]
			post(w.other, other)
		})
	}
	// the refused overrides were not recorded
	os, err := f.store.Overrides(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var set []string
	for _, o := range os {
		if strings.HasPrefix(o.Reason, "pages ") {
			set = append(set, o.Reason+" "+o.AccountID)
		}
	}
	slices.Sort(set)
	want := []string{"pages admin " + w.other, "pages admin " + w.own, "pages leader " + w.other, "pages leader " + w.own,
		"pages seller " + w.own, "pages seller2 " + w.own2}
	slices.Sort(want)
	if !slices.Equal(set, want) {
		t.Errorf("overrides set from the pages %v, want %v", set, want)
	}
}
