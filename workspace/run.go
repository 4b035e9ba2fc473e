package workspace

import (
	"context"
	"errors"
	"time"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// ErrNoAccounts is the error of classifying a workspace with no accounts.
var ErrNoAccounts = errors.New("the workspace holds no accounts: load a portfolio into it first")

// RunOptions say how to classify a workspace and save the snapshot.
type RunOptions struct {
	Settings slcs.Settings
	AsOf     slcs.Day // when HasAsOf; else by the default rule
	HasAsOf  bool
	// NoHysteresis turns the stability margin off.
	NoHysteresis bool
	Now          time.Time
	By           string // who asked for it
	Progress     func(activities int64)
}

// Run classifies the workspace with the overrides in force and, unless
// turned off, the stability margin against the latest snapshot, and saves
// the classification as a new snapshot.
func Run(ctx context.Context, st Store, o RunOptions) (*model.Result, model.AsOfRule, int64, error) {
	today := slcs.DayOf(o.Now)
	co := ClassifyOptions{Settings: o.Settings, AsOf: o.AsOf, HasAsOf: o.HasAsOf, Today: today, Progress: o.Progress}
	if !o.NoHysteresis {
		snaps, err := st.Snapshots(ctx)
		if err != nil {
			return nil, 0, 0, err
		}
		if len(snaps) > 0 {
			if co.Previous, err = st.Snapshot(ctx, snaps[len(snaps)-1].ID); err != nil {
				return nil, 0, 0, err
			}
		}
	}
	overrides, err := st.Overrides(ctx)
	if err != nil {
		return nil, 0, 0, err
	}
	co.Overrides = ActiveOverrides(overrides, today)
	res, rule, err := Classify(ctx, st, co)
	if err != nil {
		return nil, 0, 0, err
	}
	if len(res.Accounts) == 0 {
		return nil, 0, 0, ErrNoAccounts
	}
	snap := NewSnapshot(res, !o.NoHysteresis)
	snap.CreatedAt, snap.CreatedBy = o.Now, o.By
	id, err := st.SaveSnapshot(ctx, snap)
	if err != nil {
		return nil, 0, 0, err
	}
	return res, rule, id, nil
}
