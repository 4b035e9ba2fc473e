package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/slcs/slcs/workspace"
)

// batchRows is how many rows of a kind are buffered before they are sent.
// Large enough that the round trips of a batch (COPY, upsert, truncate) cost
// little next to its rows; small enough that the buffers and the staging
// table stay small.
const batchRows = 20000

// Rows are sent by COPY into temporary staging tables and from there upserted
// into the portfolio with one INSERT ... SELECT ... ON CONFLICT per batch:
// COPY is several times faster than INSERTs with parameters, and the single
// statement counts what it added and changed. The tables are private to the
// import's connection and vanish with its transaction (ON COMMIT DROP also
// covers rollback). seq is the order of the Puts: within a batch the last
// row of an id wins, as it would with one upsert per row.
const createStaging = `
CREATE TEMP TABLE slcs_stage_accounts (seq BIGINT, account_id TEXT, name TEXT,
    owner TEXT, industry TEXT, employees BIGINT, domains TEXT) ON COMMIT DROP;
CREATE TEMP TABLE slcs_stage_team (seq BIGINT, email TEXT, name TEXT,
    capacity_hours DOUBLE PRECISION) ON COMMIT DROP;
CREATE TEMP TABLE slcs_stage_packs (account_id TEXT, n BIGINT, data BYTEA) ON COMMIT DROP;
CREATE TEMP TABLE slcs_stage_revenue (account_id TEXT, product TEXT, month INTEGER,
    amount BIGINT) ON COMMIT DROP;
`

// Revenue must refer to accounts of the workspace. The schema has no
// foreign key for it (see the migration), so the staged rows are checked
// before they are upserted; this finds an account id of the staged rows that
// is not in accounts. Checking the distinct ids lets PostgreSQL hash them.
// (Activity packs have a foreign key: one check an account.)
const missingAccount = `
SELECT s.account_id FROM (SELECT DISTINCT account_id FROM %s) s
WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.account_id = s.account_id)
LIMIT 1`

var missingRevenueAccount = fmt.Sprintf(missingAccount, "pg_temp.slcs_stage_revenue")

// DELETE rather than TRUNCATE: TRUNCATE is not MVCC-safe (a REPEATABLE READ
// reader that started before would see the tables empty) and its ACCESS
// EXCLUSIVE lock would block every reader until the import ends. Children
// first, so that the cascades find nothing to do.
const emptyPortfolio = `
DELETE FROM revenue;
DELETE FROM activity_packs;
DELETE FROM activity_days;
DELETE FROM accounts;
DELETE FROM team;
`

// Each upsert orders the staged rows by key (DISTINCT ON needs it anyway) so
// that concurrent imports lock common rows in the same order, which avoids
// most deadlocks. The WHERE of DO UPDATE leaves identical rows alone, so
// they are not returned: returned rows are added (xmax = 0: no previous
// version) or changed; the rest of the distinct staged keys are unchanged.
const (
	upsertAccounts = `
WITH up AS (
    INSERT INTO accounts AS t (account_id, name, owner, industry, employees, domains)
    SELECT DISTINCT ON (account_id) account_id, name, owner, industry, employees, domains
    FROM pg_temp.slcs_stage_accounts
    ORDER BY account_id, seq DESC
    ON CONFLICT (account_id) DO UPDATE SET
        name = EXCLUDED.name, owner = EXCLUDED.owner, industry = EXCLUDED.industry,
        employees = EXCLUDED.employees, domains = EXCLUDED.domains
    WHERE (t.name, t.owner, t.industry, t.employees, t.domains)
        IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.owner, EXCLUDED.industry, EXCLUDED.employees, EXCLUDED.domains)
    RETURNING t.xmax = 0 AS inserted
)
SELECT (SELECT count(DISTINCT account_id) FROM pg_temp.slcs_stage_accounts),
    count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
FROM up`

	upsertTeam = `
WITH up AS (
    INSERT INTO team AS t (email, name, capacity_hours)
    SELECT DISTINCT ON (email) email, name, capacity_hours
    FROM pg_temp.slcs_stage_team
    ORDER BY email, seq DESC
    ON CONFLICT (email) DO UPDATE SET
        name = EXCLUDED.name, capacity_hours = EXCLUDED.capacity_hours
    WHERE (t.name, t.capacity_hours) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.capacity_hours)
    RETURNING t.xmax = 0 AS inserted
)
SELECT (SELECT count(DISTINCT email) FROM pg_temp.slcs_stage_team),
    count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
FROM up`

	// Revenue is staged for the whole import and summed at Commit: rows of
	// one key add up however far apart they were put, and the sum replaces
	// the stored amount. sum(bigint) is numeric; the cast back fails loudly
	// on overflow instead of wrapping.
	upsertRevenue = `
WITH s AS (
    SELECT account_id, product, month, sum(amount)::BIGINT AS amount
    FROM pg_temp.slcs_stage_revenue
    GROUP BY account_id, product, month
), up AS (
    INSERT INTO revenue AS t (account_id, product, month, amount)
    SELECT account_id, product, month, amount FROM s
    ORDER BY account_id, product, month
    ON CONFLICT (account_id, product, month) DO UPDATE SET amount = EXCLUDED.amount
    WHERE t.amount IS DISTINCT FROM EXCLUDED.amount
    RETURNING t.xmax = 0 AS inserted
)
SELECT (SELECT count(*) FROM s),
    count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
FROM up`
)

var (
	stageAccounts = pgx.Identifier{"pg_temp", "slcs_stage_accounts"}
	stageTeam     = pgx.Identifier{"pg_temp", "slcs_stage_team"}
	stageRevenue  = pgx.Identifier{"pg_temp", "slcs_stage_revenue"}

	accountColumns = []string{"seq", "account_id", "name", "owner", "industry", "employees", "domains"}
	teamColumns    = []string{"seq", "email", "name", "capacity_hours"}
	revenueColumns = []string{"account_id", "product", "month", "amount"}
)

// BeginImport starts an import in a READ COMMITTED transaction of its own
// connection. See workspace.Store.
func (s *Store) BeginImport(ctx context.Context, replace bool) (workspace.Import, error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, wrap("starting an import", err)
	}
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		conn.Release()
		return nil, wrap("starting an import", err)
	}
	im := &importTx{ctx: ctx, conn: conn, tx: tx, acts: workspace.NewActivityMerger()}
	// Only a replace deletes accounts. Were it to run beside another import,
	// it could delete an account that import had checked and leave its new
	// activities pointing at nothing (there is no foreign key to cascade).
	// So imports share a lock that a replace takes alone: a replace waits
	// for the imports under way, and later imports wait for it. Readers do
	// not take it.
	lockFn := "pg_advisory_xact_lock_shared"
	if replace {
		lockFn = "pg_advisory_xact_lock"
	}
	if _, err := tx.Exec(ctx, "SELECT "+lockFn+"($1, $2)", int32(lockClass), int32(lockPortfolio)); err != nil {
		im.end()
		return nil, wrap("waiting for other imports", err)
	}
	// Without arguments pgx sends these in the simple protocol, which
	// accepts several statements in one round trip.
	if _, err := tx.Exec(ctx, createStaging); err != nil {
		im.end()
		return nil, wrap("starting an import", err)
	}
	if replace {
		if _, err := tx.Exec(ctx, emptyPortfolio); err != nil {
			im.end()
			return nil, wrap("emptying the portfolio", err)
		}
	}
	return im, nil
}

// importTx is a workspace.Import. Like the interface, it is for one
// goroutine.
type importTx struct {
	ctx  context.Context
	conn *pgxpool.Conn
	tx   pgx.Tx
	over bool  // committed or rolled back
	err  error // the first failure: the transaction is aborted after it

	// iterating is set during AccountIDs, whose query holds the connection:
	// batches wait until it ends.
	iterating bool

	seq      int64
	accounts []workspace.AccountRow
	team     []workspace.TeamRow
	acts     *workspace.ActivityMerger
	revenue  []workspace.RevenueRow
	counts   workspace.ImportCounts
}

var errImportOver = errors.New("postgres: the import was already committed or rolled back")

// usable says why the import cannot take more work, or nil.
func (im *importTx) usable() error {
	if im.over {
		return errImportOver
	}
	return im.err
}

// fail records the first failure, which aborts the transaction.
func (im *importTx) fail(err error) error {
	if im.err == nil {
		im.err = err
	}
	return err
}

// AccountIDs calls fn with the id of every account in the workspace as this
// import sees it: the accounts already there (none after a replace) and
// those this import has put so far.
func (im *importTx) AccountIDs(fn func(id string)) error {
	if err := im.usable(); err != nil {
		return err
	}
	if err := im.flushAccounts(); err != nil {
		return err
	}
	rows, err := im.tx.Query(im.ctx, "SELECT account_id FROM accounts")
	if err != nil {
		return im.fail(wrap("reading account ids", err))
	}
	im.iterating = true
	defer func() { im.iterating = false }()
	var id string
	_, err = pgx.ForEachRow(rows, []any{&id}, func() error {
		fn(id)
		return nil
	})
	if err != nil {
		return im.fail(wrap("reading account ids", err))
	}
	return nil
}

func (im *importTx) full(n int) bool { return n >= batchRows && !im.iterating }

func (im *importTx) PutAccount(a *workspace.AccountRow) error {
	if err := im.usable(); err != nil {
		return err
	}
	im.accounts = append(im.accounts, *a)
	if im.full(len(im.accounts)) {
		return im.flushAccounts()
	}
	return nil
}

func (im *importTx) PutTeam(m *workspace.TeamRow) error {
	if err := im.usable(); err != nil {
		return err
	}
	im.team = append(im.team, *m)
	if im.full(len(im.team)) {
		return im.flushTeam()
	}
	return nil
}

func (im *importTx) PutActivity(a *workspace.ActivityRow) error {
	if err := im.usable(); err != nil {
		return err
	}
	if err := im.acts.Put(a); err != nil {
		return im.fail(err)
	}
	return nil
}

func (im *importTx) PutRevenue(r *workspace.RevenueRow) error {
	if err := im.usable(); err != nil {
		return err
	}
	im.revenue = append(im.revenue, *r)
	if im.full(len(im.revenue)) {
		return im.stageRevenue()
	}
	return nil
}

// Commit sends what is buffered, sums the revenue, and commits.
func (im *importTx) Commit() (workspace.ImportCounts, error) {
	if err := im.usable(); err != nil {
		if !im.over {
			im.end()
		}
		return workspace.ImportCounts{}, err
	}
	err := im.flushAll()
	if err == nil {
		err = im.tx.Commit(im.ctx)
		if err != nil {
			err = wrap("committing the import", err)
		}
	}
	im.end()
	if err != nil {
		return workspace.ImportCounts{}, err
	}
	return im.counts, nil
}

// Rollback abandons the import; after Commit (or a second Rollback) it does
// nothing, so that it can be deferred.
func (im *importTx) Rollback() error {
	if im.over {
		return nil
	}
	return im.end()
}

// end rolls the transaction back (a no-op after a commit) and gives the
// connection back to the pool.
func (im *importTx) end() error {
	im.over = true
	// The caller's context may be canceled already; the rollback must go
	// through all the same. Should it fail, the pool drops the connection
	// (it is not idle), which also ends the transaction.
	err := im.tx.Rollback(context.WithoutCancel(im.ctx))
	im.conn.Release()
	im.acts.Close()
	im.accounts, im.team, im.revenue = nil, nil, nil
	if err != nil && !errors.Is(err, pgx.ErrTxClosed) {
		return wrap("rolling the import back", err)
	}
	return nil
}

// flushAll sends every buffer, parents before children so that the foreign
// keys of activities and revenue find their accounts.
func (im *importTx) flushAll() error {
	if err := im.flushAccounts(); err != nil {
		return err
	}
	if err := im.flushTeam(); err != nil {
		return err
	}
	if err := im.stageRevenue(); err != nil {
		return err
	}
	var b pgx.Batch
	var missing accountCheck
	b.Queue(missingRevenueAccount).QueryRow(missing.scan)
	b.Queue(upsertRevenue).QueryRow(func(row pgx.Row) error { return scanCounts(row, &im.counts.Revenue) })
	if err := im.tx.SendBatch(im.ctx, &b).Close(); err != nil {
		return im.fail(wrap("importing revenue", err))
	}
	if err := missing.err("revenue"); err != nil {
		return im.fail(err)
	}
	// Activities last: packs are read, merged and written whole, so
	// imports merge them one at a time, each seeing the packs of those
	// before it. Nothing else is written while the lock is held, so that an
	// import holding it never waits for one waiting for it.
	if im.acts.Puts() == 0 {
		return nil
	}
	if err := lock(im.ctx, im.tx, lockPacks); err != nil {
		return im.fail(wrap("waiting for other imports' activities", err))
	}
	c, err := im.acts.Merge(packs{ctx: im.ctx, tx: im.tx})
	if err != nil {
		return im.fail(err)
	}
	im.counts.Activities = c
	return nil
}

// accountCheck scans the account id that is not in accounts, if any.
type accountCheck struct {
	found   bool
	account string
}

func (c *accountCheck) scan(row pgx.Row) error {
	err := row.Scan(&c.account)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	c.found = err == nil
	return err
}

// err is the error of a check that found an account missing.
func (c *accountCheck) err(what string) error {
	if !c.found {
		return nil
	}
	return fmt.Errorf("postgres: importing %s: they refer to account %q, which is not in the workspace", what, c.account)
}

func (im *importTx) flushAccounts() error {
	if len(im.accounts) == 0 {
		return nil
	}
	src := &copySource[workspace.AccountRow]{rows: im.accounts, vals: make([]any, len(accountColumns)),
		fill: func(a *workspace.AccountRow, v []any) {
			im.seq++
			var emp any // NULL: not given
			if a.EmployeesGiven {
				emp = a.Employees
			}
			v[0], v[1], v[2], v[3], v[4], v[5], v[6] = im.seq, a.ID, a.Name, a.Owner, a.Industry, emp, a.Domains
		}}
	err := im.upsert("accounts", stageAccounts, accountColumns, src, "", upsertAccounts, &im.counts.Accounts)
	im.accounts = im.accounts[:0]
	return err
}

func (im *importTx) flushTeam() error {
	if len(im.team) == 0 {
		return nil
	}
	src := &copySource[workspace.TeamRow]{rows: im.team, vals: make([]any, len(teamColumns)),
		fill: func(m *workspace.TeamRow, v []any) {
			im.seq++
			var capacity any // NULL: the default capacity
			if m.CapacityGiven {
				capacity = m.Capacity
			}
			v[0], v[1], v[2], v[3] = im.seq, m.Email, m.Name, capacity
		}}
	err := im.upsert("the team", stageTeam, teamColumns, src, "", upsertTeam, &im.counts.Team)
	im.team = im.team[:0]
	return err
}

// stageRevenue copies the buffered revenue into its staging table, where it
// stays until Commit sums it.
func (im *importTx) stageRevenue() error {
	if len(im.revenue) == 0 {
		return nil
	}
	src := &copySource[workspace.RevenueRow]{rows: im.revenue, vals: make([]any, len(revenueColumns)),
		fill: func(r *workspace.RevenueRow, v []any) {
			v[0], v[1], v[2], v[3] = r.AccountID, r.Product, int32(r.Month), r.Micros
		}}
	_, err := im.tx.CopyFrom(im.ctx, stageRevenue, revenueColumns, src)
	im.revenue = im.revenue[:0]
	if err != nil {
		return im.fail(wrap("importing revenue", err))
	}
	return nil
}

// upsert copies one batch into its staging table and, in one round trip,
// runs check (when not empty: it finds a row that refers to no account),
// upserts the batch adding what it did to c, and empties the staging table
// (TRUNCATE of a table created in the same transaction is done in place,
// cheaply). Should check find a row, the upsert has written it all the same,
// but the import fails and is rolled back.
func (im *importTx) upsert(what string, stage pgx.Identifier, columns []string, src pgx.CopyFromSource, check, upsert string, c *workspace.Counts) error {
	if _, err := im.tx.CopyFrom(im.ctx, stage, columns, src); err != nil {
		return im.fail(wrap("importing "+what, err))
	}
	var b pgx.Batch
	var missing accountCheck
	if check != "" {
		b.Queue(check).QueryRow(missing.scan)
	}
	b.Queue(upsert).QueryRow(func(row pgx.Row) error { return scanCounts(row, c) })
	b.Queue("TRUNCATE " + stage.Sanitize())
	if err := im.tx.SendBatch(im.ctx, &b).Close(); err != nil {
		return im.fail(wrap("importing "+what, err))
	}
	if err := missing.err(what); err != nil {
		return im.fail(err)
	}
	return nil
}

// scanCounts reads the (distinct keys, added, changed) row of an upsert
// into c: the distinct keys neither added nor changed were unchanged.
func scanCounts(row pgx.Row, c *workspace.Counts) error {
	var distinct, added, changed int64
	if err := row.Scan(&distinct, &added, &changed); err != nil {
		return err
	}
	c.Added += added
	c.Changed += changed
	c.Unchanged += distinct - added - changed
	return nil
}

// copySource feeds a slice of rows to CopyFrom, filling one reused slice of
// values per row rather than allocating a []any for each.
type copySource[T any] struct {
	rows []T
	i    int
	vals []any
	fill func(*T, []any)
	init bool
}

func (c *copySource[T]) Next() bool {
	if !c.init {
		c.init, c.i = true, 0
	} else {
		c.i++
	}
	return c.i < len(c.rows)
}

func (c *copySource[T]) Values() ([]any, error) {
	c.fill(&c.rows[c.i], c.vals)
	return c.vals, nil
}

func (c *copySource[T]) Err() error { return nil }
