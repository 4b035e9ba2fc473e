package calendar

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// param is one property parameter: its upper-cased name and its values
// (several when comma-separated), unquoted.
type param struct {
	name   string
	values []string
}

// prop is a parsed content line.
type prop struct {
	params []param
	value  string
}

// get returns the first value of the parameter name ("" when absent).
func (p *prop) get(name string) string {
	for i := range p.params {
		if p.params[i].name == name && len(p.params[i].values) > 0 {
			return p.params[i].values[0]
		}
	}
	return ""
}

// propName returns the upper-cased name of a content line and the rest of it
// (starting at ';' or ':'). ok is false when the line does not start with a
// property name.
func propName(line []byte) (name string, rest []byte, ok bool) {
	i := 0
	for i < len(line) {
		b := line[i]
		if b == ';' || b == ':' {
			break
		}
		if !(b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_') {
			return "", nil, false
		}
		i++
	}
	if i == 0 || i == len(line) {
		return "", nil, false
	}
	return upperName(line[:i]), line[i:], true
}

// known property and parameter names, so that the common ones are not
// allocated for every line.
var knownNames = func() map[string]string {
	m := map[string]string{}
	for _, s := range []string{
		"BEGIN", "END", "METHOD", "UID", "DTSTART", "DTEND", "DURATION", "RRULE",
		"RDATE", "EXDATE", "RECURRENCE-ID", "SEQUENCE", "STATUS", "DTSTAMP",
		"ORGANIZER", "ATTENDEE", "SUMMARY", "TZID", "TZOFFSETTO", "TZOFFSETFROM",
		"DESCRIPTION", "LOCATION", "CN", "CUTYPE", "PARTSTAT", "ROLE", "RSVP",
		"EMAIL", "VALUE", "X-ALT-DESC", "ATTACH", "CLASS", "TRANSP", "CREATED",
		"LAST-MODIFIED", "PRIORITY", "VERSION", "PRODID", "CALSCALE", "TRIGGER",
		"ACTION", "RANGE", "SENT-BY", "DIR", "LANGUAGE", "X-NUM-GUESTS",
	} {
		m[s] = s
	}
	return m
}()

func upperName(b []byte) string {
	var tmp [32]byte
	if len(b) <= len(tmp) {
		u := tmp[:len(b)]
		for i, c := range b {
			if c >= 'a' && c <= 'z' {
				c -= 'a' - 'A'
			}
			u[i] = c
		}
		if s, ok := knownNames[string(u)]; ok {
			return s
		}
		return string(u)
	}
	return strings.ToUpper(string(b))
}

// parseProp parses the parameters and the value of a content line, rest
// being what follows the property name. ok is false when the line is
// malformed (no ':' ending the parameters, an unterminated quote).
func parseProp(rest []byte) (p prop, ok bool) {
	for len(rest) > 0 && rest[0] == ';' {
		rest = rest[1:]
		// parameter name
		i := 0
		for i < len(rest) && rest[i] != '=' && rest[i] != ';' && rest[i] != ':' {
			i++
		}
		if i == len(rest) {
			return prop{}, false
		}
		pr := param{name: upperName(bytes.TrimSpace(rest[:i]))}
		rest = rest[i:]
		if rest[0] == '=' {
			rest = rest[1:]
			for {
				var v []byte
				if len(rest) > 0 && rest[0] == '"' {
					end := bytes.IndexByte(rest[1:], '"')
					if end < 0 {
						return prop{}, false
					}
					v = rest[1 : 1+end]
					rest = rest[2+end:]
					// Tolerate text between the closing quote and the next delimiter.
					j := 0
					for j < len(rest) && rest[j] != ',' && rest[j] != ';' && rest[j] != ':' {
						j++
					}
					rest = rest[j:]
				} else {
					j := 0
					for j < len(rest) && rest[j] != ',' && rest[j] != ';' && rest[j] != ':' {
						j++
					}
					v = rest[:j]
					rest = rest[j:]
				}
				pr.values = append(pr.values, paramValue(v))
				if len(rest) > 0 && rest[0] == ',' {
					rest = rest[1:]
					continue
				}
				break
			}
		}
		if pr.name != "" {
			p.params = append(p.params, pr)
		}
	}
	if len(rest) == 0 || rest[0] != ':' {
		return prop{}, false
	}
	p.value = text(rest[1:])
	return p, true
}

// paramValue decodes a parameter value: RFC 6868 caret escapes (^n, ^', ^^)
// and invalid UTF-8.
func paramValue(b []byte) string {
	if bytes.IndexByte(b, '^') < 0 {
		return text(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '^' && i+1 < len(b) {
			switch b[i+1] {
			case 'n', 'N':
				out = append(out, '\n')
				i++
				continue
			case '\'':
				out = append(out, '"')
				i++
				continue
			case '^':
				out = append(out, '^')
				i++
				continue
			}
		}
		out = append(out, b[i])
	}
	return text(out)
}

// text returns b as a string of valid UTF-8 (invalid bytes become U+FFFD).
func text(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// unescape decodes an iCalendar TEXT value: \\ \; \, \n \N (and \: which
// some producers write).
func unescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 'n', 'N':
			b.WriteByte('\n')
		case '\\', ';', ',', ':':
			b.WriteByte(s[i])
		default:
			b.WriteByte('\\')
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// stamp is a date or date-time as written, before its zone is known.
type stamp struct {
	year, month, day, hour, min, sec int
	date                             bool // a DATE
	utc                              bool // ends in Z
}

var errTime = errors.New("not a date or date-time")

// parseStamp reads YYYYMMDD or YYYYMMDDTHHMMSS[Z].
func parseStamp(s string) (stamp, error) {
	s = strings.TrimSpace(s)
	var t stamp
	if len(s) != 8 && len(s) != 15 && len(s) != 16 {
		return t, errTime
	}
	num := func(a, b int) int {
		n := 0
		for i := a; i < b; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	t.year, t.month, t.day = num(0, 4), num(4, 6), num(6, 8)
	if t.year < 1 || t.month < 1 || t.month > 12 || t.day < 1 || t.day > daysIn(t.year, t.month) {
		return t, errTime
	}
	if len(s) == 8 {
		t.date = true
		return t, nil
	}
	if s[8] != 'T' && s[8] != 't' {
		return t, errTime
	}
	t.hour, t.min, t.sec = num(9, 11), num(11, 13), num(13, 15)
	if t.hour < 0 || t.hour > 23 || t.min < 0 || t.min > 59 || t.sec < 0 || t.sec > 60 {
		return t, errTime
	}
	if t.sec == 60 { // a leap second
		t.sec = 59
	}
	if len(s) == 16 {
		if s[15] != 'Z' && s[15] != 'z' {
			return t, errTime
		}
		t.utc = true
	}
	return t, nil
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// in returns the time in loc (UTC when the stamp ends in Z).
func (t stamp) in(loc *time.Location) time.Time {
	if t.utc {
		loc = time.UTC
	}
	return time.Date(t.year, time.Month(t.month), t.day, t.hour, t.min, t.sec, 0, loc)
}

// dateKey is a calendar date as yyyymmdd.
func dateKey(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(y*10000 + int(m)*100 + d)
}

func (t stamp) dateKey() int32 {
	return int32(t.year*10000 + t.month*100 + t.day)
}

// duration is an iCalendar DURATION: nominal days (weeks included) and an
// exact part.
type duration struct {
	days  int
	exact time.Duration
}

var errDuration = errors.New("not a duration")

// parseDuration reads [+]P[nW][nD][T[nH][nM][nS]]. Negative durations are
// refused: an event cannot end before it starts.
func parseDuration(s string) (duration, error) {
	var d duration
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "+")
	if !strings.HasPrefix(s, "P") || len(s) < 3 {
		return d, errDuration
	}
	s = s[1:]
	inTime := false
	seen := false
	for len(s) > 0 {
		if s[0] == 'T' {
			if inTime {
				return d, errDuration
			}
			inTime = true
			s = s[1:]
			continue
		}
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i == len(s) || i > 9 {
			return d, errDuration
		}
		n, _ := strconv.Atoi(s[:i])
		unit := s[i]
		s = s[i+1:]
		seen = true
		switch {
		case unit == 'W' && !inTime:
			d.days += 7 * n
		case unit == 'D' && !inTime:
			d.days += n
		case unit == 'H' && inTime:
			d.exact += time.Duration(n) * time.Hour
		case unit == 'M' && inTime:
			d.exact += time.Duration(n) * time.Minute
		case unit == 'S' && inTime:
			d.exact += time.Duration(n) * time.Second
		default:
			return d, errDuration
		}
	}
	// More than about 100 years is not a meeting.
	if !seen || d.days > 36600 || d.exact > 36600*24*time.Hour {
		return d, errDuration
	}
	return d, nil
}

// add returns t plus d: days in the zone of t (nominal), then the exact part.
func (d duration) add(t time.Time) time.Time {
	if d.days != 0 {
		t = t.AddDate(0, 0, d.days)
	}
	return t.Add(d.exact)
}

// parseOffset reads a UTC offset like +0100, -0500 or +053000, in seconds.
func parseOffset(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 5 && len(s) != 7 {
		return 0, false
	}
	sign := 1
	switch s[0] {
	case '+':
	case '-':
		sign = -1
	default:
		return 0, false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	h, _ := strconv.Atoi(s[1:3])
	m, _ := strconv.Atoi(s[3:5])
	sec := 0
	if len(s) == 7 {
		sec, _ = strconv.Atoi(s[5:7])
	}
	if h > 23 || m > 59 || sec > 59 {
		return 0, false
	}
	return sign * (h*3600 + m*60 + sec), true
}

// personOf reads an ORGANIZER or ATTENDEE line.
func personOf(p *prop) (per Person, cutype string) {
	v := strings.TrimSpace(p.value)
	if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
		per.Email = v[7:]
	} else if e := p.get("EMAIL"); e != "" {
		per.Email = e
	} else if strings.IndexByte(v, '@') > 0 && strings.IndexByte(v, ':') < 0 {
		per.Email = v // an address without its "mailto:"
	}
	if per.Email == "" {
		if e := p.get("EMAIL"); e != "" {
			per.Email = e
		}
	}
	per.Email = strings.ToLower(strings.TrimSpace(per.Email))
	per.Name = strings.TrimSpace(p.get("CN"))
	per.PartStat = strings.ToUpper(strings.TrimSpace(p.get("PARTSTAT")))
	cutype = strings.ToUpper(strings.TrimSpace(p.get("CUTYPE")))
	return per, cutype
}
