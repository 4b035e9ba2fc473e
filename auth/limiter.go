package auth

import (
	"container/list"
	"crypto/sha256"
	"net"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// The limits of failed sign-ins that the dashboard and the API use.
const (
	// DefaultAccountFailures is how many failed sign-ins an account
	// (an email, whether a user has it or not) may have in a window.
	DefaultAccountFailures = 5
	// DefaultAddressFailures is how many failed sign-ins a client address
	// may have in a window, whatever the emails: an office behind one
	// address has room for a few mistyped passwords, a password sprayer
	// does not.
	DefaultAddressFailures = 20
	// DefaultFailureWindow is the window: the counts start at a first
	// failure and are forgotten this long after it.
	DefaultFailureWindow = 15 * time.Minute
	// MaxLimiterKeys is the most accounts and addresses a Limiter
	// remembers at once (about 20 MB at most); beyond it the oldest are
	// forgotten.
	MaxLimiterKeys = 100_000
)

// Limiter counts failed sign-ins by account and by client address, and
// refuses attempts beyond the limits until the window of the first failure
// has passed. It is in memory, so a restart forgets the counts and each
// server of a cluster counts its own. It is safe for concurrent use.
//
// The account limit lets anyone hold a given email out of sign-in for a
// window by failing on purpose; that is the price of stopping the guessing
// of one user's password from many addresses.
type Limiter struct {
	perAccount, perAddress int
	window                 time.Duration
	max                    int

	mu    sync.Mutex
	keys  map[string]*list.Element // of *failures
	order *list.List               // of *failures, the oldest window first
}

// failures is the count of one account or address in its window.
type failures struct {
	key   string
	start time.Time // the first failure of the window
	n     int
}

// NewLimiter returns a Limiter allowing perAccount failures of an account
// and perAddress failures of an address in a window; a limit below 1
// limits nothing. Callers use DefaultAccountFailures, DefaultAddressFailures
// and DefaultFailureWindow.
func NewLimiter(perAccount, perAddress int, window time.Duration) *Limiter {
	return &Limiter{
		perAccount: perAccount, perAddress: perAddress, window: window,
		max:   MaxLimiterKeys,
		keys:  make(map[string]*list.Element),
		order: list.New(),
	}
}

// Allowed tells whether a sign-in of email from addr may be tried at now;
// when it may not, retryAfter is how long until it may.
//
// addr is the client's address (behind a reverse proxy, the one the proxy
// reports, or every client shares the proxy's count); a port is dropped,
// and an IPv6 address counts as its /64 network, as one client commonly
// holds a whole /64. Emails are compared trimmed and lower-cased. An empty
// email or address is not counted.
func (l *Limiter) Allowed(email, addr string, now time.Time) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.forget(now)
	ok = true
	for _, k := range l.keysOf(email, addr) {
		if k.limit < 1 || k.key == "" {
			continue
		}
		e, found := l.keys[k.key]
		if !found {
			continue
		}
		f := e.Value.(*failures)
		if f.n < k.limit {
			continue
		}
		ok = false
		if wait := f.start.Add(l.window).Sub(now); wait > retryAfter {
			retryAfter = wait
		}
	}
	return ok, retryAfter
}

// Failed counts a failed sign-in of email from addr at now.
func (l *Limiter) Failed(email, addr string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.forget(now)
	for _, k := range l.keysOf(email, addr) {
		if k.key == "" {
			continue
		}
		if e, found := l.keys[k.key]; found {
			f := e.Value.(*failures)
			if now.Before(f.start.Add(l.window)) {
				f.n++
				continue
			}
			l.remove(e)
		}
		l.keys[k.key] = l.order.PushBack(&failures{key: k.key, start: now, n: 1})
		for len(l.keys) > l.max {
			l.remove(l.order.Front())
		}
	}
}

// Succeeded clears the failures of email after a sign-in succeeded. Those
// of addr stay: one's own account must not let an address go on guessing
// the passwords of others.
func (l *Limiter) Succeeded(email, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e, found := l.keys[accountKey(email)]; found {
		l.remove(e)
	}
}

// forget drops the counts whose window has passed at now. The list is in
// the order windows started, so it stops at the first still open.
func (l *Limiter) forget(now time.Time) {
	for e := l.order.Front(); e != nil; e = l.order.Front() {
		if now.Before(e.Value.(*failures).start.Add(l.window)) {
			return
		}
		l.remove(e)
	}
}

func (l *Limiter) remove(e *list.Element) {
	delete(l.keys, e.Value.(*failures).key)
	l.order.Remove(e)
}

type limitKey struct {
	key   string
	limit int
}

func (l *Limiter) keysOf(email, addr string) [2]limitKey {
	return [2]limitKey{{accountKey(email), l.perAccount}, {addressKey(addr), l.perAddress}}
}

// accountKey is the key of an email's count, "" for no email.
func accountKey(email string) string {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return ""
	}
	return digestKey('a', email)
}

// digestKey is a key of a fixed size: the emails tried are the client's to
// choose, and must not make the limiter's memory grow by their length.
func digestKey(kind byte, s string) string {
	sum := sha256.Sum256([]byte(s))
	return string(kind) + string(sum[:])
}

// addressKey is the key of a client address's count, "" for no address.
func addressKey(addr string) string {
	addr = strings.TrimSpace(addr)
	if host, _, err := net.SplitHostPort(addr); err == nil {
		addr = host
	}
	if addr == "" {
		return ""
	}
	if ip, err := netip.ParseAddr(addr); err == nil {
		ip = ip.WithZone("").Unmap()
		if ip.Is6() {
			ip = netip.PrefixFrom(ip, 64).Masked().Addr()
		}
		addr = ip.String()
	}
	return digestKey('n', addr)
}
