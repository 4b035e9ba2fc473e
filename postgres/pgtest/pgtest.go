// Package pgtest gives tests PostgreSQL databases of their own, on the
// server SLCS_TEST_POSTGRES names: the postgres package's tests, and any
// other that runs slcs on PostgreSQL (the commands' tests).
//
// Without SLCS_TEST_POSTGRES the tests are skipped, except in CI (CI set),
// where they fail: there they must run.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env names the URL of a database on the test server, whose user may
// create databases.
const Env = "SLCS_TEST_POSTGRES"

const help = "the PostgreSQL tests need a server: set " + Env +
	"=postgres://postgres@127.0.0.1:5432/test?sslmode=disable (a user who may create databases)"

// Available tells whether a test server is configured. In CI, where one
// must be, it fails t instead of saying false.
func Available(t testing.TB) bool {
	t.Helper()
	if os.Getenv(Env) != "" {
		return true
	}
	if os.Getenv("CI") != "" {
		t.Fatal(help)
	}
	return false
}

// Require skips t (fails it in CI) when no test server is configured.
func Require(t testing.TB) {
	t.Helper()
	if !Available(t) {
		t.Skip(help)
	}
}

// DB creates an empty database on the test server and returns its URL; the
// database is dropped when t ends. Without a server, t is skipped (failed
// in CI).
func DB(t testing.TB) string {
	t.Helper()
	Require(t)
	admin := os.Getenv(Env)
	b := make([]byte, 8)
	rand.Read(b)
	name := "slcs_test_" + hex.EncodeToString(b)

	ctx := t.Context()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connecting to %s: %v", Env, err)
	}
	defer conn.Close(ctx)
	// An identifier cannot be a parameter; the name is ours, quoted.
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatalf("creating a test database: %v", err)
	}
	t.Cleanup(func() {
		// t.Context() is canceled by now.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("dropping the test database: %v", err)
			return
		}
		defer conn.Close(ctx)
		// FORCE: a connection the test leaked must not keep the database.
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("dropping the test database: %v", err)
		}
	})

	// The same server and user, the new database.
	if u, err := url.Parse(admin); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		u.Path = "/" + name
		return u.String()
	}
	return admin + " dbname=" + name // a key=value string: the last dbname wins
}
