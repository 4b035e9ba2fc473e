// Package export writes a classification as an Excel workbook, for the people
// who sort, filter and annotate the accounts in a spreadsheet.
//
// The workbook holds the same numbers as the CSV forms of package report,
// rounded the same way, but as numbers (not text) with a number format that
// shows their decimals. Every piece of text, a name such as "=SUM(A1)"
// included, is written as a string: it never becomes a formula.
package export

import (
	"io"
	"math"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
	"github.com/slcs/slcs/report"
)

// The sheet names, in workbook order.
const (
	SheetAccounts = "Accounts"
	SheetISOs     = "ISOs"
	SheetTimePlan = "Time plan"
	SheetAudit    = "Audit"
)

// Sheets lists the sheet names in workbook order.
var Sheets = []string{SheetAccounts, SheetISOs, SheetTimePlan, SheetAudit}

// WriteXLSX writes r as an XLSX workbook with four sheets: Accounts, ISOs,
// Time plan, Audit.
//
//   - Accounts: one row an account, in the order of r. The columns of the
//     classification CSV (the segment by its name, "Key Accounts", rather
//     than its id), then industry, seller, computed_segment, overridden, the
//     percentiles of the three engagement components, peer_group ("portfolio"
//     for the whole portfolio), peer_group_size, employees_used, activities
//     and last_activity (a date, empty for an account without activity).
//   - ISOs: one row an opportunity, by account then product: account_id,
//     name, product, kind, value and the peer benchmark behind it.
//   - Time plan: one row a seller (the empty seller holds the accounts
//     without owner): capacity, then accounts, share of capacity and
//     recommended hours (capacity x share) by segment.
//   - Audit: the columns of the audit CSV; misallocation is empty where the
//     CSV's is.
//
// Each sheet starts with a header row in bold, frozen and with an autofilter.
// The sheets are streamed, so a large portfolio does not build its worksheets
// in memory (each goes to a temporary file past 16 MB); the finished
// workbook, compressed, is held in memory until it is written to w.
func WriteXLSX(w io.Writer, r *model.Result) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator:     "slcs",
		Title:       "Account classification as of " + r.AsOf.String(),
		Description: "Accounts, incremental sales opportunities, time plan and time audit",
	}); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName(f.GetSheetName(0), SheetAccounts); err != nil {
		return err
	}
	for _, name := range Sheets[1:] {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)

	if err := writeSheet(f, st, SheetAccounts, accountColumns, len(r.Accounts),
		func(i int) *model.AccountResult { return &r.Accounts[i] }); err != nil {
		return err
	}
	isos := make([]isoRow, 0, countISOs(r))
	for i := range r.Accounts {
		a := &r.Accounts[i]
		for j := range a.ISOs {
			isos = append(isos, isoRow{a: a, iso: &a.ISOs[j]})
		}
	}
	if err := writeSheet(f, st, SheetISOs, isoColumns, len(isos),
		func(i int) *isoRow { return &isos[i] }); err != nil {
		return err
	}
	if err := writeSheet(f, st, SheetTimePlan, timePlanColumns, len(r.Sellers),
		func(i int) *model.TimePlan { return &r.Sellers[i] }); err != nil {
		return err
	}
	if err := writeSheet(f, st, SheetAudit, auditColumns, len(r.Audit),
		func(i int) *model.AuditRow { return &r.Audit[i] }); err != nil {
		return err
	}
	return f.Write(w)
}

func countISOs(r *model.Result) int {
	n := 0
	for i := range r.Accounts {
		n += len(r.Accounts[i].ISOs)
	}
	return n
}

// isoRow is one line of the ISOs sheet: an opportunity and its account.
type isoRow struct {
	a   *model.AccountResult
	iso *model.ISO
}

// kind is how a column's values are written and shown.
type kind uint8

const (
	text    kind = iota // a string
	integer             // a whole number, "#,##0"
	fixed2              // 2 decimals, "0.00": scores, percentiles, hours
	money               // 2 decimals with thousands, "#,##0.00"
	fixed6              // 6 decimals, "0.000000": frequency, shares, ratios
	general             // as many decimals as the value has: head-counts
	date                // a calendar day, "yyyy-mm-dd"
	boolean             // TRUE or FALSE
	numKinds
)

// numFmts are the number formats of the kinds: a built-in format id, or a
// custom format when the string is set.
var numFmts = [numKinds]struct {
	id     int
	custom string
}{
	text:    {id: 49}, // "@"
	integer: {id: 3},
	fixed2:  {id: 2},
	money:   {id: 4},
	fixed6:  {custom: "0.000000"},
	general: {id: 0},
	date:    {custom: "yyyy-mm-dd"},
	boolean: {id: 0},
}

// widths are the column widths, in characters, of the numeric kinds; text
// columns are as wide as their longest value, within limits.
var widths = [numKinds]float64{integer: 10, fixed2: 10, money: 16, fixed6: 12, general: 10, date: 12, boolean: 10}

const (
	minTextWidth = 8
	maxTextWidth = 50
)

// styles holds the style ids of a workbook.
type styles struct {
	header int
	kinds  [numKinds]int
}

func newStyles(f *excelize.File) (*styles, error) {
	st := &styles{}
	var err error
	st.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center"},
	})
	if err != nil {
		return nil, err
	}
	for k := range numFmts {
		s := &excelize.Style{NumFmt: numFmts[k].id}
		if numFmts[k].custom != "" {
			c := numFmts[k].custom
			s.CustomNumFmt = &c
		}
		if st.kinds[k], err = f.NewStyle(s); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// column is one column of a sheet of rows of type T.
type column[T any] struct {
	name string
	kind kind
	// value returns the cell's value: a string, an int64, a float64 (already
	// rounded), a bool, an slcs.Day for a date, or nil for an empty cell.
	value func(x *T) any
}

// writeSheet streams a header row and n rows, row(0) to row(n-1), to sheet.
func writeSheet[T any](f *excelize.File, st *styles, sheet string, cols []column[T], n int, row func(i int) *T) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	last, err := excelize.CoordinatesToCellName(len(cols), n+1)
	if err != nil {
		return err
	}
	// The filter range is known before the rows are written, and the stream
	// writer puts it in place when it is flushed.
	if err := f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	// Each column set goes before those already set: from the last to the
	// first, they end up in the ascending order Excel requires.
	for c := len(cols) - 1; c >= 0; c-- {
		if err := sw.SetColWidth(c+1, c+1, columnWidth(cols[c], n, row)); err != nil {
			return err
		}
		if err := sw.SetColStyle(c+1, c+1, st.kinds[cols[c].kind]); err != nil {
			return err
		}
	}

	values := make([]any, len(cols))
	for c, col := range cols {
		values[c] = excelize.Cell{StyleID: st.header, Value: col.name}
	}
	if err := sw.SetRow("A1", values, excelize.RowOpts{Height: 20}); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		x := row(i)
		for c, col := range cols {
			values[c] = cellValue(col.value(x))
		}
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, values); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// excelEpoch is the serial number of 1970-01-01 in Excel's 1900 date system;
// serial numbers are right from 1900-03-01 (serial 61) on.
const excelEpoch = 25569

// cellValue turns a column's value into what the stream writer takes.
func cellValue(v any) any {
	switch v := v.(type) {
	case slcs.Day:
		if s := int64(v) + excelEpoch; s >= 61 {
			return s
		}
		return v.String()
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
	}
	return v
}

// columnWidth is the width of a column: its header's, and for text its
// longest value's, within limits.
func columnWidth[T any](col column[T], n int, row func(i int) *T) float64 {
	w := float64(utf8.RuneCountInString(col.name)) + 3 // room for the filter button
	if col.kind != text {
		return max(w, widths[col.kind])
	}
	longest := 0
	for i := 0; i < n && longest < maxTextWidth; i++ {
		if s, ok := col.value(row(i)).(string); ok {
			longest = max(longest, utf8.RuneCountInString(s))
		}
	}
	return min(max(w, float64(longest)+2, minTextWidth), maxTextWidth)
}

// The roundings of the CSV and JSON forms.

func hundredths(v int64) float64 { return float64(v) / 100 }
func round2(x float64) float64   { return hundredths(report.Round2(x)) }
func round6(x float64) float64   { return math.Round(x*1e6) / 1e6 }

// peerGroup names a peer group: the industry, or "portfolio".
func peerGroup(g string) string {
	if g == "" {
		return "portfolio"
	}
	return g
}

var accountColumns = []column[model.AccountResult]{
	// The classification CSV.
	{"account_id", text, func(a *model.AccountResult) any { return a.ID }},
	{"name", text, func(a *model.AccountResult) any { return a.Name }},
	{"owner", text, func(a *model.AccountResult) any { return a.Owner }},
	{"segment", text, func(a *model.AccountResult) any { return a.Segment.Name() }},
	{"engagement", fixed2, func(a *model.AccountResult) any { return hundredths(a.Engagement.Hundredths) }},
	{"potential", fixed2, func(a *model.AccountResult) any { return hundredths(a.Potential.Hundredths) }},
	{"potential_value", money, func(a *model.AccountResult) any { return hundredths(a.PotentialValue) }},
	{"pairs", integer, func(a *model.AccountResult) any { return int64(a.Pairs.Raw) }},
	{"frequency", fixed6, func(a *model.AccountResult) any { return round6(a.Frequency.Raw) }},
	{"proactiveness", fixed6, func(a *model.AccountResult) any { return round6(a.Proactiveness.Raw) }},
	{"revenue_12m", money, func(a *model.AccountResult) any { return round2(float64(a.Revenue12m) / 1e6) }},
	{"recommended_hours", fixed2, func(a *model.AccountResult) any { return hundredths(a.RecommendedHours) }},
	// The explanation.
	{"industry", text, func(a *model.AccountResult) any { return a.Industry }},
	{"seller", text, func(a *model.AccountResult) any { return a.Seller }},
	{"computed_segment", text, func(a *model.AccountResult) any { return a.Computed.Name() }},
	{"overridden", boolean, func(a *model.AccountResult) any { return a.Overridden }},
	{"pairs_percentile", fixed2, func(a *model.AccountResult) any { return round2(a.Pairs.Percentile) }},
	{"frequency_percentile", fixed2, func(a *model.AccountResult) any { return round2(a.Frequency.Percentile) }},
	{"proactiveness_percentile", fixed2, func(a *model.AccountResult) any { return round2(a.Proactiveness.Percentile) }},
	{"peer_group", text, func(a *model.AccountResult) any { return peerGroup(a.PeerGroup) }},
	{"peer_group_size", integer, func(a *model.AccountResult) any { return int64(a.PeerGroupSize) }},
	{"employees_used", general, func(a *model.AccountResult) any { return round6(a.Employees) }},
	{"activities", integer, func(a *model.AccountResult) any { return a.Activities }},
	{"last_activity", date, func(a *model.AccountResult) any {
		if !a.HasActivity {
			return nil
		}
		return a.LastActivity
	}},
}

var isoColumns = []column[isoRow]{
	{"account_id", text, func(x *isoRow) any { return x.a.ID }},
	{"name", text, func(x *isoRow) any { return x.a.Name }},
	{"product", text, func(x *isoRow) any { return x.iso.Product }},
	{"kind", text, func(x *isoRow) any { return x.iso.Kind.String() }},
	{"value", money, func(x *isoRow) any { return hundredths(x.iso.Cents) }},
	{"peer_group", text, func(x *isoRow) any { return peerGroup(x.iso.PeerGroup) }},
	{"peer_group_size", integer, func(x *isoRow) any { return int64(x.iso.PeerGroupSize) }},
	{"buyers", integer, func(x *isoRow) any { return int64(x.iso.Buyers) }},
	{"adoption", fixed6, func(x *isoRow) any { return round6(x.iso.Adoption) }},
	{"high_intensity", fixed6, func(x *isoRow) any { return round6(x.iso.High) }},
	{"typical_intensity", fixed6, func(x *isoRow) any { return round6(x.iso.Typical) }},
	{"employees", general, func(x *isoRow) any { return round6(x.iso.Employees) }},
	{"spend", money, func(x *isoRow) any { return round2(x.iso.Spend) }},
}

// bySegment makes four columns, one a segment, named prefix + the segment's id.
func bySegment[T any](prefix string, k kind, value func(x *T, sg slcs.Segment) any) []column[T] {
	cols := make([]column[T], 0, len(slcs.Segments))
	for _, sg := range slcs.Segments {
		cols = append(cols, column[T]{prefix + sg.ID(), k, func(x *T) any { return value(x, sg) }})
	}
	return cols
}

var timePlanColumns = concat(
	[]column[model.TimePlan]{
		{"seller", text, func(p *model.TimePlan) any { return p.Seller }},
		{"capacity_hours", fixed2, func(p *model.TimePlan) any { return round2(p.Capacity) }},
	},
	bySegment("accounts_", integer, func(p *model.TimePlan, sg slcs.Segment) any { return int64(p.Accounts[sg]) }),
	bySegment("share_", fixed6, func(p *model.TimePlan, sg slcs.Segment) any { return round6(p.Share[sg]) }),
	bySegment("recommended_", fixed2, func(p *model.TimePlan, sg slcs.Segment) any {
		return round2(p.Capacity * p.Share[sg])
	}),
)

var auditColumns = concat(
	[]column[model.AuditRow]{
		{report.AuditHeader[0], text, func(p *model.AuditRow) any { return p.Person }},
		{report.AuditHeader[1], integer, func(p *model.AuditRow) any { return int64(p.OwnedAccounts) }},
		{report.AuditHeader[2], fixed2, func(p *model.AuditRow) any { return round2(p.Capacity) }},
	},
	bySegment("actual_", fixed2, func(p *model.AuditRow, sg slcs.Segment) any { return round2(p.Actual[sg]) }),
	bySegment("recommended_", fixed2, func(p *model.AuditRow, sg slcs.Segment) any { return round2(p.Recommended[sg]) }),
	[]column[model.AuditRow]{
		{report.AuditHeader[11], fixed2, func(p *model.AuditRow) any {
			if !p.HasMisallocation {
				return nil
			}
			return round2(p.Misallocation)
		}},
	},
)

func concat[T any](parts ...[]column[T]) []column[T] {
	var cols []column[T]
	for _, p := range parts {
		cols = append(cols, p...)
	}
	return cols
}
