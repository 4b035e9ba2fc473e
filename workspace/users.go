package workspace

import (
	"context"
	"errors"
	"time"

	"github.com/slcs/slcs"
)

// Role says what a user may see and do.
type Role string

// The roles.
const (
	// RoleAdmin manages users, settings and imports, and sees everything.
	RoleAdmin Role = "admin"
	// RoleLeader sees every account and sets overrides.
	RoleLeader Role = "leader"
	// RoleSeller sees only the accounts they own, and sets overrides on
	// them.
	RoleSeller Role = "seller"
	// RoleViewer sees every account and changes nothing.
	RoleViewer Role = "viewer"
)

// Roles lists the roles, most powerful first.
var Roles = []Role{RoleAdmin, RoleLeader, RoleSeller, RoleViewer}

// Valid tells whether r is one of the roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// ErrExists is wrapped by errors about adding something already there.
var ErrExists = errors.New("already exists")

// User is someone who signs in.
type User struct {
	Email string // lower-cased; the key
	Role  Role
	// Seller is, for a seller, the owner email of their accounts
	// (lower-cased); by default their own email.
	Seller       string
	PasswordHash string // a PHC string (argon2id)
	Disabled     bool
	CreatedAt    time.Time
}

// Session is a signed-in browser. The cookie holds a secret; the workspace
// keeps only its hash.
type Session struct {
	Hash      string // hex SHA-256 of the cookie's secret; the key
	Email     string
	CreatedAt time.Time
	LastSeen  time.Time
	Addr      string // where it signed in from
}

// Token is an API token. Only its hash is kept.
type Token struct {
	ID        int64
	Email     string // whose it is: the API acts as this user
	Name      string
	Hash      string // hex SHA-256 of the secret
	CreatedAt time.Time
	Expires   time.Time // zero: never
	LastUsed  time.Time // zero: never used
	Revoked   time.Time // zero: in force
}

// AuditEntry is one change recorded in the audit log.
type AuditEntry struct {
	ID     int64
	At     time.Time
	Actor  string // who: a user's email, or the OS user of a command
	Action string // what: import, classify, override.set, user.add, ...
	Target string // on what: an account, a user, a token name ...
	Detail string // more, in words
	Addr   string // from where: the client address, or "cli"
}

// UserStore keeps users, sessions, API tokens, the audit log and the
// settings of a workspace. Store includes it.
type UserStore interface {
	// AddUser adds a user; an error wrapping ErrExists when the email is
	// taken.
	AddUser(ctx context.Context, u User) error
	// UpdateUser replaces a user's role, seller, password hash and
	// disabled flag; ErrNotFound when there is none.
	UpdateUser(ctx context.Context, u User) error
	// User returns one user, or an error wrapping ErrNotFound.
	User(ctx context.Context, email string) (User, error)
	// Users lists every user, by email.
	Users(ctx context.Context) ([]User, error)

	// CreateSession stores a session.
	CreateSession(ctx context.Context, s Session) error
	// Session returns the session of a hash, or an error wrapping
	// ErrNotFound.
	Session(ctx context.Context, hash string) (Session, error)
	// TouchSession sets a session's LastSeen.
	TouchSession(ctx context.Context, hash string, at time.Time) error
	// DeleteSession ends one session (no error when there is none).
	DeleteSession(ctx context.Context, hash string) error
	// DeleteSessions ends every session of a user, and those last seen
	// before a time when email is "".
	DeleteSessions(ctx context.Context, email string, seenBefore time.Time) error

	// CreateToken stores a token and returns its id.
	CreateToken(ctx context.Context, t Token) (int64, error)
	// TokenByHash returns the token of a hash (revoked or not), or an
	// error wrapping ErrNotFound.
	TokenByHash(ctx context.Context, hash string) (Token, error)
	// Tokens lists the tokens of a user ("" for every user), oldest first.
	Tokens(ctx context.Context, email string) ([]Token, error)
	// TouchToken sets a token's LastUsed.
	TouchToken(ctx context.Context, id int64, at time.Time) error
	// RevokeToken revokes a token; ErrNotFound when there is none in force.
	RevokeToken(ctx context.Context, id int64, at time.Time) error

	// AddAudit records a change.
	AddAudit(ctx context.Context, e AuditEntry) error
	// Audit lists entries newest first: at most limit, with ids below
	// before (0: from the newest).
	Audit(ctx context.Context, before int64, limit int) ([]AuditEntry, error)

	// Settings returns the settings saved in the workspace; ok is false
	// when none were saved.
	Settings(ctx context.Context) (s slcs.Settings, ok bool, err error)
	// SaveSettings saves the settings.
	SaveSettings(ctx context.Context, s slcs.Settings) error
}
