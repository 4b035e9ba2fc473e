package model_test

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
	"github.com/slcs/slcs/portfolio"
	"github.com/slcs/slcs/report"
)

// Helpers shared by the tests of this package. Their names start with "mt"
// so that they do not collide with other test files of the package.

// mtDay parses YYYY-MM-DD.
func mtDay(t testing.TB, s string) slcs.Day {
	t.Helper()
	tm, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatalf("bad date %q: %v", s, err)
	}
	return slcs.DayOf(tm)
}

// mtMonth parses YYYY-MM.
func mtMonth(t testing.TB, s string) slcs.Month {
	t.Helper()
	d := mtDay(t, s+"-01")
	return d.Month()
}

// mtWritePortfolio writes the given files (name -> content) into a new
// temporary folder and returns it.
func mtWritePortfolio(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// mtLoad reads a portfolio with the given settings as of the given date and
// classifies it.
func mtLoad(t testing.TB, dir string, s slcs.Settings, asOf slcs.Day) *model.Result {
	t.Helper()
	b, _, err := portfolio.Load(dir, portfolio.Options{Settings: s, AsOf: asOf, HasAsOf: true})
	if err != nil {
		t.Fatalf("portfolio.Load: %v", err)
	}
	return b.Classify()
}

// mtOutputs is the three CSV outputs of a result.
type mtOutputs struct{ classification, isos, audit string }

func mtWrite(t testing.TB, r *model.Result) mtOutputs {
	t.Helper()
	var c, i, a bytes.Buffer
	if err := report.WriteClassificationCSV(&c, r); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteISOsCSV(&i, r); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteAuditCSV(&a, r); err != nil {
		t.Fatal(err)
	}
	return mtOutputs{c.String(), i.String(), a.String()}
}

// mtParseCSV parses CSV text into a header and rows.
func mtParseCSV(t testing.TB, name, text string) (header []string, rows [][]string) {
	t.Helper()
	text = strings.TrimPrefix(text, "\ufeff")
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s: no header", name)
	}
	return recs[0], recs[1:]
}

// mtAccount returns the result of the account with the given id.
func mtAccount(t testing.TB, r *model.Result, id string) *model.AccountResult {
	t.Helper()
	for i := range r.Accounts {
		if r.Accounts[i].ID == id {
			return &r.Accounts[i]
		}
	}
	t.Fatalf("no account %q in the result", id)
	return nil
}

// mtAudit returns the audit row of a person, or nil.
func mtAudit(r *model.Result, person string) *model.AuditRow {
	for i := range r.Audit {
		if r.Audit[i].Person == person {
			return &r.Audit[i]
		}
	}
	return nil
}

// mtPlan returns the time plan of a seller, or nil.
func mtPlan(r *model.Result, seller string) *model.TimePlan {
	for i := range r.Sellers {
		if r.Sellers[i].Seller == seller {
			return &r.Sellers[i]
		}
	}
	return nil
}

// mtISO returns the ISO of an account for a product, or nil.
func mtISO(a *model.AccountResult, product string) *model.ISO {
	for i := range a.ISOs {
		if a.ISOs[i].Product == product {
			return &a.ISOs[i]
		}
	}
	return nil
}

func mtNear(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// ---- a small portfolio built through the model API directly

// mtAct is one activity, dated by its age in days before the as-of date
// (negative: after it).
type mtAct struct {
	acct    string
	age     int
	typ     slcs.ActivityType
	in      bool
	minutes float64 // < 0: the type's default
	ours    string  // ';'-separated, lower-case
	theirs  string  // ';'-separated, lower-case
}

// mtRev is one revenue row.
type mtRev struct {
	acct, product, month string
	micros               int64
}

type mtMember struct {
	email    string
	capacity float64
}

// mtPortfolio is a portfolio for the model API.
type mtPortfolio struct {
	asOf     string // YYYY-MM-DD; default 2026-06-30
	settings func(*slcs.Settings)
	accounts []model.Account
	team     []mtMember
	acts     []mtAct
	revenue  []mtRev
}

// mtA is an account; emp < 0 means the head-count is not given.
func mtA(id, owner, industry string, emp int64) model.Account {
	a := model.Account{ID: id, Name: "Name " + id, Owner: owner, Industry: industry}
	if emp >= 0 {
		a.Employees, a.EmployeesGiven = emp, true
	}
	return a
}

// mtR is a revenue row of a whole amount of money.
func mtR(acct, product, month string, amount float64) mtRev {
	return mtRev{acct, product, month, int64(math.Round(amount * 1e6))}
}

func mtSplit(s string) [][]byte {
	var out [][]byte
	for _, p := range strings.Split(s, ";") {
		if p != "" {
			out = append(out, []byte(p))
		}
	}
	return out
}

func (p *mtPortfolio) classify(t testing.TB) *model.Result {
	t.Helper()
	s := slcs.DefaultSettings()
	if p.settings != nil {
		p.settings(&s)
	}
	asOfText := p.asOf
	if asOfText == "" {
		asOfText = "2026-06-30"
	}
	asOf := mtDay(t, asOfText)
	b, err := model.NewBuilder(s, asOf)
	if err != nil {
		t.Fatalf("NewBuilder: %v", err)
	}
	idx := map[string]int32{}
	for _, a := range p.accounts {
		i, ok := b.AddAccount(a)
		if !ok {
			t.Fatalf("duplicate account %s", a.ID)
		}
		idx[a.ID] = i
	}
	for _, m := range p.team {
		if !b.AddTeamMember(m.email, m.capacity) {
			t.Fatalf("duplicate team member %s", m.email)
		}
	}
	for _, a := range p.acts {
		i, ok := idx[a.acct]
		if !ok {
			t.Fatalf("activity of unknown account %s", a.acct)
		}
		act := &model.Activity{Account: i, Day: asOf - slcs.Day(a.age), Type: a.typ, Inbound: a.in,
			Minutes: -1, Ours: mtSplit(a.ours), Theirs: mtSplit(a.theirs)}
		if a.minutes >= 0 {
			act.Minutes = int64(math.Round(a.minutes * 1e6))
		}
		b.AddActivity(act)
	}
	for _, r := range p.revenue {
		i, ok := idx[r.acct]
		if !ok {
			t.Fatalf("revenue of unknown account %s", r.acct)
		}
		if err := b.AddRevenue(i, []byte(r.product), mtMonth(t, r.month), r.micros); err != nil {
			t.Fatalf("AddRevenue: %v", err)
		}
	}
	return b.Classify()
}

// ---- assertions

// mtFloat checks a number within tol.
func mtFloat(t testing.TB, what string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s = %.9g, want %.9g (within %g)", what, got, want, tol)
	}
}

// mtInt checks a whole number.
func mtInt[T ~int | ~int64 | ~int32](t testing.TB, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %d, want %d", what, got, want)
	}
}

// mtScore checks an account's scores, segment and the flags of its tests.
func mtScore(t testing.TB, r *model.Result, id string, engagement, potential float64, seg slcs.Segment) {
	t.Helper()
	a := mtAccount(t, r, id)
	mtFloat(t, id+" engagement", a.Engagement.Value, engagement, 1e-9)
	mtFloat(t, id+" potential", a.Potential.Value, potential, 1e-9)
	if a.Segment != seg {
		t.Errorf("%s segment = %s, want %s", id, a.Segment.ID(), seg.ID())
	}
	thrE, thrP := r.Settings.Engagement.Threshold, r.Settings.Potential.Threshold
	if a.Engagement.High != (engagement >= thrE) {
		t.Errorf("%s engagement high = %v with engagement %v and threshold %v", id, a.Engagement.High, engagement, thrE)
	}
	if a.Potential.High != (potential >= thrP) {
		t.Errorf("%s potential high = %v with potential %v and threshold %v", id, a.Potential.High, potential, thrP)
	}
}

// mtISOs checks an account's ISOs: "product kind cents" items in order.
func mtISOs(t testing.TB, r *model.Result, id string, want ...string) {
	t.Helper()
	a := mtAccount(t, r, id)
	var got []string
	for _, iso := range a.ISOs {
		got = append(got, iso.Product+" "+iso.Kind.String()+" "+report.Fixed(iso.Cents, 2))
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%s ISOs = %q, want %q", id, got, want)
	}
}
