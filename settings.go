package slcs

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
)

// Settings are every number of the model. DefaultSettings returns the
// default model; a config file changes any of them (see docs/configuration.md).
type Settings struct {
	Engagement EngagementSettings `toml:"engagement" json:"engagement"`
	Potential  PotentialSettings  `toml:"potential" json:"potential"`
	Time       TimeSettings       `toml:"time" json:"time"`
	Stability  StabilitySettings  `toml:"stability" json:"stability"`
	Alerts     AlertSettings      `toml:"alerts" json:"alerts"`
	People     PeopleSettings     `toml:"people" json:"people"`
}

// PeopleSettings say whose an email address is, when mail and calendars
// are imported.
type PeopleSettings struct {
	// OurDomains are the email domains of our people (and their
	// subdomains); empty: the domains of the team's emails.
	OurDomains []string `toml:"our_domains" json:"our_domains"`
	// FreeMailDomains are mail providers whose addresses never belong to
	// an account.
	FreeMailDomains []string `toml:"free_mail_domains" json:"free_mail_domains"`
}

// DefaultFreeMailDomains are the free-mail providers known by default.
var DefaultFreeMailDomains = []string{
	"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com",
	"msn.com", "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com",
	"aol.com", "gmx.de", "gmx.net", "gmx.com", "web.de", "t-online.de",
	"proton.me", "protonmail.com", "mail.com", "zoho.com", "yandex.ru",
	"mail.ru", "qq.com", "163.com", "126.com",
}

// StabilitySettings keep accounts from flickering between segments from one
// classification of a workspace to the next.
type StabilitySettings struct {
	// Margin in score points: against the previous snapshot, an account high
	// on an axis stays high until its score falls below the threshold minus
	// the margin; a low one stays low until it reaches the threshold plus
	// the margin.
	Margin float64 `toml:"margin" json:"margin"`
}

// AlertSettings say when `slcs changes` raises an alert.
type AlertSettings struct {
	// EngagementDrop: a Key or Maintenance account whose engagement fell by
	// at least this many points.
	EngagementDrop float64 `toml:"engagement_drop" json:"engagement_drop"`
	// QuietDays: a high-engagement account with no activity in this many days.
	QuietDays int `toml:"quiet_days" json:"quiet_days"`
	// SingleThreadDays: a Key or Maintenance account whose activities of this
	// many days involved only one of our people, or only one of theirs.
	SingleThreadDays int `toml:"single_thread_days" json:"single_thread_days"`
}

// EngagementSettings shape the vertical axis.
type EngagementSettings struct {
	// WindowDays: activities younger than this many days count.
	WindowDays int `toml:"window_days" json:"window_days"`
	// HalfLifeDays: an activity this old counts half as much as one today.
	HalfLifeDays float64 `toml:"half_life_days" json:"half_life_days"`
	// TypeWeights: what one activity of each type adds to the frequency.
	TypeWeights TypeValues `toml:"type_weights" json:"type_weights"`
	// Weights of the three components in the engagement score.
	Weights ComponentWeights `toml:"weights" json:"weights"`
	// Threshold: an engagement score at or above it is high.
	Threshold float64 `toml:"threshold" json:"threshold"`
}

// TypeValues holds one number per activity type.
type TypeValues struct {
	Email   float64 `toml:"email" json:"email"`
	Call    float64 `toml:"call" json:"call"`
	Meeting float64 `toml:"meeting" json:"meeting"`
	Other   float64 `toml:"other" json:"other"`
}

// Of returns the value for type t.
func (v TypeValues) Of(t ActivityType) float64 {
	switch t {
	case Email:
		return v.Email
	case Call:
		return v.Call
	case Meeting:
		return v.Meeting
	}
	return v.Other
}

// ComponentWeights weigh the engagement components.
type ComponentWeights struct {
	Pairs         float64 `toml:"pairs" json:"pairs"`
	Frequency     float64 `toml:"frequency" json:"frequency"`
	Proactiveness float64 `toml:"proactiveness" json:"proactiveness"`
}

// PotentialSettings shape the horizontal axis and the ISOs.
type PotentialSettings struct {
	// RevenueMonths: the revenue window, in calendar months ending with the
	// as-of month.
	RevenueMonths int `toml:"revenue_months" json:"revenue_months"`
	// MinPeers: an industry with fewer accounts is benchmarked against the
	// whole portfolio.
	MinPeers int `toml:"min_peers" json:"min_peers"`
	// MinBuyers: a product needs this many buyers in a peer group to be
	// benchmarked there.
	MinBuyers int `toml:"min_buyers" json:"min_buyers"`
	// HighPercentile of buyers' intensity: the upsell target.
	HighPercentile float64 `toml:"high_percentile" json:"high_percentile"`
	// TypicalPercentile of buyers' intensity: the cross-sell benchmark.
	TypicalPercentile float64 `toml:"typical_percentile" json:"typical_percentile"`
	// Threshold: a potential score at or above it is high.
	Threshold float64 `toml:"threshold" json:"threshold"`
}

// TimeSettings shape the time plan and the audit.
type TimeSettings struct {
	// DefaultCapacity: selling hours a month of a seller without one in
	// team.csv.
	DefaultCapacity float64 `toml:"default_capacity" json:"default_capacity"`
	// Shares of a seller's capacity by segment.
	Shares SegmentShares `toml:"shares" json:"shares"`
	// AuditDays: the audit looks back this many days; hours a month are
	// minutes / (AuditDays / 30 * 60).
	AuditDays int `toml:"audit_days" json:"audit_days"`
	// DefaultMinutes of an activity whose minutes are empty, by type.
	DefaultMinutes TypeValues `toml:"default_minutes" json:"default_minutes"`
}

// SegmentShares holds one share per segment.
type SegmentShares struct {
	Key             float64 `toml:"key" json:"key"`
	Maintenance     float64 `toml:"maintenance" json:"maintenance"`
	GrowthPotential float64 `toml:"growth_potential" json:"growth_potential"`
	Service         float64 `toml:"service" json:"service"`
}

// Of returns the share of segment s.
func (v SegmentShares) Of(s Segment) float64 {
	switch s {
	case Key:
		return v.Key
	case Maintenance:
		return v.Maintenance
	case GrowthPotential:
		return v.GrowthPotential
	}
	return v.Service
}

// DefaultSettings returns the default model of the specification.
func DefaultSettings() Settings {
	return Settings{
		Engagement: EngagementSettings{
			WindowDays:   365,
			HalfLifeDays: 90,
			TypeWeights:  TypeValues{Email: 0.25, Call: 0.5, Meeting: 1, Other: 0.25},
			Weights:      ComponentWeights{Pairs: 0.5, Frequency: 0.3, Proactiveness: 0.2},
			Threshold:    50,
		},
		Potential: PotentialSettings{
			RevenueMonths:     12,
			MinPeers:          5,
			MinBuyers:         3,
			HighPercentile:    0.75,
			TypicalPercentile: 0.5,
			Threshold:         50,
		},
		Time: TimeSettings{
			DefaultCapacity: 120,
			Shares:          SegmentShares{Key: 0.5, Maintenance: 0.15, GrowthPotential: 0.3, Service: 0.05},
			AuditDays:       90,
			DefaultMinutes:  TypeValues{Email: 5, Call: 15, Meeting: 30, Other: 15},
		},
		Stability: StabilitySettings{Margin: 5},
		Alerts:    AlertSettings{EngagementDrop: 15, QuietDays: 60, SingleThreadDays: 90},
		People:    PeopleSettings{OurDomains: []string{}, FreeMailDomains: slices.Clone(DefaultFreeMailDomains)},
	}
}

// Validate checks every setting and names the first bad one by its key in
// the config file.
func (s Settings) Validate() error {
	type check struct {
		key string
		ok  bool
		msg string
	}
	finite := func(xs ...float64) bool {
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
		return true
	}
	e, p, t, st, al := s.Engagement, s.Potential, s.Time, s.Stability, s.Alerts
	tw, w, sh, dm := e.TypeWeights, e.Weights, t.Shares, t.DefaultMinutes
	checks := []check{
		{"engagement.window_days", e.WindowDays >= 1 && e.WindowDays <= 36600, "must be a whole number of days from 1 to 36600"},
		{"engagement.half_life_days", finite(e.HalfLifeDays) && e.HalfLifeDays > 0, "must be a number of days > 0"},
		{"engagement.type_weights.email", finite(tw.Email) && tw.Email >= 0, "must be a number >= 0"},
		{"engagement.type_weights.call", finite(tw.Call) && tw.Call >= 0, "must be a number >= 0"},
		{"engagement.type_weights.meeting", finite(tw.Meeting) && tw.Meeting >= 0, "must be a number >= 0"},
		{"engagement.type_weights.other", finite(tw.Other) && tw.Other >= 0, "must be a number >= 0"},
		{"engagement.weights.pairs", finite(w.Pairs) && w.Pairs >= 0, "must be a number >= 0"},
		{"engagement.weights.frequency", finite(w.Frequency) && w.Frequency >= 0, "must be a number >= 0"},
		{"engagement.weights.proactiveness", finite(w.Proactiveness) && w.Proactiveness >= 0, "must be a number >= 0"},
		{"engagement.weights", w.Pairs+w.Frequency+w.Proactiveness > 0, "at least one component weight must be > 0"},
		{"engagement.threshold", finite(e.Threshold) && e.Threshold >= 0 && e.Threshold <= 100, "must be a score from 0 to 100"},
		{"potential.revenue_months", p.RevenueMonths >= 1 && p.RevenueMonths <= 1200, "must be a whole number of months from 1 to 1200"},
		{"potential.min_peers", p.MinPeers >= 1, "must be a whole number >= 1"},
		{"potential.min_buyers", p.MinBuyers >= 1, "must be a whole number >= 1"},
		{"potential.high_percentile", finite(p.HighPercentile) && p.HighPercentile >= 0 && p.HighPercentile <= 1, "must be a fraction from 0 to 1 (0.75 is the 75th percentile)"},
		{"potential.typical_percentile", finite(p.TypicalPercentile) && p.TypicalPercentile >= 0 && p.TypicalPercentile <= 1, "must be a fraction from 0 to 1 (0.5 is the median)"},
		{"potential.threshold", finite(p.Threshold) && p.Threshold >= 0 && p.Threshold <= 100, "must be a score from 0 to 100"},
		{"time.default_capacity", finite(t.DefaultCapacity) && t.DefaultCapacity > 0, "must be a number of hours > 0"},
		{"time.shares.key", finite(sh.Key) && sh.Key > 0, "must be a number > 0"},
		{"time.shares.maintenance", finite(sh.Maintenance) && sh.Maintenance > 0, "must be a number > 0"},
		{"time.shares.growth_potential", finite(sh.GrowthPotential) && sh.GrowthPotential > 0, "must be a number > 0"},
		{"time.shares.service", finite(sh.Service) && sh.Service > 0, "must be a number > 0"},
		{"time.audit_days", t.AuditDays >= 1 && t.AuditDays <= 36600, "must be a whole number of days from 1 to 36600"},
		{"time.default_minutes.email", finite(dm.Email) && dm.Email >= 0, "must be a number of minutes >= 0"},
		{"time.default_minutes.call", finite(dm.Call) && dm.Call >= 0, "must be a number of minutes >= 0"},
		{"time.default_minutes.meeting", finite(dm.Meeting) && dm.Meeting >= 0, "must be a number of minutes >= 0"},
		{"time.default_minutes.other", finite(dm.Other) && dm.Other >= 0, "must be a number of minutes >= 0"},
		{"stability.margin", finite(st.Margin) && st.Margin >= 0 && st.Margin <= 100, "must be a number of score points from 0 to 100"},
		{"alerts.engagement_drop", finite(al.EngagementDrop) && al.EngagementDrop > 0 && al.EngagementDrop <= 100, "must be a number of score points above 0, at most 100"},
		{"alerts.quiet_days", al.QuietDays >= 1 && al.QuietDays <= 36600, "must be a whole number of days from 1 to 36600"},
		{"alerts.single_thread_days", al.SingleThreadDays >= 1 && al.SingleThreadDays <= 36600, "must be a whole number of days from 1 to 36600"},
	}
	for _, c := range checks {
		if !c.ok {
			return &SettingError{Key: c.key, Msg: c.msg}
		}
	}
	for _, l := range []struct {
		key     string
		domains []string
	}{{"people.our_domains", s.People.OurDomains}, {"people.free_mail_domains", s.People.FreeMailDomains}} {
		for _, d := range l.domains {
			if !validDomain(d) {
				return &SettingError{Key: l.key, Msg: fmt.Sprintf("%q is not a domain such as example.com", d)}
			}
		}
	}
	return nil
}

// validDomain tells whether d is a domain name: labels of letters, digits
// and hyphens (or any non-ASCII letters) joined by dots, with at least one
// dot; a leading @ is allowed.
func validDomain(d string) bool {
	d = strings.TrimPrefix(d, "@")
	if !strings.Contains(d, ".") || len(d) > 253 {
		return false
	}
	for _, label := range strings.Split(d, ".") {
		if label == "" || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return false
		}
		for _, r := range label {
			if !(r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
				return false
			}
		}
	}
	return true
}

// SettingError names a bad setting.
type SettingError struct {
	Key string
	Msg string
}

func (e *SettingError) Error() string { return fmt.Sprintf("setting %s: %s", e.Key, e.Msg) }
