package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// mailWorld is a generated portfolio whose emails and meetings are written
// twice: as activities.csv, and as a mailbox and a calendar.
type mailWorld struct {
	dir      string // the portfolio with its activities.csv
	bare     string // the same without activities.csv
	mbox     string
	ics      string
	meetings int // meeting occurrences written
	emails   int
}

type genActivity struct {
	id, account, typ, dir string
	when                  time.Time
	ours, theirs          []string
	minutes               int
	dirSeries             bool // one of the weekly series
}

// writeMailWorld generates 15 accounts, 4 sellers, revenue, and emails and
// meetings over the year before asOf; among the meetings a weekly series.
// The mailbox and the calendar also hold what must be left out: bulk mail,
// mail among ourselves, a copy of a message, a cancelled meeting, a
// declined attendee, a room.
func writeMailWorld(t *testing.T, asOf time.Time) mailWorld {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 11))
	w := mailWorld{dir: t.TempDir(), bare: t.TempDir()}
	team := []string{"ann@ourco.example", "bob@ourco.example", "cy@eu.ourco.example", "dee@ourco.example"}
	var accounts, revenue strings.Builder
	accounts.WriteString("account_id,name,owner,industry,employees,domains\n")
	revenue.WriteString("account_id,product,month,amount\n")
	var acts []genActivity
	n := 0
	for i := 1; i <= 15; i++ {
		id := fmt.Sprintf("A%02d", i)
		dom := fmt.Sprintf("client%d.example", i)
		fmt.Fprintf(&accounts, "%s,Client %d,%s,%s,%d,%s\n", id, i, team[i%4], []string{"Retail", "Software", "Energy"}[i%3], 50+rng.IntN(500), dom)
		for p := range 1 + rng.IntN(3) {
			fmt.Fprintf(&revenue, "%s,%s,%s,%d\n", id, []string{"Cloud", "Support", "Training"}[p], asOf.AddDate(0, -1-rng.IntN(6), 0).Format("2006-01"), 1000+rng.IntN(50000))
		}
		people := []string{"jo@" + dom, "max@" + dom, "kim@mail." + dom, "lee@" + dom}
		for range rng.IntN(25) {
			n++
			a := genActivity{id: fmt.Sprintf("X%04d", n), account: id, when: asOf.Add(-time.Duration(rng.IntN(360*24)) * time.Hour).Truncate(time.Minute)}
			a.ours = pick(rng, team, 1+rng.IntN(2))
			a.theirs = pick(rng, people, 1+rng.IntN(3))
			a.dir = "outbound"
			if rng.IntN(3) == 0 {
				a.dir = "inbound"
			}
			a.typ = "email"
			if rng.IntN(3) == 0 {
				a.typ = "meeting"
				a.minutes = 15 * (1 + rng.IntN(6))
			}
			acts = append(acts, a)
		}
	}
	// a weekly series of 6 with client 3, organised by them
	start := asOf.AddDate(0, 0, -60).Truncate(24 * time.Hour).Add(9 * time.Hour)
	for k := range 6 {
		acts = append(acts, genActivity{id: fmt.Sprintf("S%d", k), account: "A03", typ: "meeting", dir: "inbound",
			when: start.AddDate(0, 0, 7*k), ours: []string{"ann@ourco.example"}, theirs: []string{"jo@client3.example"}, minutes: 30, dirSeries: true})
	}
	var csvActs strings.Builder
	csvActs.WriteString("activity_id,account_id,date,type,direction,our_people,their_people,minutes\n")
	var mbox, ics strings.Builder
	ics.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//slcs test//EN\r\n")
	for _, a := range acts {
		minutes := ""
		if a.typ == "meeting" {
			minutes = fmt.Sprint(a.minutes)
		}
		fmt.Fprintf(&csvActs, "%s,%s,%s,%s,%s,%s,%s,%s\n", a.id, a.account, a.when.UTC().Format(time.RFC3339), a.typ, a.dir,
			strings.Join(a.ours, ";"), strings.Join(a.theirs, ";"), minutes)
		from, rest := a.ours[0], append(append([]string{}, a.ours[1:]...), a.theirs...)
		if a.dir == "inbound" {
			from, rest = a.theirs[0], append(append([]string{}, a.theirs[1:]...), a.ours...)
		}
		switch {
		case a.typ == "email":
			w.emails++
			writeMessage(&mbox, a.id, a.when, from, rest[:1], rest[1:], "")
		case a.dirSeries && a.id != "S0":
			// the series is one event, written with its first occurrence
		case a.dirSeries:
			w.meetings += 6
			fmt.Fprintf(&ics, "BEGIN:VEVENT\r\nUID:series-1\r\nDTSTART;TZID=Europe/Berlin:%s\r\nDURATION:PT30M\r\nRRULE:FREQ=WEEKLY;COUNT=6\r\nORGANIZER;CN=Jo:mailto:%s\r\nATTENDEE;PARTSTAT=ACCEPTED:MAILTO:%s\r\nEND:VEVENT\r\n",
				a.when.In(berlin(t)).Format("20060102T150405"), from, rest[0])
		default:
			w.meetings++
			fmt.Fprintf(&ics, "BEGIN:VEVENT\r\nUID:%s\r\nDTSTART:%s\r\nDTEND:%s\r\nORGANIZER:mailto:%s\r\n", a.id,
				a.when.UTC().Format("20060102T150405Z"), a.when.Add(time.Duration(a.minutes)*time.Minute).UTC().Format("20060102T150405Z"), from)
			for _, p := range rest {
				fmt.Fprintf(&ics, "ATTENDEE;CN=\"Someone, Else\";PARTSTAT=ACCEPTED:mailto:%s\r\n", p)
			}
			// who declined, a room, and an alarm's address are no participants
			fmt.Fprintf(&ics, "ATTENDEE;PARTSTAT=DECLINED:mailto:nope@%s\r\nATTENDEE;CUTYPE=ROOM:mailto:room-1@ourco.example\r\n", strings.Split(a.theirs[0], "@")[1])
			ics.WriteString("BEGIN:VALARM\r\nACTION:EMAIL\r\nATTENDEE:mailto:alarm@client1.example\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\n")
		}
	}
	// what is left out
	for _, a := range acts { // a copy of the first email
		if a.typ == "email" {
			writeMessage(&mbox, a.id, a.when, "someone@client1.example", []string{"ann@ourco.example"}, nil, "")
			break
		}
	}
	writeMessage(&mbox, "news-1", asOf.AddDate(0, 0, -3), "news@client2.example", []string{"ann@ourco.example"}, nil, "List-Id: <news.client2.example>\n")
	writeMessage(&mbox, "ooo-1", asOf.AddDate(0, 0, -3), "max@client2.example", []string{"ann@ourco.example"}, nil, "Auto-Submitted: auto-replied\n")
	writeMessage(&mbox, "internal-1", asOf.AddDate(0, 0, -3), "ann@ourco.example", []string{"bob@ourco.example"}, nil, "")
	writeMessage(&mbox, "friend-1", asOf.AddDate(0, 0, -3), "ann@ourco.example", []string{"pal@gmail.com"}, nil, "")
	fmt.Fprintf(&ics, "BEGIN:VEVENT\r\nUID:cancelled-1\r\nSTATUS:CANCELLED\r\nDTSTART:%s\r\nDURATION:PT1H\r\nORGANIZER:mailto:ann@ourco.example\r\nATTENDEE:mailto:jo@client1.example\r\nEND:VEVENT\r\n",
		asOf.AddDate(0, 0, -5).UTC().Format("20060102T150405Z"))
	ics.WriteString("END:VCALENDAR\r\n")

	teamCSV := "email,name,capacity_hours\n"
	for _, p := range team {
		teamCSV += p + ",,\n"
	}
	for _, d := range []string{w.dir, w.bare} {
		write(t, filepath.Join(d, "accounts.csv"), accounts.String())
		write(t, filepath.Join(d, "team.csv"), teamCSV)
		write(t, filepath.Join(d, "revenue.csv"), revenue.String())
	}
	write(t, filepath.Join(w.dir, "activities.csv"), csvActs.String())
	w.mbox = filepath.Join(t.TempDir(), "All mail.mbox")
	write(t, w.mbox, mbox.String())
	w.ics = filepath.Join(t.TempDir(), "calendar.ics")
	write(t, w.ics, ics.String())
	return w
}

func berlin(t *testing.T) *time.Location {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func pick(rng *rand.Rand, from []string, n int) []string {
	perm := rng.Perm(len(from))
	out := make([]string, 0, n)
	for _, i := range perm[:n] {
		out = append(out, from[i])
	}
	return out
}

func writeMessage(b *strings.Builder, id string, when time.Time, from string, to, cc []string, extra string) {
	fmt.Fprintf(b, "From %s %s\n", from, when.UTC().Format("Mon Jan _2 15:04:05 2006"))
	fmt.Fprintf(b, "Message-ID: <%s@test.example>\nDate: %s\nFrom: \"Someone\" <%s>\nTo: %s\n", id, when.Format(time.RFC1123Z), from, strings.Join(to, ", "))
	if len(cc) > 0 {
		fmt.Fprintf(b, "Cc: %s\n", strings.Join(cc, ",\n  "))
	}
	fmt.Fprintf(b, "Subject: =?UTF-8?B?%s?=\n%s\nHello,\nFrom the body: not a separator.\n\n>From a quoted line\n\n", "w6RiZXI=", extra)
}

// TestMailAndCalendarClassifyLikeTheirActivities: a workspace whose
// activities come from the mailbox and the calendar classifies exactly as
// the portfolio whose activities.csv holds the same emails and meetings.
func TestMailAndCalendarClassifyLikeTheirActivities(t *testing.T) {
	asOf := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	w := writeMailWorld(t, asOf)
	want := filepath.Join(t.TempDir(), "want.csv")
	if code, _, stderr := runCmd(t, "classify", w.dir, "--as-of", "2026-11-30", "--format", "csv", "-o", want); code != 0 {
		t.Fatalf("classify the folder: %s", stderr)
	}
	db := filepath.Join(t.TempDir(), "slcs.db")
	if code, _, stderr := runCmd(t, "import", w.bare, "--db", db); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	code, stdout, stderr := runCmd(t, "import", "mail", w.mbox, "--db", db)
	if code != 0 {
		t.Fatalf("import mail: %s", stderr)
	}
	for _, s := range []string{"1 skipped: the same Message-ID", "2 skipped: bulk or automatic mail", "only among ourselves", "no client address", "ACCOUNTS MATCHED MOST"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("the mail report lacks %q:\n%s", s, stdout)
		}
	}
	if !strings.Contains(stdout, fmt.Sprintf("activities          %d ", w.emails)) && !strings.Contains(stdout, fmt.Sprint(w.emails)) {
		t.Errorf("the report does not count %d emails:\n%s", w.emails, stdout)
	}
	code, stdout, stderr = runCmd(t, "import", "calendar", w.ics, "--db", db, "--until", "2026-11-30")
	if code != 0 {
		t.Fatalf("import calendar: %s", stderr)
	}
	if !strings.Contains(stdout, "calendar events read, giving") || !strings.Contains(stdout, "READ") || !strings.Contains(stdout, "MEETINGS") {
		t.Errorf("the calendar report does not count events and meetings:\n%s", stdout)
	}
	if !strings.Contains(stdout, "cancel") {
		t.Errorf("the calendar report does not say a meeting was cancelled:\n%s", stdout)
	}
	// again: nothing changes
	if code, stdout, _ := runCmd(t, "import", "calendar", w.ics, "--db", db, "--until", "2026-11-30"); code != 0 || !strings.Contains(stdout, "0          0") {
		t.Errorf("importing the calendar again:\n%s", stdout)
	}
	got := filepath.Join(t.TempDir(), "got.csv")
	if code, _, stderr := runCmd(t, "classify", "--db", db, "--as-of", "2026-11-30", "--format", "csv", "-o", got); code != 0 {
		t.Fatalf("classify the workspace: %s", stderr)
	}
	g, wnt := readCSV(t, []byte(readFile(t, got))), readCSV(t, []byte(readFile(t, want)))
	if len(g) != len(wnt) || len(g) != 16 {
		t.Fatalf("%d rows, want %d", len(g), len(wnt))
	}
	for i := range wnt {
		if strings.Join(g[i], ",") != strings.Join(wnt[i], ",") {
			t.Errorf("row %d:\n got %v\nwant %v", i, g[i], wnt[i])
		}
	}
	// convert writes the activities of a folder's accounts
	out := filepath.Join(t.TempDir(), "mail.csv")
	if code, _, stderr := runCmd(t, "convert", "mail", w.mbox, "--portfolio", w.bare, "--out", out); code != 0 {
		t.Fatalf("convert mail: %s", stderr)
	}
	if rows := readCSV(t, []byte(readFile(t, out))); len(rows)-1 < w.emails {
		t.Errorf("%d activities from %d emails", len(rows)-1, w.emails)
	}
}

func TestMailAndCalendarCommands(t *testing.T) {
	asOf := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	w := writeMailWorld(t, asOf)
	out := filepath.Join(t.TempDir(), "acts.csv")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"convert", "mail", w.mbox, "--out", out}, 2, "--portfolio"},
		{[]string{"convert", "mail", w.mbox, "--portfolio", w.bare}, 2, "--out"},
		{[]string{"convert", "mail", w.mbox, "--portfolio", w.bare, "--out", out, "--format", "maildir"}, 2, "mboxrd"},
		{[]string{"convert", "calendar", w.ics, "--portfolio", w.bare, "--out", out, "--until", "31.12.2026"}, 2, "YYYY-MM-DD"},
		{[]string{"convert", "mail", w.bare, "--portfolio", w.bare, "--out", out}, 1, "no mail files"},
		{[]string{"convert", "mail", w.ics, "--portfolio", w.bare, "--out", out}, 1, "not an mbox file"},
		{[]string{"convert", "calendar", w.mbox, "--portfolio", w.bare, "--out", out}, 1, "not an iCalendar file"},
		{[]string{"import", "mail", w.mbox, "--db", filepath.Join(t.TempDir(), "none.db")}, 1, "slcs import DIR"},
	} {
		code, _, stderr := runCmd(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, want %d with %q: %s", c.args, code, c.code, c.want, stderr)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed conversion wrote its file")
	}
	// a dry run writes nothing; --keep-subjects keeps them
	if code, stdout, _ := runCmd(t, "convert", "mail", w.mbox, "--portfolio", w.bare, "--out", out, "--dry-run"); code != 0 || !strings.Contains(stdout, "activities.csv") {
		t.Errorf("dry run: %d %s", code, stdout)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a dry run wrote its file")
	}
	if code, _, stderr := runCmd(t, "convert", "mail", w.mbox, "--portfolio", w.bare, "--out", out, "--keep-subjects"); code != 0 {
		t.Fatal(stderr)
	}
	rows := readCSV(t, []byte(readFile(t, out)))
	if rows[0][len(rows[0])-1] != "subject" || rows[1][len(rows[1])-1] != "äber" {
		t.Errorf("subjects: %v %v", rows[0], rows[1])
	}
	if code, _, stderr := runCmd(t, "convert", "mail", w.mbox, "--portfolio", w.bare, "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	if rows := readCSV(t, []byte(readFile(t, out))); len(rows[0]) != 8 || strings.Contains(readFile(t, out), "äber") {
		t.Errorf("subjects kept without --keep-subjects: %v", rows[0])
	}
	// our domains from the settings: with only eu.ourco.example ours, ann
	// is nobody, and her mail with clients has no address of ours
	cfg := filepath.Join(t.TempDir(), "s.toml")
	write(t, cfg, "[people]\nour_domains = [\"eu.ourco.example\"]\n")
	code, stdout, _ := runCmd(t, "convert", "mail", w.mbox, "--portfolio", w.bare, "--out", out, "--config", cfg)
	if code != 0 || !strings.Contains(stdout, "Our domains: eu.ourco.example\n") || !strings.Contains(stdout, "no address of ours") {
		t.Errorf("--config: %s", stdout)
	}
}
