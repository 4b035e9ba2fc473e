package model_test

import (
	"strings"
	"testing"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// mtTimePortfolio is a portfolio whose segments are set by construction
// (as of 2026-06-30, N = 13, head-counts given):
//
//   - P is bought for 10 a head by M1 (5 heads, 50), M2 (2, 20), E1, E2 and
//     F1..F6 (1 head, 10): 10 buyers of intensity 10, so high = typical =
//     10, no upsell (10 x emp - spend = 0), and adoption 10/13.
//   - Q has only credits (M2 -30, E1 -10, E2 -20): no buyer, no ISO.
//   - K1 (1 head), K2 (3), G1 (2) buy nothing: cross-sell 10/13 x 10 x emp
//     = 7.6923 -> 7.69, 23.0769 -> 23.08, 15.3846 -> 15.38. The 10 others
//     have potential_value 0, so K1, K2, G1 have L >= 10: potential high.
//   - K1, K2, M1, M2 have an inbound meeting today with a client person;
//     F3 and E1 an outbound email 89 days old without client people.
//     Engagement K1 = (25 x 21 + 15 x 22 + 10 x 22) / 13 = 82.69 (pairs
//     L 9 zeros, Q 3; frequency and proactiveness L 9, Q 4), K2 higher
//     (two pairs), M1, M2 as K1: high. F3, E1 (frequency L 7 zeros, Q 2):
//     0.3 x 50 x 16 / 13 = 18.46:
//     low. The others 0.
//   - Segments: K1, K2 key; G1 growth_potential; M1, M2 maintenance; E1,
//     E2, F1..F6 service.
func mtTimePortfolio() mtPortfolio {
	const m = "2026-05"
	const s = "s@our.example"
	p := mtPortfolio{
		accounts: []model.Account{
			mtA("K1", s, "", 1), mtA("K2", "S@Our.Example", "", 3), mtA("G1", s, "", 2),
			mtA("M1", s, "", 5), mtA("M2", s, "", 2),
			mtA("E1", "e@our.example", "", 1), mtA("E2", "e@our.example", "", 1),
		},
		team: []mtMember{{s, 100}, {"t@our.example", 80}, {"idle@our.example", 90}},
		revenue: []mtRev{
			mtR("M1", "P", m, 50), mtR("M2", "P", m, 20), mtR("E1", "P", m, 10), mtR("E2", "P", m, 10),
			mtR("M2", "Q", m, -30), mtR("E1", "Q", m, -10), mtR("E2", "Q", m, -20),
		},
		acts: []mtAct{
			{acct: "K1", typ: slcs.Meeting, in: true, minutes: 90, ours: s, theirs: "c@client.example"},
			{acct: "K2", typ: slcs.Meeting, in: true, minutes: 180, ours: s + ";t@our.example", theirs: "c@client.example"},
			{acct: "M1", typ: slcs.Meeting, in: true, minutes: 360, ours: s, theirs: "c@client.example"},
			{acct: "M2", typ: slcs.Meeting, in: true, minutes: 0, ours: s, theirs: "c@client.example"},
			{acct: "F3", age: 89, typ: slcs.Email, minutes: 540, ours: s},
			{acct: "E1", age: 89, typ: slcs.Email, minutes: 36, ours: "e@our.example"},
			{acct: "F1", age: 400, typ: slcs.Meeting, minutes: 60, ours: "old@our.example", theirs: "c@client.example"},
			{acct: "F2", age: -5, typ: slcs.Meeting, minutes: 60, ours: "fut@our.example", theirs: "c@client.example"},
		},
	}
	for _, id := range []string{"F1", "F2", "F3", "F4", "F5", "F6"} {
		p.accounts = append(p.accounts, mtA(id, "", "", 1))
		p.revenue = append(p.revenue, mtR(id, "P", m, 10))
	}
	return p
}

func TestTimePlanByHand(t *testing.T) {
	r := func() *model.Result { p := mtTimePortfolio(); return p.classify(t) }()

	// Segments and recommended hours.
	// s (capacity 100 from team.csv) owns key, maintenance and growth but
	// no service account: eff_share key 0.5/0.95, maintenance 0.15/0.95,
	// growth 0.3/0.95.
	//   K1 = 100 x 0.5/0.95 x 7.69 / (7.69 + 23.08) = 13.1536 -> 13.15
	//   K2 = 100 x 0.5/0.95 x 23.08 / 30.77 = 39.4780 -> 39.48
	//   G1 = 100 x 0.3/0.95 = 31.5789 -> 31.58
	//   maintenance weights max(0, revenue): M1 50, M2 max(0, 20 - 30) = 0:
	//   M1 = 100 x 0.15/0.95 = 15.7895 -> 15.79, M2 = 0.
	// e (not in team.csv: 120) owns only service: E1, E2 weigh max(0, 0)
	// and max(0, -10): both 0, so equal weights: 120 / 2 = 60 each.
	// "" (no owner: 120) owns F1..F6 in service, revenue 10 each: 20 each.
	want := []struct {
		id    string
		seg   slcs.Segment
		hours int64 // hundredths
	}{
		{"K1", slcs.Key, 1315}, {"K2", slcs.Key, 3948}, {"G1", slcs.GrowthPotential, 3158},
		{"M1", slcs.Maintenance, 1579}, {"M2", slcs.Maintenance, 0},
		{"E1", slcs.Service, 6000}, {"E2", slcs.Service, 6000},
		{"F1", slcs.Service, 2000}, {"F3", slcs.Service, 2000}, {"F6", slcs.Service, 2000},
	}
	for _, w := range want {
		a := mtAccount(t, r, w.id)
		if a.Segment != w.seg {
			t.Errorf("%s segment = %s, want %s", w.id, a.Segment.ID(), w.seg.ID())
		}
		mtInt(t, w.id+" recommended hours (hundredths)", a.RecommendedHours, w.hours)
	}
	mtPV(t, r, "K1", 769)
	mtPV(t, r, "K2", 2308)
	mtPV(t, r, "G1", 1538)
	mtFloat(t, "K1 engagement", mtAccount(t, r, "K1").Engagement.Value, (25*21+15*22+10*22)/13.0, 1e-9)
	mtFloat(t, "F3 engagement", mtAccount(t, r, "F3").Engagement.Value, 0.3*50*16/13, 1e-9)
	k2 := mtAccount(t, r, "K2")
	if k2.Owner != "S@Our.Example" || k2.Seller != "s@our.example" {
		t.Errorf("K2 owner %q seller %q, want the owner as written and the seller lower-cased", k2.Owner, k2.Seller)
	}

	// Sellers.
	if len(r.Sellers) != 3 {
		t.Fatalf("%d sellers, want 3 (\"\", e, s)", len(r.Sellers))
	}
	for i, w := range []string{"", "e@our.example", "s@our.example"} {
		if r.Sellers[i].Seller != w {
			t.Errorf("seller %d = %q, want %q", i, r.Sellers[i].Seller, w)
		}
	}
	if pl := mtPlan(r, "s@our.example"); pl != nil {
		mtFloat(t, "s capacity", pl.Capacity, 100, 0)
		if pl.Accounts != [4]int{2, 2, 1, 0} {
			t.Errorf("s accounts by segment %v, want [2 2 1 0]", pl.Accounts)
		}
		for sg, w := range [4]float64{0.5 / 0.95, 0.15 / 0.95, 0.3 / 0.95, 0} {
			mtFloat(t, "s share "+slcs.Segment(sg).ID(), pl.Share[sg], w, 1e-12)
		}
	}
	if pl := mtPlan(r, ""); pl != nil {
		mtFloat(t, "no-owner capacity", pl.Capacity, 120, 0)
		mtFloat(t, "no-owner service share", pl.Share[slcs.Service], 1, 0)
	}
	if pl := mtPlan(r, "e@our.example"); pl != nil {
		mtFloat(t, "e capacity", pl.Capacity, 120, 0)
	}

	// The audit, by hand:
	// s: K1 90 min + K2 180 min = 270 / 180 = 1.5 key; M1 360 + M2 0 = 2
	//   maintenance; F3 540 (89 days old, in the window) = 3 service,
	//   total 6.5. Recommended: 52.63, 15.79, 31.58, 0.
	//   misallocation = 50 x (|1.5/6.5 - 0.5/0.95| + |2/6.5 - 0.15/0.95|
	//   + |0 - 0.3/0.95| + |3/6.5 - 0|) = 50 x (0.295547 + 0.149798 +
	//   0.315789 + 0.461538) = 61.1336 -> 61.13.
	// t: in team.csv (80), owns nothing, 180 min on K2 = 1 key; no
	//   misallocation (owns no account).
	// e: not in team.csv (120), owns E1, E2 (service, eff_share 1): 36 min
	//   on E1 = 0.2 service; misallocation 50 x |0.2/0.2 - 1| = 0.00.
	// idle: in team.csv only (90). old: only an activity 400 days old;
	//   fut: only one after the as-of date: listed, with no hours.
	// The empty owner is no person.
	wantAudit := `person,owned_accounts,capacity_hours,actual_key,actual_maintenance,actual_growth_potential,actual_service,recommended_key,recommended_maintenance,recommended_growth_potential,recommended_service,misallocation
e@our.example,2,120.00,0.00,0.00,0.00,0.20,0.00,0.00,0.00,120.00,0.00
fut@our.example,0,120.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,
idle@our.example,0,90.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,
old@our.example,0,120.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,
s@our.example,5,100.00,1.50,2.00,0.00,3.00,52.63,15.79,31.58,0.00,61.13
t@our.example,0,80.00,1.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,
`
	if got := mtWrite(t, r).audit; got != wantAudit {
		t.Errorf("audit:\n%s\nwant:\n%s", got, wantAudit)
	}
	if row := mtAudit(r, "s@our.example"); row != nil {
		mtFloat(t, "s misallocation", row.Misallocation, 50*(0.5/0.95-1.5/6.5+2/6.5-0.15/0.95+0.3/0.95+3/6.5), 1e-9)
	}
	if mtAudit(r, "") != nil {
		t.Error("the empty owner is in the audit")
	}

	// The classification rows print the hours.
	_, rows := mtParseCSV(t, "classification", mtWrite(t, r).classification)
	got := map[string]string{}
	for _, row := range rows {
		got[row[0]] = row[2] + " " + row[3] + " " + row[11]
	}
	for id, w := range map[string]string{
		"K1": "s@our.example key 13.15", "K2": "S@Our.Example key 39.48", "M2": "s@our.example maintenance 0.00",
		"F4": " service 20.00", "E2": "e@our.example service 60.00",
	} {
		if got[id] != w {
			t.Errorf("%s: owner, segment, hours printed %q, want %q", id, got[id], w)
		}
	}
}

// TestAuditByHand checks the audit on smaller portfolios.
func TestAuditByHand(t *testing.T) {
	cases := []struct {
		name string
		p    mtPortfolio
		want string // the audit CSV without its header
	}{
		{
			// One account A of a (team, 150): no activity -> service, eff
			// share 1, recommended service 150. b works 90 min today on A
			// (email, outbound, with a client person): b's actual service =
			// 0.5; b owns nothing: no misallocation. a has no actual hours:
			// no misallocation. A gets the email: engagement = 0.5 x 50 +
			// 0.3 x 50 = 40 (N = 1: L 0, Q 1 -> 50), still service.
			name: "owner without hours and worker without accounts",
			p: mtPortfolio{
				accounts: []model.Account{mtA("A", "a@o.example", "", 1)},
				team:     []mtMember{{"a@o.example", 150}},
				acts:     []mtAct{{acct: "A", typ: slcs.Email, minutes: 90, ours: "b@o.example", theirs: "x@c.example"}},
			},
			want: `a@o.example,1,150.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,150.00,
b@o.example,0,120.00,0.00,0.00,0.00,0.50,0.00,0.00,0.00,0.00,
`,
		},
		{
			// Default minutes by type (email 5, call 15, meeting 30, other
			// 15) when the cell is empty: a on A today: 5 + 15 + 30 + 15 =
			// 65 min -> 65/180 = 0.3611 -> 0.36, plus an explicit 0 minutes.
			// A: pairs 1, frequency 0.25 + 0.5 + 1 + 0.25 + 1 = 3, inbound
			// 0 -> engagement 40 (N = 1): service. a owns A only, all hours
			// in service: misallocation 50 x |1 - 1| = 0.
			name: "default minutes",
			p: mtPortfolio{
				accounts: []model.Account{mtA("A", "a@o.example", "", 1)},
				acts: []mtAct{
					{acct: "A", typ: slcs.Email, minutes: -1, ours: "a@o.example", theirs: "x@c.example"},
					{acct: "A", typ: slcs.Call, minutes: -1, ours: "a@o.example", theirs: "x@c.example"},
					{acct: "A", typ: slcs.Meeting, minutes: -1, ours: "a@o.example", theirs: "x@c.example"},
					{acct: "A", typ: slcs.Other, minutes: -1, ours: "a@o.example", theirs: "x@c.example"},
					{acct: "A", typ: slcs.Meeting, minutes: 0, ours: "a@o.example", theirs: "x@c.example"},
				},
			},
			want: `a@o.example,1,120.00,0.00,0.00,0.00,0.36,0.00,0.00,0.00,120.00,0.00
`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := mtWrite(t, c.p.classify(t)).audit
			_, body, _ := strings.Cut(got, "\n")
			if body != c.want {
				t.Errorf("audit rows:\n%s\nwant:\n%s", body, c.want)
			}
		})
	}
}
