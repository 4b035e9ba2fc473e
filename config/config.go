// Package config reads the model's settings from a TOML file and prints the
// effective settings as a commented TOML file that can be read back.
package config

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/slcs/slcs"
)

// Load reads the settings in path over the defaults. An unknown key, a value
// of the wrong type or a value out of range is an error that names the key.
func Load(path string) (slcs.Settings, error) {
	s := slcs.DefaultSettings()
	data, err := os.ReadFile(path)
	if err != nil {
		return s, fmt.Errorf("config: %w", err)
	}
	return Parse(path, data)
}

// Parse reads settings from TOML text over the defaults; name is used in
// error messages.
func Parse(name string, data []byte) (slcs.Settings, error) {
	s := slcs.DefaultSettings()
	md, err := toml.Decode(string(data), &s)
	if err != nil {
		if pe, ok := err.(toml.ParseError); ok {
			return s, fmt.Errorf("%s: line %d, column %d: %s", name, pe.Position.Line, pe.Position.Col, pe.Message)
		}
		return s, fmt.Errorf("%s: %v", name, err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		keys := make([]string, len(un))
		for i, k := range un {
			keys[i] = k.String()
		}
		sort.Strings(keys)
		return s, fmt.Errorf("%s: unknown setting %s (run `slcs config` for the list of settings)", name, keys[0])
	}
	if err := s.Validate(); err != nil {
		return s, fmt.Errorf("%s: %w", name, err)
	}
	return s, nil
}

// doc describes each setting for `slcs config`, in file order.
var doc = []struct {
	section string
	keys    []keyDoc
}{
	{"engagement", []keyDoc{
		{"window_days", "activities younger than this many days count for engagement"},
		{"half_life_days", "an activity this many days old counts half as much as one today"},
		{"threshold", "an engagement score at or above this is high (0-100)"},
	}},
	{"engagement.type_weights", []keyDoc{
		{"meeting", "what one meeting adds to the frequency"},
		{"call", "what one call adds"},
		{"email", "what one email adds"},
		{"other", "what any other activity adds"},
	}},
	{"engagement.weights", []keyDoc{
		{"pairs", "weight of the pairs percentile (our people x their people)"},
		{"frequency", "weight of the frequency percentile"},
		{"proactiveness", "weight of the proactiveness percentile (share started by the client)"},
	}},
	{"potential", []keyDoc{
		{"revenue_months", "revenue window: calendar months ending with the as-of month"},
		{"min_peers", "an industry with fewer accounts is benchmarked against the whole portfolio"},
		{"min_buyers", "a product needs this many buyers among the peers to be benchmarked"},
		{"high_percentile", "percentile of the buyers' spend per employee that upsells aim at (0-1)"},
		{"typical_percentile", "percentile of the buyers' spend per employee for cross-sells (0-1)"},
		{"threshold", "a potential score at or above this is high (0-100)"},
	}},
	{"time", []keyDoc{
		{"default_capacity", "selling hours a month of a seller with no capacity_hours in team.csv"},
		{"audit_days", "the audit counts activities younger than this many days (hours a month = minutes / (days / 30 x 60))"},
	}},
	{"time.shares", []keyDoc{
		{"key", "share of a seller's capacity for Key Accounts"},
		{"growth_potential", "share for Growth Potential Accounts"},
		{"maintenance", "share for Maintenance Accounts"},
		{"service", "share for Service Accounts"},
	}},
	{"time.default_minutes", []keyDoc{
		{"meeting", "minutes of a meeting whose minutes are empty"},
		{"call", "minutes of a call whose minutes are empty"},
		{"email", "minutes of an email whose minutes are empty"},
		{"other", "minutes of any other activity whose minutes are empty"},
	}},
	{"stability", []keyDoc{
		{"margin", "score points an account must cross beyond a threshold to change side (workspace; 0: off)"},
	}},
	{"alerts", []keyDoc{
		{"engagement_drop", "alert: a Key or Maintenance account whose engagement fell by this many points"},
		{"quiet_days", "alert: a high-engagement account with no activity in this many days"},
		{"single_thread_days", "alert: a Key or Maintenance account with one person on a side over this many days"},
	}},
	{"people", []keyDoc{
		{"our_domains", "email domains of our people, for mail and calendars (empty: those of team.csv's emails)"},
		{"free_mail_domains", "mail providers whose addresses never belong to an account"},
	}},
}

type keyDoc struct{ key, help string }

// Write prints the settings as a TOML file, each key with what it means and,
// where it differs, the default.
func Write(w io.Writer, s slcs.Settings) error {
	cur, def := flatten(s), flatten(slcs.DefaultSettings())
	var b bytes.Buffer
	b.WriteString("# slcs settings. Save as a file and pass it with --config FILE;\n")
	b.WriteString("# a file needs only the settings it changes.\n")
	for _, sec := range doc {
		fmt.Fprintf(&b, "\n[%s]\n", sec.section)
		for _, k := range sec.keys {
			full := sec.section + "." + k.key
			v, ok := cur[full]
			if !ok {
				return fmt.Errorf("config: no value for %s", full)
			}
			note := k.help
			if dv := def[full]; dv != v {
				note += "; default " + dv
			}
			fmt.Fprintf(&b, "%-19s = %-8s # %s\n", k.key, v, note)
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// flatten returns every setting as "section.key" -> TOML value, through the
// TOML encoder so that names and formats stay those of the file.
func flatten(s slcs.Settings) map[string]string {
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(s); err != nil {
		panic(err) // a fixed struct of numbers always encodes
	}
	out := map[string]string{}
	section := ""
	for _, line := range strings.Split(buf.String(), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case strings.HasPrefix(line, "["):
			section = strings.Trim(line, "[]")
		default:
			k, v, _ := strings.Cut(line, "=")
			v = strings.TrimSpace(v)
			// 120.0 reads better as 120; very large values keep the
			// encoder's form, which reads back as a float
			if f, err := strconv.ParseFloat(v, 64); err == nil && math.Abs(f) < 1e15 {
				v = strconv.FormatFloat(f, 'f', -1, 64)
			}
			out[section+"."+strings.TrimSpace(k)] = v
		}
	}
	return out
}
