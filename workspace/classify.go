package workspace

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// ClassifyOptions say how to classify a workspace.
type ClassifyOptions struct {
	Settings slcs.Settings
	AsOf     slcs.Day // when HasAsOf; else by the default rule
	HasAsOf  bool
	Today    slcs.Day
	// Previous, when set, is the snapshot the stability margin holds
	// accounts against.
	Previous *Snapshot
	// Overrides pin segments.
	Overrides map[string]slcs.Segment
}

// Classify classifies the portfolio of a workspace, as one consistent read.
func Classify(ctx context.Context, s Store, o ClassifyOptions) (*model.Result, model.AsOfRule, error) {
	var res *model.Result
	var rule model.AsOfRule
	err := s.ReadPortfolio(ctx, func(r PortfolioReader) error {
		asOf, rl := o.AsOf, model.AsOfGiven
		if !o.HasAsOf {
			day, okDay, err := r.LatestActivityDay(o.Today)
			if err != nil {
				return err
			}
			month, okMonth, err := r.LatestRevenueMonth()
			if err != nil {
				return err
			}
			asOf, rl = model.AsOf(day, okDay, month, okMonth, o.Today)
		}
		b, err := model.NewBuilder(o.Settings, asOf)
		if err != nil {
			return err
		}
		index := map[string]int32{}
		err = r.Accounts(func(a *AccountRow) error {
			i, _ := b.AddAccount(model.Account{ID: a.ID, Name: a.Name, Owner: a.Owner, Industry: a.Industry,
				Employees: a.Employees, EmployeesGiven: a.EmployeesGiven})
			index[a.ID] = i
			return nil
		})
		if err != nil {
			return err
		}
		err = r.Team(func(m *TeamRow) error {
			c := m.Capacity
			if !m.CapacityGiven {
				c = o.Settings.Time.DefaultCapacity
			}
			b.AddTeamMember(m.Email, c)
			return nil
		})
		if err != nil {
			return err
		}
		// every activity: those of any date name the people of the audit
		var act model.Activity
		err = r.Activities(math.MinInt32, math.MaxInt32, func(a *ActivityRow) error {
			i, ok := index[a.AccountID]
			if !ok {
				return fmt.Errorf("workspace: activity %s of unknown account %s", a.ID, a.AccountID)
			}
			act = model.Activity{Account: i, Day: a.Day, Type: a.Type, Inbound: a.Inbound, Minutes: a.Minutes,
				Ours: splitPeople(act.Ours[:0], a.OurPeople), Theirs: splitPeople(act.Theirs[:0], a.TheirPeople)}
			b.AddActivity(&act)
			return nil
		})
		if err != nil {
			return err
		}
		last := asOf.Month()
		first := last - slcs.Month(o.Settings.Potential.RevenueMonths) + 1
		err = r.Revenue(first, last, func(rv *RevenueRow) error {
			i, ok := index[rv.AccountID]
			if !ok {
				return fmt.Errorf("workspace: revenue of unknown account %s", rv.AccountID)
			}
			return b.AddRevenue(i, []byte(rv.Product), rv.Month, rv.Micros)
		})
		if err != nil {
			return err
		}
		if o.Previous != nil {
			priors := make(map[string]model.Prior, len(o.Previous.Accounts))
			for _, a := range o.Previous.Accounts {
				priors[a.AccountID] = model.Prior{EngagementHigh: a.EngagementHigh, PotentialHigh: a.PotentialHigh}
			}
			b.SetPriors(priors)
		}
		b.SetOverrides(o.Overrides)
		res, rule = b.Classify(), rl
		return nil
	})
	return res, rule, err
}

// splitPeople splits a stored people cell (already normalized).
func splitPeople(dst [][]byte, cell string) [][]byte {
	for cell != "" {
		item, rest, _ := strings.Cut(cell, ";")
		if item != "" {
			dst = append(dst, []byte(item))
		}
		cell = rest
	}
	return dst
}

// NewSnapshot makes the snapshot of a classification.
func NewSnapshot(r *model.Result, stable bool) *Snapshot {
	s := &Snapshot{SnapshotInfo: SnapshotInfo{AsOf: r.AsOf, Accounts: len(r.Accounts), Stable: stable}, Settings: r.Settings}
	s.Accounts = make([]SnapshotAccount, len(r.Accounts))
	for i := range r.Accounts {
		a := &r.Accounts[i]
		sa := SnapshotAccount{
			AccountID: a.ID, Name: a.Name, Owner: a.Owner, Industry: a.Industry,
			Segment: a.Segment, Computed: a.Computed, Overridden: a.Overridden,
			EngagementHigh: a.Engagement.High, PotentialHigh: a.Potential.High,
			Engagement: a.Engagement.Hundredths, Potential: a.Potential.Hundredths,
			Pairs:     int64(a.Pairs.Raw),
			Frequency: int64(math.Round(a.Frequency.Raw * 1e6)), Proactiveness: int64(math.Round(a.Proactiveness.Raw * 1e6)),
			PairsPct: a.Pairs.Percentile, FrequencyPct: a.Frequency.Percentile, ProactivenessPct: a.Proactiveness.Percentile,
			PotentialValue: a.PotentialValue, Revenue12m: a.Revenue12m, RecommendedHours: a.RecommendedHours,
			Activities: a.Activities, Inbound: a.Inbound,
			LastActivity: a.LastActivity, HasActivity: a.HasActivity,
			RecentOurPeople: a.RecentOurPeople, RecentTheirPeople: a.RecentTheirPeople,
		}
		for _, x := range a.ISOs {
			sa.ISOs = append(sa.ISOs, SnapshotISO{Product: x.Product, Kind: x.Kind.String(), Cents: x.Cents})
		}
		s.Accounts[i] = sa
		s.Segments[a.Segment]++
	}
	return s
}

// ActiveOverrides returns the segments pinned on day d.
func ActiveOverrides(all []Override, d slcs.Day) map[string]slcs.Segment {
	m := map[string]slcs.Segment{}
	for _, o := range all {
		if o.Active(d) {
			m[o.AccountID] = o.Segment
		}
	}
	return m
}
