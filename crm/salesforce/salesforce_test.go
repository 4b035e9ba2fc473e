package salesforce

import (
	"archive/zip"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/crm"
	"github.com/slcs/slcs/portfolio"
)

// export is a Salesforce export: file name → content.
type export map[string]string

// quoted builds a file the way Salesforce writes it: every value quoted,
// LF line ends. Cells are given separated by "|".
func quoted(lines ...string) string {
	var b strings.Builder
	for _, l := range lines {
		cells := strings.Split(l, "|")
		for i, c := range cells {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"` + strings.ReplaceAll(c, `"`, `""`) + `"`)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func writeDir(t *testing.T, e export) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range e {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func writeZip(t *testing.T, e export) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "WE_00D000000000001_1.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, content := range e {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// id18 is the 18-character form of a 15-character id.
func id18(t *testing.T, id string) string {
	t.Helper()
	n, ok := crm.NormalizeID(id)
	if !ok || n == "" {
		t.Fatalf("bad id %q", id)
	}
	return n
}

const (
	uAna    = "005000000000001"
	uBen    = "005000000000002"
	uCy     = "005000000000003"
	uDee    = "005000000000004"
	aAlder  = "001000000000001"
	aBirch  = "001000000000002"
	cJo     = "003000000000001"
	cMax    = "003000000000002"
	cLee    = "003000000000003"
	oWon    = "006000000000001"
	oStage  = "006000000000002"
	oOpen   = "006000000000003"
	oLost   = "006000000000004"
	pCloud  = "01t000000000001"
	pSupp   = "01t000000000002"
	mIn     = "02s000000000001"
	mOpp    = "02s000000000002"
	mNoAcc  = "02s000000000003"
	evMeet  = "00U000000000001"
	evChild = "00U000000000002"
	evAll   = "00U000000000003"
	evGone  = "00U000000000004"
)

func baseExport() export {
	return export{
		"User.csv": quoted(
			"Id|Email|FirstName|LastName|IsActive",
			uAna+"|ana@ours.example|Ana|Alves|1",
			uBen+"|ben@ours.example|Ben|Brown|1",
			uCy+"|cy@ours.example|Cy|Cole|0",
			uDee+"|dee@ours.example|Dee|Diaz|1",
		),
		"Account.csv": quoted(
			"Id|Name|Industry|NumberOfEmployees|OwnerId|Website|BillingCity",
			aAlder+"|Alder Foods|Retail|100|"+uAna+"|https://www.alder.example:8080/about|Lyon",
			aBirch+"|Birch Market|Retail||000000000000000AAA||Paris",
		),
		"Contact.csv": quoted(
			"Id|AccountId|Email|FirstName|LastName",
			cJo+"|"+aAlder+"|jo@alder.example|Jo|Jones",
			cMax+"|"+aAlder+"|max@gmail.com|Max|Meyer",
			cLee+"|"+aBirch+"||Lee|Park",
		),
		"Opportunity.csv": quoted(
			"Id|AccountId|IsWon|StageName|CloseDate|Amount",
			oWon+"|"+aAlder+"|1|Closed Won|2026-03-15|5000",
			oStage+"|"+aBirch+"|0|Closed Won|2026-04-20|1200.5",
			oOpen+"|"+aAlder+"|false|Prospecting|2026-05-01|900",
			oLost+"|001000000000009|true|Closed Won|2026-05-01|100",
		),
		"Product2.csv": quoted(
			"Id|Name",
			pCloud+"|Cloud",
			pSupp+"|Support",
		),
		"OpportunityLineItem.csv": quoted(
			"Id|OpportunityId|Product2Id|TotalPrice|ServiceDate",
			"00k000000000001|"+oWon+"|"+pCloud+"|3000|2026-02-10",
			"00k000000000002|"+oWon+"|"+pSupp+"|2000.25|",
			"00k000000000003|"+oOpen+"|"+pCloud+"|900|",
		),
		"EmailMessage.csv": quoted(
			"Id|RelatedToId|MessageDate|Incoming|FromAddress|ToAddress|CcAddress|Subject",
			mIn+"|"+aAlder+"|2026-06-01 10:00:00|1|jo@alder.example|ana@ours.example|boss@alder.example|Hello",
			mOpp+"|"+oWon+"|2024-01-31T10:00:00.000Z|0|ben@ours.example|jo@alder.example||Offer",
			mNoAcc+"||2026-06-02 10:00:00|0|ben@ours.example|x@y.example||Lost",
		),
		"EventRelation.csv": quoted(
			"Id|EventId|RelationId|IsInvitee|Status",
			"0RE000000000001|"+evMeet+"|"+uDee+"|1|Accepted",
			"0RE000000000002|"+evMeet+"|"+cMax+"|true|New",
			"0RE000000000003|"+evMeet+"|"+cJo+"|1|Declined",
			"0RE000000000004|"+evMeet+"|"+cLee+"|0|Accepted",
		),
		"Event.csv": quoted(
			"Id|AccountId|WhatId|WhoId|OwnerId|ActivityDateTime|ActivityDate|DurationInMinutes|IsChild|Subject",
			evMeet+"|"+aAlder+"|||"+uAna+"|2026-06-10 14:28:45|2026-06-10|60|0|Review",
			evChild+"|"+aAlder+"|||"+uDee+"|2026-06-10 14:28:45|2026-06-10|60|1|Review",
			evAll+"||"+aBirch+"|"+cLee+"|"+uBen+"||2026-06-11||false|All day",
			evGone+"|001000000000009|||"+uAna+"|2026-06-10 14:28:45||30|0|Elsewhere",
		),
		"Task.csv": quoted(
			"Id|AccountId|WhatId|WhoId|OwnerId|ActivityDate|Subject|TaskSubtype|Type|CallType|CallDurationInSeconds|EmailMessageId|Description",
			"00T000000000001|"+aAlder+"||"+cJo+"|"+uAna+"|2026-06-03|Call|Call|||90||first line\nsecond line, with a comma",
			"00T000000000002||"+oWon+"|"+cJo+"|"+uBen+"|2026-06-04 00:00:00|Email: Hello|Task|||||",
			"00T000000000003|"+aAlder+"|||"+uAna+"|2026-06-05|Email: dup|Email||||"+mIn+"|",
			"00T000000000004|"+aAlder+"|||"+uAna+"||Todo|Task|||||",
			"00T000000000005||||"+uAna+"|2026-06-05|Todo|Task|||||",
			"00T000000000006|"+aBirch+"|||"+uBen+"|2026-06-06|Lunch|Task||Inbound||||",
			"00T000000000007|"+aAlder+"|||"+uAna+"|2026-06-07|Note|Task|Other|||||",
		),
	}
}

// readOut reads a portfolio file into rows keyed by their first cell.
func readOut(t *testing.T, dir, name string) (header []string, rows map[string][]map[string]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	rows = map[string][]map[string]string{}
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		rows[rec[0]] = append(rows[rec[0]], m)
	}
	return recs[0], rows
}

func one(t *testing.T, rows map[string][]map[string]string, key string) map[string]string {
	t.Helper()
	if len(rows[key]) != 1 {
		t.Fatalf("want one row %s, got %v", key, rows[key])
	}
	return rows[key][0]
}

func convert(t *testing.T, src string) (string, *crm.Report) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "portfolio")
	rep, err := Convert(src, out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return out, rep
}

func TestAccounts(t *testing.T) {
	out, _ := convert(t, writeDir(t, baseExport()))
	head, rows := readOut(t, out, "accounts.csv")
	if want := []string{"account_id", "name", "owner", "industry", "employees", "domains"}; !slices.Equal(head, want) {
		t.Errorf("header %v, want %v", head, want)
	}
	alder := one(t, rows, id18(t, aAlder))
	if alder["name"] != "Alder Foods" || alder["owner"] != "ana@ours.example" || alder["industry"] != "Retail" || alder["employees"] != "100" {
		t.Errorf("alder = %v", alder)
	}
	// website host without www. and port, and the contacts' domain once;
	// gmail.com is free mail
	if alder["domains"] != "alder.example" {
		t.Errorf("alder domains = %q", alder["domains"])
	}
	birch := one(t, rows, id18(t, aBirch))
	if birch["owner"] != "" || birch["employees"] != "" || birch["domains"] != "" {
		t.Errorf("birch = %v", birch)
	}
}

func TestTeam(t *testing.T) {
	out, rep := convert(t, writeDir(t, baseExport()))
	_, rows := readOut(t, out, "team.csv")
	for email, name := range map[string]string{"ana@ours.example": "Ana Alves", "ben@ours.example": "Ben Brown", "dee@ours.example": "Dee Diaz"} {
		if r := one(t, rows, email); r["name"] != name {
			t.Errorf("%s name = %q, want %q", email, r["name"], name)
		}
	}
	if len(rows["cy@ours.example"]) != 0 {
		t.Error("cy owns nothing and is in no activity, but is in team.csv")
	}
	if rep.Written["team.csv"] != 3 {
		t.Errorf("Written team.csv = %d", rep.Written["team.csv"])
	}
}

func TestActivities(t *testing.T) {
	out, rep := convert(t, writeDir(t, baseExport()))
	_, rows := readOut(t, out, "activities.csv")
	alder, birch := id18(t, aAlder), id18(t, aBirch)
	check := func(id string, want map[string]string) {
		t.Helper()
		got := one(t, rows, id18(t, id))
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s %s = %q, want %q", id, k, got[k], v)
			}
		}
	}
	check("00T000000000001", map[string]string{"account_id": alder, "date": "2026-06-03", "type": "call", "direction": "", "our_people": "ana@ours.example", "their_people": "jo@alder.example", "minutes": "1.5"})
	check("00T000000000002", map[string]string{"account_id": alder, "date": "2026-06-04", "type": "email", "our_people": "ben@ours.example"})
	check("00T000000000006", map[string]string{"account_id": birch, "type": "call", "direction": "inbound"})
	check("00T000000000007", map[string]string{"type": "other"})
	check(mIn, map[string]string{"account_id": alder, "date": "2026-06-01T10:00:00Z", "type": "email", "direction": "inbound", "our_people": "ana@ours.example", "their_people": "jo@alder.example;boss@alder.example"})
	check(mOpp, map[string]string{"account_id": alder, "date": "2024-01-31T10:00:00Z", "direction": "outbound", "our_people": "ben@ours.example", "their_people": "jo@alder.example"})
	check(evMeet, map[string]string{"account_id": alder, "date": "2026-06-10T14:28:45Z", "type": "meeting", "our_people": "ana@ours.example;dee@ours.example", "their_people": "max@gmail.com", "minutes": "60"})
	check(evAll, map[string]string{"account_id": birch, "date": "2026-06-11", "type": "meeting", "our_people": "ben@ours.example", "their_people": "Lee Park"})
	if len(rows[id18(t, evChild)]) != 0 {
		t.Error("a child event is written as a meeting")
	}
	if len(rows[id18(t, "00T000000000003")]) != 0 {
		t.Error("a task of an exported EmailMessage is written a second time")
	}
	if n := rep.Written["activities.csv"]; n != 8 {
		t.Errorf("Written activities.csv = %d, want 8", n)
	}
}

func TestRevenue(t *testing.T) {
	out, rep := convert(t, writeDir(t, baseExport()))
	_, rows := readOut(t, out, "revenue.csv")
	got := map[string]string{}
	for acc, rs := range rows {
		for _, r := range rs {
			got[acc+"/"+r["product"]+"/"+r["month"]] = r["amount"]
		}
	}
	want := map[string]string{
		id18(t, aAlder) + "/Cloud/2026-02":       "3000",    // ServiceDate
		id18(t, aAlder) + "/Support/2026-03":     "2000.25", // CloseDate
		id18(t, aBirch) + "/Unspecified/2026-04": "1200.5",  // Closed Won stage, no line items
	}
	if len(got) != len(want) {
		t.Errorf("revenue = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("revenue %s = %q, want %q", k, got[k], v)
		}
	}
	if rep.Written["revenue.csv"] != 3 {
		t.Errorf("Written revenue.csv = %d", rep.Written["revenue.csv"])
	}
}

func findSkip(rep *crm.Report, file, reason string) *crm.Skip {
	for i := range rep.Skipped {
		if rep.Skipped[i].File == file && rep.Skipped[i].Reason == reason {
			return &rep.Skipped[i]
		}
	}
	return nil
}

func TestSkips(t *testing.T) {
	_, rep := convert(t, writeDir(t, baseExport()))
	for _, c := range []struct {
		file, reason string
		count        int64
		lines        []int64
	}{
		{"Task.csv", "no date", 1, []int64{6}},
		{"Task.csv", "no account", 1, []int64{7}},
		{"Task.csv", "the same email as a row of EmailMessage.csv (counted once)", 1, []int64{5}},
		{"EmailMessage.csv", "no account", 1, []int64{4}},
		{"Event.csv", "the account is not in Account.csv", 1, []int64{5}},
		{"Opportunity.csv", "the opportunity's account is not in Account.csv", 1, []int64{5}},
	} {
		s := findSkip(rep, c.file, c.reason)
		if s == nil {
			t.Errorf("no skip %s %q in %+v", c.file, c.reason, rep.Skipped)
			continue
		}
		var lines []int64
		for _, e := range s.Examples {
			lines = append(lines, e.Line)
		}
		if s.Count != c.count || !slices.Equal(lines, c.lines) {
			t.Errorf("skip %s %q: count %d lines %v, want %d %v", c.file, c.reason, s.Count, lines, c.count, c.lines)
		}
	}
	if rep.Read["Task.csv"] != 7 || rep.Read["Account.csv"] != 2 {
		t.Errorf("Read = %v", rep.Read)
	}
}

func TestSkipExamplesAreTheFirstThree(t *testing.T) {
	e := baseExport()
	lines := []string{"Id|AccountId|OwnerId|ActivityDate"}
	for _, n := range []string{"1", "2", "3", "4", "5"} {
		lines = append(lines, "00T00000000010"+n+"||"+uAna+"|2026-01-01")
	}
	e["Task.csv"] = quoted(lines...)
	_, rep := convert(t, writeDir(t, e))
	s := findSkip(rep, "Task.csv", "no account")
	if s == nil || s.Count != 5 || len(s.Examples) != 3 || s.Examples[2].Line != 4 || s.Examples[0].File != "Task.csv" {
		t.Fatalf("skip = %+v", s)
	}
}

func TestZipGivesTheSameOutput(t *testing.T) {
	dirOut, _ := convert(t, writeDir(t, baseExport()))
	zipOut, _ := convert(t, writeZip(t, baseExport()))
	for _, name := range []string{"accounts.csv", "team.csv", "activities.csv", "revenue.csv"} {
		a, _ := os.ReadFile(filepath.Join(dirOut, name))
		b, err := os.ReadFile(filepath.Join(zipOut, name))
		if err != nil || string(a) != string(b) || len(a) == 0 {
			t.Errorf("%s differs between folder and zip: %v\n%s\n%s", name, err, a, b)
		}
	}
}

func TestDuplicateIDs(t *testing.T) {
	e := baseExport()
	// task 1 again (its 18-character id, another owner), and task 6 again
	extra := quoted("Id|AccountId|WhatId|WhoId|OwnerId|ActivityDate|Subject|TaskSubtype|Type|CallType|CallDurationInSeconds|EmailMessageId|Description",
		id18(t, "00T000000000001")+"|"+aBirch+"|||"+uCy+"|2026-06-08|Call|Call|||60||again\nand again",
		"00T000000000006|"+aBirch+"|||"+uBen+"|2026-06-09|Lunch|Task||Inbound||||")
	e["Task.csv"] += extra[strings.IndexByte(extra, '\n')+1:] // without its header
	src := writeDir(t, e)
	out, rep := convert(t, src)
	_, acts := readOut(t, out, "activities.csv")
	first := one(t, acts, id18(t, "00T000000000001"))
	if first["account_id"] != id18(t, aAlder) || first["our_people"] != "ana@ours.example" || first["minutes"] != "1.5" {
		t.Errorf("the first row of the id is not the one kept: %v", first)
	}
	if one(t, acts, id18(t, "00T000000000006"))["date"] != "2026-06-06" {
		t.Error("the later row of task 6 was kept")
	}
	s := findSkip(rep, "Task.csv", "the Id is used by an earlier row")
	if s == nil || s.Count != 2 {
		t.Fatalf("skips = %+v", rep.Skipped)
	}
	_, team := readOut(t, out, "team.csv")
	if len(team["cy@ours.example"]) != 0 {
		t.Error("the owner of a dropped duplicate is in the team")
	}
	dry, err := Convert(src, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for f, n := range rep.Written {
		if dry.Written[f] != n {
			t.Errorf("dry run writes %d %s, the conversion %d", dry.Written[f], f, n)
		}
	}
	if rep.Written["activities.csv"] != int64(len(acts)) {
		t.Errorf("Written %d, file has %d", rep.Written["activities.csv"], len(acts))
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	src := writeDir(t, baseExport())
	out := filepath.Join(t.TempDir(), "portfolio")
	var calls int
	rep, err := Convert(src, "", Options{Progress: func(done, total int64) {
		calls++
		if done > total {
			t.Errorf("progress %d of %d", done, total)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("dry run created %s", out)
	}
	if rep.Written["activities.csv"] != 8 || rep.Written["accounts.csv"] != 2 {
		t.Errorf("dry run Written = %v", rep.Written)
	}
	if calls == 0 {
		t.Error("Progress never called")
	}
	ents, _ := os.ReadDir(src)
	if len(ents) != len(baseExport()) {
		t.Errorf("dry run wrote into the export folder: %d files", len(ents))
	}
}

func TestOutputLoads(t *testing.T) {
	out, _ := convert(t, writeZip(t, baseExport()))
	b, sum, err := portfolio.Load(out, portfolio.Options{Settings: slcs.DefaultSettings(), Today: slcs.MakeDay(2026, 7, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if b == nil || sum == nil || len(sum.Skipped) != 0 {
		t.Fatalf("portfolio.Load: %v %+v", b, sum)
	}
}

func TestWindows1252(t *testing.T) {
	e := baseExport()
	// "Café Ümlaut" in Windows-1252
	e["Account.csv"] = "\"Id\",\"Name\"\n\"" + aAlder + "\",\"Caf\xe9 \xdcmlaut \x80\"\n"
	out, _ := convert(t, writeDir(t, e))
	_, rows := readOut(t, out, "accounts.csv")
	if got := one(t, rows, id18(t, aAlder))["name"]; got != "Café Ümlaut €" {
		t.Errorf("name = %q", got)
	}
}

func TestUTF8WithBOM(t *testing.T) {
	e := baseExport()
	e["Account.csv"] = "\uFEFF" + quoted("Id|Name", aAlder+"|Café")
	out, _ := convert(t, writeDir(t, e))
	_, rows := readOut(t, out, "accounts.csv")
	if got := one(t, rows, id18(t, aAlder))["name"]; got != "Café" {
		t.Errorf("name = %q", got)
	}
}

func TestCRLF(t *testing.T) {
	e := baseExport()
	for k, v := range e {
		e[k] = strings.ReplaceAll(v, "\n", "\r\n")
	}
	out, rep := convert(t, writeDir(t, e))
	_, rows := readOut(t, out, "activities.csv")
	if rep.Written["activities.csv"] != 8 || len(rows[id18(t, "00T000000000001")]) != 1 {
		t.Errorf("CRLF export: %v", rep.Written)
	}
	if s := findSkip(rep, "Task.csv", "no date"); s == nil || s.Examples[0].Line != 6 {
		t.Errorf("line numbers with a quoted newline: %+v", s)
	}
}

func TestExcelResaved(t *testing.T) {
	e := baseExport()
	e["Account.csv"] = "Id,Name,OwnerId\r\n" + aAlder + ",Alder Foods," + uAna + "\r\n"
	e["Opportunity.csv"] = "Id,AccountId,IsWon,CloseDate,Amount\r\n" + oStage + "," + aAlder + ",TRUE,02/23/26,700\r\n"
	e["Task.csv"] = "Id,AccountId,OwnerId,ActivityDate,TaskSubtype\r\n00T000000000001," + aAlder + "," + uAna + ",02/23/26,Call\r\n"
	delete(e, "OpportunityLineItem.csv")
	delete(e, "Event.csv")
	delete(e, "EmailMessage.csv")
	out, _ := convert(t, writeDir(t, e))
	_, acts := readOut(t, out, "activities.csv")
	if got := one(t, acts, id18(t, "00T000000000001")); got["date"] != "2026-02-23" || got["type"] != "call" {
		t.Errorf("task = %v", got)
	}
	_, rev := readOut(t, out, "revenue.csv")
	if got := one(t, rev, id18(t, aAlder)); got["month"] != "2026-02" || got["amount"] != "700" || got["product"] != "Unspecified" {
		t.Errorf("revenue = %v", got)
	}
}

func TestMixedIDLengths(t *testing.T) {
	e := baseExport()
	// the task names the account and owner by their 18-character ids
	e["Task.csv"] = quoted("Id|AccountId|OwnerId|ActivityDate",
		id18(t, "00T000000000001")+"|"+id18(t, aAlder)+"|"+id18(t, uAna)+"|2026-06-03")
	out, _ := convert(t, writeDir(t, e))
	_, acts := readOut(t, out, "activities.csv")
	got := one(t, acts, id18(t, "00T000000000001"))
	if got["account_id"] != id18(t, aAlder) || got["our_people"] != "ana@ours.example" {
		t.Errorf("task = %v", got)
	}
}

func TestRelationsInBothFiles(t *testing.T) {
	e := baseExport()
	// TaskRelation.csv repeats the event relations, and adds a task relation
	e["TaskRelation.csv"] = e["EventRelation.csv"] + quoted("0RT000000000009||"+uCy+"|1|Accepted")
	out, rep := convert(t, writeDir(t, e))
	_, acts := readOut(t, out, "activities.csv")
	got := one(t, acts, id18(t, evMeet))
	if got["our_people"] != "ana@ours.example;dee@ours.example" || got["their_people"] != "max@gmail.com" {
		t.Errorf("meeting = %v", got)
	}
	if rep.Read["TaskRelation.csv"] != 5 {
		t.Errorf("Read = %v", rep.Read)
	}
}

func TestRelationByIDPrefix(t *testing.T) {
	e := baseExport()
	delete(e, "EventRelation.csv")
	// no EventId column: the event relation is told by its Id prefix
	e["TaskRelation.csv"] = quoted("Id|TaskId|RelationId|IsInvitee|Status",
		"0RE000000000001|"+evMeet+"|"+uDee+"|1|Accepted",
		"00T000000000008|00T000000000001|"+uCy+"|1|Accepted")
	out, _ := convert(t, writeDir(t, e))
	_, acts := readOut(t, out, "activities.csv")
	if got := one(t, acts, id18(t, evMeet)); got["our_people"] != "ana@ours.example;dee@ours.example" {
		t.Errorf("meeting = %v", got)
	}
	_, team := readOut(t, out, "team.csv")
	if len(team["cy@ours.example"]) != 0 {
		t.Error("a task relation made cy a meeting attendee")
	}
}

func TestHeadersCaseInsensitiveAndUnknownColumns(t *testing.T) {
	e := baseExport()
	e["Account.csv"] = quoted("ID|NAME|industry|Custom_Field__c", aAlder+"|Alder|Retail|x")
	out, _ := convert(t, writeDir(t, e))
	_, rows := readOut(t, out, "accounts.csv")
	if got := one(t, rows, id18(t, aAlder)); got["name"] != "Alder" || got["industry"] != "Retail" {
		t.Errorf("account = %v", got)
	}
}

func TestOnlyAccountRequired(t *testing.T) {
	out, rep := convert(t, writeDir(t, export{"Account.csv": quoted("Id|Name", aAlder+"|Alder")}))
	for _, name := range []string{"accounts.csv", "team.csv", "activities.csv", "revenue.csv"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s not written: %v", name, err)
		}
	}
	if rep.Written["accounts.csv"] != 1 {
		t.Errorf("Written = %v", rep.Written)
	}
	if _, err := Convert(writeDir(t, export{"User.csv": quoted("Id|Email")}), t.TempDir(), Options{}); err == nil || !strings.Contains(err.Error(), "Account.csv") {
		t.Errorf("no Account.csv: err = %v", err)
	}
}

func TestMissingColumnNamesFileAndColumn(t *testing.T) {
	e := baseExport()
	e["Task.csv"] = quoted("Id|AccountId|ActivityDate", "00T000000000001|"+aAlder+"|2026-01-01")
	out := filepath.Join(t.TempDir(), "portfolio")
	_, err := Convert(writeDir(t, e), out, Options{})
	if err == nil || !strings.Contains(err.Error(), "Task.csv") || !strings.Contains(err.Error(), "OwnerId") {
		t.Fatalf("err = %v", err)
	}
	// all or nothing: no portfolio file was written
	ents, _ := os.ReadDir(out)
	if len(ents) != 0 {
		t.Errorf("files left after an error: %v", ents)
	}
}

func TestFreeMailDomains(t *testing.T) {
	e := baseExport()
	e["Contact.csv"] = quoted("Id|AccountId|Email",
		cJo+"|"+aBirch+"|a@hotmail.com",
		cMax+"|"+aBirch+"|b@Birch.example",
		cLee+"|"+aBirch+"|c@web.de")
	out, _ := convert(t, writeDir(t, e))
	_, rows := readOut(t, out, "accounts.csv")
	if got := one(t, rows, id18(t, aBirch))["domains"]; got != "birch.example" {
		t.Errorf("domains = %q", got)
	}
}

func TestWhatIDOfAnAccountNotExported(t *testing.T) {
	e := baseExport()
	e["Task.csv"] = quoted("Id|WhatId|OwnerId|ActivityDate",
		"00T000000000001|001000000000009|"+uAna+"|2026-06-03",
		"00T000000000002|500000000000009|"+uAna+"|2026-06-03")
	_, rep := convert(t, writeDir(t, e))
	if s := findSkip(rep, "Task.csv", "the account is not in Account.csv"); s == nil || s.Count != 1 || s.Examples[0].Line != 2 {
		t.Errorf("account not exported: %+v", rep.Skipped)
	}
	if s := findSkip(rep, "Task.csv", "no account"); s == nil || s.Count != 1 || s.Examples[0].Line != 3 {
		t.Errorf("a case is no account: %+v", rep.Skipped)
	}
}

func TestRelationsWithoutIsInvitee(t *testing.T) {
	e := baseExport()
	e["EventRelation.csv"] = quoted("Id|EventId|RelationId", "0RE000000000001|"+evMeet+"|"+cJo)
	out, _ := convert(t, writeDir(t, e))
	_, acts := readOut(t, out, "activities.csv")
	if got := one(t, acts, id18(t, evMeet)); got["their_people"] != "jo@alder.example" {
		t.Errorf("meeting = %v", got)
	}
}
