package model_test

import (
	"strings"
	"testing"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// mtISOFrom checks the benchmark behind an account's ISO for a product.
func mtISOFrom(t testing.TB, r *model.Result, id, product, peerGroup string, groupSize, buyers int, adoption, high, typical, emp float64) {
	t.Helper()
	iso := mtISO(mtAccount(t, r, id), product)
	if iso == nil {
		t.Errorf("%s has no ISO for %s", id, product)
		return
	}
	if iso.PeerGroup != peerGroup || iso.PeerGroupSize != groupSize || iso.Buyers != buyers {
		t.Errorf("%s %s: peer group %q of %d with %d buyers, want %q of %d with %d",
			id, product, iso.PeerGroup, iso.PeerGroupSize, iso.Buyers, peerGroup, groupSize, buyers)
	}
	mtFloat(t, id+" "+product+" adoption", iso.Adoption, adoption, 1e-12)
	mtFloat(t, id+" "+product+" high", iso.High, high, 1e-9)
	mtFloat(t, id+" "+product+" typical", iso.Typical, typical, 1e-9)
	mtFloat(t, id+" "+product+" employees", iso.Employees, emp, 0)
}

// mtPV checks an account's potential value in cents.
func mtPV(t testing.TB, r *model.Result, id string, cents int64) {
	t.Helper()
	mtInt(t, id+" potential_value (cents)", mtAccount(t, r, id).PotentialValue, cents)
}

// mtPeers checks an account's peer group and head-count.
func mtPeers(t testing.TB, r *model.Result, id, group string, size int, emp float64, given bool) {
	t.Helper()
	a := mtAccount(t, r, id)
	if a.PeerGroup != group || a.PeerGroupSize != size {
		t.Errorf("%s peer group %q of %d, want %q of %d", id, a.PeerGroup, a.PeerGroupSize, group, size)
	}
	mtFloat(t, id+" employees", a.Employees, emp, 1e-12)
	if a.EmployeesGiven != given {
		t.Errorf("%s employees given = %v, want %v", id, a.EmployeesGiven, given)
	}
}

func TestPotentialByHand(t *testing.T) {
	// all revenue below is in 2026-05, inside the window of 2026-06-30
	const m = "2026-05"
	ones := func(ids ...string) []model.Account {
		var out []model.Account
		for _, id := range ids {
			out = append(out, mtA(id, "s@our.example", "", 1))
		}
		return out
	}
	cases := []struct {
		name  string
		p     mtPortfolio
		check func(t *testing.T, r *model.Result)
	}{
		{
			// N = 4, head-counts 1. P: B1 100, B2 100, B3 200; N1 none.
			// intensities [100, 100, 200]: high h = 0.75 x 2 = 1.5 ->
			// 100 x 0.5 + 200 x 0.5 = 150; typical h = 1 -> 100;
			// adoption 3/4.
			// B1, B2 upsell 150 - 100 = 50; B3 150 - 200 < 0: none;
			// N1 cross-sell 0.75 x 100 x 1 = 75.
			// pct: B3 0; B1, B2: L 1, Q 2 -> 2L + Q = 4 = N -> 50 exactly:
			// high (growth_potential, no activity); N1: L 3 -> 87.5.
			name: "potential exactly 50 is high",
			p: mtPortfolio{
				accounts: ones("B1", "B2", "B3", "N1"),
				revenue:  []mtRev{mtR("B1", "P", m, 100), mtR("B2", "P", m, 100), mtR("B3", "P", m, 200)},
			},
			check: func(t *testing.T, r *model.Result) {
				mtISOs(t, r, "B1", "P upsell 50.00")
				mtISOs(t, r, "B2", "P upsell 50.00")
				mtISOs(t, r, "B3")
				mtISOs(t, r, "N1", "P cross-sell 75.00")
				mtISOFrom(t, r, "N1", "P", "", 4, 3, 0.75, 150, 100, 1)
				mtScore(t, r, "B1", 0, 50, slcs.GrowthPotential)
				mtScore(t, r, "B2", 0, 50, slcs.GrowthPotential)
				mtScore(t, r, "B3", 0, 0, slcs.Service)
				mtScore(t, r, "N1", 0, 87.5, slcs.GrowthPotential)
			},
		},
		{
			// As above with B2 spending 90: intensities [90, 100, 200],
			// high 150, typical 100. B1 upsell 50, B2 60, N1 75.
			// B1: L 1, Q 1 -> 3 < 4 -> 37.5: low (service); B2: L 2 -> 62.5.
			name: "potential just below 50 is low",
			p: mtPortfolio{
				accounts: ones("B1", "B2", "B3", "N1"),
				revenue:  []mtRev{mtR("B1", "P", m, 100), mtR("B2", "P", m, 90), mtR("B3", "P", m, 200)},
			},
			check: func(t *testing.T, r *model.Result) {
				mtPV(t, r, "B1", 5000)
				mtPV(t, r, "B2", 6000)
				mtScore(t, r, "B1", 0, 37.5, slcs.Service)
				mtScore(t, r, "B2", 0, 62.5, slcs.GrowthPotential)
				mtScore(t, r, "N1", 0, 87.5, slcs.GrowthPotential)
			},
		},
		{
			// Retail (R1..R5, spelled in two cases) has 5 accounts: its own
			// peer group. Mining (M1, M2) has 2 < 5: benchmarked against
			// the whole portfolio (N = 7). Head-counts 1.
			// P: R1 100, R2 100, M1 100. Q: R1 10, R2 20, R3 30.
			// retail P: 2 buyers < 3: undefined. retail Q: adoption 3/5,
			//   [10, 20, 30] typical 20, high h 1.5 -> 25.
			// portfolio P: buyers R1, R2, M1: adoption 3/7, high = typical
			//   = 100. portfolio Q: adoption 3/7, typical 20, high 25.
			// R1: Q upsell 25 - 10 = 15. R2: Q upsell 5. R3: none.
			// R4, R5: Q cross-sell 0.6 x 20 = 12.
			// M1: P upsell 100 - 100 = 0: none; Q cross-sell 3/7 x 20 =
			//   8.5714 -> 8.57.
			// M2: P cross-sell 3/7 x 100 = 42.857 -> 42.86; Q 8.57;
			//   potential_value 51.428571 -> 51.43.
			// potential: values 0 (R3), 5, 8.57, 12, 12, 15, 51.43:
			//   R4: L 3, Q 2 -> 100 x 4 / 7 = 57.142857; M1: L 2 -> 35.714286.
			name: "industry below the minimum peer count",
			p: mtPortfolio{
				accounts: []model.Account{
					mtA("R1", "s@o", "Retail", 1), mtA("R2", "s@o", "retail", 1), mtA("R3", "s@o", "RETAIL", 1),
					mtA("R4", "s@o", "Retail", 1), mtA("R5", "s@o", "retail", 1),
					mtA("M1", "s@o", "Mining", 1), mtA("M2", "s@o", "Mining", 1),
				},
				revenue: []mtRev{
					mtR("R1", "P", m, 100), mtR("R2", "P", m, 100), mtR("M1", "P", m, 100),
					mtR("R1", "Q", m, 10), mtR("R2", "Q", m, 20), mtR("R3", "Q", m, 30),
				},
			},
			check: func(t *testing.T, r *model.Result) {
				mtISOs(t, r, "R1", "Q upsell 15.00")
				mtISOs(t, r, "R2", "Q upsell 5.00")
				mtISOs(t, r, "R3")
				mtISOs(t, r, "R4", "Q cross-sell 12.00")
				mtISOs(t, r, "R5", "Q cross-sell 12.00")
				mtISOs(t, r, "M1", "Q cross-sell 8.57")
				mtISOs(t, r, "M2", "P cross-sell 42.86", "Q cross-sell 8.57")
				mtPV(t, r, "M2", 5143)
				mtISOFrom(t, r, "M2", "P", "", 7, 3, 3.0/7, 100, 100, 1)
				mtISOFrom(t, r, "M2", "Q", "", 7, 3, 3.0/7, 25, 20, 1)
				mtISOFrom(t, r, "R4", "Q", "retail", 5, 3, 0.6, 25, 20, 1)
				mtPeers(t, r, "R3", "retail", 5, 1, true)
				mtPeers(t, r, "M1", "", 7, 1, true)
				mtScore(t, r, "R4", 0, 400.0/7, slcs.GrowthPotential)
				mtScore(t, r, "M1", 0, 250.0/7, slcs.Service)
			},
		},
		{
			// Industry "" (3 accounts), "unknown" and "Unknown": one group
			// of 5 ("unknown"); X1 alone in "x": the whole portfolio (6).
			name: "empty and unknown industries are one group",
			p: mtPortfolio{
				accounts: []model.Account{
					mtA("U1", "s@o", "", 1), mtA("U2", "s@o", "", 1), mtA("U3", "s@o", "", 1),
					mtA("U4", "s@o", "unknown", 1), mtA("U5", "s@o", "Unknown", 1), mtA("X1", "s@o", "x", 1),
				},
			},
			check: func(t *testing.T, r *model.Result) {
				mtPeers(t, r, "U1", "unknown", 5, 1, true)
				mtPeers(t, r, "U5", "unknown", 5, 1, true)
				mtPeers(t, r, "X1", "", 6, 1, true)
			},
		},
		{
			// tech (5): T1 10, T2 40, T3 0 (given, zero), T4 missing, T5 30:
			//   given > 0 [10, 30, 40] -> median 30 for T3 and T4.
			// bank (5): B1 10, B2 25, B3..B5 missing: [10, 25] even count ->
			//   h = 0.5 -> 10 x 0.5 + 25 x 0.5 = 17.5.
			// agri (5): none given -> the portfolio's median.
			// S1 (solo, 15 given) and F1 (fish, missing): groups of 1, so
			//   their peers are the whole portfolio (17 accounts).
			// portfolio given: [10, 10, 15, 25, 30, 40] -> (15 + 25) / 2 = 20:
			//   agri accounts and F1 get 20.
			// P bought in tech by T1 100, T2 400, T5 300 (10 a head each):
			//   tech: adoption 3/5, typical 10 -> T3, T4 cross-sell
			//   0.6 x 10 x 30 = 180. portfolio: adoption 3/17, typical 10 ->
			//   F1 cross-sell 3/17 x 10 x 20 = 35.294 -> 35.29, S1 3/17 x 10
			//   x 15 = 26.47; A1 (agri) and B3 (bank) have no buyer of P in
			//   their peer group: nothing.
			name: "missing and zero head-counts",
			p: mtPortfolio{
				accounts: []model.Account{
					mtA("T1", "s@o", "tech", 10), mtA("T2", "s@o", "tech", 40), mtA("T3", "s@o", "tech", 0),
					mtA("T4", "s@o", "tech", -1), mtA("T5", "s@o", "tech", 30),
					mtA("B1", "s@o", "bank", 10), mtA("B2", "s@o", "bank", 25), mtA("B3", "s@o", "bank", -1),
					mtA("B4", "s@o", "bank", -1), mtA("B5", "s@o", "bank", -1),
					mtA("A1", "s@o", "agri", -1), mtA("A2", "s@o", "agri", -1), mtA("A3", "s@o", "agri", -1),
					mtA("A4", "s@o", "agri", -1), mtA("A5", "s@o", "agri", -1),
					mtA("S1", "s@o", "solo", 15), mtA("F1", "s@o", "fish", -1),
				},
				revenue: []mtRev{mtR("T1", "P", m, 100), mtR("T2", "P", m, 400), mtR("T5", "P", m, 300)},
			},
			check: func(t *testing.T, r *model.Result) {
				mtPeers(t, r, "T1", "tech", 5, 10, true)
				mtPeers(t, r, "T3", "tech", 5, 30, false)
				mtPeers(t, r, "T4", "tech", 5, 30, false)
				mtPeers(t, r, "B1", "bank", 5, 10, true)
				mtPeers(t, r, "B3", "bank", 5, 17.5, false)
				mtPeers(t, r, "A1", "agri", 5, 20, false)
				mtPeers(t, r, "S1", "", 17, 15, true)
				mtPeers(t, r, "F1", "", 17, 20, false)
				mtISOs(t, r, "T3", "P cross-sell 180.00")
				mtISOs(t, r, "T4", "P cross-sell 180.00")
				mtISOs(t, r, "F1", "P cross-sell 35.29")
				mtISOs(t, r, "S1", "P cross-sell 26.47")
				mtISOs(t, r, "A1")
				mtISOs(t, r, "B3")
				mtISOFrom(t, r, "F1", "P", "", 17, 3, 3.0/17, 10, 10, 20)
			},
		},
		{
			// No head-count anywhere: emp 1 for all. P: A 10, B 20, C 30:
			// typical 20, high 25. A upsell 15, B 5, C none, D cross-sell
			// 0.75 x 20 x 1 = 15.
			name: "no head-count at all",
			p: mtPortfolio{
				accounts: []model.Account{mtA("A", "", "", -1), mtA("B", "", "", -1), mtA("C", "", "", -1), mtA("D", "", "", -1)},
				revenue:  []mtRev{mtR("A", "P", m, 10), mtR("B", "P", m, 20), mtR("C", "P", m, 30)},
			},
			check: func(t *testing.T, r *model.Result) {
				mtPeers(t, r, "A", "", 4, 1, false)
				mtPeers(t, r, "D", "", 4, 1, false)
				mtISOs(t, r, "A", "P upsell 15.00")
				mtISOs(t, r, "B", "P upsell 5.00")
				mtISOs(t, r, "C")
				mtISOs(t, r, "D", "P cross-sell 15.00")
			},
		},
		{
			// N = 4, head-counts 1. P: A1 100, A2 200: 2 buyers, no ISO.
			// Q: A1 10, A2 20, A3 60: exactly 3 buyers; typical 20, high
			// h 1.5 -> 20 x 0.5 + 60 x 0.5 = 40. A1 upsell 30, A2 20, A3
			// none, A4 cross-sell 0.75 x 20 = 15.
			name: "fewer than 3 buyers and exactly 3",
			p: mtPortfolio{
				accounts: ones("A1", "A2", "A3", "A4"),
				revenue: []mtRev{
					mtR("A1", "P", m, 100), mtR("A2", "P", m, 200),
					mtR("A1", "Q", m, 10), mtR("A2", "Q", m, 20), mtR("A3", "Q", m, 60),
				},
			},
			check: func(t *testing.T, r *model.Result) {
				mtISOs(t, r, "A1", "Q upsell 30.00")
				mtISOs(t, r, "A2", "Q upsell 20.00")
				mtISOs(t, r, "A3")
				mtISOs(t, r, "A4", "Q cross-sell 15.00")
				mtISOFrom(t, r, "A4", "Q", "", 4, 3, 0.75, 40, 20, 1)
			},
		},
		{
			// N = 4, head-counts 1. P: A1 100, A2 200, A3 300; A4 +50 and
			// -80 in two months: net -30 <= 0, not a buyer.
			// Q: A1, A2, A3 10 each; A4 +40 and -40: net 0, not a buyer.
			// P: [100, 200, 300] high 250, typical 200, adoption 3/4:
			//   A1 upsell 150, A2 50, A3 none, A4 cross-sell 150.
			// Q: high = typical = 10: upsells 0 (left out); A4 cross-sell
			//   0.75 x 10 = 7.5.
			// revenue_12m A4 = -30 + 0 = -30.00; potential_value 157.50.
			name: "negative revenue",
			p: mtPortfolio{
				accounts: ones("A1", "A2", "A3", "A4"),
				revenue: []mtRev{
					mtR("A1", "P", m, 100), mtR("A2", "P", m, 200), mtR("A3", "P", m, 300),
					mtR("A4", "P", "2026-04", 50), mtR("A4", "P", m, -80),
					mtR("A1", "Q", m, 10), mtR("A2", "Q", m, 10), mtR("A3", "Q", m, 10),
					mtR("A4", "Q", "2026-04", 40), mtR("A4", "Q", m, -40),
				},
			},
			check: func(t *testing.T, r *model.Result) {
				mtISOs(t, r, "A1", "P upsell 150.00")
				mtISOs(t, r, "A2", "P upsell 50.00")
				mtISOs(t, r, "A3")
				mtISOs(t, r, "A4", "P cross-sell 150.00", "Q cross-sell 7.50")
				mtISOFrom(t, r, "A4", "P", "", 4, 3, 0.75, 250, 200, 1)
				mtPV(t, r, "A4", 15750)
				mtInt(t, "A4 revenue_12m (micros)", mtAccount(t, r, "A4").Revenue12m, -30_000_000)
				mtInt(t, "A1 revenue_12m (micros)", mtAccount(t, r, "A1").Revenue12m, 110_000_000)
				_, rows := mtParseCSV(t, "classification", mtWrite(t, r).classification)
				for _, row := range rows {
					if row[0] == "A4" && (row[10] != "-30.00" || row[6] != "157.50") {
						t.Errorf("A4 revenue_12m, potential_value printed %s, %s; want -30.00, 157.50", row[10], row[6])
					}
				}
			},
		},
		{
			// N = 4, head-counts 1.
			// P1 and P2: A1 100, A2 100, A3 100.012: typical 100, high
			//   100 x 0.5 + 100.012 x 0.5 = 100.006: A1, A2 upsell 0.006 ->
			//   0.01 (kept); A4 cross-sell 0.75 x 100 = 75.
			// P3: A3 100.008: high 100.004: upsells 0.004 round to 0.00:
			//   left out; A4 cross-sell 75.
			// p4: 0.001 each: typical 0.001: A4 cross-sell 0.00075 -> 0.00:
			//   left out; upsells 0.
			// A1 potential_value = round_2(0.006 + 0.006) = 0.01 (not the
			// 0.02 of the rounded ISOs); A4 = 225; A3 = 0.
			name: "ISO values rounding to 0.00 and the unrounded sum",
			p: mtPortfolio{
				accounts: ones("A1", "A2", "A3", "A4"),
				revenue: []mtRev{
					mtR("A1", "P1", m, 100), mtR("A2", "P1", m, 100), mtR("A3", "P1", m, 100.012),
					mtR("A1", "P2", m, 100), mtR("A2", "P2", m, 100), mtR("A3", "P2", m, 100.012),
					mtR("A1", "P3", m, 100), mtR("A2", "P3", m, 100), mtR("A3", "P3", m, 100.008),
					mtR("A1", "p4", m, 0.001), mtR("A2", "p4", m, 0.001), mtR("A3", "p4", m, 0.001),
				},
			},
			check: func(t *testing.T, r *model.Result) {
				mtISOs(t, r, "A1", "P1 upsell 0.01", "P2 upsell 0.01")
				mtISOs(t, r, "A2", "P1 upsell 0.01", "P2 upsell 0.01")
				mtISOs(t, r, "A3")
				mtISOs(t, r, "A4", "P1 cross-sell 75.00", "P2 cross-sell 75.00", "P3 cross-sell 75.00")
				mtPV(t, r, "A1", 1)
				mtPV(t, r, "A3", 0)
				mtPV(t, r, "A4", 22500)
				iso := mtISO(mtAccount(t, r, "A1"), "P1")
				if iso != nil {
					mtFloat(t, "A1 P1 unrounded value", iso.Value, 0.006, 1e-9)
				}
			},
		},
		{
			// Products "b", "B", "A", "Ä" (bought for 10 by A1..A3): A4 has
			// four cross-sells of 0.75 x 10 = 7.5, listed in byte order
			// A < B < b < Ä; potential_value 30.
			name: "ISOs in product byte order",
			p: mtPortfolio{
				accounts: ones("A1", "A2", "A3", "A4"),
				revenue: func() []mtRev {
					var rs []mtRev
					for _, p := range []string{"b", "Ä", "B", "A"} {
						for _, a := range []string{"A3", "A1", "A2"} {
							rs = append(rs, mtR(a, p, m, 10))
						}
					}
					return rs
				}(),
			},
			check: func(t *testing.T, r *model.Result) {
				mtISOs(t, r, "A4", "A cross-sell 7.50", "B cross-sell 7.50", "b cross-sell 7.50", "Ä cross-sell 7.50")
				mtPV(t, r, "A4", 3000)
				_, rows := mtParseCSV(t, "isos", mtWrite(t, r).isos)
				var got []string
				for _, row := range rows {
					got = append(got, row[0]+"/"+row[1])
				}
				want := "A4/A A4/B A4/b A4/Ä"
				if s := strings.Join(got, " "); s != want {
					t.Errorf("ISO rows %s, want %s", s, want)
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

func TestRevenueWindowByHand(t *testing.T) {
	// Account A has 1, 2, 4, ..., 128 in 2025-01, 2025-02, 2025-03,
	// 2025-12, 2026-01, 2026-02, 2026-03, 2026-04; the window is the 12
	// calendar months ending with the as-of month.
	rows := []mtRev{
		mtR("A", "P", "2025-01", 1), mtR("A", "P", "2025-02", 2), mtR("A", "P", "2025-03", 4),
		mtR("A", "P", "2025-12", 8), mtR("A", "P", "2026-01", 16), mtR("A", "P", "2026-02", 32),
		mtR("A", "P", "2026-03", 64), mtR("A", "P", "2026-04", 128),
	}
	cases := []struct {
		name   string
		asOf   string
		months int // 0: the default 12
		want   float64
	}{
		{"mid-March: 2025-04..2026-03", "2026-03-15", 0, 8 + 16 + 32 + 64},
		{"first of January: 2025-02..2026-01", "2026-01-01", 0, 2 + 4 + 8 + 16},
		{"end of February: 2025-03..2026-02", "2026-02-28", 0, 4 + 8 + 16 + 32},
		{"end of April: 2025-05..2026-04", "2026-04-30", 0, 8 + 16 + 32 + 64 + 128},
		{"before everything", "2024-12-31", 0, 0},
		{"1 month: 2026-03 only", "2026-03-15", 1, 64},
		{"3 months: 2026-01..2026-03", "2026-03-31", 3, 16 + 32 + 64},
		{"24 months: 2024-04..2026-03", "2026-03-01", 24, 1 + 2 + 4 + 8 + 16 + 32 + 64},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := mtPortfolio{asOf: c.asOf, accounts: []model.Account{mtA("A", "", "", 1)}, revenue: rows}
			if c.months > 0 {
				p.settings = func(s *slcs.Settings) { s.Potential.RevenueMonths = c.months }
			}
			r := p.classify(t)
			mtInt(t, "revenue_12m (micros)", mtAccount(t, r, "A").Revenue12m, int64(c.want*1e6))
		})
	}
}
