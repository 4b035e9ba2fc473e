package mailbox

import (
	"bytes"
	"strings"
	"sync"
	"time"
)

// maxDateBytes of a date are looked at: a longer one is garbage.
const maxDateBytes = 512

// ParseDate parses a date as mail headers and mbox separator lines write it,
// tolerantly: the RFC 5322 form and its obsolete ones (two- and three-digit
// years, named zones such as EST, PDT, GMT or UT, missing seconds or
// weekday, comments, extra white space, single-digit days), the asctime form
// of separators ("Mon Jan  6 04:49:45 2020", a zone allowed before the
// year), and ISO 8601 ("2020-01-06T04:49:45Z"). Words it does not know are
// skipped. An unknown or missing zone is taken as UTC. ok is false when no
// day, month and year were found, or they or the time are out of range.
func ParseDate(s string) (t time.Time, ok bool) {
	if len(s) > maxDateBytes {
		s = s[:maxDateBytes]
	}
	var d dateParts
	d.year, d.month, d.day, d.hour, d.min, d.sec = -1, -1, -1, -1, -1, -1
	depth := 0
	start := -1
	for i := 0; i <= len(s); i++ {
		c := byte(' ')
		if i < len(s) {
			c = s[i]
		}
		if depth > 0 {
			switch c {
			case '(':
				depth++
			case ')':
				depth--
			case '\\':
				i++
			}
			continue
		}
		if c == ' ' || c == '\t' || c == ',' || c == '\r' || c == '\n' || c == '(' {
			if start >= 0 {
				d.token(s[start:i], 0)
				start = -1
			}
			if c == '(' {
				depth = 1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return d.time()
}

// parseSeparatorDate parses the date of an mbox "From " line: what follows
// the sender ("From sender date…"), the sender being skipped unless it
// looks like the date's start (an empty sender).
func parseSeparatorDate(line []byte) (time.Time, bool) {
	line, ok := bytes.CutPrefix(line, []byte("From "))
	if !ok {
		return time.Time{}, false
	}
	s := strings.TrimLeft(toUTF8(line), " \t")
	if i := strings.IndexAny(s, " \t"); i > 0 {
		if first := s[:i]; monthOf(first) == 0 && !isWeekday(first) {
			s = s[i:]
		}
	}
	return ParseDate(s)
}

type dateParts struct {
	year, month, day, hour, min, sec int
	yearDigits                       int
	zone                             int // offset in seconds
	zoneSet, numericZone             bool
	pm, am                           bool
}

// token takes in one word of a date.
func (d *dateParts) token(w string, level int) {
	w = strings.TrimRight(w, ".")
	if w == "" {
		return
	}
	c := w[0]
	switch {
	case isDigit(c) && len(w) >= 10 && w[4] == '-' && w[7] == '-':
		// ISO 8601: 2020-01-06, 2020-01-06T04:49:45Z.
		y, ok1 := atoi(w[:4])
		m, ok2 := atoi(w[5:7])
		day, ok3 := atoi(w[8:10])
		if ok1 && ok2 && ok3 && d.year < 0 {
			d.year, d.yearDigits, d.month, d.day = y, 4, m, day
		}
		if rest := w[10:]; len(rest) > 1 && (rest[0] == 'T' || rest[0] == 't') {
			d.clock(rest[1:])
		}
	case strings.IndexByte(w, ':') > 0 && isDigit(c):
		d.clock(w)
	case (c == '+' || c == '-') && len(w) > 1 && isDigit(w[1]):
		d.offset(w)
	case isDigit(c):
		n, ok := atoi(w)
		if !ok {
			if level == 0 && strings.IndexByte(w, '-') > 0 {
				d.split(w, level)
			}
			return
		}
		switch {
		case len(w) >= 3 && len(w) <= 4 && d.year < 0:
			d.year, d.yearDigits = n, len(w)
		case len(w) <= 2 && d.day < 0:
			d.day = n
		case len(w) <= 2 && d.year < 0:
			d.year, d.yearDigits = n, len(w)
		}
	case isLetter(c):
		if strings.IndexByte(w, '-') > 0 && level == 0 {
			// 6-Jan-2020, or a word with a hyphen.
			d.split(w, level)
			return
		}
		letters := 0
		for letters < len(w) && isLetter(w[letters]) {
			letters++
		}
		word, rest := w[:letters], w[letters:]
		if rest == "" {
			if m := monthOf(word); m > 0 {
				if d.month < 0 {
					d.month = m
				}
				return
			}
			switch strings.ToUpper(word) {
			case "AM":
				d.am = true
				return
			case "PM":
				d.pm = true
				return
			}
		}
		if off, ok := zoneOf(word); ok {
			if !d.zoneSet {
				d.zone, d.zoneSet = off, true
			}
			if rest != "" && (rest[0] == '+' || rest[0] == '-') {
				// GMT+0100, UTC-5: the offset wins over the name.
				d.offset(rest)
			}
		}
	}
}

// split takes in the parts of a hyphenated word (6-Jan-2020).
func (d *dateParts) split(w string, level int) {
	for part := range strings.SplitSeq(w, "-") {
		d.token(part, level+1)
	}
}

// clock takes in a time of day, "04:49", "04:49:45", "04:49:45.123", with
// maybe a zone after it ("04:49:45Z", "04:49:45+01:00").
func (d *dateParts) clock(w string) {
	end := 0
	for end < len(w) && (isDigit(w[end]) || w[end] == ':' || w[end] == '.') {
		end++
	}
	clock, zone := w[:end], w[end:]
	if i := strings.IndexByte(clock, '.'); i >= 0 {
		clock = clock[:i]
	}
	parts := strings.Split(clock, ":")
	if len(parts) < 2 || len(parts) > 3 || d.hour >= 0 {
		return
	}
	var v [3]int
	for i, p := range parts {
		n, ok := atoi(p)
		if !ok || len(p) > 2 {
			return
		}
		v[i] = n
	}
	d.hour, d.min, d.sec = v[0], v[1], v[2]
	switch {
	case zone == "":
	case zone[0] == '+' || zone[0] == '-':
		d.offset(zone)
	default:
		d.token(zone, 1)
	}
}

// offset takes in a numeric zone: +hhmm, -hhmm, +hh:mm or +hh.
func (d *dateParts) offset(w string) {
	sign := 1
	if w[0] == '-' {
		sign = -1
	}
	digits := strings.Replace(w[1:], ":", "", 1)
	var h, m int
	var ok bool
	switch len(digits) {
	case 1, 2:
		h, ok = atoi(digits)
	case 4:
		var ok2 bool
		h, ok = atoi(digits[:2])
		m, ok2 = atoi(digits[2:])
		ok = ok && ok2
	}
	if !ok || h > 23 || m > 59 || d.numericZone {
		return
	}
	d.zone, d.zoneSet, d.numericZone = sign*(h*3600+m*60), true, true
}

// time returns the date that the parts make.
func (d *dateParts) time() (time.Time, bool) {
	if d.year < 0 || d.month < 1 || d.month > 12 || d.day < 1 {
		return time.Time{}, false
	}
	y := d.year
	switch {
	case d.yearDigits <= 2 && y < 50:
		y += 2000
	case d.yearDigits <= 2:
		y += 1900
	case d.yearDigits == 3:
		y += 1900
	}
	if d.hour < 0 {
		d.hour, d.min, d.sec = 0, 0, 0
	}
	if d.pm && d.hour >= 1 && d.hour < 12 {
		d.hour += 12
	} else if d.am && d.hour == 12 {
		d.hour = 0
	}
	if d.sec == 60 {
		d.sec = 59 // a leap second
	}
	if y < 1000 || d.day > daysIn(time.Month(d.month), y) || d.hour > 23 || d.min > 59 || d.sec > 59 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(d.month), d.day, d.hour, d.min, d.sec, 0, zoneLocation(d.zone)), true
}

func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

var zones sync.Map // offset in seconds → *time.Location

// zoneLocation returns a fixed zone of the offset, made once per offset.
func zoneLocation(off int) *time.Location {
	if off == 0 {
		return time.UTC
	}
	if l, ok := zones.Load(off); ok {
		return l.(*time.Location)
	}
	l, _ := zones.LoadOrStore(off, time.FixedZone("", off))
	return l.(*time.Location)
}

var monthNames = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// monthOf returns the month (1–12) that w names in English, by its first
// three letters or in full ("Sept" too), or 0.
func monthOf(w string) int {
	if len(w) < 3 || len(w) > 9 {
		return 0
	}
	p := strings.ToLower(w)
	for i, m := range monthNames {
		if p[:3] == m {
			if len(p) == 3 || strings.HasPrefix(fullMonths[i], p) || p == "sept" {
				return i + 1
			}
		}
	}
	return 0
}

var fullMonths = [...]string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

func isWeekday(w string) bool {
	switch strings.ToLower(w) {
	case "mon", "tue", "wed", "thu", "fri", "sat", "sun",
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
		return true
	}
	return false
}

// zoneOf returns the offset of a zone name: those of RFC 5322 (UT, GMT and
// the North American ones) and a few common others. Military letters are
// not taken (RFC 5322 says they are unreliable).
func zoneOf(w string) (int, bool) {
	if len(w) > 5 {
		return 0, false
	}
	const h = 3600
	switch strings.ToUpper(w) {
	case "UT", "UTC", "GMT", "Z", "WET", "Z0":
		return 0, true
	case "EST":
		return -5 * h, true
	case "EDT":
		return -4 * h, true
	case "CST":
		return -6 * h, true
	case "CDT":
		return -5 * h, true
	case "MST":
		return -7 * h, true
	case "MDT":
		return -6 * h, true
	case "PST":
		return -8 * h, true
	case "PDT":
		return -7 * h, true
	case "AKST":
		return -9 * h, true
	case "AKDT":
		return -8 * h, true
	case "HST":
		return -10 * h, true
	case "BST", "CET", "MET", "WEST":
		return 1 * h, true
	case "CEST", "MEST", "EET":
		return 2 * h, true
	case "EEST", "MSK":
		return 3 * h, true
	case "IST":
		return 5*h + 30*60, true
	case "HKT", "SGT", "AWST":
		return 8 * h, true
	case "JST", "KST":
		return 9 * h, true
	case "AEST":
		return 10 * h, true
	case "AEDT":
		return 11 * h, true
	case "NZST":
		return 12 * h, true
	case "NZDT":
		return 13 * h, true
	}
	return 0, false
}

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// atoi parses 1 to 9 decimal digits.
func atoi(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
