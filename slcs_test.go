package slcs

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Days agree with the time package over four centuries, leap years and all.
func TestDayMatchesTimePackage(t *testing.T) {
	start := time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 400*366; i += 7 {
		tm := start.AddDate(0, 0, i)
		d := DayOf(tm)
		if want := Day(tm.Unix() / 86400); d != want {
			t.Fatalf("DayOf(%s) = %d, want %d", tm.Format(time.DateOnly), d, want)
		}
		if got := d.String(); got != tm.Format(time.DateOnly) {
			t.Fatalf("Day(%d).String() = %s, want %s", d, got, tm.Format(time.DateOnly))
		}
		y, m, _ := tm.Date()
		if got := d.Month(); got != MakeMonth(y, int(m)) {
			t.Fatalf("%s: Month() = %s", tm.Format(time.DateOnly), got)
		}
	}
}

func TestMonthLastDay(t *testing.T) {
	for _, c := range []struct {
		y, m int
		want string
	}{{2026, 2, "2026-02-28"}, {2024, 2, "2024-02-29"}, {2000, 2, "2000-02-29"}, {1900, 2, "1900-02-28"},
		{2026, 12, "2026-12-31"}, {2026, 4, "2026-04-30"}} {
		if got := MakeMonth(c.y, c.m).LastDay().String(); got != c.want {
			t.Errorf("%d-%02d: last day %s, want %s", c.y, c.m, got, c.want)
		}
	}
	if got := MakeMonth(2026, 1).String(); got != "2026-01" {
		t.Errorf("month prints as %s", got)
	}
}

func TestSegments(t *testing.T) {
	for _, s := range Segments {
		got, ok := ParseSegment(s.ID())
		if !ok || got != s {
			t.Errorf("ParseSegment(%q) = %v, %v", s.ID(), got, ok)
		}
	}
	if _, ok := ParseSegment("gold"); ok {
		t.Error("ParseSegment accepted gold")
	}
	if Key.Name() != "Key Accounts" || GrowthPotential.ID() != "growth_potential" {
		t.Error("segment names changed")
	}
}

func TestValidateNamesTheSetting(t *testing.T) {
	if err := DefaultSettings().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for key, change := range map[string]func(*Settings){
		"engagement.window_days":           func(s *Settings) { s.Engagement.WindowDays = 0 },
		"engagement.half_life_days":        func(s *Settings) { s.Engagement.HalfLifeDays = -1 },
		"engagement.type_weights.call":     func(s *Settings) { s.Engagement.TypeWeights.Call = -0.5 },
		"engagement.weights":               func(s *Settings) { s.Engagement.Weights = ComponentWeights{} },
		"engagement.threshold":             func(s *Settings) { s.Engagement.Threshold = 101 },
		"potential.min_peers":              func(s *Settings) { s.Potential.MinPeers = 0 },
		"potential.high_percentile":        func(s *Settings) { s.Potential.HighPercentile = 1.5 },
		"potential.typical_percentile":     func(s *Settings) { s.Potential.TypicalPercentile = -0.1 },
		"time.default_capacity":            func(s *Settings) { s.Time.DefaultCapacity = 0 },
		"time.shares.service":              func(s *Settings) { s.Time.Shares.Service = 0 },
		"time.audit_days":                  func(s *Settings) { s.Time.AuditDays = -3 },
		"time.default_minutes.meeting":     func(s *Settings) { s.Time.DefaultMinutes.Meeting = -30 },
		"engagement.weights.proactiveness": func(s *Settings) { s.Engagement.Weights.Proactiveness = -1 },
	} {
		s := DefaultSettings()
		change(&s)
		err := s.Validate()
		var se *SettingError
		if !errors.As(err, &se) || se.Key != key || !strings.Contains(err.Error(), key) {
			t.Errorf("%s: got %v", key, err)
		}
	}
}
