package portfolio

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/slcs/slcs"
)

var march31 = slcs.MakeDay(2026, 3, 31)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestFormatBOM(t *testing.T) {
	const bom = "\xef\xbb\xbf"
	files := map[string]string{
		AccountsFile:   bom + "account_id,name,owner\na1,Acme,ann@x.com\na2,Beta,\n",
		TeamFile:       bom + "email,capacity_hours\nann@x.com,80\n",
		ActivitiesFile: bom + "activity_id,account_id,date,our_people\nt1,a1,2026-03-31,ann@x.com\n",
		RevenueFile:    bom + "account_id,product,month,amount\na2,W,2026-03,10\n",
	}
	for _, asOf := range [][]slcs.Day{nil, {march31}} {
		r, sum := mustClassify(t, files, opts(false, asOf...))
		if sum.Accounts != 2 || sum.Team != 1 || sum.Activities != 1 || sum.RevenueRows != 1 {
			t.Errorf("summary %+v, want 2 accounts, 1 team member, 1 activity, 1 revenue row", sum)
		}
		if got := account(t, r, "a1").Name; got != "Acme" {
			t.Errorf("name %q, want Acme", got)
		}
		if got := auditRow(t, r, "ann@x.com").Capacity; got != 80 {
			t.Errorf("capacity %v, want 80", got)
		}
		if got := account(t, r, "a2").Revenue12m; got != 10e6 {
			t.Errorf("revenue %d, want 10e6", got)
		}
	}
	// a BOM anywhere but at the start of the file is data
	dir := writePortfolio(t, onlyAccounts("account_id,name\n"+bom+"a1,Acme\n"))
	b, _ := mustLoad(t, dir, opts(false))
	if id := b.Classify().Accounts[0].ID; id != bom+"a1" {
		t.Errorf("id %q, want the BOM kept", id)
	}
}

func TestFormatCRLF(t *testing.T) {
	files := map[string]string{
		AccountsFile:   "account_id,owner,name\r\na1,ann@x.com,Acme\r\na2,ann@x.com,\"Be\r\nta\"\r\n",
		TeamFile:       "email,capacity_hours\r\nann@x.com,150.5\r\n",
		ActivitiesFile: "activity_id,account_id,date,our_people,their_people,minutes\r\nt1,a1,2026-03-30,ann@x.com,joe@acme.com,18\r\n",
		RevenueFile:    "account_id,product,month,amount\r\na1,W,2026-03,250.5\r\n",
	}
	r, sum := mustClassify(t, files, opts(false, march31))
	if sum.Accounts != 2 || sum.Team != 1 || sum.Activities != 1 || sum.RevenueRows != 1 {
		t.Errorf("summary %+v", sum)
	}
	if got := account(t, r, "a1").Name; got != "Acme" {
		t.Errorf("name %q, want Acme", got)
	}
	if got := account(t, r, "a2").Name; got != "Be\nta" {
		t.Errorf("name %q, want a quoted CRLF read as LF", got)
	}
	ann := auditRow(t, r, "ann@x.com")
	if ann.Capacity != 150.5 {
		t.Errorf("capacity %v, want 150.5", ann.Capacity)
	}
	if got := totalActual(ann); !near(got, 18.0/180) {
		t.Errorf("actual hours %v, want 18 minutes over 90 days = %v", got, 18.0/180)
	}
	if got := account(t, r, "a1").Revenue12m; got != 250_500_000 {
		t.Errorf("revenue %d, want 250.5e6", got)
	}
	if got := account(t, r, "a1").Pairs.Raw; got != 1 {
		t.Errorf("pairs %v, want 1", got)
	}
}

func TestFormatHeaders(t *testing.T) {
	files := map[string]string{
		AccountsFile: "Notes, EMPLOYEES ,\tName\t,\"Account_ID\",Owner,notes,,INDUSTRY,Domains\n" +
			"n1,12,Acme,a1,Ann@X.com,n2,,Tech,acme.com\n" +
			"n1,,Beta,a2,,n2,,,\n",
		TeamFile:       "Capacity_Hours,  EMAIL\t,Name,Extra\n90,ann@x.com,Ann,?\n",
		ActivitiesFile: "MINUTES,Their_People,Our_People,Direction,Type,Date,Account_Id,Activity_ID,comment\n20,joe@acme.com,ANN@x.com,Inbound,Call,2026-03-31,a1,t1,hi\n",
		RevenueFile:    "Amount,MONTH,Product,Account_ID,Currency\n40,2026-03,W,a1,EUR\n",
	}
	for _, asOf := range [][]slcs.Day{nil, {march31}} {
		r, sum := mustClassify(t, files, opts(false, asOf...))
		if sum.AsOf != march31 {
			t.Errorf("as-of %v, want %v", sum.AsOf, march31)
		}
		a1 := account(t, r, "a1")
		if a1.Name != "Acme" || a1.Owner != "Ann@X.com" || a1.Seller != "ann@x.com" || a1.Industry != "Tech" ||
			!a1.EmployeesGiven || a1.Employees != 12 {
			t.Errorf("a1 = %+v", a1)
		}
		if a1.Activities != 1 || a1.Inbound != 1 || a1.Revenue12m != 40e6 {
			t.Errorf("a1 activities %d inbound %d revenue %d, want 1, 1, 40e6", a1.Activities, a1.Inbound, a1.Revenue12m)
		}
		ann := auditRow(t, r, "ann@x.com")
		if ann.Capacity != 90 || !near(totalActual(ann), 20.0/180) || ann.OwnedAccounts != 1 {
			t.Errorf("ann = %+v", ann)
		}
		if a2 := account(t, r, "a2"); a2.Name != "Beta" || a2.EmployeesGiven {
			t.Errorf("a2 = %+v", a2)
		}
	}
}

func TestFormatQuotedFields(t *testing.T) {
	files := map[string]string{
		AccountsFile: accountsHeader +
			"a1,\"Acme, \"\"Big\"\" Inc\",ann@x.com,\"tech, hardware\",10,\"acme.com;acme.org\"\n" + // 2
			"\"a2\",\"Two\nLines\",\"\",,\"\",\n" + // 3-4
			"\"a,3\",\"\"\"\",,,,\n" + // 5
			"a4,\"  padded  \",,,\" 7 \",\n" + // 6
			"a5,Epsilon,,,x,\n", // 7: bad
		ActivitiesFile: activitiesHeader +
			"t1,\"a,3\",2026-03-31,\"Meeting\",,\"ann@x.com;\nbob@x.com\",\"joe@acme.com; sue@acme.com\",\"30\"\n" + // 2-3
			"t2,a1,2026-03-31,call,,ann@x.com,,\"1,5\"\n", // 4: bad
	}
	r, sum := mustClassify(t, files, opts(true, march31))
	for _, c := range []struct{ id, name string }{
		{"a1", `Acme, "Big" Inc`}, {"a2", "Two\nLines"}, {"a,3", `"`}, {"a4", "padded"},
	} {
		if got := account(t, r, c.id).Name; got != c.name {
			t.Errorf("%s: name %q, want %q", c.id, got, c.name)
		}
	}
	if got := account(t, r, "a1").Industry; got != "tech, hardware" {
		t.Errorf("industry %q", got)
	}
	if a4 := account(t, r, "a4"); !a4.EmployeesGiven || a4.Employees != 7 {
		t.Errorf("a4 employees %v given %v, want 7", a4.Employees, a4.EmployeesGiven)
	}
	a3 := account(t, r, "a,3")
	if a3.Activities != 1 {
		t.Errorf("a,3 activities %d, want 1", a3.Activities)
	}
	// ann@x.com and "\nbob@x.com" (a line break is not trimmed) with two
	// client people
	if a3.Pairs.Raw != 4 {
		t.Errorf("pairs %v, want 4", a3.Pairs.Raw)
	}
	if len(sum.Skipped) != 2 {
		t.Fatalf("skipped %v, want 2 rows", sum.Skipped)
	}
	// the later bad rows count the extra physical lines of quoted fields
	for i, w := range []struct {
		file   string
		line   int
		column string
	}{{AccountsFile, 7, "employees"}, {ActivitiesFile, 4, "minutes"}} {
		s := sum.Skipped[i]
		if filepath.Base(s.File) != w.file || s.Line != w.line || s.Column != w.column {
			t.Errorf("skipped %d: %v, want %s line %d column %s", i, s, w.file, w.line, w.column)
		}
	}
	if sum.Skipped[1].Value != "1,5" {
		t.Errorf("value %q, want 1,5", sum.Skipped[1].Value)
	}
}

func TestFormatBlankLines(t *testing.T) {
	files := map[string]string{
		AccountsFile: "\n \t\naccount_id,name\n\na1,Acme\n   \n\t\t\n\na2,Beta\n\n\n \n",
		TeamFile:     "email\n\nann@x.com\n\n  \n\t\nbob@x.com\n\n\n",
		ActivitiesFile: activitiesHeader + "\n" +
			"t1,a1,2026-03-31,email,,ann@x.com,,\n" +
			"  \t  \n" +
			"t2,a2,2026-03-31,email,,bob@x.com,,\n\n",
		RevenueFile: "\r\n" + revenueHeader + "\r\n \r\na1,W,2026-03,5\r\n\r\n",
	}
	for _, asOf := range [][]slcs.Day{nil, {march31}} {
		r, sum := mustClassify(t, files, opts(false, asOf...))
		if sum.Accounts != 2 || sum.Team != 2 || sum.Activities != 2 || sum.RevenueRows != 1 || len(sum.Skipped) != 0 {
			t.Errorf("summary %+v, want 2 accounts, 2 team, 2 activities, 1 revenue row", sum)
		}
		if len(r.Accounts) != 2 || r.Accounts[0].Activities != 1 || r.Accounts[1].Activities != 1 {
			t.Errorf("accounts %+v", r.Accounts)
		}
	}
	// a one-column file with empty lines and no rows at all
	_, sum := mustClassify(t, withFile(TeamFile, "\n EMAIL \n\n\n"), opts(false))
	if sum.Team != 0 {
		t.Errorf("team %d, want 0", sum.Team)
	}
}

func TestFormatTrimmedValues(t *testing.T) {
	files := map[string]string{
		AccountsFile: "account_id,name,owner,employees\n" +
			" a1\t, \tAcme Corp \t,\t Ann@X.com ,  5\t\n" +
			"\ta2 ,Beta,,\n",
		TeamFile:       "email,capacity_hours\n  ann@x.com\t, 60 \n",
		ActivitiesFile: activitiesHeader + " t1 ,\t a1 , 2026-03-31 , Call ,\tinbound\t, ANN@x.com , Joe@Acme.com ,\t 12.5 \n",
		RevenueFile:    revenueHeader + " a2\t,\tW , 2026-03 ,\t-1.5 \n",
	}
	r, sum := mustClassify(t, files, opts(false))
	if sum.AsOf != march31 || sum.Activities != 1 {
		t.Errorf("summary %+v", sum)
	}
	a1 := account(t, r, "a1")
	if a1.Name != "Acme Corp" || a1.Owner != "Ann@X.com" || a1.Employees != 5 || a1.Activities != 1 || a1.Inbound != 1 {
		t.Errorf("a1 = %+v", a1)
	}
	if a2 := account(t, r, "a2"); a2.Revenue12m != -1_500_000 {
		t.Errorf("a2 revenue %d, want -1.5e6", a2.Revenue12m)
	}
	ann := auditRow(t, r, "ann@x.com")
	if ann.Capacity != 60 || ann.OwnedAccounts != 1 || !near(totalActual(ann), 12.5/180) {
		t.Errorf("ann = %+v", ann)
	}
	if len(r.Audit) != 1 {
		t.Errorf("audit %+v, want only ann@x.com", r.Audit)
	}
}

func TestFormatTypeAndDirection(t *testing.T) {
	files := map[string]string{
		AccountsFile: "account_id,name\na1,A\n",
		ActivitiesFile: activitiesHeader +
			"t1,a1,2026-03-31,EMAIL,INBOUND,ann@x.com,,\n" +
			"t2,a1,2026-03-31,Call,Inbound,ann@x.com,,\n" +
			"t3,a1,2026-03-31,mEeTiNg,OutBound,ann@x.com,,\n" +
			"t4,a1,2026-03-31,OTHER,,ann@x.com,,\n" +
			"t5,a1,2026-03-31,,outbound,ann@x.com,,\n" +
			"t6,a1,2026-03-31,email,iNbOuNd,ann@x.com,,\n",
	}
	r, _ := mustClassify(t, files, opts(false, march31))
	a1 := account(t, r, "a1")
	if a1.Activities != 6 || a1.Inbound != 3 {
		t.Errorf("activities %d inbound %d, want 6 and 3", a1.Activities, a1.Inbound)
	}
	// type weights: email .25, call .5, meeting 1, other .25 (empty: other)
	if want := 0.25 + 0.5 + 1 + 0.25 + 0.25 + 0.25; !near(a1.Frequency.Raw, want) {
		t.Errorf("frequency %v, want %v", a1.Frequency.Raw, want)
	}
	if !near(a1.Proactiveness.Raw, 0.5) {
		t.Errorf("proactiveness %v, want 0.5", a1.Proactiveness.Raw)
	}
	// default minutes by type: email 5, call 15, meeting 30, other 15
	if want := (5.0 + 15 + 30 + 15 + 15 + 5) / 180; !near(totalActual(auditRow(t, r, "ann@x.com")), want) {
		t.Errorf("actual hours %v, want %v", totalActual(auditRow(t, r, "ann@x.com")), want)
	}
}

func TestFormatDates(t *testing.T) {
	for _, c := range []struct {
		date string
		want slcs.Day
	}{
		{"2026-03-04", slcs.MakeDay(2026, 3, 4)},
		{"2026-03-04T23:30:00-05:00", slcs.MakeDay(2026, 3, 5)},
		{"2026-03-05T00:30:00+02:00", slcs.MakeDay(2026, 3, 4)},
		{"2026-03-04T18:59:59-05:00", slcs.MakeDay(2026, 3, 4)},
		{"2026-03-04T19:00:00-05:00", slcs.MakeDay(2026, 3, 5)},
		{"2026-03-04t10:00:00z", slcs.MakeDay(2026, 3, 4)},
		{"2026-03-04 10:00:00Z", slcs.MakeDay(2026, 3, 4)},
		{"2026-03-04T10:00:00.5Z", slcs.MakeDay(2026, 3, 4)},
		{"2026-03-04T23:59:59.999999999+00:00", slcs.MakeDay(2026, 3, 4)},
		{"2026-03-04T23:59:59.123-00:01", slcs.MakeDay(2026, 3, 5)},
		{"2026-03-04T00:00:00+00:01", slcs.MakeDay(2026, 3, 3)},
		{"2026-03-04T23:59:60Z", slcs.MakeDay(2026, 3, 4)},
		{"2026-03-01T00:10:00+01:00", slcs.MakeDay(2026, 2, 28)},
		{"2024-03-01T00:10:00+01:00", slcs.MakeDay(2024, 2, 29)},
		{"2025-12-31T23:00:00-02:00", slcs.MakeDay(2026, 1, 1)},
		{"2026-01-01T01:00:00+05:30", slcs.MakeDay(2025, 12, 31)},
		{"2026-03-04T12:00:00+23:59", slcs.MakeDay(2026, 3, 3)},
		{"2026-03-04T12:00:00-23:59", slcs.MakeDay(2026, 3, 5)},
		{"2024-02-29", slcs.MakeDay(2024, 2, 29)},
		{"2000-02-29", slcs.MakeDay(2000, 2, 29)},
	} {
		t.Run(c.date, func(t *testing.T) {
			files := withFile(ActivitiesFile, activitiesHeader+"t1,a1,"+c.date+",email,,ann@x.com,,\n")
			o := opts(false)
			o.Today = slcs.MakeDay(2030, 1, 1)
			_, sum := mustClassify(t, files, o)
			if sum.AsOf != c.want || sum.AsOfRule != AsOfLatestActivity {
				t.Errorf("as-of %v by %v, want %v by the latest activity", sum.AsOf, sum.AsOfRule, c.want)
			}
			// as of the UTC date, the activity counts; a day before, it is in
			// the future and does not
			for _, d := range []struct {
				asOf slcs.Day
				n    int64
			}{{c.want, 1}, {c.want - 1, 0}} {
				r, _ := mustClassify(t, files, opts(false, d.asOf))
				if got := account(t, r, "a1").Activities; got != d.n {
					t.Errorf("as of %v: %d activities, want %d", d.asOf, got, d.n)
				}
			}
		})
	}
}

func TestFormatAsOfRule(t *testing.T) {
	acc := "account_id,name\na1,A\n"
	for _, c := range []struct {
		name  string
		files map[string]string
		want  slcs.Day
		rule  AsOfRule
	}{
		{"no activities, no revenue", map[string]string{AccountsFile: acc}, testToday, AsOfToday},
		{"revenue only", map[string]string{AccountsFile: acc, RevenueFile: revenueHeader + "a1,W,2026-02,1\na1,W,2025-11,1\n"},
			slcs.MakeDay(2026, 2, 28), AsOfLatestRevenue},
		{"activity after today ignored", map[string]string{AccountsFile: acc, ActivitiesFile: activitiesHeader +
			"t1,a1,2026-03-01,,,ann@x.com,,\nt2,a1,2027-01-01,,,ann@x.com,,\nt3,a1,2026-06-30T23:00:00-05:00,,,ann@x.com,,\n"},
			slcs.MakeDay(2026, 3, 1), AsOfLatestActivity},
		{"activity on today", map[string]string{AccountsFile: acc, ActivitiesFile: activitiesHeader + "t1,a1,2026-03-01,,,ann@x.com,,\nt2,a1,2026-06-30,,,ann@x.com,,\n"},
			testToday, AsOfLatestActivity},
		{"only future activities: revenue", map[string]string{AccountsFile: acc, ActivitiesFile: activitiesHeader + "t1,a1,2027-01-01,,,ann@x.com,,\n",
			RevenueFile: revenueHeader + "a1,W,2026-04,1\n"}, slcs.MakeDay(2026, 4, 30), AsOfLatestRevenue},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, sum := mustClassify(t, c.files, opts(false))
			if sum.AsOf != c.want || sum.AsOfRule != c.rule {
				t.Errorf("as-of %v by %v, want %v by %v", sum.AsOf, sum.AsOfRule, c.want, c.rule)
			}
		})
	}
	_, sum := mustClassify(t, map[string]string{AccountsFile: acc}, opts(false, march31))
	if sum.AsOf != march31 || sum.AsOfRule != AsOfGiven {
		t.Errorf("as-of %v by %v, want the given %v", sum.AsOf, sum.AsOfRule, march31)
	}
}

func TestFormatNumbers(t *testing.T) {
	amounts := []struct {
		amount string
		micros int64
	}{
		{"3", 3_000_000}, {"-12.5", -12_500_000}, {"0.125", 125_000}, {"3.", 3_000_000},
		{"0.000001", 1}, {"-0", 0}, {"007.50", 7_500_000}, {"123456.654321", 123_456_654_321},
	}
	var acc, rev strings.Builder
	acc.WriteString("account_id,name\n")
	rev.WriteString(revenueHeader)
	for i, a := range amounts {
		id := string(rune('a' + i))
		acc.WriteString(id + ",\n")
		rev.WriteString(id + ",W,2026-03," + a.amount + "\n")
	}
	// several rows of the same account, product and month add up; so do
	// other products and months of the window; months outside it do not count
	acc.WriteString("z,\n")
	rev.WriteString("z,W,2026-03,1.5\nz,W,2026-03,2.25\nz,V,2026-03,-0.75\nz,W,2025-04,10\nz,W,2025-03,100\nz,W,2026-04,1000\n")
	r, sum := mustClassify(t, map[string]string{AccountsFile: acc.String(), RevenueFile: rev.String()}, opts(false, march31))
	for i, a := range amounts {
		id := string(rune('a' + i))
		if got := account(t, r, id).Revenue12m; got != a.micros {
			t.Errorf("amount %q: revenue %d, want %d", a.amount, got, a.micros)
		}
	}
	if got := account(t, r, "z").Revenue12m; got != 13_000_000 {
		t.Errorf("z revenue %d, want 13e6 (1.5 + 2.25 - 0.75 + 10)", got)
	}
	if sum.RevenueRows != len(amounts)+6 {
		t.Errorf("revenue rows %d, want %d (every valid row, any month)", sum.RevenueRows, len(amounts)+6)
	}

	// minutes, capacity and employees
	files := map[string]string{
		AccountsFile: "account_id,name,owner,employees\na1,A,ann@x.com,007\na2,B,bob@x.com,0\na3,C,cy@x.com,\n",
		TeamFile:     "email,capacity_hours\nann@x.com,0.5\nbob@x.com,3.\ncy@x.com,\n",
		ActivitiesFile: activitiesHeader +
			"t1,a1,2026-03-31,meeting,,ann@x.com,,0.125\n" +
			"t2,a1,2026-03-31,meeting,,ann@x.com,,3.\n" +
			"t3,a1,2026-03-31,meeting,,bob@x.com,,0\n" +
			"t4,a1,2026-03-31,meeting,,bob@x.com,,0.000000\n" +
			"t5,a1,2026-03-31,meeting,,cy@x.com,,\n",
	}
	r, _ = mustClassify(t, files, opts(false, march31))
	for _, c := range []struct {
		person   string
		capacity float64
		minutes  float64
	}{{"ann@x.com", 0.5, 3.125}, {"bob@x.com", 3, 0}, {"cy@x.com", 120, 30}} {
		p := auditRow(t, r, c.person)
		if p.Capacity != c.capacity || !near(totalActual(p), c.minutes/180) {
			t.Errorf("%s: capacity %v actual %v, want %v and %v", c.person, p.Capacity, totalActual(p), c.capacity, c.minutes/180)
		}
	}
	if a := account(t, r, "a1"); !a.EmployeesGiven || a.Employees != 7 {
		t.Errorf("a1 employees %v given %v, want 7", a.Employees, a.EmployeesGiven)
	}
	if a := account(t, r, "a3"); a.EmployeesGiven {
		t.Errorf("a3 employees given for an empty cell")
	}
}

func TestFormatEmptyNameDisplaysAsID(t *testing.T) {
	r, _ := mustClassify(t, onlyAccounts("account_id,name\na1,\na2,  \t\na3,\"\"\na4,Named\n"), opts(false))
	for _, c := range []struct{ id, name string }{{"a1", "a1"}, {"a2", "a2"}, {"a3", "a3"}, {"a4", "Named"}} {
		if got := account(t, r, c.id).Name; got != c.name {
			t.Errorf("%s: name %q, want %q", c.id, got, c.name)
		}
	}
}

func TestFormatOptionalFilesAbsent(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
	}{
		{"accounts only", onlyAccounts(okAccounts)},
		{"accounts and team", withFile(TeamFile, okTeam)},
		{"accounts and activities", withFile(ActivitiesFile, okActivities)},
		{"accounts and revenue", withFile(RevenueFile, okRevenue)},
		{"header-only files", map[string]string{AccountsFile: okAccounts, TeamFile: teamHeader, ActivitiesFile: activitiesHeader, RevenueFile: revenueHeader}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, sum := mustClassify(t, c.files, opts(false))
			want := Summary{Accounts: 2, AsOf: testToday, AsOfRule: AsOfToday}
			if _, ok := c.files[TeamFile]; ok && c.files[TeamFile] == okTeam {
				want.Team = 2
			}
			if c.files[ActivitiesFile] == okActivities {
				want.Activities = 1
				want.AsOf, want.AsOfRule = slcs.MakeDay(2026, 3, 1), AsOfLatestActivity
			}
			if c.files[RevenueFile] == okRevenue {
				want.RevenueRows = 1
				want.AsOf, want.AsOfRule = slcs.MakeDay(2026, 2, 28), AsOfLatestRevenue
			}
			if sum.Accounts != want.Accounts || sum.Team != want.Team || sum.Activities != want.Activities ||
				sum.RevenueRows != want.RevenueRows || sum.AsOf != want.AsOf || sum.AsOfRule != want.AsOfRule || len(sum.Skipped) != 0 {
				t.Errorf("summary %+v, want %+v", sum, want)
			}
			if len(r.Accounts) != 2 {
				t.Errorf("%d accounts", len(r.Accounts))
			}
		})
	}
}

func TestFormatPeople(t *testing.T) {
	files := map[string]string{
		AccountsFile: "account_id,name,owner\na1,A,Ann@X.COM\n",
		TeamFile:     "email,capacity_hours\nANN@x.com,70\n",
		ActivitiesFile: activitiesHeader +
			"t1,a1,2026-03-31,call,,\"Ann@x.com; ann@x.com ;;\",\"Joe@Acme.com;joe@acme.com ; ;sue@acme.com;\",\n" +
			"t2,a1,2026-03-31,call,,; Bob@X.com,;,\n",
	}
	r, _ := mustClassify(t, files, opts(false, march31))
	a1 := account(t, r, "a1")
	if a1.Pairs.Raw != 2 {
		t.Errorf("pairs %v, want 2 (ann with joe and sue)", a1.Pairs.Raw)
	}
	var people []string
	for _, p := range r.Audit {
		people = append(people, p.Person)
	}
	if !slices.Equal(people, []string{"ann@x.com", "bob@x.com"}) {
		t.Errorf("audit people %q, want ann@x.com and bob@x.com", people)
	}
	ann := auditRow(t, r, "ann@x.com")
	// the call counts once for ann although she is named twice
	if ann.Capacity != 70 || ann.OwnedAccounts != 1 || !near(totalActual(ann), 15.0/180) {
		t.Errorf("ann = %+v", ann)
	}
	if len(r.Sellers) != 1 || r.Sellers[0].Seller != "ann@x.com" || r.Sellers[0].Capacity != 70 {
		t.Errorf("sellers %+v", r.Sellers)
	}
}

func TestFormatProductsCaseSensitiveAndTrimmed(t *testing.T) {
	s := slcs.DefaultSettings()
	s.Potential.MinBuyers, s.Potential.MinPeers = 1, 1
	files := map[string]string{
		AccountsFile: "account_id,name,employees\na1,A,1\na2,B,1\na3,C,1\n",
		RevenueFile: revenueHeader +
			"a1,Widgets,2026-01,100\n" +
			"a1, Widgets\t,2026-01,50\n" +
			"a2,Widgets,2026-02,300\n" +
			"a2,widgets,2026-02,10\n",
	}
	o := opts(false, march31)
	o.Settings = s
	r, _ := mustClassify(t, files, o)
	products := func(id string) map[string]float64 {
		m := map[string]float64{}
		for _, iso := range account(t, r, id).ISOs {
			m[iso.Product] = iso.Spend
		}
		return m
	}
	// a1 spent 150 on Widgets (two rows add up) and gets an upsell; it
	// never bought "widgets", a product of its own
	if got := products("a1"); len(got) != 2 || got["Widgets"] != 150 || got["widgets"] != 0 {
		t.Errorf("a1 ISOs %v, want Widgets (spend 150) and widgets", got)
	}
	if got := products("a3"); len(got) != 2 {
		t.Errorf("a3 ISOs %v, want a cross-sell of Widgets and of widgets", got)
	}
}

func TestAsOfRuleString(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range []AsOfRule{AsOfGiven, AsOfLatestActivity, AsOfLatestRevenue, AsOfToday} {
		s := r.String()
		if s == "" || seen[s] {
			t.Errorf("%d.String() = %q: empty or not distinct", r, s)
		}
		seen[s] = true
	}
}

// TestFormatIndustryGroups: industries are compared lower-cased, and an
// empty industry is the same group as "unknown".
func TestFormatIndustryGroups(t *testing.T) {
	r, _ := mustClassify(t, onlyAccounts("account_id,name,industry\n"+
		"a1,A,\na2,B,Unknown\na3,C, UNKNOWN \na4,D,unknown\na5,E,\n"+
		"b1,F,Tech\nb2,G,TECH\nb3,H,tech\nb4,I,tEcH\nb5,J,Tech \n"+
		"c1,K,Retail\n"), opts(false, march31))
	for _, a := range r.Accounts {
		want, size := "", 11
		switch a.ID[0] {
		case 'a':
			want, size = "unknown", 5
		case 'b':
			want, size = "tech", 5
		}
		if a.PeerGroup != want || a.PeerGroupSize != size {
			t.Errorf("%s (industry %q): peer group %q of %d, want %q of %d", a.ID, a.Industry, a.PeerGroup, a.PeerGroupSize, want, size)
		}
	}
}

// TestFormatDuplicateAfterBadRows: a duplicated activity_id is one used by
// an earlier valid row; an earlier bad row with that id does not count.
func TestFormatDuplicateAfterBadRows(t *testing.T) {
	files := withFile(ActivitiesFile, activitiesHeader+
		"t1,a1,2026-03-01,call,,ann@x.com,,\n"+ // 2
		"t2,a1,2026-03-99,call,,ann@x.com,,\n"+ // 3: bad date
		"t2,a1,2026-03-02,meeting,,ann@x.com,,\n"+ // 4: the first valid t2
		"t2,a2,2026-03-03,call,,bob@x.com,,\n"+ // 5: duplicate of line 4
		"t3,a1,2026-03-04,call,,,,\n"+ // 6: bad our_people
		"t3,a2,2026-03-05,email,,bob@x.com,,\n") // 7: valid
	for _, asOf := range [][]slcs.Day{nil, {march31}} {
		r, sum := mustClassify(t, files, opts(true, asOf...))
		var got []string
		for _, s := range sum.Skipped {
			got = append(got, fmt.Sprintf("%d:%s:%s", s.Line, s.Column, s.Rule))
		}
		if len(got) != 3 || !strings.HasPrefix(got[0], "3:date:") || !strings.HasPrefix(got[1], "5:activity_id:") ||
			!strings.Contains(got[1], "line 4") || !strings.HasPrefix(got[2], "6:our_people:") {
			t.Errorf("skipped %q, want line 3 (date), line 5 (duplicate of line 4), line 6 (our_people)", got)
		}
		if sum.Activities != 3 {
			t.Errorf("%d activities, want 3", sum.Activities)
		}
		if a1, a2 := account(t, r, "a1"), account(t, r, "a2"); a1.Activities != 2 || a2.Activities != 1 {
			t.Errorf("a1 %d activities, a2 %d; want 2 and 1", a1.Activities, a2.Activities)
		}
	}
}
