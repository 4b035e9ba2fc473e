package main

import (
	"context"
	"errors"

	"github.com/slcs/slcs/workspace"
)

func openPostgres(ctx context.Context, url string) (workspace.Store, error) {
	return nil, errors.New("PostgreSQL workspaces are not available in this build")
}
