// Package movement compares two snapshots of a workspace: how accounts
// migrated between segments, which accounts changed segment and why, which
// sales opportunities (ISOs) appeared or went, and which accounts call for
// attention (alerts). It also renders the comparison and one account's
// history. Everything here is a pure function: no I/O besides the writer
// given, no clock.
package movement

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/report"
	"github.com/slcs/slcs/workspace"
)

// Changes is what changed from one snapshot to a newer one.
type Changes struct {
	From, To workspace.SnapshotInfo

	// Matrix[i][j] counts the accounts in both snapshots that were in
	// segment i in From and are in segment j in To (slcs.Segments order);
	// MatrixRevenue adds up their revenue_12m in To (millionths).
	Matrix        [4][4]int
	MatrixRevenue [4][4]int64
	// The accounts only in To, by their segment in To, with To's revenue;
	// and the accounts only in From, by their segment in From, with From's
	// revenue (millionths). Together with Matrix they make the migration
	// table: a "new" row and a "gone" column.
	AddedBySegment   [4]int
	AddedRevenue     [4]int64
	RemovedBySegment [4]int
	RemovedRevenue   [4]int64

	// Added and Removed are the ids of the accounts only in To and only in
	// From, sorted.
	Added, Removed []string
	// Moved: the accounts in both whose segment changed, most revenue
	// (in To) first, then most potential value, then by id.
	Moved []Move
	// ISOs (account, product, kind) only in To and only in From, largest
	// first. A cross-sell that became an upsell is one gone and one
	// appeared.
	ISOsAppeared, ISOsGone []ISOChange
	// Alerts grouped by kind (AlertKinds order), most revenue first within
	// a kind.
	Alerts []Alert
	// AlertSettings are the thresholds the alerts used: To's settings (the
	// defaults when To saved none).
	AlertSettings slcs.AlertSettings
	// Notes say which settings that shape segments differ between the two
	// snapshots (thresholds, stability margin).
	Notes []string
}

// Move is an account whose segment changed.
type Move struct {
	AccountID, Name, Owner string
	From, To               slcs.Segment
	// Overridden: the account is pinned by an override in To.
	Overridden bool
	// Revenue12m (millionths) and PotentialValue (cents) in To.
	Revenue12m     int64
	PotentialValue int64
	Reasons        []Reason
}

// Reason is one thing that changed and made an account move.
//
// Component is one of:
//   - "override": an override was set, changed or lifted; Old and New are
//     1 when the account was / is overridden, else 0.
//   - "engagement", "potential": the axis crossed its threshold; Old and New
//     are the scores (points).
//   - "pairs", "frequency", "proactiveness": an engagement component; Old
//     and New are the raw values, with their percentiles.
//   - "potential_value": Old and New in currency units, with the potential
//     scores as percentiles (the potential score is the percentile of the
//     potential value).
//   - "stability": the stability margin had held the account on one side,
//     or the margin changed; Old and New are the margins in points (0: off).
//   - "threshold": the axis threshold changed; Old and New are thresholds.
//   - "segment": none of the above explains the move (Old and New are the
//     segments' positions in slcs.Segments).
type Reason struct {
	Component string
	Old, New  float64
	// OldPercentile and NewPercentile (0-100) are set when HasPercentile.
	HasPercentile                bool
	OldPercentile, NewPercentile float64
	Text                         string
}

// ISOChange is an ISO that appeared or went.
type ISOChange struct {
	AccountID, Name, Product, Kind string
	Cents                          int64
}

// AlertKind is the kind of an alert.
type AlertKind uint8

// The alert kinds, in report order.
const (
	// EngagementDrop: a Key or Maintenance account in To whose engagement
	// fell by at least Alerts.EngagementDrop points since From.
	EngagementDrop AlertKind = iota
	// GrowthToKey: a Growth Potential account in From that is Key in To.
	GrowthToKey
	// Quiet: a high-engagement account in To with no activity in the last
	// Alerts.QuietDays days before To's as-of date (or none ever).
	Quiet
	// SingleThreaded: a Key or Maintenance account in To whose recent
	// activities involved at most one of our people or at most one of
	// theirs.
	SingleThreaded
)

// AlertKinds lists the kinds in report order.
var AlertKinds = [4]AlertKind{EngagementDrop, GrowthToKey, Quiet, SingleThreaded}

// ID is the kind's identifier in JSON.
func (k AlertKind) ID() string {
	switch k {
	case EngagementDrop:
		return "engagement_drop"
	case GrowthToKey:
		return "growth_to_key"
	case Quiet:
		return "quiet"
	case SingleThreaded:
		return "single_threaded"
	}
	return fmt.Sprintf("alert(%d)", uint8(k))
}

func (k AlertKind) String() string { return k.ID() }

// Alert is an account that calls for attention.
type Alert struct {
	Kind                   AlertKind
	AccountID, Name, Owner string
	Text                   string
}

// Compare compares two snapshots of a workspace; from is the older. A nil
// snapshot counts as an empty one. The alerts use to.Settings.Alerts.
func Compare(from, to *workspace.Snapshot) *Changes {
	if from == nil {
		from = &workspace.Snapshot{}
	}
	if to == nil {
		to = &workspace.Snapshot{}
	}
	c := &Changes{
		From: from.SnapshotInfo, To: to.SnapshotInfo,
		Added: []string{}, Removed: []string{}, Moved: []Move{},
		ISOsAppeared: []ISOChange{}, ISOsGone: []ISOChange{}, Alerts: []Alert{},
		Notes: []string{},
	}
	al := to.Settings.Alerts
	if al == (slcs.AlertSettings{}) { // saved before alerts existed
		al = slcs.DefaultSettings().Alerts
	}
	c.AlertSettings = al
	dropNeeded := minHundredths(al.EngagementDrop)

	fm, tm := index(from.Accounts), index(to.Accounts)
	ids := make([]string, 0, len(tm)+len(fm))
	for id := range tm {
		ids = append(ids, id)
	}
	for id := range fm {
		if tm[id] == nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)

	type ranked struct {
		a   Alert
		rev int64
	}
	var alerts []ranked
	alert := func(k AlertKind, t *workspace.SnapshotAccount, text string) {
		alerts = append(alerts, ranked{Alert{Kind: k, AccountID: t.AccountID, Name: t.Name, Owner: t.Owner, Text: text}, t.Revenue12m})
	}

	for _, id := range ids {
		f, t := fm[id], tm[id]
		switch {
		case f != nil && t != nil:
			if valid(f.Segment) && valid(t.Segment) {
				c.Matrix[f.Segment][t.Segment]++
				c.MatrixRevenue[f.Segment][t.Segment] += t.Revenue12m
			}
			if f.Segment != t.Segment {
				c.Moved = append(c.Moved, Move{
					AccountID: id, Name: t.Name, Owner: t.Owner, From: f.Segment, To: t.Segment,
					Overridden: t.Overridden, Revenue12m: t.Revenue12m, PotentialValue: t.PotentialValue,
					Reasons: reasons(f, t, from, to),
				})
			}
			if keyOrMaint(t.Segment) && f.Engagement-t.Engagement >= dropNeeded {
				alert(EngagementDrop, t, fmt.Sprintf("engagement %s → %s (-%s)",
					report.Fixed(f.Engagement, 2), report.Fixed(t.Engagement, 2), report.Fixed(f.Engagement-t.Engagement, 2)))
			}
			if f.Segment == slcs.GrowthPotential && t.Segment == slcs.Key {
				alert(GrowthToKey, t, fmt.Sprintf("Growth → Key: engagement %s → %s",
					report.Fixed(f.Engagement, 2), report.Fixed(t.Engagement, 2)))
			}
		case t != nil:
			c.Added = append(c.Added, id)
			if valid(t.Segment) {
				c.AddedBySegment[t.Segment]++
				c.AddedRevenue[t.Segment] += t.Revenue12m
			}
		default:
			c.Removed = append(c.Removed, id)
			if valid(f.Segment) {
				c.RemovedBySegment[f.Segment]++
				c.RemovedRevenue[f.Segment] += f.Revenue12m
			}
		}
		appeared, gone := diffISOs(f, t)
		c.ISOsAppeared = append(c.ISOsAppeared, appeared...)
		c.ISOsGone = append(c.ISOsGone, gone...)

		if t == nil {
			continue
		}
		if t.EngagementHigh {
			switch {
			case !t.HasActivity:
				alert(Quiet, t, "no activity on record")
			case int64(to.AsOf)-int64(t.LastActivity) >= int64(al.QuietDays):
				alert(Quiet, t, fmt.Sprintf("last activity %s (%d days ago)",
					t.LastActivity, int64(to.AsOf)-int64(t.LastActivity)))
			}
		}
		if keyOrMaint(t.Segment) && (t.RecentOurPeople <= 1 || t.RecentTheirPeople <= 1) {
			alert(SingleThreaded, t, fmt.Sprintf("people in %d days: %d ours, %d theirs",
				al.SingleThreadDays, t.RecentOurPeople, t.RecentTheirPeople))
		}
	}

	slices.SortStableFunc(c.Moved, func(x, y Move) int {
		return cmp.Or(cmp.Compare(y.Revenue12m, x.Revenue12m), cmp.Compare(y.PotentialValue, x.PotentialValue),
			cmp.Compare(x.AccountID, y.AccountID))
	})
	byValue := func(x, y ISOChange) int {
		return cmp.Or(cmp.Compare(y.Cents, x.Cents), cmp.Compare(x.AccountID, y.AccountID),
			cmp.Compare(x.Product, y.Product), cmp.Compare(x.Kind, y.Kind))
	}
	slices.SortStableFunc(c.ISOsAppeared, byValue)
	slices.SortStableFunc(c.ISOsGone, byValue)
	slices.SortStableFunc(alerts, func(x, y ranked) int {
		return cmp.Or(cmp.Compare(x.a.Kind, y.a.Kind), cmp.Compare(y.rev, x.rev), cmp.Compare(x.a.AccountID, y.a.AccountID))
	})
	for _, r := range alerts {
		c.Alerts = append(c.Alerts, r.a)
	}
	c.Notes = notes(from, to)
	return c
}

func index(accounts []workspace.SnapshotAccount) map[string]*workspace.SnapshotAccount {
	m := make(map[string]*workspace.SnapshotAccount, len(accounts))
	for i := range accounts {
		m[accounts[i].AccountID] = &accounts[i]
	}
	return m
}

func valid(s slcs.Segment) bool { return s <= slcs.Service }

func keyOrMaint(s slcs.Segment) bool { return s == slcs.Key || s == slcs.Maintenance }

// minHundredths is the least whole number of hundredths that is at least
// points (a setting of 15 needs 1500; one of 14.995 needs 1500 too).
func minHundredths(points float64) int64 {
	t := points * 100
	if r := math.Round(t); math.Abs(t-r) < 1e-6 {
		return int64(r)
	}
	return int64(math.Ceil(t))
}

func diffISOs(f, t *workspace.SnapshotAccount) (appeared, gone []ISOChange) {
	type key struct{ product, kind string }
	set := func(a *workspace.SnapshotAccount) map[key]bool {
		m := map[key]bool{}
		if a != nil {
			for _, iso := range a.ISOs {
				m[key{iso.Product, iso.Kind}] = true
			}
		}
		return m
	}
	fs, ts := set(f), set(t)
	if t != nil {
		for _, iso := range t.ISOs {
			if !fs[key{iso.Product, iso.Kind}] {
				appeared = append(appeared, ISOChange{AccountID: t.AccountID, Name: t.Name, Product: iso.Product, Kind: iso.Kind, Cents: iso.Cents})
			}
		}
	}
	if f != nil {
		name := f.Name
		if t != nil {
			name = t.Name
		}
		for _, iso := range f.ISOs {
			if !ts[key{iso.Product, iso.Kind}] {
				gone = append(gone, ISOChange{AccountID: f.AccountID, Name: name, Product: iso.Product, Kind: iso.Kind, Cents: iso.Cents})
			}
		}
	}
	return appeared, gone
}

// margin is the stability margin a snapshot applied (0 when off).
func margin(s *workspace.Snapshot) float64 {
	if !s.Stable {
		return 0
	}
	return s.Settings.Stability.Margin
}

func notes(from, to *workspace.Snapshot) []string {
	out := []string{}
	fe, te := from.Settings.Engagement.Threshold, to.Settings.Engagement.Threshold
	if fe != te {
		out = append(out, fmt.Sprintf("engagement threshold changed from %s to %s", num(fe), num(te)))
	}
	fp, tp := from.Settings.Potential.Threshold, to.Settings.Potential.Threshold
	if fp != tp {
		out = append(out, fmt.Sprintf("potential threshold changed from %s to %s", num(fp), num(tp)))
	}
	if fm, tm := margin(from), margin(to); fm != tm {
		out = append(out, "stability margin "+marginText(fm, tm))
	}
	return out
}

func marginText(old, new float64) string {
	switch {
	case new == 0:
		return fmt.Sprintf("turned off (it was %s points)", num(old))
	case old == 0:
		return fmt.Sprintf("turned on (%s points)", num(new))
	}
	return fmt.Sprintf("changed from %s to %s points", num(old), num(new))
}

// reasons explains why account f (in snapshot from) is in another segment
// as t (in snapshot to).
func reasons(f, t *workspace.SnapshotAccount, from, to *workspace.Snapshot) []Reason {
	var out []Reason
	if f.Overridden || t.Overridden {
		r := Reason{Component: "override", Old: b2f(f.Overridden), New: b2f(t.Overridden)}
		switch {
		case t.Overridden && f.Overridden:
			r.Text = fmt.Sprintf("override changed: pinned to %s (was pinned to %s)", label(t.Segment), label(f.Segment))
		case t.Overridden:
			r.Text = fmt.Sprintf("override set: pinned to %s (the scores give %s)", label(t.Segment), label(t.Computed))
		default:
			r.Text = fmt.Sprintf("override lifted: the scores give %s (was pinned to %s)", label(t.Segment), label(f.Segment))
		}
		return []Reason{r}
	}
	crossed := false
	if f.EngagementHigh != t.EngagementHigh {
		crossed = true
		fthr, tthr := from.Settings.Engagement.Threshold, to.Settings.Engagement.Threshold
		out = append(out, axis("engagement", f.Engagement, t.Engagement, t.EngagementHigh, tthr))
		comps := []Reason{
			component("pairs", float64(f.Pairs), float64(t.Pairs), f.PairsPct, t.PairsPct,
				strconv.FormatInt(f.Pairs, 10), strconv.FormatInt(t.Pairs, 10)),
			component("frequency", float64(f.Frequency)/1e6, float64(t.Frequency)/1e6, f.FrequencyPct, t.FrequencyPct,
				micros2(f.Frequency), micros2(t.Frequency)),
			component("proactiveness", float64(f.Proactiveness)/1e6, float64(t.Proactiveness)/1e6, f.ProactivenessPct, t.ProactivenessPct,
				micros2(f.Proactiveness), micros2(t.Proactiveness)),
		}
		comps = slices.DeleteFunc(comps, func(r Reason) bool {
			return r.Old == r.New && r.OldPercentile == r.NewPercentile
		})
		slices.SortStableFunc(comps, func(x, y Reason) int {
			return cmp.Compare(math.Abs(y.NewPercentile-y.OldPercentile), math.Abs(x.NewPercentile-x.OldPercentile))
		})
		out = append(out, comps...)
		out = append(out, held("engagement", f.EngagementHigh, f.Engagement, fthr, from, to)...)
		if fthr != tthr {
			out = append(out, Reason{Component: "threshold", Old: fthr, New: tthr,
				Text: fmt.Sprintf("engagement threshold changed: %s → %s", num(fthr), num(tthr))})
		}
	}
	if f.PotentialHigh != t.PotentialHigh {
		crossed = true
		fthr, tthr := from.Settings.Potential.Threshold, to.Settings.Potential.Threshold
		out = append(out, axis("potential", f.Potential, t.Potential, t.PotentialHigh, tthr))
		if f.PotentialValue != t.PotentialValue || f.Potential != t.Potential {
			out = append(out, component("potential_value", float64(f.PotentialValue)/100, float64(t.PotentialValue)/100,
				float64(f.Potential)/100, float64(t.Potential)/100, report.Money(f.PotentialValue), report.Money(t.PotentialValue)))
		}
		out = append(out, held("potential", f.PotentialHigh, f.Potential, fthr, from, to)...)
		if fthr != tthr {
			out = append(out, Reason{Component: "threshold", Old: fthr, New: tthr,
				Text: fmt.Sprintf("potential threshold changed: %s → %s", num(fthr), num(tthr))})
		}
	}
	if crossed {
		if fm, tm := margin(from), margin(to); fm != tm {
			out = append(out, Reason{Component: "stability", Old: fm, New: tm, Text: "stability margin " + marginText(fm, tm)})
		}
		return out
	}
	return []Reason{{Component: "segment", Old: float64(f.Segment), New: float64(t.Segment),
		Text: fmt.Sprintf("segment changed from %s to %s with the same high/low flags", label(f.Segment), label(t.Segment))}}
}

func axis(name string, old, new int64, high bool, thr float64) Reason {
	dir := "fell to low"
	if high {
		dir = "rose to high"
	}
	return Reason{Component: name, Old: float64(old) / 100, New: float64(new) / 100,
		Text: fmt.Sprintf("%s %s: %s → %s (threshold %s)", name, dir, report.Fixed(old, 2), report.Fixed(new, 2), num(thr))}
}

func component(name string, old, new, oldPct, newPct float64, oldText, newText string) Reason {
	d := newPct - oldPct
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	label := name
	if name == "potential_value" {
		label = "potential value"
	}
	return Reason{Component: name, Old: old, New: new, HasPercentile: true, OldPercentile: oldPct, NewPercentile: newPct,
		Text: fmt.Sprintf("%s %s → %s, percentile %s → %s (%s%s)", label, oldText, newText,
			pct1(oldPct), pct1(newPct), sign, pct1(d))}
}

// held says when the stability margin had kept the account on its side in
// From although its score was on the other side of the threshold.
func held(name string, high bool, score int64, thr float64, from, to *workspace.Snapshot) []Reason {
	below := float64(score) < thr*100
	if high != below {
		return nil
	}
	side := "low"
	if high {
		side = "high"
	}
	return []Reason{{Component: "stability", Old: margin(from), New: margin(to),
		Text: fmt.Sprintf("%s %s had been held %s by the stability margin (threshold %s)", name, report.Fixed(score, 2), side, num(thr))}}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// label is a segment's short name.
func label(s slcs.Segment) string {
	switch s {
	case slcs.Key:
		return "Key"
	case slcs.Maintenance:
		return "Maintenance"
	case slcs.GrowthPotential:
		return "Growth"
	case slcs.Service:
		return "Service"
	}
	return s.ID()
}

// num prints a setting as short as it goes.
func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// pct1 prints a percentile with one decimal.
func pct1(x float64) string { return report.Fixed(int64(math.Round(x*10)), 1) }

// micros2 prints millionths with two decimals, rounded half away from zero.
func micros2(v int64) string { return report.Fixed(report.RoundDiv(v, 10000), 2) }
