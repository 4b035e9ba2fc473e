package portfolio

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
	"github.com/slcs/slcs/report"
)

// Headers of the four files, in the order of the format.
const (
	accountsHeader   = "account_id,name,owner,industry,employees,domains\n"
	teamHeader       = "email,name,capacity_hours\n"
	activitiesHeader = "activity_id,account_id,date,type,direction,our_people,their_people,minutes\n"
	revenueHeader    = "account_id,product,month,amount\n"
)

// Small valid contents, used where a case needs a file that is not under
// test.
const (
	okAccounts   = accountsHeader + "a1,Acme,ann@x.com,tech,10,acme.com\na2,Beta,bob@x.com,retail,20,beta.com\n"
	okTeam       = teamHeader + "ann@x.com,Ann,100\nbob@x.com,Bob,\n"
	okActivities = activitiesHeader + "t1,a1,2026-03-01,email,inbound,ann@x.com,joe@acme.com,\n"
	okRevenue    = revenueHeader + "a1,Widgets,2026-02,100\n"
)

// testToday is the "today" of every load of the tests.
var testToday = slcs.MakeDay(2026, 6, 30)

// writePortfolio writes files (name -> content) into a new temporary
// folder and returns it.
func writePortfolio(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// opts returns the default options of the tests: as-of found by the rule
// unless asOf is given.
func opts(skip bool, asOf ...slcs.Day) Options {
	o := Options{Settings: slcs.DefaultSettings(), Today: testToday, SkipInvalid: skip}
	if len(asOf) > 0 {
		o.AsOf, o.HasAsOf = asOf[0], true
	}
	return o
}

// mustLoad loads dir and fails the test on an error.
func mustLoad(t testing.TB, dir string, o Options) (*model.Builder, *Summary) {
	t.Helper()
	b, sum, err := Load(dir, o)
	if err != nil {
		t.Fatalf("Load: unexpected error: %v", err)
	}
	if b == nil || sum == nil {
		t.Fatalf("Load: nil builder or summary without an error")
	}
	return b, sum
}

// mustClassify writes files, loads and classifies them.
func mustClassify(t testing.TB, files map[string]string, o Options) (*model.Result, *Summary) {
	t.Helper()
	b, sum := mustLoad(t, writePortfolio(t, files), o)
	return b.Classify(), sum
}

// inputError returns err as an *InputError, failing the test otherwise.
func inputError(t testing.TB, err error) *InputError {
	t.Helper()
	if err == nil {
		t.Fatalf("Load: want an *InputError, got no error")
	}
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("Load: want an *InputError, got %T: %v", err, err)
	}
	if len(ie.Problems) == 0 {
		t.Fatalf("InputError without problems: %v", err)
	}
	return ie
}

// account returns the result of the account with id.
func account(t testing.TB, r *model.Result, id string) *model.AccountResult {
	t.Helper()
	for i := range r.Accounts {
		if r.Accounts[i].ID == id {
			return &r.Accounts[i]
		}
	}
	t.Fatalf("no account %q in the result (have %d accounts)", id, len(r.Accounts))
	return nil
}

// auditRow returns the audit row of person.
func auditRow(t testing.TB, r *model.Result, person string) *model.AuditRow {
	t.Helper()
	for i := range r.Audit {
		if r.Audit[i].Person == person {
			return &r.Audit[i]
		}
	}
	t.Fatalf("no audit row for %q", person)
	return nil
}

// reports renders the three CSV reports of a result.
func reports(t testing.TB, r *model.Result) (classification, isos, audit []byte) {
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
	return c.Bytes(), i.Bytes(), a.Bytes()
}

// totalActual is a person's actual hours a month, all segments.
func totalActual(a *model.AuditRow) float64 {
	var s float64
	for _, h := range a.Actual {
		s += h
	}
	return s
}
