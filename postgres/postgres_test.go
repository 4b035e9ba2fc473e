package postgres

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pressly/goose/v3"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/postgres/pgtest"
	"github.com/slcs/slcs/storetest"
	"github.com/slcs/slcs/workspace"
)

// The concurrency test runs one of its imports in a second process: the
// test binary itself, with these variables set.
const (
	envChild     = "SLCS_POSTGRES_TEST_CHILD" // the tag of the child's import
	envChildURL  = "SLCS_POSTGRES_TEST_CHILD_URL"
	envChildRows = "SLCS_POSTGRES_TEST_CHILD_ROWS"
)

func TestMain(m *testing.M) {
	if tag := os.Getenv(envChild); tag != "" {
		os.Exit(childImport(tag))
	}
	os.Exit(m.Run())
}

func openStore(t testing.TB, url string) *Store {
	s, err := Open(t.Context(), url)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestStore runs the conformance suite. Like every test here it needs a
// PostgreSQL server (see pgtest), and works in a new database of its own.
func TestStore(t *testing.T) {
	pgtest.Require(t) // skip once, not in every subtest
	storetest.Run(t, func(t *testing.T) workspace.Store {
		return openStore(t, pgtest.DB(t))
	})
}

func TestSchemaTooNew(t *testing.T) {
	u := pgtest.DB(t)
	s, err := Open(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	// What a newer slcs would leave behind.
	conn, err := pgx.Connect(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(t.Context(), "INSERT INTO goose_db_version (version_id, is_applied) VALUES ($1, true)", 99999); err != nil {
		t.Fatal(err)
	}

	s, err = Open(t.Context(), u)
	if err == nil {
		s.Close()
		t.Fatal("Open of a database with a newer schema succeeded")
	}
	if !errors.Is(err, workspace.ErrSchemaTooNew) || !strings.Contains(err.Error(), "upgrade slcs") {
		t.Errorf("Open of a database with a newer schema: %v; want ErrSchemaTooNew and a word about upgrading", err)
	}
}

// TestOpenConcurrently: several processes opening a new database at once
// all succeed, and the schema is made once.
func TestOpenConcurrently(t *testing.T) {
	u := pgtest.DB(t)
	const n = 4
	errs := make(chan error, n)
	for range n {
		go func() {
			s, err := Open(t.Context(), u)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("Open: %v", err)
		}
	}
	conn, err := pgx.Connect(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var applied int
	if err := conn.QueryRow(t.Context(), "SELECT count(*) FROM goose_db_version WHERE version_id = 1").Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if applied != 1 {
		t.Errorf("migration 1 recorded %d times", applied)
	}
}

func TestBadURL(t *testing.T) {
	if _, err := Open(t.Context(), "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"); err == nil || !strings.HasPrefix(err.Error(), "postgres: ") {
		t.Errorf("Open of an unreachable server: %v", err)
	}
}

// tagged is an import whose every record carries its tag, so that a reader
// can tell whose records it sees.
func tagged(tag string, rows int) storetest.Portfolio {
	const accounts = 100
	var p storetest.Portfolio
	for i := range accounts {
		p.Accounts = append(p.Accounts, workspace.AccountRow{ID: fmt.Sprintf("%s-acc-%03d", tag, i), Name: "Account " + tag, Industry: "Retail"})
	}
	p.Team = []workspace.TeamRow{{Email: tag + "@example.com", Name: tag}}
	for i := range rows {
		p.Activities = append(p.Activities, workspace.ActivityRow{
			ID: fmt.Sprintf("%s-act-%07d", tag, i), AccountID: p.Accounts[i%accounts].ID,
			Day: slcs.MakeDay(2024, 1, 1) + slcs.Day(i%365), Type: slcs.ActivityTypes[i%4],
			Minutes: -1, OurPeople: tag + "@example.com",
		})
	}
	for i := range accounts {
		p.Revenue = append(p.Revenue, workspace.RevenueRow{AccountID: p.Accounts[i].ID, Product: "Widgets", Month: slcs.MakeMonth(2024, 1), Micros: 1})
	}
	return p
}

// prepare begins an import and puts every record of p: it waits for its
// commit.
func prepare(ctx context.Context, s workspace.Store, replace bool, p storetest.Portfolio) (workspace.Import, error) {
	im, err := s.BeginImport(ctx, replace)
	if err != nil {
		return nil, err
	}
	if err := storetest.Put(im, p); err != nil {
		im.Rollback()
		return nil, err
	}
	return im, nil
}

// childImport is the second process of TestConcurrentImports: it prepares
// its import, says "ready", commits when told to on stdin and prints the
// counts.
func childImport(tag string) int {
	fail := func(err error) int {
		fmt.Printf("error: %v\n", err)
		return 1
	}
	rows, err := strconv.Atoi(os.Getenv(envChildRows))
	if err != nil {
		return fail(err)
	}
	ctx := context.Background()
	s, err := Open(ctx, os.Getenv(envChildURL))
	if err != nil {
		return fail(err)
	}
	defer s.Close()
	im, err := prepare(ctx, s, false, tagged(tag, rows))
	if err != nil {
		return fail(err)
	}
	fmt.Println("ready")
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		return fail(err)
	}
	c, err := im.Commit()
	if err != nil {
		return fail(err)
	}
	b, _ := json.Marshal(c)
	fmt.Printf("committed %s\n", b)
	return 0
}

// seen counts, in one read, the records of each tag.
type seen struct {
	accounts, team, activities, revenue map[string]int
}

func countTags(r workspace.PortfolioReader) (seen, error) {
	c := seen{map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}}
	tag := func(id string) string { t, _, _ := strings.Cut(id, "-"); return t }
	if err := r.Accounts(func(a *workspace.AccountRow) error { c.accounts[tag(a.ID)]++; return nil }); err != nil {
		return c, err
	}
	if err := r.Team(func(m *workspace.TeamRow) error {
		c.team[tag(strings.TrimSuffix(m.Email, "@example.com"))]++
		return nil
	}); err != nil {
		return c, err
	}
	if err := r.Activities(slcs.MakeDay(2000, 1, 1), slcs.MakeDay(2100, 1, 1), func(a *workspace.ActivityRow) error { c.activities[tag(a.ID)]++; return nil }); err != nil {
		return c, err
	}
	err := r.Revenue(slcs.MakeMonth(2000, 1), slcs.MakeMonth(2100, 1), func(rv *workspace.RevenueRow) error { c.revenue[tag(rv.AccountID)]++; return nil })
	return c, err
}

// check says what is wrong with a read: each import seen wholly or not at
// all.
func (c seen) check(rows int) error {
	for _, tag := range []string{"a", "b"} {
		got := [4]int{c.accounts[tag], c.team[tag], c.activities[tag], c.revenue[tag]}
		if got != [4]int{} && got != [4]int{100, 1, rows, 100} {
			return fmt.Errorf("import %s half seen: %d accounts, %d team, %d activities, %d revenue", tag, got[0], got[1], got[2], got[3])
		}
	}
	return nil
}

// TestConcurrentImports commits two imports at the same moment, one from
// this process and one from another, while readers read: both imports are
// kept whole, and no reader sees a part of one.
func TestConcurrentImports(t *testing.T) {
	const rows = 50_000 // several batches each
	u := pgtest.DB(t)
	s := openStore(t, u)
	ctx := t.Context()

	child := exec.CommandContext(ctx, os.Args[0])
	child.Env = append(os.Environ(), envChild+"=b", envChildURL+"="+u, envChildRows+"="+strconv.Itoa(rows))
	stdin, err := child.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	childOut := bufio.NewReader(stdout)
	childSays := func() string {
		line, err := childOut.ReadString('\n')
		if err != nil {
			child.Wait()
			t.Fatalf("the child import: %v (%q)", err, line)
		}
		if strings.HasPrefix(line, "error: ") {
			child.Wait()
			t.Fatalf("the child import: %s", line)
		}
		return strings.TrimSpace(line)
	}

	imA, err := prepare(ctx, s, false, tagged("a", rows))
	if err != nil {
		t.Fatal(err)
	}
	defer imA.Rollback()
	if line := childSays(); line != "ready" {
		t.Fatalf("the child says %q", line)
	}

	// A reader whose view is taken before the commits and who reads again
	// after them, in the same ReadPortfolio: it must see neither import.
	committed := make(chan struct{})
	straddleStarted := make(chan struct{})
	straddleErr := make(chan error, 1)
	go func() {
		straddleErr <- s.ReadPortfolio(ctx, func(r workspace.PortfolioReader) error {
			before, err := countTags(r)
			close(straddleStarted)
			if err != nil {
				return err
			}
			<-committed
			after, err := countTags(r)
			if err != nil {
				return err
			}
			if fmt.Sprint(before) != fmt.Sprint(after) || len(after.activities) != 0 {
				return fmt.Errorf("a read saw the imports committed during it: %+v, then %+v", before, after)
			}
			return nil
		})
	}()
	<-straddleStarted

	// Readers in a loop, during and after the commits.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var readErr error
	reads := 0
	sawBoth := false
	wg.Go(func() {
		for {
			var c seen
			err := s.ReadPortfolio(ctx, func(r workspace.PortfolioReader) error {
				var err error
				c, err = countTags(r)
				return err
			})
			if err == nil {
				err = c.check(rows)
			}
			mu.Lock()
			reads++
			sawBoth = sawBoth || c.activities["a"] == rows && c.activities["b"] == rows
			if err != nil && readErr == nil {
				readErr = err
			}
			mu.Unlock()
			select {
			case <-stop:
				return
			default:
			}
		}
	})

	// Both commits at once.
	if _, err := io.WriteString(stdin, "go\n"); err != nil {
		t.Fatal(err)
	}
	countsA, errA := imA.Commit()
	line := childSays()
	close(committed)
	if errA != nil {
		t.Fatalf("import a: %v", errA)
	}
	var countsB workspace.ImportCounts
	if j, ok := strings.CutPrefix(line, "committed "); !ok || json.Unmarshal([]byte(j), &countsB) != nil {
		t.Fatalf("the child says %q", line)
	}
	if err := child.Wait(); err != nil {
		t.Fatalf("the child import: %v", err)
	}

	// Let the readers run after the commits, until one has seen both.
	deadline := time.Now().Add(time.Minute)
	for {
		mu.Lock()
		done := sawBoth
		mu.Unlock()
		if done || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if err := <-straddleErr; err != nil {
		t.Error(err)
	}
	if readErr != nil {
		t.Error(readErr)
	}
	if !sawBoth {
		t.Error("no reader saw both imports after they committed")
	}
	t.Logf("%d reads during and after the commits", reads)

	want := workspace.ImportCounts{
		Accounts:   workspace.Counts{Added: 100},
		Team:       workspace.Counts{Added: 1},
		Activities: workspace.Counts{Added: rows},
		Revenue:    workspace.Counts{Added: 100},
	}
	if countsA != want || countsB != want {
		t.Errorf("counts: a %+v, b %+v; want %+v", countsA, countsB, want)
	}
	// Nothing lost: every record of both imports is there, as put.
	got := storetest.ReadAll(t, s)
	all := tagged("a", rows)
	b := tagged("b", rows)
	all.Accounts = append(all.Accounts, b.Accounts...)
	all.Team = append(all.Team, b.Team...)
	all.Activities = append(all.Activities, b.Activities...)
	all.Revenue = append(all.Revenue, b.Revenue...)
	if len(got.Accounts) != len(all.Accounts) || len(got.Team) != len(all.Team) ||
		len(got.Activities) != len(all.Activities) || len(got.Revenue) != len(all.Revenue) {
		t.Fatalf("after both imports: %d accounts, %d team, %d activities, %d revenue; want %d, %d, %d, %d",
			len(got.Accounts), len(got.Team), len(got.Activities), len(got.Revenue),
			len(all.Accounts), len(all.Team), len(all.Activities), len(all.Revenue))
	}
	for i := range got.Activities {
		if got.Activities[i] != all.Activities[i] {
			t.Fatalf("activity %d = %+v, want %+v", i, got.Activities[i], all.Activities[i])
		}
	}
}

// BenchmarkImportActivities imports SLCS_BENCH_ROWS activities (100,000 by
// default) into a new database per iteration and reports rows/s:
//
//	SLCS_TEST_POSTGRES=... SLCS_BENCH_ROWS=1000000 go test ./postgres -run '^$' -bench ImportActivities -benchtime 1x
func BenchmarkImportActivities(b *testing.B) {
	rows := 100_000
	if v := os.Getenv("SLCS_BENCH_ROWS"); v != "" {
		var err error
		if rows, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	const accounts = 10_000
	var total time.Duration
	for b.Loop() {
		b.StopTimer()
		s := openStore(b, pgtest.DB(b))
		b.StartTimer()
		start := time.Now()
		im, err := s.BeginImport(b.Context(), false)
		if err != nil {
			b.Fatal(err)
		}
		for i := range accounts {
			a := workspace.AccountRow{ID: fmt.Sprintf("acc-%05d", i), Name: "Account", Industry: "Retail"}
			if err := im.PutAccount(&a); err != nil {
				b.Fatal(err)
			}
		}
		for i := range rows {
			a := workspace.ActivityRow{
				ID: fmt.Sprintf("act-%08d", i), AccountID: fmt.Sprintf("acc-%05d", i%accounts),
				Day: slcs.MakeDay(2023, 1, 1) + slcs.Day(i%730), Type: slcs.ActivityTypes[i%4], Inbound: i%3 == 0,
				Minutes: int64(i%60) * 1_000_000, OurPeople: "ann@example.com;bob@example.com", TheirPeople: "carl@client.com",
			}
			if err := im.PutActivity(&a); err != nil {
				b.Fatal(err)
			}
		}
		c, err := im.Commit()
		if err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		if c.Activities.Added != int64(rows) {
			b.Fatalf("counts %+v", c)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows*b.N)/total.Seconds(), "rows/s")
}

// TestReplaceBesideImport: a replace waits for the import under way, then
// empties the portfolio, so that no activity is left without its account.
func TestReplaceBesideImport(t *testing.T) {
	s := openStore(t, pgtest.DB(t))
	ctx := t.Context()
	account := func(id string) workspace.AccountRow { return workspace.AccountRow{ID: id, Name: id} }
	activity := func(id, account string) workspace.ActivityRow {
		return workspace.ActivityRow{ID: id, AccountID: account, Day: slcs.MakeDay(2024, 1, 1), Minutes: -1}
	}
	storetest.Import(t, s, false, storetest.Portfolio{Accounts: []workspace.AccountRow{account("A1"), account("A2")}})

	// An import of A1 and an activity of it, put but not committed.
	im, err := prepare(ctx, s, false, storetest.Portfolio{
		Accounts:   []workspace.AccountRow{account("A1")},
		Activities: []workspace.ActivityRow{activity("X1", "A1")},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer im.Rollback()

	// A replace by A2 alone, meanwhile.
	replaced := make(chan error, 1)
	go func() {
		rep, err := prepare(ctx, s, true, storetest.Portfolio{
			Accounts:   []workspace.AccountRow{account("A2")},
			Activities: []workspace.ActivityRow{activity("Y1", "A2")},
		})
		if err == nil {
			_, err = rep.Commit()
		}
		replaced <- err
	}()
	select {
	case err := <-replaced:
		t.Fatalf("a replace ran beside an import under way (%v)", err)
	case <-time.After(500 * time.Millisecond):
	}
	if _, err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-replaced; err != nil {
		t.Fatalf("the replace: %v", err)
	}

	got := storetest.ReadAll(t, s)
	if len(got.Accounts) != 1 || got.Accounts[0].ID != "A2" || len(got.Activities) != 1 || got.Activities[0].ID != "Y1" {
		t.Errorf("after the replace: %+v; want A2 and Y1 alone", got)
	}
}

// TestDeadlockSaysRetry: two imports that lock two accounts in opposite
// orders deadlock; PostgreSQL rolls one back, whose error wraps
// workspace.ErrRetry, and retrying it succeeds.
func TestDeadlockSaysRetry(t *testing.T) {
	s := openStore(t, pgtest.DB(t))
	ctx := t.Context()
	storetest.Import(t, s, false, storetest.Portfolio{Accounts: []workspace.AccountRow{{ID: "A"}, {ID: "B"}}})

	// put changes an account and makes the import send it (AccountIDs
	// sends what is buffered), which locks its row until the import ends.
	put := func(im workspace.Import, id, name string) error {
		if err := im.PutAccount(&workspace.AccountRow{ID: id, Name: name}); err != nil {
			return err
		}
		return im.AccountIDs(func(string) {})
	}
	begin := func() workspace.Import {
		im, err := s.BeginImport(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { im.Rollback() })
		return im
	}
	one, two := begin(), begin()
	if err := put(one, "A", "one"); err != nil {
		t.Fatal(err)
	}
	if err := put(two, "B", "two"); err != nil {
		t.Fatal(err)
	}
	errOne := make(chan error, 1)
	go func() {
		err := put(one, "B", "one") // waits for two
		if err == nil {
			_, err = one.Commit()
		}
		errOne <- err
	}()
	time.Sleep(200 * time.Millisecond) // let one wait for B
	errTwo := put(two, "A", "two")     // waits for one: a deadlock
	if errTwo == nil {
		_, errTwo = two.Commit()
	}
	errs := []error{<-errOne, errTwo}
	var failed []error
	for _, err := range errs {
		if err != nil {
			failed = append(failed, err)
		}
	}
	if len(failed) != 1 {
		t.Fatalf("errors %v; want one import rolled back", errs)
	}
	if !errors.Is(failed[0], workspace.ErrRetry) || !strings.Contains(failed[0].Error(), "try again") {
		t.Errorf("the deadlocked import: %v; want workspace.ErrRetry, saying to try again", failed[0])
	}
	t.Logf("the deadlocked import: %v", failed[0])

	// The retry.
	winner := "one"
	if errs[0] != nil {
		winner = "two"
	}
	loser := map[string]string{"one": "two", "two": "one"}[winner]
	storetest.Import(t, s, false, storetest.Portfolio{Accounts: []workspace.AccountRow{{ID: "A", Name: loser}, {ID: "B", Name: loser}}})
	got := storetest.ReadAll(t, s)
	if len(got.Accounts) != 2 || got.Accounts[0].Name != loser || got.Accounts[1].Name != loser {
		t.Errorf("after the retry: %+v", got.Accounts)
	}
}

// TestUnknownAccount: the store's own check, in place of a foreign key,
// names the account.
func TestUnknownAccount(t *testing.T) {
	s := openStore(t, pgtest.DB(t))
	for what, p := range map[string]storetest.Portfolio{
		"activities": {Activities: []workspace.ActivityRow{{ID: "X1", AccountID: "NOPE", Minutes: -1}}},
		"revenue":    {Revenue: []workspace.RevenueRow{{AccountID: "NOPE", Product: "Widgets", Micros: 1}}},
	} {
		im, err := prepare(t.Context(), s, false, p)
		if err == nil {
			_, err = im.Commit()
		}
		if err == nil || !strings.Contains(err.Error(), `"NOPE"`) || !strings.Contains(err.Error(), "not in the workspace") {
			t.Errorf("importing %s of an unknown account: %v", what, err)
		}
		if err != nil {
			t.Logf("%s: %v", what, err)
		}
	}
}

// TestMigrateActivitiesToPacks: a database of schema version 1, which kept
// an activity a row, opens with its activities and days as they were.
func TestMigrateActivitiesToPacks(t *testing.T) {
	u := pgtest.DB(t)
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.FillLegacy(t, db, goose.DialectPostgres, os.DirFS("migrations"))
	s := openStore(t, u)
	storetest.CheckLegacyMigrated(t, s)
}

// TestConcurrentImportsSameAccounts: two imports that add activities to
// the same accounts and commit at once keep both imports' activities (an
// account's pack is merged by one import at a time).
func TestConcurrentImportsSameAccounts(t *testing.T) {
	s := openStore(t, pgtest.DB(t))
	base := storetest.Portfolio{}
	for i := range 20 {
		base.Accounts = append(base.Accounts, workspace.AccountRow{ID: fmt.Sprintf("A%02d", i), Name: "Account"})
	}
	storetest.Import(t, s, false, base)
	for round := range 5 {
		var ims []workspace.Import
		for _, tag := range []string{"x", "y"} {
			var p storetest.Portfolio
			for i := range 2000 {
				p.Activities = append(p.Activities, workspace.ActivityRow{
					ID: fmt.Sprintf("%s-%d-%05d", tag, round, i), AccountID: base.Accounts[i%20].ID,
					Day: slcs.MakeDay(2024, 1, 1) + slcs.Day(i%300), Minutes: -1, OurPeople: tag + "@example.com"})
			}
			im, err := prepare(t.Context(), s, false, p)
			if err != nil {
				t.Fatal(err)
			}
			defer im.Rollback()
			ims = append(ims, im)
		}
		var wg sync.WaitGroup
		errs := make([]error, len(ims))
		for i, im := range ims {
			wg.Go(func() { _, errs[i] = im.Commit() })
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if got, want := len(storetest.ReadAll(t, s).Activities), 4000*(round+1); got != want {
			t.Fatalf("round %d: %d activities after two imports at once, want %d", round, got, want)
		}
	}
}

// TestMigrateSnapshotDetails: a database with a snapshot saved at schema
// version 2 opens, and the snapshot reads back as it was, with zero values
// for what version 2 did not keep.
func TestMigrateSnapshotDetails(t *testing.T) {
	u := pgtest.DB(t)
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, db, os.DirFS("migrations"),
		goose.WithDisableGlobalRegistry(true), goose.WithGoMigrations(goMigrations()...))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(t.Context(), 2); err != nil {
		t.Fatal(err)
	}
	for _, q := range storetest.LegacySnapshotRows {
		if _, err := db.ExecContext(t.Context(), q); err != nil {
			t.Fatal(err)
		}
	}
	s := openStore(t, u)
	storetest.CheckLegacySnapshot(t, s)
}

// TestMigrateUsersDown: the users' tables go with migration 4's Down
// section, and come back empty when the store opens again.
func TestMigrateUsersDown(t *testing.T) {
	ctx := t.Context()
	u := pgtest.DB(t)
	s := openStore(t, u)
	if err := s.AddUser(ctx, workspace.User{Email: "ann@example.com", Role: workspace.RoleAdmin, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, db, os.DirFS("migrations"),
		goose.WithDisableGlobalRegistry(true), goose.WithGoMigrations(goMigrations()...))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 3); err != nil {
		t.Fatal(err)
	}
	var left int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM unnest(ARRAY['users', 'sessions', 'tokens', 'audit_log', 'settings']) AS t(name)
		WHERE to_regclass(name) IS NOT NULL`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Fatalf("%d tables of version 4 left at version 3", left)
	}

	s = openStore(t, u)
	if list, err := s.Users(ctx); err != nil || len(list) != 0 {
		t.Errorf("Users after migrating down and up = %+v, %v; want none", list, err)
	}
	if err := s.AddUser(ctx, workspace.User{Email: "ann@example.com", Role: workspace.RoleAdmin, CreatedAt: time.Now()}); err != nil {
		t.Errorf("AddUser after migrating down and up: %v", err)
	}
}
