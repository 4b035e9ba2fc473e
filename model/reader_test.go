package model_test

import (
	"strings"
	"testing"

	"github.com/slcs/slcs"
)

// Cases that go through portfolio.Load, where people are trimmed and
// lower-cased and dates are read.
func TestLoadedPortfoliosByHand(t *testing.T) {
	t.Run("same person twice in one cell", func(t *testing.T) {
		// As of 2026-06-30. A (owner Ann@O.example) and B (ann@o.example):
		// one seller, ann@o.example (capacity 120, not in a team file).
		// Activity 1 on A today, meeting, inbound, our people Ann three
		// times, theirs Bob twice and Carl: pairs ann-bob, ann-carl.
		// Activity 2 on A yesterday, call, outbound, ann x BOB: the same
		// pair. Activity 3 on B today, email, empty items dropped, no
		// client people, 5 default minutes.
		// A: pairs 2, activities 2, inbound 1 -> proactiveness 0.5;
		//   frequency 1 + 0.5 x 0.5^(1/90) = 1.4961640 -> 1.496164.
		// B: pairs 0, frequency 0.25, proactiveness 0.
		// N = 2: A pct 75 in each component -> engagement 75 (maintenance);
		//   B: frequency L 0, Q 1 -> 25 -> engagement 0.3 x 25 = 7.5
		//   (service). No revenue: potential 0.
		// ann: minutes counted once per activity: A 90 + 30 = 120 ->
		//   120/180 = 0.67 maintenance; B 5 -> 5/180 = 0.03 service.
		//   eff_share maintenance 0.15/0.2 = 0.75, service 0.25: recommended
		//   90 and 30 (equal weights: revenue 0). misallocation =
		//   50 x (|120/125 - 0.75| + |5/125 - 0.25|) = 50 x 0.42 = 21.00.
		dir := mtWritePortfolio(t, map[string]string{
			"accounts.csv": "account_id,name,owner,industry,employees\nA,Alpha,Ann@O.example,,10\nB,Beta, ann@o.example ,,10\n",
			"activities.csv": "activity_id,account_id,date,type,direction,our_people,their_people,minutes\n" +
				"1,A,2026-06-30,meeting,inbound,\"Ann@O.example; ann@o.example ;ANN@O.EXAMPLE\",Bob@c.example;bob@c.example;Carl@c.example,90\n" +
				"2,A,2026-06-29,CALL,Outbound,ann@o.example,BOB@C.EXAMPLE ,30\n" +
				"3,B,2026-06-30,email,,; ;ann@o.example;;,,\n",
		})
		r := mtLoad(t, dir, slcs.DefaultSettings(), mtDay(t, "2026-06-30"))
		a := mtAccount(t, r, "A")
		mtFloat(t, "A pairs", a.Pairs.Raw, 2, 0)
		mtFloat(t, "A frequency", a.Frequency.Raw, 1.496164, 1e-12)
		mtFloat(t, "A proactiveness", a.Proactiveness.Raw, 0.5, 0)
		mtScore(t, r, "A", 75, 0, slcs.Maintenance)
		mtScore(t, r, "B", 7.5, 0, slcs.Service)
		if a.Owner != "Ann@O.example" {
			t.Errorf("A owner %q, want it as written", a.Owner)
		}
		want := "person,owned_accounts,capacity_hours,actual_key,actual_maintenance,actual_growth_potential,actual_service," +
			"recommended_key,recommended_maintenance,recommended_growth_potential,recommended_service,misallocation\n" +
			"ann@o.example,2,120.00,0.00,0.67,0.00,0.03,0.00,90.00,0.00,30.00,21.00\n"
		if got := mtWrite(t, r).audit; got != want {
			t.Errorf("audit:\n%s\nwant:\n%s", got, want)
		}
		mtInt(t, "A recommended hours", a.RecommendedHours, 9000)
		mtInt(t, "B recommended hours", mtAccount(t, r, "B").RecommendedHours, 3000)
	})

	t.Run("RFC 3339 times whose UTC date differs", func(t *testing.T) {
		// As of 2026-06-30; one outbound meeting (weight 1, 180 minutes)
		// per account, each by its own person p1..p7; only the UTC date
		// counts:
		//   R1 2026-07-01T01:00+02:00 = 06-30 23:00Z: age 0 (local date
		//      after the as-of date): frequency 1, 1 hour.
		//   R2 2026-06-30T22:00-05:00 = 07-01 03:00Z: age -1, ignored.
		//   R3 2026-04-01T23:30-01:00 = 04-02 00:30Z: age 89 (local: 90):
		//      frequency 0.5^(89/90) -> 0.503866, in the audit: 1 hour.
		//   R4 2026-04-02T00:30+01:00 = 04-01 23:30Z: age 90 (local: 89):
		//      frequency 0.5, out of the audit.
		//   R5 2025-06-30T20:00-06:00 = 07-01 02:00Z: age 364 (local:
		//      365): frequency 0.5^(364/90) -> 0.060604.
		//   R6 2025-07-01T01:00+05:00 = 06-30 20:00Z: age 365 (local: 364):
		//      out of the window.
		//   R7 2026-06-30 23:59:59.999z (space, fraction, lower-case z):
		//      age 0.
		var acc, act strings.Builder
		acc.WriteString("account_id,name,owner,employees\n")
		act.WriteString("activity_id,account_id,date,type,our_people,their_people,minutes\n")
		dates := []string{
			"2026-07-01T01:00:00+02:00", "2026-06-30T22:00:00-05:00", "2026-04-01T23:30:00-01:00",
			"2026-04-02T00:30:00+01:00", "2025-06-30T20:00:00-06:00", "2025-07-01T01:00:00+05:00",
			"2026-06-30 23:59:59.999z",
		}
		for i, d := range dates {
			n := string(rune('1' + i))
			acc.WriteString("R" + n + ",,o@o.example,1\n")
			act.WriteString("a" + n + ",R" + n + "," + d + ",meeting,p" + n + "@o.example,c@c.example,180\n")
		}
		dir := mtWritePortfolio(t, map[string]string{"accounts.csv": acc.String(), "activities.csv": act.String()})
		r := mtLoad(t, dir, slcs.DefaultSettings(), mtDay(t, "2026-06-30"))
		want := []struct {
			n     int64
			freq  float64
			hours float64
		}{{1, 1, 1}, {0, 0, 0}, {1, 0.503866, 1}, {1, 0.5, 0}, {1, 0.060604, 0}, {0, 0, 0}, {1, 1, 1}}
		for i, w := range want {
			n := string(rune('1' + i))
			a := mtAccount(t, r, "R"+n)
			mtInt(t, "R"+n+" activities", a.Activities, w.n)
			mtFloat(t, "R"+n+" frequency", a.Frequency.Raw, w.freq, 1e-12)
			if a.Name != "R"+n {
				t.Errorf("R%s name %q, want the id for an empty name", n, a.Name)
			}
			row := mtAudit(r, "p"+n+"@o.example")
			if row == nil {
				t.Errorf("p%s is not in the audit", n)
				continue
			}
			var sum float64
			for _, h := range row.Actual {
				sum += h
			}
			mtFloat(t, "p"+n+" actual hours", sum, w.hours, 1e-9)
		}
	})
}
