// Package sqlpacks keeps the activity packs of a workspace (see
// workspace.OpenPack) in a database/sql database: SQLite's workspace, and
// PostgreSQL's when its schema is migrated.
package sqlpacks

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/pressly/goose/v3"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/workspace"
)

// Querier is a connection or a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store is workspace.PackStore on a connection or transaction of tables
// activity_packs (account_id, n, data) and activity_days (day, n).
type Store struct {
	Ctx context.Context
	Q   Querier
	// Dollar says the database numbers parameters $1, $2, ... rather than
	// taking ?.
	Dollar bool
}

var _ workspace.PackStore = Store{}

// params is n placeholders in groups of each: (?, ?), (?, ?) ...
func (p Store) params(n, each int) string {
	var b strings.Builder
	k := 0
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		if each > 1 {
			b.WriteByte('(')
		}
		for j := range each {
			if j > 0 {
				b.WriteString(", ")
			}
			k++
			if p.Dollar {
				fmt.Fprintf(&b, "$%d", k)
			} else {
				b.WriteByte('?')
			}
		}
		if each > 1 {
			b.WriteByte(')')
		}
	}
	return b.String()
}

// each calls fn with the packs a query selects (account_id, data).
func (p Store) each(query string, args []any, fn func(account string, pack []byte) error) error {
	rows, err := p.Q.QueryContext(p.Ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var account string
	var data sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&account, &data); err != nil {
			return err
		}
		if err := fn(account, data); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return nil
}

func (p Store) EachPack(fn func(account string, pack []byte) error) error {
	return p.each("SELECT account_id, data FROM activity_packs", nil, fn)
}

// packKeys is how many accounts one statement names.
const packKeys = 500

func (p Store) ReadPacks(accounts []string, fn func(account string, pack []byte) error) error {
	for len(accounts) > 0 {
		n := min(len(accounts), packKeys)
		args := make([]any, n)
		for i, a := range accounts[:n] {
			args[i] = a
		}
		q := "SELECT account_id, data FROM activity_packs WHERE account_id IN (" + p.params(n, 1) + ")"
		if err := p.each(q, args, fn); err != nil {
			return err
		}
		accounts = accounts[n:]
	}
	return nil
}

func (p Store) WritePacks(list []workspace.PackWrite) error {
	var put, del []any
	flushPut := func() error {
		if len(put) == 0 {
			return nil
		}
		_, err := p.Q.ExecContext(p.Ctx, "INSERT INTO activity_packs (account_id, n, data) VALUES "+p.params(len(put)/3, 3)+
			" ON CONFLICT (account_id) DO UPDATE SET n = excluded.n, data = excluded.data", put...)
		if err != nil {
			for i := 0; i < len(put); i += 3 {
				var exists bool
				q := "SELECT EXISTS (SELECT 1 FROM accounts WHERE account_id = " + p.params(1, 1) + ")"
				if p.Q.QueryRowContext(p.Ctx, q, put[i]).Scan(&exists) == nil && !exists {
					return fmt.Errorf("importing activities: they refer to account %q, which is not in the workspace", put[i])
				}
			}
			return fmt.Errorf("writing activities: %w", err)
		}
		put = put[:0]
		return nil
	}
	for _, w := range list {
		if w.N == 0 {
			del = append(del, w.Account)
			continue
		}
		put = append(put, w.Account, w.N, w.Data)
		if len(put) == packKeys*3 {
			if err := flushPut(); err != nil {
				return err
			}
		}
	}
	if err := flushPut(); err != nil {
		return err
	}
	for len(del) > 0 {
		n := min(len(del), packKeys)
		if _, err := p.Q.ExecContext(p.Ctx, "DELETE FROM activity_packs WHERE account_id IN ("+p.params(n, 1)+")", del[:n]...); err != nil {
			return err
		}
		del = del[n:]
	}
	return nil
}

func (p Store) AddActivityDays(days map[slcs.Day]int64) error {
	var args []any
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		_, err := p.Q.ExecContext(p.Ctx, "INSERT INTO activity_days (day, n) VALUES "+p.params(len(args)/2, 2)+
			" ON CONFLICT (day) DO UPDATE SET n = activity_days.n + excluded.n", args...)
		args = args[:0]
		if err != nil {
			return err
		}
		return nil
	}
	for d, n := range days {
		if n == 0 {
			continue
		}
		args = append(args, int64(d), n)
		if len(args) == packKeys*2 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if _, err := p.Q.ExecContext(p.Ctx, "DELETE FROM activity_days WHERE n <= 0"); err != nil {
		return err
	}
	return nil
}

// PackLegacy moves the activities of the table activities (schema version
// 1: one row each) into packs, counting their days again, and drops the
// table. The table activity_packs must exist.
func PackLegacy(ctx context.Context, tx *sql.Tx, dollar bool) error {
	m := workspace.NewActivityMerger()
	defer m.Close()
	rows, err := tx.QueryContext(ctx, `SELECT activity_id, account_id, day, type, inbound, COALESCE(minutes, -1),
		our_people, their_people FROM activities`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var a workspace.ActivityRow
	var day, typ int64
	for rows.Next() {
		if err := rows.Scan(&a.ID, &a.AccountID, &day, &typ, &a.Inbound, &a.Minutes, &a.OurPeople, &a.TheirPeople); err != nil {
			return err
		}
		a.Day, a.Type = slcs.Day(day), slcs.ActivityType(typ)
		if err := m.Put(&a); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	if _, err := tx.ExecContext(ctx, "DELETE FROM activity_days"); err != nil {
		return err
	}
	if _, err := m.Merge(Store{Ctx: ctx, Q: tx, Dollar: dollar}); err != nil {
		return fmt.Errorf("packing the activities: %w", err)
	}
	_, err = tx.ExecContext(ctx, "DROP TABLE activities")
	return err
}

// Migration is the schema change to version 2: ddl makes the tables
// activity_packs and activity_days, then PackLegacy fills them.
func Migration(ddl string, dollar bool) *goose.Migration {
	return goose.NewGoMigration(2, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, ddl); err != nil {
			return err
		}
		return PackLegacy(ctx, tx, dollar)
	}}, nil)
}
