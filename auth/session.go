package auth

import (
	"time"

	"github.com/slcs/slcs/workspace"
)

// The lifetimes of a session.
const (
	// IdleTimeout ends a session after this long without a request: a
	// lunch break or a long meeting does not sign anyone out, but a
	// browser left open on a shared computer is signed out within the
	// afternoon. LastSeen is written at most every TouchInterval, so a
	// session may end up to that much earlier.
	IdleTimeout = 2 * time.Hour
	// AbsoluteTimeout ends a session this long after sign-in, however
	// busy: one sign-in covers a working day, and a stolen cookie is of no
	// use the next day (OWASP ASVS level 2 asks the same of a busy
	// session).
	AbsoluteTimeout = 12 * time.Hour
	// TouchInterval is how stale a session's LastSeen may grow before a
	// request writes it again: at most one store write a minute for each
	// session, however many requests it makes.
	TouchInterval = time.Minute
)

// SessionValid tells whether s is still in force at now: less than
// AbsoluteTimeout since it was created and less than IdleTimeout since it
// was last seen (or created, if it was never seen). Callers also load the
// session's user, as a disabled user has no session in force and a role
// changed takes effect on the next request.
func SessionValid(s workspace.Session, now time.Time) bool {
	last := s.LastSeen
	if last.Before(s.CreatedAt) {
		last = s.CreatedAt
	}
	return now.Before(s.CreatedAt.Add(AbsoluteTimeout)) && now.Before(last.Add(IdleTimeout))
}

// TouchDue tells whether a request at now should write the session's
// LastSeen: when it is TouchInterval old or older.
func TouchDue(s workspace.Session, now time.Time) bool {
	return now.Sub(s.LastSeen) >= TouchInterval
}
