package movement

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/workspace"
)

var (
	fromAsOf = slcs.MakeDay(2026, 3, 31)
	toAsOf   = slcs.MakeDay(2026, 6, 30)
)

// acct is an account of segment seg, its flags and scores on the segment's
// side of both thresholds, recently active with three people on each side:
// no alert but for what a test changes.
func acct(id string, seg slcs.Segment, edit ...func(*workspace.SnapshotAccount)) workspace.SnapshotAccount {
	eh := seg == slcs.Key || seg == slcs.Maintenance
	ph := seg == slcs.Key || seg == slcs.GrowthPotential
	a := workspace.SnapshotAccount{
		AccountID: id, Name: "Account " + id, Owner: "ana@ours.example", Industry: "Retail",
		Segment: seg, Computed: seg, EngagementHigh: eh, PotentialHigh: ph,
		Engagement: 3000, Potential: 3000,
		HasActivity: true, LastActivity: toAsOf, RecentOurPeople: 3, RecentTheirPeople: 3,
	}
	if eh {
		a.Engagement = 7000
	}
	if ph {
		a.Potential = 7000
	}
	for _, e := range edit {
		e(&a)
	}
	return a
}

func snap(id int64, asOf slcs.Day, accounts ...workspace.SnapshotAccount) *workspace.Snapshot {
	s := &workspace.Snapshot{
		SnapshotInfo: workspace.SnapshotInfo{ID: id, AsOf: asOf, Accounts: len(accounts), Stable: true,
			CreatedAt: time.Date(2026, 7, 1, 8, 30, 0, 0, time.UTC), CreatedBy: "ana@ours.example"},
		Settings: slcs.DefaultSettings(),
		Accounts: accounts,
	}
	for _, a := range accounts {
		s.Segments[a.Segment]++
	}
	return s
}

func revenue(m int64) func(*workspace.SnapshotAccount) {
	return func(a *workspace.SnapshotAccount) { a.Revenue12m = m }
}

func TestMatrix(t *testing.T) {
	const M = 1_000_000
	from := snap(3, fromAsOf,
		acct("a", slcs.Key, revenue(100*M)),
		acct("b", slcs.Key, revenue(200*M)),
		acct("c", slcs.GrowthPotential, revenue(300*M)),
		acct("d", slcs.Service, revenue(400*M)),
		acct("e", slcs.Maintenance, revenue(500*M)), // removed
		acct("h", slcs.Key, revenue(1*M)),           // removed
	)
	to := snap(5, toAsOf,
		acct("a", slcs.Key, revenue(110*M)),
		acct("b", slcs.Maintenance, revenue(220*M)),
		acct("c", slcs.Key, revenue(330*M)),
		acct("d", slcs.Service, revenue(440*M)),
		acct("f", slcs.GrowthPotential, revenue(50*M)), // added
		acct("g", slcs.Key, revenue(70*M)),             // added
	)
	c := Compare(from, to)

	type cell struct {
		from, to slcs.Segment
		n        int
		rev      int64
	}
	want := []cell{
		{slcs.Key, slcs.Key, 1, 110 * M},                   // a, with To's revenue
		{slcs.Key, slcs.Maintenance, 1, 220 * M},           // b
		{slcs.GrowthPotential, slcs.Key, 1, 330 * M},       // c
		{slcs.Service, slcs.Service, 1, 440 * M},           // d
		{slcs.Maintenance, slcs.Maintenance, 0, 0},         // e is gone, not here
		{slcs.GrowthPotential, slcs.GrowthPotential, 0, 0}, // f is new, not here
	}
	var total int
	for _, w := range want {
		if got := c.Matrix[w.from][w.to]; got != w.n {
			t.Errorf("Matrix[%s][%s] = %d, want %d", w.from.ID(), w.to.ID(), got, w.n)
		}
		if got := c.MatrixRevenue[w.from][w.to]; got != w.rev {
			t.Errorf("MatrixRevenue[%s][%s] = %d, want %d", w.from.ID(), w.to.ID(), got, w.rev)
		}
	}
	for i := range 4 {
		for j := range 4 {
			total += c.Matrix[i][j]
		}
	}
	if total != 4 {
		t.Errorf("matrix holds %d accounts, want 4 (those in both)", total)
	}
	if want := [4]int{1, 0, 1, 0}; c.AddedBySegment != want {
		t.Errorf("AddedBySegment = %v, want %v", c.AddedBySegment, want)
	}
	if want := [4]int64{70 * M, 0, 50 * M, 0}; c.AddedRevenue != want {
		t.Errorf("AddedRevenue = %v, want %v", c.AddedRevenue, want)
	}
	if want := [4]int{1, 1, 0, 0}; c.RemovedBySegment != want {
		t.Errorf("RemovedBySegment = %v, want %v", c.RemovedBySegment, want)
	}
	if want := [4]int64{1 * M, 500 * M, 0, 0}; c.RemovedRevenue != want { // From's revenue
		t.Errorf("RemovedRevenue = %v, want %v", c.RemovedRevenue, want)
	}
	if want := []string{"f", "g"}; !slices.Equal(c.Added, want) {
		t.Errorf("Added = %v, want %v", c.Added, want)
	}
	if want := []string{"e", "h"}; !slices.Equal(c.Removed, want) {
		t.Errorf("Removed = %v, want %v", c.Removed, want)
	}
	var moved []string
	for _, m := range c.Moved {
		moved = append(moved, m.AccountID)
	}
	if want := []string{"c", "b"}; !slices.Equal(moved, want) { // most revenue first
		t.Errorf("Moved = %v, want %v", moved, want)
	}
	if c.From.ID != 3 || c.To.ID != 5 {
		t.Errorf("From, To = %d, %d; want 3, 5", c.From.ID, c.To.ID)
	}
}

func TestCompareNilAndEmpty(t *testing.T) {
	to := snap(1, toAsOf, acct("a", slcs.Key))
	c := Compare(nil, to)
	if !slices.Equal(c.Added, []string{"a"}) || c.AddedBySegment[slcs.Key] != 1 || len(c.Moved) != 0 {
		t.Errorf("from nil: Added %v, AddedBySegment %v, Moved %v", c.Added, c.AddedBySegment, c.Moved)
	}
	c = Compare(to, nil)
	if !slices.Equal(c.Removed, []string{"a"}) || len(c.Alerts) != 0 {
		t.Errorf("to nil: Removed %v, Alerts %v", c.Removed, c.Alerts)
	}
}

func TestAlerts(t *testing.T) {
	type edit = func(*workspace.SnapshotAccount)
	eng := func(h int64) edit { return func(a *workspace.SnapshotAccount) { a.Engagement = h } }
	last := func(daysAgo int) edit {
		return func(a *workspace.SnapshotAccount) { a.LastActivity = toAsOf - slcs.Day(daysAgo) }
	}
	people := func(ours, theirs int) edit {
		return func(a *workspace.SnapshotAccount) { a.RecentOurPeople, a.RecentTheirPeople = ours, theirs }
	}
	noActivity := func(a *workspace.SnapshotAccount) { a.HasActivity, a.LastActivity = false, 0 }
	tests := []struct {
		name     string
		from, to workspace.SnapshotAccount // a zero from: the account is new
		alerts   func(*slcs.AlertSettings) // to's alert settings
		want     []AlertKind
		text     string // in the first alert's text
	}{
		{name: "drop of exactly 15.00 points", from: acct("x", slcs.Key, eng(7000)), to: acct("x", slcs.Key, eng(5500)),
			want: []AlertKind{EngagementDrop}, text: "engagement 70.00 → 55.00 (-15.00)"},
		{name: "drop of 14.99 points", from: acct("x", slcs.Key, eng(7000)), to: acct("x", slcs.Key, eng(5501))},
		{name: "drop of 15.01 points, Maintenance", from: acct("x", slcs.Key, eng(7000)),
			to: acct("x", slcs.Maintenance, eng(5499)), want: []AlertKind{EngagementDrop}},
		{name: "drop of 40 points to Service", from: acct("x", slcs.Key, eng(7000)), to: acct("x", slcs.Service, eng(3000))},
		{name: "drop threshold from to's settings", from: acct("x", slcs.Key, eng(7000)), to: acct("x", slcs.Key, eng(6000)),
			alerts: func(a *slcs.AlertSettings) { a.EngagementDrop = 10 }, want: []AlertKind{EngagementDrop}},
		{name: "drop threshold 14.995 needs 15.00", from: acct("x", slcs.Key, eng(7000)), to: acct("x", slcs.Key, eng(5501)),
			alerts: func(a *slcs.AlertSettings) { a.EngagementDrop = 14.995 }},
		{name: "zero alert settings: the defaults", from: acct("x", slcs.Key, eng(7000)), to: acct("x", slcs.Key, eng(5500)),
			alerts: func(a *slcs.AlertSettings) { *a = slcs.AlertSettings{} }, want: []AlertKind{EngagementDrop}},
		{name: "growth to key", from: acct("x", slcs.GrowthPotential), to: acct("x", slcs.Key),
			want: []AlertKind{GrowthToKey}, text: "Growth → Key: engagement 30.00 → 70.00"},
		{name: "service to key", from: acct("x", slcs.Service), to: acct("x", slcs.Key)},
		{name: "growth to maintenance", from: acct("x", slcs.GrowthPotential), to: acct("x", slcs.Maintenance)},
		{name: "quiet for 60 days", from: acct("x", slcs.Key), to: acct("x", slcs.Key, last(60)),
			want: []AlertKind{Quiet}, text: "last activity 2026-05-01 (60 days ago)"},
		{name: "quiet for 59 days", from: acct("x", slcs.Key), to: acct("x", slcs.Key, last(59))},
		{name: "quiet, never active, new account", to: acct("x", slcs.Maintenance, noActivity, people(3, 3)),
			want: []AlertKind{Quiet}, text: "no activity on record"},
		{name: "quiet but low engagement", from: acct("x", slcs.Service), to: acct("x", slcs.GrowthPotential, last(400))},
		{name: "quiet days from to's settings", from: acct("x", slcs.Key), to: acct("x", slcs.Key, last(30)),
			alerts: func(a *slcs.AlertSettings) { a.QuietDays = 30 }, want: []AlertKind{Quiet}},
		{name: "one of our people", from: acct("x", slcs.Key), to: acct("x", slcs.Key, people(1, 3)),
			want: []AlertKind{SingleThreaded}, text: "people in 90 days: 1 ours, 3 theirs"},
		{name: "one of theirs", from: acct("x", slcs.Maintenance), to: acct("x", slcs.Maintenance, people(4, 1)),
			want: []AlertKind{SingleThreaded}},
		{name: "two on each side", from: acct("x", slcs.Key), to: acct("x", slcs.Key, people(2, 2))},
		{name: "nobody of theirs", from: acct("x", slcs.Key), to: acct("x", slcs.Key, people(2, 0)),
			want: []AlertKind{SingleThreaded}},
		{name: "one person, growth", from: acct("x", slcs.GrowthPotential), to: acct("x", slcs.GrowthPotential, people(1, 1))},
		{name: "everything at once", from: acct("x", slcs.GrowthPotential, eng(9000)),
			to:   acct("x", slcs.Key, eng(7000), last(90), people(1, 1)),
			want: []AlertKind{EngagementDrop, GrowthToKey, Quiet, SingleThreaded}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			from := snap(1, fromAsOf)
			if tc.from.AccountID != "" {
				from = snap(1, fromAsOf, tc.from)
			}
			from.Settings.Alerts = slcs.AlertSettings{EngagementDrop: 50, QuietDays: 500, SingleThreadDays: 7} // never used
			to := snap(2, toAsOf, tc.to)
			if tc.alerts != nil {
				tc.alerts(&to.Settings.Alerts)
			}
			c := Compare(from, to)
			var got []AlertKind
			for _, a := range c.Alerts {
				got = append(got, a.Kind)
				if a.AccountID != "x" || a.Name != "Account x" || a.Owner != "ana@ours.example" {
					t.Errorf("alert %s names %q %q %q", a.Kind, a.AccountID, a.Name, a.Owner)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("alerts %v, want %v (%+v)", got, tc.want, c.Alerts)
			}
			if tc.text != "" && c.Alerts[0].Text != tc.text {
				t.Errorf("text %q, want %q", c.Alerts[0].Text, tc.text)
			}
		})
	}
}

func TestAlertOrder(t *testing.T) {
	one := func(a *workspace.SnapshotAccount) { a.RecentOurPeople = 1 }
	to := snap(2, toAsOf,
		acct("a", slcs.Key, one, revenue(10)),
		acct("b", slcs.Key, one, revenue(30)),
		acct("c", slcs.Key, one, revenue(20), func(a *workspace.SnapshotAccount) { a.HasActivity = false }),
	)
	c := Compare(snap(1, fromAsOf), to)
	var got []string
	for _, a := range c.Alerts {
		got = append(got, a.Kind.ID()+":"+a.AccountID)
	}
	want := []string{"quiet:c", "single_threaded:b", "single_threaded:c", "single_threaded:a"}
	if !slices.Equal(got, want) {
		t.Errorf("alerts %v, want %v", got, want)
	}
}

func TestISOs(t *testing.T) {
	isos := func(list ...workspace.SnapshotISO) func(*workspace.SnapshotAccount) {
		return func(a *workspace.SnapshotAccount) { a.ISOs = list }
	}
	iso := func(p, k string, c int64) workspace.SnapshotISO {
		return workspace.SnapshotISO{Product: p, Kind: k, Cents: c}
	}
	from := snap(1, fromAsOf,
		acct("a", slcs.Key, isos(iso("Cloud", "upsell", 100), iso("Support", "cross-sell", 5000))),
		acct("c", slcs.Service, isos(iso("Y", "cross-sell", 7000))), // removed
	)
	to := snap(2, toAsOf,
		acct("a", slcs.Key, isos(iso("Cloud", "upsell", 200), // value changed only
			iso("Support", "upsell", 8000),      // the cross-sell became an upsell
			iso("Training", "cross-sell", 3000), // new
		)),
		acct("b", slcs.Key, isos(iso("X", "upsell", 50000))), // added
	)
	c := Compare(from, to)
	str := func(list []ISOChange) []string {
		var out []string
		for _, x := range list {
			out = append(out, fmt.Sprintf("%s/%s/%s/%d/%s", x.AccountID, x.Product, x.Kind, x.Cents, x.Name))
		}
		return out
	}
	wantA := []string{"b/X/upsell/50000/Account b", "a/Support/upsell/8000/Account a", "a/Training/cross-sell/3000/Account a"}
	if got := str(c.ISOsAppeared); !slices.Equal(got, wantA) {
		t.Errorf("appeared %v, want %v", got, wantA)
	}
	wantG := []string{"c/Y/cross-sell/7000/Account c", "a/Support/cross-sell/5000/Account a"}
	if got := str(c.ISOsGone); !slices.Equal(got, wantG) {
		t.Errorf("gone %v, want %v", got, wantG)
	}
}

func TestMoves(t *testing.T) {
	type edit = func(*workspace.SnapshotAccount)
	comps := func(pairs, pairsPct, freq, freqPct, pro, proPct float64) edit {
		return func(a *workspace.SnapshotAccount) {
			a.Pairs, a.PairsPct = int64(pairs), pairsPct
			a.Frequency, a.FrequencyPct = int64(freq*1e6), freqPct
			a.Proactiveness, a.ProactivenessPct = int64(pro*1e6), proPct
		}
	}
	tests := []struct {
		name       string
		from, to   workspace.SnapshotAccount
		toSettings func(*workspace.Snapshot)
		want       []string // component: text
	}{
		{
			name: "engagement up, pairs most",
			from: acct("x", slcs.GrowthPotential, comps(2, 30, 0.5, 40, 0.25, 50)),
			to:   acct("x", slcs.Key, comps(5, 70, 0.6, 45, 0.25, 50)),
			want: []string{
				"engagement: engagement rose to high: 30.00 → 70.00 (threshold 50)",
				"pairs: pairs 2 → 5, percentile 30.0 → 70.0 (+40.0)",
				"frequency: frequency 0.50 → 0.60, percentile 40.0 → 45.0 (+5.0)",
			},
		},
		{
			name: "engagement down, frequency most",
			from: acct("x", slcs.Key, comps(5, 70, 1.5, 90, 0.5, 60)),
			to:   acct("x", slcs.GrowthPotential, comps(4, 65, 0.2, 20, 0.5, 62)),
			want: []string{
				"engagement: engagement fell to low: 70.00 → 30.00 (threshold 50)",
				"frequency: frequency 1.50 → 0.20, percentile 90.0 → 20.0 (-70.0)",
				"pairs: pairs 5 → 4, percentile 70.0 → 65.0 (-5.0)",
				"proactiveness: proactiveness 0.50 → 0.50, percentile 60.0 → 62.0 (+2.0)",
			},
		},
		{
			name: "potential down",
			from: acct("x", slcs.Key, func(a *workspace.SnapshotAccount) { a.PotentialValue = 750000 }),
			to:   acct("x", slcs.Maintenance, func(a *workspace.SnapshotAccount) { a.PotentialValue = 120049 }),
			want: []string{
				"potential: potential fell to low: 70.00 → 30.00 (threshold 50)",
				"potential_value: potential value 7,500 → 1,200, percentile 70.0 → 30.0 (-40.0)",
			},
		},
		{
			name: "override set",
			from: acct("x", slcs.Service),
			to: acct("x", slcs.Service, func(a *workspace.SnapshotAccount) {
				a.Segment, a.Overridden = slcs.Key, true
			}),
			want: []string{"override: override set: pinned to Key (the scores give Service)"},
		},
		{
			name: "override lifted",
			from: acct("x", slcs.Service, func(a *workspace.SnapshotAccount) {
				a.Segment, a.Overridden = slcs.Key, true
			}),
			to:   acct("x", slcs.Service),
			want: []string{"override: override lifted: the scores give Service (was pinned to Key)"},
		},
		{
			name: "held by the margin, then margin off",
			from: acct("x", slcs.Key, func(a *workspace.SnapshotAccount) { a.Engagement = 4800 }),
			to:   acct("x", slcs.GrowthPotential, func(a *workspace.SnapshotAccount) { a.Engagement = 4790 }),
			toSettings: func(s *workspace.Snapshot) {
				s.Stable = false
				s.Settings.Engagement.Threshold = 49
			},
			want: []string{
				"engagement: engagement fell to low: 48.00 → 47.90 (threshold 49)",
				"stability: engagement 48.00 had been held high by the stability margin (threshold 50)",
				"threshold: engagement threshold changed: 50 → 49",
				"stability: stability margin turned off (it was 5 points)",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			to := snap(2, toAsOf, tc.to)
			if tc.toSettings != nil {
				tc.toSettings(to)
			}
			c := Compare(snap(1, fromAsOf, tc.from), to)
			if len(c.Moved) != 1 {
				t.Fatalf("moved %d, want 1", len(c.Moved))
			}
			m := c.Moved[0]
			if m.From != tc.from.Segment || m.To != tc.to.Segment || m.Overridden != tc.to.Overridden {
				t.Errorf("move %s → %s overridden %v", m.From.ID(), m.To.ID(), m.Overridden)
			}
			var got []string
			for _, r := range m.Reasons {
				got = append(got, r.Component+": "+r.Text)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("reasons\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestReasonValues(t *testing.T) {
	from := acct("x", slcs.Key, func(a *workspace.SnapshotAccount) {
		a.Pairs, a.PairsPct, a.Frequency, a.FrequencyPct = 6, 80, 1_250_000, 75
	})
	to := acct("x", slcs.GrowthPotential, func(a *workspace.SnapshotAccount) {
		a.Pairs, a.PairsPct, a.Frequency, a.FrequencyPct = 2, 25, 1_250_000, 75
	})
	c := Compare(snap(1, fromAsOf, from), snap(2, toAsOf, to))
	r := c.Moved[0].Reasons
	if len(r) != 2 {
		t.Fatalf("reasons %+v, want engagement and pairs only (frequency did not change)", r)
	}
	if r[0].Old != 70 || r[0].New != 30 || r[0].HasPercentile {
		t.Errorf("engagement reason %+v", r[0])
	}
	if r[1].Component != "pairs" || r[1].Old != 6 || r[1].New != 2 || !r[1].HasPercentile ||
		r[1].OldPercentile != 80 || r[1].NewPercentile != 25 {
		t.Errorf("pairs reason %+v", r[1])
	}
}

func TestMoveOrder(t *testing.T) {
	pv := func(c int64) func(*workspace.SnapshotAccount) {
		return func(a *workspace.SnapshotAccount) { a.PotentialValue = c }
	}
	from := snap(1, fromAsOf, acct("a", slcs.Key), acct("b", slcs.Key), acct("c", slcs.Key), acct("d", slcs.Key),
		acct("e", slcs.Key))
	to := snap(2, toAsOf,
		acct("a", slcs.Service, revenue(10), pv(5)),
		acct("b", slcs.Service, revenue(30)),
		acct("c", slcs.Service, revenue(10), pv(9)),
		acct("d", slcs.Key, revenue(99)), // stays
		acct("e", slcs.Service, revenue(10), pv(9)),
	)
	c := Compare(from, to)
	var got []string
	for _, m := range c.Moved {
		got = append(got, m.AccountID)
	}
	if want := []string{"b", "c", "e", "a"}; !slices.Equal(got, want) {
		t.Errorf("moves %v, want %v", got, want)
	}
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// bigChanges has long names, many moves, ISOs and alerts.
func bigChanges() *Changes {
	long := strings.Repeat("Überlange Kundenbezeichnung ", 6)
	var fa, ta []workspace.SnapshotAccount
	for i := range 30 {
		id := fmt.Sprintf("acct-%02d-%s", i, strings.Repeat("x", 60))
		edit := func(a *workspace.SnapshotAccount) {
			a.Name = fmt.Sprintf("%s%d", long, i)
			a.Owner = "someone.with.a.very.long.address." + strings.Repeat("y", 30) + "@ours.example"
			a.Revenue12m = int64(i+1) * 987_654_321_000_000
			a.RecentOurPeople = 1
			a.HasActivity = false
			a.ISOs = []workspace.SnapshotISO{{Product: "Product with a name far too long " + strings.Repeat("z", 40),
				Kind: "cross-sell", Cents: int64(i+1) * 123_456_789_012}}
		}
		fa = append(fa, acct(id, slcs.GrowthPotential, edit, func(a *workspace.SnapshotAccount) {
			a.Engagement = 9999
			a.ISOs[0].Kind = "upsell"
		}))
		seg := slcs.Key
		if i%3 == 0 {
			seg = slcs.Maintenance
		}
		ta = append(ta, acct(id, seg, edit, func(a *workspace.SnapshotAccount) {
			if i%4 == 0 {
				a.Overridden = true
			}
		}))
	}
	from, to := snap(123456, fromAsOf, fa...), snap(123457, toAsOf, ta...)
	to.CreatedBy = strings.Repeat("a-very-long-user-name-", 5)
	to.Stable = false
	to.Settings.Potential.Threshold = 55.5
	return Compare(from, to)
}

func TestWriteTextWidth(t *testing.T) {
	c := bigChanges()
	for _, color := range []bool{false, true} {
		var b bytes.Buffer
		if err := WriteText(&b, c, color); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if strings.Contains(out, "\x1b") != color {
			t.Errorf("color %v: escape codes present %v", color, !color)
		}
		for i, l := range strings.Split(out, "\n") {
			if !color && utf8.RuneCountInString(l) > 80 {
				t.Errorf("line %d has %d runes: %q", i+1, utf8.RuneCountInString(l), l)
			}
			if v := ansi.ReplaceAllString(l, ""); utf8.RuneCountInString(v) > 80 {
				t.Errorf("color %v: line %d shows %d runes: %q", color, i+1, utf8.RuneCountInString(v), v)
			}
		}
		plain := ansi.ReplaceAllString(out, "")
		for _, s := range []string{
			"CHANGES FROM SNAPSHOT 123456 TO SNAPSHOT 123457",
			"MOVED ACCOUNTS (30)",
			"... 10 more",
			"ISOS APPEARED: 30 worth",
			"ISOS GONE: 30 worth",
			"... 20 more worth",
			"REVENUE 12M, in millions by",
			"Note: potential threshold changed from 50 to 55.5",
			"Note: stability margin turned off (it was 5 points)",
			"Growth to Key: Growth Potential accounts now Key (20)",
			"Single-threaded: Key or Maintenance, one person on a side (30)",
			"* pinned by an override",
		} {
			if !strings.Contains(plain, s) {
				t.Errorf("color %v: the report lacks %q", color, s)
			}
		}
		if got := strings.Count(plain, "override set: pinned"); got != 5 { // overridden (i%4 == 0) among the 20 shown (i 10..29)
			t.Errorf("color %v: %d override reasons shown, want 5", color, got)
		}
	}
}

func TestWriteTextContent(t *testing.T) {
	const M = 1_000_000
	from := snap(3, fromAsOf,
		acct("a", slcs.Key, revenue(1_000*M)),
		acct("b", slcs.GrowthPotential, revenue(2_500*M+500_000)),
		acct("e", slcs.Service, revenue(40*M)),
	)
	to := snap(5, toAsOf,
		acct("a", slcs.Key, revenue(1_200*M)),
		acct("b", slcs.Key, revenue(2_500*M+500_000)),
		acct("n", slcs.Service, revenue(7*M)),
	)
	var b bytes.Buffer
	if err := WriteText(&b, Compare(from, to), false); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"From  #3  as of 2026-03-31  saved 2026-07-01 08:30 UTC by ana@ours.example\n",
		"To    #5  as of 2026-06-30  saved 2026-07-01 08:30 UTC by ana@ours.example\n",
		"3 accounts then, 3 now: 1 added, 1 removed, 1 moved to another segment\n",
		"then \\ now          Key     Maint.     Growth    Service       Gone      Total\n",
		"Key                   1          0          0          0          0          1\n",
		"Growth                1          0          0          0          0          1\n",
		"Service               0          0          0          0          1          1\n",
		"New                   0          0          0          1          -          1\n",
		"Total                 2          0          0          1          1          4\n",
		"REVENUE 12M by segment in snapshot 3 (rows) and in snapshot 5 (columns)\n",
		"Key               1,200          0          0          0          0      1,200\n",
		"Growth            2,501          0          0          0          0      2,501\n",
		"Total             3,701          0          0          7         40      3,748\n",
		"Account b                    ana          Growth → Key                    2,501\n",
		"    engagement rose to high: 30.00 → 70.00 (threshold 50)\n",
		"Growth to Key: Growth Potential accounts now Key (1)\n",
		"  Account b                  ana          Growth → Key: engagement 30.00 → 70.00\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Note:") {
		t.Errorf("notes with the same settings:\n%s", out)
	}
}

func TestWriteJSON(t *testing.T) {
	const M = 1_000_000
	from := snap(3, fromAsOf,
		acct("a", slcs.Key, revenue(1234*M+565_000)),
		acct("e", slcs.Service),
	)
	to := snap(5, toAsOf,
		acct("a", slcs.Maintenance, revenue(1234*M+565_000), func(a *workspace.SnapshotAccount) {
			a.RecentTheirPeople = 1
			a.ISOs = []workspace.SnapshotISO{{Product: "Cloud", Kind: "upsell", Cents: 123456}}
		}),
		acct("n", slcs.Service),
	)
	var b bytes.Buffer
	if err := WriteJSON(&b, Compare(from, to)); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, b.String())
	}
	for _, k := range []string{"version", "from", "to", "alert_settings", "notes", "matrix", "matrix_revenue",
		"added_by_segment", "added_revenue", "removed_by_segment", "removed_revenue", "added", "removed", "moved",
		"isos_appeared", "isos_gone", "alerts"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("no %q in %s", k, b.String())
		}
	}
	get := func(path ...any) any {
		var v any = doc
		for _, p := range path {
			switch p := p.(type) {
			case string:
				v = v.(map[string]any)[p]
			case int:
				v = v.([]any)[p]
			}
		}
		return v
	}
	checks := []struct {
		path []any
		want any
	}{
		{[]any{"version"}, 1.0},
		{[]any{"from", "id"}, 3.0},
		{[]any{"to", "as_of"}, "2026-06-30"},
		{[]any{"to", "created_at"}, "2026-07-01T08:30:00Z"},
		{[]any{"to", "segments", "maintenance"}, 1.0},
		{[]any{"alert_settings", "engagement_drop"}, 15.0},
		{[]any{"matrix", "key", "maintenance"}, 1.0},
		{[]any{"matrix", "key", "key"}, 0.0},
		{[]any{"matrix_revenue", "key", "maintenance"}, 1234.57},
		{[]any{"added", 0}, "n"},
		{[]any{"removed", 0}, "e"},
		{[]any{"added_by_segment", "service"}, 1.0},
		{[]any{"removed_by_segment", "service"}, 1.0},
		{[]any{"moved", 0, "account_id"}, "a"},
		{[]any{"moved", 0, "from"}, "key"},
		{[]any{"moved", 0, "to"}, "maintenance"},
		{[]any{"moved", 0, "overridden"}, false},
		{[]any{"moved", 0, "revenue_12m"}, 1234.57},
		{[]any{"moved", 0, "reasons", 0, "component"}, "potential"},
		{[]any{"moved", 0, "reasons", 0, "old"}, 70.0},
		{[]any{"moved", 0, "reasons", 1, "component"}, "potential_value"},
		{[]any{"moved", 0, "reasons", 1, "new_percentile"}, 30.0},
		{[]any{"isos_appeared", 0, "product"}, "Cloud"},
		{[]any{"isos_appeared", 0, "kind"}, "upsell"},
		{[]any{"isos_appeared", 0, "value"}, 1234.56},
		{[]any{"alerts", 0, "kind"}, "single_threaded"},
		{[]any{"alerts", 0, "account_id"}, "a"},
	}
	for _, c := range checks {
		if got := get(c.path...); got != c.want {
			t.Errorf("%v = %#v, want %#v", c.path, got, c.want)
		}
	}
	if _, ok := get("moved", 0, "reasons", 0).(map[string]any)["old_percentile"]; ok {
		t.Errorf("an axis reason has a percentile")
	}
	if got := get("isos_gone"); got == nil {
		t.Errorf("isos_gone is null, want []")
	}

	b.Reset()
	if err := WriteJSON(&b, Compare(nil, nil)); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); strings.Contains(s, "null") {
		t.Errorf("empty comparison has nulls:\n%s", s)
	}
}

func TestWriteHistory(t *testing.T) {
	long := strings.Repeat("Très long nom de compte ", 8)
	point := func(id int64, asOf slcs.Day, a workspace.SnapshotAccount) workspace.HistoryPoint {
		return workspace.HistoryPoint{
			Snapshot: workspace.SnapshotInfo{ID: id, AsOf: asOf, CreatedAt: time.Date(2026, 7, 2, 23, 59, 0, 0, time.UTC)},
			Account:  a,
		}
	}
	points := []workspace.HistoryPoint{
		point(3, fromAsOf, acct("x", slcs.GrowthPotential, func(a *workspace.SnapshotAccount) {
			a.Engagement, a.Potential, a.PotentialValue, a.RecommendedHours = 4123, 7500, 750_000_00, 6000
		})),
		point(5, toAsOf, acct("x", slcs.GrowthPotential, func(a *workspace.SnapshotAccount) {
			a.Segment, a.Overridden = slcs.Key, true
			a.Name = long
			a.Engagement, a.Potential, a.PotentialValue, a.RecommendedHours = 4500, 9167, 999_999_999_999_49, 123456
		})),
	}
	var b bytes.Buffer
	if err := WriteHistory(&b, "x", points); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	want := []string{
		"",
		"Snap.      Saved      As of Segment         Eng.   Pot. Potential value    Hours",
		"    3 2026-07-02 2026-03-31 Growth         41.23  75.00         750,000    60.00",
		"    5 2026-07-02 2026-06-30 Key *          45.00  91.67 999,999,999,999  1234.56",
		"* pinned by an override",
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), b.String())
	}
	for i := 1; i < len(want); i++ {
		if lines[i] != want[i] {
			t.Errorf("line %d\n%q\nwant\n%q", i+1, lines[i], want[i])
		}
	}
	if !strings.HasPrefix(lines[0], "HISTORY OF ACCOUNT x (Très long") || !strings.HasSuffix(lines[0], "…") {
		t.Errorf("title %q", lines[0])
	}
	for i, l := range lines {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("line %d has %d runes", i+1, n)
		}
	}

	b.Reset()
	if err := WriteHistory(&b, "nope", nil); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "Account nope is in no snapshot.\n" {
		t.Errorf("no points: %q", got)
	}
}
