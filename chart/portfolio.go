package chart

import (
	"cmp"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/report"
)

// Point is one account.
type Point struct {
	ID, Name, Seller      string
	Engagement, Potential float64 // scores 0-100
	Segment               slcs.Segment
	Revenue               float64 // revenue of the last 12 months, in currency units; sizes the point
	Href                  string  // the account's page; empty: no link
}

// Quadrant summarises one segment.
type Quadrant struct {
	Accounts       int
	Revenue12m     int64 // millionths of a currency unit
	PotentialValue int64 // cents
}

// Portfolio is the quadrant chart of some accounts.
//
// Amounts (the revenue and the potential of each quadrant, the revenue in a
// point's tooltip) are printed in a compact form: whole units below a
// thousand, then one decimal and a suffix, k for thousands, M for millions, B
// for billions ("950", "45.3k", "1.2M"), preceded by Currency when it is set
// ("$1.2M").
type Portfolio struct {
	Title  string // empty: "Portfolio"
	Points []Point
	// The thresholds are drawn as given (clamped to 0-100). A point's colour
	// and class follow its Segment, not which side of the lines it falls on.
	EngagementThreshold, PotentialThreshold float64
	// Quadrants are the figures printed with each segment's name. When all
	// are zero the account counts and revenues are summed from Points
	// instead, and no potential is printed.
	Quadrants [4]Quadrant // indexed by slcs.Segment
	// MaxPoints is how many accounts at most are drawn as individual points:
	// the ones with the largest revenue. The others are drawn as shading, a
	// grid of cells darker the more of them fall in it, and a line on the
	// chart says so. 0: a default of 1,500; negative: every account is shading.
	MaxPoints     int
	Width, Height int    // in pixels; 0: 800 by 720; at least 640 by 520
	Currency      string // printed before amounts, such as "$" or "€"; empty: none
	// ID is the prefix of the ids of the elements inside the chart; charts on
	// one page need different ones. Empty: derived from the title.
	ID string
}

// Defaults of the portfolio chart.
const (
	DefaultMaxPoints = 1500
	defaultWidth     = 800
	defaultHeight    = 720
	minWidth         = 640
	minHeight        = 520
	gridCells        = 40 // cells of the shading along each axis
	minRadius        = 2.5
	maxRadius        = 14 // in a plot of 448 pixels or more each way
)

// quadrant positions: which corner of the plot each segment takes.
var (
	segHighEng = [4]bool{true, true, false, false}
	segHighPot = [4]bool{true, false, true, false}
)

// WritePortfolio writes the quadrant chart of p as SVG: engagement from 0 at
// the bottom to 100 at the top, potential from 0 at the left to 100 at the
// right, the two thresholds as dashed lines, each account a circle coloured
// by segment whose area is proportional to its revenue, and the four segments
// named with their figures above and below the plot (high engagement on top,
// high potential on the right).
func WritePortfolio(w io.Writer, p *Portfolio) error {
	_, err := w.Write(renderPortfolio(p))
	return err
}

// pointRef is a point and its clean values.
type pointRef struct {
	i       int // index in Portfolio.Points
	rev     float64
	eng     float64
	pot     float64
	segment slcs.Segment
}

func renderPortfolio(p *Portfolio) []byte {
	W, H := p.Width, p.Height
	if W == 0 {
		W = defaultWidth
	}
	if H == 0 {
		H = defaultHeight
	}
	W, H = max(W, minWidth), max(H, minHeight)
	title := p.Title
	if title == "" {
		title = "Portfolio"
	}
	maxPts := p.MaxPoints
	if maxPts == 0 {
		maxPts = DefaultMaxPoints
	}
	maxPts = max(maxPts, 0)
	engT := threshold(p.EngagementThreshold)
	potT := threshold(p.PotentialThreshold)

	// Order every account by revenue, largest first; ties by id, then by
	// position, so the order does not depend on the sort.
	refs := make([]pointRef, len(p.Points))
	for i := range p.Points {
		pt := &p.Points[i]
		rev := pt.Revenue
		if !(rev > 0) || math.IsInf(rev, 1) {
			rev = 0
		}
		refs[i] = pointRef{i: i, rev: rev, eng: clamp(pt.Engagement, 0, 100), pot: clamp(pt.Potential, 0, 100), segment: pt.Segment}
	}
	slices.SortFunc(refs, func(a, b pointRef) int {
		if c := cmp.Compare(b.rev, a.rev); c != 0 {
			return c
		}
		if c := strings.Compare(p.Points[a.i].ID, p.Points[b.i].ID); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	drawn, shaded := refs, refs[:0]
	if len(refs) > maxPts {
		drawn, shaded = refs[:maxPts], refs[maxPts:]
	}

	quads, given := p.Quadrants, false
	for _, q := range p.Quadrants {
		if q != (Quadrant{}) {
			given = true
		}
	}
	if !given {
		for _, r := range refs {
			if int(r.segment) < 4 {
				quads[r.segment].Accounts++
				quads[r.segment].Revenue12m += int64(math.Round(min(r.rev, 1e12) * 1e6))
			}
		}
	}

	// layout: when half the plot is too narrow for "Revenue 12m ... ·
	// Potential ..." on one line, the segment labels take one more line
	pL, pR := 64.0, float64(W)-24
	split := given && (pR-pL)/2 < 340
	line, head := 0.0, 0.0
	if split {
		line = 16
	}
	if len(shaded) == 0 {
		head = -32 // no lines about the shading under the title
	}
	bandTop := 110 + head
	pT, pB := 158+head+line, float64(H)-112-line
	pw, ph := pR-pL, pB-pT
	xOf := func(pot float64) float64 { return pL + pot/100*pw }
	yOf := func(eng float64) float64 { return pB - eng/100*ph }

	id := idFor(p.ID, "p", title)
	var note string
	if len(shaded) > 0 {
		if len(drawn) > 0 {
			note = "The " + report.Thousands(int64(len(drawn))) + " largest " + plural(len(drawn), "account", "accounts") +
				" by revenue " + plural(len(drawn), "is", "are") + " drawn as points; the other " +
				report.Thousands(int64(len(shaded))) + " as shading."
		} else {
			note = "All " + report.Thousands(int64(len(shaded))) + " accounts are drawn as shading."
		}
	}

	var d strings.Builder
	d.WriteString("Quadrant chart of " + report.Thousands(int64(len(p.Points))) + " " + plural(len(p.Points), "account", "accounts") +
		": engagement from 0 to 100 upwards, potential from 0 to 100 across; thresholds at engagement " +
		num(engT) + " and potential " + num(potT) + ".")
	for _, s := range slcs.Segments {
		q := quads[s]
		d.WriteString(" " + s.Name() + " (" + sideWords(s) + "): " + report.Thousands(int64(q.Accounts)) + " " +
			plural(q.Accounts, "account", "accounts") + ", revenue 12m " + compact(float64(q.Revenue12m)/1e6, p.Currency))
		if given {
			d.WriteString(", potential " + compact(float64(q.PotentialValue)/100, p.Currency))
		}
		d.WriteString(".")
	}
	d.WriteString(" Point area shows revenue of the last 12 months.")
	if note != "" {
		d.WriteString(" " + note)
	}

	w := &buf{b: make([]byte, 0, 4096+len(drawn)*230+min(len(shaded), gridCells*gridCells)*30)}
	svgOpen(w, id, "slcs-chart slcs-portfolio", W, H, title, d.String())
	w.s(`<rect class="bg" width="`).i(W).s(`" height="`).i(H).s(`" fill="#fff"/>` + "\n")

	// quadrant tints
	xT, yT := xOf(potT), yOf(engT)
	w.s(`<g class="quadrants" fill-opacity="0.07">` + "\n")
	for _, s := range slcs.Segments {
		x0, x1 := pL, xT
		if segHighPot[s] {
			x0, x1 = xT, pR
		}
		y0, y1 := yT, pB
		if segHighEng[s] {
			y0, y1 = pT, yT
		}
		if x1 > x0 && y1 > y0 {
			w.s(`<rect class="q `).s(s.ID()).s(`" x="`).n(x0).s(`" y="`).n(y0).s(`" width="`).n(x1 - x0).
				s(`" height="`).n(y1 - y0).s(`" fill="`).s(segColor[s]).s(`"/>` + "\n")
		}
	}
	w.s("</g>\n")

	// grid every 10 points of score, and ticks outside the frame
	w.s(`<path class="grid" fill="none" stroke="#e6e6e6" stroke-width="1" d="`)
	for v := 10; v < 100; v += 10 {
		w.s("M").n(xOf(float64(v))).s(" ").n(pT).s("V").n(pB)
		w.s("M").n(pL).s(" ").n(yOf(float64(v))).s("H").n(pR)
	}
	w.s(`"/>` + "\n")
	w.s(`<path class="ticks" fill="none" stroke="#888" stroke-width="1" d="`)
	for v := 0; v <= 100; v += 10 {
		w.s("M").n(xOf(float64(v))).s(" ").n(pB).s("v5")
		w.s("M").n(pL).s(" ").n(yOf(float64(v))).s("h-5")
	}
	w.s(`"/>` + "\n")

	// shading of the accounts not drawn as points
	most := 0
	if len(shaded) > 0 {
		most = writeDensity(w, shaded, pL, pT, pw, ph)
	}

	// points, largest first so the small ones stay on top and clickable
	if len(drawn) > 0 {
		maxRev := drawn[0].rev
		// the largest point shrinks with a small plot
		rMax := clamp(min(pw, ph)/32, 6, maxRadius)
		w.s(`<g class="points" fill-opacity="0.8" stroke="#fff" stroke-width="0.6">` + "\n")
		for _, r := range drawn {
			pt := &p.Points[r.i]
			rad := minRadius
			if maxRev > 0 {
				rad = max(minRadius, rMax*math.Sqrt(r.rev/maxRev))
			}
			link := safeHref(pt.Href)
			if link {
				w.s(`<a href="`).a(pt.Href).s(`">`)
			}
			w.s(`<circle class="pt `).s(classOf(r.segment)).s(`" cx="`).n(xOf(r.pot)).s(`" cy="`).n(yOf(r.eng)).
				s(`" r="`).n(rad).s(`" fill="`).s(colorOf(r.segment)).s(`"><title>`)
			writeTooltip(w, pt, r, p.Currency)
			w.s("</title></circle>")
			if link {
				w.s("</a>")
			}
			w.s("\n")
		}
		w.s("</g>\n")
	}
	// threshold lines, over the points but letting clicks through
	w.s(`<path class="threshold" fill="none" stroke="#333" stroke-width="1.5" stroke-dasharray="6 4" pointer-events="none" d="M`).
		n(xT).s(" ").n(pT).s("V").n(pB).s("M").n(pL).s(" ").n(yT).s("H").n(pR).s(`"/>` + "\n")
	if len(p.Points) == 0 {
		text(w, "empty", (pL+pR)/2, (pT+pB)/2, "middle", `font-size="14" fill="#555"`, "No accounts to show.")
	}

	// frame and axes
	w.s(`<rect class="frame" x="`).n(pL).s(`" y="`).n(pT).s(`" width="`).n(pw).s(`" height="`).n(ph).
		s(`" fill="none" stroke="#888" stroke-width="1"/>` + "\n")
	w.s(`<g class="axis" font-size="11" fill="#444">` + "\n")
	for v := 0; v <= 100; v += 10 {
		text(w, "", xOf(float64(v)), pB+18, "middle", "", strconv.Itoa(v))
		text(w, "", pL-8, yOf(float64(v))+4, "end", "", strconv.Itoa(v))
	}
	w.s("</g>\n")
	text(w, "axis-title", (pL+pR)/2, pB+38, "middle", `font-size="12" font-weight="bold"`,
		"Potential (score 0–100) →")
	yc := (pT + pB) / 2
	w.s(`<text class="axis-title" x="18" y="`).n(yc).s(`" text-anchor="middle" font-size="12" font-weight="bold" transform="rotate(-90 18 `).
		n(yc).s(`)">Engagement (score 0–100) →</text>` + "\n")

	// threshold labels, with a white halo, letting clicks through
	w.s(`<g class="threshold-labels" font-size="10" fill="#333" stroke="#fff" stroke-width="3" paint-order="stroke" pointer-events="none">` + "\n")
	ly := yT - 5
	if ly < pT+12 {
		ly = yT + 13
	}
	text(w, "", pR-5, ly, "end", "", "engagement threshold "+num(engT))
	// the potential label runs up along its line, at the bottom unless the
	// engagement label is there
	lx := xT - 5
	if lx < pL+12 {
		lx = xT + 13
	}
	vy, vAnchor := pB-6, ""
	if yT > pB-130 && xT > pR-140 {
		vy, vAnchor = pT+6, "end"
	}
	text(w, "", lx, vy, vAnchor, `transform="rotate(-90 `+num(lx)+" "+num(vy)+`)"`, "potential threshold "+num(potT))
	w.s("</g>\n")

	// segment labels: high engagement above the plot, low below; high
	// potential on the right, low on the left
	for _, s := range slcs.Segments {
		q := quads[s]
		y := bandTop
		if !segHighEng[s] {
			y = pB + 64
		}
		money := []string{"Revenue 12m " + compact(float64(q.Revenue12m)/1e6, p.Currency)}
		if given {
			money = append(money, "Potential "+compact(float64(q.PotentialValue)/100, p.Currency))
		}
		if !split {
			money = []string{strings.Join(money, " · ")}
		}
		x, anchor, sx := pL, "", pL
		if segHighPot[s] {
			x, anchor, sx = pR, "end", pR-11
		}
		lines := append([]string{report.Thousands(int64(q.Accounts)) + " " + plural(q.Accounts, "account", "accounts")}, money...)
		w.s(`<g class="segment-label `).s(s.ID()).s(`">` + "\n")
		w.s(`<rect x="`).n(sx).s(`" y="`).n(y - 10).s(`" width="11" height="11" rx="5.5" fill="`).s(segColor[s]).s(`"/>` + "\n")
		nx := x + 17
		if anchor == "end" {
			nx = x - 17
		}
		text(w, "", nx, y, anchor, `font-size="14" font-weight="bold"`, s.Name())
		for k, l := range lines {
			text(w, "", x, y+18+float64(k)*16, anchor, `fill="#444"`, l)
		}
		w.s("</g>\n")
	}

	// title and notes
	text(w, "chart-title", 16, 26, "", `font-size="18" font-weight="bold"`, title)
	sizeNote := "Point area is proportional to revenue of the last 12 months"
	if len(drawn) > 0 && drawn[0].rev > 0 {
		sizeNote += " (largest " + compact(drawn[0].rev, p.Currency) + ")"
	}
	text(w, "size-note", 16, 46, "", `fill="#444"`, sizeNote+".")
	if note != "" {
		text(w, "density-note", 16, 62, "", `fill="#444"`, note)
		text(w, "density-note", 16, 78, "", `fill="#444"`, "The darker a cell of the shading, the more accounts in it (up to "+
			report.Thousands(int64(most))+").")
	}
	w.s("</svg>\n")
	return w.b
}

// writeTooltip writes the text of a point's <title>.
func writeTooltip(w *buf, pt *Point, r pointRef, currency string) {
	name := pt.Name
	if name == "" {
		name = pt.ID
	}
	if name == "" {
		name = "(unnamed account)"
	}
	seller := pt.Seller
	if seller == "" {
		seller = "(no owner)"
	}
	seg := "unknown segment"
	if int(r.segment) < 4 {
		seg = r.segment.Name()
	}
	w.t(cut(name, maxNameRunes)).s("\nSeller: ").t(cut(seller, maxNameRunes)).s("\nEngagement ").s(oneDecimal(r.eng)).s(", potential ").s(oneDecimal(r.pot)).
		s("\n").s(seg).s(", revenue 12m ").t(compact(r.rev, currency))
}

// maxNameRunes is the longest name or seller a tooltip shows; longer ones
// are cut with an ellipsis, which bounds the size of the chart.
const maxNameRunes = 80

// cut shortens s to at most n runes, the last an ellipsis.
func cut(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	k := 0
	for i := range s {
		if k == n-1 {
			return s[:i] + "…"
		}
		k++
	}
	return s
}

// writeDensity draws the accounts of refs as a grid of cells shaded by how
// many fall in each: one path per shade, with a title giving its range. A
// row of cells is a horizontal line as thick as the cell is tall, which keeps
// the path short. It returns the largest count of a cell.
func writeDensity(w *buf, refs []pointRef, pL, pT, pw, ph float64) int {
	var counts [gridCells * gridCells]int
	for _, r := range refs {
		cx := min(int(r.pot/100*gridCells), gridCells-1)
		cy := min(int(r.eng/100*gridCells), gridCells-1)
		counts[cy*gridCells+cx]++
	}
	most := slices.Max(counts[:])
	const shades = 5
	opacity := [shades]string{"0.08", "0.16", "0.25", "0.36", "0.5"}
	var lo, hi [shades]int
	level := func(c int) int {
		if c == 0 {
			return -1
		}
		return min(shades-1, int(math.Ceil(shades*math.Sqrt(float64(c)/float64(most))))-1)
	}
	for _, c := range counts {
		if l := level(c); l >= 0 {
			if lo[l] == 0 || c < lo[l] {
				lo[l] = c
			}
			hi[l] = max(hi[l], c)
		}
	}
	cw, ch := pw/gridCells, ph/gridCells
	w.s(`<g class="density" fill="none" stroke="#333" stroke-width="`).n(ch).s(`" shape-rendering="crispEdges">` + "\n")
	for l := range shades {
		if hi[l] == 0 {
			continue
		}
		w.s(`<path stroke-opacity="`).s(opacity[l]).s(`" d="`)
		for cy := range gridCells {
			y := pT + ph - (float64(cy)+0.5)*ch
			for cx := 0; cx < gridCells; {
				if level(counts[cy*gridCells+cx]) != l {
					cx++
					continue
				}
				end := cx + 1
				for end < gridCells && level(counts[cy*gridCells+end]) == l {
					end++
				}
				x0 := math.Round((pL+float64(cx)*cw)*10) / 10
				x1 := math.Round((pL+float64(end)*cw)*10) / 10
				w.s("M").n(x0).s(" ").n(y).s("h").n(x1 - x0)
				cx = end
			}
		}
		w.s(`"><title>`)
		if lo[l] == hi[l] {
			w.s(report.Thousands(int64(lo[l])))
		} else {
			w.s(report.Thousands(int64(lo[l]))).s("–").s(report.Thousands(int64(hi[l])))
		}
		w.s(" " + plural(hi[l], "account", "accounts") + " in a cell</title></path>\n")
	}
	w.s("</g>\n")
	return most
}

// threshold returns a threshold within 0-100; NaN becomes 50.
func threshold(v float64) float64 {
	if math.IsNaN(v) {
		return 50
	}
	return clamp(v, 0, 100)
}

// num prints a score with at most one decimal.
func num(v float64) string { return string(appendNum(nil, v)) }

// plural picks the form for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// sideWords tells where a segment lies.
func sideWords(s slcs.Segment) string {
	e, p := "low", "low"
	if segHighEng[s] {
		e = "high"
	}
	if segHighPot[s] {
		p = "high"
	}
	return e + " engagement, " + p + " potential"
}

// safeHref reports whether a link may be written: a relative address or one
// with the http, https or mailto scheme.
func safeHref(h string) bool {
	h = strings.TrimSpace(h)
	if h == "" {
		return false
	}
	i := strings.IndexAny(h, ":/?#")
	if i < 0 || h[i] != ':' {
		return true
	}
	switch strings.ToLower(h[:i]) {
	case "http", "https", "mailto":
		return true
	}
	return false
}
