package web_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/content"
	"github.com/pb33f/libopenapi-validator/paths"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/auth"
	"github.com/slcs/slcs/sqlite"
	"github.com/slcs/slcs/web"
	"github.com/slcs/slcs/workspace"
)

// ---- the OpenAPI document, and a client that checks every exchange
// against it

var openAPI struct {
	once  sync.Once
	raw   []byte
	doc   libopenapi.Document
	model *v3.Document
	v     validator.Validator
	err   error
}

// apiDocument is the OpenAPI document of the API and its validator.
func apiDocument(t *testing.T) (validator.Validator, *v3.Document) {
	t.Helper()
	openAPI.once.Do(func() {
		if openAPI.raw, openAPI.err = os.ReadFile("openapi.json"); openAPI.err != nil {
			return
		}
		if openAPI.doc, openAPI.err = libopenapi.NewDocument(openAPI.raw); openAPI.err != nil {
			return
		}
		m, err := openAPI.doc.BuildV3Model()
		if err != nil {
			openAPI.err = err
			return
		}
		openAPI.model = &m.Model
		v, errs := validator.NewValidator(openAPI.doc, config.WithFormatAssertions(),
			config.WithBodyDecoder("multipart/form-data", content.MultipartDecoder()),
			config.WithRejectUnsupportedBodyContent(), config.WithRejectUndeclaredRequestBody())
		if len(errs) > 0 {
			openAPI.err = errors.Join(errs...)
			return
		}
		openAPI.v = v
	})
	if openAPI.err != nil {
		t.Fatalf("the OpenAPI document: %v", openAPI.err)
	}
	return openAPI.v, openAPI.model
}

// The users of an apiFixture. The seller owns accounts of the example
// portfolio under their own email, seller2 under another; nobody signs in
// as otherOwner, who owns accounts too.
const (
	adminEmail   = "admin@ourco.example"
	leaderEmail  = "leader@ourco.example"
	sellerEmail  = "lea.soendergaard@ourco.example"
	seller2Email = "raj@ourco.example"
	seller2Owner = "raj.berg@ourco.example"
	viewerEmail  = "viewer@ourco.example"
	otherOwner   = "liam.bernard@ourco.example"
	testPassword = "correct horse battery staple"
)

var testUsers = []workspace.User{
	{Email: adminEmail, Role: workspace.RoleAdmin},
	{Email: leaderEmail, Role: workspace.RoleLeader},
	{Email: sellerEmail, Role: workspace.RoleSeller},
	{Email: seller2Email, Role: workspace.RoleSeller, Seller: seller2Owner},
	{Email: viewerEmail, Role: workspace.RoleViewer},
}

var passwordHash = sync.OnceValues(func() (string, error) { return auth.HashPassword(testPassword) })

// apiFixture is the dashboard of a real SQLite workspace with sign-in: a
// user of every role, each with an API token.
type apiFixture struct {
	t      *testing.T
	store  *sqlite.Store
	srv    *httptest.Server
	tokens map[string]string // by email
	ops    *opLog
}

// opLog records the operations of the document that a test ran, with the
// statuses they answered.
type opLog struct {
	mu  sync.Mutex
	ops map[string]map[int]bool // "GET /api/v1/accounts/{id}" -> statuses
}

func (l *opLog) add(op string, status int) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ops[op] == nil {
		l.ops[op] = map[int]bool{}
	}
	l.ops[op][status] = true
}

// newAPIFixture imports the example portfolio (when classifications > 0)
// and classifies it classifications times.
func newAPIFixture(t *testing.T, classifications int, opts ...func(*web.Options)) *apiFixture {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "slcs.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &apiFixture{t: t, store: st, tokens: map[string]string{}}
	if classifications > 0 {
		importDir(t, st, examplePortfolio)
	}
	for range classifications {
		if _, _, _, err := workspace.Run(t.Context(), st, workspace.RunOptions{Settings: slcs.DefaultSettings(), Now: now, By: "tester"}); err != nil {
			t.Fatal(err)
		}
	}
	hash, err := passwordHash()
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range testUsers {
		u.PasswordHash, u.CreatedAt = hash, now
		if err := st.AddUser(t.Context(), u); err != nil {
			t.Fatal(err)
		}
		secret, h, err := auth.NewSecret(auth.TokenPrefix)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreateToken(t.Context(), workspace.Token{Email: u.Email, Name: "test", Hash: h, CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		f.tokens[u.Email] = secret
	}
	o := web.Options{Settings: slcs.DefaultSettings(), Location: "test.db", Now: func() time.Time { return now }}
	for _, fn := range opts {
		fn(&o)
	}
	srv, err := web.New(st, o)
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

func (f *apiFixture) latest() *workspace.Snapshot {
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

// call is one request of the API.
type call struct {
	method, path string
	as           string       // the user whose token is sent; "" for none
	token        string       // a token to send as it is
	cookie       *http.Cookie // a session cookie to send
	json         any          // the body, as JSON
	body         []byte       // the body as it is
	contentType  string
	status       int // the status expected
	// offDocument: the request breaks the document on purpose (a value
	// out of its schema, no credentials, a path it does not have), and
	// the document must say so
	offDocument bool
}

// do sends a request and checks the status, the request and the response
// against the OpenAPI document; it returns the response and its body.
func (f *apiFixture) do(c call) (*http.Response, []byte) {
	f.t.Helper()
	body := c.body
	ct := c.contentType
	if c.json != nil {
		b, err := json.Marshal(c.json)
		if err != nil {
			f.t.Fatal(err)
		}
		body, ct = b, "application/json"
	}
	newReq := func() *http.Request {
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequest(c.method, f.srv.URL+c.path, rd)
		if err != nil {
			f.t.Fatal(err)
		}
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		switch {
		case c.token != "":
			req.Header.Set("Authorization", "Bearer "+c.token)
		case c.as != "":
			tok, ok := f.tokens[c.as]
			if !ok {
				f.t.Fatalf("no token of %s", c.as)
			}
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		if c.cookie != nil {
			req.AddCookie(c.cookie)
		}
		return req
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(newReq())
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	who := c.as
	if who == "" {
		who = "nobody"
	}
	what := fmt.Sprintf("%s %s as %s", c.method, c.path, who)
	if resp.StatusCode != c.status {
		f.t.Fatalf("%s: status %d, want %d\n%s", what, resp.StatusCode, c.status, got)
	}
	checkExchange(f.t, what, newReq(), resp, got, c.offDocument, f.ops)
	return resp, got
}

// checkExchange validates a request and its response against the OpenAPI
// document, and fails the test on any error.
func checkExchange(t *testing.T, what string, req *http.Request, resp *http.Response, body []byte, offDocument bool, ops *opLog) {
	t.Helper()
	v, model := apiDocument(t)
	ok, errs := v.ValidateHttpRequest(req)
	switch {
	case offDocument && ok:
		t.Errorf("%s: the OpenAPI document accepts a request this test breaks on purpose", what)
	case !offDocument && !ok:
		t.Errorf("%s: the request breaks the OpenAPI document:%s", what, validationErrors(errs))
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") && len(body) > 0 && !json.Valid(body) {
		t.Errorf("%s: the body is not JSON:\n%s", what, body)
	}
	vreq := req.Clone(req.Context())
	vreq.Body = http.NoBody
	item, perrs, template := paths.FindPath(vreq, model, nil)
	if item == nil || len(perrs) > 0 || item.GetOperations().GetOrZero(strings.ToLower(req.Method)) == nil {
		// a path or method of no operation: the answer is an Error all the same
		if !offDocument {
			t.Errorf("%s: no operation of the document", what)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s: content type %q, want application/json", what, ct)
		}
		schema := model.Components.Schemas.GetOrZero("Error").Schema()
		if ok, errs := schema_validation.NewSchemaValidator().ValidateSchemaString(schema, string(body)); !ok {
			t.Errorf("%s: the body is not an Error of the document:%s\n%s", what, validationErrors(errs), body)
		}
		return
	}
	ops.add(req.Method+" "+template, resp.StatusCode)
	vresp := &http.Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: io.NopCloser(bytes.NewReader(body)), Request: vreq}
	if ok, errs := v.ValidateHttpResponse(vreq, vresp); !ok {
		t.Errorf("%s: the response (%d) breaks the OpenAPI document:%s\n%.2000s", what, resp.StatusCode, validationErrors(errs), body)
	}
}

func validationErrors[E interface{ Error() string }](errs []E) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString("\n  - ")
		b.WriteString(e.Error())
	}
	return b.String()
}

// get sends a request and decodes its JSON body into a T.
func get[T any](f *apiFixture, c call) T {
	f.t.Helper()
	if c.method == "" {
		c.method = "GET"
	}
	_, body := f.do(c)
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		f.t.Fatalf("%s %s: %v\n%s", c.method, c.path, err, body)
	}
	return v
}

type apiErr struct {
	Error struct{ Code, Message string }
}

// fails sends a request that must fail with a status and an error code; it
// returns the message.
func (f *apiFixture) fails(c call, code string) string {
	f.t.Helper()
	if c.method == "" {
		c.method = "GET"
	}
	e := get[apiErr](f, c)
	if e.Error.Code != code || e.Error.Message == "" {
		f.t.Errorf("%s %s: error %+v, want code %s", c.method, c.path, e.Error, code)
	}
	return e.Error.Message
}

// ---- the shapes the tests read

type snapshotJSON struct {
	ID        int64          `json:"id"`
	CreatedAt string         `json:"created_at"`
	AsOf      string         `json:"as_of"`
	Accounts  *int           `json:"accounts"`
	Segments  map[string]int `json:"segments"`
	Settings  *slcs.Settings `json:"settings"`
}

type accountJSON struct {
	AccountID      string  `json:"account_id"`
	Name           string  `json:"name"`
	Owner          string  `json:"owner"`
	Seller         string  `json:"seller"`
	Industry       string  `json:"industry"`
	Segment        string  `json:"segment"`
	Overridden     bool    `json:"overridden"`
	Engagement     float64 `json:"engagement"`
	PotentialValue float64 `json:"potential_value"`
	Revenue12m     float64 `json:"revenue_12m"`
	Explanation    struct {
		Engagement struct {
			Components []struct {
				Name       string
				Raw        float64
				Percentile float64
				Weight     float64
			}
		}
		Potential struct {
			PotentialValue float64 `json:"potential_value"`
			PeerGroupSize  int     `json:"peer_group_size"`
		}
	} `json:"explanation"`
	ISOs []struct {
		Product   string
		Value     float64
		Benchmark struct {
			Buyers        int
			PeerGroupSize int `json:"peer_group_size"`
		}
	} `json:"isos"`
	Override *struct {
		Segment, Reason, By, Until string
	} `json:"override"`
	History []struct {
		Snapshot snapshotJSON
		Segment  string
	} `json:"history"`
}

type accountPage struct {
	Snapshot   snapshotJSON  `json:"snapshot"`
	Total      int           `json:"total"`
	Items      []accountJSON `json:"items"`
	NextCursor string        `json:"next_cursor"`
}

type segmentsJSON struct {
	Snapshot snapshotJSON
	Segments []struct {
		Segment  string
		Accounts int
	}
	Totals struct{ Accounts int }
}

type sellersJSON struct {
	TimePlans []struct{ Seller string } `json:"time_plans"`
	Audit     []struct{ Person string } `json:"audit"`
}

type changesJSON struct {
	From, To snapshotJSON
	Moved    []struct {
		AccountID string `json:"account_id"`
		Owner     string
		From, To  string
	}
	Alerts []struct {
		AccountID string `json:"account_id"`
	}
	ISOsAppeared []struct {
		AccountID string `json:"account_id"`
	} `json:"isos_appeared"`
	Added []string
}

type importJSON struct {
	ID     string
	Status string
	Counts *struct {
		Accounts struct{ Added, Changed, Unchanged int64 }
	}
	Problems []struct {
		File   string
		Line   int
		Column string
		Rule   string
	}
	Error string
}

type auditJSON struct {
	Entries []struct {
		ID                            int64
		Actor, Action, Target, Detail string
	}
	NextBefore int64 `json:"next_before"`
}

// allAccounts walks every page of the account list.
func (f *apiFixture) allAccounts(as, query string, limit int) (ids []string, total int) {
	f.t.Helper()
	cursor := ""
	for pages := 0; ; pages++ {
		q, err := url.ParseQuery(query)
		if err != nil {
			f.t.Fatal(err)
		}
		q.Set("limit", fmt.Sprint(limit))
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		p := get[accountPage](f, call{path: "/api/v1/accounts?" + q.Encode(), as: as, status: 200})
		if len(p.Items) > limit || (p.NextCursor != "" && len(p.Items) != limit) {
			f.t.Fatalf("page %d: %d items, limit %d, next %q", pages, len(p.Items), limit, p.NextCursor)
		}
		for _, a := range p.Items {
			ids = append(ids, a.AccountID)
		}
		total = p.Total
		if p.NextCursor == "" {
			return ids, total
		}
		if pages > 1000 {
			f.t.Fatal("the pages never end")
		}
		cursor = p.NextCursor
	}
}

// ---- tests

func TestOpenAPIDocumentIsValid(t *testing.T) {
	v, model := apiDocument(t)
	if got := openAPI.doc.GetVersion(); got != "3.1.0" {
		t.Errorf("OpenAPI version %q, want 3.1.0", got)
	}
	if ok, errs := v.ValidateDocument(); !ok {
		t.Errorf("the document breaks the OpenAPI 3.1 schema:%s", validationErrors(errs))
	}
	for _, name := range []string{"bearerAuth", "sessionCookie"} {
		if model.Components.SecuritySchemes.GetOrZero(name) == nil {
			t.Errorf("no security scheme %s", name)
		}
	}
	// every operation answers JSON errors, and every authenticated one
	// says it may answer 401 and 500
	for p := model.Paths.PathItems.First(); p != nil; p = p.Next() {
		for op := p.Value().GetOperations().First(); op != nil; op = op.Next() {
			name := strings.ToUpper(op.Key()) + " " + p.Key()
			codes := op.Value().Responses.Codes
			public := op.Value().Security != nil && len(op.Value().Security) == 0
			if !public {
				for _, code := range []string{"401", "500"} {
					if codes.GetOrZero(code) == nil {
						t.Errorf("%s: no %s response", name, code)
					}
				}
			}
			for c := codes.First(); c != nil; c = c.Next() {
				if c.Key() >= "400" && c.Value().Content.GetOrZero("application/json") == nil {
					t.Errorf("%s: the %s response is not JSON", name, c.Key())
				}
			}
		}
	}
	// the server serves this document, to anyone
	f := newAPIFixture(t, 0)
	_, body := f.do(call{method: "GET", path: "/api/v1/openapi.json", status: 200})
	if !bytes.Equal(body, openAPI.raw) {
		t.Errorf("the served document differs from web/openapi.json")
	}
}

func TestAPIEndpoints(t *testing.T) {
	ops := &opLog{ops: map[string]map[int]bool{}}
	f := newAPIFixture(t, 1)
	f.ops = ops
	snap := f.latest()
	defined, ran := 0, 0
	run := func(name string, fn func(t *testing.T)) {
		defined++
		t.Run(name, func(t *testing.T) {
			ran++
			prev := f.t
			f.t = t
			defer func() { f.t = prev }()
			fn(t)
		})
	}

	run("accounts", func(t *testing.T) {
		ids, total := f.allAccounts(adminEmail, "", 40)
		if total != len(snap.Accounts) || len(ids) != total {
			t.Fatalf("%d accounts over the pages, total %d, want %d", len(ids), total, len(snap.Accounts))
		}
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				t.Errorf("%s on two pages", id)
			}
			seen[id] = true
		}
		// the default order: the largest potential value first
		pv := map[string]int64{}
		for _, a := range snap.Accounts {
			pv[a.AccountID] = a.PotentialValue
		}
		for i := 1; i < len(ids); i++ {
			if pv[ids[i-1]] < pv[ids[i]] {
				t.Fatalf("not by potential value: %s before %s", ids[i-1], ids[i])
			}
		}
		p := get[accountPage](f, call{path: "/api/v1/accounts", as: adminEmail, status: 200})
		if len(p.Items) != 100 || p.NextCursor == "" || p.Snapshot.ID != snap.ID || *p.Snapshot.Accounts != len(snap.Accounts) {
			t.Errorf("default page: %d items, next %q, snapshot %+v", len(p.Items), p.NextCursor, p.Snapshot)
		}
		// filters and sort, as on the portfolio page
		var key []string
		for _, a := range snap.Accounts {
			if a.Segment == slcs.Key && a.Industry == snap.Accounts[0].Industry {
				key = append(key, a.AccountID)
			}
		}
		p = get[accountPage](f, call{path: "/api/v1/accounts?segment=key&sort=name&dir=desc&industry=" + url.QueryEscape(snap.Accounts[0].Industry),
			as: adminEmail, status: 200})
		var got []string
		for i, a := range p.Items {
			got = append(got, a.AccountID)
			if a.Segment != "key" || a.Industry != snap.Accounts[0].Industry {
				t.Errorf("filtered item %+v", a)
			}
			if i > 0 && strings.ToLower(p.Items[i-1].Name) < strings.ToLower(a.Name) {
				t.Errorf("not by name, descending: %q before %q", p.Items[i-1].Name, a.Name)
			}
		}
		slices.Sort(got)
		if len(key) == 0 || !slices.Equal(got, key) || p.Total != len(key) {
			t.Errorf("segment=key&industry: %v (total %d), want %v", got, p.Total, key)
		}
		q := strings.ToLower(snap.Accounts[5].Name[:5])
		p = get[accountPage](f, call{path: "/api/v1/accounts?q=" + url.QueryEscape(strings.ToUpper(q)), as: adminEmail, status: 200})
		if p.Total == 0 {
			t.Errorf("q=%s found nothing", q)
		}
		for _, a := range p.Items {
			if !strings.Contains(strings.ToLower(a.Name), q) && !strings.Contains(strings.ToLower(a.AccountID), q) {
				t.Errorf("q=%s kept %s", q, a.Name)
			}
		}
		// refused parameters
		for _, bad := range []string{"segment=gold", "sort=size", "dir=up", "limit=0", "limit=1001", "limit=ten"} {
			f.fails(call{path: "/api/v1/accounts?" + bad, as: adminEmail, status: 422, offDocument: true}, "invalid")
		}
		f.fails(call{path: "/api/v1/accounts?cursor=not-a-cursor", as: adminEmail, status: 400}, "bad_request")
		// a cursor past the end: an empty last page
		p = get[accountPage](f, call{path: "/api/v1/accounts?cursor=" + url.QueryEscape(cursorAt(snap.ID, 100000)), as: adminEmail, status: 200})
		if len(p.Items) != 0 || p.NextCursor != "" || p.Total != len(snap.Accounts) {
			t.Errorf("past the end: %d items, next %q", len(p.Items), p.NextCursor)
		}
	})

	run("account", func(t *testing.T) {
		var a workspace.SnapshotAccount
		for _, x := range snap.Accounts {
			if len(x.ISOs) > 1 && x.Activities > 0 {
				a = x
				break
			}
		}
		d := get[accountJSON](f, call{path: "/api/v1/accounts/" + url.PathEscape(a.AccountID), as: leaderEmail, status: 200})
		comps := d.Explanation.Engagement.Components
		w := snap.Settings.Engagement.Weights
		if d.AccountID != a.AccountID || d.Name != a.Name || d.Segment != a.Segment.ID() || len(comps) != 3 ||
			comps[0].Name != "pairs" || comps[0].Raw != float64(a.Pairs) || comps[0].Weight != w.Pairs ||
			comps[1].Weight != w.Frequency || comps[2].Weight != w.Proactiveness {
			t.Errorf("account %+v", d)
		}
		if d.Explanation.Potential.PotentialValue != float64(a.PotentialValue)/100 || d.Explanation.Potential.PeerGroupSize != a.PeerGroupSize {
			t.Errorf("potential %+v, want value %d cents, peers %d", d.Explanation.Potential, a.PotentialValue, a.PeerGroupSize)
		}
		if len(d.ISOs) != len(a.ISOs) {
			t.Fatalf("%d ISOs, want %d", len(d.ISOs), len(a.ISOs))
		}
		for i, x := range a.ISOs {
			if d.ISOs[i].Product != x.Product || d.ISOs[i].Benchmark.Buyers != x.Buyers || d.ISOs[i].Value != float64(x.Cents)/100 {
				t.Errorf("ISO %d: %+v, want %+v", i, d.ISOs[i], x)
			}
		}
		if len(d.History) != 1 || d.History[0].Snapshot.ID != snap.ID || d.History[0].Segment != a.Segment.ID() || d.Override != nil {
			t.Errorf("history %+v, override %+v", d.History, d.Override)
		}
		f.fails(call{path: "/api/v1/accounts/NO-SUCH-ACCOUNT", as: adminEmail, status: 404}, "not_found")
	})

	run("segments", func(t *testing.T) {
		s := get[segmentsJSON](f, call{path: "/api/v1/segments", as: viewerEmail, status: 200})
		if len(s.Segments) != 4 || s.Totals.Accounts != len(snap.Accounts) {
			t.Fatalf("segments %+v", s)
		}
		for i, sg := range slcs.Segments {
			if s.Segments[i].Segment != sg.ID() || s.Segments[i].Accounts != snap.Segments[sg] {
				t.Errorf("segment %d: %+v, want %s with %d", i, s.Segments[i], sg.ID(), snap.Segments[sg])
			}
		}
		s = get[segmentsJSON](f, call{path: "/api/v1/segments?seller=" + url.QueryEscape(otherOwner), as: viewerEmail, status: 200})
		if want := ownedBy(snap, otherOwner); s.Totals.Accounts != len(want) {
			t.Errorf("seller=%s: %d accounts, want %d", otherOwner, s.Totals.Accounts, len(want))
		}
		f.fails(call{path: "/api/v1/segments?segment=gold", as: viewerEmail, status: 422, offDocument: true}, "invalid")
	})

	run("sellers", func(t *testing.T) {
		s := get[sellersJSON](f, call{path: "/api/v1/sellers", as: adminEmail, status: 200})
		if len(s.TimePlans) != len(snap.Sellers) || len(s.Audit) != len(snap.Audit) {
			t.Errorf("%d time plans and %d audit rows, want %d and %d", len(s.TimePlans), len(s.Audit), len(snap.Sellers), len(snap.Audit))
		}
	})

	run("snapshots", func(t *testing.T) {
		l := get[struct{ Snapshots []snapshotJSON }](f, call{path: "/api/v1/snapshots", as: viewerEmail, status: 200})
		if len(l.Snapshots) != 1 || l.Snapshots[0].ID != snap.ID || l.Snapshots[0].Accounts == nil || *l.Snapshots[0].Accounts != len(snap.Accounts) {
			t.Errorf("snapshots %+v", l)
		}
		s := get[snapshotJSON](f, call{path: fmt.Sprintf("/api/v1/snapshots/%d", snap.ID), as: viewerEmail, status: 200})
		if s.ID != snap.ID || s.Settings == nil || !reflect.DeepEqual(*s.Settings, snap.Settings) || s.Segments["key"] != snap.Segments[slcs.Key] ||
			s.AsOf != snap.AsOf.String() {
			t.Errorf("snapshot %+v", s)
		}
		f.fails(call{path: "/api/v1/snapshots/99", as: viewerEmail, status: 404}, "not_found")
		f.fails(call{path: "/api/v1/snapshots/latest", as: viewerEmail, status: 404, offDocument: true}, "not_found")
	})

	run("settings", func(t *testing.T) {
		st := get[slcs.Settings](f, call{path: "/api/v1/settings", as: sellerEmail, status: 200})
		if !reflect.DeepEqual(st, slcs.DefaultSettings()) {
			t.Errorf("settings %+v, want the server's", st)
		}
		st.Engagement.Threshold = 55
		saved := get[slcs.Settings](f, call{method: "PUT", path: "/api/v1/settings", as: adminEmail, json: st, status: 200})
		if !reflect.DeepEqual(saved, st) {
			t.Errorf("PUT answered %+v", saved)
		}
		if got, ok, err := f.store.Settings(t.Context()); err != nil || !ok || !reflect.DeepEqual(got, st) {
			t.Errorf("the workspace has %+v, %v, %v", got, ok, err)
		}
		if got := get[slcs.Settings](f, call{path: "/api/v1/settings", as: viewerEmail, status: 200}); !reflect.DeepEqual(got, st) {
			t.Errorf("GET after PUT: %+v", got)
		}
		// out of range: named
		bad := st
		bad.Potential.Threshold = 150
		msg := f.fails(call{method: "PUT", path: "/api/v1/settings", as: adminEmail, json: bad, status: 422}, "invalid")
		if !strings.Contains(msg, "potential.threshold") {
			t.Errorf("the refusal does not name the setting: %s", msg)
		}
		// a setting left out, an unknown one, not JSON at all
		var doc map[string]any
		b, _ := json.Marshal(st)
		json.Unmarshal(b, &doc)
		delete(doc["stability"].(map[string]any), "margin")
		msg = f.fails(call{method: "PUT", path: "/api/v1/settings", as: adminEmail, json: doc, status: 422, offDocument: true}, "invalid")
		if !strings.Contains(msg, "stability.margin") {
			t.Errorf("the refusal does not name the missing setting: %s", msg)
		}
		doc["stability"].(map[string]any)["margin"] = 5
		doc["engagement"].(map[string]any)["treshold"] = 40
		f.fails(call{method: "PUT", path: "/api/v1/settings", as: adminEmail, json: doc, status: 400, offDocument: true}, "bad_request")
		f.fails(call{method: "PUT", path: "/api/v1/settings", as: adminEmail, body: []byte("{"), contentType: "application/json",
			status: 400, offDocument: true}, "bad_request")
		big := append([]byte(`{"engagement":{"window_days":365`), bytes.Repeat([]byte(" "), 2<<20)...)
		big = append(big, "}}"...)
		f.fails(call{method: "PUT", path: "/api/v1/settings", as: adminEmail, body: big, contentType: "application/json",
			status: 413, offDocument: true}, "payload_too_large")
		if got, _, _ := f.store.Settings(t.Context()); !reflect.DeepEqual(got, st) {
			t.Errorf("a refused PUT changed the settings: %+v", got)
		}
		a := get[auditJSON](f, call{path: "/api/v1/audit?limit=1", as: adminEmail, status: 200})
		if len(a.Entries) != 1 || a.Entries[0].Action != "settings.write" || a.Entries[0].Actor != adminEmail ||
			!strings.Contains(a.Entries[0].Detail, "engagement.threshold 50 -> 55") {
			t.Errorf("audit %+v", a.Entries)
		}
		// back to the defaults, for the tests after
		get[slcs.Settings](f, call{method: "PUT", path: "/api/v1/settings", as: adminEmail, json: slcs.DefaultSettings(), status: 200})
	})

	var moved workspace.SnapshotAccount
	run("override", func(t *testing.T) {
		moved = snap.Accounts[7]
		target := slcs.Service
		if moved.Segment == slcs.Service {
			target = slcs.Key
		}
		path := "/api/v1/accounts/" + url.PathEscape(moved.AccountID) + "/override"
		// refused: the form's rules and words
		for _, c := range []struct {
			body        any
			offDocument bool
			want        string
		}{
			{map[string]string{"segment": "gold", "reason": "x"}, true, "Choose the segment"},
			{map[string]string{"segment": target.ID(), "reason": "   "}, false, "Say why"},
			{map[string]string{"segment": target.ID(), "reason": strings.Repeat("x", 501)}, false, "too long"},
			{map[string]string{"segment": target.ID(), "reason": "renewal", "until": "next spring"}, false, "must be a date"},
			{map[string]string{"segment": target.ID(), "reason": "renewal", "until": "2026-11-30"}, false, "in the past"},
		} {
			msg := f.fails(call{method: "POST", path: path, as: leaderEmail, json: c.body, status: 422, offDocument: c.offDocument}, "invalid")
			if !strings.Contains(msg, c.want) {
				t.Errorf("%v: %q, want %q", c.body, msg, c.want)
			}
		}
		f.fails(call{method: "POST", path: path, as: leaderEmail, json: map[string]string{"segment": "key", "reason": "x", "by": "me"},
			status: 400, offDocument: true}, "bad_request")
		f.fails(call{method: "POST", path: path, as: leaderEmail, status: 400, offDocument: true}, "bad_request")
		f.fails(call{method: "POST", path: "/api/v1/accounts/NO-SUCH/override", as: leaderEmail,
			json: map[string]string{"segment": "key", "reason": "x"}, status: 404}, "not_found")
		if os, _ := f.store.Overrides(t.Context()); len(os) != 0 {
			t.Fatalf("a refused override was recorded: %+v", os)
		}
		o := get[struct{ AccountID, Segment, Reason, By, Until string }](f, call{method: "POST", path: path, as: leaderEmail,
			json: map[string]string{"segment": target.ID(), "reason": " renewal in Q2 ", "until": "2027-03-31"}, status: 200})
		if o.Segment != target.ID() || o.Reason != "renewal in Q2" || o.By != leaderEmail || o.Until != "2027-03-31" {
			t.Errorf("override %+v", o)
		}
		os, err := f.store.Overrides(t.Context())
		if err != nil || len(os) != 1 || os[0].Segment != target || os[0].By != leaderEmail || os[0].Until != slcs.MakeDay(2027, 3, 31) {
			t.Fatalf("overrides %+v, %v", os, err)
		}
		d := get[accountJSON](f, call{path: "/api/v1/accounts/" + url.PathEscape(moved.AccountID), as: viewerEmail, status: 200})
		if d.Override == nil || d.Override.Segment != target.ID() || d.Override.Reason != "renewal in Q2" {
			t.Errorf("the account does not show its override: %+v", d.Override)
		}
		f.do(call{method: "DELETE", path: path, as: leaderEmail, status: 204})
		f.fails(call{method: "DELETE", path: path, as: leaderEmail, status: 404}, "not_found")
		// pinned again, for the classification after
		get[map[string]any](f, call{method: "POST", path: path, as: adminEmail, json: map[string]string{"segment": target.ID(), "reason": "board sponsor"}, status: 200})
		a := get[auditJSON](f, call{path: "/api/v1/audit?limit=3", as: adminEmail, status: 200})
		var actions []string
		for _, e := range a.Entries {
			actions = append(actions, e.Action+" "+e.Target)
		}
		want := []string{"override.set " + moved.AccountID, "override.lift " + moved.AccountID, "override.set " + moved.AccountID}
		if !slices.Equal(actions, want) {
			t.Errorf("audit %v, want %v", actions, want)
		}
	})

	run("classifications and changes", func(t *testing.T) {
		msg := f.fails(call{path: "/api/v1/changes", as: viewerEmail, status: 409}, "conflict")
		if !strings.Contains(msg, "only one snapshot") {
			t.Errorf("one snapshot: %q", msg)
		}
		page := get[accountPage](f, call{path: "/api/v1/accounts?limit=10", as: adminEmail, status: 200})
		resp, body := f.do(call{method: "POST", path: "/api/v1/classifications", as: leaderEmail, status: 201})
		var s snapshotJSON
		if err := json.Unmarshal(body, &s); err != nil {
			t.Fatal(err)
		}
		if s.ID != snap.ID+1 || *s.Accounts != len(snap.Accounts) || resp.Header.Get("Location") != fmt.Sprintf("/api/v1/snapshots/%d", s.ID) {
			t.Errorf("classified: %+v, Location %q", s, resp.Header.Get("Location"))
		}
		// the cursor of the older snapshot
		f.fails(call{path: "/api/v1/accounts?limit=10&cursor=" + url.QueryEscape(page.NextCursor), as: adminEmail, status: 409}, "snapshot_changed")
		c := get[changesJSON](f, call{path: "/api/v1/changes", as: viewerEmail, status: 200})
		if c.From.ID != snap.ID || c.To.ID != s.ID || len(c.Moved) != 1 || c.Moved[0].AccountID != moved.AccountID {
			t.Errorf("changes from %d to %d, moved %+v", c.From.ID, c.To.ID, c.Moved)
		}
		c = get[changesJSON](f, call{path: fmt.Sprintf("/api/v1/changes?from=%d&to=%d", snap.ID, s.ID), as: viewerEmail, status: 200})
		if len(c.Moved) != 1 {
			t.Errorf("from&to: moved %+v", c.Moved)
		}
		f.fails(call{path: "/api/v1/changes?from=9", as: viewerEmail, status: 404}, "not_found")
		f.fails(call{path: fmt.Sprintf("/api/v1/changes?from=%d&to=%d", s.ID, snap.ID), as: viewerEmail, status: 422}, "invalid")
		f.fails(call{path: "/api/v1/changes?from=first", as: viewerEmail, status: 422, offDocument: true}, "invalid")
		a := get[auditJSON](f, call{path: "/api/v1/audit?limit=1", as: adminEmail, status: 200})
		if len(a.Entries) != 1 || a.Entries[0].Action != "classify" || a.Entries[0].Actor != leaderEmail {
			t.Errorf("audit %+v", a.Entries)
		}
	})

	run("audit", func(t *testing.T) {
		all := get[auditJSON](f, call{path: "/api/v1/audit", as: adminEmail, status: 200})
		if len(all.Entries) < 4 || all.NextBefore != 0 {
			t.Fatalf("audit: %d entries, next %d", len(all.Entries), all.NextBefore)
		}
		var ids []int64
		before := int64(0)
		for {
			p := get[auditJSON](f, call{path: fmt.Sprintf("/api/v1/audit?limit=2&before=%d", before), as: adminEmail, status: 200})
			for _, e := range p.Entries {
				ids = append(ids, e.ID)
			}
			if p.NextBefore == 0 {
				break
			}
			before = p.NextBefore
		}
		var want []int64
		for _, e := range all.Entries {
			want = append(want, e.ID)
		}
		if !slices.Equal(ids, want) {
			t.Errorf("paged audit %v, want %v", ids, want)
		}
		f.fails(call{path: "/api/v1/audit?limit=5000", as: adminEmail, status: 422, offDocument: true}, "invalid")
		f.fails(call{path: "/api/v1/audit?before=-1", as: adminEmail, status: 422, offDocument: true}, "invalid")
	})

	run("imports", func(t *testing.T) {
		files := exampleFiles(t)
		body, ct := multipartBody(t, map[string][]byte{"portfolio.zip": zipOf(t, files)}, "false")
		resp, raw := f.do(call{method: "POST", path: "/api/v1/imports", as: adminEmail, body: body, contentType: ct, status: 202})
		var j importJSON
		json.Unmarshal(raw, &j)
		if j.Status != "running" || j.ID == "" || resp.Header.Get("Location") != "/api/v1/imports/"+j.ID {
			t.Fatalf("started %+v, Location %q", j, resp.Header.Get("Location"))
		}
		j = f.waitImport(j.ID)
		if j.Status != "succeeded" || j.Counts == nil || j.Counts.Accounts.Unchanged != int64(len(snap.Accounts)) || j.Error != "" {
			t.Errorf("import %+v", j)
		}
		a := get[auditJSON](f, call{path: "/api/v1/audit?limit=1", as: adminEmail, status: 200})
		if len(a.Entries) != 1 || a.Entries[0].Action != "import" || a.Entries[0].Actor != adminEmail {
			t.Errorf("audit %+v", a.Entries)
		}
		// a portfolio that breaks a rule: refused whole, with the place
		bad := map[string][]byte{}
		for k, v := range files {
			bad[k] = v
		}
		lines := strings.SplitAfter(string(files["accounts.csv"]), "\n")
		lines[3] = strings.Replace(lines[3], ",", ",,", 1)
		bad["accounts.csv"] = []byte(strings.Join(lines, ""))
		body, ct = multipartBody(t, bad, "true")
		_, raw = f.do(call{method: "POST", path: "/api/v1/imports", as: adminEmail, body: body, contentType: ct, status: 202})
		json.Unmarshal(raw, &j)
		j = f.waitImport(j.ID)
		if j.Status != "failed" || len(j.Problems) == 0 || j.Problems[0].File != "accounts.csv" || j.Problems[0].Line != 4 || j.Error == "" {
			t.Errorf("a bad portfolio: %+v", j)
		}
		n := 0
		f.store.ReadPortfolio(t.Context(), func(r workspace.PortfolioReader) error {
			return r.Accounts(func(*workspace.AccountRow) error { n++; return nil })
		})
		if n != len(snap.Accounts) {
			t.Errorf("a refused replace left %d accounts, want %d", n, len(snap.Accounts))
		}
		// refused at once
		body, ct = multipartBody(t, map[string][]byte{"clients.csv": files["accounts.csv"]}, "")
		msg := f.fails(call{method: "POST", path: "/api/v1/imports", as: adminEmail, body: body, contentType: ct, status: 422}, "invalid")
		if !strings.Contains(msg, "not a file of a portfolio") {
			t.Errorf("a misnamed file: %q", msg)
		}
		body, ct = multipartBody(t, nil, "")
		f.fails(call{method: "POST", path: "/api/v1/imports", as: adminEmail, body: body, contentType: ct, status: 422, offDocument: true}, "invalid")
		body, ct = multipartBody(t, files, "sometimes")
		f.fails(call{method: "POST", path: "/api/v1/imports", as: adminEmail, body: body, contentType: ct, status: 422, offDocument: true}, "invalid")
		f.fails(call{method: "POST", path: "/api/v1/imports", as: adminEmail, json: map[string]string{"files": "accounts.csv"},
			status: 400, offDocument: true}, "bad_request")
		f.fails(call{path: "/api/v1/imports/0123456789", as: adminEmail, status: 404}, "not_found")
	})

	run("unknown paths and credentials", func(t *testing.T) {
		f.fails(call{path: "/api/v1/nothing", as: viewerEmail, status: 404, offDocument: true}, "not_found")
		f.fails(call{path: "/api/v2/accounts", as: viewerEmail, status: 404, offDocument: true}, "not_found")
		resp, _ := f.do(call{method: "PUT", path: "/api/v1/accounts", as: viewerEmail, status: 405, offDocument: true})
		if resp.Header.Get("Allow") != "GET" {
			t.Errorf("Allow %q", resp.Header.Get("Allow"))
		}
		f.fails(call{path: "/api/v1/accounts", status: 401, offDocument: true}, "unauthorized")
		f.fails(call{path: "/api/v1/accounts", token: "slcs_not-a-token", status: 401}, "unauthorized")
		f.fails(call{path: "/api/v1/nothing", status: 401, offDocument: true}, "unauthorized")
		// a revoked token, a disabled user
		toks, err := f.store.Tokens(t.Context(), viewerEmail)
		if err != nil || len(toks) != 1 {
			t.Fatalf("tokens %v, %v", toks, err)
		}
		f.store.RevokeToken(t.Context(), toks[0].ID, now)
		f.fails(call{path: "/api/v1/accounts", as: viewerEmail, status: 401}, "unauthorized")
		u, _ := f.store.User(t.Context(), leaderEmail)
		u.Disabled = true
		f.store.UpdateUser(t.Context(), u)
		f.fails(call{path: "/api/v1/settings", as: leaderEmail, status: 401}, "unauthorized")
	})

	if ran != defined || t.Failed() {
		return // some were filtered out or failed: coverage is not known
	}
	// every operation of the document ran, with success
	_, model := apiDocument(t)
	for p := model.Paths.PathItems.First(); p != nil; p = p.Next() {
		for op := p.Value().GetOperations().First(); op != nil; op = op.Next() {
			name := strings.ToUpper(op.Key()) + " " + p.Key()
			ok := false
			for status := range ops.ops[name] {
				ok = ok || status < 300
			}
			if !ok && name != "GET /api/v1/openapi.json" {
				t.Errorf("%s never succeeded in this test (statuses %v)", name, ops.ops[name])
			}
		}
	}
}

// cursorAt is the cursor of a position, as the API makes it.
func cursorAt(snapshot int64, pos int) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%d:%d", snapshot, pos))
}

// ownedBy are the ids of the accounts of an owner (any case).
func ownedBy(snap *workspace.Snapshot, owner string) []string {
	var ids []string
	for _, a := range snap.Accounts {
		if strings.EqualFold(strings.TrimSpace(a.Owner), owner) {
			ids = append(ids, a.AccountID)
		}
	}
	return ids
}

// multipartBody is an upload of files in the field "files", and replace
// when it is not "".
func multipartBody(t *testing.T, files map[string][]byte, replace string) ([]byte, string) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		w, err := mw.CreateFormFile("files", name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(files[name])
	}
	if replace != "" {
		mw.WriteField("replace", replace)
	}
	mw.Close()
	return body.Bytes(), mw.FormDataContentType()
}

// waitImport polls an import until it is done.
func (f *apiFixture) waitImport(id string) importJSON {
	f.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		j := get[importJSON](f, call{path: "/api/v1/imports/" + id, as: adminEmail, status: 200})
		if j.Status != "running" {
			return j
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("import %s still running after a minute", id)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestAPIEmptyWorkspace(t *testing.T) {
	f := newAPIFixture(t, 0)
	for _, p := range []string{"/api/v1/accounts", "/api/v1/accounts/A0000001", "/api/v1/segments", "/api/v1/sellers", "/api/v1/changes"} {
		f.fails(call{path: p, as: viewerEmail, status: 409}, "no_snapshot")
	}
	f.fails(call{method: "POST", path: "/api/v1/accounts/A0000001/override", as: adminEmail,
		json: map[string]string{"segment": "key", "reason": "x"}, status: 409}, "no_snapshot")
	f.fails(call{method: "DELETE", path: "/api/v1/accounts/A0000001/override", as: adminEmail, status: 409}, "no_snapshot")
	l := get[struct{ Snapshots []snapshotJSON }](f, call{path: "/api/v1/snapshots", as: viewerEmail, status: 200})
	if l.Snapshots == nil || len(l.Snapshots) != 0 {
		t.Errorf("snapshots %+v, want an empty list", l)
	}
	msg := f.fails(call{method: "POST", path: "/api/v1/classifications", as: adminEmail, status: 409}, "conflict")
	if !strings.Contains(msg, "no accounts") {
		t.Errorf("nothing to classify: %q", msg)
	}
	// import, then classify: the API alone sets a workspace up
	body, ct := multipartBody(t, exampleFiles(t), "")
	_, raw := f.do(call{method: "POST", path: "/api/v1/imports", as: adminEmail, body: body, contentType: ct, status: 202})
	var j importJSON
	json.Unmarshal(raw, &j)
	if j = f.waitImport(j.ID); j.Status != "succeeded" || j.Counts.Accounts.Added != 150 {
		t.Fatalf("import %+v", j)
	}
	f.do(call{method: "POST", path: "/api/v1/classifications", as: adminEmail, status: 201})
	if p := get[accountPage](f, call{path: "/api/v1/accounts", as: viewerEmail, status: 200}); p.Total != 150 {
		t.Errorf("%d accounts after import and classification", p.Total)
	}
}

func TestAPIUploadLimit(t *testing.T) {
	f := newAPIFixture(t, 0, func(o *web.Options) { o.UploadLimit = 64 << 10 })
	files := exampleFiles(t)
	body, ct := multipartBody(t, files, "")
	if len(body) <= 64<<10 {
		t.Fatalf("the example portfolio is only %d bytes", len(body))
	}
	msg := f.fails(call{method: "POST", path: "/api/v1/imports", as: adminEmail, body: body, contentType: ct, status: 413}, "payload_too_large")
	if !strings.Contains(msg, "slcs import") {
		t.Errorf("the refusal does not say what to do: %q", msg)
	}
}

func TestAPIImportJobsAreBounded(t *testing.T) {
	f := newAPIFixture(t, 0)
	small := map[string][]byte{"team.csv": exampleFiles(t)["team.csv"]}
	var first string
	for i := range 101 {
		body, ct := multipartBody(t, small, "")
		_, raw := f.do(call{method: "POST", path: "/api/v1/imports", as: adminEmail, body: body, contentType: ct, status: 202})
		var j importJSON
		json.Unmarshal(raw, &j)
		if i == 0 {
			first = j.ID
		}
		f.waitImport(j.ID)
	}
	f.fails(call{path: "/api/v1/imports/" + first, as: adminEmail, status: 404}, "not_found")
}

func TestAPILocalUser(t *testing.T) {
	f := newFixture(t, 1)
	// a server for one local user: every request is the admin's, with no
	// credentials (which the document does not describe)
	af := &apiFixture{t: t, store: f.store, srv: f.srv}
	p := get[accountPage](af, call{path: "/api/v1/accounts?limit=1", status: 200, offDocument: true})
	if p.Total != len(f.snap.Accounts) {
		t.Errorf("local user: %d accounts, want %d", p.Total, len(f.snap.Accounts))
	}
	get[auditJSON](af, call{path: "/api/v1/audit", status: 200, offDocument: true})
	get[slcs.Settings](af, call{method: "PUT", path: "/api/v1/settings", json: slcs.DefaultSettings(), status: 200, offDocument: true})
}
