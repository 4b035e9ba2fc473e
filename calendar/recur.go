package calendar

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// ruleSpec is a parsed RRULE.
type ruleSpec struct {
	opt   rrule.ROption // without Dtstart, Count and Until
	count int           // COUNT, 0 when none
	until time.Time     // UNTIL, zero when none
	open  bool          // neither COUNT nor UNTIL
	limit int           // at most this many occurrences from the rule
	never bool          // the rule can never match (only DTSTART is kept)
}

var errRule = errors.New("not a recurrence rule")

var freqs = map[string]rrule.Frequency{
	"YEARLY": rrule.YEARLY, "MONTHLY": rrule.MONTHLY, "WEEKLY": rrule.WEEKLY,
	"DAILY": rrule.DAILY, "HOURLY": rrule.HOURLY, "MINUTELY": rrule.MINUTELY,
	"SECONDLY": rrule.SECONDLY,
}

var weekdays = map[string]rrule.Weekday{
	"MO": rrule.MO, "TU": rrule.TU, "WE": rrule.WE, "TH": rrule.TH,
	"FR": rrule.FR, "SA": rrule.SA, "SU": rrule.SU,
}

// stepBudget bounds the steps the library takes between two occurrences of
// a rule more frequent than daily restricted by BYHOUR, BYMINUTE or
// BYSECOND, summed over the series.
const stepBudget = 2_000_000

// parseRule reads an RRULE value for a series starting at start. Names and
// values are read in any case; unknown parts (X-…, RSCALE) are ignored.
func parseRule(s string, start time.Time, allDay bool) (*ruleSpec, error) {
	spec := &ruleSpec{limit: MaxSeries}
	o := &spec.opt
	freq := false
	for part := range strings.SplitSeq(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, val, ok := strings.Cut(part, "=")
		if !ok {
			return nil, errRule
		}
		k = strings.ToUpper(strings.TrimSpace(k))
		val = strings.ToUpper(strings.TrimSpace(val))
		var err error
		switch k {
		case "FREQ":
			o.Freq, ok = freqs[val]
			if !ok {
				return nil, errRule
			}
			freq = true
		case "INTERVAL":
			n, e := strconv.Atoi(val)
			if e != nil || n < 0 || n > 100000 {
				return nil, errRule
			}
			o.Interval = max(n, 1)
		case "COUNT":
			n, e := strconv.ParseInt(val, 10, 64)
			if e != nil || n < 1 {
				return nil, errRule
			}
			spec.count = int(min(n, 1<<30))
		case "UNTIL":
			st, e := parseStamp(val)
			if e != nil {
				return nil, errRule
			}
			spec.until = untilOf(st, start, allDay)
		case "BYSECOND":
			o.Bysecond, err = ints(val)
		case "BYMINUTE":
			o.Byminute, err = ints(val)
		case "BYHOUR":
			o.Byhour, err = ints(val)
		case "BYMONTHDAY":
			o.Bymonthday, err = ints(val)
		case "BYYEARDAY":
			o.Byyearday, err = ints(val)
		case "BYWEEKNO":
			o.Byweekno, err = ints(val)
		case "BYMONTH":
			o.Bymonth, err = ints(val)
		case "BYSETPOS":
			o.Bysetpos, err = ints(val)
		case "BYDAY":
			o.Byweekday, err = days(val)
		case "WKST":
			w, ok := weekdays[val]
			if !ok {
				return nil, errRule
			}
			o.Wkst = w
		}
		if err != nil {
			return nil, err
		}
	}
	if !freq {
		return nil, errRule
	}
	check := *o
	check.Dtstart = start
	if _, err := rrule.NewRRule(check); err != nil {
		return nil, err
	}
	spec.open = spec.count == 0 && spec.until.IsZero()
	spec.never = impossible(o)
	if o.Freq >= rrule.HOURLY && !spec.never {
		subDaily(spec, start)
	}
	return spec, nil
}

// subDaily guards rules more frequent than daily restricted by BYHOUR,
// BYMINUTE or BYSECOND: the library steps by INTERVAL until a step matches,
// forever when none can, and for up to a day of steps per occurrence.
func subDaily(spec *ruleSpec, start time.Time) {
	o := &spec.opt
	interval := max(o.Interval, 1)
	h, m, s := start.Clock()
	var units, t0 int
	var sets [3][]int // hours, minutes, seconds that matter
	switch o.Freq {
	case rrule.HOURLY:
		units, t0 = 24, h
		sets[0] = o.Byhour
	case rrule.MINUTELY:
		units, t0 = 1440, h*60+m
		sets[0], sets[1] = o.Byhour, o.Byminute
	default:
		units, t0 = 86400, h*3600+m*60+s
		sets[0], sets[1], sets[2] = o.Byhour, o.Byminute, o.Bysecond
	}
	if sets[0] == nil && sets[1] == nil && sets[2] == nil {
		return
	}
	g := gcd(interval, units)
	all := func(set []int, n int) []int {
		if set != nil {
			return set
		}
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	hours := all(sets[0], 24)
	mins, secs := []int{0}, []int{0}
	if o.Freq != rrule.HOURLY {
		mins = all(sets[1], 60)
	}
	if o.Freq == rrule.SECONDLY {
		secs = all(sets[2], 60)
	}
	feasible := false
	for _, hh := range hours {
		for _, mm := range mins {
			for _, ss := range secs {
				var v int
				switch o.Freq {
				case rrule.HOURLY:
					v = hh
				case rrule.MINUTELY:
					v = hh*60 + mm
				default:
					v = hh*3600 + mm*60 + ss
				}
				if v%g == t0%g {
					feasible = true
				}
			}
		}
	}
	if !feasible {
		spec.never = true
		return
	}
	steps := max(units/interval, 1)
	spec.limit = min(MaxSeries, max(stepBudget/steps, 1))
}

// impossible spots rules that can never match for the simplest reasons (a
// 30 February, a 6th Monday of the month): the library would look for a
// match up to the year 9999.
func impossible(o *rrule.ROption) bool {
	if len(o.Bymonthday) > 0 {
		months := o.Bymonth
		if len(months) == 0 {
			months = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
		}
		ok := false
		for _, m := range months {
			for _, d := range o.Bymonthday {
				if abs(d) <= daysIn(2024, m) { // a leap year: 29 February is possible
					ok = true
				}
			}
		}
		if !ok {
			return true
		}
	}
	if len(o.Byweekday) > 0 && (o.Freq == rrule.MONTHLY || o.Freq == rrule.YEARLY && len(o.Bymonth) > 0) {
		for _, w := range o.Byweekday {
			if abs(w.N()) <= 5 {
				return false
			}
		}
		return true
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// untilOf reads UNTIL for a series starting at start. A date includes its
// whole day. For an all-day series a date-time UNTIL includes the day it
// falls on in UTC and the day it falls on in the series' zone.
func untilOf(st stamp, start time.Time, allDay bool) time.Time {
	loc := start.Location()
	switch {
	case allDay:
		day := time.Date(st.year, time.Month(st.month), st.day, 0, 0, 0, 0, loc)
		if !st.date {
			if t := st.in(loc); t.After(day) {
				return t
			}
		}
		return day
	case st.date:
		return time.Date(st.year, time.Month(st.month), st.day, 23, 59, 59, 0, loc)
	default:
		return st.in(loc)
	}
}

func ints(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < -400 || n > 400 {
			return nil, errRule
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func days(s string) ([]rrule.Weekday, error) {
	var out []rrule.Weekday
	seen := map[string]bool{}
	for f := range strings.SplitSeq(s, ",") {
		f = strings.TrimSpace(f)
		if len(f) < 2 || seen[f] {
			continue
		}
		seen[f] = true
		w, ok := weekdays[f[len(f)-2:]]
		if !ok {
			return nil, errRule
		}
		if n := f[:len(f)-2]; n != "" {
			k, err := strconv.Atoi(n)
			if err != nil || k < -53 || k > 53 {
				return nil, errRule
			}
			if k != 0 {
				w = w.Nth(k)
			}
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return nil, errRule
	}
	return out, nil
}

// expand returns the starts of the occurrences of master m: DTSTART (which
// always counts as the first occurrence), those of its rule and its RDATEs,
// without its EXDATEs, in order; and whether the series is open-ended.
func (c *Calendar) expand(m *version) ([]period, bool) {
	out := []period{{start: m.start}}
	open := false
	if spec := m.rule; spec != nil && !spec.never {
		open = spec.open
		opt := spec.opt
		opt.Dtstart = m.start
		opt.Until = spec.until
		if open && !c.opt.Until.IsZero() {
			opt.Until = c.opt.Until
		}
		if spec.count > 0 {
			opt.Count = min(spec.count, spec.limit+1)
		}
		if r, err := rrule.NewRRule(opt); err == nil {
			next := r.Iterator()
			n, synced := 0, true
			for {
				t, ok := next()
				if !ok {
					break
				}
				if n == 0 {
					synced = t.Equal(m.start)
				}
				if n == spec.limit {
					c.skip(ReasonTooMany, m)
					break
				}
				out = append(out, period{start: t})
				n++
			}
			// DTSTART counts as the first occurrence of COUNT.
			if spec.count > 0 && !synced && n == spec.count {
				out = out[:len(out)-1]
			}
		}
	}
	out = append(out, m.rdates...)
	if open && !c.opt.Until.IsZero() {
		out = slices.DeleteFunc(out, func(p period) bool { return p.start.After(c.opt.Until) })
	}
	slices.SortStableFunc(out, func(a, b period) int { return a.start.Compare(b.start) })
	out = slices.CompactFunc(out, func(a, b period) bool { return a.start.Equal(b.start) })
	if len(m.exdates) > 0 {
		at := map[int64]bool{}
		dates := map[int32]bool{}
		for _, x := range m.exdates {
			if x.only || m.allDay {
				dates[x.date] = true
			} else {
				at[x.at] = true
			}
		}
		out = slices.DeleteFunc(out, func(p period) bool {
			return at[p.start.Unix()] || dates[dateKey(p.start)]
		})
	}
	return out, open
}
