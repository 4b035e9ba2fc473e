// Package postgres is a workspace.Store in a PostgreSQL database, for teams
// whose slcs processes share one workspace.
//
// Several processes may use the same database at once: migrations run under
// an advisory lock; imports are single transactions that COPY their rows in
// batches and upsert them, side by side, except that a replace waits for
// the imports under way and the next ones wait for it, and that imports
// merge their activities into the accounts' packs one at a time, at
// commit; ReadPortfolio reads
// one REPEATABLE READ snapshot, so a reader never sees half of an import.
// When PostgreSQL abandons a transaction for a concurrent one (deadlock,
// serialization failure), the error wraps workspace.ErrRetry.
//
// Besides the tables, slcs needs the right to create temporary tables
// (PostgreSQL grants it to everyone by default), for the staging of
// imports.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/slcs/slcs/workspace"
)

//go:embed migrations/*.sql
var embedded embed.FS

// Advisory locks are keyed (lockClass, what). The class keeps slcs's locks
// apart from those of any other application sharing the database; the value
// is "SLCS" in ASCII.
const (
	lockClass     = 0x534c4353
	lockMigrate   = 1
	lockSnapshots = 2
	lockOverrides = 3
	lockPortfolio = 4
	lockPacks     = 5
)

// Store is a workspace in a PostgreSQL database.
type Store struct {
	pool *pgxpool.Pool
}

var _ workspace.Store = (*Store)(nil)

// Open connects to the database at url (a postgres:// URL or a key=value
// connection string), brings its schema up to date and returns the store.
// It refuses, with an error wrapping workspace.ErrSchemaTooNew, a database
// migrated by a newer slcs.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	// Migrating holds the lock on one connection while goose works on
	// another, and an import plus a reader need two as well.
	if cfg.MaxConns < 2 {
		cfg.MaxConns = 2
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return &Store{pool: pool}, nil
}

// Close releases the store's connections. It waits for imports and reads
// under way to end, so end them first.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// migrate applies the embedded migrations the database lacks.
func migrate(ctx context.Context, pool *pgxpool.Pool) (err error) {
	migrations, err := fs.Sub(embedded, "migrations")
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}

	// Two processes opening a new database at once would both try to create
	// goose's table and the schema. A session advisory lock, held on a
	// connection of its own while goose works on another, makes the second
	// wait for the first and then find nothing left to do. pg_advisory_lock
	// blocks (rather than polling like goose's own locker), so the wait is
	// no longer than the migration.
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1, $2)", lockClass, lockMigrate); err != nil {
		return fmt.Errorf("postgres: waiting for other slcs processes to finish migrating: %w", err)
	}
	defer func() {
		// Unlock even when ctx was canceled; if that fails the connection is
		// closed, which releases the lock too.
		if _, uerr := conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1, $2)", lockClass, lockMigrate); uerr != nil {
			conn.Conn().Close(context.WithoutCancel(ctx))
			if err == nil {
				err = fmt.Errorf("postgres: releasing the migration lock: %w", uerr)
			}
		}
	}()

	// Goose works on database/sql; this *sql.DB borrows connections from the
	// pool (closing it leaves the pool open).
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	provider, err := goose.NewProvider(goose.DialectPostgres, db, migrations,
		// Go migrations registered globally by other packages (the sqlite
		// store uses goose too) are not ours.
		goose.WithDisableGlobalRegistry(true), goose.WithGoMigrations(goMigrations()...))
	if err != nil {
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	sources := provider.ListSources()
	newest := sources[len(sources)-1].Version

	// Refuse a newer schema before touching anything: this slcs does not
	// know what the newer migrations changed.
	current, err := schemaVersion(ctx, conn.Conn())
	if err != nil {
		return err
	}
	if current > newest {
		return fmt.Errorf("postgres: the database is at schema version %d, this slcs knows versions up to %d; upgrade slcs: %w",
			current, newest, workspace.ErrSchemaTooNew)
	}
	if _, err := provider.Up(ctx); err != nil {
		return fmt.Errorf("postgres: migrating the database: %w", err)
	}
	return nil
}

// schemaVersion is the newest migration applied to the database, 0 for a
// database goose has never seen.
func schemaVersion(ctx context.Context, conn *pgx.Conn) (int64, error) {
	// to_regclass looks the table up on the search path as goose does, and
	// gives NULL rather than an error when it is missing.
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT to_regclass('goose_db_version') IS NOT NULL").Scan(&exists); err != nil {
		return 0, fmt.Errorf("postgres: reading the schema version: %w", err)
	}
	if !exists {
		return 0, nil
	}
	var v int64
	if err := conn.QueryRow(ctx, "SELECT COALESCE(max(version_id), 0) FROM goose_db_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("postgres: reading the schema version: %w", err)
	}
	return v, nil
}

// wrap gives err the package's prefix. The failures PostgreSQL resolves by
// abandoning one transaction for another (deadlock, serialization failure)
// also wrap workspace.ErrRetry: nothing of the transaction was kept, and
// the caller runs it again.
func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (pgErr.Code == "40P01" || pgErr.Code == "40001") {
		return fmt.Errorf("postgres: %s: %w (%w)", what, workspace.ErrRetry, err)
	}
	return fmt.Errorf("postgres: %s: %w", what, err)
}

// lock takes one of slcs's transaction-scoped advisory locks; it is released
// at commit or rollback.
func lock(ctx context.Context, tx pgx.Tx, what int32) error {
	_, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, $2)", int32(lockClass), what)
	return err
}
