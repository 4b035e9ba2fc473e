package report

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// TextOptions shape the text report.
type TextOptions struct {
	Color      bool // ANSI colours for the segment names
	TopPerSeg  int  // leading accounts shown per segment (default 5)
	TopISOs    int  // largest ISOs shown (default 10)
	TopSellers int  // sellers shown, most misallocated first (default 15)
}

var segColor = [4]string{"\x1b[1;32m", "\x1b[1;34m", "\x1b[1;33m", "\x1b[1;37m"}

const bold, reset = "\x1b[1m", "\x1b[0m"

// WriteText writes the report a sales leader reads in thirty seconds. Every
// line fits 80 columns.
func WriteText(w io.Writer, r *model.Result, meta Meta, o TextOptions) error {
	if o.TopPerSeg == 0 {
		o.TopPerSeg = 5
	}
	if o.TopISOs == 0 {
		o.TopISOs = 10
	}
	if o.TopSellers == 0 {
		o.TopSellers = 15
	}
	var b strings.Builder
	head := func(s string) {
		if o.Color {
			b.WriteString(bold + s + reset + "\n")
		} else {
			b.WriteString(s + "\n")
		}
	}
	seg := func(sg slcs.Segment, width int) string {
		s := pad(sg.Name(), width)
		if o.Color {
			return segColor[sg] + s + reset
		}
		return s
	}

	asOf := r.AsOf.String()
	if meta.AsOfRule != "" && meta.AsOfRule != "given" {
		asOf += " (" + meta.AsOfRule + ")"
	}
	fmt.Fprintf(&b, "%s accounts classified as of %s\n", Thousands(int64(len(r.Accounts))), asOf)
	if meta.Snapshot > 0 {
		fmt.Fprintf(&b, "saved as snapshot %d (see 'slcs snapshots' and 'slcs changes')\n", meta.Snapshot)
	}
	if n := len(meta.Skipped); n > 0 {
		rows := "rows"
		if n == 1 {
			rows = "row"
		}
		fmt.Fprintf(&b, "%s bad %s skipped (listed on standard error)\n", Thousands(int64(n)), rows)
	}
	b.WriteString("\n")

	head("SEGMENTS                      Accounts      Revenue 12m   Potential value")
	var tot SegmentTotals
	for _, sm := range r.Segments {
		fmt.Fprintf(&b, "%s %8s %16s %17s\n", seg(sm.Segment, 28), Thousands(int64(sm.Accounts)),
			Money(microsToCents(sm.Revenue12m)), Money(sm.PotentialValue))
		tot.add(sm)
	}
	fmt.Fprintf(&b, "%-28s %8s %16s %17s\n", "All accounts", Thousands(int64(tot.Accounts)),
		Money(microsToCents(tot.Revenue12m)), Money(tot.PotentialValue))
	var pinned []string
	for i := range r.Accounts {
		if a := &r.Accounts[i]; a.Overridden {
			pinned = append(pinned, fmt.Sprintf("%s (%s, scores: %s)", a.ID, a.Segment.ID(), a.Computed.ID()))
		}
	}
	if len(pinned) > 0 {
		fmt.Fprintf(&b, "Pinned by overrides (*): %d\n", len(pinned))
		for _, p := range pinned[:min(len(pinned), 5)] {
			b.WriteString("  " + pad(p, 76) + "\n")
		}
		if len(pinned) > 5 {
			fmt.Fprintf(&b, "  ... and %d more ('slcs override --list')\n", len(pinned)-5)
		}
	}
	b.WriteString("\n")

	head("LEADING ACCOUNTS                      Eng.   Pot.  Potential value  Owner")
	bySeg := [4][]*model.AccountResult{}
	for i := range r.Accounts {
		a := &r.Accounts[i]
		bySeg[a.Segment] = append(bySeg[a.Segment], a)
	}
	for _, sg := range slcs.Segments {
		list := bySeg[sg]
		if len(list) == 0 {
			continue
		}
		slices.SortStableFunc(list, func(x, y *model.AccountResult) int {
			return cmp.Or(cmp.Compare(y.PotentialValue, x.PotentialValue), cmp.Compare(y.Revenue12m, x.Revenue12m))
		})
		b.WriteString(strings.TrimRight(seg(sg, 28), " ") + "\n")
		for _, a := range list[:min(len(list), o.TopPerSeg)] {
			name := a.Name
			if a.Overridden {
				name = pad(name, 32) + "*"
			}
			fmt.Fprintf(&b, "  %s %6s %6s %16s  %s\n", pad(name, 33), Fixed((a.Engagement.Hundredths+5)/10, 1),
				Fixed((a.Potential.Hundredths+5)/10, 1), Money(a.PotentialValue), pad(short(a.Owner), 12))
		}
	}
	b.WriteString("\n")

	head("SELLERS: hours a month, recommended / actual in the last " + strconv.Itoa(r.Settings.Time.AuditDays) + " days")
	head("Seller                  Key         Maint.      Growth      Service   Misalloc.")
	type sellerRow struct {
		a    model.AuditRow
		plan *model.TimePlan
	}
	var rows []sellerRow
	audit := map[string]model.AuditRow{}
	for _, a := range r.Audit {
		audit[a.Person] = a
	}
	for i := range r.Sellers {
		p := &r.Sellers[i]
		a, ok := audit[p.Seller]
		if !ok { // the accounts without owner
			a = model.AuditRow{Person: "(no owner)", Capacity: p.Capacity}
			for _, sg := range slcs.Segments {
				a.Recommended[sg] = p.Capacity * p.Share[sg]
			}
		}
		rows = append(rows, sellerRow{a: a, plan: p})
	}
	slices.SortStableFunc(rows, func(x, y sellerRow) int {
		return cmp.Compare(y.a.Misallocation, x.a.Misallocation)
	})
	for _, row := range rows[:min(len(rows), o.TopSellers)] {
		fmt.Fprintf(&b, "%s", pad(short(row.a.Person), 20))
		for _, sg := range slcs.Segments {
			fmt.Fprintf(&b, " %5s/%5s", hoursCell(row.a.Recommended[sg]), hoursCell(row.a.Actual[sg]))
		}
		if row.a.HasMisallocation {
			fmt.Fprintf(&b, " %8s%%\n", oneDecimal(row.a.Misallocation))
		} else {
			fmt.Fprintf(&b, " %9s\n", "-")
		}
	}
	if n := len(rows) - o.TopSellers; n > 0 {
		fmt.Fprintf(&b, "... and %d more sellers (all of them: --audit FILE or --format json)\n", n)
	}
	b.WriteString("Misallocation: 0% spends hours exactly as recommended, 100% entirely elsewhere.\n\n")

	head("LARGEST INCREMENTAL SALES OPPORTUNITIES")
	type isoRow struct {
		a   *model.AccountResult
		iso *model.ISO
	}
	var isos []isoRow
	for i := range r.Accounts {
		a := &r.Accounts[i]
		for j := range a.ISOs {
			isos = append(isos, isoRow{a, &a.ISOs[j]})
		}
	}
	slices.SortStableFunc(isos, func(x, y isoRow) int { return cmp.Compare(y.iso.Cents, x.iso.Cents) })
	for _, it := range isos[:min(len(isos), o.TopISOs)] {
		fmt.Fprintf(&b, "%s %s %-10s %16s\n", pad(it.a.Name, 30), pad(it.iso.Product, 18), it.iso.Kind, Money(it.iso.Cents))
	}
	if len(isos) == 0 {
		b.WriteString("(none: no product has enough buyers among any account's peers)\n")
	} else {
		fmt.Fprintf(&b, "%s ISOs in all (the list: --isos FILE)\n", Thousands(int64(len(isos))))
	}
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n"))
	return err
}

// SegmentTotals adds up segment summaries.
type SegmentTotals struct {
	Accounts       int
	Revenue12m     int64
	PotentialValue int64
}

func (t *SegmentTotals) add(s model.SegmentSummary) {
	t.Accounts += s.Accounts
	t.Revenue12m += s.Revenue12m
	t.PotentialValue += s.PotentialValue
}

// pad cuts or pads s to exactly width runes.
func pad(s string, width int) string {
	n := utf8.RuneCountInString(s)
	if n > width {
		r := []rune(s)
		return string(r[:width-1]) + "…"
	}
	return s + strings.Repeat(" ", width-n)
}

// short drops the domain of an email.
func short(email string) string {
	if email == "" {
		return "(no owner)"
	}
	if i := strings.IndexByte(email, '@'); i > 0 {
		return email[:i]
	}
	return email
}

// Money prints cents as whole currency units (rounded half away from
// zero) with thousands separators.
func Money(cents int64) string { return Thousands(RoundDiv(cents, 100)) }

// Thousands prints v with comma separators.
func Thousands(v int64) string {
	s := strconv.FormatInt(v, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	out := make([]byte, 0, len(s)+len(s)/3+1)
	if neg {
		out = append(out, '-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// RoundDiv is v / d rounded half away from zero (d > 0).
func RoundDiv(v, d int64) int64 {
	q, r := v/d, v%d
	if 2*r >= d {
		q++
	} else if 2*r <= -d {
		q--
	}
	return q
}

func hoursCell(h float64) string { return oneDecimal(h) }

func oneDecimal(x float64) string { return Fixed(int64(math.Round(x*10)), 1) }

func microsToCents(v int64) int64 { return Round2(float64(v) / 1e6) }
