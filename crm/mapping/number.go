package mapping

import (
	"github.com/slcs/slcs/crm"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxMicros bounds a number read, in millionths.
const maxMicros = crm.MaxAmount

// numberProblem says why a cell is not a number.
type numberProblem int

const (
	numOK numberProblem = iota
	numBad
	numTooLarge
)

// parseNumber reads a number as exports write it, into millionths (rounded
// half away from zero to 6 decimals). dec is the decimal separator, '.' or
// ','. Accepted around the digits:
//
//   - spaces (any, also no-break spaces) at the start and end;
//   - a currency symbol (€, $, £, ¥, … any of Unicode's currency symbols)
//     or a three-letter code in capitals (EUR, USD, CHF, …), before or
//     after the number, with or without a space;
//   - a sign: '-', '+' or '−' (U+2212), before the digits or before the
//     currency; or the whole in parentheses for a negative amount, (80.00);
//   - thousands separators in the whole part: the other of '.' and ',',
//     spaces (also no-break and thin spaces) and apostrophes (' and ’),
//     each group of three digits after the first group of one to three:
//     1,234,567.50, 1.234.567,50, 1 234 567,50, 1'234'567.50;
//   - at most one decimal separator, with digits on at least one side
//     (.5 and 5. are read).
//
// Exponents (1e6), percent signs and letters other than a currency code
// are not numbers.
func parseNumber(s string, dec byte) (int64, numberProblem) {
	s = strings.TrimFunc(s, unicode.IsSpace)
	neg := false
	if len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' {
		neg = true
		s = strings.TrimFunc(s[1:len(s)-1], unicode.IsSpace)
	}
	// the currency and the sign, in either order: -12 €, € -12, -€12
	s, signed := takeSign(stripCurrency(s))
	if signed != 0 {
		if neg {
			return 0, numBad
		}
		neg = signed < 0
		s = stripCurrency(s)
	}
	if s == "" {
		return 0, numBad
	}
	group := byte(',')
	if dec == ',' {
		group = '.'
	}
	var whole, frac []byte
	var groups []int // lengths of the digit groups of the whole part
	inFrac, hasDec := false, false
	run := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r >= '0' && r <= '9':
			if inFrac {
				frac = append(frac, byte(r))
			} else {
				whole = append(whole, byte(r))
				run++
			}
		case r == rune(dec):
			if hasDec {
				return 0, numBad
			}
			hasDec, inFrac = true, true
			groups = append(groups, run)
		case !inFrac && (r == rune(group) || r == '\'' || r == '’' || unicode.IsSpace(r)):
			if run == 0 {
				return 0, numBad
			}
			groups = append(groups, run)
			run = 0
		default:
			return 0, numBad
		}
	}
	if !hasDec {
		groups = append(groups, run)
	}
	if len(whole) == 0 && len(frac) == 0 {
		return 0, numBad
	}
	if len(groups) > 1 {
		if groups[0] < 1 || groups[0] > 3 {
			return 0, numBad
		}
		for _, g := range groups[1:] {
			if g != 3 {
				return 0, numBad
			}
		}
	}
	w := strings.TrimLeft(string(whole), "0")
	if len(w) > 13 {
		return 0, numTooLarge
	}
	var v int64
	if w != "" {
		v, _ = strconv.ParseInt(w, 10, 64)
	}
	v *= 1_000_000
	scale := int64(100_000)
	for i, c := range frac {
		d := int64(c - '0')
		if i == 6 {
			if d >= 5 {
				v++
			}
			break
		}
		v += d * scale
		scale /= 10
	}
	if v > maxMicros {
		return 0, numTooLarge
	}
	if neg {
		v = -v
	}
	return v, numOK
}

// takeSign takes a leading sign: -1, +1, or 0 when there is none.
func takeSign(s string) (string, int) {
	switch {
	case strings.HasPrefix(s, "-"):
		return strings.TrimFunc(s[1:], unicode.IsSpace), -1
	case strings.HasPrefix(s, "−"):
		return strings.TrimFunc(s[len("−"):], unicode.IsSpace), -1
	case strings.HasPrefix(s, "+"):
		return strings.TrimFunc(s[1:], unicode.IsSpace), 1
	}
	return s, 0
}

// stripCurrency removes a currency symbol or a three-letter code in
// capitals from the start or the end, with the spaces next to it.
func stripCurrency(s string) string {
	if r, size := utf8.DecodeRuneInString(s); unicode.Is(unicode.Sc, r) {
		return strings.TrimFunc(s[size:], unicode.IsSpace)
	}
	if r, size := utf8.DecodeLastRuneInString(s); unicode.Is(unicode.Sc, r) {
		return strings.TrimFunc(s[:len(s)-size], unicode.IsSpace)
	}
	if len(s) > 3 && isCode(s[:3]) && !isLetter(s[3]) {
		return strings.TrimFunc(s[3:], unicode.IsSpace)
	}
	if len(s) > 3 && isCode(s[len(s)-3:]) && !isLetter(s[len(s)-4]) {
		return strings.TrimFunc(s[:len(s)-3], unicode.IsSpace)
	}
	return s
}

func isCode(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// scaleMicros multiplies millionths by num/den, rounded half away from
// zero; ok is false when the result is too large.
func scaleMicros(m, num, den int64) (int64, bool) {
	neg := m < 0
	if neg {
		m = -m
	}
	if m > maxMicros/num {
		return 0, false
	}
	v := (m*num + den/2) / den
	if neg {
		v = -v
	}
	return v, true
}
