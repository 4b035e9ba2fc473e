package model_test

import (
	"testing"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// mtInbound is an inbound meeting of one of ours with the given client
// people.
func mtInbound(acct string, age int, theirs string) mtAct {
	return mtAct{acct: acct, age: age, typ: slcs.Meeting, in: true, minutes: -1, ours: "u@our.example", theirs: theirs}
}

// mtOutbound is an outbound meeting of one of ours with the given client
// people.
func mtOutbound(acct string, age int, theirs string) mtAct {
	return mtAct{acct: acct, age: age, typ: slcs.Meeting, minutes: -1, ours: "u@our.example", theirs: theirs}
}

// mtComponents checks an account's raw components and their percentiles.
func mtComponents(t testing.TB, r *model.Result, id string, pairs, freq, pro, pctPairs, pctFreq, pctPro float64) {
	t.Helper()
	a := mtAccount(t, r, id)
	mtFloat(t, id+" pairs", a.Pairs.Raw, pairs, 0)
	mtFloat(t, id+" frequency", a.Frequency.Raw, freq, 1e-12)
	mtFloat(t, id+" proactiveness", a.Proactiveness.Raw, pro, 1e-12)
	mtFloat(t, id+" pct_pairs", a.Pairs.Percentile, pctPairs, 1e-9)
	mtFloat(t, id+" pct_frequency", a.Frequency.Percentile, pctFreq, 1e-9)
	mtFloat(t, id+" pct_proactiveness", a.Proactiveness.Percentile, pctPro, 1e-9)
}

func TestEngagementByHand(t *testing.T) {
	accounts := func(ids ...string) []model.Account {
		var out []model.Account
		for _, id := range ids {
			out = append(out, mtA(id, "s@our.example", "", 10))
		}
		return out
	}
	cases := []struct {
		name  string
		p     mtPortfolio
		check func(t *testing.T, r *model.Result)
	}{
		{
			// N = 4. pairs A 0, B 1, C 1, D 2; frequency 0, 1, 1, 1 (one
			// meeting today each); proactiveness 0 everywhere.
			// pct_pairs: A 0 (zero); B, C: L 1 (A), Q 2 -> 100 (1 + 1) / 4 = 50;
			//   D: L 3, Q 1 -> 100 x 3.5 / 4 = 87.5.
			// pct_frequency: B, C, D: L 1, Q 3 -> 100 x 2.5 / 4 = 62.5.
			// engagement B = C = 0.5 x 50 + 0.3 x 62.5 = 43.75 (low, service);
			//   D = 0.5 x 87.5 + 0.3 x 62.5 = 62.5 (high; no revenue: maintenance).
			name: "percentile ties and zeros",
			p: mtPortfolio{
				accounts: accounts("A", "B", "C", "D"),
				acts: []mtAct{
					mtOutbound("B", 0, "x@c.example"),
					mtOutbound("C", 0, "y@c.example"),
					mtOutbound("D", 0, "x@c.example;y@c.example"),
				},
			},
			check: func(t *testing.T, r *model.Result) {
				mtComponents(t, r, "A", 0, 0, 0, 0, 0, 0)
				mtComponents(t, r, "B", 1, 1, 0, 50, 62.5, 0)
				mtComponents(t, r, "C", 1, 1, 0, 50, 62.5, 0)
				mtComponents(t, r, "D", 2, 1, 0, 87.5, 62.5, 0)
				mtScore(t, r, "A", 0, 0, slcs.Service)
				mtScore(t, r, "B", 43.75, 0, slcs.Service)
				mtScore(t, r, "C", 43.75, 0, slcs.Service)
				mtScore(t, r, "D", 62.5, 0, slcs.Maintenance)
			},
		},
		{
			// N = 4. X and Y: two meetings today (one inbound) with one
			// client person: pairs 1, frequency 2, proactiveness 0.5. Z:
			// three inbound meetings with two client people: pairs 2,
			// frequency 3, proactiveness 1. A: nothing.
			// X, Y in each component: L 1, Q 2 -> 2L + Q = 4 = N -> pct 50;
			// engagement = 0.5 x 50 + 0.3 x 50 + 0.2 x 50 = 50 exactly: high.
			// (5 x 4 + 3 x 4 + 2 x 4 = 40 = 10 N.)
			// Z: L 3, Q 1 -> 87.5 in each, engagement 87.5.
			name: "engagement exactly 50 is high",
			p: mtPortfolio{
				accounts: accounts("A", "X", "Y", "Z"),
				acts: []mtAct{
					mtInbound("X", 0, "x@c.example"), mtOutbound("X", 0, "x@c.example"),
					mtInbound("Y", 0, "y@c.example"), mtOutbound("Y", 0, "y@c.example"),
					mtInbound("Z", 0, "z@c.example"), mtInbound("Z", 0, "z@c.example"), mtInbound("Z", 0, "w@c.example"),
				},
			},
			check: func(t *testing.T, r *model.Result) {
				mtComponents(t, r, "X", 1, 2, 0.5, 50, 50, 50)
				mtComponents(t, r, "Z", 2, 3, 1, 87.5, 87.5, 87.5)
				mtScore(t, r, "A", 0, 0, slcs.Service)
				mtScore(t, r, "X", 50, 0, slcs.Maintenance)
				mtScore(t, r, "Y", 50, 0, slcs.Maintenance)
				mtScore(t, r, "Z", 87.5, 0, slcs.Maintenance)
				if h := mtAccount(t, r, "X").Engagement.Hundredths; h != 5000 {
					t.Errorf("X engagement hundredths = %d, want 5000", h)
				}
			},
		},
		{
			// As above, but both of Y's meetings are inbound: proactiveness
			// X 0.5, Y 1, Z 1.
			// pct_proactiveness X: L 1, Q 1 -> 100 x 1.5 / 4 = 37.5;
			//   Y, Z: L 2, Q 2 -> 75.
			// engagement X = 25 + 15 + 0.2 x 37.5 = 47.5 (low: service);
			//   Y = 25 + 15 + 15 = 55; Z = 43.75 + 26.25 + 15 = 85.
			name: "engagement just below 50 is low",
			p: mtPortfolio{
				accounts: accounts("A", "X", "Y", "Z"),
				acts: []mtAct{
					mtInbound("X", 0, "x@c.example"), mtOutbound("X", 0, "x@c.example"),
					mtInbound("Y", 0, "y@c.example"), mtInbound("Y", 0, "y@c.example"),
					mtInbound("Z", 0, "z@c.example"), mtInbound("Z", 0, "z@c.example"), mtInbound("Z", 0, "w@c.example"),
				},
			},
			check: func(t *testing.T, r *model.Result) {
				mtComponents(t, r, "X", 1, 2, 0.5, 50, 50, 37.5)
				mtComponents(t, r, "Y", 1, 2, 1, 50, 50, 75)
				mtScore(t, r, "X", 47.5, 0, slcs.Service)
				mtScore(t, r, "Y", 55, 0, slcs.Maintenance)
				mtScore(t, r, "Z", 85, 0, slcs.Maintenance)
			},
		},
		{
			// N = 20: ten accounts without activity (zeros) and ten with one
			// inbound meeting today with k = 1..10 client people (pairs k,
			// frequency 1, proactiveness 1).
			// pairs of the account with k client people: L = 10 + (k - 1),
			//   Q = 1 -> c = 2 (9 + k) + 1 = 19 + 2k -> pct 50 (19 + 2k) / 20.
			// frequency and proactiveness: L 10, Q 10 -> c = 30 -> pct 75.
			// engagement(k) = 0.5 x 2.5 (19 + 2k) + 0.3 x 75 + 0.2 x 75
			//   = 1.25 (19 + 2k) + 37.5 -> k = 1: 63.75, k = 10: 86.25.
			name: "ties spread over N = 20",
			p: func() mtPortfolio {
				var p mtPortfolio
				people := ""
				for i := 1; i <= 20; i++ {
					id := string(rune('a'+i-1)) + "-acct"
					p.accounts = append(p.accounts, mtA(id, "s@our.example", "", 10))
					if i <= 10 {
						if people != "" {
							people += ";"
						}
						people += string(rune('a'+i-1)) + "@c.example"
						p.acts = append(p.acts, mtInbound(id, 0, people))
					}
				}
				return p
			}(),
			check: func(t *testing.T, r *model.Result) {
				mtComponents(t, r, "a-acct", 1, 1, 1, 100*10.5/20, 75, 75)
				mtComponents(t, r, "j-acct", 10, 1, 1, 100*19.5/20, 75, 75)
				mtScore(t, r, "a-acct", 63.75, 0, slcs.Maintenance)
				mtScore(t, r, "j-acct", 86.25, 0, slcs.Maintenance)
				mtScore(t, r, "k-acct", 0, 0, slcs.Service)
			},
		},
		{
			// As of 2026-06-30, one outbound meeting (weight 1, 180 minutes)
			// per account, each by its own person:
			//   age -1: after the as-of date, ignored;
			//   age 0: frequency 0.5^0 = 1;
			//   age 89: 0.5^(89/90) = 0.50386568... -> 0.503866;
			//   age 90: 0.5^(90/90) = 0.5;
			//   age 364: 0.5^(364/90) = 0.06060394... -> 0.060604;
			//   age 365: outside the window (age < 365), ignored.
			// Audit (age < 90): p0 and p89 have 180 / 180 = 1 hour a month;
			// everyone else 0 (but all are in the audit: activities of any
			// date count for who is listed).
			name: "activity ages",
			p: mtPortfolio{
				accounts: accounts("fut", "a0", "a89", "a90", "a364", "a365"),
				acts: []mtAct{
					{acct: "fut", age: -1, typ: slcs.Meeting, minutes: 180, ours: "pfut@our.example", theirs: "x@c.example"},
					{acct: "a0", age: 0, typ: slcs.Meeting, minutes: 180, ours: "p0@our.example", theirs: "x@c.example"},
					{acct: "a89", age: 89, typ: slcs.Meeting, minutes: 180, ours: "p89@our.example", theirs: "x@c.example"},
					{acct: "a90", age: 90, typ: slcs.Meeting, minutes: 180, ours: "p90@our.example", theirs: "x@c.example"},
					{acct: "a364", age: 364, typ: slcs.Meeting, minutes: 180, ours: "p364@our.example", theirs: "x@c.example"},
					{acct: "a365", age: 365, typ: slcs.Meeting, minutes: 180, ours: "p365@our.example", theirs: "x@c.example"},
				},
			},
			check: func(t *testing.T, r *model.Result) {
				want := []struct {
					id, person string
					n          int64
					pairs      float64
					freq       float64
					hours      float64
				}{
					{"fut", "pfut@our.example", 0, 0, 0, 0},
					{"a0", "p0@our.example", 1, 1, 1, 1},
					{"a89", "p89@our.example", 1, 1, 0.503866, 1},
					{"a90", "p90@our.example", 1, 1, 0.5, 0},
					{"a364", "p364@our.example", 1, 1, 0.060604, 0},
					{"a365", "p365@our.example", 0, 0, 0, 0},
				}
				for _, w := range want {
					a := mtAccount(t, r, w.id)
					mtInt(t, w.id+" activities", a.Activities, w.n)
					mtFloat(t, w.id+" pairs", a.Pairs.Raw, w.pairs, 0)
					mtFloat(t, w.id+" frequency", a.Frequency.Raw, w.freq, 1e-12)
					row := mtAudit(r, w.person)
					if row == nil {
						t.Errorf("%s is not in the audit", w.person)
						continue
					}
					var sum float64
					for _, h := range row.Actual {
						sum += h
					}
					mtFloat(t, w.person+" actual hours", sum, w.hours, 1e-9)
				}
			},
		},
		{
			// F: meeting age 0 outbound (1 x 1), call age 90 inbound
			// (0.5 x 0.5 = 0.25), email age 180 outbound (0.25 x 0.25 =
			// 0.0625), other age 45 outbound (0.25 x 0.5^0.5 = 0.1767767):
			// frequency 1.4892767 -> 1.489277; proactiveness 1/4 = 0.25.
			// P3: seven emails today, three inbound: frequency 7 x 0.25 =
			// 1.75; proactiveness 3/7 = 0.4285714 -> 0.428571.
			// P2: three calls today, two inbound: frequency 1.5;
			// proactiveness 2/3 -> 0.666667 (rounded half up).
			// NP: one email without client people: pairs 0, frequency 0.25.
			// M: ours a;b x theirs x;y;z (6 pairs), then a x x;w (adds a-w):
			// 7 pairs; the repeated a-x counts once.
			name: "frequency, proactiveness and pairs",
			p: mtPortfolio{
				accounts: accounts("F", "P3", "P2", "NP", "M"),
				acts: append([]mtAct{
					{acct: "F", age: 0, typ: slcs.Meeting, minutes: -1, ours: "u@o.example", theirs: "x@c.example"},
					{acct: "F", age: 90, typ: slcs.Call, in: true, minutes: -1, ours: "u@o.example", theirs: "x@c.example"},
					{acct: "F", age: 180, typ: slcs.Email, minutes: -1, ours: "u@o.example", theirs: "x@c.example"},
					{acct: "F", age: 45, typ: slcs.Other, minutes: -1, ours: "u@o.example", theirs: "x@c.example"},
					{acct: "P2", typ: slcs.Call, in: true, minutes: -1, ours: "u@o.example"},
					{acct: "P2", typ: slcs.Call, in: true, minutes: -1, ours: "u@o.example"},
					{acct: "P2", typ: slcs.Call, minutes: -1, ours: "u@o.example"},
					{acct: "NP", typ: slcs.Email, minutes: -1, ours: "u@o.example"},
					{acct: "M", typ: slcs.Meeting, minutes: -1, ours: "a@o.example;b@o.example", theirs: "x@c.example;y@c.example;z@c.example"},
					{acct: "M", typ: slcs.Meeting, minutes: -1, ours: "a@o.example", theirs: "x@c.example;w@c.example"},
				}, func() []mtAct {
					var acts []mtAct
					for i := range 7 {
						acts = append(acts, mtAct{acct: "P3", typ: slcs.Email, in: i < 3, minutes: -1, ours: "u@o.example"})
					}
					return acts
				}()...),
			},
			check: func(t *testing.T, r *model.Result) {
				f := mtAccount(t, r, "F")
				mtFloat(t, "F frequency", f.Frequency.Raw, 1.489277, 1e-12)
				mtFloat(t, "F proactiveness", f.Proactiveness.Raw, 0.25, 1e-12)
				mtInt(t, "F activities", f.Activities, 4)
				mtInt(t, "F inbound", f.Inbound, 1)
				p3 := mtAccount(t, r, "P3")
				mtFloat(t, "P3 frequency", p3.Frequency.Raw, 1.75, 1e-12)
				mtFloat(t, "P3 proactiveness", p3.Proactiveness.Raw, 0.428571, 1e-12)
				p2 := mtAccount(t, r, "P2")
				mtFloat(t, "P2 frequency", p2.Frequency.Raw, 1.5, 1e-12)
				mtFloat(t, "P2 proactiveness", p2.Proactiveness.Raw, 0.666667, 1e-12)
				np := mtAccount(t, r, "NP")
				mtFloat(t, "NP pairs", np.Pairs.Raw, 0, 0)
				mtFloat(t, "NP frequency", np.Frequency.Raw, 0.25, 1e-12)
				mtFloat(t, "NP proactiveness", np.Proactiveness.Raw, 0, 0)
				mtFloat(t, "M pairs", mtAccount(t, r, "M").Pairs.Raw, 7, 0)
				out := mtWrite(t, r)
				_, rows := mtParseCSV(t, "classification", out.classification)
				for _, row := range rows {
					if row[0] == "P2" && (row[8] != "1.500000" || row[9] != "0.666667") {
						t.Errorf("P2 frequency, proactiveness printed %s, %s; want 1.500000, 0.666667", row[8], row[9])
					}
					if row[0] == "F" && row[8] != "1.489277" {
						t.Errorf("F frequency printed %s, want 1.489277", row[8])
					}
				}
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.check(t, c.p.classify(t))
		})
	}
}
