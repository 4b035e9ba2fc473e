package chart

import (
	"io"
	"math"
	"strings"

	"github.com/slcs/slcs"
)

// SellerBars is one seller's recommended against actual hours a month by
// segment.
type SellerBars struct {
	Seller              string     // empty: "(no owner)"
	Recommended, Actual [4]float64 // hours a month, by slcs.Segment
	Width               int        // in pixels; 0: 560; at least 360
	// ID is the prefix of the ids of the elements inside the chart; charts on
	// one page need different ones. Empty: derived from the seller.
	ID string
}

// Layout of the seller bars.
const (
	barsDefaultWidth = 560
	barsMinWidth     = 360
	barsTop          = 72 // top of the first segment's group
	barsGroup        = 64 // height of one segment's group
	barH             = 14
	maxHours         = 1e6 // longer bars are cut at this many hours
)

// WriteSellerBars writes b as a grouped horizontal bar chart: for each
// segment, in report order, a hatched bar for the recommended hours and a
// solid one for the actual hours, both in the segment's colour, each labelled
// with its kind and its value (one decimal); a legend above tells hatched
// (recommended) from solid (actual), and a scale of hours runs along the
// bottom.
func WriteSellerBars(w io.Writer, b *SellerBars) error {
	_, err := w.Write(renderBars(b))
	return err
}

func renderBars(b *SellerBars) []byte {
	W := b.Width
	if W == 0 {
		W = barsDefaultWidth
	}
	W = max(W, barsMinWidth)
	seller := b.Seller
	if seller == "" {
		seller = "(no owner)"
	}
	H := barsTop + 4*barsGroup + 48
	title := "Hours a month by segment: " + seller
	id := idFor(b.ID, "b", seller)

	var d strings.Builder
	d.WriteString("Bar chart of the recommended against the actual hours a month of " + seller + ", by segment.")
	top := 0.0
	for _, s := range slcs.Segments {
		d.WriteString(" " + s.Name() + ": recommended " + oneDecimal(b.Recommended[s]) + " hours, actual " +
			oneDecimal(b.Actual[s]) + " hours.")
		top = max(top, clamp(b.Recommended[s], 0, maxHours), clamp(b.Actual[s], 0, maxHours))
	}
	scale, step := niceScale(max(top, 1))
	ticks := int(math.Round(scale / step))

	w := &buf{b: make([]byte, 0, 8192)}
	svgOpen(w, id, "slcs-chart slcs-seller-bars", W, H, title, d.String())
	w.s(`<rect class="bg" width="`).i(W).s(`" height="`).i(H).s(`" fill="#fff"/>` + "\n")
	w.s("<defs>\n")
	for _, s := range slcs.Segments {
		w.s(`<pattern id="`).s(id).s("-hatch-").s(s.ID()).
			s(`" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><rect width="2.5" height="6" fill="`).
			s(segColor[s]).s(`"/></pattern>` + "\n")
	}
	w.s(`<pattern id="`).s(id).s(`-hatch-legend" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><rect width="2.5" height="6" fill="#555"/></pattern>` + "\n")
	w.s("</defs>\n")

	text(w, "chart-title", 16, 26, "", `font-size="16" font-weight="bold"`, title)
	// legend: hatched against solid, in a neutral colour
	w.s(`<g class="legend">` + "\n")
	w.s(`<rect class="recommended" x="16" y="40" width="22" height="12" fill="url(#`).s(id).s(`-hatch-legend)" stroke="#555"/>` + "\n")
	text(w, "", 44, 50, "", "", "Recommended (hatched)")
	w.s(`<rect class="actual" x="230" y="40" width="22" height="12" fill="#555" stroke="#555"/>` + "\n")
	text(w, "", 258, 50, "", "", "Actual (solid)")
	w.s("</g>\n")

	bL, bR := 106.0, float64(W)-80
	xOf := func(h float64) float64 { return bL + clamp(h, 0, scale)/scale*(bR-bL) }
	bottom := float64(barsTop + 4*barsGroup)

	// vertical grid lines at each step
	w.s(`<path class="grid" fill="none" stroke="#e6e6e6" d="`)
	for k := 1; k <= ticks; k++ {
		w.s("M").n(xOf(float64(k) * step)).s(" ").i(barsTop).s("V").n(bottom)
	}
	w.s(`"/>` + "\n")

	for k, s := range slcs.Segments {
		y0 := float64(barsTop + k*barsGroup)
		w.s(`<g class="segment `).s(s.ID()).s(`">` + "\n")
		text(w, "", 16, y0+12, "", `font-size="13" font-weight="bold"`, s.Name())
		for row, v := range [2]float64{b.Recommended[s], b.Actual[s]} {
			by := y0 + 20 + float64(row)*18
			kind, fill := "recommended", "url(#"+id+"-hatch-"+s.ID()+")"
			label := "Recommended"
			if row == 1 {
				kind, fill, label = "actual", segColor[s], "Actual"
			}
			text(w, "", bL-6, by+11, "end", `font-size="11" fill="#444"`, label)
			x1 := xOf(v)
			w.s(`<rect class="bar `).s(kind).s(`" x="`).n(bL).s(`" y="`).n(by).s(`" width="`).n(x1 - bL).
				s(`" height="`).i(barH).s(`" fill="`).s(fill).s(`" stroke="`).s(segColor[s]).s(`"><title>`).
				t(s.Name() + ", " + strings.ToLower(label) + ": " + oneDecimal(v) + " hours a month").s("</title></rect>\n")
			text(w, "value", x1+6, by+11, "", `font-size="11"`, oneDecimal(v)+" h")
		}
		w.s("</g>\n")
	}

	// scale
	w.s(`<path class="axis" fill="none" stroke="#888" d="M`).n(bL).s(" ").n(bottom).s("H").n(bR)
	for k := 0; k <= ticks; k++ {
		w.s("M").n(xOf(float64(k) * step)).s(" ").n(bottom).s("v5")
	}
	w.s(`"/>` + "\n")
	w.s(`<g class="axis" font-size="11" fill="#444">` + "\n")
	for k := 0; k <= ticks; k++ {
		v := float64(k) * step
		text(w, "", xOf(v), bottom+18, "middle", "", num(v))
	}
	w.s("</g>\n")
	text(w, "axis-title", (bL+bR)/2, bottom+38, "middle", `font-size="12" font-weight="bold"`, "Hours a month")
	w.s("</svg>\n")
	return w.b
}

// niceScale returns the end of a scale covering top, a round number, and the
// step of its ticks (1, 2 or 5 times a power of ten, five ticks at most).
func niceScale(top float64) (end, step float64) {
	if !(top > 0) || math.IsInf(top, 0) {
		return 10, 2
	}
	p := math.Pow(10, math.Floor(math.Log10(top/5)))
	for _, m := range []float64{1, 2, 5, 10} {
		step = m * p
		if top/step <= 5 {
			break
		}
	}
	return math.Ceil(top/step-1e-9) * step, step
}
