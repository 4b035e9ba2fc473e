package salesforce

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/crm"
	"github.com/slcs/slcs/generate"
	"github.com/slcs/slcs/model"
	"github.com/slcs/slcs/portfolio"
	"github.com/slcs/slcs/report"
)

// readTable reads a CSV file into its rows, each a map from column name.
func readTable(t testing.TB, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

type table struct {
	w *csv.Writer
	f *os.File
}

func newTable(t testing.TB, dir, name string, head ...string) *table {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write(head)
	return &table{w, f}
}

func (tb *table) row(cells ...string) { tb.w.Write(cells) }

func (tb *table) close(t testing.TB) {
	t.Helper()
	tb.w.Flush()
	if err := tb.w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := tb.f.Close(); err != nil {
		t.Fatal(err)
	}
}

// sfID makes a deterministic 15-character id: a 3-character key prefix and
// a zero-padded number.
func sfID(prefix string, n int) string { return fmt.Sprintf("%s%012d", prefix, n) }

func splitPeople(s string) []string {
	var out []string
	for p := range strings.SplitSeq(s, ";") {
		if p = strings.TrimSpace(p); p != "" && !slices.ContainsFunc(out, func(q string) bool { return strings.EqualFold(p, q) }) {
			out = append(out, p)
		}
	}
	return out
}

// writeExport writes, from the canonical portfolio in src, a Salesforce
// export into dst, and into same a canonical portfolio holding only what a
// Salesforce export can carry, which converting dst must reproduce:
//
//   - team.csv without capacity_hours (a User has no selling hours);
//   - calls, emails and other activities are Tasks: one of our people (the
//     owner) and at most one of theirs (WhoId); only calls keep a direction
//     (CallType) and minutes (CallDurationInSeconds);
//   - meetings are Events with all their people (EventRelations) and
//     minutes (DurationInMinutes) but no direction;
//   - dates keep their UTC day only; a meeting's time of day is kept;
//   - an account's owner is spelt as the User's Email (a User has one
//     spelling; capital letters matter to the owner group of a report).
//
// It returns the map from 18-character account id to canonical id.
func writeExport(t testing.TB, src, dst, same string) map[string]string {
	t.Helper()
	for _, d := range []string{dst, same} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	users := map[string]string{}    // lower-cased email → user id
	spelling := map[string]string{} // lower-cased email → as in User.csv
	userT := newTable(t, dst, "User.csv", "Id", "FirstName", "LastName", "Email")
	teamT := newTable(t, same, "team.csv", "email", "name")
	addUser := func(email, name string) string {
		k := strings.ToLower(email)
		if uid, ok := users[k]; ok {
			return uid
		}
		uid := sfID("005", len(users)+1)
		users[k], spelling[k] = uid, email
		userT.row(uid, "", name, email)
		return uid
	}
	for _, p := range readTable(t, filepath.Join(src, "team.csv")) {
		addUser(p["email"], p["name"])
		teamT.row(p["email"], p["name"])
	}
	teamT.close(t)

	accIDs := map[string]string{} // canonical → 15-character id
	back := map[string]string{}
	accT := newTable(t, dst, "Account.csv", "Id", "Name", "OwnerId", "Industry", "NumberOfEmployees", "Website")
	sameAccT := newTable(t, same, "accounts.csv", "account_id", "name", "owner", "industry", "employees", "domains")
	accounts := readTable(t, filepath.Join(src, "accounts.csv"))
	for i, a := range accounts {
		aid := sfID("001", i+1)
		accIDs[a["account_id"]] = aid
		n, _ := crm.NormalizeID(aid)
		back[n] = a["account_id"]
		owner := ""
		if a["owner"] != "" {
			owner = addUser(a["owner"], a["owner"])
		}
		domain, _, _ := strings.Cut(a["domains"], ";")
		accT.row(aid, a["name"], owner, a["industry"], a["employees"], domain)
		sameAccT.row(a["account_id"], a["name"], spelling[strings.ToLower(a["owner"])], a["industry"], a["employees"], a["domains"])
	}
	accT.close(t)
	sameAccT.close(t)

	contacts := map[[2]string]string{} // account, lower-cased person → contact id
	conT := newTable(t, dst, "Contact.csv", "Id", "AccountId", "FirstName", "LastName", "Email")
	contact := func(acc, person string) string {
		k := [2]string{acc, strings.ToLower(person)}
		if cid, ok := contacts[k]; ok {
			return cid
		}
		cid := sfID("003", len(contacts)+1)
		contacts[k] = cid
		if strings.Contains(person, "@") {
			conT.row(cid, acc, "", "", person)
		} else {
			conT.row(cid, acc, "", person, "") // a person known by name only
		}
		return cid
	}
	taskT := newTable(t, dst, "Task.csv", "Id", "AccountId", "WhoId", "OwnerId", "ActivityDate", "Subject", "TaskSubtype", "CallType", "CallDurationInSeconds")
	evT := newTable(t, dst, "Event.csv", "Id", "AccountId", "WhoId", "OwnerId", "ActivityDateTime", "ActivityDate", "DurationInMinutes", "IsChild")
	relT := newTable(t, dst, "EventRelation.csv", "Id", "EventId", "RelationId", "IsInvitee", "Status")
	actT := newTable(t, same, "activities.csv", "activity_id", "account_id", "date", "type", "direction", "our_people", "their_people", "minutes")
	var nTask, nEvent, nRel int
	for _, a := range readTable(t, filepath.Join(src, "activities.csv")) {
		acc := accIDs[a["account_id"]]
		ours, theirs := splitPeople(a["our_people"]), splitPeople(a["their_people"])
		if acc == "" || len(ours) == 0 {
			t.Fatalf("generated activity %s has no account or none of our people", a["activity_id"])
		}
		typ := strings.ToLower(a["type"])
		if typ == "" {
			typ = "other"
		}
		var day, stamp string
		if len(a["date"]) == 10 {
			day = a["date"]
		} else {
			ts, err := time.Parse(time.RFC3339, a["date"])
			if err != nil {
				t.Fatalf("activity %s: %v", a["activity_id"], err)
			}
			day, stamp = ts.UTC().Format("2006-01-02"), ts.UTC().Format("2006-01-02T15:04:05Z")
		}
		if typ == "meeting" {
			nEvent++
			eid := sfID("00U", nEvent)
			who := ""
			if len(theirs) > 0 {
				who = contact(acc, theirs[0])
			}
			date := a["date"]
			if stamp == "" {
				date = day
			}
			evT.row(eid, acc, who, addUser(ours[0], ours[0]), stamp, day, a["minutes"], "false")
			for _, p := range ours[1:] {
				nRel++
				relT.row(sfID("0RE", nRel), eid, addUser(p, p), "true", "Accepted")
			}
			for _, p := range theirs[min(1, len(theirs)):] {
				nRel++
				relT.row(sfID("0RE", nRel), eid, contact(acc, p), "true", "New")
			}
			actT.row(eid, a["account_id"], date, typ, "", strings.Join(ours, ";"), strings.Join(theirs, ";"), a["minutes"])
			continue
		}
		nTask++
		tid := sfID("00T", nTask)
		who, their := "", ""
		if len(theirs) > 0 {
			who, their = contact(acc, theirs[0]), theirs[0]
		}
		subtype, callType, secs, dir, minutes := "Task", "", "", "", ""
		switch typ {
		case "call":
			subtype, dir, minutes = "Call", strings.ToLower(a["direction"]), a["minutes"]
			callType = map[string]string{"inbound": "Inbound", "outbound": "Outbound", "": "Internal"}[dir]
			if minutes != "" {
				m, err := strconv.ParseFloat(minutes, 64)
				if err != nil {
					t.Fatal(err)
				}
				secs = strconv.FormatFloat(m*60, 'f', -1, 64)
			}
		case "email":
			subtype = "Email"
		}
		taskT.row(tid, acc, who, addUser(ours[0], ours[0]), day, typ, subtype, callType, secs)
		actT.row(tid, a["account_id"], day, typ, dir, ours[0], their, minutes)
	}
	for _, tb := range []*table{taskT, evT, relT, actT, conT} {
		tb.close(t)
	}

	// Revenue: one closed-won opportunity an account, product and month.
	prods := map[string]string{}
	prodT := newTable(t, dst, "Product2.csv", "Id", "Name")
	oppT := newTable(t, dst, "Opportunity.csv", "Id", "AccountId", "StageName", "IsWon", "CloseDate", "Amount")
	itemT := newTable(t, dst, "OpportunityLineItem.csv", "Id", "OpportunityId", "Product2Id", "ServiceDate", "TotalPrice")
	for i, r := range readTable(t, filepath.Join(src, "revenue.csv")) {
		pid, ok := prods[r["product"]]
		if !ok {
			pid = sfID("01t", len(prods)+1)
			prods[r["product"]] = pid
			prodT.row(pid, r["product"])
		}
		oid := sfID("006", i+1)
		oppT.row(oid, accIDs[r["account_id"]], "Closed Won", "true", r["month"]+"-28", r["amount"])
		itemT.row(sfID("00k", i+1), oid, pid, r["month"]+"-01", r["amount"])
	}
	for _, tb := range []*table{prodT, oppT, itemT} {
		tb.close(t)
	}
	if err := copyFile(filepath.Join(src, "revenue.csv"), filepath.Join(same, "revenue.csv")); err != nil {
		t.Fatal(err)
	}
	userT.close(t)
	return back
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// classify returns the classification CSV of the portfolio in dir, with
// account ids renamed by rename (when set) and rows sorted by id.
func classify(t testing.TB, dir string, today slcs.Day, rename map[string]string) string {
	return classifyCSV(t, dir, today, rename, report.WriteClassificationCSV)
}

// classifyCSV is classify with another report of the result.
func classifyCSV(t testing.TB, dir string, today slcs.Day, rename map[string]string, write func(io.Writer, *model.Result) error) string {
	t.Helper()
	b, _, err := portfolio.Load(dir, portfolio.Options{Settings: slcs.DefaultSettings(), Today: today})
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	var buf bytes.Buffer
	if err := write(&buf, b.Classify()); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		id, ok := r[0], true
		if rename != nil {
			id, ok = rename[r[0]]
		}
		if !ok {
			t.Fatalf("converted account %s is not one of the export", r[0])
		}
		if len(r) > 1 && r[1] == r[0] {
			r[1] = id // an account without a name is shown by its id
		}
		r[0] = id
	}
	slices.SortStableFunc(recs[1:], func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	w.WriteAll(recs)
	return out.String()
}

// TestConvertRoundTrip writes a Salesforce export from a generated
// portfolio, converts it, and checks that the converted portfolio
// classifies every account as the generated one does, once reduced to what
// the export carries (see writeExport).
func TestConvertRoundTrip(t *testing.T) {
	asOf := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	root := t.TempDir()
	gen, exp, same, out := filepath.Join(root, "gen"), filepath.Join(root, "export"), filepath.Join(root, "same"), filepath.Join(root, "out")
	if err := generate.Write(gen, generate.Options{Accounts: 3000, Seed: 11, AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	back := writeExport(t, gen, exp, same)
	rep, err := Convert(exp, out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Skipped) != 0 {
		t.Errorf("rows skipped: %v", rep.Skipped)
	}
	today := slcs.DayOf(asOf)
	want := classify(t, same, today, nil)
	got := classify(t, out, today, back)
	if n := strings.Count(want, "\n"); n != 3001 {
		t.Fatalf("classification of the generated portfolio has %d lines, want 3001", n)
	}
	if got != want {
		wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
		for i := range min(len(wl), len(gl)) {
			if wl[i] != gl[i] {
				t.Fatalf("line %d differs:\nconverted %s\ngenerated %s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("converted classification has %d lines, generated %d", len(gl), len(wl))
	}
	if got, want := classifyCSV(t, out, today, back, report.WriteISOsCSV), classifyCSV(t, same, today, nil, report.WriteISOsCSV); got != want {
		t.Errorf("the ISO lists differ")
	}
	// The audit is by person: its ids are emails, the same in both.
	if got, want := classifyCSV(t, out, today, nil, report.WriteAuditCSV), classifyCSV(t, same, today, nil, report.WriteAuditCSV); got != want {
		t.Errorf("the audits differ:\nconverted\n%s\ngenerated\n%s", got, want)
	}
}
