package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/workspace"
)

// Users, sessions, tokens, the audit log and the settings (workspace.UserStore).

// timeLayout is RFC 3339 in UTC with a fixed number of fraction digits, so
// that the text of two times compares as the times do (DeleteSessions
// compares them in SQL).
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// timeText is t as stored: in UTC, to the microsecond, the precision of the
// PostgreSQL workspace, so that both give the same times back.
func timeText(t time.Time) string {
	return t.UTC().Truncate(time.Microsecond).Format(timeLayout)
}

// nullTime is t as stored, NULL when it is zero (never, none).
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return timeText(t)
}

// parseTime reads a time as stored; NULL is the zero time.
func parseTime(s sql.NullString) (time.Time, error) {
	if !s.Valid {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s.String)
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}

// parseTimes reads the times in pairs: *dst[i] from src[i].
func parseTimes(dst []*time.Time, src []sql.NullString) error {
	for i := range dst {
		t, err := parseTime(src[i])
		if err != nil {
			return err
		}
		*dst[i] = t
	}
	return nil
}

// changed is the error of a write that must change a row: notFound when it
// changed none.
func changed(res sql.Result, err error, notFound func() error) error {
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	if n == 0 {
		return notFound()
	}
	return nil
}

// ---- users

const userCols = "email, role, seller, password_hash, disabled, created_at"

func scanUser(sc interface{ Scan(...any) error }) (workspace.User, error) {
	var u workspace.User
	var role string
	var created sql.NullString
	if err := sc.Scan(&u.Email, &role, &u.Seller, &u.PasswordHash, &u.Disabled, &created); err != nil {
		return u, err
	}
	u.Role = workspace.Role(role)
	var err error
	u.CreatedAt, err = parseTime(created)
	return u, err
}

func (s *Store) AddUser(ctx context.Context, u workspace.User) error {
	res, err := s.rw.ExecContext(ctx, "INSERT INTO users ("+userCols+") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING",
		u.Email, string(u.Role), u.Seller, u.PasswordHash, u.Disabled, timeText(u.CreatedAt))
	return changed(res, err, func() error { return fmt.Errorf("user %s: %w", u.Email, workspace.ErrExists) })
}

func (s *Store) UpdateUser(ctx context.Context, u workspace.User) error {
	res, err := s.rw.ExecContext(ctx, "UPDATE users SET role = ?, seller = ?, password_hash = ?, disabled = ? WHERE email = ?",
		string(u.Role), u.Seller, u.PasswordHash, u.Disabled, u.Email)
	return changed(res, err, func() error { return fmt.Errorf("no user %s: %w", u.Email, workspace.ErrNotFound) })
}

func (s *Store) User(ctx context.Context, email string) (workspace.User, error) {
	u, err := scanUser(s.read.QueryRowContext(ctx, "SELECT "+userCols+" FROM users WHERE email = ?", email))
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("no user %s: %w", email, workspace.ErrNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("sqlite: %w", err)
	}
	return u, nil
}

func (s *Store) Users(ctx context.Context) ([]workspace.User, error) {
	rows, err := s.ro.QueryContext(ctx, "SELECT "+userCols+" FROM users ORDER BY email")
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	var out []workspace.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return out, nil
}

// ---- sessions

func (s *Store) CreateSession(ctx context.Context, se workspace.Session) error {
	if _, err := s.rw.ExecContext(ctx, "INSERT INTO sessions (hash, email, created_at, last_seen, addr) VALUES (?, ?, ?, ?, ?)",
		se.Hash, se.Email, timeText(se.CreatedAt), timeText(se.LastSeen), se.Addr); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}

func (s *Store) Session(ctx context.Context, hash string) (workspace.Session, error) {
	se := workspace.Session{Hash: hash}
	var created, seen sql.NullString
	err := s.read.QueryRowContext(ctx, "SELECT email, created_at, last_seen, addr FROM sessions WHERE hash = ?", hash).
		Scan(&se.Email, &created, &seen, &se.Addr)
	if errors.Is(err, sql.ErrNoRows) {
		return workspace.Session{}, fmt.Errorf("no session %s: %w", hash, workspace.ErrNotFound)
	}
	if err == nil {
		err = parseTimes([]*time.Time{&se.CreatedAt, &se.LastSeen}, []sql.NullString{created, seen})
	}
	if err != nil {
		return workspace.Session{}, fmt.Errorf("sqlite: %w", err)
	}
	return se, nil
}

func (s *Store) TouchSession(ctx context.Context, hash string, at time.Time) error {
	if _, err := s.rw.ExecContext(ctx, "UPDATE sessions SET last_seen = ? WHERE hash = ?", timeText(at), hash); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}

func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	if _, err := s.rw.ExecContext(ctx, "DELETE FROM sessions WHERE hash = ?", hash); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}

func (s *Store) DeleteSessions(ctx context.Context, email string, seenBefore time.Time) error {
	var err error
	if email != "" {
		_, err = s.rw.ExecContext(ctx, "DELETE FROM sessions WHERE email = ?", email)
	} else {
		_, err = s.rw.ExecContext(ctx, "DELETE FROM sessions WHERE last_seen < ?", timeText(seenBefore))
	}
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}

// ---- tokens

const tokenCols = "id, email, name, hash, created_at, expires, last_used, revoked"

func scanToken(sc interface{ Scan(...any) error }) (workspace.Token, error) {
	var t workspace.Token
	var created, expires, used, revoked sql.NullString
	if err := sc.Scan(&t.ID, &t.Email, &t.Name, &t.Hash, &created, &expires, &used, &revoked); err != nil {
		return t, err
	}
	err := parseTimes([]*time.Time{&t.CreatedAt, &t.Expires, &t.LastUsed, &t.Revoked},
		[]sql.NullString{created, expires, used, revoked})
	return t, err
}

func (s *Store) CreateToken(ctx context.Context, t workspace.Token) (int64, error) {
	res, err := s.rw.ExecContext(ctx, `INSERT INTO tokens (email, name, hash, created_at, expires, last_used, revoked)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, t.Email, t.Name, t.Hash, timeText(t.CreatedAt), nullTime(t.Expires),
		nullTime(t.LastUsed), nullTime(t.Revoked))
	if err != nil {
		return 0, fmt.Errorf("sqlite: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("sqlite: %w", err)
	}
	return id, nil
}

func (s *Store) TokenByHash(ctx context.Context, hash string) (workspace.Token, error) {
	t, err := scanToken(s.read.QueryRowContext(ctx, "SELECT "+tokenCols+" FROM tokens WHERE hash = ?", hash))
	if errors.Is(err, sql.ErrNoRows) {
		return workspace.Token{}, fmt.Errorf("no token of hash %s: %w", hash, workspace.ErrNotFound)
	}
	if err != nil {
		return workspace.Token{}, fmt.Errorf("sqlite: %w", err)
	}
	return t, nil
}

func (s *Store) Tokens(ctx context.Context, email string) ([]workspace.Token, error) {
	q, args := "SELECT "+tokenCols+" FROM tokens ORDER BY id", []any(nil)
	if email != "" {
		q, args = "SELECT "+tokenCols+" FROM tokens WHERE email = ? ORDER BY id", []any{email}
	}
	rows, err := s.ro.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	var out []workspace.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return out, nil
}

func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	if _, err := s.rw.ExecContext(ctx, "UPDATE tokens SET last_used = ? WHERE id = ?", timeText(at), id); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}

func (s *Store) RevokeToken(ctx context.Context, id int64, at time.Time) error {
	res, err := s.rw.ExecContext(ctx, "UPDATE tokens SET revoked = ? WHERE id = ? AND revoked IS NULL", timeText(at), id)
	return changed(res, err, func() error { return fmt.Errorf("no token %d in force: %w", id, workspace.ErrNotFound) })
}

// ---- the audit log

func (s *Store) AddAudit(ctx context.Context, e workspace.AuditEntry) error {
	if _, err := s.rw.ExecContext(ctx, "INSERT INTO audit_log (at, actor, action, target, detail, addr) VALUES (?, ?, ?, ?, ?, ?)",
		timeText(e.At), e.Actor, e.Action, e.Target, e.Detail, e.Addr); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}

func (s *Store) Audit(ctx context.Context, before int64, limit int) ([]workspace.AuditEntry, error) {
	if limit <= 0 {
		return nil, nil
	}
	if before <= 0 {
		before = math.MaxInt64
	}
	rows, err := s.ro.QueryContext(ctx, "SELECT id, at, actor, action, target, detail, addr FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?",
		before, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	var out []workspace.AuditEntry
	for rows.Next() {
		var e workspace.AuditEntry
		var at sql.NullString
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Target, &e.Detail, &e.Addr); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return out, nil
}

// ---- settings

func (s *Store) Settings(ctx context.Context) (slcs.Settings, bool, error) {
	var st slcs.Settings
	var text string
	err := s.read.QueryRowContext(ctx, "SELECT settings FROM settings WHERE id = 1").Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return st, false, nil
	}
	if err != nil {
		return st, false, fmt.Errorf("sqlite: %w", err)
	}
	if err := json.Unmarshal([]byte(text), &st); err != nil {
		return slcs.Settings{}, false, fmt.Errorf("sqlite: the settings saved: %w", err)
	}
	return st, true, nil
}

func (s *Store) SaveSettings(ctx context.Context, st slcs.Settings) error {
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("sqlite: settings: %w", err)
	}
	if _, err := s.rw.ExecContext(ctx, `INSERT INTO settings (id, settings) VALUES (1, ?)
		ON CONFLICT (id) DO UPDATE SET settings = excluded.settings`, string(b)); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}
