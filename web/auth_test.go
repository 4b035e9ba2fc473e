package web_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/auth"
	"github.com/slcs/slcs/web"
	"github.com/slcs/slcs/workspace"
)

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// lockedBuffer collects the server's log.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

type authFixture struct {
	*fixture
	ts    *httptest.Server
	clock *clock
	log   *lockedBuffer
}

func newAuthFixture(t *testing.T, secureCookies bool) *authFixture {
	f := newFixture(t, 1)
	c := &clock{t: time.Now().UTC()}
	log := &lockedBuffer{}
	srv, err := web.New(f.store, web.Options{Settings: slcs.DefaultSettings(), Location: "test.db", Now: c.now,
		Logger: slog.New(slog.NewTextHandler(log, nil)), SecureCookies: secureCookies})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &authFixture{fixture: f, ts: ts, clock: c, log: log}
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// signIn posts the sign-in form and returns the response.
func (a *authFixture) signIn(t *testing.T, email, password string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", a.ts.URL+"/signin", strings.NewReader(url.Values{"email": {email}, "password": {password},
		"next": {"/sellers"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// get fetches a path with a session cookie or a bearer token.
func (a *authFixture) get(t *testing.T, path string, cookie *http.Cookie, bearer string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", a.ts.URL+path, nil)
	if cookie != nil {
		req.AddCookie(cookie)
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func sessionOf(t *testing.T, resp *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range resp.Cookies() {
		if c.Name == "slcs_session" {
			return c
		}
	}
	t.Fatalf("no session cookie (status %d)", resp.StatusCode)
	return nil
}

func TestSignInSessions(t *testing.T) {
	a := newAuthFixture(t, false)
	const pw = "the right password"
	addUser(t, a.store, "ann@ourco.example", workspace.RoleLeader, "", pw)

	if r := a.get(t, "/", nil, ""); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/signin") {
		t.Errorf("signed out: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := a.signIn(t, "ann@ourco.example", "wrong password here"); r.StatusCode != http.StatusUnauthorized || len(r.Cookies()) != 0 {
		t.Errorf("a wrong password: %d, cookies %v", r.StatusCode, r.Cookies())
	}
	r := a.signIn(t, "Ann@OurCo.example ", pw)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/sellers" {
		t.Fatalf("sign-in: %d to %s", r.StatusCode, r.Header.Get("Location"))
	}
	c := sessionOf(t, r)
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure || c.Path != "/" {
		t.Errorf("cookie %+v: want HttpOnly, SameSite=Lax, not Secure on plain HTTP", c)
	}
	if r := a.get(t, "/", c, ""); r.StatusCode != http.StatusOK {
		t.Errorf("signed in: %d", r.StatusCode)
	}
	// idle: the session ends after IdleTimeout without a request
	a.clock.add(auth.IdleTimeout - time.Minute)
	if r := a.get(t, "/", c, ""); r.StatusCode != http.StatusOK {
		t.Errorf("just before the idle timeout: %d", r.StatusCode)
	}
	a.clock.add(auth.IdleTimeout + time.Minute)
	if r := a.get(t, "/", c, ""); r.StatusCode != http.StatusSeeOther {
		t.Errorf("after the idle timeout: %d", r.StatusCode)
	}
	// absolute: whatever the activity
	c = sessionOf(t, a.signIn(t, "ann@ourco.example", pw))
	for elapsed := time.Duration(0); elapsed < auth.AbsoluteTimeout-time.Hour; elapsed += time.Hour {
		a.clock.add(time.Hour)
		if r := a.get(t, "/", c, ""); r.StatusCode != http.StatusOK {
			t.Fatalf("%v into a busy session: %d", elapsed+time.Hour, r.StatusCode)
		}
	}
	a.clock.add(2 * time.Hour)
	if r := a.get(t, "/", c, ""); r.StatusCode != http.StatusSeeOther {
		t.Errorf("past the absolute timeout: %d", r.StatusCode)
	}
	// a disabled user's session stops working
	c = sessionOf(t, a.signIn(t, "ann@ourco.example", pw))
	u, _ := a.store.User(t.Context(), "ann@ourco.example")
	u.Disabled = true
	a.store.UpdateUser(t.Context(), u)
	if r := a.get(t, "/", c, ""); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a disabled user's session: %d", r.StatusCode)
	}
	if r := a.signIn(t, "ann@ourco.example", pw); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("a disabled user signs in: %d", r.StatusCode)
	}
	// signing out deletes the session
	u.Disabled = false
	a.store.UpdateUser(t.Context(), u)
	c = sessionOf(t, a.signIn(t, "ann@ourco.example", pw))
	req, _ := http.NewRequest("POST", a.ts.URL+"/signout", nil)
	req.AddCookie(c)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := noRedirect.Do(req)
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: %v %v", resp, err)
	}
	resp.Body.Close()
	if _, err := a.store.Session(t.Context(), auth.HashSecret(c.Value)); err == nil {
		t.Errorf("the session outlived signing out")
	}
	if r := a.get(t, "/", c, ""); r.StatusCode != http.StatusSeeOther {
		t.Errorf("after signing out: %d", r.StatusCode)
	}
	// nothing secret in the log
	if log := a.log.String(); strings.Contains(log, pw) || strings.Contains(log, c.Value) {
		t.Errorf("the log holds a password or a session secret:\n%s", log)
	}
}

func TestSecureCookieBehindProxy(t *testing.T) {
	a := newAuthFixture(t, true)
	addUser(t, a.store, "ann@ourco.example", workspace.RoleViewer, "", "the right password")
	if c := sessionOf(t, a.signIn(t, "ann@ourco.example", "the right password")); !c.Secure {
		t.Errorf("cookie %+v: want Secure with SecureCookies", c)
	}
}

func TestSignInRateLimit(t *testing.T) {
	a := newAuthFixture(t, false)
	const pw = "the right password"
	addUser(t, a.store, "ann@ourco.example", workspace.RoleViewer, "", pw)
	for i := range auth.DefaultAccountFailures {
		if r := a.signIn(t, "ann@ourco.example", "wrong password number"); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, r.StatusCode)
		}
	}
	r := a.signIn(t, "ann@ourco.example", pw)
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Errorf("after %d failures the right password: %d, Retry-After %q", auth.DefaultAccountFailures, r.StatusCode, r.Header.Get("Retry-After"))
	}
	a.clock.add(auth.DefaultFailureWindow + time.Second)
	if r := a.signIn(t, "ann@ourco.example", pw); r.StatusCode != http.StatusSeeOther {
		t.Errorf("after the window: %d", r.StatusCode)
	}
}

func TestBearerTokens(t *testing.T) {
	a := newAuthFixture(t, false)
	addUser(t, a.store, "ops@ourco.example", workspace.RoleViewer, "", "the right password")
	secret, hash, err := auth.NewSecret(auth.TokenPrefix)
	if err != nil {
		t.Fatal(err)
	}
	id, err := a.store.CreateToken(t.Context(), workspace.Token{Email: "ops@ourco.example", Name: "sync", Hash: hash,
		CreatedAt: a.clock.now(), Expires: a.clock.now().Add(48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if r := a.get(t, "/", nil, secret); r.StatusCode != http.StatusOK {
		t.Errorf("with a token: %d", r.StatusCode)
	}
	if tok, _ := a.store.TokenByHash(t.Context(), hash); tok.LastUsed.IsZero() {
		t.Errorf("the token's last use is not recorded")
	}
	if r := a.get(t, "/", nil, secret+"x"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("with a wrong token: %d", r.StatusCode)
	}
	a.clock.add(49 * time.Hour)
	if r := a.get(t, "/", nil, secret); r.StatusCode != http.StatusSeeOther {
		t.Errorf("with an expired token: %d", r.StatusCode)
	}
	a.clock.add(-49 * time.Hour)
	a.store.RevokeToken(t.Context(), id, a.clock.now())
	if r := a.get(t, "/", nil, secret); r.StatusCode != http.StatusSeeOther {
		t.Errorf("with a revoked token: %d", r.StatusCode)
	}
	if log := a.log.String(); strings.Contains(log, secret) {
		t.Errorf("the log holds a token:\n%s", log)
	}
}

// TestTokenOnUserPage: a signed-in user creates a token on their page,
// sees it once, uses it, and revokes it.
func TestTokenOnUserPage(t *testing.T) {
	a := newAuthFixture(t, false)
	addUser(t, a.store, "ops@ourco.example", workspace.RoleViewer, "", "the right password")
	c := sessionOf(t, a.signIn(t, "ops@ourco.example", "the right password"))
	post := func(path string, form url.Values) (int, string) {
		req, _ := http.NewRequest("POST", a.ts.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.AddCookie(c)
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, page := post("/me/tokens", url.Values{"name": {"nightly sync"}})
	i := strings.Index(page, auth.TokenPrefix)
	if code != http.StatusOK || i < 0 {
		t.Fatalf("creating a token: %d, no token on the page", code)
	}
	secret := page[i : i+len(auth.TokenPrefix)+43]
	if r := a.get(t, "/api/v1/segments", nil, secret); r.StatusCode != http.StatusOK {
		t.Errorf("the new token: %d", r.StatusCode)
	}
	list, _ := a.store.Tokens(t.Context(), "ops@ourco.example")
	if len(list) != 1 || list[0].Name != "nightly sync" {
		t.Fatalf("tokens %+v", list)
	}
	// the page lists it by name, never the secret again
	req, _ := http.NewRequest("GET", a.ts.URL+"/me", nil)
	req.AddCookie(c)
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "nightly sync") || strings.Contains(string(b), secret) {
		t.Errorf("the user page after creating: name listed %v, secret shown again %v",
			strings.Contains(string(b), "nightly sync"), strings.Contains(string(b), secret))
	}
	if code, _ := post("/me/tokens/"+itoa64(list[0].ID)+"/revoke", nil); code != http.StatusSeeOther {
		t.Errorf("revoking: %d", code)
	}
	if r := a.get(t, "/api/v1/segments", nil, secret); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("a revoked token on the API: %d", r.StatusCode)
	}
	entries, _ := a.store.Audit(t.Context(), 0, 10)
	if len(entries) < 2 || entries[0].Action != "token.revoke" || entries[1].Action != "token.create" || entries[0].Actor != "ops@ourco.example" {
		t.Errorf("audit %+v", entries)
	}
}

func itoa64(v int64) string { return strconv.FormatInt(v, 10) }
