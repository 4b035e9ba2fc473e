package model_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
	"github.com/slcs/slcs/portfolio"
)

// TestWorkedExample classifies the worked example of docs/model.md
// (docs/example) and checks every number the document shows, so that the
// document cannot drift from the program. If this test fails after a change
// to the model, fix the document and these tables together.
func TestWorkedExample(t *testing.T) {
	o := portfolio.Options{
		Settings: slcs.DefaultSettings(),
		AsOf:     slcs.MakeDay(2026, 6, 30),
		HasAsOf:  true,
	}
	b, _, err := portfolio.Load("../docs/example", o)
	if err != nil {
		t.Fatalf("loading docs/example: %v", err)
	}
	res := b.Classify()

	// ---- the classification: one row an account (docs/model.md, "The result")
	accounts := []struct {
		id                    string
		segment               slcs.Segment
		engagement, potential int64 // hundredths
		potentialValue        int64 // cents
		pairs                 float64
		frequency             float64
		proactiveness         float64
		pctPairs              float64 // percentiles, to the hundredth
		pctFrequency          float64
		pctProactiveness      float64
		revenue12m            int64 // whole currency units
		employees             float64
		peerGroup             string
		peerGroupSize         int
		recommendedHours      int64 // hundredths
	}{
		{"alder", slcs.Key, 6000, 7500, 250000, 4, 1.125, 0.5, 58.33, 58.33, 66.67, 2600, 100, "retail", 5, 2500},
		{"birch", slcs.Key, 6833, 9167, 750000, 5, 1.25, 0.333333, 75, 75, 41.67, 3000, 200, "retail", 5, 7500},
		{"cedar", slcs.GrowthPotential, 2917, 5833, 80000, 1, 0.5, 0, 33.33, 41.67, 0, 1500, 50, "retail", 5, 6000},
		{"dogwood", slcs.Maintenance, 9167, 0, 0, 6, 1.5, 0.666667, 91.67, 91.67, 91.67, 6500, 100, "retail", 5, 9000},
		{"elm", slcs.Service, 3750, 2500, 25000, 1, 0.375, 0.5, 33.33, 25, 66.67, 5000, 100, "retail", 5, 1875},
		{"flint", slcs.Service, 0, 4167, 60000, 0, 0, 0, 0, 0, 0, 3000, 20, "", 6, 1125},
	}
	if len(res.Accounts) != len(accounts) {
		t.Fatalf("%d accounts, want %d", len(res.Accounts), len(accounts))
	}
	for i, w := range accounts {
		t.Run("account/"+w.id, func(t *testing.T) {
			a := res.Accounts[i]
			if a.ID != w.id {
				t.Fatalf("account %d is %q, want %q", i, a.ID, w.id)
			}
			checkInt := func(what string, got, want int64) {
				t.Helper()
				if got != want {
					t.Errorf("%s = %d, want %d", what, got, want)
				}
			}
			checkNum := func(what string, got, want float64) {
				t.Helper()
				if math.Abs(got-want) > 0.005 {
					t.Errorf("%s = %v, want %v", what, got, want)
				}
			}
			if a.Segment != w.segment {
				t.Errorf("segment = %s, want %s", a.Segment.ID(), w.segment.ID())
			}
			checkInt("engagement (hundredths)", a.Engagement.Hundredths, w.engagement)
			checkInt("potential (hundredths)", a.Potential.Hundredths, w.potential)
			checkInt("potential value (cents)", a.PotentialValue, w.potentialValue)
			checkInt("pairs", int64(a.Pairs.Raw), int64(w.pairs))
			checkInt("frequency (millionths)", int64(math.Round(a.Frequency.Raw*1e6)), int64(math.Round(w.frequency*1e6)))
			checkInt("proactiveness (millionths)", int64(math.Round(a.Proactiveness.Raw*1e6)), int64(math.Round(w.proactiveness*1e6)))
			checkNum("pairs percentile", a.Pairs.Percentile, w.pctPairs)
			checkNum("frequency percentile", a.Frequency.Percentile, w.pctFrequency)
			checkNum("proactiveness percentile", a.Proactiveness.Percentile, w.pctProactiveness)
			checkInt("revenue_12m (millionths)", a.Revenue12m, w.revenue12m*1_000_000)
			checkNum("employees used", a.Employees, w.employees)
			if a.PeerGroup != w.peerGroup || a.PeerGroupSize != w.peerGroupSize {
				t.Errorf("peer group = %q (%d accounts), want %q (%d)", a.PeerGroup, a.PeerGroupSize, w.peerGroup, w.peerGroupSize)
			}
			checkInt("recommended hours (hundredths)", a.RecommendedHours, w.recommendedHours)
		})
	}

	// ---- the ISOs (docs/model.md, "Step 2")
	isos := []struct {
		account, product string
		kind             model.ISOKind
		cents            int64
		buyers           int
		adoption         float64
		high, typical    float64 // spend per employee
	}{
		{"alder", "Cloud", model.Upsell, 190000, 5, 1, 40, 30},
		{"alder", "Support", model.CrossSell, 60000, 3, 0.6, 12.5, 10},
		{"birch", "Cloud", model.Upsell, 600000, 5, 1, 40, 30},
		{"birch", "Support", model.Upsell, 150000, 3, 0.6, 12.5, 10},
		{"cedar", "Cloud", model.Upsell, 50000, 5, 1, 40, 30},
		{"cedar", "Support", model.CrossSell, 30000, 3, 0.6, 12.5, 10},
		{"elm", "Support", model.Upsell, 25000, 3, 0.6, 12.5, 10},
		{"flint", "Cloud", model.CrossSell, 50000, 5, 5.0 / 6, 40, 30},
		{"flint", "Support", model.CrossSell, 10000, 3, 0.5, 12.5, 10},
	}
	var got []model.ISO
	var gotAccount []string
	for _, a := range res.Accounts {
		for _, iso := range a.ISOs {
			got = append(got, iso)
			gotAccount = append(gotAccount, a.ID)
		}
	}
	if len(got) != len(isos) {
		t.Errorf("%d ISOs, want %d", len(got), len(isos))
	}
	for i, w := range isos {
		t.Run("iso/"+w.account+"/"+w.product, func(t *testing.T) {
			if i >= len(got) {
				t.Fatal("missing")
			}
			g := got[i]
			if gotAccount[i] != w.account || g.Product != w.product || g.Kind != w.kind || g.Cents != w.cents {
				t.Errorf("ISO %d = %s %s %s %d cents, want %s %s %s %d cents",
					i, gotAccount[i], g.Product, g.Kind, g.Cents, w.account, w.product, w.kind, w.cents)
			}
			if g.Buyers != w.buyers || math.Abs(g.Adoption-w.adoption) > 1e-9 ||
				math.Abs(g.High-w.high) > 1e-9 || math.Abs(g.Typical-w.typical) > 1e-9 {
				t.Errorf("benchmark = %d buyers, adoption %v, high %v, typical %v; want %d, %v, %v, %v",
					g.Buyers, g.Adoption, g.High, g.Typical, w.buyers, w.adoption, w.high, w.typical)
			}
		})
	}

	// ---- the time plans (docs/model.md, "Step 4")
	plans := []struct {
		seller   string
		capacity float64
		share    [4]float64 // key, maintenance, growth_potential, service
	}{
		{"ana@ours.example", 160, [4]float64{0.625, 0, 0.375, 0}},
		{"ben@ours.example", 120, [4]float64{0, 0.75, 0, 0.25}},
	}
	if len(res.Sellers) != len(plans) {
		t.Errorf("%d sellers, want %d", len(res.Sellers), len(plans))
	}
	for i, w := range plans {
		t.Run("plan/"+w.seller, func(t *testing.T) {
			if i >= len(res.Sellers) {
				t.Fatal("missing")
			}
			p := res.Sellers[i]
			if p.Seller != w.seller || p.Capacity != w.capacity {
				t.Errorf("plan %d = %s with %v hours, want %s with %v", i, p.Seller, p.Capacity, w.seller, w.capacity)
			}
			for _, sg := range slcs.Segments {
				if math.Abs(p.Share[sg]-w.share[sg]) > 1e-12 {
					t.Errorf("share of %s = %v, want %v", sg.ID(), p.Share[sg], w.share[sg])
				}
			}
		})
	}

	// ---- the audit (docs/model.md, "Step 5"): hours a month, to the hundredth
	audit := []struct {
		person        string
		owned         int
		capacity      float64
		actual        [4]float64 // key, maintenance, growth_potential, service
		recommended   [4]float64
		misallocation string // "" when empty
	}{
		{"ana@ours.example", 3, 160, [4]float64{1.25, 0.5, 0.25, 0}, [4]float64{100, 0, 60, 0}, "25.00"},
		{"ben@ours.example", 3, 120, [4]float64{0, 0.53, 0, 0.03}, [4]float64{0, 90, 0, 30}, "20.00"},
		{"cy@ours.example", 0, 120, [4]float64{1, 0, 0, 0}, [4]float64{0, 0, 0, 0}, ""},
	}
	if len(res.Audit) != len(audit) {
		t.Errorf("%d audit rows, want %d", len(res.Audit), len(audit))
	}
	hundredths := func(x float64) int64 { return int64(math.Round(x * 100)) }
	for i, w := range audit {
		t.Run("audit/"+w.person, func(t *testing.T) {
			if i >= len(res.Audit) {
				t.Fatal("missing")
			}
			r := res.Audit[i]
			if r.Person != w.person || r.OwnedAccounts != w.owned || hundredths(r.Capacity) != hundredths(w.capacity) {
				t.Errorf("row %d = %s, %d accounts, %v hours; want %s, %d, %v",
					i, r.Person, r.OwnedAccounts, r.Capacity, w.person, w.owned, w.capacity)
			}
			for _, sg := range slcs.Segments {
				if hundredths(r.Actual[sg]) != hundredths(w.actual[sg]) {
					t.Errorf("actual %s = %.2f, want %.2f", sg.ID(), r.Actual[sg], w.actual[sg])
				}
				if hundredths(r.Recommended[sg]) != hundredths(w.recommended[sg]) {
					t.Errorf("recommended %s = %.2f, want %.2f", sg.ID(), r.Recommended[sg], w.recommended[sg])
				}
			}
			mis := ""
			if r.HasMisallocation {
				mis = fmt.Sprintf("%.2f", float64(hundredths(r.Misallocation))/100)
			}
			if mis != w.misallocation {
				t.Errorf("misallocation = %q, want %q", mis, w.misallocation)
			}
		})
	}
}
