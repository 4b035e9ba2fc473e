package main

import "testing"

// postgresTestDB is replaced when PostgreSQL workspaces are built in.
func postgresTestDB(t *testing.T) func(t *testing.T) string { return nil }
