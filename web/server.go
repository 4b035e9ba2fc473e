// Package web is the dashboard: server-rendered pages of the workspace's
// latest snapshot — the portfolio as the two-axis chart, every account's
// reasons, the sellers' time, the changes between snapshots — and the
// forms that import a portfolio, classify it and pin segments. Every page
// works without JavaScript; a little script makes the filters submit
// themselves.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/auth"
	"github.com/slcs/slcs/model"
	"github.com/slcs/slcs/workspace"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options configure a Server.
type Options struct {
	// Settings are those a classification started from the dashboard
	// uses.
	Settings slcs.Settings
	// User names who sets overrides and runs classifications.
	User func(*http.Request) string
	// Location names the workspace on the pages (a file or a database).
	Location string
	// Logger receives errors; nil: slog's default.
	Logger *slog.Logger
	// Now is the clock; nil: time.Now.
	Now func() time.Time
	// UploadLimit is the largest import accepted, in bytes; 0: 100 MB.
	UploadLimit int64
	// Local serves one local user, as an admin, with no sign-in: for a
	// server on a loopback address of a workspace with no users.
	Local bool
	// LocalUser names the local user.
	LocalUser string
	// SecureCookies marks the session cookie Secure even on plain HTTP:
	// for a server behind a proxy that terminates TLS.
	SecureCookies bool
}

// Server serves the dashboard of one workspace.
type Server struct {
	store workspace.Store
	o     Options
	tmpl  map[string]*template.Template
	mux   *http.ServeMux

	mu  sync.Mutex
	cur *view // the latest snapshot, prepared for the pages
	// importing serializes imports and classifications started here
	importing sync.Mutex
	limiter   *auth.Limiter
	dummyHash string // checked when a sign-in names no user
}

// New returns the dashboard of a workspace.
func New(store workspace.Store, o Options) (*Server, error) {
	if o.User == nil {
		o.User = func(*http.Request) string { return "unknown" }
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.UploadLimit == 0 {
		o.UploadLimit = 100 << 20
	}
	if o.LocalUser == "" {
		o.LocalUser = "local"
	}
	s := &Server{store: store, o: o, tmpl: map[string]*template.Template{}, mux: http.NewServeMux(),
		limiter: auth.NewLimiter(auth.DefaultAccountFailures, auth.DefaultAddressFailures, auth.DefaultFailureWindow)}
	var err error
	if s.dummyHash, err = auth.HashPassword("no such user, no such password"); err != nil {
		return nil, err
	}
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		if p == "templates/layout.html" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", p)
		if err != nil {
			return nil, fmt.Errorf("web: %s: %w", p, err)
		}
		s.tmpl[p[len("templates/"):]] = t
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", cacheFor(http.FileServerFS(static), time.Hour)))
	s.mux.HandleFunc("GET /{$}", s.portfolio)
	s.mux.HandleFunc("GET /export.csv", s.exportCSV)
	s.mux.HandleFunc("GET /export.xlsx", s.exportXLSX)
	s.mux.HandleFunc("GET /chart.svg", s.chartSVG)
	s.mux.HandleFunc("GET /accounts/{id}", s.account)
	s.mux.HandleFunc("POST /accounts/{id}/override", s.setOverride)
	s.mux.HandleFunc("POST /accounts/{id}/override/lift", s.liftOverride)
	s.mux.HandleFunc("GET /sellers", s.sellers)
	s.mux.HandleFunc("GET /changes", s.changes)
	s.mux.HandleFunc("GET /import", s.importForm)
	s.mux.HandleFunc("POST /import", s.importUpload)
	s.mux.HandleFunc("POST /classify", s.classify)
	s.mux.HandleFunc("GET /signin", s.signinForm)
	s.mux.HandleFunc("POST /signin", s.signin)
	s.mux.HandleFunc("POST /signout", s.signout)
	s.mux.HandleFunc("GET /me", s.me)
	s.mux.HandleFunc("POST /me/tokens", s.createToken)
	s.mux.HandleFunc("POST /me/tokens/{id}/revoke", s.revokeToken)
	s.mux.HandleFunc("GET /audit", s.auditPage)
	s.mux.HandleFunc("GET /users", s.usersPage)
	s.routesAPI()
	return s, nil
}

// Handler is the dashboard with its protections: security headers on
// every response, and forms refused when posted from another site.
func (s *Server) Handler() http.Handler {
	var h http.Handler = s.authenticate(s.mux)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isAPI(r) {
			apiError(w, http.StatusForbidden, "cross_origin", "a request from another site is refused")
			return
		}
		http.Error(w, "Refused: a cross-origin request (a form posted from another site).", http.StatusForbidden)
	}))
	h = cop.Handler(h)
	return securityHeaders(h)
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
			"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

func cacheFor(next http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age="+strconv.Itoa(int(d.Seconds())))
		next.ServeHTTP(w, r)
	})
}

// errNoSnapshot: the workspace was never classified.
var errNoSnapshot = errors.New("no classification yet")

// latest returns the latest snapshot, prepared; errNoSnapshot when there
// is none. A snapshot is loaded once, when it is new.
func (s *Server) latest(ctx context.Context) (*view, error) {
	infos, err := s.store.Snapshots(ctx)
	if err != nil {
		return nil, err
	}
	if len(infos) == 0 {
		return nil, errNoSnapshot
	}
	id := infos[len(infos)-1].ID
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur != nil && s.cur.snap.ID == id {
		return s.cur, nil
	}
	snap, err := s.store.Snapshot(ctx, id)
	if err != nil {
		return nil, err
	}
	s.cur = newView(snap, infos)
	return s.cur, nil
}

// page is what every template gets.
type page struct {
	Title    string
	Nav      string // the current section
	Location string
	View     *view
	Data     any
	Flash    string
	User     auth.Principal
	// what the user may do, for the navigation and the buttons
	CanImport, CanClassify, IsAdmin bool
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	p.Location = s.o.Location
	p.User = principal(r)
	p.CanImport, p.CanClassify, p.IsAdmin = p.User.Can(auth.ActImport), p.User.Can(auth.ActClassify), p.User.Can(auth.ActManageUsers)
	t, ok := s.tmpl[name]
	if !ok {
		s.fail(w, r, fmt.Errorf("web: no template %s", name))
		return
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if err := t.ExecuteTemplate(buf, "layout.html", p); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// fail answers an unexpected error: logged in full, shown plainly.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.o.Logger.Error("dashboard", "method", r.Method, "path", r.URL.Path, "error", err)
	http.Error(w, "Something went wrong on the server: "+err.Error(), http.StatusInternalServerError)
}

// notFound answers a page that does not exist.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, what string) {
	s.render(w, r, http.StatusNotFound, "message.html", &page{Title: "Not found", Data: message{
		Heading: "Not found", Text: what}})
}

// noSnapshot answers a page that needs a classification.
func (s *Server) noSnapshot(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "message.html", &page{Title: "No classification yet", Data: message{
		Heading: "No classification yet",
		Text:    "The workspace has not been classified. Import a portfolio, then classify it.",
		Import:  true, Classify: true}})
}

type message struct {
	Heading, Text    string
	Import, Classify bool
}

// withView runs fn with the latest snapshot, or answers why there is none.
func (s *Server) withView(w http.ResponseWriter, r *http.Request, fn func(*view)) {
	v, err := s.latest(r.Context())
	if errors.Is(err, errNoSnapshot) {
		s.noSnapshot(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fn(v)
}

// classify runs a classification of the workspace and shows the portfolio.
func (s *Server) classify(w http.ResponseWriter, r *http.Request) {
	if !principal(r).Can(auth.ActClassify) {
		s.forbidden(w, r)
		return
	}
	s.importing.Lock()
	defer s.importing.Unlock()
	settings, err := s.settings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, _, id, err := workspace.Run(r.Context(), s.store, workspace.RunOptions{Settings: settings, Now: s.o.Now(), By: s.user(r)})
	if errors.Is(err, workspace.ErrNoAccounts) {
		s.render(w, r, http.StatusConflict, "message.html", &page{Title: "Nothing to classify", Data: message{
			Heading: "Nothing to classify", Text: "The workspace holds no accounts: import a portfolio first.", Import: true}})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.audit(r, "classify", "snapshot "+itoa(id), ""); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// user names who makes a request, in records: the signed-in user, else the
// one the options name.
func (s *Server) user(r *http.Request) string {
	if p := principal(r); p.Email != "" && !p.Local {
		return p.Email
	}
	return s.o.User(r)
}

// settings are those of the workspace, else the server's.
func (s *Server) settings(ctx context.Context) (slcs.Settings, error) {
	st, ok, err := s.store.Settings(ctx)
	if err != nil || !ok {
		return s.o.Settings, err
	}
	return st, nil
}

// resultOf is the classification of a snapshot restricted to some of its
// accounts (and their sellers' rows).
func resultOf(v *view, idx []int) *model.Result {
	r := v.result
	out := *r
	out.Accounts = make([]model.AccountResult, len(idx))
	sellers := map[string]bool{}
	for i, k := range idx {
		out.Accounts[i] = r.Accounts[k]
		sellers[r.Accounts[k].Seller] = true
	}
	if len(idx) == len(r.Accounts) {
		return &out
	}
	out.Sellers, out.Audit = nil, nil
	for _, p := range r.Sellers {
		if sellers[p.Seller] {
			out.Sellers = append(out.Sellers, p)
		}
	}
	for _, a := range r.Audit {
		if sellers[a.Person] {
			out.Audit = append(out.Audit, a)
		}
	}
	out.Segments = [4]model.SegmentSummary{}
	for i := range out.Segments {
		out.Segments[i].Segment = slcs.Segments[i]
	}
	for i := range out.Accounts {
		a := &out.Accounts[i]
		sm := &out.Segments[a.Segment]
		sm.Accounts++
		sm.Revenue12m += a.Revenue12m
		sm.PotentialValue += a.PotentialValue
	}
	return &out
}
