// Package sqlite is the embedded workspace: one SQLite file (cgo-free
// driver), in WAL mode with foreign keys on, so that a reader never waits
// for a writer and a backup can be taken while slcs works.
package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/internal/sqlpacks"
	"github.com/slcs/slcs/model"
	"github.com/slcs/slcs/workspace"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a workspace in a SQLite file.
type Store struct {
	path string
	rw   *sql.DB // one connection; transactions take the write lock at BEGIN
	ro   *sql.DB // readers
	read *stmtCache
}

var _ workspace.Store = (*Store)(nil)

func dsn(path string, txlock string) string {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(300000)", "synchronous(NORMAL)",
		"temp_store(MEMORY)", "cache_size(-65536)"} {
		q.Add("_pragma", p)
	}
	if txlock != "" {
		q.Set("_txlock", txlock)
	}
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating it when missing) the workspace in the SQLite file at
// path and brings its schema up to date. A workspace written by a newer slcs
// is refused.
func Open(ctx context.Context, path string) (*Store, error) {
	rw, err := sql.Open("sqlite", dsn(path, "immediate"))
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	rw.SetMaxOpenConns(1)
	s := &Store{path: path, rw: rw}
	if err := s.migrate(ctx); err != nil {
		rw.Close()
		return nil, err
	}
	ro, err := sql.Open("sqlite", dsn(path, ""))
	if err != nil {
		rw.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	s.ro = ro
	s.read = &stmtCache{db: ro}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, s.rw, sub, goose.WithGoMigrations(goMigrations()...))
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", s.path, err)
	}
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: %s: cannot read the schema version: %w", s.path, err)
	}
	sources := p.ListSources()
	known := sources[len(sources)-1].Version
	if current > known {
		return fmt.Errorf("sqlite: %s: schema version %d, this slcs knows up to %d: %w; upgrade slcs to use it",
			s.path, current, known, workspace.ErrSchemaTooNew)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("sqlite: %s: migrating the schema: %w", s.path, err)
	}
	return nil
}

// checkpoint moves what the write-ahead log holds into the database file and
// empties the log, so that reads need not look pages up in a log of
// millions of rows; when others are reading it gives up rather than wait.
func (s *Store) checkpoint(ctx context.Context) {
	c, err := s.ro.Conn(ctx)
	if err != nil {
		return
	}
	defer c.Close()
	c.ExecContext(ctx, "PRAGMA busy_timeout = 100")
	c.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	c.ExecContext(ctx, "PRAGMA busy_timeout = 300000")
}

// Path is the file of the workspace.
func (s *Store) Path() string { return s.path }

// Close closes the workspace.
func (s *Store) Close() error {
	var errs []error
	if s.read != nil {
		s.read.close()
	}
	if s.ro != nil {
		errs = append(errs, s.ro.Close())
	}
	errs = append(errs, s.rw.Close())
	return errors.Join(errs...)
}

// Backup writes a consistent copy of the workspace to path (which must not
// exist), even while other processes read or write it.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := s.ro.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("sqlite: backup to %s: %w", path, err)
	}
	return nil
}

// ---- reading the portfolio

// ReadPortfolio reads in one read transaction: in WAL mode it sees the
// workspace as of its first read, whatever commits meanwhile.
func (s *Store) ReadPortfolio(ctx context.Context, read func(workspace.PortfolioReader) error) error {
	conn, err := s.ro.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
	// the first read fixes the snapshot
	if _, err := conn.ExecContext(ctx, "SELECT count(*) FROM accounts"); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return read(&reader{ctx: ctx, c: conn})
}

type reader struct {
	ctx context.Context
	c   *sql.Conn
}

func (r *reader) Accounts(fn func(*workspace.AccountRow) error) error {
	rows, err := r.c.QueryContext(r.ctx, "SELECT account_id, name, owner, industry, employees, domains FROM accounts")
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	var a workspace.AccountRow
	for rows.Next() {
		var emp sql.NullInt64
		if err := rows.Scan(&a.ID, &a.Name, &a.Owner, &a.Industry, &emp, &a.Domains); err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
		a.Employees, a.EmployeesGiven = emp.Int64, emp.Valid
		if err := fn(&a); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (r *reader) Team(fn func(*workspace.TeamRow) error) error {
	rows, err := r.c.QueryContext(r.ctx, "SELECT email, name, capacity_hours FROM team")
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	var m workspace.TeamRow
	for rows.Next() {
		var c sql.NullFloat64
		if err := rows.Scan(&m.Email, &m.Name, &c); err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
		m.Capacity, m.CapacityGiven = c.Float64, c.Valid
		if err := fn(&m); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (r *reader) LatestActivityDay(notAfter slcs.Day) (slcs.Day, bool, error) {
	var d sql.NullInt64
	if err := r.c.QueryRowContext(r.ctx, "SELECT max(day) FROM activity_days WHERE n > 0 AND day <= ?", int64(notAfter)).Scan(&d); err != nil {
		return 0, false, fmt.Errorf("sqlite: %w", err)
	}
	return slcs.Day(d.Int64), d.Valid, nil
}

func (r *reader) LatestRevenueMonth() (slcs.Month, bool, error) {
	var m sql.NullInt64
	if err := r.c.QueryRowContext(r.ctx, "SELECT max(month) FROM revenue").Scan(&m); err != nil {
		return 0, false, fmt.Errorf("sqlite: %w", err)
	}
	return slcs.Month(m.Int64), m.Valid, nil
}

func (r *reader) Activities(from, to slcs.Day, fn func(*workspace.ActivityRow) error) error {
	return workspace.EachActivity(r.ActivityPacks, from, to, fn)
}

func (r *reader) ActivityPacks(fn func(account string, pack []byte) error) error {
	return sqlpacks.Store{Ctx: r.ctx, Q: r.c}.EachPack(fn)
}

func (r *reader) AccountActivities(account string, fn func(*workspace.ActivityRow) error) error {
	return workspace.EachActivity(func(each func(string, []byte) error) error {
		return sqlpacks.Store{Ctx: r.ctx, Q: r.c}.ReadPacks([]string{account}, each)
	}, math.MinInt32, math.MaxInt32, fn)
}

func (r *reader) Revenue(from, to slcs.Month, fn func(*workspace.RevenueRow) error) error {
	// A window of twelve months out of twenty-four is half the table: one
	// pass in key order beats a lookup a row through the month index. The
	// two texts come as one column (see activities).
	rows, err := r.c.QueryContext(r.ctx, `SELECT account_id || ?1 || product, month, amount FROM revenue NOT INDEXED
		WHERE month BETWEEN ?2 AND ?3`, "\x1f", int64(from), int64(to))
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	var rv workspace.RevenueRow
	var m int64
	var texts sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&texts, &m, &rv.Micros); err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
		i := bytes.IndexByte(texts, 31)
		if i < 0 {
			return fmt.Errorf("sqlite: a malformed revenue row")
		}
		rv.AccountID, rv.Product = string(texts[:i]), string(texts[i+1:])
		rv.Month = slcs.Month(m)
		if err := fn(&rv); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ---- snapshots

func (s *Store) SaveSnapshot(ctx context.Context, snap *workspace.Snapshot) (int64, error) {
	settings, err := json.Marshal(snap.Settings)
	if err != nil {
		return 0, fmt.Errorf("sqlite: %w", err)
	}
	tx, err := s.rw.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("sqlite: %w", err)
	}
	defer tx.Rollback()
	var seg [4]int
	for i := range snap.Accounts {
		seg[snap.Accounts[i].Segment]++
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO snapshots (created_at, created_by, as_of, stable, settings, accounts,
		key_accounts, maintenance_accounts, growth_potential_accounts, service_accounts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		snap.CreatedAt.UTC().Format(time.RFC3339Nano), snap.CreatedBy, int64(snap.AsOf), snap.Stable, string(settings),
		len(snap.Accounts), seg[slcs.Key], seg[slcs.Maintenance], seg[slcs.GrowthPotential], seg[slcs.Service])
	if err != nil {
		return 0, fmt.Errorf("sqlite: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("sqlite: %w", err)
	}
	// many rows a statement: a snapshot of a large portfolio has hundreds
	// of thousands of rows
	acc := &batchInsert{ctx: ctx, tx: tx, table: "snapshot_accounts", cols: []string{"snapshot_id", "account_id", "name",
		"owner", "industry", "segment", "computed", "overridden", "engagement_high", "potential_high", "engagement",
		"potential", "pairs", "frequency", "proactiveness", "pairs_pct", "frequency_pct", "proactiveness_pct",
		"potential_value", "revenue_12m", "recommended_hours", "activities", "inbound", "last_activity",
		"recent_our_people", "recent_their_people", "peer_group", "peer_group_size", "employees", "employees_given"}}
	iso := &batchInsert{ctx: ctx, tx: tx, table: "snapshot_isos", cols: []string{"snapshot_id", "account_id", "product", "kind", "value",
		"spend", "buyers", "adoption", "high", "typical"}}
	for i := range snap.Accounts {
		a := &snap.Accounts[i]
		var last sql.NullInt64
		if a.HasActivity {
			last = sql.NullInt64{Int64: int64(a.LastActivity), Valid: true}
		}
		if err := acc.add(id, a.AccountID, a.Name, a.Owner, a.Industry, int64(a.Segment), int64(a.Computed),
			a.Overridden, a.EngagementHigh, a.PotentialHigh, a.Engagement, a.Potential, a.Pairs, a.Frequency,
			a.Proactiveness, a.PairsPct, a.FrequencyPct, a.ProactivenessPct, a.PotentialValue, a.Revenue12m,
			a.RecommendedHours, a.Activities, a.Inbound, last, a.RecentOurPeople, a.RecentTheirPeople,
			a.PeerGroup, a.PeerGroupSize, a.Employees, a.EmployeesGiven); err != nil {
			return 0, err
		}
		for _, x := range a.ISOs {
			if err := iso.add(id, a.AccountID, x.Product, x.Kind, x.Cents, x.Spend, x.Buyers, x.Adoption, x.High, x.Typical); err != nil {
				return 0, err
			}
		}
	}
	if err := errors.Join(acc.flush(), iso.flush()); err != nil {
		return 0, err
	}
	// the time plan and the audit: segments in report order
	sellers := &batchInsert{ctx: ctx, tx: tx, table: "snapshot_sellers", cols: []string{"snapshot_id", "seller", "capacity",
		"key_accounts", "maintenance_accounts", "growth_potential_accounts", "service_accounts",
		"key_share", "maintenance_share", "growth_potential_share", "service_share"}}
	for _, p := range snap.Sellers {
		if err := sellers.add(id, p.Seller, p.Capacity, p.Accounts[slcs.Key], p.Accounts[slcs.Maintenance],
			p.Accounts[slcs.GrowthPotential], p.Accounts[slcs.Service], p.Share[slcs.Key], p.Share[slcs.Maintenance],
			p.Share[slcs.GrowthPotential], p.Share[slcs.Service]); err != nil {
			return 0, err
		}
	}
	audit := &batchInsert{ctx: ctx, tx: tx, table: "snapshot_audit", cols: []string{"snapshot_id", "person", "owned_accounts",
		"capacity", "key_actual", "maintenance_actual", "growth_potential_actual", "service_actual", "key_recommended",
		"maintenance_recommended", "growth_potential_recommended", "service_recommended", "misallocation",
		"has_misallocation"}}
	for _, r := range snap.Audit {
		if err := audit.add(id, r.Person, r.OwnedAccounts, r.Capacity, r.Actual[slcs.Key], r.Actual[slcs.Maintenance],
			r.Actual[slcs.GrowthPotential], r.Actual[slcs.Service], r.Recommended[slcs.Key],
			r.Recommended[slcs.Maintenance], r.Recommended[slcs.GrowthPotential], r.Recommended[slcs.Service],
			r.Misallocation, r.HasMisallocation); err != nil {
			return 0, err
		}
	}
	if err := errors.Join(sellers.flush(), audit.flush()); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("sqlite: %w", err)
	}
	s.checkpoint(ctx)
	return id, nil
}

// batchInsert inserts rows many at a time.
type batchInsert struct {
	ctx   context.Context
	tx    *sql.Tx
	table string
	cols  []string
	args  []any
	n     int
	full  *sql.Stmt
}

func (b *batchInsert) rowsPerStatement() int { return 30000 / len(b.cols) } // under SQLite's 32766 parameters

func (b *batchInsert) add(vals ...any) error {
	b.args = append(b.args, vals...)
	b.n++
	if b.n == b.rowsPerStatement() {
		return b.flush()
	}
	return nil
}

func (b *batchInsert) sql(n int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(b.cols)), ", ") + ")"
	return "INSERT INTO " + b.table + " (" + strings.Join(b.cols, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
}

// flush writes the rows buffered; statements prepared on the transaction
// close with it.
func (b *batchInsert) flush() error {
	if b.n == 0 {
		return nil
	}
	var err error
	if b.n == b.rowsPerStatement() {
		if b.full == nil {
			if b.full, err = b.tx.PrepareContext(b.ctx, b.sql(b.n)); err != nil {
				return fmt.Errorf("sqlite: %w", err)
			}
		}
		_, err = b.full.ExecContext(b.ctx, b.args...)
	} else {
		_, err = b.tx.ExecContext(b.ctx, b.sql(b.n), b.args...)
	}
	if err != nil {
		return fmt.Errorf("sqlite: writing %s: %w", b.table, err)
	}
	b.args, b.n = b.args[:0], 0
	return nil
}

const snapshotInfoCols = `id, created_at, created_by, as_of, stable, accounts, key_accounts, maintenance_accounts,
	growth_potential_accounts, service_accounts`

func scanInfo(sc interface{ Scan(...any) error }, extra ...any) (workspace.SnapshotInfo, error) {
	var in workspace.SnapshotInfo
	var created string
	var asOf int64
	dst := append([]any{&in.ID, &created, &in.CreatedBy, &asOf, &in.Stable, &in.Accounts,
		&in.Segments[slcs.Key], &in.Segments[slcs.Maintenance], &in.Segments[slcs.GrowthPotential], &in.Segments[slcs.Service]}, extra...)
	if err := sc.Scan(dst...); err != nil {
		return in, err
	}
	t, err := time.Parse(time.RFC3339Nano, created)
	if err != nil {
		return in, err
	}
	in.CreatedAt, in.AsOf = t, slcs.Day(asOf)
	return in, nil
}

func (s *Store) Snapshots(ctx context.Context) ([]workspace.SnapshotInfo, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT "+snapshotInfoCols+" FROM snapshots ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	var out []workspace.SnapshotInfo
	for rows.Next() {
		in, err := scanInfo(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

const snapshotAccountCols = `account_id, name, owner, industry, segment, computed, overridden, engagement_high,
	potential_high, engagement, potential, pairs, frequency, proactiveness, pairs_pct, frequency_pct,
	proactiveness_pct, potential_value, revenue_12m, recommended_hours, activities, inbound, last_activity,
	recent_our_people, recent_their_people, peer_group, peer_group_size, employees, employees_given`

func scanAccount(sc interface{ Scan(...any) error }, extra ...any) (workspace.SnapshotAccount, error) {
	var a workspace.SnapshotAccount
	var seg, computed int64
	var last sql.NullInt64
	dst := append([]any{&a.AccountID, &a.Name, &a.Owner, &a.Industry, &seg, &computed, &a.Overridden,
		&a.EngagementHigh, &a.PotentialHigh, &a.Engagement, &a.Potential, &a.Pairs, &a.Frequency, &a.Proactiveness,
		&a.PairsPct, &a.FrequencyPct, &a.ProactivenessPct, &a.PotentialValue, &a.Revenue12m, &a.RecommendedHours,
		&a.Activities, &a.Inbound, &last, &a.RecentOurPeople, &a.RecentTheirPeople, &a.PeerGroup, &a.PeerGroupSize,
		&a.Employees, &a.EmployeesGiven}, extra...)
	if err := sc.Scan(dst...); err != nil {
		return a, err
	}
	a.Segment, a.Computed = slcs.Segment(seg), slcs.Segment(computed)
	a.LastActivity, a.HasActivity = slcs.Day(last.Int64), last.Valid
	return a, nil
}

func (s *Store) Snapshot(ctx context.Context, id int64) (*workspace.Snapshot, error) {
	tx, err := s.ro.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	defer tx.Rollback()
	var settings string
	in, err := scanInfo(tx.QueryRowContext(ctx, "SELECT "+snapshotInfoCols+", settings FROM snapshots WHERE id = ?", id), &settings)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("snapshot %d: %w", id, workspace.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	snap := &workspace.Snapshot{SnapshotInfo: in}
	if err := json.Unmarshal([]byte(settings), &snap.Settings); err != nil {
		return nil, fmt.Errorf("sqlite: snapshot %d settings: %w", id, err)
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+snapshotAccountCols+" FROM snapshot_accounts WHERE snapshot_id = ? ORDER BY account_id", id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	index := map[string]int{}
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		index[a.AccountID] = len(snap.Accounts)
		snap.Accounts = append(snap.Accounts, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	isos, err := tx.QueryContext(ctx, "SELECT account_id, "+snapshotISOCols+" FROM snapshot_isos WHERE snapshot_id = ? ORDER BY account_id, product", id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	defer isos.Close()
	for isos.Next() {
		var acct string
		x, err := scanISO(isos, &acct)
		if err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		if i, ok := index[acct]; ok {
			snap.Accounts[i].ISOs = append(snap.Accounts[i].ISOs, x)
		}
	}
	if err := isos.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	if snap.Sellers, err = readSellers(ctx, tx, id); err != nil {
		return nil, err
	}
	if snap.Audit, err = readAudit(ctx, tx, id); err != nil {
		return nil, err
	}
	return snap, nil
}

const snapshotISOCols = "product, kind, value, spend, buyers, adoption, high, typical"

// scanISO scans the columns of snapshotISOCols, after those of first.
func scanISO(sc interface{ Scan(...any) error }, first ...any) (workspace.SnapshotISO, error) {
	var x workspace.SnapshotISO
	err := sc.Scan(append(first, &x.Product, &x.Kind, &x.Cents, &x.Spend, &x.Buyers, &x.Adoption, &x.High, &x.Typical)...)
	return x, err
}

// readSellers reads the time plan of snapshot id, by seller.
func readSellers(ctx context.Context, tx *sql.Tx, id int64) ([]model.TimePlan, error) {
	rows, err := tx.QueryContext(ctx, `SELECT seller, capacity, key_accounts, maintenance_accounts, growth_potential_accounts,
		service_accounts, key_share, maintenance_share, growth_potential_share, service_share
		FROM snapshot_sellers WHERE snapshot_id = ? ORDER BY seller`, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	var out []model.TimePlan
	for rows.Next() {
		var p model.TimePlan
		if err := rows.Scan(&p.Seller, &p.Capacity, &p.Accounts[slcs.Key], &p.Accounts[slcs.Maintenance],
			&p.Accounts[slcs.GrowthPotential], &p.Accounts[slcs.Service], &p.Share[slcs.Key], &p.Share[slcs.Maintenance],
			&p.Share[slcs.GrowthPotential], &p.Share[slcs.Service]); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return out, nil
}

// readAudit reads the audit of snapshot id, by person.
func readAudit(ctx context.Context, tx *sql.Tx, id int64) ([]model.AuditRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT person, owned_accounts, capacity, key_actual, maintenance_actual,
		growth_potential_actual, service_actual, key_recommended, maintenance_recommended,
		growth_potential_recommended, service_recommended, misallocation, has_misallocation
		FROM snapshot_audit WHERE snapshot_id = ? ORDER BY person`, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	var out []model.AuditRow
	for rows.Next() {
		var r model.AuditRow
		if err := rows.Scan(&r.Person, &r.OwnedAccounts, &r.Capacity, &r.Actual[slcs.Key], &r.Actual[slcs.Maintenance],
			&r.Actual[slcs.GrowthPotential], &r.Actual[slcs.Service], &r.Recommended[slcs.Key],
			&r.Recommended[slcs.Maintenance], &r.Recommended[slcs.GrowthPotential], &r.Recommended[slcs.Service],
			&r.Misallocation, &r.HasMisallocation); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return out, nil
}

func (s *Store) History(ctx context.Context, accountID string) ([]workspace.HistoryPoint, error) {
	cols := make([]string, 0, 10)
	for _, c := range strings.Split(snapshotInfoCols, ",") {
		cols = append(cols, "s."+strings.TrimSpace(c))
	}
	acols := make([]string, 0, 29)
	for _, c := range strings.Split(snapshotAccountCols, ",") {
		acols = append(acols, "a."+strings.TrimSpace(c))
	}
	rows, err := s.read.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+", "+strings.Join(acols, ", ")+
		" FROM snapshot_accounts a JOIN snapshots s ON s.id = a.snapshot_id WHERE a.account_id = ? ORDER BY s.id", accountID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	var out []workspace.HistoryPoint
	for rows.Next() {
		var p workspace.HistoryPoint
		var a struct {
			seg, computed int64
			last          sql.NullInt64
		}
		x := &p.Account
		p.Snapshot, err = scanInfo(rows, &x.AccountID, &x.Name, &x.Owner, &x.Industry, &a.seg, &a.computed, &x.Overridden,
			&x.EngagementHigh, &x.PotentialHigh, &x.Engagement, &x.Potential, &x.Pairs, &x.Frequency, &x.Proactiveness,
			&x.PairsPct, &x.FrequencyPct, &x.ProactivenessPct, &x.PotentialValue, &x.Revenue12m, &x.RecommendedHours,
			&x.Activities, &x.Inbound, &a.last, &x.RecentOurPeople, &x.RecentTheirPeople, &x.PeerGroup, &x.PeerGroupSize,
			&x.Employees, &x.EmployeesGiven)
		if err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		x.Segment, x.Computed = slcs.Segment(a.seg), slcs.Segment(a.computed)
		x.LastActivity, x.HasActivity = slcs.Day(a.last.Int64), a.last.Valid
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	if len(out) > 0 {
		// the ISOs of every point, in one query: through the account index
		// of snapshot_accounts, then the key of snapshot_isos
		at := make(map[int64]int, len(out))
		for i := range out {
			at[out[i].Snapshot.ID] = i
		}
		icols := strings.ReplaceAll("i."+snapshotISOCols, ", ", ", i.")
		irows, err := s.read.QueryContext(ctx, "SELECT i.snapshot_id, "+icols+` FROM snapshot_accounts a
			JOIN snapshot_isos i ON i.snapshot_id = a.snapshot_id AND i.account_id = a.account_id
			WHERE a.account_id = ? ORDER BY i.snapshot_id, i.product`, accountID)
		if err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		defer irows.Close()
		for irows.Next() {
			var id int64
			x, err := scanISO(irows, &id)
			if err != nil {
				return nil, fmt.Errorf("sqlite: %w", err)
			}
			if i, ok := at[id]; ok {
				out[i].Account.ISOs = append(out[i].Account.ISOs, x)
			}
		}
		if err := irows.Err(); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
	}
	return out, nil
}

// ---- overrides

// inForce selects the override of an account that holds on a day.
const inForce = "account_id = ? AND lifted_at IS NULL AND (until_day IS NULL OR until_day >= ?)"

func (s *Store) SetOverride(ctx context.Context, o workspace.Override) error {
	tx, err := s.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer tx.Rollback()
	at := o.At.UTC().Format(time.RFC3339Nano)
	if _, err := tx.ExecContext(ctx, "UPDATE overrides SET lifted_at = ?, lifted_by = ? WHERE "+inForce,
		at, o.By, o.AccountID, int64(slcs.DayOf(o.At))); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	var until sql.NullInt64
	if o.HasUntil {
		until = sql.NullInt64{Int64: int64(o.Until), Valid: true}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO overrides (account_id, segment, reason, set_by, set_at, until_day) VALUES (?, ?, ?, ?, ?, ?)",
		o.AccountID, int64(o.Segment), o.Reason, o.By, at, until); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}

func (s *Store) LiftOverride(ctx context.Context, accountID, by string, at time.Time) error {
	res, err := s.rw.ExecContext(ctx, "UPDATE overrides SET lifted_at = ?, lifted_by = ? WHERE "+inForce,
		at.UTC().Format(time.RFC3339Nano), by, accountID, int64(slcs.DayOf(at)))
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	} else if n == 0 {
		return fmt.Errorf("no override of account %s: %w", accountID, workspace.ErrNotFound)
	}
	return nil
}

func (s *Store) Overrides(ctx context.Context) ([]workspace.Override, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT id, account_id, segment, reason, set_by, set_at, until_day, lifted_at, lifted_by FROM overrides ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	var out []workspace.Override
	for rows.Next() {
		var o workspace.Override
		var seg int64
		var at string
		var until sql.NullInt64
		var liftedAt, liftedBy sql.NullString
		if err := rows.Scan(&o.ID, &o.AccountID, &seg, &o.Reason, &o.By, &at, &until, &liftedAt, &liftedBy); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		o.Segment = slcs.Segment(seg)
		if o.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		o.Until, o.HasUntil = slcs.Day(until.Int64), until.Valid
		if liftedAt.Valid {
			if o.LiftedAt, err = time.Parse(time.RFC3339Nano, liftedAt.String); err != nil {
				return nil, fmt.Errorf("sqlite: %w", err)
			}
			o.LiftedBy = liftedBy.String
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
