package auth

import (
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slcs/slcs/workspace"
)

var phcPattern = regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHashPassword(t *testing.T) {
	const pw = "correct horse battery staple"
	h1, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !phcPattern.MatchString(h1) {
		t.Errorf("hash %q is not a PHC string with the chosen parameters, 16-byte salt and 32-byte key", h1)
	}
	ok, err := CheckPassword(h1, pw)
	if err != nil || !ok {
		t.Errorf("CheckPassword(own hash, right password) = %v, %v; want true, nil", ok, err)
	}
	for _, wrong := range []string{"", "correct horse battery stapl", "Correct horse battery staple", pw + " "} {
		ok, err := CheckPassword(h1, wrong)
		if err != nil || ok {
			t.Errorf("CheckPassword(hash, %q) = %v, %v; want false, nil", wrong, ok, err)
		}
	}
	h2, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if h1 == h2 {
		t.Errorf("two hashes of one password are equal: %q; the salt must differ", h1)
	}
	if s1, s2 := strings.Split(h1, "$")[4], strings.Split(h2, "$")[4]; s1 == s2 {
		t.Errorf("two hashes share the salt %q", s1)
	}
	if ok, err := CheckPassword(h2, pw); err != nil || !ok {
		t.Errorf("CheckPassword(second hash) = %v, %v; want true, nil", ok, err)
	}
}

// The hashes below were made by the reference argon2 command line, so
// CheckPassword is checked against hashes it did not make, one of them with
// other parameters than HashPassword's.
func TestCheckPasswordKnownHashes(t *testing.T) {
	const pw = "correct horse battery staple"
	for _, h := range []string{
		// argon2 slcs-test-salt-1 -id -t 2 -k 19456 -p 1 -l 32 -e
		"$argon2id$v=19$m=19456,t=2,p=1$c2xjcy10ZXN0LXNhbHQtMQ$46dvxKwNyKYjbCBnTfn5Cd/G5xOl1z819yi3hGiWIaQ",
		// argon2 saltsaltsalt -id -t 1 -k 8192 -p 2 -l 16 -e
		"$argon2id$v=19$m=8192,t=1,p=2$c2FsdHNhbHRzYWx0$qlgR+v1Bf88aIjgENDQF5Q",
	} {
		if ok, err := CheckPassword(h, pw); err != nil || !ok {
			t.Errorf("CheckPassword(%q, right password) = %v, %v; want true, nil", h, ok, err)
		}
		if ok, err := CheckPassword(h, pw+"!"); err != nil || ok {
			t.Errorf("CheckPassword(%q, wrong password) = %v, %v; want false, nil", h, ok, err)
		}
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	const salt = "c2FsdHNhbHRzYWx0"      // 12 bytes
	const key = "qlgR+v1Bf88aIjgENDQF5Q" // 16 bytes
	good := "$argon2id$v=19$m=8192,t=1,p=2$" + salt + "$" + key
	if ok, err := CheckPassword(good, "correct horse battery staple"); err != nil || !ok {
		t.Fatalf("the well-formed base of the cases fails: %v, %v", ok, err)
	}
	for _, h := range []string{
		"",
		"correct horse battery staple",
		"$argon2id$v=19$m=8192,t=1,p=2$" + salt, // no key
		"$argon2id$v=19$m=8192,t=1,p=2$" + salt + "$" + key + "$",               // a field more
		"argon2id$v=19$m=8192,t=1,p=2$" + salt + "$" + key + "$x",               // no leading $
		"$argon2i$v=19$m=8192,t=1,p=2$" + salt + "$" + key,                      // argon2i
		"$argon2d$v=19$m=8192,t=1,p=2$" + salt + "$" + key,                      // argon2d
		"$argon2id$v=16$m=8192,t=1,p=2$" + salt + "$" + key,                     // old version
		"$argon2id$m=8192,t=1,p=2$" + salt + "$" + key + "$x",                   // no version
		"$argon2id$v=19$t=1,m=8192,p=2$" + salt + "$" + key,                     // parameters out of order
		"$argon2id$v=19$m=8192,t=1$" + salt + "$" + key,                         // a parameter missing
		"$argon2id$v=19$m=8192,t=1,p=2,k=1$" + salt + "$" + key,                 // a parameter more
		"$argon2id$v=19$m=x,t=1,p=2$" + salt + "$" + key,                        // not a number
		"$argon2id$v=19$m=-8192,t=1,p=2$" + salt + "$" + key,                    // negative
		"$argon2id$v=19$m=8192,t=0,p=2$" + salt + "$" + key,                     // no pass
		"$argon2id$v=19$m=8192,t=101,p=2$" + salt + "$" + key,                   // too many passes
		"$argon2id$v=19$m=8192,t=1,p=0$" + salt + "$" + key,                     // no lane
		"$argon2id$v=19$m=8192,t=1,p=256$" + salt + "$" + key,                   // lanes beyond 8 bits
		"$argon2id$v=19$m=15,t=1,p=2$" + salt + "$" + key,                       // memory below 8 per lane
		"$argon2id$v=19$m=1048577,t=1,p=2$" + salt + "$" + key,                  // memory beyond 1 GiB
		"$argon2id$v=19$m=4294967296,t=1,p=2$" + salt + "$" + key,               // memory beyond 32 bits
		"$argon2id$v=19$m=8192,t=1,p=2$" + salt + "=$" + key,                    // padded salt
		"$argon2id$v=19$m=8192,t=1,p=2$c2Fsd!NhbHRzYWx0$" + key,                 // not base64
		"$argon2id$v=19$m=8192,t=1,p=2$c2FsdA$" + key,                           // 4-byte salt
		"$argon2id$v=19$m=8192,t=1,p=2$$" + key,                                 // no salt
		"$argon2id$v=19$m=8192,t=1,p=2$" + salt + "$",                           // no key
		"$argon2id$v=19$m=8192,t=1,p=2$" + salt + "$qlgR-v1Bf88aIjgENDQF5Q",     // base64url key
		"$argon2id$v=19$m=8192,t=1,p=2$" + salt + "$qlgR+v1Bf88aIjgE",           // 12-byte key
		"$argon2id$v=19$m=8192,t=1,p=2$" + salt + "$" + strings.Repeat("A", 88), // 66-byte key
	} {
		ok, err := CheckPassword(h, "correct horse battery staple")
		if ok || !errors.Is(err, ErrMalformedHash) {
			t.Errorf("CheckPassword(%q) = %v, %v; want false and a malformed hash error", h, ok, err)
		}
	}
}

func TestValidPassword(t *testing.T) {
	for _, c := range []struct {
		pw   string
		want string // "" for valid; else a part of the error
	}{
		{"", "at least 12"},
		{"elevenchars", "at least 12"},
		{"twelve chars", ""},
		{strings.Repeat("é", 11), "at least 12"}, // 22 bytes, 11 characters
		{strings.Repeat("é", 12), ""},
		{strings.Repeat("x", MaxPasswordBytes), ""},
		{strings.Repeat("x", MaxPasswordBytes+1), "at most 1024"},
		{strings.Repeat("é", 513), "at most 1024"}, // 513 characters, 1026 bytes
	} {
		err := ValidPassword(c.pw)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("ValidPassword(%d bytes) = %v; want nil", len(c.pw), err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("ValidPassword(%d bytes) = %v; want an error saying %q", len(c.pw), err, c.want)
		}
	}
}

var hexPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

func TestNewSecret(t *testing.T) {
	seen := map[string]bool{}
	hashes := map[string]bool{}
	for _, prefix := range []string{"", TokenPrefix} {
		for range 100 {
			s, h, err := NewSecret(prefix)
			if err != nil {
				t.Fatal(err)
			}
			rest, ok := strings.CutPrefix(s, prefix)
			if !ok {
				t.Fatalf("secret %q does not begin with %q", s, prefix)
			}
			b, err := base64.RawURLEncoding.Strict().DecodeString(rest)
			if err != nil || len(b) != 32 {
				t.Fatalf("secret %q: after the prefix %d bytes of unpadded base64url (%v); want 32", s, len(b), err)
			}
			if h != HashSecret(s) {
				t.Errorf("NewSecret's hash %q is not HashSecret of its secret, %q", h, HashSecret(s))
			}
			if !hexPattern.MatchString(h) {
				t.Errorf("hash %q is not 64 lower-case hex digits", h)
			}
			if seen[s] || hashes[h] {
				t.Fatalf("secret %q or its hash came twice", s)
			}
			seen[s], hashes[h] = true, true
		}
	}
}

func TestHashSecret(t *testing.T) {
	// SHA-256("abc"), from FIPS 180-2.
	if got, want := HashSecret("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Errorf("HashSecret(abc) = %s; want %s", got, want)
	}
	if HashSecret("slcs_x") == HashSecret("x") {
		t.Error("the prefix is not hashed")
	}
}

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func TestLimiterAccount(t *testing.T) {
	l := NewLimiter(DefaultAccountFailures, DefaultAddressFailures, DefaultFailureWindow)
	for i := range DefaultAccountFailures {
		if ok, _ := l.Allowed("ana@example.com", "", t0); !ok {
			t.Fatalf("refused after %d failures", i)
		}
		// From another address each time: the account counts them all.
		l.Failed("ana@example.com", fmt.Sprintf("203.0.113.%d", i), t0.Add(time.Duration(i)*time.Minute))
	}
	now := t0.Add(10 * time.Minute)
	for _, email := range []string{"ana@example.com", " ANA@Example.com "} {
		ok, retry := l.Allowed(email, "198.51.100.1", now)
		if ok || retry != 5*time.Minute {
			t.Errorf("Allowed(%q) after %d failures = %v, %v; want false, 5m0s", email, DefaultAccountFailures, ok, retry)
		}
	}
	if ok, _ := l.Allowed("bob@example.com", "203.0.113.1", now); !ok {
		t.Error("another account is refused")
	}
	// The window of the first failure passes.
	end := t0.Add(DefaultFailureWindow)
	if ok, _ := l.Allowed("ana@example.com", "", end.Add(-time.Nanosecond)); ok {
		t.Error("allowed just before the window passed")
	}
	if ok, retry := l.Allowed("ana@example.com", "", end); !ok || retry != 0 {
		t.Errorf("Allowed when the window passed = %v, %v; want true, 0", ok, retry)
	}
	// A new window starts with one failure.
	l.Failed("ana@example.com", "", end)
	if ok, _ := l.Allowed("ana@example.com", "", end); !ok {
		t.Error("refused after one failure of a new window")
	}
}

func TestLimiterAddress(t *testing.T) {
	l := NewLimiter(DefaultAccountFailures, DefaultAddressFailures, DefaultFailureWindow)
	for i := range DefaultAddressFailures {
		if ok, _ := l.Allowed("new@example.com", "203.0.113.5", t0); !ok {
			t.Fatalf("refused after %d failures", i)
		}
		// Another email each time, and the port of each connection.
		l.Failed(fmt.Sprintf("user%d@example.com", i), fmt.Sprintf("203.0.113.5:%d", 40000+i), t0)
	}
	for _, addr := range []string{"203.0.113.5", "203.0.113.5:443", "::ffff:203.0.113.5", "[::ffff:203.0.113.5]:443"} {
		ok, retry := l.Allowed("new@example.com", addr, t0.Add(time.Minute))
		if ok || retry != 14*time.Minute {
			t.Errorf("Allowed from %s after %d failures = %v, %v; want false, 14m0s", addr, DefaultAddressFailures, ok, retry)
		}
	}
	if ok, _ := l.Allowed("new@example.com", "203.0.113.6", t0); !ok {
		t.Error("another address is refused")
	}
}

func TestLimiterIPv6Network(t *testing.T) {
	l := NewLimiter(0, 2, time.Minute)
	l.Failed("a@example.com", "2001:db8:1:2::1", t0)
	l.Failed("b@example.com", "[2001:db8:1:2:ffff::9]:443", t0)
	if ok, _ := l.Allowed("c@example.com", "2001:db8:1:2:abcd::7", t0); ok {
		t.Error("another address of the same /64 is allowed")
	}
	if ok, _ := l.Allowed("c@example.com", "2001:db8:1:3::1", t0); !ok {
		t.Error("an address of another /64 is refused")
	}
	if ok, _ := l.Allowed("a@example.com", "2001:db8:1:3::1", t0); !ok {
		t.Error("an account limit of 0 limits")
	}
}

func TestLimiterSucceeded(t *testing.T) {
	l := NewLimiter(3, 4, DefaultFailureWindow)
	for range 3 {
		l.Failed("ana@example.com", "203.0.113.5", t0)
	}
	if ok, _ := l.Allowed("ana@example.com", "198.51.100.1", t0); ok {
		t.Fatal("allowed after 3 failures")
	}
	l.Succeeded("Ana@Example.com", "203.0.113.5")
	if ok, _ := l.Allowed("ana@example.com", "198.51.100.1", t0); !ok {
		t.Error("Succeeded did not clear the account's failures")
	}
	// The address keeps its 3 failures: one more blocks it.
	l.Failed("bob@example.com", "203.0.113.5", t0)
	if ok, _ := l.Allowed("carl@example.com", "203.0.113.5", t0); ok {
		t.Error("Succeeded cleared the address's failures")
	}
}

func TestLimiterForgets(t *testing.T) {
	l := NewLimiter(5, 20, time.Minute)
	for i := range 50 {
		l.Failed(fmt.Sprintf("u%d@example.com", i), fmt.Sprintf("203.0.113.%d", i), t0.Add(time.Duration(i)*time.Second))
	}
	if len(l.keys) != 100 || l.order.Len() != 100 {
		t.Fatalf("%d keys, %d in order; want 100", len(l.keys), l.order.Len())
	}
	// At t0+70s, the windows of the failures from t0 to t0+10s have passed.
	l.Allowed("x@example.com", "", t0.Add(70*time.Second))
	if len(l.keys) != 78 || l.order.Len() != 78 {
		t.Errorf("%d keys, %d in order after 22 windows passed; want 78", len(l.keys), l.order.Len())
	}
	if _, ok := l.keys[accountKey("u10@example.com")]; ok {
		t.Error("an account whose window passed is remembered")
	}
	if _, ok := l.keys[addressKey("203.0.113.11")]; !ok {
		t.Error("an address whose window is open is forgotten")
	}
	l.Allowed("x@example.com", "", t0.Add(time.Hour))
	if len(l.keys) != 0 || l.order.Len() != 0 {
		t.Errorf("%d keys, %d in order when every window passed; want 0", len(l.keys), l.order.Len())
	}
}

func TestLimiterCap(t *testing.T) {
	l := NewLimiter(1, 1, time.Hour)
	l.max = 10
	for i := range 100 {
		l.Failed(fmt.Sprintf("u%d@example.com", i), "", t0)
		if len(l.keys) > 10 || l.order.Len() != len(l.keys) {
			t.Fatalf("%d keys, %d in order; want at most 10, equal", len(l.keys), l.order.Len())
		}
	}
	// The newest ten are remembered, the oldest forgotten.
	if ok, _ := l.Allowed("u99@example.com", "", t0); ok {
		t.Error("the newest account was forgotten")
	}
	if ok, _ := l.Allowed("u90@example.com", "", t0); ok {
		t.Error("the tenth newest account was forgotten")
	}
	if ok, _ := l.Allowed("u89@example.com", "", t0); !ok {
		t.Error("the eleventh newest account is remembered")
	}
}

func TestLimiterCapDefault(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a limiter")
	}
	l := NewLimiter(DefaultAccountFailures, DefaultAddressFailures, DefaultFailureWindow)
	n := MaxLimiterKeys/2 + 1000
	for i := range n {
		l.Failed(fmt.Sprintf("u%d@example.com", i), fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255), t0)
	}
	if len(l.keys) != MaxLimiterKeys || l.order.Len() != MaxLimiterKeys {
		t.Errorf("%d keys, %d in order after %d failures; want %d", len(l.keys), l.order.Len(), n, MaxLimiterKeys)
	}
}

func TestLimiterConcurrent(t *testing.T) {
	l := NewLimiter(1000, 1000, time.Hour)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 100 {
				l.Failed("ana@example.com", fmt.Sprintf("203.0.113.%d", g), t0)
				l.Allowed("ana@example.com", "203.0.113.1", t0)
				if i%10 == 0 {
					l.Succeeded("bob@example.com", "")
				}
			}
		})
	}
	wg.Wait()
	f := l.keys[accountKey("ana@example.com")].Value.(*failures)
	if f.n != 800 {
		t.Errorf("%d failures counted; want 800", f.n)
	}
}

func TestSessionValid(t *testing.T) {
	for _, c := range []struct {
		name          string
		created, seen time.Time
		now           time.Time
		want          bool
	}{
		{"just signed in", t0, t0, t0, true},
		{"idle just short of the timeout", t0, t0, t0.Add(IdleTimeout - time.Nanosecond), true},
		{"idle for the timeout", t0, t0, t0.Add(IdleTimeout), false},
		{"seen lately", t0, t0.Add(5 * time.Hour), t0.Add(6 * time.Hour), true},
		{"never seen, idle just short", t0, time.Time{}, t0.Add(IdleTimeout - time.Nanosecond), true},
		{"never seen, idle", t0, time.Time{}, t0.Add(IdleTimeout), false},
		{"busy, just short of the absolute timeout", t0, t0.Add(AbsoluteTimeout - time.Minute), t0.Add(AbsoluteTimeout - time.Nanosecond), true},
		{"busy, at the absolute timeout", t0, t0.Add(AbsoluteTimeout - time.Minute), t0.Add(AbsoluteTimeout), false},
		{"busy, past the absolute timeout", t0, t0.Add(AbsoluteTimeout + time.Minute), t0.Add(AbsoluteTimeout + 2*time.Minute), false},
		{"zero session", time.Time{}, time.Time{}, t0, false},
	} {
		s := workspace.Session{Hash: "h", Email: "ana@example.com", CreatedAt: c.created, LastSeen: c.seen}
		if got := SessionValid(s, c.now); got != c.want {
			t.Errorf("%s: SessionValid = %v; want %v", c.name, got, c.want)
		}
	}
	if IdleTimeout >= AbsoluteTimeout {
		t.Errorf("IdleTimeout %v is not below AbsoluteTimeout %v", IdleTimeout, AbsoluteTimeout)
	}
}

func TestTouchDue(t *testing.T) {
	for _, c := range []struct {
		seen time.Time
		want bool
	}{
		{t0, false},
		{t0.Add(-59 * time.Second), false},
		{t0.Add(-time.Minute), true},
		{t0.Add(-time.Hour), true},
		{time.Time{}, true},
	} {
		if got := TouchDue(workspace.Session{CreatedAt: t0.Add(-2 * time.Hour), LastSeen: c.seen}, t0); got != c.want {
			t.Errorf("TouchDue, seen %v before = %v; want %v", t0.Sub(c.seen), got, c.want)
		}
	}
}

func TestCan(t *testing.T) {
	const (
		A = 1 << iota // admin
		L             // leader
		S             // seller
		V             // viewer
	)
	want := map[Action]int{
		ActViewPortfolio:   A | L | S | V,
		ActSetOverride:     A | L | S,
		ActImport:          A,
		ActClassify:        A | L,
		ActManageUsers:     A,
		ActReadSettings:    A | L | S | V,
		ActWriteSettings:   A,
		ActReadAudit:       A,
		ActManageOwnTokens: A | L | S | V,
		ActManageAllTokens: A,
	}
	if len(want) != len(Actions) {
		t.Fatalf("the table has %d actions, Actions %d", len(want), len(Actions))
	}
	bits := map[workspace.Role]int{workspace.RoleAdmin: A, workspace.RoleLeader: L, workspace.RoleSeller: S, workspace.RoleViewer: V}
	for _, a := range Actions {
		w, ok := want[a]
		if !ok {
			t.Fatalf("the table lacks %s", a)
		}
		for _, r := range workspace.Roles {
			p := Principal{Email: "x@example.com", Role: r, Seller: "x@example.com"}
			if got := p.Can(a); got != (w&bits[r] != 0) {
				t.Errorf("%s Can(%s) = %v", r, a, got)
			}
			// The local user acts as an admin, whatever its role.
			if p.Local = true; !p.Can(a) {
				t.Errorf("local %s Can(%s) = false", r, a)
			}
		}
		for _, p := range []Principal{{}, {Email: "x@example.com", Role: "boss"}, {Email: "x@example.com", Role: "Admin"}} {
			if p.Can(a) {
				t.Errorf("%+v Can(%s) = true", p, a)
			}
		}
	}
	for _, p := range []Principal{{Role: workspace.RoleAdmin}, {Local: true}, {Role: workspace.RoleViewer}} {
		if p.Can("portfolio.delete") || p.Can("") {
			t.Errorf("%+v may take an unknown action", p)
		}
	}
}

func TestSeesAccountAndMayOverride(t *testing.T) {
	seller := Principal{Email: "ana@example.com", Role: workspace.RoleSeller, Seller: "ana@example.com"}
	sellerCaps := Principal{Email: "ana@example.com", Role: workspace.RoleSeller, Seller: " Ana@Example.com"}
	sellerNone := Principal{Email: "ana@example.com", Role: workspace.RoleSeller}
	leader := Principal{Email: "lea@example.com", Role: workspace.RoleLeader}
	admin := Principal{Email: "adm@example.com", Role: workspace.RoleAdmin}
	viewer := Principal{Email: "vic@example.com", Role: workspace.RoleViewer}
	local := Principal{Local: true}
	nobody := Principal{}
	unknown := Principal{Email: "x@example.com", Role: "boss", Seller: "ana@example.com"}

	owners := []string{"ana@example.com", " ANA@example.COM\t", "bob@example.com", "", "  ", "ana@example.co"}
	for _, c := range []struct {
		name     string
		p        Principal
		all      bool
		sees     []bool // for each owner
		override []bool
	}{
		{"seller", seller, false, []bool{true, true, false, false, false, false}, []bool{true, true, false, false, false, false}},
		{"seller written in capitals", sellerCaps, false, []bool{true, true, false, false, false, false}, []bool{true, true, false, false, false, false}},
		{"seller without owner", sellerNone, false, []bool{false, false, false, false, false, false}, []bool{false, false, false, false, false, false}},
		{"leader", leader, true, []bool{true, true, true, true, true, true}, []bool{true, true, true, true, true, true}},
		{"admin", admin, true, []bool{true, true, true, true, true, true}, []bool{true, true, true, true, true, true}},
		{"viewer", viewer, true, []bool{true, true, true, true, true, true}, []bool{false, false, false, false, false, false}},
		{"local", local, true, []bool{true, true, true, true, true, true}, []bool{true, true, true, true, true, true}},
		{"nobody", nobody, false, []bool{false, false, false, false, false, false}, []bool{false, false, false, false, false, false}},
		{"unknown role", unknown, false, []bool{false, false, false, false, false, false}, []bool{false, false, false, false, false, false}},
	} {
		if got := c.p.SeesAll(); got != c.all {
			t.Errorf("%s: SeesAll = %v; want %v", c.name, got, c.all)
		}
		for i, o := range owners {
			if got := c.p.SeesAccount(o); got != c.sees[i] {
				t.Errorf("%s: SeesAccount(%q) = %v; want %v", c.name, o, got, c.sees[i])
			}
			if got := c.p.MayOverride(o); got != c.override[i] {
				t.Errorf("%s: MayOverride(%q) = %v; want %v", c.name, o, got, c.override[i])
			}
		}
	}
}

func TestPrincipalOf(t *testing.T) {
	for _, c := range []struct {
		u    workspace.User
		want Principal
	}{
		{workspace.User{Email: "ana@example.com", Role: workspace.RoleSeller, Seller: "Sales.Ana@Example.com"},
			Principal{Email: "ana@example.com", Role: workspace.RoleSeller, Seller: "sales.ana@example.com"}},
		{workspace.User{Email: "Ana@Example.com", Role: workspace.RoleSeller},
			Principal{Email: "ana@example.com", Role: workspace.RoleSeller, Seller: "ana@example.com"}},
		{workspace.User{Email: "lea@example.com", Role: workspace.RoleLeader},
			Principal{Email: "lea@example.com", Role: workspace.RoleLeader, Seller: "lea@example.com"}},
		{workspace.User{Email: "adm@example.com", Role: workspace.RoleAdmin, Disabled: true},
			Principal{}},
	} {
		got := PrincipalOf(c.u)
		if got != c.want {
			t.Errorf("PrincipalOf(%+v) = %+v; want %+v", c.u, got, c.want)
		}
	}
	p := PrincipalOf(workspace.User{Email: "ana@example.com", Role: workspace.RoleSeller, Seller: "Sales.Ana@Example.com"})
	if !p.SeesAccount("sales.ana@example.com ") || p.SeesAccount("ana@example.com") {
		t.Error("a seller's principal sees by its email, not its Seller")
	}
	d := PrincipalOf(workspace.User{Email: "adm@example.com", Role: workspace.RoleAdmin, Disabled: true})
	for _, a := range Actions {
		if d.Can(a) {
			t.Errorf("a disabled admin Can(%s)", a)
		}
	}
	if d.SeesAccount("adm@example.com") {
		t.Error("a disabled admin sees an account")
	}
}

func BenchmarkCheckPassword(b *testing.B) {
	const pw = "correct horse battery staple"
	h, err := HashPassword(pw)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ok, err := CheckPassword(h, pw); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

func TestLimiterKeySize(t *testing.T) {
	long := strings.Repeat("x", 100_000) + "@example.com"
	for _, k := range []string{accountKey(long), accountKey("a@example.com"), addressKey(long), addressKey("203.0.113.5")} {
		if len(k) != 33 {
			t.Errorf("a key of %d bytes; want 33 whatever the email or address", len(k))
		}
	}
	if accountKey(" A@Example.com") != accountKey("a@example.com") || accountKey("a@example.com") == accountKey("b@example.com") {
		t.Error("account keys do not compare emails trimmed and lower-cased")
	}
	if accountKey("  ") != "" || addressKey("") != "" {
		t.Error("an empty email or address has a key")
	}
}
