package calendar

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "write the fuzz seed corpus in testdata/fuzz")

// addSeeds are inputs for FuzzAdd covering the quirks; they are also kept in
// testdata/fuzz/FuzzAdd (go test -run TestSeedCorpus -update writes them).
var addSeeds = map[string]string{
	"basic": vcal(vevent("UID:1", basic, "DTSTART:20240115T090000Z", "DTEND:20240115T100000Z", "SUMMARY:Hello")),
	"two-calendars-lf-bom": "\xef\xbb\xbf" + strings.ReplaceAll(
		vcal(vevent("UID:1", "DTSTART:20240115T090000Z"))+vcal(vevent("UID:2", "DTSTART:20240116T090000Z")), "\r\n", "\n"),
	"fold-utf8": vcal(vevent("UID:f", "DTSTART:20240115T090000Z", "SUMMARY:Caf\xc3\r\n \xa9 M\xc3\xbc\r\n\tller\\, a\\;b\\nc")),
	"lower-case-quoted": strings.ToLower(vcal(vevent("UID:l", "DTSTART;TZID=Europe/Berlin:20240115T090000"))) +
		vcal(vevent("UID:q", "DTSTART:20240115T090000Z", `ATTENDEE;CN="Doe, Jane";PARTSTAT=accepted:MAILTO:Jane@X.com`)),
	"participants": vcal(vevent("UID:p", "DTSTART:20240115T090000Z", "ORGANIZER;CN=Org:MAILTO:org@x.com",
		"ATTENDEE;CN=Org:mailto:org@x.com", "ATTENDEE;CUTYPE=ROOM:mailto:room@x.com", "ATTENDEE;CUTYPE=RESOURCE:mailto:r@x.com",
		"ATTENDEE;CUTYPE=GROUP:mailto:g@x.com", "ATTENDEE;PARTSTAT=DECLINED:mailto:d@x.com", "ATTENDEE;ROLE=OPT-PARTICIPANT:mailto:o@x.com",
		"BEGIN:VALARM", "ATTENDEE:mailto:alarm@x.com", "END:VALARM")),
	"zones": vcal("BEGIN:VTIMEZONE", "TZID:Custom", "BEGIN:STANDARD", "DTSTART:16010101T000000", "TZOFFSETTO:-0300", "END:STANDARD", "END:VTIMEZONE",
		vevent("UID:z1", `DTSTART;TZID="W. Europe Standard Time":20240115T090000`, "DURATION:PT1H30M"),
		vevent("UID:z2", "DTSTART;TZID=Custom:20240115T090000", "DURATION:-PT1H"),
		vevent("UID:z3", `DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin":20240115T090000`),
		vevent("UID:z4", "DTSTART:20240115T090000", "DTEND:20240115T100000"),
		vevent("UID:z5", "DTSTART;VALUE=DATE:20240115", "DURATION:P1D")),
	"recurrence": vcal(
		vevent("UID:r", "DTSTART;TZID=Europe/Berlin:20240321T090000", "RRULE:FREQ=WEEKLY;WKST=SU;BYDAY=TH,-1FR;UNTIL=20240601T000000Z",
			"EXDATE;TZID=Europe/Berlin:20240328T090000,20240404T090000", "EXDATE:20240411T070000Z", "RDATE;VALUE=DATE:20240325"),
		vevent("UID:r", "RECURRENCE-ID;TZID=Europe/Berlin:20240418T090000", "DTSTART;TZID=Europe/Berlin:20240419T100000"),
		vevent("UID:r", "RECURRENCE-ID;TZID=Europe/Berlin:20240425T090000", "STATUS:CANCELLED"),
		vevent("UID:m", "DTSTART:20240131T090000Z", "RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=5"),
		vevent("UID:y", "DTSTART;VALUE=DATE:20240301", "RRULE:FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=1,-1;INTERVAL=2"),
		vevent("UID:alone", "RECURRENCE-ID:20240105T090000Z", "DTSTART:20240105T100000Z")),
	"cancel": vcal(vevent("UID:c", "SEQUENCE:1", "DTSTART:20240115T090000Z")) +
		"BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\n" + vevent("UID:c", "SEQUENCE:1", "DTSTART:20240115T090000Z") + "\r\nEND:VCALENDAR\r\n" +
		"BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\n" + vevent("UID:c", "SEQUENCE:2", "ATTENDEE;PARTSTAT=DECLINED:mailto:a@x.com") + "\r\nEND:VCALENDAR\r\n",
	"guards": vcal(
		vevent("UID:s", "DTSTART:20240101T090000Z", "RRULE:FREQ=SECONDLY;COUNT=100000"),
		vevent("UID:n", "DTSTART:20240101T090000Z", "RRULE:FREQ=MINUTELY;INTERVAL=2;BYMINUTE=1"),
		vevent("UID:h", "DTSTART:20240101T090000Z", "RRULE:FREQ=HOURLY;BYHOUR=1;BYMINUTE=1,2"),
		vevent("UID:x", "DTSTART:20240101T090000Z", "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")),
	"broken": vcal(
		vevent("UID:b1", "DTSTART:2024-01-15"),
		vevent("UID:b2", "SUMMARY:no start"),
		"BEGIN:VEVENT\r\nUID:b3\r\nDTSTART:20240115T090000Z",
		vevent("UID:b4", "DTSTART:20240115T090000Z", `X-A;P="open:1`, "RRULE:FREQ=DAILY;BYDAY=9XX")),
}

// unfoldSeeds are inputs for FuzzUnfold, kept in testdata/fuzz/FuzzUnfold.
var unfoldSeeds = map[string]string{
	"crlf":              "A:1\r\nB:2\r\n",
	"lf-tab-no-last-lf": "A:ab\r\n cd\n\tef\nB:2",
	"bom-utf8-split":    "\xef\xbb\xbfS:Caf\xc3\r\n \xa9\r\n",
	"blank-and-cr":      "\r\n \r\n\r\r\n",
	"fold-after-blank":  "X:\n \n  y",
}

func TestSeedCorpus(t *testing.T) {
	seeds := func(target string, m map[string]string) {
		for name, body := range m {
			seed(t, filepath.Join("testdata", "fuzz", target, name), body)
		}
	}
	seeds("FuzzAdd", addSeeds)
	seeds("FuzzUnfold", unfoldSeeds)
}

// seed checks (or, with -update, writes) one seed corpus file.
func seed(t *testing.T, path, body string) {
	t.Helper()
	want := "go test fuzz v1\n[]byte(" + strconv.Quote(body) + ")\n"
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Errorf("%s is missing or outdated (go test ./calendar -run TestSeedCorpus -update): %v", path, err)
	}
}

func FuzzAdd(f *testing.F) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// Never hang: a stuck input crashes the run, which saves it.
		watchdog := time.AfterFunc(hung, func() { panic(fmt.Sprintf("FuzzAdd hung on %q", data)) })
		defer watchdog.Stop()
		c := New(Options{Until: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Location: berlin})
		if err := c.Add("f.ics", bytes.NewReader(data)); err != nil {
			if !strings.HasPrefix(err.Error(), "f.ics:") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		occ, err := c.Occurrences()
		if err != nil {
			t.Fatal(err)
		}
		for i, o := range occ {
			check := func(what, s string) {
				if !utf8.ValidString(s) {
					t.Fatalf("%s not UTF-8: %q", what, s)
				}
			}
			check("UID", o.UID)
			check("summary", o.Summary)
			if o.Organizer != nil {
				check("organizer", o.Organizer.Email+o.Organizer.Name+o.Organizer.PartStat)
			}
			for _, a := range o.Attendees {
				check("attendee", a.Email+a.Name+a.PartStat)
				if a.PartStat == "DECLINED" {
					t.Fatalf("declined attendee %v", a)
				}
			}
			if o.End.Before(o.Start) {
				t.Fatalf("ends before it starts: %+v", o)
			}
			if o.Line < 1 || o.File != "f.ics" {
				t.Fatalf("bad position %s:%d", o.File, o.Line)
			}
			if i > 0 && occ[i-1].Start.After(o.Start) {
				t.Fatalf("not in order")
			}
		}
		for _, s := range c.Skipped() {
			if s.Count < 1 || len(s.Examples) > 3 || len(s.Examples) == 0 {
				t.Fatalf("bad skip %+v", s)
			}
		}
		// The same file read twice gives the same occurrences.
		if err := c.Add("f.ics", bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
		again, _ := c.Occurrences()
		if key(again) != key(occ) {
			t.Fatalf("read twice:\n%s\nonce:\n%s", key(again), key(occ))
		}
	})
}

// hung is how long FuzzAdd may take for one input.
const hung = 20 * time.Second

func key(occ []Occurrence) string {
	var b strings.Builder
	for _, o := range occ {
		fmt.Fprintf(&b, "%q %d %d %s\n", o.UID, o.Line, o.Start.Unix(), o.End.Sub(o.Start))
	}
	return b.String()
}

// FuzzUnfold checks the line reader against a plain unfolding.
func FuzzUnfold(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		lr := newLineReader(bytes.NewReader(data))
		var got []string
		for {
			l, n, _, err := lr.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%d:%q", n, l))
		}
		if want := unfold(data); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

// unfold is the plain reading of RFC 5545 folding, on bytes.
func unfold(data []byte) []string {
	phys := bytes.Split(data, []byte("\n"))
	if len(phys[len(phys)-1]) == 0 {
		phys = phys[:len(phys)-1]
	}
	var out []string
	var cur []byte
	start := 0
	for i, p := range phys {
		p = bytes.TrimRight(p, "\r")
		if i > 0 && len(p) > 0 && (p[0] == ' ' || p[0] == '\t') {
			cur = append(cur, p[1:]...)
			continue
		}
		if i > 0 {
			out = append(out, fmt.Sprintf("%d:%q", start, cur))
		}
		cur, start = bytes.TrimPrefix(append([]byte{}, p...), bom), i+1
	}
	if len(phys) > 0 {
		out = append(out, fmt.Sprintf("%d:%q", start, cur))
	}
	return out
}
