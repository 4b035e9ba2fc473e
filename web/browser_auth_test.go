package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/auth"
	"github.com/slcs/slcs/web"
	"github.com/slcs/slcs/workspace"
)

// addUser adds a user with a password to the fixture's workspace.
func addUser(t *testing.T, st workspace.Store, email string, role workspace.Role, seller, password string) {
	t.Helper()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddUser(t.Context(), workspace.User{Email: email, Role: role, Seller: seller, PasswordHash: hash,
		CreatedAt: time.Now().UTC()}); err != nil {
		t.Fatal(err)
	}
}

// signedServer is the dashboard of the fixture's workspace with sign-in.
func signedServer(t *testing.T, f *fixture) *httptest.Server {
	t.Helper()
	srv, err := web.New(f.store, web.Options{Settings: slcs.DefaultSettings(), Location: "test.db"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// TestBrowserSignIn: a browser is sent to sign in, a seller sees only
// their book, signing out ends the session, and a form posted from another
// site is refused.
func TestBrowserSignIn(t *testing.T) {
	requireBrowser(t)
	f := newFixture(t, 1)
	const pw = "a long enough password"
	seller := strings.ToLower(f.snap.Accounts[0].Owner)
	var own, other []string
	for _, a := range f.snap.Accounts {
		if strings.ToLower(a.Owner) == seller {
			own = append(own, a.AccountID)
		} else {
			other = append(other, a.AccountID)
		}
	}
	addUser(t, f.store, "bob@ourco.example", workspace.RoleSeller, seller, pw)
	addUser(t, f.store, "lea@ourco.example", workspace.RoleLeader, "", pw)
	ts := signedServer(t, f)
	b := newTab(t, ts.URL)

	signIn := func(email string) {
		t.Helper()
		b.open("/")
		if got := b.url().Path; got != "/signin" {
			t.Fatalf("signed out, / shows %s, want the sign-in page", got)
		}
		b.load("sign in as "+email, http.StatusOK,
			chromedp.SetValue(chromedp.CSS(`input[name=email]`), email),
			chromedp.SetValue(chromedp.CSS(`input[name=password]`), pw),
			chromedp.Click(chromedp.CSS(`.signin button[type=submit]`)))
		if got := b.url().Path; got != "/" {
			t.Fatalf("after signing in: %s", got)
		}
		if got := b.text(".who a"); got != email {
			t.Errorf("the header names %q, want %s", got, email)
		}
	}

	// a wrong password is refused on the page
	b.open("/signin")
	b.load("a wrong password", http.StatusUnauthorized,
		chromedp.SetValue(chromedp.CSS(`input[name=email]`), "bob@ourco.example"),
		chromedp.SetValue(chromedp.CSS(`input[name=password]`), "not the password at all"),
		chromedp.Click(chromedp.CSS(`.signin button[type=submit]`)))
	if !strings.Contains(b.text(".error"), "wrong") {
		t.Errorf("a wrong password: the page says %q", b.text(".error"))
	}
	b.screenshot("signin-refused")

	// the seller's view: their accounts only, in the table and the chart
	signIn("bob@ourco.example")
	rows := b.tableRows()
	if len(rows) != min(50, len(own)) {
		t.Errorf("the seller's table has %d rows, want %d", len(rows), min(50, len(own)))
	}
	ownSet := map[string]bool{}
	for _, id := range own {
		ownSet[id] = true
	}
	for _, r := range rows {
		if !ownSet[idOf(t, r.Href)] {
			t.Errorf("the seller's table shows %s, not theirs", r.Href)
		}
	}
	for _, h := range b.chartLinks() {
		if !ownSet[idOf(t, h)] {
			t.Errorf("the seller's chart shows %s, not theirs", h)
		}
	}
	if n := len(b.chartLinks()); n != len(own) {
		t.Errorf("the seller's chart has %d points, want %d", n, len(own))
	}
	if b.count(`header nav a[href="/import"]`) != 0 {
		t.Errorf("a seller is offered the import")
	}
	b.screenshot("seller-portfolio")
	// another seller's account does not exist for them
	b.load("another's account", http.StatusNotFound, chromedp.Navigate(ts.URL+accountPath(other[0])))

	// sign out: the session is gone
	b.open("/")
	b.load("sign out", http.StatusOK, chromedp.Click(chromedp.CSS(`.who button[type=submit]`)))
	if got := b.url().Path; got != "/signin" {
		t.Errorf("after signing out: %s", got)
	}
	b.open("/sellers")
	if got := b.url().Path; got != "/signin" {
		t.Errorf("signed out, /sellers shows %s", got)
	}

	// a leader signed in here; a page of another site posts a form to the
	// dashboard: refused, and nothing is recorded
	signIn("lea@ourco.example")
	target := other[0]
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<!doctype html><form id="f" method="post" action="%s/accounts/%s/override">
<input name="segment" value="service"><input name="reason" value="forged"></form>
<script>document.getElementById("f").submit()</script>`, ts.URL, target)
	}))
	defer evil.Close()
	// another site: "localhost" is not the dashboard's 127.0.0.1
	evilURL := strings.Replace(evil.URL, "127.0.0.1", "localhost", 1)
	ctx, cancel := b.step()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(evilURL))
	cancel()
	if err != nil || resp == nil {
		t.Fatalf("the forging page: %v", err)
	}
	time.Sleep(time.Second) // the form posts itself
	if got := b.url(); got.Path != "/accounts/"+target+"/override" {
		t.Logf("after the forged post the browser shows %s", got)
	}
	if body := b.text("body"); !strings.Contains(strings.ToLower(body), "cross-origin") && !strings.Contains(body, "Sign in") {
		t.Errorf("the forged post was not refused: the page says %q", body)
	}
	overrides, err := f.store.Overrides(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(overrides) != 0 {
		t.Errorf("a forged form set an override: %+v", overrides)
	}
	b.loggedErrors(http.StatusUnauthorized, http.StatusNotFound, http.StatusForbidden)
}
