package main

import (
	"context"

	"github.com/slcs/slcs/postgres"
	"github.com/slcs/slcs/workspace"
)

func openPostgres(ctx context.Context, url string) (workspace.Store, error) {
	return postgres.Open(ctx, url)
}
