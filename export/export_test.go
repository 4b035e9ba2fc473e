package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
	"github.com/slcs/slcs/portfolio"
	"github.com/slcs/slcs/report"
)

// example classifies the example portfolio.
func example(tb testing.TB) *model.Result {
	tb.Helper()
	b, _, err := portfolio.Load("../examples/portfolio", portfolio.Options{
		Settings: slcs.DefaultSettings(),
		Today:    slcs.MakeDay(2026, 12, 1),
	})
	if err != nil {
		tb.Fatal(err)
	}
	return b.Classify()
}

// workbook writes r and opens the workbook again.
func workbook(tb testing.TB, r *model.Result) (*excelize.File, []byte) {
	tb.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, r); err != nil {
		tb.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = f.Close() })
	return f, buf.Bytes()
}

// rows reads a sheet's rows, numbers as stored (raw) or as shown (formatted).
func rows(tb testing.TB, f *excelize.File, sheet string, raw bool) [][]string {
	tb.Helper()
	rs, err := f.GetRows(sheet, excelize.Options{RawCellValue: raw})
	if err != nil {
		tb.Fatal(err)
	}
	return rs
}

// csvRows runs one of the report's CSV writers and parses its output.
func csvRows(tb testing.TB, r *model.Result, write func(io.Writer, *model.Result) error) [][]string {
	tb.Helper()
	var buf bytes.Buffer
	if err := write(&buf, r); err != nil {
		tb.Fatal(err)
	}
	rs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	return rs
}

// cell is row[i], or "" past the end of a row (trailing empty cells are not
// returned by GetRows).
func cell(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

func cellName(tb testing.TB, col, row int) string {
	tb.Helper()
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		tb.Fatal(err)
	}
	return name
}

// isNumber tells whether a cell is stored as a number.
func isNumber(tb testing.TB, f *excelize.File, sheet, ref string) bool {
	tb.Helper()
	ct, err := f.GetCellType(sheet, ref)
	if err != nil {
		tb.Fatal(err)
	}
	return ct == excelize.CellTypeNumber || ct == excelize.CellTypeUnset
}

func sameNumber(tb testing.TB, where, got, want string) {
	tb.Helper()
	g, err := strconv.ParseFloat(got, 64)
	if err != nil {
		tb.Errorf("%s: %q is not a number", where, got)
		return
	}
	w, err := strconv.ParseFloat(want, 64)
	if err != nil {
		tb.Fatalf("%s: the CSV's %q is not a number", where, want)
	}
	if g != w {
		tb.Errorf("%s = %v, the CSV has %v", where, g, w)
	}
}

// worksheetXML returns the XML of the workbook's worksheets by part name
// ("xl/worksheets/sheet1.xml" is the first sheet's).
func worksheetXML(tb testing.TB, data []byte) map[string][]byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
		parts[zf.Name] = b
	}
	return parts
}

func countAllISOs(r *model.Result) int {
	n := 0
	for _, a := range r.Accounts {
		n += len(a.ISOs)
	}
	return n
}

func TestSheetNames(t *testing.T) {
	f, _ := workbook(t, example(t))
	want := []string{"Accounts", "ISOs", "Time plan", "Audit"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	if got := f.GetActiveSheetIndex(); got != 0 {
		t.Errorf("active sheet %d, want 0 (Accounts)", got)
	}
}

func TestRowCounts(t *testing.T) {
	r := example(t)
	f, _ := workbook(t, r)
	for _, c := range []struct {
		sheet string
		n     int
	}{
		{"Accounts", len(r.Accounts)},
		{"ISOs", countAllISOs(r)},
		{"Time plan", len(r.Sellers)},
		{"Audit", len(r.Audit)},
	} {
		if c.n == 0 {
			t.Fatalf("the example has no rows for %s", c.sheet)
		}
		if got := len(rows(t, f, c.sheet, true)); got != c.n+1 {
			t.Errorf("%s: %d rows, want a header and %d", c.sheet, got, c.n)
		}
	}
}

func TestHeaders(t *testing.T) {
	f, data := workbook(t, example(t))
	parts := worksheetXML(t, data)
	want := map[string][]string{
		"Accounts": append(slices.Clone(report.ClassificationHeader),
			"industry", "seller", "computed_segment", "overridden",
			"pairs_percentile", "frequency_percentile", "proactiveness_percentile",
			"peer_group", "peer_group_size", "employees_used", "activities", "last_activity"),
		"ISOs": {"account_id", "name", "product", "kind", "value", "peer_group", "peer_group_size",
			"buyers", "adoption", "high_intensity", "typical_intensity", "employees", "spend"},
		"Time plan": {"seller", "capacity_hours",
			"accounts_key", "accounts_maintenance", "accounts_growth_potential", "accounts_service",
			"share_key", "share_maintenance", "share_growth_potential", "share_service",
			"recommended_key", "recommended_maintenance", "recommended_growth_potential", "recommended_service"},
		"Audit": report.AuditHeader,
	}
	names := f.GetDefinedName()
	for i, sheet := range f.GetSheetList() {
		header := rows(t, f, sheet, true)[0]
		if !slices.Equal(header, want[sheet]) {
			t.Errorf("%s header\n %q\nwant\n %q", sheet, header, want[sheet])
		}
		for c := range header {
			ref := cellName(t, c+1, 1)
			id, err := f.GetCellStyle(sheet, ref)
			if err != nil {
				t.Fatal(err)
			}
			st, err := f.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			if st.Font == nil || !st.Font.Bold {
				t.Errorf("%s!%s: header not bold", sheet, ref)
			}
		}
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v, want the first row frozen", sheet, panes)
		}
		last := cellName(t, len(want[sheet]), len(rows(t, f, sheet, true)))
		filter := "'" + sheet + "'!$A$1:$" + strings.TrimRight(last, "0123456789") + "$" +
			strings.TrimLeft(last, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
		seen := false
		for _, d := range names {
			if d.Name == "_xlnm._FilterDatabase" && d.Scope == sheet {
				seen = true
				if d.RefersTo != filter {
					t.Errorf("%s: autofilter on %s, want %s", sheet, d.RefersTo, filter)
				}
			}
		}
		if !seen {
			t.Errorf("%s: no autofilter among the defined names %+v", sheet, names)
		}
		part := "xl/worksheets/sheet" + strconv.Itoa(i+1) + ".xml"
		element := `<autoFilter ref="` + filter[strings.Index(filter, "!")+1:] + `">`
		if !bytes.Contains(parts[part], []byte(element)) {
			t.Errorf("%s: %s lacks %s", sheet, part, element)
		}
	}
}

// TestAccountsMatchCSV checks every account against the classification CSV:
// the text as is, the numbers as numbers of the same value, shown with the
// CSV's decimals.
func TestAccountsMatchCSV(t *testing.T) {
	r := example(t)
	f, _ := workbook(t, r)
	want := csvRows(t, r, report.WriteClassificationCSV)
	raw := rows(t, f, "Accounts", true)
	shown := rows(t, f, "Accounts", false)
	if len(raw) != len(want) || len(shown) != len(want) {
		t.Fatalf("%d and %d rows, the CSV has %d", len(raw), len(shown), len(want))
	}
	for i := 1; i < len(want); i++ {
		w, g, s := want[i], raw[i], shown[i]
		id := w[0]
		if g[0] != id {
			t.Fatalf("row %d: account %q, the CSV has %q", i+1, g[0], id)
		}
		if g[1] != w[1] || g[2] != w[2] {
			t.Errorf("%s: name, owner %q, %q; the CSV has %q, %q", id, g[1], g[2], w[1], w[2])
		}
		sg, ok := slcs.ParseSegment(w[3])
		if !ok {
			t.Fatalf("%s: segment %q in the CSV", id, w[3])
		}
		if g[3] != sg.Name() {
			t.Errorf("%s: segment %q, want %q", id, g[3], sg.Name())
		}
		for c := 4; c < len(report.ClassificationHeader); c++ {
			where := id + " " + report.ClassificationHeader[c]
			sameNumber(t, where, cell(g, c), w[c])
			if !isNumber(t, f, "Accounts", cellName(t, c+1, i+1)) {
				t.Errorf("%s: stored as text", where)
			}
			// The number format shows the CSV's decimals (and thousands).
			if got := strings.ReplaceAll(cell(s, c), ",", ""); got != w[c] {
				t.Errorf("%s shown as %q, the CSV has %q", where, cell(s, c), w[c])
			}
		}
	}
}

func TestAccountExplanation(t *testing.T) {
	r := example(t)
	f, _ := workbook(t, r)
	raw := rows(t, f, "Accounts", true)
	shown := rows(t, f, "Accounts", false)
	col := map[string]int{}
	for i, h := range raw[0] {
		col[h] = i
	}
	var withActivity, without int
	for i := range r.Accounts {
		a := &r.Accounts[i]
		g, s := raw[i+1], shown[i+1]
		text := map[string]string{
			"industry":         a.Industry,
			"seller":           a.Seller,
			"computed_segment": a.Computed.Name(),
			"peer_group":       peerGroup(a.PeerGroup),
		}
		for h, want := range text {
			if got := cell(g, col[h]); got != want {
				t.Errorf("%s %s = %q, want %q", a.ID, h, got, want)
			}
		}
		numbers := map[string]string{
			"pairs_percentile":         report.Fixed(report.Round2(a.Pairs.Percentile), 2),
			"frequency_percentile":     report.Fixed(report.Round2(a.Frequency.Percentile), 2),
			"proactiveness_percentile": report.Fixed(report.Round2(a.Proactiveness.Percentile), 2),
			"peer_group_size":          strconv.Itoa(a.PeerGroupSize),
			"employees_used":           strconv.FormatFloat(a.Employees, 'f', -1, 64),
			"activities":               strconv.FormatInt(a.Activities, 10),
		}
		for h, want := range numbers {
			sameNumber(t, a.ID+" "+h, cell(g, col[h]), want)
			if !isNumber(t, f, "Accounts", cellName(t, col[h]+1, i+2)) {
				t.Errorf("%s %s: stored as text", a.ID, h)
			}
		}
		ov := cellName(t, col["overridden"]+1, i+2)
		if ct, err := f.GetCellType("Accounts", ov); err != nil || ct != excelize.CellTypeBool {
			t.Errorf("%s overridden: cell type %v (%v), want a boolean", a.ID, ct, err)
		}
		if got, want := cell(g, col["overridden"]), map[bool]string{false: "0", true: "1"}[a.Overridden]; got != want {
			t.Errorf("%s overridden = %q, want %q", a.ID, got, want)
		}
		last := cell(s, col["last_activity"])
		if a.HasActivity {
			withActivity++
			if last != a.LastActivity.String() {
				t.Errorf("%s last_activity shown as %q, want %s", a.ID, last, a.LastActivity)
			}
			if !isNumber(t, f, "Accounts", cellName(t, col["last_activity"]+1, i+2)) {
				t.Errorf("%s last_activity: not a date serial number", a.ID)
			}
		} else {
			without++
			if last != "" {
				t.Errorf("%s last_activity = %q for an account without activity", a.ID, last)
			}
		}
	}
	if withActivity == 0 {
		t.Error("no account of the example has a last activity")
	}
	t.Logf("%d accounts with a last activity, %d without", withActivity, without)
}

func TestISOsMatchCSV(t *testing.T) {
	r := example(t)
	f, _ := workbook(t, r)
	want := csvRows(t, r, report.WriteISOsCSV)
	raw := rows(t, f, "ISOs", true)
	if len(raw) != len(want) {
		t.Fatalf("%d rows, the CSV has %d", len(raw), len(want))
	}
	names := map[string]string{}
	for _, a := range r.Accounts {
		names[a.ID] = a.Name
	}
	for i := 1; i < len(want); i++ {
		w, g := want[i], raw[i]
		if g[0] != w[0] || g[2] != w[1] || g[3] != w[2] {
			t.Errorf("row %d: %q, the CSV has %q", i+1, g[:4], w[:3])
		}
		if g[1] != names[w[0]] {
			t.Errorf("row %d: name %q, want %q", i+1, g[1], names[w[0]])
		}
		sameNumber(t, "ISO "+w[0]+" "+w[1]+" value", g[4], w[3])
		for c := 4; c < len(g); c++ {
			if c == 5 { // peer_group
				continue
			}
			if !isNumber(t, f, "ISOs", cellName(t, c+1, i+1)) {
				t.Errorf("ISOs!%s: stored as text", cellName(t, c+1, i+1))
			}
		}
	}
	// The benchmark of the first ISO, column by column.
	for i := range r.Accounts {
		a := &r.Accounts[i]
		if len(a.ISOs) == 0 {
			continue
		}
		iso, g := a.ISOs[0], raw[1]
		if g[0] != a.ID {
			t.Fatalf("first ISO row is %s's, want %s's", g[0], a.ID)
		}
		if g[5] != peerGroup(iso.PeerGroup) {
			t.Errorf("peer_group %q, want %q", g[5], peerGroup(iso.PeerGroup))
		}
		for c, want := range map[int]string{
			6:  strconv.Itoa(iso.PeerGroupSize),
			7:  strconv.Itoa(iso.Buyers),
			8:  strconv.FormatFloat(round6(iso.Adoption), 'f', 6, 64),
			9:  strconv.FormatFloat(round6(iso.High), 'f', 6, 64),
			10: strconv.FormatFloat(round6(iso.Typical), 'f', 6, 64),
			11: strconv.FormatFloat(iso.Employees, 'f', -1, 64),
			12: report.Fixed(report.Round2(iso.Spend), 2),
		} {
			sameNumber(t, "first ISO "+raw[0][c], g[c], want)
		}
		break
	}
}

func TestTimePlan(t *testing.T) {
	r := example(t)
	f, _ := workbook(t, r)
	raw := rows(t, f, "Time plan", true)
	for i, p := range r.Sellers {
		g := raw[i+1]
		if cell(g, 0) != p.Seller {
			t.Errorf("row %d: seller %q, want %q", i+2, cell(g, 0), p.Seller)
		}
		sameNumber(t, p.Seller+" capacity", cell(g, 1), report.Fixed(report.Round2(p.Capacity), 2))
		for j, sg := range slcs.Segments {
			sameNumber(t, p.Seller+" accounts "+sg.ID(), cell(g, 2+j), strconv.Itoa(p.Accounts[sg]))
			sameNumber(t, p.Seller+" share "+sg.ID(), cell(g, 6+j),
				strconv.FormatFloat(round6(p.Share[sg]), 'f', 6, 64))
			sameNumber(t, p.Seller+" recommended "+sg.ID(), cell(g, 10+j),
				report.Fixed(report.Round2(p.Capacity*p.Share[sg]), 2))
		}
		for c := 2; c <= 13; c++ {
			if !isNumber(t, f, "Time plan", cellName(t, c, i+2)) {
				t.Errorf("Time plan!%s: stored as text", cellName(t, c, i+2))
			}
		}
	}
}

func TestAuditMatchesCSV(t *testing.T) {
	r := example(t)
	f, _ := workbook(t, r)
	want := csvRows(t, r, report.WriteAuditCSV)
	raw := rows(t, f, "Audit", true)
	if len(raw) != len(want) {
		t.Fatalf("%d rows, the CSV has %d", len(raw), len(want))
	}
	var empty, filled int
	for i := 1; i < len(want); i++ {
		w, g := want[i], raw[i]
		if g[0] != w[0] {
			t.Errorf("row %d: person %q, the CSV has %q", i+1, g[0], w[0])
		}
		for c := 1; c < len(w); c++ {
			where := w[0] + " " + report.AuditHeader[c]
			if w[c] == "" {
				empty++
				if got := cell(g, c); got != "" {
					t.Errorf("%s = %q, the CSV has none", where, got)
				}
				continue
			}
			if c == 11 {
				filled++
			}
			sameNumber(t, where, cell(g, c), w[c])
			if !isNumber(t, f, "Audit", cellName(t, c+1, i+1)) {
				t.Errorf("%s: stored as text", where)
			}
		}
	}
	if filled == 0 {
		t.Error("no audit row of the example has a misallocation")
	}
	t.Logf("misallocation: %d given, %d empty", filled, empty)
}

// TestNoMisallocation checks that a missing misallocation leaves the cell
// empty rather than writing a zero.
func TestNoMisallocation(t *testing.T) {
	r := &model.Result{Audit: []model.AuditRow{
		{Person: "a@example.com", Capacity: 10, Misallocation: 12.345, HasMisallocation: true},
		{Person: "b@example.com", Capacity: 10, Misallocation: 99, HasMisallocation: false},
	}}
	f, _ := workbook(t, r)
	raw := rows(t, f, "Audit", true)
	if got := cell(raw[1], 11); got != "12.35" {
		t.Errorf("misallocation %q, want 12.35", got)
	}
	if got := cell(raw[2], 11); got != "" {
		t.Errorf("misallocation %q, want an empty cell", got)
	}
}

// TestTextStaysText writes CRM names that a spreadsheet would otherwise
// take for formulas, numbers or markup, and reads them back unchanged.
func TestTextStaysText(t *testing.T) {
	r := example(t)
	tricky := []string{
		"=SUM(A1)",
		"=HYPERLINK(\"http://example.com\",\"x\")",
		"+1+2",
		"-1+2",
		"@SUM(A1)",
		"<&>",
		"<b>bold</b> & \"quoted\"",
		"'leading apostrophe",
		"''two",
		"00123",
		"1E5",
		"TRUE",
		"  padded  ",
		"line\nbreak\ttab",
		"_x0041_ stays",
		"Città Ærø 東京",
	}
	if len(r.Accounts) < len(tricky) {
		t.Fatalf("%d accounts for %d names", len(r.Accounts), len(tricky))
	}
	for i, name := range tricky {
		r.Accounts[i].Name = name
		r.Accounts[i].Owner = name
		r.Accounts[i].Industry = name
	}
	for i := range r.Accounts {
		if len(r.Accounts[i].ISOs) > 0 {
			r.Accounts[i].ISOs[0].Product = "=1+1"
			break
		}
	}
	f, data := workbook(t, r)
	raw := rows(t, f, "Accounts", true)
	for i, name := range tricky {
		for _, c := range []int{2, 3, 13} { // name, owner, industry
			ref := cellName(t, c, i+2)
			got, err := f.GetCellValue("Accounts", ref)
			if err != nil {
				t.Fatal(err)
			}
			if got != name || cell(raw[i+1], c-1) != name {
				t.Errorf("Accounts!%s = %q, want %q", ref, got, name)
			}
			ct, err := f.GetCellType("Accounts", ref)
			if err != nil {
				t.Fatal(err)
			}
			if ct != excelize.CellTypeInlineString {
				t.Errorf("Accounts!%s %q: cell type %v, want a string", ref, name, ct)
			}
			formula, err := f.GetCellFormula("Accounts", ref)
			if err != nil {
				t.Fatal(err)
			}
			if formula != "" {
				t.Errorf("Accounts!%s %q became the formula %q", ref, name, formula)
			}
		}
	}
	// The same in the ISOs sheet, where the names come again.
	isos := rows(t, f, "ISOs", true)
	var product bool
	for _, g := range isos[1:] {
		product = product || g[2] == "=1+1"
	}
	if !product {
		t.Error("the product \"=1+1\" is not in the ISOs sheet as text")
	}
	// No sheet holds a formula at all.
	parts := worksheetXML(t, data)
	if len(parts) != 4 {
		t.Errorf("%d worksheets in the package, want 4", len(parts))
	}
	for name, xml := range parts {
		if bytes.Contains(xml, []byte("<f>")) || bytes.Contains(xml, []byte("<f ")) {
			t.Errorf("%s holds a formula", name)
		}
		if bytes.Contains(xml, []byte("<&>")) {
			t.Errorf("%s: \"<&>\" is not escaped", name)
		}
	}
	if !bytes.Contains(parts["xl/worksheets/sheet1.xml"], []byte(`<t>=SUM(A1)</t>`)) {
		t.Error(`"=SUM(A1)" is not a plain text value of the first sheet`)
	}
}

func TestColumnWidths(t *testing.T) {
	r := example(t)
	f, _ := workbook(t, r)
	longest := 0
	for _, a := range r.Accounts {
		longest = max(longest, len([]rune(a.Name)))
	}
	for _, c := range []struct {
		sheet, col string
		min, max   float64
	}{
		{"Accounts", "A", 10, 20}, // account_id
		{"Accounts", "B", float64(longest), float64(min(longest+4, 50))}, // name
		{"Accounts", "G", 14, 30}, // potential_value
		{"Accounts", "X", 12, 20}, // last_activity
		{"Time plan", "M", float64(len("recommended_growth_potential")), 40}, // its header
	} {
		w, err := f.GetColWidth(c.sheet, c.col)
		if err != nil {
			t.Fatal(err)
		}
		if w < c.min || w > c.max {
			t.Errorf("%s column %s is %v wide, want %v to %v", c.sheet, c.col, w, c.min, c.max)
		}
	}
}

// TestLongNameWidth checks that one very long name does not make its column
// wider than the limit.
func TestLongNameWidth(t *testing.T) {
	r := example(t)
	r.Accounts[0].Name = strings.Repeat("long name ", 40)
	f, _ := workbook(t, r)
	w, err := f.GetColWidth("Accounts", "B")
	if err != nil {
		t.Fatal(err)
	}
	if w != maxTextWidth {
		t.Errorf("name column %v wide, want the limit %v", w, maxTextWidth)
	}
	got, err := f.GetCellValue("Accounts", "B2")
	if err != nil {
		t.Fatal(err)
	}
	if got != r.Accounts[0].Name {
		t.Errorf("the long name came back as %q", got)
	}
}

func TestDeterministic(t *testing.T) {
	r := example(t)
	f1, _ := workbook(t, r)
	f2, _ := workbook(t, r)
	for _, sheet := range Sheets {
		a, b := rows(t, f1, sheet, true), rows(t, f2, sheet, true)
		if len(a) < 2 {
			t.Fatalf("%s: %d rows", sheet, len(a))
		}
		if !slices.EqualFunc(a, b, slices.Equal) {
			t.Errorf("%s differs between two writes of the same result", sheet)
		}
	}
}

func TestEmptyResult(t *testing.T) {
	f, _ := workbook(t, &model.Result{})
	for _, sheet := range Sheets {
		rs := rows(t, f, sheet, true)
		if len(rs) != 1 || len(rs[0]) == 0 {
			t.Errorf("%s: %d rows, want the header alone", sheet, len(rs))
		}
	}
}

type failingWriter struct{}

var errWrite = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteError(t *testing.T) {
	if err := WriteXLSX(failingWriter{}, example(t)); !errors.Is(err, errWrite) {
		t.Errorf("error %v, want %v", err, errWrite)
	}
}

func BenchmarkWriteXLSX(b *testing.B) {
	r := example(b)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := WriteXLSX(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(r.Accounts)), "accounts")
	b.SetBytes(int64(buf.Len()))
}
