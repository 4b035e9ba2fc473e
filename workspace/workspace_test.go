package workspace

import (
	"testing"
	"time"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

func TestOverrideActive(t *testing.T) {
	day := slcs.MakeDay(2026, 6, 30)
	tests := []struct {
		name string
		o    Override
		want bool
	}{
		{"no end", Override{}, true},
		{"ends that day", Override{Until: day, HasUntil: true}, true},
		{"ended the day before", Override{Until: day - 1, HasUntil: true}, false},
		{"lifted", Override{LiftedAt: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}, false},
	}
	for _, tt := range tests {
		if got := tt.o.Active(day); got != tt.want {
			t.Errorf("%s: Active = %v, want %v", tt.name, got, tt.want)
		}
	}
	all := []Override{
		{AccountID: "a", Segment: slcs.Key},
		{AccountID: "b", Segment: slcs.Service, Until: day - 1, HasUntil: true},
		{AccountID: "c", Segment: slcs.Maintenance, LiftedAt: time.Now()},
		{AccountID: "a", Segment: slcs.GrowthPotential}, // the later one of a wins
	}
	got := ActiveOverrides(all, day)
	if len(got) != 1 || got["a"] != slcs.GrowthPotential {
		t.Errorf("ActiveOverrides = %v, want only a: growth_potential", got)
	}
}

// A snapshot keeps what the reports and the comparisons need, exactly.
func TestNewSnapshot(t *testing.T) {
	r := &model.Result{AsOf: slcs.MakeDay(2026, 6, 30), Settings: slcs.DefaultSettings(), Accounts: []model.AccountResult{{
		ID: "a", Name: "A", Owner: "o@x", Industry: "retail", Segment: slcs.Key, Computed: slcs.GrowthPotential, Overridden: true,
		Engagement: model.Score{Hundredths: 4567, High: false}, Potential: model.Score{Hundredths: 9000, High: true},
		Pairs: model.Component{Raw: 12, Percentile: 62.5}, Frequency: model.Component{Raw: 1.234567, Percentile: 50},
		Proactiveness:  model.Component{Raw: 0.333333, Percentile: 12.5},
		PotentialValue: 123456, Revenue12m: 7_500_000, RecommendedHours: 6000, Activities: 9, Inbound: 3,
		LastActivity: slcs.MakeDay(2026, 6, 1), HasActivity: true, RecentOurPeople: 1, RecentTheirPeople: 4,
		ISOs: []model.ISO{{Product: "P", Kind: model.CrossSell, Cents: 1000}},
	}}}
	s := NewSnapshot(r, true)
	a := s.Accounts[0]
	if s.AsOf != r.AsOf || !s.Stable || s.Accounts[0].AccountID != "a" || s.Segments[slcs.Key] != 1 {
		t.Fatalf("snapshot %+v", s.SnapshotInfo)
	}
	if a.Segment != slcs.Key || a.Computed != slcs.GrowthPotential || !a.Overridden || a.EngagementHigh || !a.PotentialHigh ||
		a.Engagement != 4567 || a.Potential != 9000 || a.Pairs != 12 || a.Frequency != 1234567 || a.Proactiveness != 333333 ||
		a.PairsPct != 62.5 || a.PotentialValue != 123456 || a.Revenue12m != 7_500_000 || a.RecommendedHours != 6000 ||
		a.LastActivity != slcs.MakeDay(2026, 6, 1) || !a.HasActivity || a.RecentOurPeople != 1 || a.RecentTheirPeople != 4 {
		t.Errorf("account %+v", a)
	}
	if len(a.ISOs) != 1 || a.ISOs[0] != (SnapshotISO{Product: "P", Kind: "cross-sell", Cents: 1000}) {
		t.Errorf("ISOs %+v", a.ISOs)
	}
}
