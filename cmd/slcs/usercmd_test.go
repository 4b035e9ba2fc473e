package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/auth"
	"github.com/slcs/slcs/sqlite"
	"github.com/slcs/slcs/workspace"
)

func runInput(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runIn(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func openTestStore(t *testing.T, db string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "slcs.db")
	const pw = "correct horse battery"
	if code, _, stderr := runInput(t, pw+"\n", "user", "add", "Ann@OurCo.example", "--role", "admin", "--password-stdin", "--db", db); code != 0 {
		t.Fatalf("user add: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runInput(t, pw+"\n", "user", "add", "bob@ourco.example", "--role", "seller", "--seller", "Robert@OurCo.example",
		"--password-stdin", "--db", db); code != 0 {
		t.Fatalf("user add seller: exit %d: %s", code, stderr)
	}
	for _, c := range []struct {
		stdin string
		args  []string
		code  int
		says  string
	}{
		{pw + "\n", []string{"user", "add", "ann@ourco.example", "--role", "admin", "--password-stdin"}, 1, "already a user"},
		{pw + "\n", []string{"user", "add", "cy@ourco.example", "--role", "boss", "--password-stdin"}, 2, "--role must be"},
		{"short\n", []string{"user", "add", "cy@ourco.example", "--role", "viewer", "--password-stdin"}, 1, "12"},
		{pw + "\n", []string{"user", "add", "not-an-email", "--role", "viewer", "--password-stdin"}, 2, "not an email"},
		{"", []string{"user", "disable", "nobody@ourco.example"}, 1, "no user"},
		{"", []string{"token", "create", "--user", "nobody@ourco.example", "--name", "x"}, 1, "no user"},
		{"", []string{"token", "create", "--user", "ann@ourco.example", "--name", "x", "--expires", "2001-01-01"}, 2, "in the past"},
		{"", []string{"token", "revoke", "99"}, 1, "no token 99"},
	} {
		code, _, stderr := runInput(t, c.stdin, append(c.args, "--db", db)...)
		if code != c.code || !strings.Contains(stderr, c.says) {
			t.Errorf("%v: exit %d, %q; want exit %d saying %q", c.args, code, stderr, c.code, c.says)
		}
	}
	st := openTestStore(t, db)
	ctx := t.Context()
	ann, err := st.User(ctx, "ann@ourco.example")
	if err != nil || ann.Role != workspace.RoleAdmin || ann.Seller != "" {
		t.Fatalf("ann: %+v, %v", ann, err)
	}
	if ok, _ := auth.CheckPassword(ann.PasswordHash, pw); !ok {
		t.Errorf("ann's password does not check")
	}
	bob, _ := st.User(ctx, "bob@ourco.example")
	if bob.Role != workspace.RoleSeller || bob.Seller != "robert@ourco.example" {
		t.Errorf("bob: %+v", bob)
	}
	code, stdout, _ := runCmd(t, "user", "list", "--db", db)
	if code != 0 || !strings.Contains(stdout, "ann@ourco.example") || !strings.Contains(stdout, "robert@ourco.example") {
		t.Errorf("user list: %d\n%s", code, stdout)
	}

	// a token: printed once, stored hashed, usable, listed, revoked
	code, secret, stderr := runCmd(t, "token", "create", "--user", "bob@ourco.example", "--name", "crm sync", "--db", db)
	secret = strings.TrimSpace(secret)
	if code != 0 || !strings.HasPrefix(secret, auth.TokenPrefix) || !strings.Contains(stderr, "not shown again") {
		t.Fatalf("token create: exit %d, %q, %s", code, secret, stderr)
	}
	tok, err := st.TokenByHash(ctx, auth.HashSecret(secret))
	if err != nil || tok.Email != "bob@ourco.example" || tok.Name != "crm sync" || strings.Contains(tok.Hash, secret) {
		t.Fatalf("the stored token: %+v, %v", tok, err)
	}
	code, stdout, _ = runCmd(t, "token", "list", "--db", db)
	if code != 0 || !strings.Contains(stdout, "crm sync") || strings.Contains(stdout, secret) || !strings.Contains(stdout, "in force") {
		t.Errorf("token list:\n%s", stdout)
	}
	if code, _, stderr := runCmd(t, "token", "revoke", "1", "--db", db); code != 0 {
		t.Fatalf("token revoke: %d %s", code, stderr)
	}
	if tok, _ := st.TokenByHash(ctx, auth.HashSecret(secret)); tok.Revoked.IsZero() {
		t.Errorf("the token is not revoked")
	}

	// passwd and disable end the sessions
	st.CreateSession(ctx, workspace.Session{Hash: "h1", Email: "bob@ourco.example", CreatedAt: ann.CreatedAt, LastSeen: ann.CreatedAt})
	if code, _, stderr := runInput(t, "another good password\n", "user", "passwd", "bob@ourco.example", "--password-stdin", "--db", db); code != 0 {
		t.Fatalf("passwd: %d %s", code, stderr)
	}
	if _, err := st.Session(ctx, "h1"); err == nil {
		t.Errorf("a session outlived the password change")
	}
	if code, _, _ := runCmd(t, "user", "disable", "bob@ourco.example", "--db", db); code != 0 {
		t.Fatal("disable")
	}
	if bob, _ := st.User(ctx, "bob@ourco.example"); !bob.Disabled {
		t.Errorf("bob is not disabled")
	}

	// every change is in the audit log, from the command line
	entries, err := st.Audit(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		if e.Addr != "cli" || e.Actor == "" {
			t.Errorf("audit entry %+v", e)
		}
	}
	want := "user.disable user.passwd token.revoke token.create user.add user.add"
	if got := strings.Join(actions, " "); got != want {
		t.Errorf("audit: %s\nwant %s", got, want)
	}
}

func TestServeNeedsAnAdminOffLoopback(t *testing.T) {
	db := filepath.Join(t.TempDir(), "slcs.db")
	code, _, stderr := runCmd(t, "serve", "--db", db, "--addr", "0.0.0.0:0")
	if code != 1 || !strings.Contains(stderr, "slcs user add EMAIL --role admin") {
		t.Errorf("serve on 0.0.0.0 with no admin: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "serve", "--db", db, "--tls-cert", "c.pem"); code != 2 {
		t.Errorf("--tls-cert without --tls-key: exit %d: %s", code, stderr)
	}
	for addr, want := range map[string]bool{"127.0.0.1:8080": true, "localhost:80": true, "[::1]:9": true, ":8080": false, "10.0.0.1:80": false} {
		if got := loopback(addr); got != want {
			t.Errorf("loopback(%q) = %v", addr, got)
		}
	}
}

// TestClassifyUsesSavedSettings: without --config, classifying the
// workspace uses the settings saved in it.
func TestClassifyUsesSavedSettings(t *testing.T) {
	db := filepath.Join(t.TempDir(), "slcs.db")
	if code, _, stderr := runCmd(t, "import", examplePortfolio, "--db", db); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	st := openTestStore(t, db)
	saved := slcs.DefaultSettings()
	saved.Engagement.Threshold = 70
	if err := st.SaveSettings(t.Context(), saved); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd(t, "classify", "--db", db, "--format", "csv", "-o", filepath.Join(t.TempDir(), "c.csv")); code != 0 {
		t.Fatalf("classify: %d %s", code, stderr)
	}
	snap, err := st.Snapshot(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Settings.Engagement.Threshold != 70 {
		t.Errorf("the snapshot's engagement threshold is %v, want the saved 70", snap.Settings.Engagement.Threshold)
	}
}
