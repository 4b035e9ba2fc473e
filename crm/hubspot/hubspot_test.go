package hubspot

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/crm"
	"github.com/slcs/slcs/portfolio"
)

// export is a HubSpot export by file name: a header, then rows.
type export map[string][][]string

func csvBytes(t *testing.T, rows [][]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func xlsxBytes(t *testing.T, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		if err := f.SetSheetRow(sh, cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// writeDir writes the export as CSV files into a new folder.
func writeDir(t *testing.T, e export) string {
	t.Helper()
	dir := t.TempDir()
	for name, rows := range e {
		if err := os.WriteFile(filepath.Join(dir, name), csvBytes(t, rows), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// writeZip writes the export into a zip file, as XLSX workbooks when xlsx.
func writeZip(t *testing.T, e export, xlsx bool) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hubspot-export.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, rows := range e {
		body := csvBytes(t, rows)
		if xlsx {
			name = strings.TrimSuffix(name, ".csv") + ".xlsx"
			body = xlsxBytes(t, rows)
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// labelled is an export as the views export it in English.
func labelled() export {
	return export{
		"hubspot-crm-exports-all-companies-2026-08-07.csv": {
			{"Record ID", "Company name", "Company Domain Name", "Website URL", "Industry", "Number of Employees", "Company owner", "Create Date"},
			{"101", "Alder GmbH", "alder.example", "https://www.alder-shop.example/de", "Manufacturing", "1,200", "Jane Doe", "2024-01-02 10:00"},
			{"102", "Birch Ltd", "", "", "Retail", "", "Nobody Known", ""},
			{"103", "Cedar Inc", "cedar.example", "", "", "35", "", ""},
		},
		"hubspot-crm-exports-all-contacts-2026-08-07.csv": {
			{"Record ID", "First Name", "Last Name", "Email", "Associated Company IDs (Primary)", "Associated Company IDs"},
			{"201", "Anna", "Alt", "anna@alder.example", "101", "101"},
			{"202", "Ben", "Birk", "ben@birch.example", "", "102"},
			{"203", "Carl", "Cole", "", "103", "103"},
			{"204", "Gina", "Free", "gina@gmail.com", "103", "103"},
		},
		"hubspot-crm-exports-all-deals-2026-08-07.csv": {
			{"Record ID", "Deal Name", "Deal Stage", "Close Date", "Amount", "Deal owner", "Associated Company IDs (Primary)"},
			{"301", "Alder renewal", "Closed Won", "2026-03-15 09:00", "5000", "Jane Doe", "101"},
			{"302", "Birch pilot", "Closed Won", "2026-04-30 23:30", "1,250.50", "Jane Doe", "102"},
			{"303", "Cedar lost", "Closed Lost", "2026-02-01 10:00", "9999", "Jane Doe", "103"},
			{"304", "Alder open", "Appointment Scheduled", "", "700", "Jane Doe", "101"},
		},
		"hubspot-crm-exports-all-line-items-2026-08-07.csv": {
			{"Record ID", "Name", "Quantity", "Unit price", "Amount", "Associated Deal IDs"},
			{"401", "Consulting", "2", "1000", "2000", "301"},
			{"402", "Licences", "3", "1000", "", "301"},
			{"403", "Ignored", "1", "50", "50", "303"},
		},
		"hubspot-crm-exports-all-calls-2026-08-07.csv": {
			{"Record ID", "Activity date", "Call direction", "Call duration", "Call status", "Activity assigned to", "Associated Contact IDs", "Associated Company IDs"},
			{"501", "2026-08-07 11:48", "INBOUND", "90000", "COMPLETED", "Jane Doe", "201", "101"},
			{"502", "2026-08-06 09:00", "OUTBOUND", "", "", "Max Most", "202", "102"},
			{"503", "2026-08-05 09:00", "OUTBOUND", "60000", "NO_ANSWER", "Jane Doe", "201", "101"},
			{"504", "2026-08-05 10:00", "OUTBOUND", "60000", "Busy", "Jane Doe", "201", "101"},
			{"505", "2026-08-04 10:00", "OUTBOUND", "60000", "COMPLETED", "Jane Doe", "", ""},
			{"506", "2026-08-04 10:00", "OUTBOUND", "60000", "COMPLETED", "Unknown Person", "203", "103"},
		},
		"hubspot-crm-exports-all-emails-2026-08-07.csv": {
			{"Record ID", "Activity date", "Email direction", "From", "From first name", "From last name", "To", "Cc", "Activity assigned to", "Associated Contact IDs", "Associated Company IDs"},
			{"601", "2026-08-01 08:00", "EMAIL", "jane@ourco.example", "Jane", "Doe", "anna@alder.example", "max@ourco.example", "Jane Doe", "201", "101"},
			{"602", "2026-08-02 08:00", "INCOMING_EMAIL", "ben@birch.example", "Ben", "Birk", "max@ourco.example", "", "Max Most", "202", "102"},
			{"603", "2026-08-03 08:00", "FORWARDED_EMAIL", "max@ourco.example", "Max", "Most", "other@cedar.example", "", "Max Most", "", "103"},
			{"601", "2026-08-01 08:00", "EMAIL", "jane@ourco.example", "Jane", "Doe", "anna@alder.example", "", "Jane Doe", "201", "101"},
		},
		"hubspot-crm-exports-all-meetings-2026-08-07.csv": {
			{"Record ID", "Meeting start time", "Meeting end time", "Meeting outcome", "Activity assigned to", "Attendees", "Associated Contact IDs", "Associated Company IDs (Primary)"},
			{"701", "2026-07-31 23:30", "2026-08-01 00:15", "COMPLETED", "Jane Doe", "Max Most", "201", "101"},
			{"702", "2026-07-20 10:00", "2026-07-20 11:00", "Canceled", "Jane Doe", "", "201", "101"},
			{"703", "2026-07-21 10:00", "2026-07-20 11:00", "NO_SHOW", "Jane Doe", "", "201", "101"},
			{"704", "2026-07-22 10:00", "2026-07-22 11:00", "Rescheduled", "Jane Doe", "", "201", "101"},
			{"705", "2026-07-23 10:00", "2026-07-23 10:30", "", "Max Most", "", "203", ""},
		},
	}
}

// rows reads an output file into maps keyed by the first column.
func rows(t *testing.T, dir, name string) map[string][]map[string]string {
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
	out := map[string][]map[string]string{}
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out[rec[0]] = append(out[rec[0]], m)
	}
	return out
}

func one(t *testing.T, rows map[string][]map[string]string, key string) map[string]string {
	t.Helper()
	if len(rows[key]) != 1 {
		t.Fatalf("want one row %s, got %v", key, rows[key])
	}
	return rows[key][0]
}

func convert(t *testing.T, o Options, src ...string) (string, *crm.Report) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "portfolio")
	rep, err := Convert(src, out, o)
	if err != nil {
		t.Fatal(err)
	}
	return out, rep
}

func findSkip(rep *crm.Report, file, reason string) *crm.Skip {
	for i, s := range rep.Skipped {
		if strings.Contains(s.File, file) && strings.Contains(s.Reason, reason) {
			return &rep.Skipped[i]
		}
	}
	return nil
}

func TestLabelledExport(t *testing.T) {
	out, rep := convert(t, Options{}, writeDir(t, labelled()))

	acc := rows(t, out, "accounts.csv")
	if a := one(t, acc, "101"); a["name"] != "Alder GmbH" || a["owner"] != "jane@ourco.example" || a["industry"] != "Manufacturing" ||
		a["employees"] != "1200" || a["domains"] != "alder.example;alder-shop.example" {
		t.Errorf("Alder = %v", a)
	}
	if a := one(t, acc, "102"); a["owner"] != "" || a["domains"] != "birch.example" {
		t.Errorf("Birch = %v (its owner is unknown; its domain comes from its contact)", a)
	}
	if a := one(t, acc, "103"); a["domains"] != "cedar.example" {
		t.Errorf("Cedar = %v (gmail.com is free mail)", a)
	}
	if len(rep.Notes) != 1 || rep.Notes[0].Count != 1 || rep.Notes[0].Examples[0].Line != 3 {
		t.Errorf("notes = %+v, want Birch's unknown owner on line 3", rep.Notes)
	}

	act := rows(t, out, "activities.csv")
	if a := one(t, act, "501"); a["account_id"] != "101" || a["date"] != "2026-08-07T11:48:00Z" || a["type"] != "call" ||
		a["direction"] != "inbound" || a["our_people"] != "jane@ourco.example" || a["their_people"] != "anna@alder.example" || a["minutes"] != "1.5" {
		t.Errorf("call 501 = %v", a)
	}
	// Max Most is known from the emails he sent
	if a := one(t, act, "502"); a["our_people"] != "max@ourco.example" || a["minutes"] != "" || a["direction"] != "outbound" {
		t.Errorf("call 502 = %v", a)
	}
	for _, id := range []string{"503", "504", "505", "506", "702", "703", "704"} {
		if len(act[id]) != 0 {
			t.Errorf("activity %s written: %v", id, act[id])
		}
	}
	if a := one(t, act, "601"); a["direction"] != "outbound" || a["our_people"] != "jane@ourco.example;max@ourco.example" || a["their_people"] != "anna@alder.example" {
		t.Errorf("email 601 = %v", a)
	}
	if a := one(t, act, "602"); a["direction"] != "inbound" || a["our_people"] != "max@ourco.example" || a["their_people"] != "ben@birch.example" {
		t.Errorf("email 602 = %v", a)
	}
	if a := one(t, act, "603"); a["direction"] != "outbound" || a["account_id"] != "103" || a["their_people"] != "other@cedar.example" {
		t.Errorf("forwarded email 603 = %v", a)
	}
	if a := one(t, act, "701"); a["type"] != "meeting" || a["date"] != "2026-07-31T23:30:00Z" || a["minutes"] != "45" ||
		a["our_people"] != "jane@ourco.example;max@ourco.example" {
		t.Errorf("meeting 701 = %v", a)
	}
	// no company: the contact's company
	if a := one(t, act, "705"); a["account_id"] != "103" || a["their_people"] != "Carl Cole" {
		t.Errorf("meeting 705 = %v", a)
	}

	for _, c := range []struct {
		file, reason string
		count        int64
	}{
		{"calls", "call status NO_ANSWER", 1},
		{"calls", "call status BUSY", 1},
		{"calls", "no associated company", 1},
		{"calls", "the owner is not a known person", 1},
		{"emails", "the Record ID is used by an earlier row", 1},
		{"meetings", "meeting outcome CANCELED", 1},
		{"meetings", "meeting outcome NO_SHOW", 1},
		{"meetings", "meeting outcome RESCHEDULED", 1},
	} {
		s := findSkip(rep, c.file, c.reason)
		if s == nil || s.Count != c.count {
			t.Errorf("skip %s %q = %+v, want %d", c.file, c.reason, s, c.count)
		}
	}
	if s := findSkip(rep, "calls", "call status NO_ANSWER"); s != nil && (len(s.Examples) != 1 || s.Examples[0].Line != 4) {
		t.Errorf("example = %+v, want line 4", s.Examples)
	}

	rev := rows(t, out, "revenue.csv")
	want := map[string]string{"101/Consulting/2026-03": "2000", "101/Licences/2026-03": "3000", "102/Unspecified/2026-04": "1250.5"}
	got := map[string]string{}
	for _, rs := range rev {
		for _, r := range rs {
			got[r["account_id"]+"/"+r["product"]+"/"+r["month"]] = r["amount"]
		}
	}
	if !mapsEqual(got, want) {
		t.Errorf("revenue = %v, want %v", got, want)
	}

	team := rows(t, out, "team.csv")
	if len(team) != 2 || one(t, team, "jane@ourco.example")["name"] != "Jane Doe" || one(t, team, "max@ourco.example")["name"] != "Max Most" {
		t.Errorf("team = %v", team)
	}
	if rep.Written["activities.csv"] != 7 || rep.Written["accounts.csv"] != 3 || rep.Read["hubspot-crm-exports-all-calls-2026-08-07.csv"] != 6 {
		t.Errorf("counts: read %v written %v", rep.Read, rep.Written)
	}

	// the portfolio loads and classifies
	o := portfolio.Options{Settings: slcs.DefaultSettings(), Today: slcs.DayOf(time.Date(2026, time.August, 10, 0, 0, 0, 0, time.UTC))}
	b, _, err := portfolio.Load(out, o)
	if err != nil {
		t.Fatalf("the portfolio does not load: %v", err)
	}
	res := b.Classify()
	if n := len(res.Accounts); n != 3 {
		t.Errorf("%d accounts classified", n)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func readAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range []string{"accounts.csv", "team.csv", "activities.csv", "revenue.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		out[f] = string(b)
	}
	return out
}

func TestZipOfWorkbooksGivesTheSame(t *testing.T) {
	e := labelled()
	want := readAll(t, func() string { o, _ := convert(t, Options{}, writeDir(t, e)); return o }())
	for _, xlsx := range []bool{false, true} {
		got := readAll(t, func() string { o, _ := convert(t, Options{}, writeZip(t, e, xlsx)); return o }())
		for f := range want {
			if got[f] != want[f] {
				t.Errorf("xlsx=%v: %s differs:\n%s\nwant\n%s", xlsx, f, got[f], want[f])
			}
		}
	}
}

// internal renames the columns of the labelled export to internal names
// and the owners to owner ids.
func internal() export {
	names := map[string]string{
		"Record ID": "hs_object_id", "Company name": "name", "Company Domain Name": "domain", "Website URL": "website",
		"Industry": "industry", "Number of Employees": "numberofemployees", "Company owner": "hubspot_owner_id",
		"Create Date": "createdate", "First Name": "firstname", "Last Name": "lastname", "Email": "email",
		"Deal Name": "dealname", "Deal Stage": "dealstage", "Close Date": "closedate", "Amount": "amount",
		"Deal owner": "hubspot_owner_id", "Name": "name", "Quantity": "quantity", "Unit price": "price",
		"Activity date": "hs_timestamp", "Call direction": "hs_call_direction", "Call duration": "hs_call_duration",
		"Call status": "hs_call_status", "Activity assigned to": "hubspot_owner_id", "Email direction": "hs_email_direction",
		"From": "hs_email_from_email", "From first name": "hs_email_from_firstname", "From last name": "hs_email_from_lastname",
		"To": "hs_email_to_email", "Cc": "hs_email_cc_email", "Meeting start time": "hs_meeting_start_time",
		"Meeting end time": "hs_meeting_end_time", "Meeting outcome": "hs_meeting_outcome", "Attendees": "hs_attendee_owner_ids",
	}
	owners := map[string]string{"Jane Doe": "9001", "Max Most": "9002", "Nobody Known": "9003", "Unknown Person": "9004"}
	values := map[string]string{"Closed Won": "closedwon", "Closed Lost": "closedlost", "Appointment Scheduled": "appointmentscheduled"}
	e := labelled()
	out := export{}
	for name, rs := range e {
		var conv [][]string
		for i, r := range rs {
			r = slices.Clone(r)
			for j, v := range r {
				if i == 0 {
					if n, ok := names[v]; ok {
						r[j] = n
					}
					continue
				}
				if h := rs[0][j]; strings.Contains(h, "owner") || h == "Activity assigned to" || h == "Attendees" {
					if o, ok := owners[v]; ok {
						r[j] = o
					}
				}
				if n, ok := values[v]; ok {
					r[j] = n
				}
			}
			conv = append(conv, r)
		}
		// internal exports are named by object id, not by view
		out[strings.Replace(name, "hubspot-crm-exports-all-", "", 1)] = conv
	}
	return out
}

func TestInternalNames(t *testing.T) {
	o := Options{Owners: map[string]string{"9001": "jane@ourco.example", "9002": "max@ourco.example"}}
	want, _ := convert(t, Options{}, writeDir(t, labelled()))
	got, rep := convert(t, o, writeDir(t, internal()))
	w, g := readAll(t, want), readAll(t, got)
	for _, f := range []string{"accounts.csv", "activities.csv", "revenue.csv"} {
		if g[f] != w[f] {
			t.Errorf("%s differs with internal names:\n%s\nwant\n%s", f, g[f], w[f])
		}
	}
	if s := findSkip(rep, "calls", "the owner is not a known person"); s == nil || s.Count != 1 {
		t.Errorf("unknown owner id: %+v", rep.Skipped)
	}
}

func TestLabelsOfAnotherLanguage(t *testing.T) {
	de := map[string]string{"Datensatz-ID": "hs_object_id", "Name des Unternehmens": "name", "Domain-Name des Unternehmens": "domain",
		"Aktivitätsdatum": "hs_timestamp", "Anrufrichtung": "hs_call_direction", "Zugewiesen an": "hubspot_owner_id",
		"Zugeordnete Unternehmens-IDs": "associated_company_ids"}
	e := export{
		"Unternehmen.csv": {{"Datensatz-ID", "Name des Unternehmens", "Domain-Name des Unternehmens"}, {"1", "Ahorn AG", "ahorn.example"}},
		"Anrufe.csv":      {{"Datensatz-ID", "Aktivitätsdatum", "Anrufrichtung", "Zugewiesen an", "Zugeordnete Unternehmens-IDs"}, {"9", "2026-08-07 11:48", "INBOUND", "Jana Dorn", "1"}},
	}
	o := Options{Labels: de, Owners: map[string]string{"Jana Dorn": "jana@unsere.example"}}
	out, _ := convert(t, o, writeDir(t, e))
	if a := one(t, rows(t, out, "accounts.csv"), "1"); a["name"] != "Ahorn AG" || a["domains"] != "ahorn.example" {
		t.Errorf("account = %v", a)
	}
	if a := one(t, rows(t, out, "activities.csv"), "9"); a["type"] != "call" || a["direction"] != "inbound" || a["our_people"] != "jana@unsere.example" {
		t.Errorf("call = %v", a)
	}
	// without the labels the files are of no known kind
	if _, err := Convert([]string{writeDir(t, e)}, "", Options{}); err == nil || !strings.Contains(err.Error(), "Anrufe.csv") || !strings.Contains(err.Error(), "mapping file") {
		t.Errorf("err = %v", err)
	}
}

func TestTimezone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database")
	}
	out, _ := convert(t, Options{Location: berlin}, writeDir(t, labelled()))
	act := rows(t, out, "activities.csv")
	// 11:48 in Berlin in summer is 09:48 UTC; the meeting at 23:30 is at 21:30 UTC
	if d := one(t, act, "501")["date"]; d != "2026-08-07T09:48:00Z" {
		t.Errorf("call date = %s", d)
	}
	if d := one(t, act, "701")["date"]; d != "2026-07-31T21:30:00Z" {
		t.Errorf("meeting date = %s", d)
	}
	// the close month is read in the zone too: 2026-04-30 23:30 stays April
	rev := rows(t, out, "revenue.csv")
	if r := one(t, rev, "102"); r["month"] != "2026-04" {
		t.Errorf("revenue month = %s", r["month"])
	}
}

func TestMissingFilesAndColumns(t *testing.T) {
	e := labelled()
	delete(e, "hubspot-crm-exports-all-companies-2026-08-07.csv")
	if _, err := Convert([]string{writeDir(t, e)}, "", Options{}); err == nil || !strings.Contains(err.Error(), "no companies file") {
		t.Errorf("no companies: %v", err)
	}
	e = labelled()
	calls := e["hubspot-crm-exports-all-calls-2026-08-07.csv"]
	calls[0] = slices.Clone(calls[0])
	calls[0][1] = "When"
	if _, err := Convert([]string{writeDir(t, e)}, "", Options{}); err == nil ||
		!strings.Contains(err.Error(), "hubspot-crm-exports-all-calls-2026-08-07.csv") || !strings.Contains(err.Error(), `hs_timestamp (or "Activity date"`) {
		t.Errorf("missing column: %v", err)
	}
}

func TestDryRunAndAllOrNothing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "p")
	rep, err := Convert([]string{writeDir(t, labelled())}, "", Options{})
	if err != nil || rep.Written["activities.csv"] != 7 {
		t.Fatalf("dry run: %v %v", err, rep)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("the dry run wrote")
	}
	// a failing conversion leaves the folder as it was
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "accounts.csv"), []byte("account_id,name\nx,y\n"), 0o644)
	e := labelled()
	e["hubspot-crm-exports-all-emails-2026-08-07.csv"] = append(e["hubspot-crm-exports-all-emails-2026-08-07.csv"], nil)
	bad := writeDir(t, e)
	os.WriteFile(filepath.Join(bad, "hubspot-crm-exports-all-meetings-2026-08-07.csv"), []byte("\"Start\"\n"), 0o644)
	if _, err := Convert([]string{bad}, out, Options{}); err == nil {
		t.Fatal("a meetings file without Record ID converted")
	}
	ents, _ := os.ReadDir(out)
	if len(ents) != 1 {
		t.Errorf("files after a failed conversion: %v", ents)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "accounts.csv")); string(b) != "account_id,name\nx,y\n" {
		t.Errorf("accounts.csv changed: %q", b)
	}
}

func TestEpochMillisAndDurations(t *testing.T) {
	c := &converter{loc: time.UTC}
	tm, err := c.parseTime("1786103280000")
	if err != nil || tm.UTC().Format(time.RFC3339) != "2026-08-07T11:48:00Z" {
		t.Errorf("epoch ms = %v %v", tm, err)
	}
	for in, want := range map[string]string{"46241.49": "2026-08-07T11:45:36Z", "46241": "2026-08-07T00:00:00Z"} {
		if tm, err := c.parseTime(in); err != nil || tm.UTC().Format(time.RFC3339) != want {
			t.Errorf("Excel serial %s = %v %v, want %s", in, tm, err, want)
		}
	}
	if _, err := c.parseTime("2026"); err == nil {
		t.Error("a year alone read as a date")
	}
	for in, want := range map[string]string{"90000": "1.5", "00:02:30": "2.5", "1:00:00": "60", "3600000": "60", "0": "0"} {
		if got, ok := callMinutes(in); !ok || got != want {
			t.Errorf("callMinutes(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := callMinutes("long"); ok {
		t.Error("a word read as a duration")
	}
}
