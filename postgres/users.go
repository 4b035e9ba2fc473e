package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/workspace"
)

// Users, sessions, tokens, the audit log and the settings (workspace.UserStore).
// Each method is one statement: no transaction of its own.

// micro is t as stored: TIMESTAMPTZ keeps microseconds, and truncating
// here (rather than letting the server round) gives the times the SQLite
// workspace gives.
func micro(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// nullTime is t as stored, NULL when it is zero (never, none).
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return micro(t)
}

// fromNull is a nullable time as read, in UTC; NULL is the zero time.
func fromNull(t pgtype.Timestamptz) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// mustChange is the error of a write that must change a row: notFound when
// it changed none.
func mustChange(tag pgconn.CommandTag, err error, what string, notFound func() error) error {
	if err != nil {
		return wrap(what, err)
	}
	if tag.RowsAffected() == 0 {
		return wrap(what, notFound())
	}
	return nil
}

// ---- users

const userSelect = "email, role, seller, password_hash, disabled, created_at"

// userScan scans userSelect.
type userScan struct {
	u    workspace.User
	role string
}

func (s *userScan) dest() []any {
	return []any{&s.u.Email, &s.role, &s.u.Seller, &s.u.PasswordHash, &s.u.Disabled, &s.u.CreatedAt}
}

func (s *userScan) done() workspace.User {
	u := s.u
	u.Role = workspace.Role(s.role)
	u.CreatedAt = u.CreatedAt.UTC()
	return u
}

// AddUser adds u, or says the email is taken.
func (s *Store) AddUser(ctx context.Context, u workspace.User) error {
	tag, err := s.pool.Exec(ctx, "INSERT INTO users ("+userSelect+") VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (email) DO NOTHING",
		u.Email, string(u.Role), u.Seller, u.PasswordHash, u.Disabled, micro(u.CreatedAt))
	return mustChange(tag, err, "adding a user", func() error { return fmt.Errorf("user %q: %w", u.Email, workspace.ErrExists) })
}

// UpdateUser replaces all of u but its email and CreatedAt.
func (s *Store) UpdateUser(ctx context.Context, u workspace.User) error {
	tag, err := s.pool.Exec(ctx, "UPDATE users SET role = $2, seller = $3, password_hash = $4, disabled = $5 WHERE email = $1",
		u.Email, string(u.Role), u.Seller, u.PasswordHash, u.Disabled)
	return mustChange(tag, err, "updating a user", func() error { return fmt.Errorf("no user %q: %w", u.Email, workspace.ErrNotFound) })
}

// User returns the user of an email.
func (s *Store) User(ctx context.Context, email string) (workspace.User, error) {
	var sc userScan
	err := s.pool.QueryRow(ctx, "SELECT "+userSelect+" FROM users WHERE email = $1", email).Scan(sc.dest()...)
	if errors.Is(err, pgx.ErrNoRows) {
		return workspace.User{}, wrap("reading a user", fmt.Errorf("no user %q: %w", email, workspace.ErrNotFound))
	}
	if err != nil {
		return workspace.User{}, wrap("reading a user", err)
	}
	return sc.done(), nil
}

// Users lists the users by email, in byte order as Go compares strings
// (COLLATE "C"), whatever the database's collation.
func (s *Store) Users(ctx context.Context) ([]workspace.User, error) {
	var list []workspace.User
	var sc userScan
	rows, err := s.pool.Query(ctx, "SELECT "+userSelect+` FROM users ORDER BY email COLLATE "C"`)
	if err != nil {
		return nil, wrap("listing users", err)
	}
	_, err = pgx.ForEachRow(rows, sc.dest(), func() error {
		list = append(list, sc.done())
		return nil
	})
	if err != nil {
		return nil, wrap("listing users", err)
	}
	return list, nil
}

// ---- sessions

// CreateSession stores a session; its user must exist.
func (s *Store) CreateSession(ctx context.Context, se workspace.Session) error {
	_, err := s.pool.Exec(ctx, "INSERT INTO sessions (hash, email, created_at, last_seen, addr) VALUES ($1, $2, $3, $4, $5)",
		se.Hash, se.Email, micro(se.CreatedAt), micro(se.LastSeen), se.Addr)
	return wrap("creating a session", err)
}

// Session returns the session of a hash.
func (s *Store) Session(ctx context.Context, hash string) (workspace.Session, error) {
	se := workspace.Session{Hash: hash}
	err := s.pool.QueryRow(ctx, "SELECT email, created_at, last_seen, addr FROM sessions WHERE hash = $1", hash).
		Scan(&se.Email, &se.CreatedAt, &se.LastSeen, &se.Addr)
	if errors.Is(err, pgx.ErrNoRows) {
		return workspace.Session{}, wrap("reading a session", fmt.Errorf("no session %q: %w", hash, workspace.ErrNotFound))
	}
	if err != nil {
		return workspace.Session{}, wrap("reading a session", err)
	}
	se.CreatedAt, se.LastSeen = se.CreatedAt.UTC(), se.LastSeen.UTC()
	return se, nil
}

// TouchSession sets the LastSeen of a session, if there is one.
func (s *Store) TouchSession(ctx context.Context, hash string, at time.Time) error {
	_, err := s.pool.Exec(ctx, "UPDATE sessions SET last_seen = $2 WHERE hash = $1", hash, micro(at))
	return wrap("touching a session", err)
}

// DeleteSession ends a session, if there is one.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	_, err := s.pool.Exec(ctx, "DELETE FROM sessions WHERE hash = $1", hash)
	return wrap("deleting a session", err)
}

// DeleteSessions ends every session of email, or, when email is "", those
// last seen before seenBefore.
func (s *Store) DeleteSessions(ctx context.Context, email string, seenBefore time.Time) error {
	var err error
	if email != "" {
		_, err = s.pool.Exec(ctx, "DELETE FROM sessions WHERE email = $1", email)
	} else {
		_, err = s.pool.Exec(ctx, "DELETE FROM sessions WHERE last_seen < $1", micro(seenBefore))
	}
	return wrap("deleting sessions", err)
}

// ---- tokens

const tokenSelect = "id, email, name, hash, created_at, expires, last_used, revoked"

// tokenScan scans tokenSelect.
type tokenScan struct {
	t                      workspace.Token
	expires, used, revoked pgtype.Timestamptz
}

func (s *tokenScan) dest() []any {
	return []any{&s.t.ID, &s.t.Email, &s.t.Name, &s.t.Hash, &s.t.CreatedAt, &s.expires, &s.used, &s.revoked}
}

func (s *tokenScan) done() workspace.Token {
	t := s.t
	t.CreatedAt = t.CreatedAt.UTC()
	t.Expires, t.LastUsed, t.Revoked = fromNull(s.expires), fromNull(s.used), fromNull(s.revoked)
	return t
}

// CreateToken stores a token, whose user must exist, and returns its id
// (the identity's next value).
func (s *Store) CreateToken(ctx context.Context, t workspace.Token) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `INSERT INTO tokens (email, name, hash, created_at, expires, last_used, revoked)
	    VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, t.Email, t.Name, t.Hash, micro(t.CreatedAt),
		nullTime(t.Expires), nullTime(t.LastUsed), nullTime(t.Revoked)).Scan(&id)
	if err != nil {
		return 0, wrap("creating a token", err)
	}
	return id, nil
}

// TokenByHash returns the token of a hash, revoked or not.
func (s *Store) TokenByHash(ctx context.Context, hash string) (workspace.Token, error) {
	var sc tokenScan
	err := s.pool.QueryRow(ctx, "SELECT "+tokenSelect+" FROM tokens WHERE hash = $1", hash).Scan(sc.dest()...)
	if errors.Is(err, pgx.ErrNoRows) {
		return workspace.Token{}, wrap("reading a token", fmt.Errorf("no token of hash %q: %w", hash, workspace.ErrNotFound))
	}
	if err != nil {
		return workspace.Token{}, wrap("reading a token", err)
	}
	return sc.done(), nil
}

// Tokens lists the tokens of email ("" for everyone's), oldest first.
func (s *Store) Tokens(ctx context.Context, email string) ([]workspace.Token, error) {
	var rows pgx.Rows
	var err error
	if email == "" {
		rows, err = s.pool.Query(ctx, "SELECT "+tokenSelect+" FROM tokens ORDER BY id")
	} else {
		rows, err = s.pool.Query(ctx, "SELECT "+tokenSelect+" FROM tokens WHERE email = $1 ORDER BY id", email)
	}
	if err != nil {
		return nil, wrap("listing tokens", err)
	}
	var list []workspace.Token
	var sc tokenScan
	_, err = pgx.ForEachRow(rows, sc.dest(), func() error {
		list = append(list, sc.done())
		return nil
	})
	if err != nil {
		return nil, wrap("listing tokens", err)
	}
	return list, nil
}

// TouchToken sets the LastUsed of a token, if there is one.
func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	_, err := s.pool.Exec(ctx, "UPDATE tokens SET last_used = $2 WHERE id = $1", id, micro(at))
	return wrap("touching a token", err)
}

// RevokeToken revokes a token in force.
func (s *Store) RevokeToken(ctx context.Context, id int64, at time.Time) error {
	tag, err := s.pool.Exec(ctx, "UPDATE tokens SET revoked = $2 WHERE id = $1 AND revoked IS NULL", id, micro(at))
	return mustChange(tag, err, "revoking a token", func() error { return fmt.Errorf("no token %d in force: %w", id, workspace.ErrNotFound) })
}

// ---- the audit log

// AddAudit appends an entry; its id is the identity's next value.
func (s *Store) AddAudit(ctx context.Context, e workspace.AuditEntry) error {
	_, err := s.pool.Exec(ctx, "INSERT INTO audit_log (at, actor, action, target, detail, addr) VALUES ($1, $2, $3, $4, $5, $6)",
		micro(e.At), e.Actor, e.Action, e.Target, e.Detail, e.Addr)
	return wrap("adding to the audit log", err)
}

// Audit lists at most limit entries with ids below before (0: any), newest
// first.
func (s *Store) Audit(ctx context.Context, before int64, limit int) ([]workspace.AuditEntry, error) {
	if limit <= 0 {
		return nil, nil
	}
	if before <= 0 {
		before = math.MaxInt64
	}
	rows, err := s.pool.Query(ctx, `SELECT id, at, actor, action, target, detail, addr FROM audit_log
	    WHERE id < $1 ORDER BY id DESC LIMIT $2`, before, int64(limit))
	if err != nil {
		return nil, wrap("reading the audit log", err)
	}
	var list []workspace.AuditEntry
	var e workspace.AuditEntry
	_, err = pgx.ForEachRow(rows, []any{&e.ID, &e.At, &e.Actor, &e.Action, &e.Target, &e.Detail, &e.Addr}, func() error {
		v := e
		v.At = e.At.UTC()
		list = append(list, v)
		return nil
	})
	if err != nil {
		return nil, wrap("reading the audit log", err)
	}
	return list, nil
}

// ---- settings

// Settings returns the settings saved, if any.
func (s *Store) Settings(ctx context.Context) (slcs.Settings, bool, error) {
	var st slcs.Settings
	var b []byte
	err := s.pool.QueryRow(ctx, "SELECT settings FROM settings WHERE id = 1").Scan(&b)
	if errors.Is(err, pgx.ErrNoRows) {
		return st, false, nil
	}
	if err != nil {
		return st, false, wrap("reading the settings", err)
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return slcs.Settings{}, false, fmt.Errorf("postgres: reading the settings: %w", err)
	}
	return st, true, nil
}

// SaveSettings replaces the settings saved.
func (s *Store) SaveSettings(ctx context.Context, st slcs.Settings) error {
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("postgres: saving the settings: %w", err)
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO settings (id, settings) VALUES (1, $1)
	    ON CONFLICT (id) DO UPDATE SET settings = excluded.settings`, b)
	return wrap("saving the settings", err)
}
