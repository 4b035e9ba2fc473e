package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slcs/slcs"
)

// node is a parsed SVG element.
type node struct {
	Name     string
	Attr     map[string]string
	Text     string // character data directly inside
	Children []*node
}

// parse reads an SVG document with encoding/xml, failing the test if it is
// not well-formed.
func parse(t testing.TB, svg []byte) *node {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var stack []*node
	var root *node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{Name: tok.Name.Local, Attr: map[string]string{}}
			for _, a := range tok.Attr {
				n.Attr[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, n)
			} else if root != nil {
				t.Fatal("more than one root element")
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(tok)
			}
		}
	}
	if root == nil || root.Name != "svg" {
		t.Fatalf("root element is not <svg>")
	}
	return root
}

// all returns the elements under n (n included) that match.
func (n *node) all(match func(*node) bool) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		if match(m) {
			out = append(out, m)
		}
		for _, c := range m.Children {
			walk(c)
		}
	}
	walk(n)
	return out
}

// child returns the first child element named name.
func (n *node) child(name string) *node {
	for _, c := range n.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// texts returns the character data of every <text> element.
func (n *node) texts() []string {
	var out []string
	for _, e := range n.all(func(m *node) bool { return m.Name == "text" }) {
		out = append(out, e.Text)
	}
	return out
}

func hasClass(n *node, class string) bool {
	for _, c := range strings.Fields(n.Attr["class"]) {
		if c == class {
			return true
		}
	}
	return false
}

func render(t testing.TB, p *Portfolio) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WritePortfolio(&b, p); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// samplePortfolio makes n accounts spread over the four segments, with a
// revenue spread over several orders of magnitude.
func samplePortfolio(n int, seed uint64) *Portfolio {
	r := rand.New(rand.NewPCG(seed, 7))
	p := &Portfolio{Title: "Accounts by engagement and potential", EngagementThreshold: 50, PotentialThreshold: 50}
	for i := range n {
		e, pot := r.Float64()*100, r.Float64()*100
		var s slcs.Segment
		switch {
		case e >= 50 && pot >= 50:
			s = slcs.Key
		case e >= 50:
			s = slcs.Maintenance
		case pot >= 50:
			s = slcs.GrowthPotential
		default:
			s = slcs.Service
		}
		rev := math.Floor(math.Exp(r.Float64()*14)) - 1
		id := fmt.Sprintf("ACC-%06d", i)
		p.Points = append(p.Points, Point{ID: id, Name: "Müller & Söhne Logistik " + id + " GmbH",
			Seller:     fmt.Sprintf("firstname.lastname%02d@example.com", i%37),
			Engagement: e, Potential: pot, Segment: s, Revenue: rev, Href: "/accounts/" + id})
		q := &p.Quadrants[s]
		q.Accounts++
		q.Revenue12m += int64(rev * 1e6)
		q.PotentialValue += int64(r.IntN(5_000_000))
	}
	return p
}

func TestPortfolioWellFormedAndAccessible(t *testing.T) {
	p := samplePortfolio(200, 1)
	svg := render(t, p)
	root := parse(t, svg)

	if root.Attr["role"] != "img" {
		t.Errorf("role = %q, want img", root.Attr["role"])
	}
	ids := strings.Fields(root.Attr["aria-labelledby"])
	if len(ids) != 2 {
		t.Fatalf("aria-labelledby = %q, want a title and a desc", root.Attr["aria-labelledby"])
	}
	title, desc := root.child("title"), root.child("desc")
	if title == nil || desc == nil {
		t.Fatal("missing <title> or <desc> on the root")
	}
	if title.Attr["id"] != ids[0] || desc.Attr["id"] != ids[1] {
		t.Errorf("aria-labelledby %q does not point at the title (%q) and desc (%q)", ids, title.Attr["id"], desc.Attr["id"])
	}
	if title.Text != p.Title {
		t.Errorf("title = %q, want %q", title.Text, p.Title)
	}
	if !strings.Contains(desc.Text, "200 accounts") {
		t.Errorf("desc does not give the number of accounts: %q", desc.Text)
	}
	all := strings.Join(root.texts(), "\n")
	for _, s := range slcs.Segments {
		n := p.Quadrants[s].Accounts
		want := fmt.Sprintf("%s (%s): %d accounts", s.Name(), sideWords(s), n)
		if !strings.Contains(desc.Text, want) {
			t.Errorf("desc lacks %q: %q", want, desc.Text)
		}
		// the segment is told by text on the chart, with its count and money
		if !strings.Contains(all, s.Name()) || !strings.Contains(all, fmt.Sprintf("%d accounts", n)) {
			t.Errorf("no visible label for %s with %d accounts", s.Name(), n)
		}
		if !strings.Contains(all, "Revenue 12m "+compact(float64(p.Quadrants[s].Revenue12m)/1e6, "")) {
			t.Errorf("no visible revenue for %s", s.Name())
		}
	}
	// axes
	for _, want := range []string{"Potential (score 0–100) →", "Engagement (score 0–100) →", "0", "50", "100"} {
		if !strings.Contains("\n"+all+"\n", "\n"+want+"\n") {
			t.Errorf("no text %q on the chart", want)
		}
	}
	// no inline styles
	if bytes.Contains(svg, []byte("style=")) || bytes.Contains(svg, []byte("<style")) {
		t.Error("the chart carries inline style")
	}
	if bytes.Contains(svg, []byte("<script")) {
		t.Error("the chart carries a script")
	}
	// every point is a circle with the class of its segment and a colour
	circles := root.all(func(n *node) bool { return n.Name == "circle" })
	if len(circles) != 200 {
		t.Fatalf("%d circles, want 200", len(circles))
	}
	for _, c := range circles {
		if !hasClass(c, "pt") {
			t.Fatalf("circle without class pt: %v", c.Attr)
		}
		ok := false
		for _, s := range slcs.Segments {
			if hasClass(c, s.ID()) && c.Attr["fill"] == segColor[s] {
				ok = true
			}
		}
		if !ok {
			t.Errorf("circle class %q fill %q does not name its segment", c.Attr["class"], c.Attr["fill"])
		}
	}
	// no shading, no note when every account is a point
	if len(root.all(func(n *node) bool { return hasClass(n, "density") || hasClass(n, "density-note") })) != 0 {
		t.Error("shading drawn although every account is a point")
	}
}

func TestPortfolioTooltipAndLink(t *testing.T) {
	p := &Portfolio{Title: "T", EngagementThreshold: 50, PotentialThreshold: 50, Points: []Point{
		{ID: "A1", Name: "Acme Ltd", Seller: "jane@example.com", Engagement: 72.349, Potential: 33.35, Segment: slcs.Maintenance,
			Revenue: 1250000, Href: "/accounts/A1"},
		{ID: "B2", Name: "Bolt", Seller: "", Engagement: 10, Potential: 90, Segment: slcs.GrowthPotential, Revenue: 10},
		{ID: "C3", Name: "Evil", Engagement: 10, Potential: 10, Segment: slcs.Service, Href: "javascript:alert(1)"},
		{ID: "D4", Name: "Quarter", Engagement: 80, Potential: 80, Segment: slcs.Key, Revenue: 312500},
	}}
	root := parse(t, render(t, p))
	links := root.all(func(n *node) bool { return n.Name == "a" })
	if len(links) != 1 {
		t.Fatalf("%d links, want 1 (no link without Href, none for a script address)", len(links))
	}
	if links[0].Attr["href"] != "/accounts/A1" {
		t.Errorf("href = %q", links[0].Attr["href"])
	}
	c := links[0].child("circle")
	if c == nil || !hasClass(c, "maintenance") {
		t.Fatal("the link does not hold the account's circle")
	}
	tip := c.child("title")
	if tip == nil {
		t.Fatal("no tooltip")
	}
	for _, want := range []string{"Acme Ltd", "jane@example.com", "Engagement 72.3", "potential 33.4", "Maintenance Accounts", "1.3M"} {
		if !strings.Contains(tip.Text, want) {
			t.Errorf("tooltip %q lacks %q", tip.Text, want)
		}
	}
	// position: potential across, engagement up
	circles := root.all(func(n *node) bool { return n.Name == "circle" })
	var acme, bolt *node
	for _, c := range circles {
		switch {
		case strings.Contains(c.child("title").Text, "Acme"):
			acme = c
		case strings.Contains(c.child("title").Text, "Bolt"):
			bolt = c
		}
	}
	if acme == nil || bolt == nil {
		t.Fatal("points missing")
	}
	if !strings.Contains(bolt.child("title").Text, "(no owner)") {
		t.Errorf("tooltip of an account without seller: %q", bolt.child("title").Text)
	}
	f := func(n *node, a string) float64 {
		var v float64
		fmt.Sscan(n.Attr[a], &v)
		return v
	}
	if !(f(acme, "cy") < f(bolt, "cy")) || !(f(acme, "cx") < f(bolt, "cx")) {
		t.Errorf("Acme (e72, p33) at %v,%v and Bolt (e10, p90) at %v,%v", f(acme, "cx"), f(acme, "cy"), f(bolt, "cx"), f(bolt, "cy"))
	}
	// area proportional to revenue, with a floor: the largest first; a
	// quarter of the revenue, half the radius
	if !(f(circles[0], "r") == maxRadius && f(circles[1], "r") == maxRadius/2 &&
		f(circles[2], "r") == minRadius && f(circles[3], "r") == minRadius) {
		t.Errorf("radii %v, %v, %v, %v", f(circles[0], "r"), f(circles[1], "r"), f(circles[2], "r"), f(circles[3], "r"))
	}
}

func TestPortfolioEscapesText(t *testing.T) {
	hostile := `<script>alert("x")</script> & 'quotes' "Ünïcødé" ✓` + "\x01\xff"
	p := &Portfolio{Title: "Title </svg> & co", Currency: "<€>", Points: []Point{
		{ID: "x", Name: hostile, Seller: `a"b<c>&d`, Engagement: 60, Potential: 60, Segment: slcs.Key, Revenue: 5,
			Href: `/accounts/x?a=1&b="2"<>`},
	}}
	svg := render(t, p)
	root := parse(t, svg)
	if bytes.Contains(svg, []byte("<script")) {
		t.Error("a name's markup reached the output")
	}
	if root.child("title").Text != "Title </svg> & co" {
		t.Errorf("title = %q", root.child("title").Text)
	}
	tip := root.all(func(n *node) bool { return n.Name == "circle" })[0].child("title").Text
	want := strings.NewReplacer("\x01", "\uFFFD", "\xff", "\uFFFD").Replace(hostile)
	if !strings.Contains(tip, want) || !strings.Contains(tip, `a"b<c>&d`) || !strings.Contains(tip, "<€>5") {
		t.Errorf("tooltip %q does not read back the name and seller", tip)
	}
	a := root.all(func(n *node) bool { return n.Name == "a" })
	if len(a) != 1 || a[0].Attr["href"] != `/accounts/x?a=1&b="2"<>` {
		t.Errorf("link not escaped faithfully: %v", a)
	}
}

func TestPortfolioLongNameCut(t *testing.T) {
	long := strings.Repeat("Ä", 500)
	p := &Portfolio{Points: []Point{{ID: "x", Name: long, Seller: "s", Engagement: 1, Potential: 1}}}
	tip := parse(t, render(t, p)).all(func(n *node) bool { return n.Name == "circle" })[0].child("title").Text
	name := strings.SplitN(tip, "\n", 2)[0]
	if name != strings.Repeat("Ä", maxNameRunes-1)+"…" {
		t.Errorf("name in the tooltip: %d runes %q", utf8.RuneCountInString(name), name)
	}
}

func TestPortfolioDensity(t *testing.T) {
	p := samplePortfolio(5000, 2)
	p.MaxPoints = 300
	svg := render(t, p)
	root := parse(t, svg)
	circles := root.all(func(n *node) bool { return n.Name == "circle" })
	if len(circles) != 300 {
		t.Fatalf("%d circles, want MaxPoints = 300", len(circles))
	}
	// the drawn ones are the largest by revenue
	minDrawn := math.Inf(1)
	drawn := map[string]bool{}
	for _, c := range circles {
		name := strings.SplitN(c.child("title").Text, "\n", 2)[0]
		drawn[name] = true
	}
	maxShaded := -1.0
	for _, pt := range p.Points {
		if drawn[pt.Name] {
			minDrawn = min(minDrawn, pt.Revenue)
		} else {
			maxShaded = max(maxShaded, pt.Revenue)
		}
	}
	if len(drawn) != 300 || minDrawn < maxShaded {
		t.Errorf("drawn %d accounts, smallest drawn revenue %v < largest shaded %v", len(drawn), minDrawn, maxShaded)
	}
	dens := root.all(func(n *node) bool { return hasClass(n, "density") })
	if len(dens) != 1 || len(dens[0].Children) == 0 {
		t.Fatal("no shading")
	}
	// runs of cells, each within the plot, each shade with its range
	runs := 0
	for _, path := range dens[0].Children {
		runs += strings.Count(path.Attr["d"], "M")
		if path.child("title") == nil || !strings.Contains(path.child("title").Text, "in a cell") {
			t.Errorf("shade without a title: %v", path.Attr)
		}
	}
	if runs == 0 || runs > gridCells*gridCells {
		t.Errorf("%d runs of cells", runs)
	}
	const note = "The 300 largest accounts by revenue are drawn as points; the other 4,700 as shading"
	visible := root.all(func(n *node) bool { return n.Name == "text" && strings.Contains(n.Text, note) })
	if len(visible) != 1 {
		t.Errorf("no visible note %q", note)
	}
	if !strings.Contains(root.child("desc").Text, note) {
		t.Errorf("desc lacks the note: %q", root.child("desc").Text)
	}

	// the default of 1,500
	p.MaxPoints = 0
	root = parse(t, render(t, p))
	if n := len(root.all(func(n *node) bool { return n.Name == "circle" })); n != DefaultMaxPoints {
		t.Errorf("%d circles with the default, want %d", n, DefaultMaxPoints)
	}
	// not above it
	p.MaxPoints = 5000
	root = parse(t, render(t, p))
	if n := len(root.all(func(n *node) bool { return hasClass(n, "density") || hasClass(n, "density-note") })); n != 0 {
		t.Errorf("shading with MaxPoints = len(Points)")
	}
}

func TestPortfolioSize20000(t *testing.T) {
	p := samplePortfolio(20000, 3)
	svg := render(t, p)
	parse(t, svg)
	const limit = 600 << 10
	if len(svg) >= limit {
		t.Errorf("%d bytes for 20,000 accounts, want under %d", len(svg), limit)
	}
	t.Logf("20,000 accounts: %d bytes", len(svg))
	if !bytes.Contains(svg, []byte("The 1,500 largest accounts by revenue are drawn as points; the other 18,500 as shading")) {
		t.Error("no note on the shading")
	}
	if out := os.Getenv("SLCS_CHART_OUT"); out != "" {
		os.WriteFile(out+"/portfolio.svg", svg, 0o644)
		small := samplePortfolio(300, 4)
		small.Currency = "$"
		os.WriteFile(out+"/small.svg", render(t, small), 0o644)
		var b bytes.Buffer
		WriteSellerBars(&b, &SellerBars{Seller: "jane@example.com", Recommended: [4]float64{42.5, 20, 30.25, 8}, Actual: [4]float64{35, 31.5, 12, 14.75}})
		os.WriteFile(out+"/bars.svg", b.Bytes(), 0o644)
	}
}

func TestPortfolioDeterministic(t *testing.T) {
	p := samplePortfolio(3000, 5)
	p.MaxPoints = 1000
	// equal revenues must not make the order depend on the input order
	for i := range p.Points {
		p.Points[i].Revenue = float64(i % 10)
	}
	a := render(t, p)
	b := render(t, p)
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of the same portfolio differ")
	}
	// the input is left as it was
	if p.Points[0].ID != "ACC-000000" || p.Points[2999].ID != "ACC-002999" {
		t.Error("the points were reordered")
	}
	r := rand.New(rand.NewPCG(9, 9))
	r.Shuffle(len(p.Points), func(i, j int) { p.Points[i], p.Points[j] = p.Points[j], p.Points[i] })
	if c := render(t, p); !bytes.Equal(a, c) {
		t.Error("the chart depends on the order of the points")
	}
}

func TestPortfolioEdgeCases(t *testing.T) {
	// nothing to draw
	root := parse(t, render(t, &Portfolio{}))
	if !strings.Contains(root.child("desc").Text, "0 accounts") || root.child("title").Text != "Portfolio" {
		t.Errorf("empty chart: title %q desc %q", root.child("title").Text, root.child("desc").Text)
	}
	// odd numbers stay numbers; quadrants summed from the points
	p := &Portfolio{EngagementThreshold: math.NaN(), PotentialThreshold: 140, Width: 10, Height: 10, Points: []Point{
		{ID: "a", Engagement: math.NaN(), Potential: -5, Revenue: math.Inf(1), Segment: slcs.Key},
		{ID: "b", Engagement: 101, Potential: math.Inf(1), Revenue: math.NaN(), Segment: 9},
		{ID: "c", Engagement: 50, Potential: 50, Revenue: -3, Segment: slcs.Service},
	}}
	svg := render(t, p)
	root = parse(t, svg)
	for _, bad := range []string{"NaN", "Inf"} {
		if bytes.Contains(svg, []byte(bad)) {
			t.Errorf("output contains %s", bad)
		}
	}
	if root.Attr["width"] != fmt.Sprint(minWidth) || root.Attr["height"] != fmt.Sprint(minHeight) {
		t.Errorf("size %s x %s", root.Attr["width"], root.Attr["height"])
	}
	if !strings.Contains(root.child("desc").Text, "Key Accounts (high engagement, high potential): 1 account,") {
		t.Errorf("counts not summed from the points: %q", root.child("desc").Text)
	}
	if strings.Contains(root.child("desc").Text, "potential 0") {
		t.Errorf("a potential printed that nobody gave: %q", root.child("desc").Text)
	}
	if len(root.all(func(n *node) bool { return hasClass(n, "other") })) != 1 {
		t.Error("a point of no known segment is not classed other")
	}
}

func TestCompact(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {999.4, "999"}, {999.5, "1.0k"}, {1234, "1.2k"}, {99_949, "99.9k"}, {99_960, "100k"},
		{340_000, "340k"}, {999_499, "999k"}, {999_500, "1.0M"}, {1_250_000, "1.3M"}, {45_300_000, "45.3M"},
		{2.5e9, "2.5B"}, {7e15, "7000T"}, {-1_200_000, "-$1.2M"},
	} {
		cur := ""
		if c.v < 0 {
			cur = "$"
		}
		if got := compact(c.v, cur); got != c.want {
			t.Errorf("compact(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestOneDecimal(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{{30.25, "30.3"}, {14.75, "14.8"}, {-0.04, "0.0"}, {-2.25, "-2.3"}, {7, "7.0"}, {math.NaN(), "n/a"}} {
		if got := oneDecimal(c.v); got != c.want {
			t.Errorf("oneDecimal(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestSellerBars(t *testing.T) {
	b := &SellerBars{Seller: "jane <j@example.com>", Recommended: [4]float64{42.5, 20, 30.2, 8}, Actual: [4]float64{35, 31.5, 0, 14.7}}
	var out bytes.Buffer
	if err := WriteSellerBars(&out, b); err != nil {
		t.Fatal(err)
	}
	svg := out.Bytes()
	root := parse(t, svg)
	if bytes.Contains(svg, []byte("style=")) || bytes.Contains(svg, []byte("<style")) {
		t.Error("inline style")
	}
	ids := strings.Fields(root.Attr["aria-labelledby"])
	title, desc := root.child("title"), root.child("desc")
	if root.Attr["role"] != "img" || len(ids) != 2 || title == nil || desc == nil || title.Attr["id"] != ids[0] || desc.Attr["id"] != ids[1] {
		t.Fatal("the chart is not labelled by its title and desc")
	}
	if !strings.Contains(title.Text, "jane <j@example.com>") {
		t.Errorf("title %q", title.Text)
	}
	for _, s := range slcs.Segments {
		want := fmt.Sprintf("%s: recommended %.1f hours, actual %.1f hours.", s.Name(), b.Recommended[s], b.Actual[s])
		if !strings.Contains(desc.Text, want) {
			t.Errorf("desc lacks %q", want)
		}
		g := root.all(func(n *node) bool { return n.Name == "g" && hasClass(n, "segment") && hasClass(n, s.ID()) })
		if len(g) != 1 {
			t.Fatalf("no group for %s", s.Name())
		}
		texts := strings.Join(g[0].texts(), "|")
		for _, want := range []string{s.Name(), "Recommended", "Actual",
			fmt.Sprintf("%.1f h", b.Recommended[s]), fmt.Sprintf("%.1f h", b.Actual[s])} {
			if !strings.Contains(texts, want) {
				t.Errorf("%s: no text %q in %q", s.Name(), want, texts)
			}
		}
		// the two bars differ by pattern, not by colour alone
		bars := g[0].all(func(n *node) bool { return n.Name == "rect" })
		if len(bars) != 2 || !hasClass(bars[0], "recommended") || !hasClass(bars[1], "actual") ||
			!strings.HasPrefix(bars[0].Attr["fill"], "url(#") || bars[1].Attr["fill"] != segColor[s] {
			t.Errorf("%s: bars %v", s.Name(), bars)
		}
		// lengths follow the values
		var wr, wa float64
		fmt.Sscan(bars[0].Attr["width"], &wr)
		fmt.Sscan(bars[1].Attr["width"], &wa)
		if (wr > wa) != (b.Recommended[s] > b.Actual[s]) {
			t.Errorf("%s: bar widths %v, %v for %v, %v", s.Name(), wr, wa, b.Recommended[s], b.Actual[s])
		}
	}
	legend := strings.Join(root.all(func(n *node) bool { return hasClass(n, "legend") })[0].texts(), "|")
	if !strings.Contains(legend, "Recommended (hatched)") || !strings.Contains(legend, "Actual (solid)") {
		t.Errorf("legend %q", legend)
	}
	// every pattern referenced exists
	patterns := map[string]bool{}
	for _, p := range root.all(func(n *node) bool { return n.Name == "pattern" }) {
		patterns[p.Attr["id"]] = true
	}
	for _, r := range root.all(func(n *node) bool { return strings.HasPrefix(n.Attr["fill"], "url(#") }) {
		id := strings.TrimSuffix(strings.TrimPrefix(r.Attr["fill"], "url(#"), ")")
		if !patterns[id] {
			t.Errorf("fill %q refers to no pattern", r.Attr["fill"])
		}
	}
	// another seller, other ids
	var other bytes.Buffer
	WriteSellerBars(&other, &SellerBars{Seller: "bob"})
	if parse(t, other.Bytes()).child("title").Attr["id"] == title.Attr["id"] {
		t.Error("two sellers' charts share ids")
	}
	var again bytes.Buffer
	WriteSellerBars(&again, b)
	if !bytes.Equal(again.Bytes(), svg) {
		t.Error("not deterministic")
	}
}

func BenchmarkPortfolio20000(b *testing.B) {
	p := samplePortfolio(20000, 3)
	var out bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		if err := WritePortfolio(&out, p); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(out.Len()))
}
