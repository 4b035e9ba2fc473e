package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/slcs/slcs"
)

// TestParseEachKey sets every documented key to a value other than its
// default and checks that exactly that field changes.
func TestParseEachKey(t *testing.T) {
	tests := []struct {
		key  string // section.key as documented
		toml string
		want func(*slcs.Settings) // applies the expected change to the defaults
	}{
		{"engagement.window_days", "[engagement]\nwindow_days = 180\n", func(s *slcs.Settings) { s.Engagement.WindowDays = 180 }},
		{"engagement.half_life_days", "[engagement]\nhalf_life_days = 45.5\n", func(s *slcs.Settings) { s.Engagement.HalfLifeDays = 45.5 }},
		{"engagement.threshold", "[engagement]\nthreshold = 60\n", func(s *slcs.Settings) { s.Engagement.Threshold = 60 }},
		{"engagement.type_weights.meeting", "[engagement.type_weights]\nmeeting = 2\n", func(s *slcs.Settings) { s.Engagement.TypeWeights.Meeting = 2 }},
		{"engagement.type_weights.call", "[engagement.type_weights]\ncall = 0.75\n", func(s *slcs.Settings) { s.Engagement.TypeWeights.Call = 0.75 }},
		{"engagement.type_weights.email", "[engagement.type_weights]\nemail = 0.1\n", func(s *slcs.Settings) { s.Engagement.TypeWeights.Email = 0.1 }},
		{"engagement.type_weights.other", "[engagement.type_weights]\nother = 0\n", func(s *slcs.Settings) { s.Engagement.TypeWeights.Other = 0 }},
		{"engagement.weights.pairs", "[engagement.weights]\npairs = 0.4\n", func(s *slcs.Settings) { s.Engagement.Weights.Pairs = 0.4 }},
		{"engagement.weights.frequency", "[engagement.weights]\nfrequency = 0.4\n", func(s *slcs.Settings) { s.Engagement.Weights.Frequency = 0.4 }},
		{"engagement.weights.proactiveness", "[engagement.weights]\nproactiveness = 0.1\n", func(s *slcs.Settings) { s.Engagement.Weights.Proactiveness = 0.1 }},
		{"potential.revenue_months", "[potential]\nrevenue_months = 24\n", func(s *slcs.Settings) { s.Potential.RevenueMonths = 24 }},
		{"potential.min_peers", "[potential]\nmin_peers = 10\n", func(s *slcs.Settings) { s.Potential.MinPeers = 10 }},
		{"potential.min_buyers", "[potential]\nmin_buyers = 4\n", func(s *slcs.Settings) { s.Potential.MinBuyers = 4 }},
		{"potential.high_percentile", "[potential]\nhigh_percentile = 0.9\n", func(s *slcs.Settings) { s.Potential.HighPercentile = 0.9 }},
		{"potential.typical_percentile", "[potential]\ntypical_percentile = 0.4\n", func(s *slcs.Settings) { s.Potential.TypicalPercentile = 0.4 }},
		{"potential.threshold", "[potential]\nthreshold = 33.5\n", func(s *slcs.Settings) { s.Potential.Threshold = 33.5 }},
		{"time.default_capacity", "[time]\ndefault_capacity = 100\n", func(s *slcs.Settings) { s.Time.DefaultCapacity = 100 }},
		{"time.audit_days", "[time]\naudit_days = 30\n", func(s *slcs.Settings) { s.Time.AuditDays = 30 }},
		{"time.shares.key", "[time.shares]\nkey = 0.6\n", func(s *slcs.Settings) { s.Time.Shares.Key = 0.6 }},
		{"time.shares.growth_potential", "[time.shares]\ngrowth_potential = 0.2\n", func(s *slcs.Settings) { s.Time.Shares.GrowthPotential = 0.2 }},
		{"time.shares.maintenance", "[time.shares]\nmaintenance = 0.1\n", func(s *slcs.Settings) { s.Time.Shares.Maintenance = 0.1 }},
		{"time.shares.service", "[time.shares]\nservice = 0.01\n", func(s *slcs.Settings) { s.Time.Shares.Service = 0.01 }},
		{"time.default_minutes.meeting", "[time.default_minutes]\nmeeting = 60\n", func(s *slcs.Settings) { s.Time.DefaultMinutes.Meeting = 60 }},
		{"time.default_minutes.call", "[time.default_minutes]\ncall = 20\n", func(s *slcs.Settings) { s.Time.DefaultMinutes.Call = 20 }},
		{"time.default_minutes.email", "[time.default_minutes]\nemail = 3\n", func(s *slcs.Settings) { s.Time.DefaultMinutes.Email = 3 }},
		{"time.default_minutes.other", "[time.default_minutes]\nother = 10\n", func(s *slcs.Settings) { s.Time.DefaultMinutes.Other = 10 }},
		{"stability.margin", "[stability]\nmargin = 2.5\n", func(s *slcs.Settings) { s.Stability.Margin = 2.5 }},
		{"alerts.engagement_drop", "[alerts]\nengagement_drop = 20\n", func(s *slcs.Settings) { s.Alerts.EngagementDrop = 20 }},
		{"alerts.quiet_days", "[alerts]\nquiet_days = 30\n", func(s *slcs.Settings) { s.Alerts.QuietDays = 30 }},
		{"alerts.single_thread_days", "[alerts]\nsingle_thread_days = 45\n", func(s *slcs.Settings) { s.Alerts.SingleThreadDays = 45 }},
		{"people.our_domains", "[people]\nour_domains = [\"ours.example\", \"ours-group.example\"]\n", func(s *slcs.Settings) {
			s.People.OurDomains = []string{"ours.example", "ours-group.example"}
		}},
		{"people.free_mail_domains", "[people]\nfree_mail_domains = [\"mail.example\"]\n", func(s *slcs.Settings) { s.People.FreeMailDomains = []string{"mail.example"} }},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		seen[tt.key] = true
		t.Run(tt.key, func(t *testing.T) {
			got, err := Parse("test.toml", []byte(tt.toml))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			want := slcs.DefaultSettings()
			tt.want(&want)
			if reflect.DeepEqual(want, slcs.DefaultSettings()) {
				t.Fatalf("test case does not change anything")
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Parse(%q)\n got %+v\nwant %+v", tt.toml, got, want)
			}
		})
	}
	// every documented key has a case
	for _, sec := range doc {
		for _, k := range sec.keys {
			if full := sec.section + "." + k.key; !seen[full] {
				t.Errorf("documented key %s has no test case", full)
			}
		}
	}
}

// TestParseDottedKeys reads keys written inline rather than in a section.
func TestParseDottedKeys(t *testing.T) {
	got, err := Parse("t.toml", []byte("engagement.threshold = 70\ntime.shares.key = 0.7\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Engagement.Threshold != 70 || got.Time.Shares.Key != 0.7 {
		t.Errorf("got %+v", got)
	}
}

func TestParseEmptyIsDefaults(t *testing.T) {
	got, err := Parse("empty.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, slcs.DefaultSettings()) {
		t.Errorf("empty file: got %+v", got)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		toml  string
		wants []string // substrings of the error
	}{
		{"unknown key", "[engagement]\nthreshhold = 60\n", []string{"my.toml", "engagement.threshhold", "unknown"}},
		{"unknown section", "[bogus]\nx = 1\n", []string{"my.toml", "bogus"}},
		{"unknown top key", "colour = true\n", []string{"my.toml", "colour"}},
		{"wrong type", "[engagement]\nthreshold = \"high\"\n", []string{"my.toml", "engagement.threshold"}},
		{"wrong type int", "[potential]\nmin_peers = 2.5\n", []string{"my.toml", "potential.min_peers"}},
		{"out of range threshold", "[engagement]\nthreshold = 150\n", []string{"my.toml", "engagement.threshold"}},
		{"out of range potential threshold", "[potential]\nthreshold = -1\n", []string{"my.toml", "potential.threshold"}},
		{"zero share", "[time.shares]\nkey = 0\n", []string{"my.toml", "time.shares.key"}},
		{"percentile above 1", "[potential]\nhigh_percentile = 1.5\n", []string{"my.toml", "potential.high_percentile"}},
		{"zero window", "[engagement]\nwindow_days = 0\n", []string{"my.toml", "engagement.window_days"}},
		{"nan half-life", "[engagement]\nhalf_life_days = nan\n", []string{"my.toml", "engagement.half_life_days"}},
		{"all weights zero", "[engagement.weights]\npairs = 0\nfrequency = 0\nproactiveness = 0\n", []string{"my.toml", "engagement.weights"}},
		{"negative minutes", "[time.default_minutes]\ncall = -1\n", []string{"my.toml", "time.default_minutes.call"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("my.toml", []byte(tt.toml))
			if err == nil {
				t.Fatalf("Parse(%q): no error", tt.toml)
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Parse(%q) error %q does not contain %q", tt.toml, err, w)
				}
			}
		})
	}
}

func TestParseOutOfRangeIsSettingError(t *testing.T) {
	_, err := Parse("x.toml", []byte("[time.shares]\nservice = 0\n"))
	var se *slcs.SettingError
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T) is not a *slcs.SettingError", err, err)
	}
	if se.Key != "time.shares.service" {
		t.Errorf("Key = %q, want time.shares.service", se.Key)
	}
}

func TestParseSyntaxErrorNamesLineAndColumn(t *testing.T) {
	data := "[engagement]\nthreshold = 60\nwindow_days = = 3\n"
	_, err := Parse("bad.toml", []byte(data))
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, w := range []string{"bad.toml", "line 3", "column "} {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q does not contain %q", msg, w)
		}
	}
}

func TestLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.toml")
	if err := os.WriteFile(path, []byte("[potential]\nmin_peers = 7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Potential.MinPeers != 7 {
		t.Errorf("MinPeers = %d, want 7", s.Potential.MinPeers)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.toml")); err == nil || !strings.Contains(err.Error(), "missing.toml") {
		t.Errorf("Load of a missing file: %v", err)
	}
}

func TestWriteRoundTrip(t *testing.T) {
	modified := slcs.DefaultSettings()
	modified.Engagement.WindowDays = 200
	modified.Engagement.HalfLifeDays = 30.25
	modified.Engagement.Threshold = 0
	modified.Engagement.TypeWeights = slcs.TypeValues{Email: 0.125, Call: 1, Meeting: 3, Other: 0}
	modified.Engagement.Weights = slcs.ComponentWeights{Pairs: 1, Frequency: 0, Proactiveness: 0.333333}
	modified.Potential = slcs.PotentialSettings{RevenueMonths: 6, MinPeers: 2, MinBuyers: 1,
		HighPercentile: 1, TypicalPercentile: 0, Threshold: 100}
	modified.Time.DefaultCapacity = 160.5
	modified.Time.AuditDays = 60
	modified.Time.Shares = slcs.SegmentShares{Key: 2, Maintenance: 1, GrowthPotential: 1.5, Service: 0.1}
	modified.Time.DefaultMinutes = slcs.TypeValues{Email: 0, Call: 12.5, Meeting: 45, Other: 1}
	if err := modified.Validate(); err != nil {
		t.Fatalf("test settings are invalid: %v", err)
	}
	for name, s := range map[string]slcs.Settings{"defaults": slcs.DefaultSettings(), "modified": modified} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, s); err != nil {
				t.Fatal(err)
			}
			got, err := Parse("written.toml", buf.Bytes())
			if err != nil {
				t.Fatalf("Parse of Write output: %v\n%s", err, buf.String())
			}
			if !reflect.DeepEqual(got, s) {
				t.Errorf("round trip:\n got %+v\nwant %+v\n%s", got, s, buf.String())
			}
		})
	}
}

func TestWriteNotesDefaults(t *testing.T) {
	s := slcs.DefaultSettings()
	var def bytes.Buffer
	if err := Write(&def, s); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(def.String(), "; default ") {
		t.Errorf("defaults note a default:\n%s", def.String())
	}
	// every documented key appears with a comment
	for _, sec := range doc {
		if !strings.Contains(def.String(), "["+sec.section+"]\n") {
			t.Errorf("section [%s] missing", sec.section)
		}
	}
	if n := strings.Count(def.String(), " # "); n != 32 {
		t.Errorf("%d commented keys, want 32", n)
	}

	s.Potential.MinBuyers = 9
	var mod bytes.Buffer
	if err := Write(&mod, s); err != nil {
		t.Fatal(err)
	}
	var line string
	for _, l := range strings.Split(mod.String(), "\n") {
		if strings.HasPrefix(l, "min_buyers ") {
			line = l
		}
	}
	if !strings.Contains(line, "= 9 ") || !strings.HasSuffix(line, "; default 3") {
		t.Errorf("min_buyers line = %q, want the value 9 and \"; default 3\"", line)
	}
	if strings.Count(mod.String(), "; default ") != 1 {
		t.Errorf("want exactly one default noted:\n%s", mod.String())
	}
}

// TestWriteRoundTripLargeValues: Write prints a whole-valued float without a
// decimal point, so 1e19 becomes the TOML integer 10000000000000000000,
// which is out of range for TOML's 64-bit integers and cannot be read back.
// The settings are valid (Validate accepts them), so the file that
// `slcs config --config FILE` prints for them must parse.
func TestWriteRoundTripLargeValues(t *testing.T) {
	for _, v := range []float64{1e15, 1e19, 1e21} {
		s := slcs.DefaultSettings()
		s.Time.DefaultCapacity = v
		s.Engagement.Weights.Pairs = v
		if err := s.Validate(); err != nil {
			t.Fatalf("%g: %v", v, err)
		}
		var buf bytes.Buffer
		if err := Write(&buf, s); err != nil {
			t.Fatal(err)
		}
		got, err := Parse("written.toml", buf.Bytes())
		if err != nil {
			t.Errorf("value %g: Write output does not parse back: %v", v, err)
			continue
		}
		if !reflect.DeepEqual(got, s) {
			t.Errorf("value %g: read back %+v", v, got)
		}
	}
}

func TestPeopleDomainsChecked(t *testing.T) {
	for _, bad := range []string{`our_domains = ["ours"]`, `our_domains = ["a b.example"]`, `free_mail_domains = ["-x.example"]`} {
		if _, err := Parse("s.toml", []byte("[people]\n"+bad+"\n")); err == nil || !strings.Contains(err.Error(), "setting people.") {
			t.Errorf("%s: %v", bad, err)
		}
	}
	// written settings read back
	s := slcs.DefaultSettings()
	s.People.OurDomains = []string{"ours.example"}
	var b bytes.Buffer
	if err := Write(&b, s); err != nil {
		t.Fatal(err)
	}
	got, err := Parse("w.toml", b.Bytes())
	if err != nil || !reflect.DeepEqual(got, s) {
		t.Errorf("read back: %v\n%+v", err, got.People)
	}
}
