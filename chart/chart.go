// Package chart draws the charts of the product as SVG: the portfolio as a
// quadrant chart (engagement up, potential across, one point per account)
// and a seller's recommended against actual hours by segment.
//
// The output serves two uses with the same bytes: it is embedded inline in
// the dashboard's HTML pages and written as a standalone .svg file. So it
// carries no style attribute and no <style> element (the dashboard's
// Content-Security-Policy forbids inline styles) and no script; every look is
// a presentation attribute (fill, stroke, font-size ...), and every element a
// stylesheet may want to restyle carries a class. The output is well-formed
// XML and deterministic: the same input gives the same bytes.
//
// Colours follow the Okabe-Ito palette, which stays distinguishable for
// people with the common forms of colour-blindness, and the segment is
// always told by text as well.
package chart

import (
	"hash/fnv"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slcs/slcs"
)

// segColor is the colour of each segment, indexed by slcs.Segment (Okabe-Ito:
// blue, bluish green, orange, reddish purple).
var segColor = [4]string{"#0072B2", "#009E73", "#E69F00", "#CC79A7"}

// otherColor is the colour of a point whose segment is none of the four.
const otherColor = "#999999"

// fontFamily is the font of every text of the charts.
const fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

// colorOf returns the colour of a segment.
func colorOf(s slcs.Segment) string {
	if int(s) < len(segColor) {
		return segColor[s]
	}
	return otherColor
}

// classOf returns the class naming a segment: its identifier, or "other".
func classOf(s slcs.Segment) string {
	if int(s) < len(segColor) {
		return s.ID()
	}
	return "other"
}

// buf accumulates the SVG text.
type buf struct{ b []byte }

func (w *buf) s(s string) *buf { w.b = append(w.b, s...); return w }

// n appends a coordinate with at most one decimal.
func (w *buf) n(v float64) *buf { w.b = appendNum(w.b, v); return w }

// i appends an integer.
func (w *buf) i(v int) *buf { w.b = strconv.AppendInt(w.b, int64(v), 10); return w }

// t appends escaped text content.
func (w *buf) t(s string) *buf { w.b = appendEscaped(w.b, s, false); return w }

// a appends an escaped attribute value (without the quotes).
func (w *buf) a(s string) *buf { w.b = appendEscaped(w.b, s, true); return w }

// appendNum appends v rounded to one decimal, as short as it goes ("12",
// "12.5"), never "-0".
func appendNum(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	v = math.Round(v*10) / 10
	if v == 0 {
		v = 0 // drops the sign of a negative zero
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// appendEscaped appends s escaped for XML text or, with attr, for a
// double-quoted attribute. Bytes that are not valid UTF-8 and characters XML
// does not allow (control characters, U+FFFE, U+FFFF) become U+FFFD.
func appendEscaped(b []byte, s string, attr bool) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'' {
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			valid := !(r == utf8.RuneError && size == 1) && r != 0xFFFE && r != 0xFFFF
			if valid {
				i += size
				continue
			}
		}
		b = append(b, s[last:i]...)
		switch {
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '"':
			b = append(b, "&#34;"...)
		case r == '\'':
			b = append(b, "&#39;"...)
		case r == '\n' && !attr, r == '\t' && !attr:
			b = append(b, c)
		case r == '\n':
			b = append(b, "&#10;"...)
		case r == '\t':
			b = append(b, "&#9;"...)
		case r == '\r':
			b = append(b, "&#13;"...)
		default:
			b = append(b, "\uFFFD"...)
		}
		i += size
		last = i
	}
	return append(b, s[last:]...)
}

// idFor returns the prefix of the element ids of a chart: the given one made
// safe, or one derived from the chart's content so that several charts on a
// page do not share ids.
func idFor(given, kind, content string) string {
	if given != "" {
		var sb strings.Builder
		for _, r := range given {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
				sb.WriteRune(r)
			} else {
				sb.WriteByte('_')
			}
		}
		id := sb.String()
		if id[0] >= '0' && id[0] <= '9' || id[0] == '-' {
			id = "c" + id
		}
		return id
	}
	h := fnv.New32a()
	h.Write([]byte(content))
	return "slcs-" + kind + "-" + strconv.FormatUint(uint64(h.Sum32()), 36)
}

// compact prints an amount of currency units in a short form: whole units
// below a thousand ("950"), then one decimal and a suffix below a hundred of
// the unit ("1.2k", "45.3M") and none above ("340k", "120M"); k is a thousand,
// M a million, B a billion, T a trillion. The currency prefix, if any, goes
// after the sign ("-$1.2M").
func compact(units float64, currency string) string {
	if math.IsNaN(units) {
		return "n/a"
	}
	sign := ""
	if units < 0 {
		sign = "-"
		units = -units
	}
	if math.Round(units) < 1000 {
		return sign + currency + strconv.FormatFloat(math.Round(units), 'f', 0, 64)
	}
	scale := 1.0
	for k, suf := range []string{"k", "M", "B", "T"} {
		scale *= 1000
		v := units / scale
		if math.Round(v*10) < 1000 {
			return sign + currency + strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64) + suf
		}
		if math.Round(v) < 1000 || k == 3 {
			return sign + currency + strconv.FormatFloat(math.Round(v), 'f', 0, 64) + suf
		}
	}
	return "" // not reached: the last suffix always returns
}

// oneDecimal prints x with exactly one decimal, rounded half away from zero.
func oneDecimal(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	s := strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	return s
}

// clamp puts v within [lo, hi]; NaN becomes lo.
func clamp(v, lo, hi float64) float64 {
	if !(v >= lo) {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// svgOpen writes the root element with its title and description.
func svgOpen(w *buf, id, class string, width, height int, title, desc string) {
	w.s(`<svg xmlns="http://www.w3.org/2000/svg" class="`).s(class).s(`" width="`).i(width).s(`" height="`).i(height).
		s(`" viewBox="0 0 `).i(width).s(" ").i(height).s(`" role="img" aria-labelledby="`).s(id).s(`-title `).s(id).
		s(`-desc" font-family="`).s(fontFamily).s(`" font-size="12" fill="#222">`).s("\n")
	w.s(`<title id="`).s(id).s(`-title">`).t(title).s("</title>\n")
	w.s(`<desc id="`).s(id).s(`-desc">`).t(desc).s("</desc>\n")
}

// text writes a <text> element; anchor is "" (start), "middle" or "end".
func text(w *buf, class string, x, y float64, anchor, extra, s string) {
	w.s(`<text`)
	if class != "" {
		w.s(` class="`).s(class).s(`"`)
	}
	w.s(` x="`).n(x).s(`" y="`).n(y).s(`"`)
	if anchor != "" {
		w.s(` text-anchor="`).s(anchor).s(`"`)
	}
	if extra != "" {
		w.s(" ").s(extra)
	}
	w.s(">").t(s).s("</text>\n")
}
