// Package storetest is the conformance suite of workspace.Store: every store
// (sqlite, postgres) runs it, so that the commands behave the same on each.
// It uses nothing but the workspace API.
package storetest

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
	"github.com/slcs/slcs/workspace"
)

// Run runs the suite. open returns a fresh, empty workspace on each call and
// closes it when t ends (t.Cleanup).
func Run(t *testing.T, open func(t *testing.T) workspace.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s workspace.Store)
	}{
		{"ImportCounts", testImportCounts},
		{"AccountIDs", testAccountIDs},
		{"Rollback", testRollback},
		{"Revenue", testRevenue},
		{"LastPutWins", testLastPutWins},
		{"ReadPortfolio", testReadPortfolio},
		{"Empty", testEmpty},
		{"ForeignKey", testForeignKey},
		{"ManyRows", testManyRows},
		{"ActivityMoves", testActivityMoves},
		{"AccountActivities", testAccountActivities},
		{"Snapshots", testSnapshots},
		{"Overrides", testOverrides},
		{"ConsistentRead", testConsistentRead},
		{"Users", testUsers},
		{"Sessions", testSessions},
		{"Tokens", testTokens},
		{"Audit", testAudit},
		{"Settings", testSettings},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
}

// Portfolio is everything an import puts, in the order ReadAll sorts it.
type Portfolio struct {
	Accounts   []workspace.AccountRow
	Team       []workspace.TeamRow
	Activities []workspace.ActivityRow
	Revenue    []workspace.RevenueRow
}

func day(y, m, d int) slcs.Day { return slcs.MakeDay(y, m, d) }

func month(y, m int) slcs.Month { return slcs.MakeMonth(y, m) }

// Wide enough for every date of the suite, narrow enough for any store.
var (
	minDay, maxDay     = day(1900, 1, 1), day(2200, 12, 31)
	minMonth, maxMonth = month(1900, 1), month(2200, 12)
)

// sample is a small portfolio with a case of each optional field.
func sample() Portfolio {
	return Portfolio{
		Accounts: []workspace.AccountRow{
			{ID: "A1", Name: "Acme", Owner: "ann@example.com", Industry: "Manufacturing", Employees: 1200, EmployeesGiven: true, Domains: "acme.com;acme.de"},
			{ID: "A2", Name: "Bolt & Co", Owner: "bob@example.com", Industry: "Retail"}, // employees not given
			{ID: "A3", Name: "Crüx ✓ \"quoted\"", Owner: "", Industry: "Retail", Employees: 0, EmployeesGiven: true, Domains: "crux.io"},
		},
		Team: []workspace.TeamRow{
			{Email: "ann@example.com", Name: "Ann", Capacity: 100.5, CapacityGiven: true},
			{Email: "bob@example.com", Name: "Bob"}, // the default capacity
		},
		Activities: []workspace.ActivityRow{
			{ID: "X1", AccountID: "A1", Day: day(2024, 1, 15), Type: slcs.Meeting, Minutes: 45_000_000, OurPeople: "ann@example.com;bob@example.com", TheirPeople: "carl@acme.com"},
			{ID: "X2", AccountID: "A1", Day: day(2024, 2, 1), Type: slcs.Email, Inbound: true, Minutes: -1, OurPeople: "ann@example.com", TheirPeople: "dora@acme.com"},
			{ID: "X3", AccountID: "A2", Day: day(2024, 2, 29), Type: slcs.Call, Minutes: 0},
			{ID: "X4", AccountID: "A3", Day: day(2024, 3, 31), Type: slcs.Other, Minutes: 1_500_000, OurPeople: "bob@example.com"},
		},
		Revenue: []workspace.RevenueRow{
			{AccountID: "A1", Product: "Gadgets", Month: month(2024, 2), Micros: 250_500_000},
			{AccountID: "A1", Product: "Widgets", Month: month(2024, 1), Micros: 1_000_000_000},
			{AccountID: "A2", Product: "Widgets", Month: month(2024, 3), Micros: -5_000_000},
			{AccountID: "A3", Product: "Widgets", Month: month(2023, 12), Micros: 1},
		},
	}
}

// Import puts p in one import and commits it.
func Import(t *testing.T, s workspace.Store, replace bool, p Portfolio) workspace.ImportCounts {
	t.Helper()
	counts, err := tryImport(t.Context(), s, replace, p)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return counts
}

// tryImport is Import for any goroutine.
func tryImport(ctx context.Context, s workspace.Store, replace bool, p Portfolio) (workspace.ImportCounts, error) {
	im, err := s.BeginImport(ctx, replace)
	if err != nil {
		return workspace.ImportCounts{}, err
	}
	defer im.Rollback()
	if err := Put(im, p); err != nil {
		return workspace.ImportCounts{}, err
	}
	return im.Commit()
}

// Put puts every record of p into an import, accounts first, as the
// commands do.
func Put(im workspace.Import, p Portfolio) error {
	for i := range p.Accounts {
		if err := im.PutAccount(&p.Accounts[i]); err != nil {
			return err
		}
	}
	for i := range p.Team {
		if err := im.PutTeam(&p.Team[i]); err != nil {
			return err
		}
	}
	for i := range p.Activities {
		if err := im.PutActivity(&p.Activities[i]); err != nil {
			return err
		}
	}
	for i := range p.Revenue {
		if err := im.PutRevenue(&p.Revenue[i]); err != nil {
			return err
		}
	}
	return nil
}

// ReadAll reads the whole portfolio, sorted.
func ReadAll(t *testing.T, s workspace.Store) Portfolio {
	t.Helper()
	var p Portfolio
	err := s.ReadPortfolio(t.Context(), func(r workspace.PortfolioReader) error {
		var err error
		p, err = readAll(r)
		return err
	})
	if err != nil {
		t.Fatalf("ReadPortfolio: %v", err)
	}
	return p
}

func readAll(r workspace.PortfolioReader) (Portfolio, error) {
	var p Portfolio
	if err := r.Accounts(func(a *workspace.AccountRow) error {
		p.Accounts = append(p.Accounts, *a)
		return nil
	}); err != nil {
		return p, fmt.Errorf("Accounts: %w", err)
	}
	if err := r.Team(func(m *workspace.TeamRow) error {
		p.Team = append(p.Team, *m)
		return nil
	}); err != nil {
		return p, fmt.Errorf("Team: %w", err)
	}
	var err error
	if p.Activities, err = activities(r, minDay, maxDay); err != nil {
		return p, err
	}
	if p.Revenue, err = revenue(r, minMonth, maxMonth); err != nil {
		return p, err
	}
	p.sort()
	return p, nil
}

func activities(r workspace.PortfolioReader, from, to slcs.Day) ([]workspace.ActivityRow, error) {
	var list []workspace.ActivityRow
	err := r.Activities(from, to, func(a *workspace.ActivityRow) error {
		list = append(list, *a)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("Activities: %w", err)
	}
	slices.SortFunc(list, func(a, b workspace.ActivityRow) int { return cmp.Compare(a.ID, b.ID) })
	return list, nil
}

func revenue(r workspace.PortfolioReader, from, to slcs.Month) ([]workspace.RevenueRow, error) {
	var list []workspace.RevenueRow
	err := r.Revenue(from, to, func(rv *workspace.RevenueRow) error {
		list = append(list, *rv)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("Revenue: %w", err)
	}
	slices.SortFunc(list, compareRevenue)
	return list, nil
}

func compareRevenue(a, b workspace.RevenueRow) int {
	return cmp.Or(cmp.Compare(a.AccountID, b.AccountID), cmp.Compare(a.Product, b.Product), cmp.Compare(a.Month, b.Month))
}

func (p *Portfolio) sort() {
	slices.SortFunc(p.Accounts, func(a, b workspace.AccountRow) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(p.Team, func(a, b workspace.TeamRow) int { return cmp.Compare(a.Email, b.Email) })
	slices.SortFunc(p.Activities, func(a, b workspace.ActivityRow) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(p.Revenue, compareRevenue)
}

// same compares two slices, taking nil and empty as equal.
func same(a, b any) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	return (va.Len() == 0 && vb.Len() == 0) || reflect.DeepEqual(a, b)
}

// equalPortfolio compares, taking nil and empty slices as equal.
func equalPortfolio(t *testing.T, what string, got, want Portfolio) {
	t.Helper()
	want = Portfolio{slices.Clone(want.Accounts), slices.Clone(want.Team), slices.Clone(want.Activities), slices.Clone(want.Revenue)}
	want.sort()
	if !same(got.Accounts, want.Accounts) {
		t.Errorf("%s: accounts\n got %+v\nwant %+v", what, got.Accounts, want.Accounts)
	}
	if !same(got.Team, want.Team) {
		t.Errorf("%s: team\n got %+v\nwant %+v", what, got.Team, want.Team)
	}
	if !same(got.Activities, want.Activities) {
		t.Errorf("%s: activities\n got %+v\nwant %+v", what, got.Activities, want.Activities)
	}
	if !same(got.Revenue, want.Revenue) {
		t.Errorf("%s: revenue\n got %+v\nwant %+v", what, got.Revenue, want.Revenue)
	}
}

func counts(added, changed, unchanged int64) workspace.Counts {
	return workspace.Counts{Added: added, Changed: changed, Unchanged: unchanged}
}

func equalCounts(t *testing.T, what string, got, want workspace.ImportCounts) {
	t.Helper()
	if got != want {
		t.Errorf("%s: counts\n got %+v\nwant %+v", what, got, want)
	}
}

func testImportCounts(t *testing.T, s workspace.Store) {
	p := sample()
	equalCounts(t, "first import", Import(t, s, false, p), workspace.ImportCounts{
		Accounts: counts(3, 0, 0), Team: counts(2, 0, 0), Activities: counts(4, 0, 0), Revenue: counts(4, 0, 0)})
	equalPortfolio(t, "after the first import", ReadAll(t, s), p)

	equalCounts(t, "the same again", Import(t, s, false, p), workspace.ImportCounts{
		Accounts: counts(0, 0, 3), Team: counts(0, 0, 2), Activities: counts(0, 0, 4), Revenue: counts(0, 0, 4)})
	equalPortfolio(t, "after the same again", ReadAll(t, s), p)

	// One field of one record of each kind changes; the changes from "not
	// given" to a given zero and from -1 minutes are the easy ones to miss.
	p.Accounts[1].EmployeesGiven = true // Employees stays 0
	p.Team[1].Capacity, p.Team[1].CapacityGiven = 80, true
	p.Activities[1].Minutes = 5_000_000
	p.Revenue[2].Micros = 7
	equalCounts(t, "one field changed", Import(t, s, false, p), workspace.ImportCounts{
		Accounts: counts(0, 1, 2), Team: counts(0, 1, 1), Activities: counts(0, 1, 3), Revenue: counts(0, 1, 3)})
	equalPortfolio(t, "after one field changed", ReadAll(t, s), p)

	// Records left out of an import stay; new ones are added.
	extra := Portfolio{
		Accounts:   []workspace.AccountRow{p.Accounts[0], {ID: "A4", Name: "Dyn", Industry: "Energy"}},
		Activities: []workspace.ActivityRow{{ID: "X5", AccountID: "A4", Day: day(2024, 4, 1), Type: slcs.Call, Minutes: -1}},
	}
	equalCounts(t, "a partial import", Import(t, s, false, extra), workspace.ImportCounts{
		Accounts: counts(1, 0, 1), Activities: counts(1, 0, 0)})
	all := p
	all.Accounts = append(slices.Clone(p.Accounts), extra.Accounts[1])
	all.Activities = append(slices.Clone(p.Activities), extra.Activities[0])
	equalPortfolio(t, "after a partial import", ReadAll(t, s), all)

	// A replace empties the portfolio first: what it puts is all added, and
	// nothing else is left.
	sub := Portfolio{
		Accounts:   p.Accounts[:1],
		Team:       p.Team[:1],
		Activities: p.Activities[:2],
		Revenue:    p.Revenue[:2],
	}
	equalCounts(t, "replace", Import(t, s, true, sub), workspace.ImportCounts{
		Accounts: counts(1, 0, 0), Team: counts(1, 0, 0), Activities: counts(2, 0, 0), Revenue: counts(2, 0, 0)})
	equalPortfolio(t, "after replace", ReadAll(t, s), sub)

	// A replace with nothing empties the portfolio.
	equalCounts(t, "empty replace", Import(t, s, true, Portfolio{}), workspace.ImportCounts{})
	equalPortfolio(t, "after an empty replace", ReadAll(t, s), Portfolio{})
}

func accountIDs(t *testing.T, im workspace.Import) []string {
	t.Helper()
	var ids []string
	if err := im.AccountIDs(func(id string) { ids = append(ids, id) }); err != nil {
		t.Fatalf("AccountIDs: %v", err)
	}
	slices.Sort(ids)
	return ids
}

func testAccountIDs(t *testing.T, s workspace.Store) {
	ctx := t.Context()
	im, err := s.BeginImport(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if ids := accountIDs(t, im); len(ids) != 0 {
		t.Errorf("AccountIDs of an empty workspace = %q", ids)
	}
	im.Rollback()

	p := sample()
	Import(t, s, false, p)
	im, err = s.BeginImport(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if ids, want := accountIDs(t, im), []string{"A1", "A2", "A3"}; !slices.Equal(ids, want) {
		t.Errorf("AccountIDs = %q, want %q", ids, want)
	}
	im.Rollback()

	im, err = s.BeginImport(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if ids := accountIDs(t, im); len(ids) != 0 {
		t.Errorf("AccountIDs after a replace = %q, want none", ids)
	}
	// Activities may refer to the accounts this import has put. (Whether
	// AccountIDs lists those too is left open: the commands do not need it.)
	if err := im.PutAccount(&p.Accounts[1]); err != nil {
		t.Fatal(err)
	}
	if err := im.PutActivity(&p.Activities[2]); err != nil {
		t.Fatal(err)
	}
	if err := im.Rollback(); err != nil {
		t.Fatalf("Rollback: %v", err)
	}
	equalPortfolio(t, "after a rolled back replace", ReadAll(t, s), p)
}

func testRollback(t *testing.T, s workspace.Store) {
	ctx := t.Context()
	p := sample()
	im, err := s.BeginImport(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := Put(im, p); err != nil {
		t.Fatal(err)
	}
	if err := im.Rollback(); err != nil {
		t.Fatalf("Rollback: %v", err)
	}
	equalPortfolio(t, "after a rolled back import", ReadAll(t, s), Portfolio{})

	Import(t, s, false, p)
	im, err = s.BeginImport(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	changed := sample()
	changed.Accounts[0].Name = "Changed"
	if err := Put(im, changed); err != nil {
		t.Fatal(err)
	}
	if err := im.Rollback(); err != nil {
		t.Fatalf("Rollback: %v", err)
	}
	equalPortfolio(t, "after a rolled back replace", ReadAll(t, s), p)

	// Rollback after Commit (a deferred Rollback) must not undo the import.
	im, err = s.BeginImport(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := Put(im, changed); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	im.Rollback()
	equalPortfolio(t, "after Rollback after Commit", ReadAll(t, s), changed)
}

func testRevenue(t *testing.T, s workspace.Store) {
	p := sample()
	Import(t, s, false, Portfolio{Accounts: p.Accounts})
	m := month(2024, 5)
	// Rows of one key add up within an import, however far apart they come:
	// 30,000 rows of 1 outlast any store's batch.
	rows := []workspace.RevenueRow{
		{AccountID: "A1", Product: "Widgets", Month: m, Micros: 100},
		{AccountID: "A1", Product: "Gadgets", Month: m, Micros: 7},
		{AccountID: "A1", Product: "Widgets", Month: m, Micros: 50},
	}
	for range 30_000 {
		rows = append(rows, workspace.RevenueRow{AccountID: "A2", Product: "Bulk", Month: m, Micros: 1})
	}
	rows = append(rows,
		workspace.RevenueRow{AccountID: "A1", Product: "Widgets", Month: m, Micros: 25},
		workspace.RevenueRow{AccountID: "A1", Product: "Widgets", Month: m + 1, Micros: 3}) // another key
	c := Import(t, s, false, Portfolio{Revenue: rows})
	equalCounts(t, "revenue adding up", c, workspace.ImportCounts{Revenue: counts(4, 0, 0)})
	want := Portfolio{Accounts: p.Accounts, Revenue: []workspace.RevenueRow{
		{AccountID: "A1", Product: "Gadgets", Month: m, Micros: 7},
		{AccountID: "A1", Product: "Widgets", Month: m, Micros: 175},
		{AccountID: "A1", Product: "Widgets", Month: m + 1, Micros: 3},
		{AccountID: "A2", Product: "Bulk", Month: m, Micros: 30_000},
	}}
	equalPortfolio(t, "after revenue adding up", ReadAll(t, s), want)

	// The sum of the next import replaces the stored amount (it does not add
	// to it); keys not in it stay.
	c = Import(t, s, false, Portfolio{Revenue: []workspace.RevenueRow{
		{AccountID: "A1", Product: "Widgets", Month: m, Micros: 20},
		{AccountID: "A1", Product: "Widgets", Month: m, Micros: 10},
		{AccountID: "A1", Product: "Gadgets", Month: m, Micros: 3},
		{AccountID: "A1", Product: "Gadgets", Month: m, Micros: 4},
	}})
	equalCounts(t, "revenue replaced", c, workspace.ImportCounts{Revenue: counts(0, 1, 1)})
	want.Revenue[1].Micros = 30
	equalPortfolio(t, "after revenue replaced", ReadAll(t, s), want)
}

func testLastPutWins(t *testing.T, s workspace.Store) {
	p := sample()
	again := sample()
	again.Accounts[0].Name = "Acme Renamed"
	again.Team[0].Name = "Ann B."
	again.Activities[0].Minutes = 1
	p.Accounts = append(p.Accounts, again.Accounts[0])
	p.Team = append(p.Team, again.Team[0])
	p.Activities = append(p.Activities, again.Activities[0])
	Import(t, s, false, p)
	again.Revenue = sample().Revenue
	equalPortfolio(t, "after putting records twice", ReadAll(t, s), again)
}

func testEmpty(t *testing.T, s workspace.Store) {
	equalPortfolio(t, "a new workspace", ReadAll(t, s), Portfolio{})
	err := s.ReadPortfolio(t.Context(), func(r workspace.PortfolioReader) error {
		if _, ok, err := r.LatestActivityDay(maxDay); err != nil || ok {
			t.Errorf("LatestActivityDay of an empty workspace: ok %v, err %v", ok, err)
		}
		if _, ok, err := r.LatestRevenueMonth(); err != nil || ok {
			t.Errorf("LatestRevenueMonth of an empty workspace: ok %v, err %v", ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if list, err := s.Snapshots(t.Context()); err != nil || len(list) != 0 {
		t.Errorf("Snapshots of an empty workspace = %v, %v", list, err)
	}
	if list, err := s.Overrides(t.Context()); err != nil || len(list) != 0 {
		t.Errorf("Overrides of an empty workspace = %v, %v", list, err)
	}
	if h, err := s.History(t.Context(), "A1"); err != nil || len(h) != 0 {
		t.Errorf("History in an empty workspace = %v, %v", h, err)
	}
}

func testReadPortfolio(t *testing.T, s workspace.Store) {
	p := sample()
	Import(t, s, false, p)
	byID := func(ids ...string) []workspace.ActivityRow {
		var list []workspace.ActivityRow
		for _, a := range p.Activities {
			if slices.Contains(ids, a.ID) {
				list = append(list, a)
			}
		}
		return list
	}
	errStop := errors.New("stop")
	err := s.ReadPortfolio(t.Context(), func(r workspace.PortfolioReader) error {
		got, err := readAll(r)
		if err != nil {
			return err
		}
		equalPortfolio(t, "ReadPortfolio", got, p)

		// Day and month filters include both ends.
		for _, c := range []struct {
			from, to slcs.Day
			want     []workspace.ActivityRow
		}{
			{day(2024, 2, 1), day(2024, 2, 29), byID("X2", "X3")},
			{day(2024, 1, 15), day(2024, 1, 15), byID("X1")},
			{day(2024, 1, 16), day(2024, 1, 31), nil},
			{day(2024, 3, 31), day(2024, 3, 1), nil}, // from after to
			{minDay, maxDay, p.Activities},
		} {
			got, err := activities(r, c.from, c.to)
			if err != nil {
				return err
			}
			if len(got) != len(c.want) || len(got) > 0 && !reflect.DeepEqual(got, c.want) {
				t.Errorf("Activities(%v, %v) = %+v, want %+v", c.from, c.to, got, c.want)
			}
		}
		for _, c := range []struct {
			from, to slcs.Month
			want     []workspace.RevenueRow
		}{
			{month(2024, 2), month(2024, 3), []workspace.RevenueRow{p.Revenue[0], p.Revenue[2]}},
			{month(2023, 12), month(2023, 12), []workspace.RevenueRow{p.Revenue[3]}},
			{month(2024, 4), maxMonth, nil},
		} {
			got, err := revenue(r, c.from, c.to)
			if err != nil {
				return err
			}
			if len(got) != len(c.want) || len(got) > 0 && !reflect.DeepEqual(got, c.want) {
				t.Errorf("Revenue(%v, %v) = %+v, want %+v", c.from, c.to, got, c.want)
			}
		}

		for _, c := range []struct {
			notAfter, want slcs.Day
			ok             bool
		}{
			{maxDay, day(2024, 3, 31), true},
			{day(2024, 3, 31), day(2024, 3, 31), true},
			{day(2024, 3, 30), day(2024, 2, 29), true},
			{day(2024, 1, 15), day(2024, 1, 15), true},
			{day(2024, 1, 14), 0, false},
		} {
			d, ok, err := r.LatestActivityDay(c.notAfter)
			if err != nil {
				return err
			}
			if ok != c.ok || ok && d != c.want {
				t.Errorf("LatestActivityDay(%v) = %v, %v; want %v, %v", c.notAfter, d, ok, c.want, c.ok)
			}
		}
		m, ok, err := r.LatestRevenueMonth()
		if err != nil {
			return err
		}
		if !ok || m != month(2024, 3) {
			t.Errorf("LatestRevenueMonth = %v, %v; want 2024-03, true", m, ok)
		}

		// A callback's error ends the iteration and comes back as it was.
		n := 0
		err = r.Activities(minDay, maxDay, func(*workspace.ActivityRow) error {
			n++
			return errStop
		})
		if !errors.Is(err, errStop) || n != 1 {
			t.Errorf("Activities with a failing callback: %d calls, error %v", n, err)
		}
		// The reader is still usable after that.
		if _, err := activities(r, minDay, maxDay); err != nil {
			return err
		}
		return errStop
	})
	if !errors.Is(err, errStop) {
		t.Errorf("ReadPortfolio returned %v, want the error of read", err)
	}
}

func testForeignKey(t *testing.T, s workspace.Store) {
	p := sample()
	Import(t, s, false, p)
	for _, bad := range []Portfolio{
		{Activities: []workspace.ActivityRow{{ID: "X9", AccountID: "NOPE", Day: day(2024, 1, 1), Minutes: -1}}},
		{Revenue: []workspace.RevenueRow{{AccountID: "NOPE", Product: "Widgets", Month: month(2024, 1), Micros: 1}}},
	} {
		if _, err := tryImport(t.Context(), s, false, bad); err == nil {
			t.Errorf("importing %+v, which refers to an unknown account, succeeded", bad)
		}
		equalPortfolio(t, "after a failed import", ReadAll(t, s), p)
	}
	// An account deleted by a replace takes its activities and revenue with
	// it, and they cannot be put without it.
	c, err := tryImport(t.Context(), s, true, Portfolio{Accounts: p.Accounts[1:], Activities: p.Activities})
	if err == nil {
		t.Errorf("a replace without account A1 but with its activities succeeded: %+v", c)
	}
	equalPortfolio(t, "after a failed replace", ReadAll(t, s), p)
}

// testManyRows goes past any store's batches.
func testManyRows(t *testing.T, s workspace.Store) {
	const n = 45_000
	p := Portfolio{Accounts: sample().Accounts}
	for i := range n {
		p.Activities = append(p.Activities, workspace.ActivityRow{
			ID: fmt.Sprintf("act-%06d", i), AccountID: p.Accounts[i%3].ID,
			Day: day(2020, 1, 1) + slcs.Day(i%1500), Type: slcs.ActivityTypes[i%4],
			Inbound: i%2 == 0, Minutes: int64(i%7) - 1, OurPeople: "ann@example.com",
		})
	}
	// revenue of accounts of the same import, past any batch
	const months = 1000
	for i := range months {
		p.Revenue = append(p.Revenue, workspace.RevenueRow{AccountID: p.Accounts[i%3].ID, Product: "Widgets",
			Month: month(1950, 1) + slcs.Month(i), Micros: int64(i)})
	}
	equalCounts(t, "many rows", Import(t, s, false, p), workspace.ImportCounts{
		Accounts: counts(3, 0, 0), Activities: counts(n, 0, 0), Revenue: counts(months, 0, 0)})
	p.Activities[n-1].OurPeople = "bob@example.com"
	p.Revenue[months-1].Micros++
	equalCounts(t, "many rows again", Import(t, s, false, p), workspace.ImportCounts{
		Accounts: counts(0, 0, 3), Activities: counts(0, 1, n-1), Revenue: counts(0, 1, months-1)})
	equalPortfolio(t, "many rows", ReadAll(t, s), p)
}

// settings differ from the defaults in places, with floats that do not
// survive a careless encoding.
func settings() slcs.Settings {
	st := slcs.DefaultSettings()
	st.Engagement.HalfLifeDays = 0.1
	st.Engagement.Threshold = 100.0 / 3
	st.Potential.HighPercentile = 0.875
	st.Time.DefaultMinutes.Other = 1e-7
	st.Stability.Margin = 0
	st.Alerts.QuietDays = 45
	return st
}

// pointThree is 0.1 + 0.2 added in float64, 0.30000000000000004, which no
// short decimal gives back. (A constant expression 0.1 + 0.2 is exact: 0.3.)
var (
	tenth, fifth = 0.1, 0.2
	pointThree   = tenth + fifth
)

func snapshotA() *workspace.Snapshot {
	return &workspace.Snapshot{
		SnapshotInfo: workspace.SnapshotInfo{
			CreatedAt: time.Date(2024, 4, 1, 9, 30, 15, 0, time.UTC),
			CreatedBy: "ann@example.com",
			AsOf:      day(2024, 3, 31),
			Accounts:  2,
			Stable:    false,
			Segments:  [4]int{1, 0, 0, 1},
		},
		Settings: settings(),
		Accounts: []workspace.SnapshotAccount{
			{
				AccountID: "A1", Name: "Acme", Owner: "ann@example.com", Industry: "Manufacturing",
				Segment: slcs.Key, Computed: slcs.Maintenance, Overridden: true,
				EngagementHigh: true, PotentialHigh: false,
				Engagement: 7512, Potential: 4999, Pairs: 3, Frequency: 2_250_000, Proactiveness: 333_333,
				PairsPct: 100.0 / 3, FrequencyPct: 0.1, ProactivenessPct: 100,
				PotentialValue: 1_234_567, Revenue12m: 1_250_500_000, RecommendedHours: 1050,
				Activities: 2, Inbound: 1, LastActivity: day(2024, 2, 1), HasActivity: true,
				RecentOurPeople: 2, RecentTheirPeople: 1,
				PeerGroup: "Manufacturing", PeerGroupSize: 7, Employees: 1200, EmployeesGiven: true,
				ISOs: []workspace.SnapshotISO{
					{Product: "Gadgets", Kind: "upsell", Cents: 50_000, Spend: pointThree, Buyers: 3, Adoption: 3.0 / 7,
						High: 1e-9, Typical: 123_456.789},
					{Product: "Widgets", Kind: "cross-sell", Cents: 125, Buyers: 7, Adoption: 1,
						High: math.MaxFloat64, Typical: math.SmallestNonzeroFloat64},
				},
			},
			{
				AccountID: "A2", Name: "Bolt & Co", Owner: "bob@example.com", Industry: "Retail",
				Segment: slcs.Service, Computed: slcs.Service,
				Engagement: 0, Potential: -1, // no activity: LastActivity is zero
				// benchmarked against the whole portfolio, with the peers' median head-count
				PeerGroup: "", PeerGroupSize: 2, Employees: 600.5,
			},
		},
		// by seller and by person, in byte order: "émile" after "zed"
		Sellers: []model.TimePlan{
			{Seller: "", Capacity: 0, Accounts: [4]int{0, 0, 0, 1}},
			{Seller: "ann@example.com", Capacity: 100.5, Accounts: [4]int{1, 0, 0, 0},
				Share: [4]float64{pointThree, 1.0 / 3, 1e-9, 1 - pointThree - 1.0/3 - 1e-9}},
			{Seller: "bob@example.com", Capacity: math.Nextafter(120, 121), Accounts: [4]int{0, 2, 3, 40_000},
				Share: [4]float64{0, 0.25, 0.25, 0.5}},
		},
		Audit: []model.AuditRow{
			{Person: "ann@example.com", OwnedAccounts: 1, Capacity: 100.5,
				Actual:        [4]float64{2.5, pointThree, 0, 1e-9},
				Recommended:   [4]float64{100.5 * pointThree, 100.5 / 3, 100.5e-9, 0},
				Misallocation: 12.345678901234567, HasMisallocation: true},
			{Person: "bob@example.com", OwnedAccounts: 40_005, Capacity: math.Nextafter(120, 121),
				Actual:        [4]float64{0, 0, 0, 0.75},
				Recommended:   [4]float64{0, 30, 30, 60},
				Misallocation: 1e-300, HasMisallocation: true},
			{Person: "zed@example.com", Capacity: 80, Actual: [4]float64{1.0 / 7, 0, 0, 0}}, // owns nothing: no misallocation
			{Person: "émile@example.com", Capacity: 1e-9},
		},
	}
}

func snapshotB() *workspace.Snapshot {
	return &workspace.Snapshot{
		SnapshotInfo: workspace.SnapshotInfo{
			CreatedAt: time.Date(2024, 5, 2, 17, 0, 0, 0, time.UTC),
			CreatedBy: "bob@example.com",
			AsOf:      day(2024, 4, 30),
			Accounts:  3,
			Stable:    true,
			Segments:  [4]int{0, 1, 2, 0},
		},
		Settings: slcs.DefaultSettings(),
		Accounts: []workspace.SnapshotAccount{
			{AccountID: "A1", Name: "Acme", Segment: slcs.GrowthPotential, Computed: slcs.GrowthPotential,
				PotentialHigh: true, Potential: 8000, LastActivity: day(2024, 4, 2), HasActivity: true, Activities: 9,
				PeerGroup: "Manufacturing", PeerGroupSize: 1, Employees: 1e-9, EmployeesGiven: true,
				ISOs: []workspace.SnapshotISO{{Product: "Widgets", Kind: "upsell", Cents: 1, Spend: -5.000001, Buyers: 1,
					Adoption: 1, High: pointThree, Typical: pointThree}}},
			{AccountID: "A3", Name: "Crüx", Segment: slcs.Maintenance, Computed: slcs.Maintenance, EngagementHigh: true,
				PeerGroup: "Retail ✓", PeerGroupSize: 3, Employees: 1, EmployeesGiven: false},
			{AccountID: "A5", Name: "Echo", Segment: slcs.GrowthPotential, Computed: slcs.GrowthPotential},
		},
		// a time plan of the accounts without owner alone, and no audit
		Sellers: []model.TimePlan{{Seller: "", Capacity: 160, Accounts: [4]int{0, 1, 2, 0},
			Share: [4]float64{0, 1.0 / 3, 2.0 / 3, 0}}},
	}
}

// normalize makes a snapshot comparable with reflect.DeepEqual: times by
// their instant, empty slices as nil. reflect.DeepEqual compares floats with
// ==: a float that lost its last bit differs.
func normalize(s workspace.Snapshot) workspace.Snapshot {
	s.CreatedAt = s.CreatedAt.UTC()
	accounts := make([]workspace.SnapshotAccount, len(s.Accounts))
	for i, a := range s.Accounts {
		if len(a.ISOs) == 0 {
			a.ISOs = nil
		}
		accounts[i] = a
	}
	s.Accounts = accounts
	if len(s.Accounts) == 0 {
		s.Accounts = nil
	}
	if len(s.Sellers) == 0 {
		s.Sellers = nil
	}
	if len(s.Audit) == 0 {
		s.Audit = nil
	}
	return s
}

func equalSnapshot(t *testing.T, what string, got, want *workspace.Snapshot) {
	t.Helper()
	g, w := normalize(*got), normalize(*want)
	if !g.CreatedAt.Equal(w.CreatedAt) {
		t.Errorf("%s: CreatedAt = %v, want %v", what, g.CreatedAt, w.CreatedAt)
	}
	g.CreatedAt = w.CreatedAt
	if !reflect.DeepEqual(g.SnapshotInfo, w.SnapshotInfo) {
		t.Errorf("%s: info\n got %+v\nwant %+v", what, g.SnapshotInfo, w.SnapshotInfo)
	}
	if !reflect.DeepEqual(g.Settings, w.Settings) {
		t.Errorf("%s: settings\n got %+v\nwant %+v", what, g.Settings, w.Settings)
	}
	if !reflect.DeepEqual(g.Accounts, w.Accounts) {
		t.Errorf("%s: accounts\n got %+v\nwant %+v", what, g.Accounts, w.Accounts)
	}
	if !reflect.DeepEqual(g.Sellers, w.Sellers) {
		t.Errorf("%s: time plan\n got %+v\nwant %+v", what, g.Sellers, w.Sellers)
	}
	if !reflect.DeepEqual(g.Audit, w.Audit) {
		t.Errorf("%s: audit\n got %+v\nwant %+v", what, g.Audit, w.Audit)
	}
}

func testSnapshots(t *testing.T, s workspace.Store) {
	ctx := t.Context()
	if _, err := s.Snapshot(ctx, 1); !errors.Is(err, workspace.ErrNotFound) {
		t.Errorf("Snapshot(1) of an empty workspace: %v, want ErrNotFound", err)
	}

	a, b := snapshotA(), snapshotB()
	// saved in another order: they come back by seller and by person
	saved := *a
	saved.Sellers, saved.Audit = slices.Clone(a.Sellers), slices.Clone(a.Audit)
	slices.Reverse(saved.Sellers)
	slices.Reverse(saved.Audit)
	idA, err := s.SaveSnapshot(ctx, &saved)
	if err != nil {
		t.Fatalf("SaveSnapshot: %v", err)
	}
	idB, err := s.SaveSnapshot(ctx, b)
	if err != nil {
		t.Fatalf("SaveSnapshot: %v", err)
	}
	if idA <= 0 || idB <= idA {
		t.Errorf("snapshot ids %d then %d, want them positive and increasing", idA, idB)
	}
	a.ID, b.ID = idA, idB
	empty := &workspace.Snapshot{SnapshotInfo: workspace.SnapshotInfo{
		CreatedAt: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), AsOf: day(2024, 5, 31), Stable: true,
	}, Settings: slcs.DefaultSettings()}
	idE, err := s.SaveSnapshot(ctx, empty)
	if err != nil {
		t.Fatalf("SaveSnapshot of no accounts: %v", err)
	}
	if idE <= idB {
		t.Errorf("snapshot id %d after %d", idE, idB)
	}
	empty.ID = idE

	for _, want := range []*workspace.Snapshot{a, b, empty} {
		got, err := s.Snapshot(ctx, want.ID)
		if err != nil {
			t.Fatalf("Snapshot(%d): %v", want.ID, err)
		}
		equalSnapshot(t, fmt.Sprintf("Snapshot(%d)", want.ID), got, want)
	}
	if _, err := s.Snapshot(ctx, idE+1); !errors.Is(err, workspace.ErrNotFound) {
		t.Errorf("Snapshot(%d), which does not exist: %v, want ErrNotFound", idE+1, err)
	}

	list, err := s.Snapshots(ctx)
	if err != nil {
		t.Fatalf("Snapshots: %v", err)
	}
	want := []workspace.SnapshotInfo{a.SnapshotInfo, b.SnapshotInfo, empty.SnapshotInfo}
	if len(list) != len(want) {
		t.Fatalf("Snapshots = %+v, want %+v", list, want)
	}
	for i := range list {
		if !list[i].CreatedAt.Equal(want[i].CreatedAt) {
			t.Errorf("Snapshots[%d].CreatedAt = %v, want %v", i, list[i].CreatedAt, want[i].CreatedAt)
		}
		list[i].CreatedAt = want[i].CreatedAt
		if list[i] != want[i] {
			t.Errorf("Snapshots[%d] =\n %+v, want\n %+v", i, list[i], want[i])
		}
	}

	// History: oldest first, with the account as each snapshot had it.
	h, err := s.History(ctx, "A1")
	if err != nil {
		t.Fatalf("History: %v", err)
	}
	if len(h) != 2 {
		t.Fatalf("History(A1) has %d points, want 2: %+v", len(h), h)
	}
	for i, snap := range []*workspace.Snapshot{a, b} {
		got := &workspace.Snapshot{SnapshotInfo: h[i].Snapshot, Settings: snap.Settings,
			Accounts: []workspace.SnapshotAccount{h[i].Account}}
		want := &workspace.Snapshot{SnapshotInfo: snap.SnapshotInfo, Settings: snap.Settings,
			Accounts: []workspace.SnapshotAccount{snap.Accounts[0]}}
		equalSnapshot(t, fmt.Sprintf("History(A1)[%d]", i), got, want)
	}
	if h, err := s.History(ctx, "A3"); err != nil || len(h) != 1 || h[0].Snapshot.ID != idB || h[0].Account.Name != "Crüx" {
		t.Errorf("History(A3) = %+v, %v; want its row in snapshot %d", h, err, idB)
	}
	if h, err := s.History(ctx, "NOPE"); err != nil || len(h) != 0 {
		t.Errorf("History(NOPE) = %+v, %v; want nothing", h, err)
	}
}

func testOverrides(t *testing.T, s workspace.Store) {
	ctx := t.Context()
	at := func(d, h int) time.Time { return time.Date(2024, 3, d, h, 0, 0, 0, time.UTC) }
	if err := s.LiftOverride(ctx, "A1", "ann", at(1, 9)); !errors.Is(err, workspace.ErrNotFound) {
		t.Errorf("LiftOverride with none set: %v, want ErrNotFound", err)
	}

	o1 := workspace.Override{AccountID: "A1", Segment: slcs.Key, Reason: "strategic", By: "ann", At: at(1, 9)}
	o2 := workspace.Override{AccountID: "A2", Segment: slcs.Service, Reason: "winding down", By: "bob", At: at(2, 10),
		Until: day(2024, 3, 31), HasUntil: true}
	o3 := workspace.Override{AccountID: "A1", Segment: slcs.Maintenance, Reason: "handed over", By: "carl", At: at(3, 11)}
	o4 := workspace.Override{AccountID: "A3", Segment: slcs.GrowthPotential, Reason: "trial", By: "dora", At: at(4, 12),
		Until: day(2024, 3, 10), HasUntil: true}
	for _, o := range []workspace.Override{o1, o2, o3, o4} {
		if err := s.SetOverride(ctx, o); err != nil {
			t.Fatalf("SetOverride(%+v): %v", o, err)
		}
	}
	// o3 replaced o1: o1 is lifted when and by whom o3 was set.
	o1.LiftedAt, o1.LiftedBy = o3.At, o3.By
	// Lifting ends the one in force only.
	if err := s.LiftOverride(ctx, "A1", "erin", at(20, 8)); err != nil {
		t.Fatalf("LiftOverride: %v", err)
	}
	o3.LiftedAt, o3.LiftedBy = at(20, 8), "erin"
	if err := s.LiftOverride(ctx, "A1", "erin", at(20, 9)); !errors.Is(err, workspace.ErrNotFound) {
		t.Errorf("LiftOverride of a lifted override: %v, want ErrNotFound", err)
	}
	// o4 expired on the 10th: it is not in force on the 20th.
	if err := s.LiftOverride(ctx, "A3", "erin", at(20, 10)); !errors.Is(err, workspace.ErrNotFound) {
		t.Errorf("LiftOverride of an expired override: %v, want ErrNotFound", err)
	}

	got, err := s.Overrides(ctx)
	if err != nil {
		t.Fatalf("Overrides: %v", err)
	}
	want := []workspace.Override{o1, o2, o3, o4}
	if len(got) != len(want) {
		t.Fatalf("Overrides = %+v, want %+v", got, want)
	}
	for i := range got {
		if i > 0 && got[i].ID <= got[i-1].ID {
			t.Errorf("override ids %d then %d, want them increasing", got[i-1].ID, got[i].ID)
		}
		g := got[i]
		if !g.At.Equal(want[i].At) || !g.LiftedAt.Equal(want[i].LiftedAt) {
			t.Errorf("Overrides[%d] at %v, lifted at %v; want %v, %v", i, g.At, g.LiftedAt, want[i].At, want[i].LiftedAt)
		}
		g.ID, g.At, g.LiftedAt = 0, want[i].At, want[i].LiftedAt
		if g != want[i] {
			t.Errorf("Overrides[%d] =\n %+v, want\n %+v", i, g, want[i])
		}
	}

	for _, c := range []struct {
		i      int
		d      slcs.Day
		active bool
	}{
		{0, day(2024, 3, 2), false}, // replaced
		{1, day(2024, 3, 31), true}, // the last day it holds
		{1, day(2024, 4, 1), false},
		{2, day(2024, 3, 21), false}, // lifted
		{3, day(2024, 3, 10), true},
	} {
		if got[c.i].Active(c.d) != c.active {
			t.Errorf("Overrides[%d].Active(%v) = %v, want %v", c.i, c.d, !c.active, c.active)
		}
	}

	// Setting one again after a lift: the new one is in force.
	o5 := workspace.Override{AccountID: "A1", Segment: slcs.Service, Reason: "again", By: "ann", At: at(21, 9)}
	if err := s.SetOverride(ctx, o5); err != nil {
		t.Fatal(err)
	}
	got, err = s.Overrides(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 || got[4].AccountID != "A1" || !got[4].Active(day(2024, 3, 21)) || !got[2].LiftedAt.Equal(at(20, 8)) {
		t.Errorf("after setting an override again: %+v", got)
	}
}

// testConsistentRead commits an import in the middle of a ReadPortfolio:
// the reader must see none of it.
func testConsistentRead(t *testing.T, s workspace.Store) {
	p := sample()
	Import(t, s, false, p)

	next := sample()
	next.Accounts[0].Name = "Acme Renamed"
	next.Accounts = append(next.Accounts, workspace.AccountRow{ID: "A9", Name: "Late", Industry: "Retail"})
	next.Team = append(next.Team, workspace.TeamRow{Email: "zed@example.com", Name: "Zed"})
	next.Activities[0].Minutes = 1
	next.Activities = append(next.Activities, workspace.ActivityRow{ID: "X9", AccountID: "A9", Day: day(2024, 6, 1), Type: slcs.Call, Minutes: -1})
	next.Revenue[0].Micros = 1
	next.Revenue = append(next.Revenue, workspace.RevenueRow{AccountID: "A9", Product: "Widgets", Month: month(2024, 6), Micros: 9})

	imported := false
	var waiting chan error // the import, when it waits for the read to end
	err := s.ReadPortfolio(t.Context(), func(r workspace.PortfolioReader) error {
		// A first read, so that the view is taken before the import.
		if d, ok, err := r.LatestActivityDay(maxDay); err != nil || !ok || d != day(2024, 3, 31) {
			return fmt.Errorf("LatestActivityDay = %v, %v, %v", d, ok, err)
		}
		var got Portfolio
		err := r.Accounts(func(a *workspace.AccountRow) error {
			got.Accounts = append(got.Accounts, *a)
			if imported {
				return nil
			}
			imported = true
			done := make(chan error, 1)
			go func() {
				_, err := tryImport(context.WithoutCancel(t.Context()), s, false, next)
				done <- err
			}()
			// A store may let the import commit now (PostgreSQL, SQLite in
			// WAL mode) or make it wait for the read to end; either way the
			// read must not see it.
			select {
			case err := <-done:
				if err != nil {
					return fmt.Errorf("the import during the read: %w", err)
				}
			case <-time.After(5 * time.Second):
				waiting = done
			}
			return nil
		})
		if err != nil {
			return err
		}
		got.sort()
		equalPortfolio(t, "accounts read across an import", got, Portfolio{Accounts: p.Accounts})
		// Everything again, in the same view.
		again, err := readAll(r)
		if err != nil {
			return err
		}
		equalPortfolio(t, "read after an import committed", again, p)
		if d, ok, err := r.LatestActivityDay(maxDay); err != nil || !ok || d != day(2024, 3, 31) {
			t.Errorf("LatestActivityDay during the import = %v, %v, %v; want 2024-03-31", d, ok, err)
		}
		if m, ok, err := r.LatestRevenueMonth(); err != nil || !ok || m != month(2024, 3) {
			t.Errorf("LatestRevenueMonth during the import = %v, %v, %v; want 2024-03", m, ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("ReadPortfolio: %v", err)
	}
	if !imported {
		t.Fatal("the import did not run")
	}
	if waiting != nil {
		t.Log("the import waited for the read to end")
		select {
		case err := <-waiting:
			if err != nil {
				t.Fatalf("the import after the read: %v", err)
			}
		case <-time.After(time.Minute):
			t.Fatal("the import did not commit after the read ended")
		}
	}
	equalPortfolio(t, "after the import", ReadAll(t, s), next)
}

// testActivityMoves: an activity id is one activity wherever it is put: put
// again under another account (in a later import or later in the same
// one), it leaves the first.
func testActivityMoves(t *testing.T, s workspace.Store) {
	p := sample()
	Import(t, s, false, p)

	// X2 moves from A1 to A2, on another day; X4 stays as it was
	moved := p.Activities[1]
	moved.AccountID, moved.Day = "A2", day(2024, 5, 1)
	c := Import(t, s, false, Portfolio{Activities: []workspace.ActivityRow{moved, p.Activities[3]}})
	equalCounts(t, "a moved activity", c, workspace.ImportCounts{Activities: counts(0, 1, 1)})
	want := sample()
	want.Activities[1] = moved
	equalPortfolio(t, "after a move", ReadAll(t, s), want)

	// in one import, X3 is put under A1, then A3, then A1 again: A1 keeps
	// the last; X9 is new, put under A2 then A3
	x3a, x3b, x3c := p.Activities[2], p.Activities[2], p.Activities[2]
	x3a.AccountID, x3b.AccountID, x3c.AccountID, x3c.Minutes = "A1", "A3", "A1", 7
	x9a := workspace.ActivityRow{ID: "X9", AccountID: "A2", Day: day(2024, 6, 1), Type: slcs.Call, Minutes: -1, OurPeople: "ann@example.com"}
	x9b := x9a
	x9b.AccountID = "A3"
	c = Import(t, s, false, Portfolio{Activities: []workspace.ActivityRow{x3a, x9a, x3b, x9b, x3c}})
	equalCounts(t, "ids put several times", c, workspace.ImportCounts{Activities: counts(1, 1, 0)})
	want.Activities[2] = x3c
	want.Activities = append(want.Activities, x9b)
	equalPortfolio(t, "after ids put several times", ReadAll(t, s), want)

	// the latest day is the moved one's: moving it back takes the day away
	back := moved
	back.AccountID, back.Day = "A1", day(2024, 2, 1)
	Import(t, s, false, Portfolio{Activities: []workspace.ActivityRow{back}})
	err := s.ReadPortfolio(t.Context(), func(r workspace.PortfolioReader) error {
		d, ok, err := r.LatestActivityDay(day(2024, 5, 31))
		if err != nil || !ok || d != day(2024, 3, 31) {
			t.Errorf("LatestActivityDay after moving the activity of 2024-05-01 back = %v, %v, %v; want 2024-03-31", d, ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// an account whose only activity left is emptied
	c = Import(t, s, false, Portfolio{Activities: []workspace.ActivityRow{
		{ID: "X4", AccountID: "A1", Day: day(2024, 3, 31), Type: slcs.Other, Minutes: 1_500_000, OurPeople: "bob@example.com"}}})
	equalCounts(t, "the last activity of an account moved", c, workspace.ImportCounts{Activities: counts(0, 1, 0)})
	got := ReadAll(t, s)
	for _, a := range got.Activities {
		if a.AccountID == "A3" && a.ID == "X4" {
			t.Errorf("X4 is still in A3: %+v", got.Activities)
		}
	}
	if len(got.Activities) != 5 {
		t.Errorf("after moves: %d activities, want 5: %+v", len(got.Activities), got.Activities)
	}
}

// testAccountActivities reads one account's activities.
func testAccountActivities(t *testing.T, s workspace.Store) {
	p := sample()
	Import(t, s, false, p)
	err := s.ReadPortfolio(t.Context(), func(r workspace.PortfolioReader) error {
		for _, c := range []struct {
			account string
			want    []workspace.ActivityRow
		}{
			{"A1", p.Activities[:2]},
			{"A3", p.Activities[3:4]},
			{"NOPE", nil},
		} {
			var got []workspace.ActivityRow
			if err := r.AccountActivities(c.account, func(a *workspace.ActivityRow) error {
				got = append(got, *a)
				return nil
			}); err != nil {
				return err
			}
			slices.SortFunc(got, func(a, b workspace.ActivityRow) int { return cmp.Compare(a.ID, b.ID) })
			if !same(got, c.want) {
				t.Errorf("AccountActivities(%s) = %+v, want %+v", c.account, got, c.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// LegacyRows fills the tables of schema version 1 (an activity a row), in
// SQL that SQLite and PostgreSQL both take; CheckLegacyMigrated checks what
// a store makes of them when it migrates.
var LegacyRows = []string{
	`INSERT INTO accounts VALUES ('A1', 'Acme', 'ann@example.com', 'Retail', NULL, ''), ('A2', 'Bolt', '', 'Retail', 5, '')`,
	`INSERT INTO activities VALUES
		('X1', 'A1', 19737, 2, false, 45000000, 'ann@example.com;bob@example.com', 'carl@acme.com'),
		('X2', 'A1', 19754, 0, true, NULL, 'ann@example.com', ''),
		('X3', 'A2', 19780, 1, false, 0, '', 'dora@bolt.com')`,
}

// CheckLegacyMigrated checks the activities of LegacyRows after a store
// migrated them: as they were, with their days, and found by the next
// import.
func CheckLegacyMigrated(t *testing.T, s workspace.Store) {
	t.Helper()
	want := []workspace.ActivityRow{
		{ID: "X1", AccountID: "A1", Day: 19737, Type: slcs.Meeting, Minutes: 45_000_000, OurPeople: "ann@example.com;bob@example.com", TheirPeople: "carl@acme.com"},
		{ID: "X2", AccountID: "A1", Day: 19754, Type: slcs.Email, Inbound: true, Minutes: -1, OurPeople: "ann@example.com"},
		{ID: "X3", AccountID: "A2", Day: 19780, Type: slcs.Call, Minutes: 0, TheirPeople: "dora@bolt.com"},
	}
	if got := ReadAll(t, s); !same(got.Activities, want) {
		t.Errorf("activities after the migration\n got %+v\nwant %+v", got.Activities, want)
	}
	err := s.ReadPortfolio(t.Context(), func(r workspace.PortfolioReader) error {
		d, ok, err := r.LatestActivityDay(19779)
		if err != nil || !ok || d != 19754 {
			t.Errorf("LatestActivityDay(19779) = %v, %v, %v; want 19754", d, ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c := Import(t, s, false, Portfolio{Activities: want[:1]})
	if c.Activities != counts(0, 0, 1) {
		t.Errorf("re-importing a migrated activity: %+v", c.Activities)
	}
}

// FillLegacy brings db to schema version 1 with the store's migrations and
// puts LegacyRows into it.
func FillLegacy(t *testing.T, db *sql.DB, dialect goose.Dialect, migrations fs.FS) {
	t.Helper()
	p, err := goose.NewProvider(dialect, db, migrations, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	for _, q := range LegacyRows {
		if _, err := db.ExecContext(t.Context(), q); err != nil {
			t.Fatal(err)
		}
	}
}

// LegacySnapshotRows is a snapshot of schema version 2, before snapshots kept
// the peer benchmarks, the time plan and the audit, in SQL that SQLite and
// PostgreSQL both take; CheckLegacySnapshot checks what a store makes of it
// when it migrates.
var LegacySnapshotRows = []string{
	`INSERT INTO snapshots (id, created_at, created_by, as_of, stable, settings, accounts, key_accounts,
		maintenance_accounts, growth_potential_accounts, service_accounts)
		VALUES (1, '2024-04-01T09:30:15Z', 'ann@example.com', 19813, true, '{"stability": {"margin": 2.5}}', 2, 1, 0, 0, 1)`,
	`INSERT INTO snapshot_accounts (snapshot_id, account_id, name, owner, industry, segment, computed, overridden,
		engagement_high, potential_high, engagement, potential, pairs, frequency, proactiveness, pairs_pct,
		frequency_pct, proactiveness_pct, potential_value, revenue_12m, recommended_hours, activities, inbound,
		last_activity, recent_our_people, recent_their_people) VALUES
		(1, 'A1', 'Acme', 'ann@example.com', 'Retail', 0, 1, true, true, false, 7512, 4999, 3, 2250000, 333333,
			12.5, 0.25, 100, 1234567, 1250500000, 1050, 2, 1, 19754, 2, 1),
		(1, 'A2', 'Bolt', '', 'Retail', 3, 3, false, false, false, 0, -1, 0, 0, 0,
			0, 0, 0, 0, 0, 0, 0, 0, NULL, 0, 0)`,
	`INSERT INTO snapshot_isos (snapshot_id, account_id, product, kind, value) VALUES
		(1, 'A1', 'Gadgets', 'upsell', 50000), (1, 'A1', 'Widgets', 'cross-sell', 125)`,
}

// CheckLegacySnapshot checks the snapshot of LegacySnapshotRows after a
// store migrated it: as it was, with zero values for what it did not keep
// (no peer benchmark, no time plan, no audit), and that a snapshot saved
// after the migration keeps everything.
func CheckLegacySnapshot(t *testing.T, s workspace.Store) {
	t.Helper()
	ctx := t.Context()
	var settings slcs.Settings
	settings.Stability.Margin = 2.5
	want := &workspace.Snapshot{
		SnapshotInfo: workspace.SnapshotInfo{ID: 1, CreatedAt: time.Date(2024, 4, 1, 9, 30, 15, 0, time.UTC),
			CreatedBy: "ann@example.com", AsOf: 19813, Accounts: 2, Stable: true, Segments: [4]int{1, 0, 0, 1}},
		Settings: settings,
		Accounts: []workspace.SnapshotAccount{
			{AccountID: "A1", Name: "Acme", Owner: "ann@example.com", Industry: "Retail",
				Segment: slcs.Key, Computed: slcs.Maintenance, Overridden: true, EngagementHigh: true,
				Engagement: 7512, Potential: 4999, Pairs: 3, Frequency: 2_250_000, Proactiveness: 333_333,
				PairsPct: 12.5, FrequencyPct: 0.25, ProactivenessPct: 100, PotentialValue: 1_234_567,
				Revenue12m: 1_250_500_000, RecommendedHours: 1050, Activities: 2, Inbound: 1,
				LastActivity: 19754, HasActivity: true, RecentOurPeople: 2, RecentTheirPeople: 1,
				ISOs: []workspace.SnapshotISO{
					{Product: "Gadgets", Kind: "upsell", Cents: 50_000},
					{Product: "Widgets", Kind: "cross-sell", Cents: 125},
				}},
			{AccountID: "A2", Name: "Bolt", Industry: "Retail", Segment: slcs.Service, Computed: slcs.Service,
				Potential: -1},
		},
	}
	got, err := s.Snapshot(ctx, 1)
	if err != nil {
		t.Fatalf("Snapshot(1) after the migration: %v", err)
	}
	equalSnapshot(t, "the snapshot of version 2 after the migration", got, want)
	h, err := s.History(ctx, "A1")
	if err != nil {
		t.Fatalf("History(A1) after the migration: %v", err)
	}
	if len(h) != 1 {
		t.Fatalf("History(A1) after the migration has %d points, want 1: %+v", len(h), h)
	}
	equalSnapshot(t, "History(A1) after the migration",
		&workspace.Snapshot{SnapshotInfo: h[0].Snapshot, Settings: settings, Accounts: []workspace.SnapshotAccount{h[0].Account}},
		&workspace.Snapshot{SnapshotInfo: want.SnapshotInfo, Settings: settings, Accounts: want.Accounts[:1]})

	next := snapshotA()
	id, err := s.SaveSnapshot(ctx, next)
	if err != nil {
		t.Fatalf("SaveSnapshot after the migration: %v", err)
	}
	if id != 2 {
		t.Errorf("the first snapshot saved after the migration has id %d, want 2", id)
	}
	next.ID = id
	if got, err = s.Snapshot(ctx, id); err != nil {
		t.Fatalf("Snapshot(%d) after the migration: %v", id, err)
	}
	equalSnapshot(t, "a snapshot saved after the migration", got, next)
}

// ---- users, sessions, tokens, the audit log and the settings

// zone is a zone other than UTC: the stores give times back in UTC.
var zone = time.FixedZone("UTC+2", 2*60*60)

// stamp is a time of March 2024 with nanoseconds, in zone.
func stamp(day, hour int) time.Time { return time.Date(2024, 3, day, hour, 4, 5, 123_456_789, zone) }

// kept is t as a store gives it back: in UTC, to the microsecond.
// PostgreSQL keeps microseconds; the SQLite store truncates likewise, so
// that both give the same times.
func kept(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// inUTC fails t for a time read that is not in UTC.
func inUTC(t *testing.T, what string, times ...time.Time) {
	t.Helper()
	for _, x := range times {
		if x.Location() != time.UTC {
			t.Errorf("%s: time %v is not in UTC", what, x)
		}
	}
}

// isErr checks that err wraps target and names what it is about.
func isErr(t *testing.T, what string, err, target error, names string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: %v, want an error wrapping %q", what, err, target)
	} else if !strings.Contains(err.Error(), names) {
		t.Errorf("%s: %q does not name %s", what, err, names)
	}
}

// hash is a stand-in for a hex SHA-256: 64 hex digits.
func hash(c byte) string { return strings.Repeat(string(c), 64) }

// addUsers adds users with the emails given, or fails t.
func addUsers(t *testing.T, s workspace.Store, emails ...string) {
	t.Helper()
	for _, e := range emails {
		if err := s.AddUser(t.Context(), workspace.User{Email: e, Role: workspace.RoleViewer, Seller: e,
			CreatedAt: stamp(1, 8)}); err != nil {
			t.Fatalf("AddUser(%s): %v", e, err)
		}
	}
}

func testUsers(t *testing.T, s workspace.Store) {
	ctx := t.Context()
	if list, err := s.Users(ctx); err != nil || len(list) != 0 {
		t.Errorf("Users of a new workspace = %+v, %v; want none", list, err)
	}
	const phc = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"
	users := []workspace.User{
		{Email: "zed@example.com", Role: workspace.RoleViewer, Seller: "zed@example.com", PasswordHash: phc + "z",
			Disabled: true, CreatedAt: stamp(1, 9)},
		{Email: "ann@example.com", Role: workspace.RoleAdmin, Seller: "ann@example.com", PasswordHash: phc + "a",
			CreatedAt: stamp(2, 10)},
		{Email: "émile@example.com", Role: workspace.RoleSeller, Seller: "emile.owner@example.com", PasswordHash: phc + "é",
			CreatedAt: stamp(3, 11)},
		{Email: "bob@example.com", Role: workspace.RoleLeader, CreatedAt: stamp(4, 12)}, // no seller, no password
	}
	for _, u := range users {
		if err := s.AddUser(ctx, u); err != nil {
			t.Fatalf("AddUser(%s): %v", u.Email, err)
		}
	}
	want := func(u workspace.User) workspace.User {
		u.CreatedAt = kept(u.CreatedAt)
		return u
	}
	// An email taken: the user stays as it was.
	taken := users[1]
	taken.Role, taken.PasswordHash = workspace.RoleViewer, "other"
	isErr(t, "AddUser of a taken email", s.AddUser(ctx, taken), workspace.ErrExists, taken.Email)

	for _, u := range users {
		got, err := s.User(ctx, u.Email)
		if err != nil {
			t.Fatalf("User(%s): %v", u.Email, err)
		}
		inUTC(t, "User", got.CreatedAt)
		if got != want(u) {
			t.Errorf("User(%s) =\n %+v, want\n %+v", u.Email, got, want(u))
		}
	}
	_, err := s.User(ctx, "nobody@example.com")
	isErr(t, "User of an unknown email", err, workspace.ErrNotFound, "nobody@example.com")

	// By email in byte order, as Go compares strings: "émile" after "zed".
	list, err := s.Users(ctx)
	if err != nil {
		t.Fatalf("Users: %v", err)
	}
	byEmail := []workspace.User{want(users[1]), want(users[3]), want(users[0]), want(users[2])}
	if !slices.Equal(list, byEmail) {
		t.Errorf("Users =\n %+v, want\n %+v", list, byEmail)
	}

	// An update changes the role, seller, password and disabled flag, not
	// the creation time.
	bob := users[3]
	bob.Role, bob.Seller, bob.PasswordHash, bob.Disabled = workspace.RoleSeller, "robert@example.com", phc+"b", true
	changed := bob
	changed.CreatedAt = stamp(20, 20)
	if err := s.UpdateUser(ctx, changed); err != nil {
		t.Fatalf("UpdateUser: %v", err)
	}
	zed := users[0]
	zed.Disabled = false // enabled again
	if err := s.UpdateUser(ctx, zed); err != nil {
		t.Fatalf("UpdateUser: %v", err)
	}
	for _, u := range []workspace.User{bob, zed} {
		if got, err := s.User(ctx, u.Email); err != nil || got != want(u) {
			t.Errorf("User(%s) after an update =\n %+v, %v; want\n %+v", u.Email, got, err, want(u))
		}
	}
	isErr(t, "UpdateUser of an unknown email", s.UpdateUser(ctx, workspace.User{Email: "nobody@example.com",
		Role: workspace.RoleAdmin}), workspace.ErrNotFound, "nobody@example.com")
	if list, err := s.Users(ctx); err != nil || len(list) != len(users) {
		t.Errorf("Users after updates: %d users (%v), want %d", len(list), err, len(users))
	}
}

func testSessions(t *testing.T, s workspace.Store) {
	ctx := t.Context()
	addUsers(t, s, "ann@example.com", "bob@example.com")
	sessions := []workspace.Session{
		{Hash: hash('a'), Email: "ann@example.com", CreatedAt: stamp(1, 9), LastSeen: stamp(1, 10), Addr: "192.0.2.1"},
		{Hash: hash('b'), Email: "ann@example.com", CreatedAt: stamp(2, 9), LastSeen: stamp(2, 9), Addr: "[2001:db8::1]:443"},
		{Hash: hash('c'), Email: "bob@example.com", CreatedAt: stamp(3, 9), LastSeen: stamp(3, 9), Addr: ""},
	}
	for _, se := range sessions {
		if err := s.CreateSession(ctx, se); err != nil {
			t.Fatalf("CreateSession(%s): %v", se.Hash, err)
		}
	}
	check := func(what string, se workspace.Session) {
		t.Helper()
		got, err := s.Session(ctx, se.Hash)
		if err != nil {
			t.Fatalf("%s: Session: %v", what, err)
		}
		inUTC(t, what, got.CreatedAt, got.LastSeen)
		se.CreatedAt, se.LastSeen = kept(se.CreatedAt), kept(se.LastSeen)
		if got != se {
			t.Errorf("%s: Session =\n %+v, want\n %+v", what, got, se)
		}
	}
	gone := func(what, h string) {
		t.Helper()
		_, err := s.Session(ctx, h)
		isErr(t, what, err, workspace.ErrNotFound, h)
	}
	for _, se := range sessions {
		check("a new session", se)
	}
	gone("an unknown session", hash('x'))

	sessions[0].LastSeen = stamp(5, 9)
	if err := s.TouchSession(ctx, sessions[0].Hash, sessions[0].LastSeen); err != nil {
		t.Fatalf("TouchSession: %v", err)
	}
	check("a touched session", sessions[0])
	check("a session beside a touched one", sessions[1])

	if err := s.DeleteSession(ctx, sessions[1].Hash); err != nil {
		t.Fatalf("DeleteSession: %v", err)
	}
	gone("a deleted session", sessions[1].Hash)
	check("a session beside a deleted one", sessions[0])
	if err := s.DeleteSession(ctx, hash('x')); err != nil {
		t.Errorf("DeleteSession of an unknown session: %v", err)
	}

	// Those last seen before a time, to the fraction of a second: a
	// session seen half a second after the time stays, one seen half a
	// second before goes, as does one seen a microsecond before; one seen
	// at the time itself stays.
	cut := time.Date(2024, 3, 10, 12, 0, 0, 0, time.UTC)
	around := []workspace.Session{
		{Hash: hash('d'), Email: "bob@example.com", CreatedAt: stamp(1, 9), LastSeen: cut.Add(500 * time.Millisecond)},
		{Hash: hash('e'), Email: "bob@example.com", CreatedAt: stamp(1, 9), LastSeen: cut.Add(-500 * time.Millisecond)},
		{Hash: hash('f'), Email: "ann@example.com", CreatedAt: stamp(1, 9), LastSeen: cut.Add(-time.Microsecond)},
		{Hash: hash('g'), Email: "ann@example.com", CreatedAt: stamp(1, 9), LastSeen: cut.In(zone)},
	}
	for _, se := range around {
		if err := s.CreateSession(ctx, se); err != nil {
			t.Fatalf("CreateSession(%s): %v", se.Hash, err)
		}
	}
	// sessions[0] (ann) was seen on the 5th, sessions[2] (bob) on the 3rd:
	// both go too.
	if err := s.DeleteSessions(ctx, "", cut.In(zone)); err != nil {
		t.Fatalf("DeleteSessions before a time: %v", err)
	}
	for _, h := range []string{sessions[0].Hash, sessions[2].Hash, around[1].Hash, around[2].Hash} {
		gone("a session last seen before the time", h)
	}
	check("a session last seen after the time", around[0])
	check("a session last seen at the time", around[3])

	// Every session of a user, however recent.
	if err := s.DeleteSessions(ctx, "ann@example.com", time.Time{}); err != nil {
		t.Fatalf("DeleteSessions of a user: %v", err)
	}
	gone("a session of a user whose sessions ended", around[3].Hash)
	check("a session of another user", around[0])
}

func testTokens(t *testing.T, s workspace.Store) {
	ctx := t.Context()
	if list, err := s.Tokens(ctx, ""); err != nil || len(list) != 0 {
		t.Errorf("Tokens of a new workspace = %+v, %v; want none", list, err)
	}
	addUsers(t, s, "ann@example.com", "bob@example.com")
	tokens := []workspace.Token{
		{Email: "ann@example.com", Name: "laptop", Hash: hash('1'), CreatedAt: stamp(1, 9)}, // never expires
		{Email: "bob@example.com", Name: "ci ✓", Hash: hash('2'), CreatedAt: stamp(2, 9), Expires: stamp(30, 23)},
		{Email: "ann@example.com", Name: "laptop", Hash: hash('3'), CreatedAt: stamp(3, 9), Expires: time.Date(2099, 1, 1, 0, 0, 0, 1, time.UTC)},
	}
	for i := range tokens {
		id, err := s.CreateToken(ctx, tokens[i])
		if err != nil {
			t.Fatalf("CreateToken(%s): %v", tokens[i].Name, err)
		}
		if id <= 0 || i > 0 && id <= tokens[i-1].ID {
			t.Errorf("token id %d after %d, want them positive and increasing", id, tokens[max(i-1, 0)].ID)
		}
		tokens[i].ID = id
	}
	if _, err := s.CreateToken(ctx, workspace.Token{Email: "bob@example.com", Name: "again", Hash: hash('1'),
		CreatedAt: stamp(4, 9)}); err == nil {
		t.Error("CreateToken of a hash taken succeeded")
	}
	want := func(tk workspace.Token) workspace.Token {
		tk.CreatedAt, tk.Expires, tk.LastUsed, tk.Revoked = kept(tk.CreatedAt), kept(tk.Expires), kept(tk.LastUsed), kept(tk.Revoked)
		return tk
	}
	check := func(what string, tk workspace.Token) {
		t.Helper()
		got, err := s.TokenByHash(ctx, tk.Hash)
		if err != nil {
			t.Fatalf("%s: TokenByHash: %v", what, err)
		}
		inUTC(t, what, got.CreatedAt, got.Expires, got.LastUsed, got.Revoked)
		if got != want(tk) {
			t.Errorf("%s: TokenByHash =\n %+v, want\n %+v", what, got, want(tk))
		}
	}
	list := func(email string, in ...workspace.Token) {
		t.Helper()
		got, err := s.Tokens(ctx, email)
		if err != nil {
			t.Fatalf("Tokens(%q): %v", email, err)
		}
		var w []workspace.Token
		for _, tk := range in {
			w = append(w, want(tk))
		}
		if !same(got, w) {
			t.Errorf("Tokens(%q) =\n %+v, want\n %+v", email, got, w)
		}
	}
	for _, tk := range tokens {
		check("a new token", tk)
	}
	_, err := s.TokenByHash(ctx, hash('9'))
	isErr(t, "TokenByHash of an unknown hash", err, workspace.ErrNotFound, hash('9'))
	list("", tokens...)
	list("ann@example.com", tokens[0], tokens[2])
	list("bob@example.com", tokens[1])
	list("carl@example.com")

	tokens[0].LastUsed = stamp(5, 9)
	if err := s.TouchToken(ctx, tokens[0].ID, tokens[0].LastUsed); err != nil {
		t.Fatalf("TouchToken: %v", err)
	}
	check("a used token", tokens[0])
	tokens[0].LastUsed = stamp(6, 9)
	if err := s.TouchToken(ctx, tokens[0].ID, tokens[0].LastUsed); err != nil {
		t.Fatalf("TouchToken: %v", err)
	}
	check("a token used again", tokens[0])

	// A revoked token is still found by its hash, with the time it was
	// revoked; it cannot be revoked again.
	tokens[1].Revoked = stamp(7, 9)
	if err := s.RevokeToken(ctx, tokens[1].ID, tokens[1].Revoked); err != nil {
		t.Fatalf("RevokeToken: %v", err)
	}
	check("a revoked token", tokens[1])
	isErr(t, "RevokeToken of a revoked token", s.RevokeToken(ctx, tokens[1].ID, stamp(8, 9)), workspace.ErrNotFound,
		fmt.Sprint(tokens[1].ID))
	check("a token revoked twice", tokens[1])
	unknown := tokens[2].ID + 100
	isErr(t, "RevokeToken of an unknown token", s.RevokeToken(ctx, unknown, stamp(8, 9)), workspace.ErrNotFound,
		fmt.Sprint(unknown))
	list("", tokens...)

	// A token made after the others gets a larger id.
	next := workspace.Token{Email: "bob@example.com", Name: "later", Hash: hash('4'), CreatedAt: stamp(9, 9)}
	if next.ID, err = s.CreateToken(ctx, next); err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	if next.ID <= tokens[2].ID {
		t.Errorf("token id %d after %d", next.ID, tokens[2].ID)
	}
	list("bob@example.com", tokens[1], next)
}

func testAudit(t *testing.T, s workspace.Store) {
	ctx := t.Context()
	if got, err := s.Audit(ctx, 0, 10); err != nil || len(got) != 0 {
		t.Errorf("Audit of a new workspace = %+v, %v; want none", got, err)
	}
	entries := []workspace.AuditEntry{
		{At: stamp(1, 9), Actor: "ann@example.com", Action: "import", Target: "accounts.csv", Detail: "3 added", Addr: "192.0.2.1"},
		{At: stamp(1, 10), Actor: "ann@example.com", Action: "classify", Detail: "snapshot 1", Addr: "cli"},
		{At: stamp(1, 10), Actor: "bob@example.com", Action: "override.set", Target: "A1", Detail: "key: \"strategic\" ✓", Addr: "[2001:db8::1]:443"},
		{At: stamp(2, 9), Actor: "root", Action: "user.add", Target: "carl@example.com", Addr: "cli"},
		{At: stamp(3, 9), Actor: "ann@example.com", Action: "token.revoke", Target: "laptop"},
	}
	for _, e := range entries {
		if err := s.AddAudit(ctx, e); err != nil {
			t.Fatalf("AddAudit: %v", err)
		}
	}
	all, err := s.Audit(ctx, 0, 100)
	if err != nil {
		t.Fatalf("Audit: %v", err)
	}
	if len(all) != len(entries) {
		t.Fatalf("Audit = %+v, want %d entries", all, len(entries))
	}
	// newest first: the last added first, with decreasing ids
	for i, got := range all {
		want := entries[len(entries)-1-i]
		want.At, want.ID = kept(want.At), got.ID
		inUTC(t, "Audit", got.At)
		if got != want {
			t.Errorf("Audit[%d] =\n %+v, want\n %+v", i, got, want)
		}
		if i > 0 && got.ID >= all[i-1].ID {
			t.Errorf("Audit ids %d then %d, want them decreasing", all[i-1].ID, got.ID)
		}
	}

	// pages of two, each from below the last id of the one before
	var paged []workspace.AuditEntry
	before := int64(0)
	for range 10 {
		page, err := s.Audit(ctx, before, 2)
		if err != nil {
			t.Fatalf("Audit(%d, 2): %v", before, err)
		}
		if len(page) > 2 {
			t.Fatalf("Audit(%d, 2) = %d entries", before, len(page))
		}
		if len(page) == 0 {
			break
		}
		paged = append(paged, page...)
		before = page[len(page)-1].ID
	}
	if !slices.Equal(paged, all) {
		t.Errorf("Audit in pages of two =\n %+v, want\n %+v", paged, all)
	}
	if got, err := s.Audit(ctx, all[1].ID, 1); err != nil || len(got) != 1 || got[0] != all[2] {
		t.Errorf("Audit(%d, 1) = %+v, %v; want %+v", all[1].ID, got, err, all[2])
	}
	if got, err := s.Audit(ctx, all[len(all)-1].ID, 10); err != nil || len(got) != 0 {
		t.Errorf("Audit before the oldest = %+v, %v; want none", got, err)
	}
	if got, err := s.Audit(ctx, 0, 0); err != nil || len(got) != 0 {
		t.Errorf("Audit with limit 0 = %+v, %v; want none", got, err)
	}
}

func testSettings(t *testing.T, s workspace.Store) {
	ctx := t.Context()
	if st, ok, err := s.Settings(ctx); err != nil || ok {
		t.Errorf("Settings of a new workspace = %+v, %v, %v; want none", st, ok, err)
	}
	// floats that a careless encoding would change
	st := settings()
	st.Potential.Threshold = pointThree
	st.Potential.TypicalPercentile = 1.0 / 3
	st.Time.DefaultCapacity = math.Nextafter(160, 161)
	st.Time.Shares.Key = math.SmallestNonzeroFloat64
	st.Alerts.EngagementDrop = math.MaxFloat64
	st.Engagement.Weights.Pairs = -2.5e-300
	if err := s.SaveSettings(ctx, st); err != nil {
		t.Fatalf("SaveSettings: %v", err)
	}
	got, ok, err := s.Settings(ctx)
	if err != nil || !ok {
		t.Fatalf("Settings = %v, %v; want the settings saved", ok, err)
	}
	if !reflect.DeepEqual(got, st) {
		t.Errorf("Settings =\n %+v, want\n %+v", got, st)
	}

	// saving again replaces them
	def := slcs.DefaultSettings()
	if err := s.SaveSettings(ctx, def); err != nil {
		t.Fatalf("SaveSettings again: %v", err)
	}
	if got, ok, err := s.Settings(ctx); err != nil || !ok || !reflect.DeepEqual(got, def) {
		t.Errorf("Settings after saving the defaults =\n %+v, %v, %v; want\n %+v", got, ok, err, def)
	}
}
