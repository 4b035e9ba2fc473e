package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/slcs/slcs/internal/sqlpacks"
	"github.com/slcs/slcs/workspace"
)

// batchRows is how many records one INSERT statement carries: far fewer
// round trips through the driver than one statement a record.
const batchRows = 200

// table describes how one kind of record is upserted.
type table struct {
	name   string
	key    []string
	cols   []string // key first
	add    []string // columns a conflicting record adds to rather than replaces
	counts *workspace.Counts
}

// upsertSQL is an INSERT of n records that updates a stored record only
// when a value differs, so that SQLite's change count tells added and
// changed records from unchanged ones.
func (t *table) upsertSQL(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", t.name, strings.Join(t.cols, ", "))
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	fmt.Fprintf(&b, " ON CONFLICT (%s) DO UPDATE SET ", strings.Join(t.key, ", "))
	if len(t.add) > 0 {
		var set []string
		for _, c := range t.add {
			set = append(set, fmt.Sprintf("%s = %s.%s + excluded.%s", c, t.name, c, c))
		}
		b.WriteString(strings.Join(set, ", "))
		return b.String()
	}
	var set, differ []string
	for _, c := range t.cols[len(t.key):] {
		set = append(set, fmt.Sprintf("%s = excluded.%s", c, c))
		differ = append(differ, fmt.Sprintf("%s.%s IS NOT excluded.%s", t.name, c, c))
	}
	b.WriteString(strings.Join(set, ", "))
	b.WriteString(" WHERE " + strings.Join(differ, " OR "))
	return b.String()
}

// writer buffers one kind of record and upserts them in batches.
type writer struct {
	t       *table
	imp     *importTx
	args    []any
	n       int // records buffered
	put     int64
	full    *sql.Stmt
	before  int64 // records in the table before the import's first write
	changes int64 // rows added or changed
}

func (w *writer) add(vals ...any) error {
	if w.put == 0 {
		if err := w.imp.tx.QueryRowContext(w.imp.ctx, "SELECT count(*) FROM "+w.t.name).Scan(&w.before); err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
	}
	w.args = append(w.args, vals...)
	w.n++
	w.put++
	if w.n == batchRows {
		return w.flush()
	}
	return nil
}

func (w *writer) flush() error {
	if w.n == 0 {
		return nil
	}
	var res sql.Result
	var err error
	if w.n == batchRows {
		if w.full == nil {
			if w.full, err = w.imp.tx.PrepareContext(w.imp.ctx, w.t.upsertSQL(batchRows)); err != nil {
				return fmt.Errorf("sqlite: %w", err)
			}
		}
		res, err = w.full.ExecContext(w.imp.ctx, w.args...)
	} else {
		res, err = w.imp.tx.ExecContext(w.imp.ctx, w.t.upsertSQL(w.n), w.args...)
	}
	if err != nil {
		return fmt.Errorf("sqlite: writing %s: %w", w.t.name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	w.changes += n
	w.args, w.n = w.args[:0], 0
	return nil
}

// finish flushes and counts.
func (w *writer) finish() error {
	if err := w.flush(); err != nil {
		return err
	}
	if w.full != nil {
		w.full.Close()
	}
	if w.put == 0 {
		return nil
	}
	var after int64
	if err := w.imp.tx.QueryRowContext(w.imp.ctx, "SELECT count(*) FROM "+w.t.name).Scan(&after); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	added := after - w.before
	*w.t.counts = workspace.Counts{Added: added, Changed: w.changes - added, Unchanged: w.put - w.changes}
	return nil
}

type importTx struct {
	s      *Store
	ctx    context.Context
	tx     *sql.Tx
	counts workspace.ImportCounts

	accounts, team *writer
	revenue        *writer            // into revenue_import, summed by key
	revenueKeys    map[revenueKey]int // key -> its row among the buffered ones
	revenueRows    int64
	revenueDirect  bool // the workspace had no revenue: the sums are the revenue
	activities     *workspace.ActivityMerger
}

type revenueKey struct {
	account, product string
	month            int64
}

// BeginImport starts an import transaction, which holds the workspace's
// write lock until it ends: imports run one after the other.
func (s *Store) BeginImport(ctx context.Context, replace bool) (workspace.Import, error) {
	tx, err := s.rw.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	imp := &importTx{s: s, ctx: ctx, tx: tx}
	fail := func(err error) (workspace.Import, error) {
		tx.Rollback()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	if replace {
		for _, t := range []string{"revenue", "activity_packs", "activity_days", "accounts", "team"} {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return fail(err)
			}
		}
	}
	// revenue is summed by key as it comes, on disk: its size is that of
	// the distinct months, whatever the number of rows. Into a workspace
	// with no revenue the sums go straight to the revenue table; otherwise
	// into revenue_import, and at Commit they replace the stored months.
	if _, err := tx.ExecContext(ctx, "DELETE FROM revenue_import"); err != nil {
		return fail(err)
	}
	var stored bool
	if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM revenue)").Scan(&stored); err != nil {
		return fail(err)
	}
	imp.revenueDirect = !stored
	into := "revenue_import"
	if imp.revenueDirect {
		into = "revenue"
	}
	imp.revenue = &writer{imp: imp, t: &table{name: into, key: []string{"account_id", "product", "month"},
		cols: []string{"account_id", "product", "month", "amount"}, add: []string{"amount"}, counts: new(workspace.Counts)}}
	imp.revenueKeys = map[revenueKey]int{}
	imp.accounts = &writer{imp: imp, t: &table{name: "accounts", key: []string{"account_id"},
		cols: []string{"account_id", "name", "owner", "industry", "employees", "domains"}, counts: &imp.counts.Accounts}}
	imp.team = &writer{imp: imp, t: &table{name: "team", key: []string{"email"},
		cols: []string{"email", "name", "capacity_hours"}, counts: &imp.counts.Team}}
	imp.activities = workspace.NewActivityMerger()
	return imp, nil
}

func (imp *importTx) AccountIDs(fn func(id string)) error {
	if err := imp.accounts.flush(); err != nil {
		return err
	}
	rows, err := imp.tx.QueryContext(imp.ctx, "SELECT account_id FROM accounts")
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
		fn(id)
	}
	return rows.Err()
}

func (imp *importTx) PutAccount(a *workspace.AccountRow) error {
	var emp any
	if a.EmployeesGiven {
		emp = a.Employees
	}
	return imp.accounts.add(a.ID, a.Name, a.Owner, a.Industry, emp, a.Domains)
}

func (imp *importTx) PutTeam(m *workspace.TeamRow) error {
	var c any
	if m.CapacityGiven {
		c = m.Capacity
	}
	return imp.team.add(m.Email, m.Name, c)
}

// PutActivity keeps the activity aside until Commit merges them all into
// the accounts' packs.
func (imp *importTx) PutActivity(a *workspace.ActivityRow) error {
	return imp.activities.Put(a)
}

func (imp *importTx) PutRevenue(r *workspace.RevenueRow) error {
	// accounts first: revenue may refer to an account of this import
	if err := imp.accounts.flush(); err != nil {
		return err
	}
	imp.revenueRows++
	// one statement may not touch a key twice: rows of a key already
	// buffered add up here
	k := revenueKey{r.AccountID, r.Product, int64(r.Month)}
	w := imp.revenue
	if i, ok := imp.revenueKeys[k]; ok {
		sum := w.args[i*4+3].(int64) + r.Micros
		if (r.Micros > 0 && sum < w.args[i*4+3].(int64)) || (r.Micros < 0 && sum > w.args[i*4+3].(int64)) {
			return fmt.Errorf("sqlite: the revenue of %s, %s, %s is too large", r.AccountID, r.Product, r.Month)
		}
		w.args[i*4+3] = sum
		return nil
	}
	if w.n == batchRows-1 {
		clear(imp.revenueKeys) // the next add flushes
	} else {
		imp.revenueKeys[k] = w.n
	}
	return w.add(r.AccountID, r.Product, int64(r.Month), r.Micros)
}

// mergeRevenue adds up the import's revenue by key and upserts the sums.
func (imp *importTx) mergeRevenue() error {
	if imp.revenueRows == 0 {
		return nil
	}
	if imp.revenueDirect {
		imp.counts.Revenue = workspace.Counts{Added: imp.revenue.t.counts.Added}
		return nil
	}
	ctx, tx := imp.ctx, imp.tx
	const sums = `SELECT account_id, product, month, amount FROM revenue_import WHERE true`
	c := &imp.counts.Revenue
	if err := tx.QueryRowContext(ctx, `SELECT
			coalesce(sum(r.amount IS NULL), 0),
			coalesce(sum(r.amount IS NOT NULL AND r.amount <> s.amount), 0),
			coalesce(sum(r.amount = s.amount), 0)
		FROM (`+sums+`) s LEFT JOIN revenue r USING (account_id, product, month)`).Scan(&c.Added, &c.Changed, &c.Unchanged); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO revenue (account_id, product, month, amount) `+sums+
		` ON CONFLICT (account_id, product, month) DO UPDATE SET amount = excluded.amount WHERE revenue.amount <> excluded.amount`); err != nil {
		return fmt.Errorf("sqlite: writing revenue: %w", err)
	}
	return nil
}

func (imp *importTx) Commit() (workspace.ImportCounts, error) {
	defer imp.activities.Close()
	for _, w := range []*writer{imp.accounts, imp.team, imp.revenue} {
		if err := w.finish(); err != nil {
			imp.tx.Rollback()
			return workspace.ImportCounts{}, err
		}
	}
	c, err := imp.activities.Merge(sqlpacks.Store{Ctx: imp.ctx, Q: imp.tx})
	if err != nil {
		imp.tx.Rollback()
		return workspace.ImportCounts{}, fmt.Errorf("sqlite: %w", err)
	}
	imp.counts.Activities = c
	if err := imp.mergeRevenue(); err != nil {
		imp.tx.Rollback()
		return workspace.ImportCounts{}, err
	}
	if _, err := imp.tx.ExecContext(imp.ctx, "DELETE FROM revenue_import"); err != nil {
		imp.tx.Rollback()
		return workspace.ImportCounts{}, fmt.Errorf("sqlite: %w", err)
	}
	if err := imp.tx.Commit(); err != nil {
		return workspace.ImportCounts{}, fmt.Errorf("sqlite: %w", err)
	}
	imp.s.checkpoint(imp.ctx)
	return imp.counts, nil
}

func (imp *importTx) Rollback() error {
	imp.activities.Close()
	return imp.tx.Rollback()
}
