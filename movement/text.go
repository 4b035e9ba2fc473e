package movement

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/report"
	"github.com/slcs/slcs/workspace"
)

// Width is the most runes a line of the text outputs has (ANSI colour
// codes aside).
const Width = 80

const (
	topMoves  = 20 // moved accounts listed
	topISOs   = 10 // ISOs listed in each of appeared and gone
	topAlerts = 20 // alerts listed per kind
)

var segColor = [4]string{"\x1b[1;32m", "\x1b[1;34m", "\x1b[1;33m", "\x1b[1;37m"}

const bold, reset = "\x1b[1m", "\x1b[0m"

// matrix labels: rows (the segment in From) and columns (in To).
var (
	rowLabel = [4]string{"Key", "Maintenance", "Growth", "Service"}
	colLabel = [4]string{"Key", "Maint.", "Growth", "Service"}
)

// WriteText writes the comparison for a sales leader: a header naming the
// two snapshots, the migration of accounts and of revenue between segments,
// the moved accounts with their reasons (most revenue first, at most 20),
// the ISOs that appeared and went (the 10 largest of each, with totals) and
// the alerts by kind. Every line fits 80 columns; ANSI colours only when
// color is set.
func WriteText(w io.Writer, c *Changes, color bool) error {
	t := textWriter{color: color}
	t.header(c)
	t.matrices(c)
	t.moves(c)
	t.isos("ISOS APPEARED", c.ISOsAppeared)
	t.isos("ISOS GONE", c.ISOsGone)
	t.alerts(c)
	lines := strings.Split(strings.TrimRight(t.b.String(), "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n")+"\n")
	return err
}

type textWriter struct {
	b     strings.Builder
	color bool
}

// line writes a plain line, cut to the width.
func (t *textWriter) line(s string) { t.b.WriteString(fit(s, Width) + "\n") }

// head writes a heading, cut to the width, in bold when in colour.
func (t *textWriter) head(s string) {
	s = fit(s, Width)
	if t.color {
		s = bold + s + reset
	}
	t.b.WriteString(s + "\n")
}

// seg pads a segment label to width, coloured when in colour.
func (t *textWriter) seg(s slcs.Segment, text string, width int) string {
	p := pad(text, width)
	if t.color && valid(s) {
		trimmed := strings.TrimRight(p, " ")
		return segColor[s] + trimmed + reset + p[len(trimmed):]
	}
	return p
}

func (t *textWriter) header(c *Changes) {
	t.head(fmt.Sprintf("CHANGES FROM SNAPSHOT %d TO SNAPSHOT %d", c.From.ID, c.To.ID))
	t.line(describe("From", c.From))
	t.line(describe("To", c.To))
	t.line(fmt.Sprintf("%s accounts then, %s now: %s added, %s removed, %s moved to another segment",
		report.Thousands(int64(c.From.Accounts)), report.Thousands(int64(c.To.Accounts)), report.Thousands(int64(len(c.Added))),
		report.Thousands(int64(len(c.Removed))), report.Thousands(int64(len(c.Moved)))))
	for _, n := range c.Notes {
		t.line("Note: " + n)
	}
	t.b.WriteString("\n")
}

// describe is the header line of one snapshot.
func describe(word string, s workspace.SnapshotInfo) string {
	out := fmt.Sprintf("%-4s  #%d  as of %s", word, s.ID, s.AsOf)
	if !s.CreatedAt.IsZero() {
		out += "  saved " + s.CreatedAt.UTC().Format("2006-01-02 15:04") + " UTC"
	}
	if s.CreatedBy != "" {
		out += " by " + s.CreatedBy
	}
	return out
}

func (t *textWriter) matrices(c *Changes) {
	var counts, revenue [4][4]int64
	var newCount, newRev, goneCount, goneRev [4]int64
	for i := range 4 {
		for j := range 4 {
			counts[i][j] = int64(c.Matrix[i][j])
			revenue[i][j] = c.MatrixRevenue[i][j]
		}
		newCount[i], newRev[i] = int64(c.AddedBySegment[i]), c.AddedRevenue[i]
		goneCount[i], goneRev[i] = int64(c.RemovedBySegment[i]), c.RemovedRevenue[i]
	}
	title := fmt.Sprintf("segment in snapshot %d (rows) and in snapshot %d (columns)", c.From.ID, c.To.ID)
	t.matrix("ACCOUNTS by "+title, counts, newCount, goneCount, report.Thousands)
	b := buildMatrix(revenue, newRev, goneRev)
	unit, div := "", int64(1)
	for _, u := range []struct {
		name string
		div  int64
	}{{"", 1}, {", in thousands", 1_000}, {", in millions", 1_000_000}} {
		unit, div = u.name, u.div
		if fitsCells(b, u.div) {
			break
		}
	}
	t.matrix("REVENUE 12M"+unit+" by "+title, revenue, newRev, goneRev, func(v int64) string {
		return report.Thousands(report.RoundDiv(v, 1_000_000*div))
	})
}

// buildMatrix is the 6x6 table of the cells with the "new" row (4), the
// "gone" column (4) and the totals (5).
func buildMatrix(cells [4][4]int64, newRow, goneCol [4]int64) [6][6]int64 {
	var m [6][6]int64
	for i := range 4 {
		for j := range 4 {
			m[i][j] = cells[i][j]
			m[i][5] += cells[i][j]
			m[5][j] += cells[i][j]
		}
		m[4][i] = newRow[i]
		m[4][5] += newRow[i]
		m[5][i] += newRow[i]
		m[i][4] = goneCol[i]
		m[i][5] += goneCol[i]
		m[5][4] += goneCol[i]
	}
	for i := range 5 {
		m[5][5] += m[i][5]
	}
	return m
}

func fitsCells(m [6][6]int64, div int64) bool {
	for _, row := range m {
		for _, v := range row {
			if len(report.Thousands(report.RoundDiv(v, 1_000_000*div))) > 10 {
				return false
			}
		}
	}
	return true
}

// matrix writes a migration table: 12 + 6 × 11 = 78 columns.
func (t *textWriter) matrix(title string, cells [4][4]int64, newRow, goneCol [4]int64, format func(int64) string) {
	m := buildMatrix(cells, newRow, goneCol)
	t.head(title)
	var h strings.Builder
	h.WriteString(pad("then \\ now", 12))
	for _, l := range colLabel {
		fmt.Fprintf(&h, " %10s", l)
	}
	fmt.Fprintf(&h, " %10s %10s", "Gone", "Total")
	t.line(h.String())
	for i := range 6 {
		var r strings.Builder
		switch {
		case i < 4:
			r.WriteString(t.seg(slcs.Segments[i], rowLabel[i], 12))
		case i == 4:
			r.WriteString(pad("New", 12))
		default:
			r.WriteString(pad("Total", 12))
		}
		for j := range 6 {
			cell := format(m[i][j])
			if i == 4 && j == 4 {
				cell = "-"
			}
			if len(cell) > 10 { // cannot happen with the scales chosen
				cell = "#"
			}
			fmt.Fprintf(&r, " %10s", cell)
		}
		t.b.WriteString(r.String() + "\n")
	}
	t.b.WriteString("\n")
}

// moves: name 28, owner 12, from → to 22, revenue 14: 79 columns.
func (t *textWriter) moves(c *Changes) {
	t.head(fmt.Sprintf("%s %s %s %14s", pad(fmt.Sprintf("MOVED ACCOUNTS (%s)", report.Thousands(int64(len(c.Moved)))), 28),
		pad("Owner", 12), pad("From → To", 22), "Revenue 12m"))
	if len(c.Moved) == 0 {
		t.line("(none)")
	}
	for _, m := range c.Moved[:min(len(c.Moved), topMoves)] {
		tr := label(m.From) + " → " + label(m.To)
		mark := ""
		if m.Overridden {
			mark = " *"
		}
		cell := pad(tr+mark, 22)
		if t.color && valid(m.From) && valid(m.To) {
			cell = segColor[m.From] + label(m.From) + reset + " → " + segColor[m.To] + label(m.To) + reset +
				mark + strings.Repeat(" ", 22-utf8.RuneCountInString(tr+mark))
		}
		row := fmt.Sprintf("%s %s %s %14s", pad(m.Name, 28), pad(short(m.Owner), 12), cell,
			report.Thousands(report.RoundDiv(m.Revenue12m, 1_000_000)))
		if t.color {
			t.b.WriteString(row + "\n")
		} else {
			t.line(row)
		}
		for _, r := range m.Reasons {
			t.line("    " + r.Text)
		}
	}
	if n := len(c.Moved) - topMoves; n > 0 {
		t.line(fmt.Sprintf("... %s more", report.Thousands(int64(n))))
	}
	for _, m := range c.Moved {
		if m.Overridden {
			t.line("* pinned by an override")
			break
		}
	}
	t.b.WriteString("\n")
}

// isos: name 30, product 20, kind 10, value 16: 79 columns.
func (t *textWriter) isos(title string, list []ISOChange) {
	var sum int64
	for _, iso := range list {
		sum += iso.Cents
	}
	t.head(fmt.Sprintf("%s: %s worth %s in all", title, report.Thousands(int64(len(list))), report.Money(sum)))
	if len(list) == 0 {
		t.line("(none)")
		t.b.WriteString("\n")
		return
	}
	t.line(fmt.Sprintf("%s %s %s %16s", pad("Account", 30), pad("Product", 20), pad("Kind", 10), "Value"))
	for _, iso := range list[:min(len(list), topISOs)] {
		t.line(fmt.Sprintf("%s %s %s %16s", pad(iso.Name, 30), pad(iso.Product, 20), pad(iso.Kind, 10), report.Money(iso.Cents)))
	}
	if n := len(list) - topISOs; n > 0 {
		var rest int64
		for _, iso := range list[topISOs:] {
			rest += iso.Cents
		}
		t.line(fmt.Sprintf("... %s more worth %s", report.Thousands(int64(n)), report.Money(rest)))
	}
	t.b.WriteString("\n")
}

// alerts: name 26, owner 12, text 40: 2 + 26 + 1 + 12 + 1 + 38 = 80.
func (t *textWriter) alerts(c *Changes) {
	al := c.AlertSettings
	t.head(fmt.Sprintf("ALERTS (%s)", report.Thousands(int64(len(c.Alerts)))))
	if len(c.Alerts) == 0 {
		t.line("(none)")
	}
	for _, k := range AlertKinds {
		var list []Alert
		for _, a := range c.Alerts {
			if a.Kind == k {
				list = append(list, a)
			}
		}
		if len(list) == 0 {
			continue
		}
		var what string
		switch k {
		case EngagementDrop:
			what = "Engagement drop: Key or Maintenance, down " + num(al.EngagementDrop) + " points or more"
		case GrowthToKey:
			what = "Growth to Key: Growth Potential accounts now Key"
		case Quiet:
			what = "Quiet: high engagement, no activity in the last " + strconv.Itoa(al.QuietDays) + " days"
		case SingleThreaded:
			what = "Single-threaded: Key or Maintenance, one person on a side"
		}
		t.head(fmt.Sprintf("%s (%s)", what, report.Thousands(int64(len(list)))))
		for _, a := range list[:min(len(list), topAlerts)] {
			t.line(fmt.Sprintf("  %s %s %s", pad(a.Name, 26), pad(short(a.Owner), 12), a.Text))
		}
		if n := len(list) - topAlerts; n > 0 {
			t.line(fmt.Sprintf("  ... %s more", report.Thousands(int64(n))))
		}
	}
}

// WriteHistory writes one account's classification in every snapshot that
// has it, oldest first: one line per snapshot with its id, the day it was
// saved, its as-of date, the segment (marked * when pinned by an override),
// the engagement and potential scores, the potential value and the
// recommended hours a month. Every line fits 80 columns.
func WriteHistory(w io.Writer, accountID string, points []workspace.HistoryPoint) error {
	var b strings.Builder
	line := func(s string) { b.WriteString(strings.TrimRight(fit(s, Width), " ") + "\n") }
	if len(points) == 0 {
		line(fmt.Sprintf("Account %s is in no snapshot.", accountID))
		_, err := io.WriteString(w, b.String())
		return err
	}
	last := points[len(points)-1].Account
	title := "HISTORY OF ACCOUNT " + accountID
	if last.Name != "" && last.Name != accountID {
		title += " (" + last.Name + ")"
	}
	line(title)
	// 5 + 10 + 10 + 13 + 6 + 6 + 15 + 8 + 7 spaces = 80 columns
	const format = "%5s %10s %10s %-13s %6s %6s %15s %8s"
	line(fmt.Sprintf(format, "Snap.", "Saved", "As of", "Segment", "Eng.", "Pot.", "Potential value", "Hours"))
	overridden := false
	for _, p := range points {
		a := p.Account
		saved := "-"
		if !p.Snapshot.CreatedAt.IsZero() {
			saved = p.Snapshot.CreatedAt.UTC().Format(time.DateOnly)
		}
		seg := label(a.Segment)
		if a.Overridden {
			seg += " *"
			overridden = true
		}
		line(fmt.Sprintf(format, strconv.FormatInt(p.Snapshot.ID, 10), saved, p.Snapshot.AsOf.String(), seg,
			report.Fixed(a.Engagement, 2), report.Fixed(a.Potential, 2), report.Money(a.PotentialValue), report.Fixed(a.RecommendedHours, 2)))
	}
	if overridden {
		line("* pinned by an override")
	}
	_, err := io.WriteString(w, b.String())
	return err
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

// fit cuts s to at most width runes.
func fit(s string, width int) string {
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	return pad(s, width)
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
