package main

import (
	"testing"

	"github.com/slcs/slcs/postgres/pgtest"
)

// postgresTestDB gives each test a database of its own on the PostgreSQL
// test server, or nil when there is none (tests then run on SQLite only;
// in CI a server is required).
func postgresTestDB(t *testing.T) func(t *testing.T) string {
	if !pgtest.Available(t) {
		return nil
	}
	return func(t *testing.T) string { return pgtest.DB(t) }
}
