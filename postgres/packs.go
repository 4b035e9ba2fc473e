package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/workspace"
)

// packs is workspace.PackStore on an import's transaction, and reads packs
// for readers.
type packs struct {
	ctx context.Context
	tx  pgx.Tx
}

var _ workspace.PackStore = packs{}

// each calls fn with the packs a query selects (account_id, data). The
// values are handed over as they came from the connection, without copies.
func (p packs) each(query string, args []any, fn func(account string, pack []byte) error) error {
	rows, err := p.tx.Query(p.ctx, query, args...)
	if err != nil {
		return wrap("reading activities", err)
	}
	defer rows.Close()
	for rows.Next() {
		raw := rows.RawValues()
		if len(raw) != 2 || raw[0] == nil || raw[1] == nil {
			return fmt.Errorf("postgres: reading activities: unexpected columns")
		}
		if err := fn(string(raw[0]), raw[1]); err != nil {
			return err
		}
	}
	return wrap("reading activities", rows.Err())
}

// The queries ask for binary results, in which text and bytea are their
// bytes as they are.
var binary = pgx.QueryResultFormats{pgx.BinaryFormatCode, pgx.BinaryFormatCode}

func (p packs) EachPack(fn func(account string, pack []byte) error) error {
	return p.each("SELECT account_id, data FROM activity_packs", []any{binary}, fn)
}

func (p packs) ReadPacks(accounts []string, fn func(account string, pack []byte) error) error {
	return p.each("SELECT account_id, data FROM activity_packs WHERE account_id = ANY($1)", []any{binary, accounts}, fn)
}

var (
	stagePacks         = pgx.Identifier{"pg_temp", "slcs_stage_packs"}
	missingPackAccount = fmt.Sprintf(missingAccount, "pg_temp.slcs_stage_packs")
)

func (p packs) WritePacks(list []workspace.PackWrite) error {
	var del []string
	var put [][]any
	for _, w := range list {
		if w.N == 0 {
			del = append(del, w.Account)
		} else {
			put = append(put, []any{w.Account, w.N, w.Data})
		}
	}
	if len(put) > 0 {
		if _, err := p.tx.CopyFrom(p.ctx, stagePacks, []string{"account_id", "n", "data"}, pgx.CopyFromRows(put)); err != nil {
			return wrap("writing activities", err)
		}
		var b pgx.Batch
		var missing accountCheck
		b.Queue(missingPackAccount).QueryRow(missing.scan)
		b.Queue(`INSERT INTO activity_packs AS t (account_id, n, data)
			SELECT account_id, n, data FROM pg_temp.slcs_stage_packs ORDER BY account_id
			ON CONFLICT (account_id) DO UPDATE SET n = EXCLUDED.n, data = EXCLUDED.data`)
		b.Queue("TRUNCATE pg_temp.slcs_stage_packs")
		err := p.tx.SendBatch(p.ctx, &b).Close()
		if merr := missing.err("activities"); merr != nil {
			return merr
		}
		if err != nil {
			return wrap("writing activities", err)
		}
	}
	if len(del) > 0 {
		if _, err := p.tx.Exec(p.ctx, "DELETE FROM activity_packs WHERE account_id = ANY($1)", del); err != nil {
			return wrap("writing activities", err)
		}
	}
	return nil
}

func (p packs) AddActivityDays(days map[slcs.Day]int64) error {
	var ds []int32
	var ns []int64
	for d, n := range days {
		if n != 0 {
			ds, ns = append(ds, int32(d)), append(ns, n)
		}
	}
	if len(ds) == 0 {
		return nil
	}
	var b pgx.Batch
	b.Queue(`INSERT INTO activity_days AS t (day, n) SELECT * FROM unnest($1::integer[], $2::bigint[]) ORDER BY 1
		ON CONFLICT (day) DO UPDATE SET n = t.n + EXCLUDED.n`, ds, ns)
	b.Queue("DELETE FROM activity_days WHERE n <= 0")
	return wrap("counting activities", p.tx.SendBatch(p.ctx, &b).Close())
}
