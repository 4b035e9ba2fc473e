package portfolio

import (
	"bytes"
	"unicode/utf8"

	"github.com/slcs/slcs"
)

// trim removes leading and trailing spaces and tabs (and nothing else).
func trim(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// lowerInto appends b lower-cased to dst: a byte loop for ASCII, Unicode
// lower-casing otherwise.
func lowerInto(dst, b []byte) []byte {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return append(dst, bytes.ToLower(b)...)
		}
	}
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

func lowerString(b []byte) string { return string(lowerInto(nil, b)) }

// equalFold reports whether the ASCII word b equals lower-case word w,
// ignoring case.
func equalFold(b []byte, w string) bool {
	if len(b) != len(w) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

// parseNumber reads a number of the format (an optional '-', digits, and
// optionally '.' with at most 6 digits) as an integer count of millionths.
// tooLarge is set when it is well formed but does not fit.
func parseNumber(b []byte) (micros int64, ok, tooLarge bool) {
	neg := false
	if len(b) > 0 && b[0] == '-' {
		neg = true
		b = b[1:]
	}
	i := 0
	var v uint64
	const limit = (1<<63 - 1) / 1_000_000
	for i < len(b) && '0' <= b[i] && b[i] <= '9' {
		v = v*10 + uint64(b[i]-'0')
		if v > limit {
			tooLarge = true
		}
		i++
	}
	if i == 0 {
		return 0, false, false
	}
	v *= 1_000_000
	if i < len(b) {
		if b[i] != '.' {
			return 0, false, false
		}
		frac := b[i+1:]
		if len(frac) > 6 {
			return 0, false, false
		}
		scale := uint64(100_000)
		for _, c := range frac {
			if c < '0' || c > '9' {
				return 0, false, false
			}
			v += uint64(c-'0') * scale
			scale /= 10
		}
	}
	if tooLarge || v > 1<<63-1 {
		return 0, true, true
	}
	if neg {
		return -int64(v), true, false
	}
	return int64(v), true, false
}

// parseWhole reads a whole number (digits only).
func parseWhole(b []byte) (v int64, ok, tooLarge bool) {
	if len(b) == 0 {
		return 0, false, false
	}
	var u uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false, false
		}
		d := uint64(c - '0')
		if u > (1<<63-1-d)/10 {
			tooLarge = true
			continue
		}
		u = u*10 + d
	}
	if tooLarge {
		return 0, true, true
	}
	return int64(u), true, false
}

func digits(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, false
	}
	v := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// parseYMD reads YYYY-MM-DD and checks that the day exists.
func parseYMD(b []byte) (slcs.Day, bool) {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return 0, false
	}
	y, ok1 := digits(b[0:4])
	m, ok2 := digits(b[5:7])
	d, ok3 := digits(b[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return slcs.MakeDay(y, m, d), true
}

// parseDate reads YYYY-MM-DD or an RFC 3339 date-time ('T', 't' or a space
// before the time; 'Z', 'z' or an offset; optional fractions of a second)
// and returns its UTC calendar date.
func parseDate(b []byte) (slcs.Day, bool) {
	if len(b) == 10 {
		return parseYMD(b)
	}
	if len(b) < 20 {
		return 0, false
	}
	day, ok := parseYMD(b[:10])
	if !ok || (b[10] != 'T' && b[10] != 't' && b[10] != ' ') || b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	hh, ok1 := digits(b[11:13])
	mm, ok2 := digits(b[14:16])
	ss, ok3 := digits(b[17:19])
	if !ok1 || !ok2 || !ok3 || hh > 23 || mm > 59 || ss > 60 {
		return 0, false
	}
	rest := b[19:]
	if rest[0] == '.' {
		i := 1
		for i < len(rest) && '0' <= rest[i] && rest[i] <= '9' {
			i++
		}
		if i == 1 {
			return 0, false
		}
		rest = rest[i:]
	}
	offset := 0
	switch {
	case len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := digits(rest[1:3])
		om, ok2 := digits(rest[4:6])
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return 0, false
		}
		offset = oh*60 + om
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return 0, false
	}
	utc := hh*60 + mm - offset // minutes after local midnight, in UTC
	switch {
	case utc < 0:
		day--
	case utc >= 1440:
		day++
	}
	return day, true
}

// parseMonth reads YYYY-MM.
func parseMonth(b []byte) (slcs.Month, bool) {
	if len(b) != 7 || b[4] != '-' {
		return 0, false
	}
	y, ok1 := digits(b[0:4])
	m, ok2 := digits(b[5:7])
	if !ok1 || !ok2 || m < 1 || m > 12 {
		return 0, false
	}
	return slcs.MakeMonth(y, m), true
}

// splitPeople splits a people cell at ';', trims and lower-cases each item
// into scratch, and drops empty items. Repeats are kept: the model counts
// them once.
func splitPeople(cell []byte, scratch []byte, items [][]byte) ([]byte, [][]byte) {
	// items point into scratch; should scratch grow, they keep pointing
	// into the old array, which stays intact
	scratch = scratch[:0]
	items = items[:0]
	for len(cell) > 0 {
		i := bytes.IndexByte(cell, ';')
		var item []byte
		if i < 0 {
			item, cell = cell, nil
		} else {
			item, cell = cell[:i], cell[i+1:]
		}
		item = trim(item)
		if len(item) == 0 {
			continue
		}
		start := len(scratch)
		scratch = lowerInto(scratch, item)
		items = append(items, scratch[start:len(scratch):len(scratch)])
	}
	return scratch, items
}

// hasPerson reports whether a people cell holds at least one non-empty item.
func hasPerson(cell []byte) bool {
	for _, c := range cell {
		if c != ';' && c != ' ' && c != '\t' {
			return true
		}
	}
	return false
}
