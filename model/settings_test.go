package model_test

import (
	"testing"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// Portfolios shared by the settings cases (the same as in the default-model
// tests, whose hand computations apply with the default settings).

// mtTies: N = 4; pairs A 0, B 1, C 1, D 2; one outbound meeting today on
// B, C, D (frequency 1), proactiveness 0. Defaults: pct_pairs B 50, D 87.5;
// pct_frequency 62.5; engagement B 43.75, D 62.5.
func mtTies() mtPortfolio {
	p := mtPortfolio{acts: []mtAct{
		mtOutbound("B", 0, "x@c.example"), mtOutbound("C", 0, "y@c.example"),
		mtOutbound("D", 0, "x@c.example;y@c.example"),
	}}
	for _, id := range []string{"A", "B", "C", "D"} {
		p.accounts = append(p.accounts, mtA(id, "s@o.example", "", 10))
	}
	return p
}

// mtFifty: N = 4; A nothing; X, Y: an inbound and an outbound meeting
// today (pairs 1, frequency 2, proactiveness 0.5); Z: three inbound
// meetings with two client people (pairs 2, frequency 3, proactiveness 1).
// Defaults: X, Y pct 50 in each component (engagement 50), Z 87.5.
func mtFifty() mtPortfolio {
	p := mtPortfolio{acts: []mtAct{
		mtInbound("X", 0, "x@c.example"), mtOutbound("X", 0, "x@c.example"),
		mtInbound("Y", 0, "y@c.example"), mtOutbound("Y", 0, "y@c.example"),
		mtInbound("Z", 0, "z@c.example"), mtInbound("Z", 0, "z@c.example"), mtInbound("Z", 0, "w@c.example"),
	}}
	for _, id := range []string{"A", "X", "Y", "Z"} {
		p.accounts = append(p.accounts, mtA(id, "s@o.example", "", 10))
	}
	return p
}

// mtBuyers: N = 4, head-counts 1. P: A1 100, A2 200 (2 buyers). Q: A1 10,
// A2 20, A3 60 (3 buyers). Defaults: Q typical 20, high 40.
func mtBuyers() mtPortfolio {
	const m = "2026-05"
	p := mtPortfolio{revenue: []mtRev{
		mtR("A1", "P", m, 100), mtR("A2", "P", m, 200),
		mtR("A1", "Q", m, 10), mtR("A2", "Q", m, 20), mtR("A3", "Q", m, 60),
	}}
	for _, id := range []string{"A1", "A2", "A3", "A4"} {
		p.accounts = append(p.accounts, mtA(id, "s@o.example", "", 1))
	}
	return p
}

// mtIndustries: retail R1..R5 and mining M1, M2, head-counts 1. P: R1, R2,
// M1 100. Q: R1 10, R2 20, R3 30.
func mtIndustries() mtPortfolio {
	const m = "2026-05"
	p := mtPortfolio{revenue: []mtRev{
		mtR("R1", "P", m, 100), mtR("R2", "P", m, 100), mtR("M1", "P", m, 100),
		mtR("R1", "Q", m, 10), mtR("R2", "Q", m, 20), mtR("R3", "Q", m, 30),
	}}
	for _, id := range []string{"R1", "R2", "R3", "R4", "R5"} {
		p.accounts = append(p.accounts, mtA(id, "s@o.example", "retail", 1))
	}
	p.accounts = append(p.accounts, mtA("M1", "s@o.example", "mining", 1), mtA("M2", "s@o.example", "mining", 1))
	return p
}

// mtAges: as of 2026-06-30, one outbound meeting of 180 minutes on account
// "a<age>" by person "p<age>@o.example" for each age.
func mtAges(ages ...int) mtPortfolio {
	var p mtPortfolio
	for _, age := range ages {
		id := "a" + itoa(age)
		p.accounts = append(p.accounts, mtA(id, "s@o.example", "", 10))
		p.acts = append(p.acts, mtAct{acct: id, age: age, typ: slcs.Meeting, minutes: 180,
			ours: "p" + itoa(age) + "@o.example", theirs: "c@c.example"})
	}
	return p
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	if neg {
		s = "-" + s
	}
	return s
}

// mtHours is a person's actual hours a month over the four segments.
func mtHours(t testing.TB, r *model.Result, person string) float64 {
	t.Helper()
	row := mtAudit(r, person)
	if row == nil {
		t.Errorf("%s is not in the audit", person)
		return 0
	}
	var sum float64
	for _, h := range row.Actual {
		sum += h
	}
	return sum
}

func TestSettingsByHand(t *testing.T) {
	cases := []struct {
		name     string
		p        mtPortfolio
		settings func(*slcs.Settings)
		check    func(t *testing.T, r *model.Result)
	}{
		{
			// Only pairs count: engagement = pct_pairs: B 50 (high now),
			// D 87.5, A 0.
			name:     "engagement weights",
			p:        mtTies(),
			settings: func(s *slcs.Settings) { s.Engagement.Weights = slcs.ComponentWeights{Pairs: 1} },
			check: func(t *testing.T, r *model.Result) {
				mtScore(t, r, "B", 50, 0, slcs.Maintenance)
				mtScore(t, r, "D", 87.5, 0, slcs.Maintenance)
				mtScore(t, r, "A", 0, 0, slcs.Service)
			},
		},
		{
			// Weights 2, 1, 1 (not summing to 1): B = 2 x 50 + 62.5 = 162.5.
			// With threshold 100 B is high.
			name: "engagement weights not summing to 1",
			p:    mtTies(),
			settings: func(s *slcs.Settings) {
				s.Engagement.Weights = slcs.ComponentWeights{Pairs: 2, Frequency: 1, Proactiveness: 1}
				s.Engagement.Threshold = 100
			},
			check: func(t *testing.T, r *model.Result) {
				mtFloat(t, "B engagement", mtAccount(t, r, "B").Engagement.Value, 162.5, 1e-9)
				if !mtAccount(t, r, "B").Engagement.High {
					t.Error("B: 162.5 >= 100 should be high")
				}
			},
		},
		{
			// Only proactiveness, weight 0.7: Z = 0.7 x 87.5 = 61.25 exactly
			// (in doubles 0.7 * 87.5 = 61.249999...); threshold 61.25: Z is
			// high, X (0.7 x 50 = 35) low.
			name: "exact threshold with decimal weights",
			p:    mtFifty(),
			settings: func(s *slcs.Settings) {
				s.Engagement.Weights = slcs.ComponentWeights{Proactiveness: 0.7}
				s.Engagement.Threshold = 61.25
			},
			check: func(t *testing.T, r *model.Result) {
				mtScore(t, r, "Z", 61.25, 0, slcs.Maintenance)
				mtScore(t, r, "X", 35, 0, slcs.Service)
				mtInt(t, "Z engagement hundredths", mtAccount(t, r, "Z").Engagement.Hundredths, 6125)
			},
		},
		{
			// Threshold 43.75: B's 43.75 exactly is high.
			name:     "engagement threshold met exactly",
			p:        mtTies(),
			settings: func(s *slcs.Settings) { s.Engagement.Threshold = 43.75 },
			check: func(t *testing.T, r *model.Result) {
				mtScore(t, r, "B", 43.75, 0, slcs.Maintenance)
			},
		},
		{
			// Threshold 43.76: B's 43.75 is low.
			name:     "engagement threshold just missed",
			p:        mtTies(),
			settings: func(s *slcs.Settings) { s.Engagement.Threshold = 43.76 },
			check: func(t *testing.T, r *model.Result) {
				mtScore(t, r, "B", 43.75, 0, slcs.Service)
				mtScore(t, r, "D", 62.5, 0, slcs.Maintenance)
			},
		},
		{
			// Potential threshold 37.5 on mtBuyers: potential_value A1
			// (Q upsell 30), A2 (20), A3 0, A4 (cross-sell 15).
			// A4: L 1, Q 1 -> 37.5: high now; A2 62.5; A1 87.5.
			name:     "potential threshold",
			p:        mtBuyers(),
			settings: func(s *slcs.Settings) { s.Potential.Threshold = 37.5 },
			check: func(t *testing.T, r *model.Result) {
				mtScore(t, r, "A4", 0, 37.5, slcs.GrowthPotential)
				mtScore(t, r, "A3", 0, 0, slcs.Service)
			},
		},
		{
			// Percentiles 1 and 0: Q high = max 60, typical = min 10.
			// A1 upsell 60 - 10 = 50, A2 40, A3 0 (left out), A4 cross-sell
			// 0.75 x 10 = 7.5.
			name: "high and typical percentiles",
			p:    mtBuyers(),
			settings: func(s *slcs.Settings) {
				s.Potential.HighPercentile, s.Potential.TypicalPercentile = 1, 0
			},
			check: func(t *testing.T, r *model.Result) {
				mtISOs(t, r, "A1", "Q upsell 50.00")
				mtISOs(t, r, "A2", "Q upsell 40.00")
				mtISOs(t, r, "A3")
				mtISOs(t, r, "A4", "Q cross-sell 7.50")
			},
		},
		{
			// Percentiles 0.9 and 0.25 over [10, 20, 60]: high h = 1.8 ->
			// 20 x 0.2 + 60 x 0.8 = 52; typical h = 0.5 -> 15.
			// A1 upsell 42, A2 32, A3 none, A4 cross-sell 0.75 x 15 = 11.25.
			name: "interpolated percentiles",
			p:    mtBuyers(),
			settings: func(s *slcs.Settings) {
				s.Potential.HighPercentile, s.Potential.TypicalPercentile = 0.9, 0.25
			},
			check: func(t *testing.T, r *model.Result) {
				mtISOs(t, r, "A1", "Q upsell 42.00")
				mtISOs(t, r, "A2", "Q upsell 32.00")
				mtISOs(t, r, "A3")
				mtISOs(t, r, "A4", "Q cross-sell 11.25")
			},
		},
		{
			// Minimum buyers 2: P [100, 200] is defined: typical h = 0.5 ->
			// 150, high h = 0.75 -> 100 x 0.25 + 200 x 0.75 = 175, adoption
			// 2/4. A1 P upsell 75; A2 none; A3 P cross-sell 0.5 x 150 = 75;
			// A4 P 75 and Q 15 (as before).
			name:     "min buyers 2",
			p:        mtBuyers(),
			settings: func(s *slcs.Settings) { s.Potential.MinBuyers = 2 },
			check: func(t *testing.T, r *model.Result) {
				mtISOs(t, r, "A1", "P upsell 75.00", "Q upsell 30.00")
				mtISOs(t, r, "A2", "Q upsell 20.00")
				mtISOs(t, r, "A3", "P cross-sell 75.00")
				mtISOs(t, r, "A4", "P cross-sell 75.00", "Q cross-sell 15.00")
				mtPV(t, r, "A4", 9000)
			},
		},
		{
			// Minimum buyers 4: neither P nor Q is defined: no ISO.
			name:     "min buyers 4",
			p:        mtBuyers(),
			settings: func(s *slcs.Settings) { s.Potential.MinBuyers = 4 },
			check: func(t *testing.T, r *model.Result) {
				for _, id := range []string{"A1", "A2", "A3", "A4"} {
					mtISOs(t, r, id)
					mtPV(t, r, id, 0)
				}
			},
		},
		{
			// Minimum peers 2: mining (M1, M2) is its own group; only M1
			// buys P there and nobody Q: no ISO for M1, M2. Retail unchanged
			// (R4: Q cross-sell 0.6 x 20 = 12).
			name:     "min peers 2",
			p:        mtIndustries(),
			settings: func(s *slcs.Settings) { s.Potential.MinPeers = 2 },
			check: func(t *testing.T, r *model.Result) {
				mtISOs(t, r, "M1")
				mtISOs(t, r, "M2")
				mtISOs(t, r, "R4", "Q cross-sell 12.00")
				mtPeers(t, r, "M2", "mining", 2, 1, true)
			},
		},
		{
			// Minimum peers 8 > 7: every account is benchmarked against the
			// whole portfolio. P: R1, R2, M1: adoption 3/7, high = typical
			// = 100. Q: adoption 3/7, typical 20, high 25.
			// R3: P cross-sell 42.857 -> 42.86 (Q upsell 25 - 30 < 0: none).
			// R4: P 42.86 and Q cross-sell 3/7 x 20 = 8.57.
			name:     "min peers 8",
			p:        mtIndustries(),
			settings: func(s *slcs.Settings) { s.Potential.MinPeers = 8 },
			check: func(t *testing.T, r *model.Result) {
				mtISOs(t, r, "R3", "P cross-sell 42.86")
				mtISOs(t, r, "R4", "P cross-sell 42.86", "Q cross-sell 8.57")
				mtPeers(t, r, "R4", "", 7, 1, true)
			},
		},
		{
			// Half-life 45: age 89 -> 0.5^(89/45) = 0.25388 -> 0.253881;
			// age 90 -> 0.25; age 0 -> 1.
			name:     "half-life",
			p:        mtAges(0, 89, 90),
			settings: func(s *slcs.Settings) { s.Engagement.HalfLifeDays = 45 },
			check: func(t *testing.T, r *model.Result) {
				mtFloat(t, "a0 frequency", mtAccount(t, r, "a0").Frequency.Raw, 1, 1e-12)
				mtFloat(t, "a89 frequency", mtAccount(t, r, "a89").Frequency.Raw, 0.253881, 1e-12)
				mtFloat(t, "a90 frequency", mtAccount(t, r, "a90").Frequency.Raw, 0.25, 1e-12)
			},
		},
		{
			// Type weights: meeting 3 -> age 0 counts 3, age 90 3 x 0.5.
			name: "type weights",
			p:    mtAges(0, 90),
			settings: func(s *slcs.Settings) {
				s.Engagement.TypeWeights.Meeting = 3
			},
			check: func(t *testing.T, r *model.Result) {
				mtFloat(t, "a0 frequency", mtAccount(t, r, "a0").Frequency.Raw, 3, 1e-12)
				mtFloat(t, "a90 frequency", mtAccount(t, r, "a90").Frequency.Raw, 1.5, 1e-12)
			},
		},
		{
			// Engagement window 90 days: age 89 in (frequency 0.503866,
			// pairs 1), age 90 out (0, 0). The audit window (90) is the
			// same: p89 1 hour, p90 none.
			name:     "engagement window",
			p:        mtAges(89, 90),
			settings: func(s *slcs.Settings) { s.Engagement.WindowDays = 90 },
			check: func(t *testing.T, r *model.Result) {
				mtFloat(t, "a89 frequency", mtAccount(t, r, "a89").Frequency.Raw, 0.503866, 1e-12)
				mtFloat(t, "a89 pairs", mtAccount(t, r, "a89").Pairs.Raw, 1, 0)
				mtFloat(t, "a90 frequency", mtAccount(t, r, "a90").Frequency.Raw, 0, 0)
				mtFloat(t, "a90 pairs", mtAccount(t, r, "a90").Pairs.Raw, 0, 0)
				mtFloat(t, "p89 hours", mtHours(t, r, "p89@o.example"), 1, 1e-9)
				mtFloat(t, "p90 hours", mtHours(t, r, "p90@o.example"), 0, 0)
			},
		},
		{
			// Audit window 30 days: hours a month = minutes / (30/30 x 60):
			// 180 minutes at age 29 -> 3 hours; age 30 out.
			name:     "audit window shorter",
			p:        mtAges(29, 30),
			settings: func(s *slcs.Settings) { s.Time.AuditDays = 30 },
			check: func(t *testing.T, r *model.Result) {
				mtFloat(t, "p29 hours", mtHours(t, r, "p29@o.example"), 3, 1e-9)
				mtFloat(t, "p30 hours", mtHours(t, r, "p30@o.example"), 0, 0)
			},
		},
		{
			// Engagement window 60 days, audit window 90 (the default): the
			// audit does not depend on the engagement window. 180 minutes
			// at age 70 (outside the engagement window, inside the audit
			// window) -> 180 / 180 = 1 hour; age 59 -> 1 hour; age 90 -> 0.
			// The account of age 70 has no engagement (pairs 0).
			name:     "audit window longer than the engagement window",
			p:        mtAges(59, 70, 90),
			settings: func(s *slcs.Settings) { s.Engagement.WindowDays = 60 },
			check: func(t *testing.T, r *model.Result) {
				mtFloat(t, "a70 pairs", mtAccount(t, r, "a70").Pairs.Raw, 0, 0)
				mtFloat(t, "p59 hours", mtHours(t, r, "p59@o.example"), 1, 1e-9)
				mtFloat(t, "p70 hours", mtHours(t, r, "p70@o.example"), 1, 1e-9)
				mtFloat(t, "p90 hours", mtHours(t, r, "p90@o.example"), 0, 0)
			},
		},
		{
			// Shares key 0.6, maintenance 0.1, growth 0.2, service 0.1 on
			// the time-plan portfolio: s owns key, maintenance, growth:
			// 0.9 in all. K1 = 100 x 0.6/0.9 x 7.69/30.77 = 16.661 -> 16.66;
			// K2 = 100 x 0.6/0.9 x 23.08/30.77 = 50.0054 -> 50.01;
			// G1 = 100 x 0.2/0.9 = 22.22; M1 = 100 x 0.1/0.9 = 11.11.
			// e and "" own only service: unchanged (60 and 20).
			// Audit: s recommended 66.67, 11.11, 22.22, 0.
			name: "shares",
			p:    mtTimePortfolio(),
			settings: func(s *slcs.Settings) {
				s.Time.Shares = slcs.SegmentShares{Key: 0.6, Maintenance: 0.1, GrowthPotential: 0.2, Service: 0.1}
			},
			check: func(t *testing.T, r *model.Result) {
				for id, h := range map[string]int64{"K1": 1666, "K2": 5001, "G1": 2222, "M1": 1111, "M2": 0, "E1": 6000, "F1": 2000} {
					mtInt(t, id+" recommended hours", mtAccount(t, r, id).RecommendedHours, h)
				}
				if row := mtAudit(r, "s@our.example"); row != nil {
					for sg, w := range [4]float64{60.0 / 0.9, 10.0 / 0.9, 20.0 / 0.9, 0} {
						mtFloat(t, "s recommended "+slcs.Segment(sg).ID(), row.Recommended[sg], w, 1e-9)
					}
				}
			},
		},
		{
			// Default capacity 100: e (not in team.csv) has 100: E1, E2 50
			// each; "" has 100 over six: 16.67 each; s keeps its 100 from
			// team.csv; old@ and fut@ (audit only) have 100.
			name:     "default capacity",
			p:        mtTimePortfolio(),
			settings: func(s *slcs.Settings) { s.Time.DefaultCapacity = 100 },
			check: func(t *testing.T, r *model.Result) {
				mtInt(t, "E1 recommended hours", mtAccount(t, r, "E1").RecommendedHours, 5000)
				mtInt(t, "F1 recommended hours", mtAccount(t, r, "F1").RecommendedHours, 1667)
				mtInt(t, "K1 recommended hours", mtAccount(t, r, "K1").RecommendedHours, 1315)
				for _, p := range []string{"e@our.example", "old@our.example", "fut@our.example"} {
					if row := mtAudit(r, p); row != nil {
						mtFloat(t, p+" capacity", row.Capacity, 100, 0)
					}
				}
			},
		},
		{
			// Default minutes: email 10 (instead of 5): an email of empty
			// minutes today on A: 10 / 180 hours.
			name: "default minutes",
			p: mtPortfolio{
				accounts: []model.Account{mtA("A", "a@o.example", "", 1)},
				acts:     []mtAct{{acct: "A", typ: slcs.Email, minutes: -1, ours: "a@o.example"}},
			},
			settings: func(s *slcs.Settings) { s.Time.DefaultMinutes.Email = 10 },
			check: func(t *testing.T, r *model.Result) {
				mtFloat(t, "a hours", mtHours(t, r, "a@o.example"), 10.0/180, 1e-12)
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := c.p
			p.settings = c.settings
			c.check(t, p.classify(t))
		})
	}
}
