package portfolio

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/slcs/slcs"
)

// badCase is one portfolio that breaks one rule of the format.
type badCase struct {
	name   string
	files  map[string]string
	file   string // the file the first problem names
	line   int    // its line (0: the file as a whole)
	column string // its column ("" when none)
	value  string // its value ("" when none)
	// fatal: the portfolio is refused even with SkipInvalid (a file-level
	// problem); otherwise the row is skipped.
	fatal bool
	// msg: more substrings the error message must hold.
	msg []string
}

// Builders of the cases' files.
func onlyAccounts(content string) map[string]string {
	return map[string]string{AccountsFile: content}
}

func withFile(name, content string) map[string]string {
	return map[string]string{AccountsFile: okAccounts, name: content}
}

// badAccount: a valid header and two valid rows (lines 2, 3), then row on line 4.
func badAccount(row string) map[string]string {
	return onlyAccounts(okAccounts + row + "\n")
}

// badTeam: a valid row on line 2, then row on line 3.
func badTeam(row string) map[string]string {
	return withFile(TeamFile, teamHeader+"ann@x.com,Ann,100\n"+row+"\n")
}

// badActivity: a valid row on line 2, then row on line 3.
func badActivity(row string) map[string]string {
	return withFile(ActivitiesFile, activitiesHeader+"t1,a1,2026-03-01,email,inbound,ann@x.com,joe@acme.com,10\n"+row+"\n")
}

// badRevenue: a valid row on line 2, then row on line 3.
func badRevenue(row string) map[string]string {
	return withFile(RevenueFile, revenueHeader+"a1,Widgets,2026-02,100\n"+row+"\n")
}

// activitiesWithout is the activities header without one column, and a row.
func activitiesWithout(col string) string {
	var h, r []string
	row := []string{"t1", "a1", "2026-03-01", "email", "inbound", "ann@x.com", "joe@acme.com", "10"}
	for i, c := range activityCols {
		if c != col {
			h = append(h, c)
			r = append(r, row[i])
		}
	}
	return strings.Join(h, ",") + "\n" + strings.Join(r, ",") + "\n"
}

func revenueWithout(col string) string {
	var h, r []string
	row := []string{"a1", "Widgets", "2026-02", "100"}
	for i, c := range revenueCols {
		if c != col {
			h = append(h, c)
			r = append(r, row[i])
		}
	}
	return strings.Join(h, ",") + "\n" + strings.Join(r, ",") + "\n"
}

func badCases() []badCase {
	cs := []badCase{
		// ---- files and headers
		{name: "accounts.csv missing", files: map[string]string{TeamFile: okTeam, ActivitiesFile: okActivities},
			file: AccountsFile, line: 0, fatal: true, msg: []string{"missing"}},
		{name: "accounts.csv empty", files: onlyAccounts(""), file: AccountsFile, line: 1, fatal: true, msg: []string{"empty"}},
		{name: "accounts.csv only blank lines", files: onlyAccounts("\n  \n\t\r\n\n"), file: AccountsFile, line: 1, fatal: true},
		{name: "accounts.csv only a BOM", files: onlyAccounts("\xef\xbb\xbf"), file: AccountsFile, line: 1, fatal: true},
		{name: "team.csv empty", files: withFile(TeamFile, ""), file: TeamFile, line: 1, fatal: true},
		{name: "activities.csv empty", files: withFile(ActivitiesFile, ""), file: ActivitiesFile, line: 1, fatal: true},
		{name: "revenue.csv empty", files: withFile(RevenueFile, "\n\n"), file: RevenueFile, line: 1, fatal: true},

		{name: "accounts: account_id column missing", files: onlyAccounts("name,owner\nAcme,ann@x.com\n"),
			file: AccountsFile, line: 1, column: "account_id", fatal: true, msg: []string{"required column"}},
		{name: "accounts: name column missing", files: onlyAccounts("account_id,owner,industry\na1,ann@x.com,tech\n"),
			file: AccountsFile, line: 1, column: "name", fatal: true},
		{name: "accounts: only unknown columns", files: onlyAccounts("id,title\na1,Acme\n"),
			file: AccountsFile, line: 1, column: "account_id", fatal: true},
		{name: "team: email column missing", files: withFile(TeamFile, "name,capacity_hours\nAnn,100\n"),
			file: TeamFile, line: 1, column: "email", fatal: true},
		{name: "accounts: account_id given twice", files: onlyAccounts("account_id,name, Account_ID \na1,Acme,a1\n"),
			file: AccountsFile, line: 1, column: "account_id", fatal: true, msg: []string{"twice", "fields 1 and 3"}},
		{name: "activities: date given twice", files: withFile(ActivitiesFile, "activity_id,account_id,date,our_people,DATE\nt1,a1,2026-03-01,ann@x.com,2026-03-02\n"),
			file: ActivitiesFile, line: 1, column: "date", fatal: true, msg: []string{"fields 3 and 5"}},
		{name: "team: optional column given twice", files: withFile(TeamFile, "email,capacity_hours,Capacity_Hours\nann@x.com,1,2\n"),
			file: TeamFile, line: 1, column: "capacity_hours", fatal: true},
		{name: "header: CSV syntax error", files: onlyAccounts("account_id,\"name\n"),
			file: AccountsFile, line: 1, column: "field 2", fatal: true},

		// ---- records of the wrong length
		{name: "accounts: too many fields", files: badAccount("a3,Gamma,ann@x.com,tech,1,g.com,extra"),
			file: AccountsFile, line: 4, column: "field 7", msg: []string{"7 fields", "header has 6"}},
		{name: "accounts: too few fields", files: badAccount("a3,Gamma,ann@x.com"),
			file: AccountsFile, line: 4, column: "industry", msg: []string{"3 fields", "header has 6"}},
		{name: "accounts: one field", files: badAccount("a3"), file: AccountsFile, line: 4, column: "name"},
		{name: "team: too many fields in a one-column file", files: withFile(TeamFile, "email\n\nann@x.com\ncarl@x.com,Carl\n"),
			file: TeamFile, line: 4, column: "field 2"},
		{name: "activities: too few fields", files: badActivity("t2,a1,2026-03-01"),
			file: ActivitiesFile, line: 3, column: "type"},
		{name: "activities: too many fields", files: badActivity("t2,a1,2026-03-01,email,inbound,ann@x.com,joe@acme.com,10,x"),
			file: ActivitiesFile, line: 3, column: "field 9"},
		{name: "revenue: too few fields (unknown column last)", files: withFile(RevenueFile, "account_id,product,month,amount,note\na1,W,2026-01,1,x\na1,W,2026-01,1\n"),
			file: RevenueFile, line: 3, column: "field 5"},

		// ---- accounts
		{name: "accounts: empty account_id", files: badAccount(" \t,Gamma,ann@x.com,tech,1,g.com"),
			file: AccountsFile, line: 4, column: "account_id"},
		{name: "accounts: duplicated account_id", files: badAccount(" a1 ,Gamma,ann@x.com,tech,1,g.com"),
			file: AccountsFile, line: 4, column: "account_id", value: "a1"},

		// ---- team
		{name: "team: empty email", files: badTeam("  ,Carl,10"), file: TeamFile, line: 3, column: "email"},
		{name: "team: email duplicated up to case", files: badTeam("ANN@X.com,Ann again,10"),
			file: TeamFile, line: 3, column: "email", value: "ANN@X.com"},
		{name: "team: capacity not a number", files: badTeam("carl@x.com,Carl,lots"),
			file: TeamFile, line: 3, column: "capacity_hours", value: "lots"},
		{name: "team: capacity with exponent", files: badTeam("carl@x.com,Carl,1e2"),
			file: TeamFile, line: 3, column: "capacity_hours", value: "1e2"},
		{name: "team: capacity 0", files: badTeam("carl@x.com,Carl,0"),
			file: TeamFile, line: 3, column: "capacity_hours", value: "0", msg: []string{"> 0"}},
		{name: "team: capacity 0.000", files: badTeam("carl@x.com,Carl,0.000"),
			file: TeamFile, line: 3, column: "capacity_hours", value: "0.000"},
		{name: "team: capacity negative", files: badTeam("carl@x.com,Carl,-10"),
			file: TeamFile, line: 3, column: "capacity_hours", value: "-10"},

		// ---- activities
		{name: "activities: empty activity_id", files: badActivity(" ,a1,2026-03-01,email,inbound,ann@x.com,,"),
			file: ActivitiesFile, line: 3, column: "activity_id"},
		{name: "activities: unknown account_id", files: badActivity("t2,a9,2026-03-01,email,inbound,ann@x.com,,"),
			file: ActivitiesFile, line: 3, column: "account_id", value: "a9"},
		{name: "activities: account_id differing in case", files: badActivity("t2,A1,2026-03-01,email,inbound,ann@x.com,,"),
			file: ActivitiesFile, line: 3, column: "account_id", value: "A1"},
		{name: "activities: empty account_id", files: badActivity("t2,,2026-03-01,email,inbound,ann@x.com,,"),
			file: ActivitiesFile, line: 3, column: "account_id"},
		{name: "activities: empty date", files: badActivity("t2,a1,,email,inbound,ann@x.com,,"),
			file: ActivitiesFile, line: 3, column: "date"},
		{name: "activities: type visit", files: badActivity("t2,a1,2026-03-01,visit,inbound,ann@x.com,,"),
			file: ActivitiesFile, line: 3, column: "type", value: "visit"},
		{name: "activities: direction sideways", files: badActivity("t2,a1,2026-03-01,call,Sideways,ann@x.com,,"),
			file: ActivitiesFile, line: 3, column: "direction", value: "Sideways"},
		{name: "activities: our_people empty", files: badActivity("t2,a1,2026-03-01,call,inbound, ,joe@acme.com,"),
			file: ActivitiesFile, line: 3, column: "our_people"},
		{name: "activities: our_people only separators", files: badActivity("t2,a1,2026-03-01,call,inbound,;; ,joe@acme.com,"),
			file: ActivitiesFile, line: 3, column: "our_people", value: ";;"},
		{name: "activities: duplicated activity_id", files: withFile(ActivitiesFile, activitiesHeader+
			"t1,a1,2026-03-01,email,inbound,ann@x.com,joe@acme.com,10\n"+ // 2
			"t2,a1,2026-03-02,call,outbound,ann@x.com,joe@acme.com,\n"+ // 3
			"\n"+ // 4
			"t3,a2,2026-03-03,meeting,,bob@x.com,\"sue@beta.com;\n"+ // 5
			"max@beta.com\",45\n"+ // 6
			" t1 ,a2,2026-03-04,call,,bob@x.com,,\n"), // 7
			file: ActivitiesFile, line: 7, column: "activity_id", value: "t1", msg: []string{"line 2"}},
		{name: "activities: duplicated activity_id, not the first id", files: withFile(ActivitiesFile, activitiesHeader+
			"t1,a1,2026-03-01,email,inbound,ann@x.com,joe@acme.com,10\n"+ // 2
			"t2,a1,2026-03-01,email,inbound,ann@x.com,joe@acme.com,10\n"+ // 3
			"t2,a1,2026-03-02,email,inbound,ann@x.com,joe@acme.com,10\n"), // 4
			file: ActivitiesFile, line: 4, column: "activity_id", value: "t2", msg: []string{"line 3"}},

		// ---- revenue
		{name: "revenue: unknown account_id", files: badRevenue("zz,Widgets,2026-02,5"),
			file: RevenueFile, line: 3, column: "account_id", value: "zz"},
		{name: "revenue: empty product", files: badRevenue("a1,\t ,2026-02,5"),
			file: RevenueFile, line: 3, column: "product"},
		{name: "revenue: empty amount", files: badRevenue("a1,Widgets,2026-02,"),
			file: RevenueFile, line: 3, column: "amount"},
		{name: "revenue: empty month", files: badRevenue("a1,Widgets,,5"),
			file: RevenueFile, line: 3, column: "month"},

		// ---- CSV syntax
		{name: "csv: bare quote in an unquoted field", files: badAccount("a3,Ga\"mma,ann@x.com,tech,1,g.com"),
			file: AccountsFile, line: 4, column: "name", msg: []string{"quote"}},
		{name: "csv: bare quote in the last field", files: badActivity("t2,a1,2026-03-01,call,,ann@x.com,,1\"0"),
			file: ActivitiesFile, line: 3, column: "minutes"},
		{name: "csv: text after a closing quote", files: badAccount("a3,\"Gamma\" Inc,ann@x.com,tech,1,g.com"),
			file: AccountsFile, line: 4, column: "name", msg: []string{"closing quote"}},
		{name: "csv: text after a closing quote on a later line", files: badActivity("t2,a1,2026-03-01,call,,ann@x.com,\"joe@acme.com\nsue@acme.com\"x,"),
			file: ActivitiesFile, line: 3, column: "their_people"},
		{name: "csv: unclosed quote at the end of the file", files: onlyAccounts(okAccounts + "a3,\"Gamma,ann@x.com,tech,1,g.com\na4,Delta,,,,\n"),
			file: AccountsFile, line: 4, column: "name", msg: []string{"not closed"}},
		{name: "csv: unclosed quote at the end of the file without a line end", files: badRevenue("a1,Widgets,2026-02,\"5"),
			file: RevenueFile, line: 3, column: "amount"},
		{name: "csv: invalid UTF-8", files: badAccount("a3,Ga\xffmma,ann@x.com,tech,1,g.com"),
			file: AccountsFile, line: 4, column: "name", msg: []string{"UTF-8"}},
		{name: "csv: invalid UTF-8 on a continuation line", files: badActivity("t2,a1,2026-03-01,call,,ann@x.com,\"joe@acme.com\nsu\xc3e@acme.com\","),
			file: ActivitiesFile, line: 3, column: "their_people", msg: []string{"UTF-8"}},
		{name: "csv: invalid UTF-8 in a quoted field", files: badRevenue("a1,\"Wid\xe2\x82gets\",2026-02,5"),
			file: RevenueFile, line: 3, column: "product"},

		// ---- line numbers: blank lines, CRLF and multi-line fields count
		{name: "line: after blank and multi-line records", files: onlyAccounts(accountsHeader +
			"a1,\"Acme\nHoldings\",ann@x.com,tech,10,\n" + // 2-3
			"\n" + // 4
			" \t \n" + // 5
			"a2,\"Beta \"\"B\"\"\",,,\"1\n\",\n" + // 6-7 (employees "1\n" is bad? no: trimmed "1\n")
			""),
			file: AccountsFile, line: 6, column: "employees", value: "1\n"},
		{name: "line: CRLF and a quoted line break", files: onlyAccounts("\xef\xbb\xbfaccount_id,name,employees\r\n" +
			"a1,\"Two\r\nLines\",3\r\n" + // 2-3
			"\r\n" + // 4
			"a2,Beta,x\r\n"), // 5
			file: AccountsFile, line: 5, column: "employees", value: "x"},
		{name: "line: empty lines inside a quoted field", files: badActivity("t2,a1,2026-03-01,call,,ann@x.com,\"joe@acme.com\n\n\n\",\n" + // 3-6
			"t3,a1,2026-03-01,call,,ann@x.com,,-1"), // 7
			file: ActivitiesFile, line: 7, column: "minutes", value: "-1"},
	}

	for _, col := range []string{"activity_id", "account_id", "date", "our_people"} {
		cs = append(cs, badCase{name: "activities: " + col + " column missing", files: withFile(ActivitiesFile, activitiesWithout(col)),
			file: ActivitiesFile, line: 1, column: col, fatal: true, msg: []string{"required column"}})
	}
	for _, col := range revenueCols {
		cs = append(cs, badCase{name: "revenue: " + col + " column missing", files: withFile(RevenueFile, revenueWithout(col)),
			file: RevenueFile, line: 1, column: col, fatal: true})
	}
	for _, e := range []string{"12.5", "-3", "1e3", "12 000", "+3", "1,000", "0x10", "١٢", "99999999999999999999"} {
		cs = append(cs, badCase{name: "accounts: employees " + e, files: badAccount("a3,Gamma,ann@x.com,tech,\"" + e + "\",g.com"),
			file: AccountsFile, line: 4, column: "employees", value: e, msg: []string{"employees"}})
	}
	for _, d := range []string{"2026-02-30", "2026-13-01", "26-01-01", "2026-01-01T25:00:00Z", "2026-01-01T10:00:00",
		"2026-01-01T10:00:00+0100", "2025-02-29", "2026-00-10", "2026-01-00", "2026/01/01", "20260101", "2026-1-1",
		"2026-01-01T10:00Z", "2026-01-01T10:60:00Z", "2026-01-01T10:00:61Z", "2026-01-01T10:00:00.Z",
		"2026-01-01T10:00:00+24:00", "2026-01-01T10:00:00+01:60", "2026-01-01T10:00:00 Z", "2026-01-01T10:00:00ZZ",
		"2026-01-01T10:00:00.123", "2026-01-01X10:00:00Z", "2026-01-01T10:00:00UTC", "01/02/2026", "yesterday",
		"2026-02-30T10:00:00Z"} {
		cs = append(cs, badCase{name: "activities: date " + d, files: badActivity("t2,a1," + d + ",call,outbound,ann@x.com,,"),
			file: ActivitiesFile, line: 3, column: "date", value: d})
	}
	for _, m := range []string{"abc", "-5", "1,5", "+3", "1e2", "0.1234567", "1.2.3", ".5", "-", "1 0", "5m"} {
		cs = append(cs, badCase{name: "activities: minutes " + m, files: badActivity("t2,a1,2026-03-01,call,,ann@x.com,,\"" + m + "\""),
			file: ActivitiesFile, line: 3, column: "minutes", value: m})
	}
	for _, m := range []string{"2026-13", "2026-1", "2026-01-05", "2026-00", "26-01", "2026/01", "Jan 2026"} {
		cs = append(cs, badCase{name: "revenue: month " + m, files: badRevenue("a1,Widgets," + m + ",5"),
			file: RevenueFile, line: 3, column: "month", value: m})
	}
	for _, a := range []string{"1,000.00", "+5", "12.3456789", "1e3", "$5", "5 EUR", "1 000", "12,5", "--5", "99999999999999999"} {
		cs = append(cs, badCase{name: "revenue: amount " + a, files: badRevenue("a1,Widgets,2026-02,\"" + a + "\""),
			file: RevenueFile, line: 3, column: "amount", value: a})
	}
	return cs
}

func TestLoadRefusesBadInput(t *testing.T) {
	modes := []struct {
		name string
		asOf []slcs.Day
	}{
		{"as-of by rule", nil},
		{"as-of given", []slcs.Day{slcs.MakeDay(2026, 3, 31)}},
	}
	for _, c := range badCases() {
		for _, mode := range modes {
			t.Run(c.name+"/"+mode.name, func(t *testing.T) {
				dir := writePortfolio(t, c.files)
				wantFile := filepath.Join(dir, c.file)

				b, sum, err := Load(dir, opts(false, mode.asOf...))
				ie := inputError(t, err)
				if b != nil || sum != nil {
					t.Errorf("Load returned a builder or summary with an error")
				}
				p := ie.Problems[0]
				checkProblem(t, p, wantFile, c)
				msg := p.Error()
				if !strings.Contains(msg, wantFile) {
					t.Errorf("message %q does not name the file %q", msg, wantFile)
				}
				if c.line > 0 && !strings.Contains(msg, fmt.Sprintf("line %d", c.line)) {
					t.Errorf("message %q does not name line %d", msg, c.line)
				}
				if c.line == 0 && strings.Contains(msg, "line ") {
					t.Errorf("message %q names a line for a file-level problem", msg)
				}
				if c.column != "" && !strings.Contains(msg, "column "+c.column) {
					t.Errorf("message %q does not name column %q", msg, c.column)
				}
				if c.value != "" && !strings.Contains(msg, strconv.Quote(c.value)) {
					t.Errorf("message %q does not quote the value %q", msg, c.value)
				}
				for _, s := range c.msg {
					if !strings.Contains(msg, s) {
						t.Errorf("message %q does not contain %q", msg, s)
					}
				}
				if !strings.Contains(ie.Error(), msg) {
					t.Errorf("InputError.Error() %q does not contain the first problem %q", ie.Error(), msg)
				}
				if p.Rule == "" {
					t.Errorf("problem without a rule: %+v", p)
				}

				// with SkipInvalid, a row problem is skipped and reported the
				// same; a file problem still refuses the portfolio
				b, sum, err = Load(dir, opts(true, mode.asOf...))
				if c.fatal {
					checkProblem(t, inputError(t, err).Problems[0], wantFile, c)
					return
				}
				if err != nil {
					t.Fatalf("SkipInvalid: unexpected error: %v", err)
				}
				if len(sum.Skipped) != 1 {
					var got []string
					for _, s := range sum.Skipped {
						got = append(got, s.Error())
					}
					t.Fatalf("SkipInvalid: want 1 skipped row, got %d:\n%s", len(sum.Skipped), strings.Join(got, "\n"))
				}
				checkProblem(t, sum.Skipped[0], wantFile, c)
				b.Classify() // must not panic
			})
		}
	}
}

func checkProblem(t *testing.T, p *RowError, wantFile string, c badCase) {
	t.Helper()
	if p.File != wantFile || p.Line != c.line || p.Column != c.column {
		t.Errorf("problem at (%s, line %d, column %q), want (%s, line %d, column %q): %v",
			p.File, p.Line, p.Column, wantFile, c.line, c.column, p)
	}
	if p.Value != c.value {
		t.Errorf("problem value %q, want %q: %v", p.Value, c.value, p)
	}
}

// TestHeaderProblemLineAfterBlankLines: blank lines before the header are
// skipped, and a problem of the header is on the header's physical line,
// as a syntax error of the same header is (and as every data row is).
func TestHeaderProblemLineAfterBlankLines(t *testing.T) {
	for _, c := range []struct {
		name, content, column string
	}{
		{"syntax error", "\n\naccount_id,na\"me\na1,Acme\n", "field 2"},
		{"column given twice", "\n\naccount_id,name,account_id\na1,Acme,a1\n", "account_id"},
		{"required column missing", "\n\naccount_id\na1\n", "name"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writePortfolio(t, onlyAccounts(c.content))
			_, _, err := Load(dir, opts(false))
			// only the line is tested here (whether the error is an
			// *InputError is the business of TestLoadRefusesBadInput)
			var p *RowError
			if ie, ok := err.(*InputError); ok && len(ie.Problems) > 0 {
				p = ie.Problems[0]
			} else if !errors.As(err, &p) {
				t.Fatalf("want a problem, got %v", err)
			}
			if p.Line != 3 || p.Column != c.column {
				t.Errorf("problem at line %d, column %q; want line 3 (the header's physical line), column %q: %v",
					p.Line, p.Column, c.column, p)
			}
		})
	}
	// rows after such a header count physical lines
	dir := writePortfolio(t, onlyAccounts("\n\naccount_id,name,employees\na1,Acme,x\n"))
	_, _, err := Load(dir, opts(false))
	if p := inputError(t, err).Problems[0]; p.Line != 4 || p.Column != "employees" {
		t.Errorf("problem at line %d column %q, want line 4 column employees", p.Line, p.Column)
	}
}

// TestProblemsAreListedInLineOrder: every bad row of the file is a problem,
// in line order, up to the maximum, and More counts the others.
func TestProblemsAreListedInLineOrder(t *testing.T) {
	t.Run("a few", func(t *testing.T) {
		dir := writePortfolio(t, withFile(ActivitiesFile, activitiesHeader+
			"t1,a1,2026-03-01,email,,ann@x.com,,\n"+ // 2
			"t1,a1,2026-03-01,email,,ann@x.com,,\n"+ // 3: duplicate
			"t3,a1,2026-03-99,email,,ann@x.com,,\n"+ // 4: date
			"t4,zz,2026-03-01,email,,ann@x.com,,\n"+ // 5: account
			"t5,a1,2026-03-01,email,,ann@x.com,,\n"+ // 6
			"t1,a1,2026-03-01,email,,ann@x.com,,\n"+ // 7: duplicate
			"t7,a1,2026-03-01,fax,,ann@x.com,,\n")) // 8: type
		for _, asOf := range [][]slcs.Day{nil, {slcs.MakeDay(2026, 3, 31)}} {
			_, _, err := Load(dir, opts(false, asOf...))
			ie := inputError(t, err)
			want := []struct {
				line int
				col  string
			}{{3, "activity_id"}, {4, "date"}, {5, "account_id"}, {7, "activity_id"}, {8, "type"}}
			if len(ie.Problems) != len(want) || ie.More != 0 {
				t.Fatalf("got %d problems (+%d more), want %d:\n%v", len(ie.Problems), ie.More, len(want), ie)
			}
			for i, w := range want {
				if p := ie.Problems[i]; p.Line != w.line || p.Column != w.col {
					t.Errorf("problem %d at line %d column %q, want line %d column %q", i, p.Line, p.Column, w.line, w.col)
				}
			}
			if !strings.Contains(ie.Problems[3].Error(), "line 2") {
				t.Errorf("duplicate message %q does not name the first line", ie.Problems[3].Error())
			}
		}
	})
	for _, c := range []struct {
		file, col string
		row       func(i int) string
	}{
		{AccountsFile, "employees", func(i int) string { return fmt.Sprintf("b%d,Name,,,x%d,", i, i) }},
		{TeamFile, "capacity_hours", func(i int) string { return fmt.Sprintf("p%d@x.com,P,-%d", i, i+1) }},
		{ActivitiesFile, "date", func(i int) string { return fmt.Sprintf("t%d,a1,2026-02-3%d,,,ann@x.com,,", i, i) }},
		{RevenueFile, "month", func(i int) string { return fmt.Sprintf("a1,W,2026-%d,1", 13+i) }},
	} {
		t.Run("many in "+c.file, func(t *testing.T) {
			var sb strings.Builder
			header := map[string]string{AccountsFile: accountsHeader, TeamFile: teamHeader, ActivitiesFile: activitiesHeader, RevenueFile: revenueHeader}[c.file]
			sb.WriteString(header)
			for i := range 15 {
				sb.WriteString(c.row(i) + "\n") // lines 2..16, all bad
			}
			files := withFile(c.file, sb.String())
			for _, asOf := range [][]slcs.Day{nil, {slcs.MakeDay(2026, 3, 31)}} {
				dir := writePortfolio(t, files)
				_, _, err := Load(dir, opts(false, asOf...))
				ie := inputError(t, err)
				if len(ie.Problems) != maxProblems {
					t.Fatalf("got %d problems, want %d", len(ie.Problems), maxProblems)
				}
				for i, p := range ie.Problems {
					if p.Line != i+2 || p.Column != c.col {
						t.Errorf("problem %d at line %d column %q, want line %d column %s", i, p.Line, p.Column, i+2, c.col)
					}
				}
				// InputError.More is > 0 "when reading stopped with more to
				// find": 5 bad rows are not listed
				if ie.More <= 0 {
					t.Errorf("More = %d, want > 0 (15 bad rows, %d listed)", ie.More, len(ie.Problems))
				}
				if lines := strings.Split(ie.Error(), "\n"); len(lines) != maxProblems+1 || !strings.Contains(lines[maxProblems], "more") {
					t.Errorf("message does not say that there are more problems:\n%v", ie)
				}
			}
		})
	}
}

func TestNotAFolder(t *testing.T) {
	dir := t.TempDir()
	for _, path := range []string{filepath.Join(dir, "nope"), filepath.Join(writePortfolio(t, onlyAccounts(okAccounts)), AccountsFile)} {
		_, _, err := Load(path, opts(false))
		if p := inputError(t, err).Problems[0]; p.File != path {
			t.Errorf("problem names %q, want %q", p.File, path)
		}
	}
}

func TestRowErrorMessage(t *testing.T) {
	for _, c := range []struct {
		e    RowError
		want string
	}{
		{RowError{File: "/p/a.csv", Line: 3, Column: "employees", Rule: "bad", Value: "x"}, `/p/a.csv: line 3, column employees: bad: "x"`},
		{RowError{File: "/p/a.csv", Line: 3, Rule: "bad"}, `/p/a.csv: line 3: bad`},
		{RowError{File: "/p/a.csv", Column: "email", Rule: "bad"}, `/p/a.csv: column email: bad`},
		{RowError{File: "/p/a.csv", Rule: "missing"}, `/p/a.csv: missing`},
		{RowError{File: "f", Line: 1, Column: "c", Rule: "r", Value: "a\"b\n"}, `f: line 1, column c: r: "a\"b\n"`},
		{RowError{File: "f", Line: 1, Column: "c", Rule: "r", Value: strings.Repeat("x", 70)}, `f: line 1, column c: r: "` + strings.Repeat("x", 57) + `..."`},
	} {
		if got := c.e.Error(); got != c.want {
			t.Errorf("Error() = %q, want %q", got, c.want)
		}
	}
	ie := &InputError{Problems: []*RowError{{File: "f", Line: 2, Rule: "a"}, {File: "f", Line: 3, Rule: "b"}}}
	if got, want := ie.Error(), "f: line 2: a\nf: line 3: b"; got != want {
		t.Errorf("InputError.Error() = %q, want %q", got, want)
	}
	ie.More = 4
	if got, want := ie.Error(), "f: line 2: a\nf: line 3: b\n"; !strings.HasPrefix(got, want) || !strings.Contains(got[len(want):], "more") {
		t.Errorf("InputError.Error() = %q, want the problems and a line saying there are more", got)
	}
}

// TestRevenueSumTooLarge: amounts that each fit but whose sum for one
// account, product and month does not are refused at the row that
// overflows.
func TestRevenueSumTooLarge(t *testing.T) {
	files := withFile(RevenueFile, revenueHeader+
		"a1,W,2026-03,9223372036854\n"+
		"a2,W,2026-03,9223372036854\n"+
		"a1,V,2026-03,9223372036854\n"+
		"\n"+
		"a1,W,2026-03,9223372036854\n") // line 6
	for _, asOf := range [][]slcs.Day{nil, {slcs.MakeDay(2026, 3, 31)}} {
		dir := writePortfolio(t, files)
		_, _, err := Load(dir, opts(false, asOf...))
		p := inputError(t, err).Problems[0]
		if p.File != filepath.Join(dir, RevenueFile) || p.Line != 6 || p.Column != "amount" {
			t.Errorf("problem %v, want revenue.csv line 6 column amount", p)
		}
		_, sum, err := Load(dir, opts(true, asOf...))
		if err != nil {
			t.Fatal(err)
		}
		if len(sum.Skipped) != 1 || sum.Skipped[0].Line != 6 || sum.RevenueRows != 3 {
			t.Errorf("skipped %v, %d revenue rows; want line 6 skipped and 3 rows", sum.Skipped, sum.RevenueRows)
		}
	}
}
