package postgres

import (
	"context"
	"errors"
	"math"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/workspace"
)

// ReadPortfolio calls read inside one REPEATABLE READ, READ ONLY
// transaction: every query of read sees the database as it was at the first
// one, so an import committing meanwhile is seen wholly or not at all. See
// workspace.Store.
func (s *Store) ReadPortfolio(ctx context.Context, read func(workspace.PortfolioReader) error) (err error) {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return wrap("reading the portfolio", err)
	}
	// Nothing to keep: rolling back ends a read-only transaction as well as
	// committing it would, and also after an error.
	defer tx.Rollback(context.WithoutCancel(ctx))
	return read(&reader{ctx: ctx, tx: tx})
}

// reader is a workspace.PortfolioReader on one transaction. Its connection
// runs one query at a time: a callback must not call the reader again
// (busy says so rather than letting pgx fail obscurely).
type reader struct {
	ctx  context.Context
	tx   pgx.Tx
	busy bool
}

var errNested = errors.New("postgres: a PortfolioReader method was called from the callback of another")

// each runs query and calls row for each result after scanning it into dest.
func (r *reader) each(what, query string, args []any, dest []any, row func() error) error {
	if r.busy {
		return errNested
	}
	r.busy = true
	defer func() { r.busy = false }()
	rows, err := r.tx.Query(r.ctx, query, args...)
	if err != nil {
		return wrap("reading "+what, err)
	}
	// Rows are streamed: pgx reads them from the connection as they are
	// scanned, so a million activities never sit in memory at once.
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return wrap("reading "+what, err)
		}
		if err := row(); err != nil {
			return err // the callback's own error, as it gave it
		}
	}
	return wrap("reading "+what, rows.Err())
}

func (r *reader) Accounts(fn func(*workspace.AccountRow) error) error {
	var a workspace.AccountRow
	var emp pgtype.Int8
	return r.each("accounts",
		"SELECT account_id, name, owner, industry, employees, domains FROM accounts", nil,
		[]any{&a.ID, &a.Name, &a.Owner, &a.Industry, &emp, &a.Domains},
		func() error {
			a.Employees, a.EmployeesGiven = emp.Int64, emp.Valid
			return fn(&a)
		})
}

func (r *reader) Team(fn func(*workspace.TeamRow) error) error {
	var m workspace.TeamRow
	var capacity pgtype.Float8
	return r.each("the team",
		"SELECT email, name, capacity_hours FROM team", nil,
		[]any{&m.Email, &m.Name, &capacity},
		func() error {
			m.Capacity, m.CapacityGiven = capacity.Float64, capacity.Valid
			return fn(&m)
		})
}

func (r *reader) LatestActivityDay(notAfter slcs.Day) (slcs.Day, bool, error) {
	var day pgtype.Int4
	err := r.one("activities", "SELECT max(day) FROM activity_days WHERE day <= $1 AND n > 0", []any{int32(notAfter)}, &day)
	return slcs.Day(day.Int32), day.Valid, err
}

func (r *reader) LatestRevenueMonth() (slcs.Month, bool, error) {
	var m pgtype.Int4
	err := r.one("revenue", "SELECT max(month) FROM revenue", nil, &m)
	return slcs.Month(m.Int32), m.Valid, err
}

// one runs a query of one row.
func (r *reader) one(what, query string, args []any, dest ...any) error {
	if r.busy {
		return errNested
	}
	return wrap("reading "+what, r.tx.QueryRow(r.ctx, query, args...).Scan(dest...))
}

func (r *reader) Activities(from, to slcs.Day, fn func(*workspace.ActivityRow) error) error {
	return workspace.EachActivity(r.ActivityPacks, from, to, fn)
}

func (r *reader) ActivityPacks(fn func(account string, pack []byte) error) error {
	if r.busy {
		return errNested
	}
	r.busy = true
	defer func() { r.busy = false }()
	return packs{ctx: r.ctx, tx: r.tx}.EachPack(fn)
}

func (r *reader) AccountActivities(account string, fn func(*workspace.ActivityRow) error) error {
	if r.busy {
		return errNested
	}
	r.busy = true
	defer func() { r.busy = false }()
	return workspace.EachActivity(func(each func(string, []byte) error) error {
		return packs{ctx: r.ctx, tx: r.tx}.ReadPacks([]string{account}, each)
	}, math.MinInt32, math.MaxInt32, fn)
}

func (r *reader) Revenue(from, to slcs.Month, fn func(*workspace.RevenueRow) error) error {
	var rv workspace.RevenueRow
	var month int32
	return r.each("revenue",
		"SELECT account_id, product, month, amount FROM revenue WHERE month BETWEEN $1 AND $2",
		[]any{int32(from), int32(to)},
		[]any{&rv.AccountID, &rv.Product, &month, &rv.Micros},
		func() error {
			rv.Month = slcs.Month(month)
			return fn(&rv)
		})
}
