package portfolio

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// rec is one record of a file (it may span lines); bad names the column of
// its problem, or is "" for a good record.
type rec struct {
	text string
	bad  string
}

// skipFile is a file given by its records, the header first.
type skipFile []rec

// full is the file as written; clean is it without the bad records.
func (f skipFile) full() string  { return f.join(true) }
func (f skipFile) clean() string { return f.join(false) }

func (f skipFile) join(withBad bool) string {
	var b strings.Builder
	for _, r := range f {
		if r.bad == "" || withBad {
			b.WriteString(r.text)
			b.WriteString("\n")
		}
	}
	return b.String()
}

// skipped lists the bad records as (line, column).
func (f skipFile) skipped() [][2]string {
	var out [][2]string
	line := 1
	for _, r := range f {
		if r.bad != "" {
			out = append(out, [2]string{fmt.Sprint(line), r.bad})
		}
		line += strings.Count(r.text, "\n") + 1
	}
	return out
}

// skipPortfolio is a portfolio with bad rows of every kind.
func skipPortfolio() map[string]skipFile {
	return map[string]skipFile{
		AccountsFile: {
			{text: "account_id,name,owner,industry,employees,domains"},
			{text: "a1,Acme,ann@x.com,tech,100,acme.com"},
			{text: "a2,Beta,ann@x.com,tech,40,beta.com"},
			{text: "a3,\"Gamma\nGroup\",bob@x.com,retail,,"},
			{text: ""},
			{text: "a4,Delta,bob@x.com,Tech,250,"},
			{text: "a9,Bad,bob@x.com,tech,12.5,", bad: "employees"},
			{text: "a5,Epsilon,cy@x.com,retail,8,"},
			{text: "a1,Acme again,cy@x.com,retail,1,", bad: "account_id"},
			{text: " ,No id,cy@x.com,,,", bad: "account_id"},
			{text: "a6,Zeta,,,30,"},
			{text: "a7,Eta,cy@x.com", bad: "industry"},
			{text: "a8,Ga\"mma,cy@x.com,,,", bad: "name"},
			{text: "a0,,ann@x.com,,,"},
		},
		TeamFile: {
			{text: "email,name,capacity_hours"},
			{text: "ann@x.com,Ann,100"},
			{text: "bob@x.com,Bob,abc", bad: "capacity_hours"},
			{text: "BOB@x.com,Bob,80"},
			{text: "Ann@X.com,Ann again,90", bad: "email"},
			{text: ",Nobody,10", bad: "email"},
			{text: "cy@x.com,Cy,0", bad: "capacity_hours"},
			{text: "dee@x.com,Dee,"},
		},
		ActivitiesFile: {
			{text: "activity_id,account_id,date,type,direction,our_people,their_people,minutes"},
			{text: "t1,a1,2026-03-30,meeting,inbound,ann@x.com,joe@acme.com;sue@acme.com,60"},
			{text: "t2,a1,2026-03-10T09:00:00+01:00,email,,ann@x.com,joe@acme.com,"},
			{text: "t3,a2,2026-02-01,call,outbound,ann@x.com;dee@x.com,max@beta.com,20"},
			{text: "t4,a9,2026-03-01,call,,bob@x.com,x@y.com,", bad: "account_id"}, // its account was skipped
			{text: "t5,a3,2026-01-15,meeting,INBOUND,bob@x.com,\"liz@gamma.com;\nkim@gamma.com\",90"},
			{text: "t6,a4,2026-05-20,visit,inbound,bob@x.com,,", bad: "type"}, // would be the latest date
			{text: "t6,a4,2026-05-20,fax,inbound,bob@x.com,,", bad: "type"},
			{text: "t1,a4,2026-03-29,meeting,inbound,bob@x.com;ann@x.com,pat@delta.com,45", bad: "activity_id"},
			{text: "t7,a4,2026-03-29,meeting,inbound,bob@x.com,pat@delta.com,45"},
			{text: "t8,a5,2026-03-20,Call,Outbound,cy@x.com,,15"},
			{text: "t9,a5,2026-03-21,call,,cy@x.com,,-15", bad: "minutes"},
			{text: "t10,a6,2026-13-01,call,,cy@x.com,,", bad: "date"},
			{text: "t11,a6,2026-03-02,call,,;;,,", bad: "our_people"},
			{text: "t12,a6,2026-03-02,call,,cy@x.com,,,extra", bad: "field 9"},
			{text: "t13,a6,2026-03-02,\"call\"x,,cy@x.com,,", bad: "type"},
			{text: ",a6,2026-03-02,call,,cy@x.com,,", bad: "activity_id"},
			{text: "t14,a6,2026-03-02,call,sideways,cy@x.com,,", bad: "direction"},
			{text: "t15,a0,2026-03-25,other,,ann@x.com,ray@zero.com,10"},
			{text: "t8,a0,2026-03-31,email,inbound,ann@x.com,ray@zero.com,", bad: "activity_id"},
			{text: "t16,a2,2026-06-30T23:30:00-05:00,email,inbound,ann@x.com,max@beta.com,"}, // 2026-07-01 UTC: after today
			{text: "t17,a2,2026-03-31,email,inbound,ann@x.com,max@beta.com,"},
		},
		RevenueFile: {
			{text: "account_id,product,month,amount"},
			{text: "a1,Widgets,2026-01,1200"},
			{text: "a1,Widgets,2026-01,300.5"},
			{text: "a1,Service,2026-02,400"},
			{text: "a2,Widgets,2026-03,500"},
			{text: "a2,Widgets,2026-13,500", bad: "month"},
			{text: "a9,Widgets,2026-03,500", bad: "account_id"},
			{text: "a3,Service,2026-03,\"1,000\"", bad: "amount"},
			{text: "a3,Service,2025-12,250"},
			{text: "a4,Widgets,2026-02,2000"},
			{text: "a4, ,2026-02,2000", bad: "product"},
			{text: "a4,Service,2026-03,-50"},
			{text: "a5,Widgets,2026-03,+5", bad: "amount"},
			{text: "a5,Gadgets,2026-03,75"},
			{text: "a6,Gadgets,2026-02,90"},
			{text: "a0,Widgets,2025-06,60"},
			{text: "a6,Gadgets,2026-03,\"10\nmore,stuff", bad: "amount"}, // never closed
		},
	}
}

func files(p map[string]skipFile, clean bool) map[string]string {
	m := map[string]string{}
	for name, f := range p {
		if clean {
			m[name] = f.clean()
		} else {
			m[name] = f.full()
		}
	}
	return m
}

func TestSkipInvalid(t *testing.T) {
	p := skipPortfolio()
	var want []string
	for _, name := range []string{AccountsFile, TeamFile, ActivitiesFile, RevenueFile} {
		for _, s := range p[name].skipped() {
			want = append(want, name+":"+s[0]+":"+s[1])
		}
	}
	for _, mode := range []struct {
		name string
		asOf []slcs.Day
	}{{"as-of by rule", nil}, {"as-of given", []slcs.Day{march31}}} {
		t.Run(mode.name, func(t *testing.T) {
			dir := writePortfolio(t, files(p, false))

			// refused without SkipInvalid
			if _, _, err := Load(dir, opts(false, mode.asOf...)); err == nil {
				t.Fatal("a portfolio with bad rows loaded without SkipInvalid")
			}

			b, sum := mustLoad(t, dir, opts(true, mode.asOf...))
			var got []string
			for _, s := range sum.Skipped {
				if filepath.Dir(s.File) != dir {
					t.Errorf("skipped row names %q, not a file of %q", s.File, dir)
				}
				got = append(got, filepath.Base(s.File)+":"+fmt.Sprint(s.Line)+":"+s.Column)
				if s.Rule == "" || !strings.Contains(s.Error(), fmt.Sprintf("line %d", s.Line)) {
					t.Errorf("skipped row %v: no rule or line in the message", s)
				}
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("skipped rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			for _, s := range sum.Skipped {
				if s.Column == "activity_id" && s.Value == "t1" && !strings.Contains(s.Rule, "line 2") {
					t.Errorf("duplicate t1: rule %q does not name line 2", s.Rule)
				}
				if s.Column == "activity_id" && s.Value == "t8" && !strings.Contains(s.Rule, "line 12") {
					t.Errorf("duplicate t8: rule %q does not name line 12", s.Rule)
				}
			}

			cleanB, cleanSum := mustLoad(t, writePortfolio(t, files(p, true)), opts(false, mode.asOf...))
			if sum.Accounts != cleanSum.Accounts || sum.Team != cleanSum.Team || sum.Activities != cleanSum.Activities ||
				sum.RevenueRows != cleanSum.RevenueRows || sum.AsOf != cleanSum.AsOf || sum.AsOfRule != cleanSum.AsOfRule {
				t.Errorf("summary %+v, want that of the clean portfolio %+v", sum, cleanSum)
			}
			if sum.Accounts != 7 || sum.Team != 3 || sum.Activities != 9 || sum.RevenueRows != 10 {
				t.Errorf("summary %+v, want 7 accounts, 3 team members, 9 activities, 10 revenue rows", sum)
			}
			if mode.asOf == nil && (sum.AsOf != march31 || sum.AsOfRule != AsOfLatestActivity) {
				t.Errorf("as-of %v by %v, want %v by the latest valid activity", sum.AsOf, sum.AsOfRule, march31)
			}
			compareReports(t, b, cleanB, true)

			// the comparison can fail: keeping the second t1 instead of the
			// first gives other reports
			other := skipPortfolio()
			acts := other[ActivitiesFile]
			acts[1].bad, acts[8].bad = "activity_id", ""
			otherB, _ := mustLoad(t, writePortfolio(t, files(other, true)), opts(false, mode.asOf...))
			b2, _ := mustLoad(t, dir, opts(true, mode.asOf...))
			compareReports(t, b2, otherB, false)
		})
	}
}

// compareReports classifies both builders and compares their CSV reports.
func compareReports(t *testing.T, got, want *model.Builder, equal bool) {
	t.Helper()
	gc, gi, ga := reports(t, got.Classify())
	wc, wi, wa := reports(t, want.Classify())
	same := bytes.Equal(gc, wc) && bytes.Equal(gi, wi) && bytes.Equal(ga, wa)
	if same == equal {
		return
	}
	if !equal {
		t.Errorf("reports are the same although the portfolios differ")
		return
	}
	for _, c := range []struct {
		name      string
		got, want []byte
	}{{"classification", gc, wc}, {"ISOs", gi, wi}, {"audit", ga, wa}} {
		if !bytes.Equal(c.got, c.want) {
			t.Errorf("%s CSV differs from that of the clean portfolio:\n--- got\n%s--- want\n%s", c.name, c.got, c.want)
		}
	}
}

// TestSkipInvalidEverythingBad: when every activity is bad, the as-of date
// comes from the valid revenue rows, as if the activities were not there.
func TestSkipInvalidEverythingBad(t *testing.T) {
	files := map[string]string{
		AccountsFile:   okAccounts + "a3,\"Gamma,,,,\n", // never closed: the rest is one bad record
		ActivitiesFile: activitiesHeader + "t1,a1,2026-06-01,visit,,ann@x.com,,\nt2,a1,2026-06-02,,,,,\n",
		RevenueFile:    revenueHeader + "a1,W,2026-04,10\na1,W,2026-05,x\na2,W,2026-13,1\n",
	}
	_, sum := mustLoad(t, writePortfolio(t, files), opts(true))
	if sum.AsOf != slcs.MakeDay(2026, 4, 30) || sum.AsOfRule != AsOfLatestRevenue {
		t.Errorf("as-of %v by %v, want 2026-04-30 by the latest revenue month", sum.AsOf, sum.AsOfRule)
	}
	if sum.Accounts != 2 || sum.Activities != 0 || sum.RevenueRows != 1 || len(sum.Skipped) != 5 {
		t.Errorf("summary %+v, want 2 accounts, no activity, 1 revenue row, 5 skipped", sum)
	}
}
