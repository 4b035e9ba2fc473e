package model_test

import (
	"testing"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// stabilityPortfolio: four accounts whose engagement comes from pairs alone
// (weights 1/0/0). Pairs 1, 2, 3, 4 give 2L+Q = 1, 3, 5, 7 and, with N = 4,
// engagement 50 x c / 4 = 12.5, 37.5, 62.5, 87.5.
func stabilityPortfolio(t *testing.T, s slcs.Settings, priors map[string]model.Prior, overrides map[string]slcs.Segment) *model.Result {
	t.Helper()
	asOf := mtDay(t, "2026-06-30")
	b, err := model.NewBuilder(s, asOf)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []string{"a1", "a2", "a3", "a4"} {
		idx, _ := b.AddAccount(model.Account{ID: id, Owner: "s@o.example", Industry: "x"})
		theirs := []string{"p1@c.example", "p2@c.example", "p3@c.example", "p4@c.example"}[:i+1]
		b.AddActivity(&model.Activity{Account: idx, Day: asOf, Type: slcs.Meeting, Minutes: -1,
			Ours: mtSplit("s@o.example"), Theirs: mtSplit(joinPeople(theirs))})
	}
	b.SetPriors(priors)
	b.SetOverrides(overrides)
	return b.Classify()
}

func joinPeople(p []string) string {
	s := ""
	for i, x := range p {
		if i > 0 {
			s += ";"
		}
		s += x
	}
	return s
}

func TestStabilityMargin(t *testing.T) {
	base := slcs.DefaultSettings()
	base.Engagement.Weights = slcs.ComponentWeights{Pairs: 1}
	tests := []struct {
		name      string
		threshold float64
		margin    float64
		account   string // its engagement is 12.5, 37.5, 62.5 or 87.5
		prior     *model.Prior
		high      bool
		held      bool
	}{
		{"no prior: threshold alone", 40, 5, "a2", nil, false, false},
		{"was high, within the margin below: stays high", 40, 5, "a2", &model.Prior{EngagementHigh: true}, true, true},
		{"was high, exactly at threshold minus margin: stays high", 42.5, 5, "a2", &model.Prior{EngagementHigh: true}, true, true},
		{"was high, below threshold minus margin: falls", 43, 5, "a2", &model.Prior{EngagementHigh: true}, false, false},
		{"was low, above threshold but within margin: stays low", 60, 5, "a3", &model.Prior{}, false, true},
		{"was low, exactly at threshold plus margin: rises", 57.5, 5, "a3", &model.Prior{}, true, false},
		{"was low, well above: rises", 50, 5, "a4", &model.Prior{}, true, false},
		{"margin 0 is the threshold alone", 37.5, 0, "a2", &model.Prior{}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base
			s.Engagement.Threshold = tt.threshold
			s.Stability.Margin = tt.margin
			var priors map[string]model.Prior
			if tt.prior != nil {
				priors = map[string]model.Prior{tt.account: *tt.prior}
			}
			r := stabilityPortfolio(t, s, priors, nil)
			a := mtAccount(t, r, tt.account)
			if a.Engagement.High != tt.high || a.Engagement.Held != tt.held {
				t.Errorf("engagement %.2f: high %v held %v, want high %v held %v",
					a.Engagement.Value, a.Engagement.High, a.Engagement.Held, tt.high, tt.held)
			}
			if a.Computed != a.Segment || a.Overridden {
				t.Errorf("segment %v computed %v overridden %v without an override", a.Segment, a.Computed, a.Overridden)
			}
		})
	}
}

// The margin applies to potential too: with no ISOs anywhere, every
// potential is 0, and an account that was high stays high only while
// threshold - margin <= 0.
func TestStabilityMarginOnPotential(t *testing.T) {
	s := slcs.DefaultSettings()
	s.Potential.Threshold = 5
	s.Stability.Margin = 5
	r := stabilityPortfolio(t, s, map[string]model.Prior{"a1": {PotentialHigh: true}, "a2": {}}, nil)
	if a := mtAccount(t, r, "a1"); !a.Potential.High || !a.Potential.Held {
		t.Errorf("a1: potential 0 with prior high and threshold-margin 0: high %v held %v", a.Potential.High, a.Potential.Held)
	}
	if a := mtAccount(t, r, "a2"); a.Potential.High || a.Potential.Held {
		t.Errorf("a2: high %v held %v, want low, not held", a.Potential.High, a.Potential.Held)
	}
}

func TestOverridePinsSegmentAndTimePlan(t *testing.T) {
	s := slcs.DefaultSettings()
	s.Engagement.Weights = slcs.ComponentWeights{Pairs: 1}
	// without override: a1 (12.5) and a2 (37.5) are service, a3 and a4 maintenance
	r := stabilityPortfolio(t, s, nil, map[string]slcs.Segment{"a1": slcs.Key})
	a := mtAccount(t, r, "a1")
	if a.Segment != slcs.Key || a.Computed != slcs.Service || !a.Overridden {
		t.Fatalf("a1: segment %v computed %v overridden %v", a.Segment, a.Computed, a.Overridden)
	}
	// the seller now owns key (0.50), maintenance (0.15) and service (0.05):
	// key gets 0.5 / 0.7 of 120 hours
	p := mtPlan(r, "s@o.example")
	if p.Accounts[slcs.Key] != 1 || p.Accounts[slcs.Service] != 1 {
		t.Errorf("plan counts %v", p.Accounts)
	}
	mtFloat(t, "a1 recommended hours", float64(a.RecommendedHours)/100, 85.71, 0.005)
	if r.Segments[slcs.Key].Accounts != 1 {
		t.Errorf("segment summary counts %d key accounts", r.Segments[slcs.Key].Accounts)
	}
}

func TestLastActivityAndRecentPeople(t *testing.T) {
	asOf := mtDay(t, "2026-06-30")
	b, err := model.NewBuilder(slcs.DefaultSettings(), asOf)
	if err != nil {
		t.Fatal(err)
	}
	i1, _ := b.AddAccount(model.Account{ID: "a1", Owner: "s@o.example"})
	b.AddAccount(model.Account{ID: "a2", Owner: "s@o.example"})
	add := func(age int, ours, theirs string) {
		b.AddActivity(&model.Activity{Account: i1, Day: asOf - slcs.Day(age), Type: slcs.Call, Minutes: -1,
			Ours: mtSplit(ours), Theirs: mtSplit(theirs)})
	}
	add(-3, "x@o.example", "q@c.example")             // after the as-of date: ignored
	add(10, "s@o.example;t@o.example", "p@c.example") // recent
	add(89, "s@o.example", "p@c.example;r@c.example") // recent (89 < 90)
	add(90, "u@o.example", "z@c.example")             // not recent
	add(400, "v@o.example", "w@c.example")            // old
	r := b.Classify()
	a := mtAccount(t, r, "a1")
	if !a.HasActivity || a.LastActivity != asOf-10 {
		t.Errorf("last activity %v (%v), want %v", a.LastActivity, a.HasActivity, asOf-10)
	}
	if a.RecentOurPeople != 2 || a.RecentTheirPeople != 2 {
		t.Errorf("recent people %d ours, %d theirs; want 2 and 2", a.RecentOurPeople, a.RecentTheirPeople)
	}
	if a2 := mtAccount(t, r, "a2"); a2.HasActivity || a2.RecentOurPeople != 0 {
		t.Errorf("a2 without activity: %+v", a2)
	}
}
