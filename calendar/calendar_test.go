package calendar

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// vcal wraps lines (joined by CRLF) in a VCALENDAR.
func vcal(lines ...string) string {
	return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//slcs//test//EN\r\n" +
		strings.Join(lines, "\r\n") + "\r\nEND:VCALENDAR\r\n"
}

// vevent joins lines in a VEVENT (one string, to be given to vcal).
func vevent(lines ...string) string {
	return "BEGIN:VEVENT\r\n" + strings.Join(lines, "\r\n") + "\r\nEND:VEVENT"
}

type file struct{ name, body string }

func read(t *testing.T, o Options, files ...file) (*Calendar, []Occurrence) {
	t.Helper()
	c := New(o)
	for _, f := range files {
		if err := c.Add(f.name, strings.NewReader(f.body)); err != nil {
			t.Fatalf("Add(%s): %v", f.name, err)
		}
	}
	occ, err := c.Occurrences()
	if err != nil {
		t.Fatal(err)
	}
	return c, occ
}

func one(t *testing.T, o Options, body string) (*Calendar, []Occurrence) {
	t.Helper()
	return read(t, o, file{"test.ics", body})
}

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// starts lists the starts of occ in UTC, as "2006-01-02 15:04".
func starts(occ []Occurrence) []string {
	var out []string
	for _, o := range occ {
		out = append(out, o.Start.UTC().Format("2006-01-02 15:04"))
	}
	return out
}

func eq(t *testing.T, what string, got, want any) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s:\n got  %v\n want %v", what, got, want)
	}
}

// skips returns the skip counts by reason.
func skips(c *Calendar) map[string]int64 {
	m := map[string]int64{}
	for _, s := range c.Skipped() {
		m[s.Reason] = s.Count
	}
	return m
}

func TestLines(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string // logical lines as "n:text"
	}{
		{"crlf", "A:1\r\nB:2\r\n", []string{"1:A:1", "2:B:2"}},
		{"lf", "A:1\nB:2", []string{"1:A:1", "2:B:2"}},
		{"bom", "\xef\xbb\xbfA:1\r\n", []string{"1:A:1"}},
		{"fold space", "A:ab\r\n cd\r\nB:2\r\n", []string{"1:A:abcd", "3:B:2"}},
		{"fold tab lf", "A:ab\n\tcd\n ef\nB:2\n", []string{"1:A:abcdef", "4:B:2"}},
		{"fold inside a UTF-8 character", "S:Caf\xc3\r\n \xa9\r\n", []string{"1:S:Café"}},
		{"blank lines", "A:1\r\n\r\n\r\nB:2\r\n", []string{"1:A:1", "2:", "3:", "4:B:2"}},
		{"fold keeps the second space", "A:a\r\n  b\r\n", []string{"1:A:a b"}},
		{"cr cr lf", "A:1\r\r\nB:2\r\n", []string{"1:A:1", "2:B:2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lr := newLineReader(strings.NewReader(tc.in))
			var got []string
			for {
				l, n, _, err := lr.next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, fmt.Sprintf("%d:%s", n, l))
			}
			eq(t, "lines", got, tc.want)
		})
	}
}

func TestLongLineIsCut(t *testing.T) {
	long := "DESCRIPTION:" + strings.Repeat("x", maxLine+100)
	lr := newLineReader(strings.NewReader(long + "\r\n " + strings.Repeat("y", 10) + "\r\nUID:1\r\n"))
	l, _, cut, err := lr.next()
	if err != nil || !cut || len(l) != maxLine {
		t.Fatalf("len %d cut %v err %v", len(l), cut, err)
	}
	l, n, cut, _ := lr.next()
	eq(t, "next line", fmt.Sprintf("%d %s %v", n, l, cut), "3 UID:1 false")
}

const basic = "DTSTAMP:20240101T000000Z"

func TestParsingQuirks(t *testing.T) {
	two := vcal(vevent("UID:a", basic, "DTSTART:20240115T090000Z", "SUMMARY:one")) +
		vcal(vevent("UID:b", basic, "DTSTART:20240116T090000Z", "SUMMARY:two"))
	lower := strings.Join([]string{
		"begin:vcalendar", "version:2.0",
		"begin:vevent", "uid:low", "dtstart;tzid=Europe/Berlin:20240115T090000",
		"summary:lower case", "Attendee;Cn=\"Doe, Jane\";partstat=accepted:MAILTO:Jane.Doe@Client.COM",
		"end:vevent", "end:vcalendar", ""}, "\n")
	folded := vcal(vevent("UID:fold", basic, "DTSTART:20240115T090000Z",
		"SUMMARY:Caf\xc3\r\n \xa9 with M\xc3\xbc\r\n\tller\\, Q1\\; plan\\nnext\\\\"))
	for _, tc := range []struct {
		name, body string
		starts     []string
		summaries  []string
	}{
		{"two calendars in one file", two, []string{"2024-01-15 09:00", "2024-01-16 09:00"}, []string{"one", "two"}},
		{"LF and lower case", lower, []string{"2024-01-15 08:00"}, []string{"lower case"}},
		{"BOM", "\xef\xbb\xbf" + two, []string{"2024-01-15 09:00", "2024-01-16 09:00"}, []string{"one", "two"}},
		{"folds and escapes", folded, []string{"2024-01-15 09:00"}, []string{"Café with Müller, Q1; plan\nnext\\"}},
		{"BOM before a second calendar", two + "\xef\xbb\xbf" + vcal(vevent("UID:c", "DTSTART:20240117T090000Z")),
			[]string{"2024-01-15 09:00", "2024-01-16 09:00", "2024-01-17 09:00"}, []string{"one", "two", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, occ := one(t, Options{}, tc.body)
			eq(t, "starts", starts(occ), tc.starts)
			var sums []string
			for _, o := range occ {
				sums = append(sums, o.Summary)
			}
			eq(t, "summaries", fmt.Sprintf("%q", sums), fmt.Sprintf("%q", tc.summaries))
		})
	}
	_, occ := one(t, Options{}, lower)
	eq(t, "attendee", occ[0].Attendees, []Person{{Email: "jane.doe@client.com", Name: "Doe, Jane", PartStat: "ACCEPTED"}})
	eq(t, "zone", occ[0].Start.Location().String(), "Europe/Berlin")
}

func TestParticipants(t *testing.T) {
	body := vcal(vevent("UID:p", basic, "DTSTART:20240115T090000Z", "DTEND:20240115T100000Z",
		"ORGANIZER;CN=Org:MAILTO:Org@Example.com",
		"ATTENDEE;CN=Org;PARTSTAT=ACCEPTED:mailto:org@example.com",
		`ATTENDEE;CN="Doe, Jane";PARTSTAT=accepted;ROLE=REQ-PARTICIPANT:mailto:jane@client.com`,
		"ATTENDEE;CUTYPE=ROOM;CN=Room 1:mailto:room1@example.com",
		"ATTENDEE;CUTYPE=resource:mailto:projector@example.com",
		"ATTENDEE;CUTYPE=GROUP;CN=Team:mailto:team@client.com",
		"ATTENDEE;PARTSTAT=DECLINED;CN=No:mailto:no@client.com",
		"ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=TENTATIVE;ROLE=OPT-PARTICIPANT:mailto:tent@client.com",
		"ATTENDEE;ROLE=NON-PARTICIPANT:mailto:plain@client.com",
		"ATTENDEE;CN=Jane again:mailto:JANE@client.com",
		"ATTENDEE;EMAIL=apple@client.com;CN=Apple:urn:uuid:1234",
		"ATTENDEE;CN=No address:invalid:nomail",
		"ATTENDEE:invalid:nomail",
		"BEGIN:VALARM", "ACTION:EMAIL", "TRIGGER:-PT15M", "ATTENDEE:mailto:alarm@example.com", "END:VALARM",
		"SUMMARY:Review"))
	_, occ := one(t, Options{}, body)
	if len(occ) != 1 {
		t.Fatalf("%d occurrences", len(occ))
	}
	eq(t, "organizer", *occ[0].Organizer, Person{Email: "org@example.com", Name: "Org", PartStat: "ACCEPTED"})
	eq(t, "attendees", occ[0].Attendees, []Person{
		{Email: "jane@client.com", Name: "Doe, Jane", PartStat: "ACCEPTED"},
		{Email: "team@client.com", Name: "Team"},
		{Email: "tent@client.com", PartStat: "TENTATIVE"},
		{Email: "plain@client.com"},
		{Email: "apple@client.com", Name: "Apple"},
		{Name: "No address"},
	})
	// No organizer.
	_, occ = one(t, Options{}, vcal(vevent("UID:n", "DTSTART:20240115T090000Z")))
	if occ[0].Organizer != nil || occ[0].Attendees != nil {
		t.Errorf("organizer %v attendees %v", occ[0].Organizer, occ[0].Attendees)
	}
}

func TestTimes(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	vtz := strings.Join([]string{
		"BEGIN:VTIMEZONE", "TZID:Customized Time Zone",
		"BEGIN:STANDARD", "DTSTART:16010101T000000", "TZOFFSETFROM:-0200", "TZOFFSETTO:-0300", "END:STANDARD",
		"BEGIN:DAYLIGHT", "DTSTART:16010101T000000", "TZOFFSETFROM:-0300", "TZOFFSETTO:-0200", "END:DAYLIGHT",
		"END:VTIMEZONE"}, "\r\n")
	outlook := strings.Join([]string{
		"BEGIN:VTIMEZONE", "TZID:(UTC+01:00) Amsterdam\\, Berlin\\, Bern\\, Rome\\, Stockholm\\, Vienna",
		"BEGIN:STANDARD", "DTSTART:16011028T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
		"BEGIN:DAYLIGHT", "DTSTART:16010325T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT",
		"END:VTIMEZONE"}, "\r\n")
	for _, tc := range []struct {
		name       string
		o          Options
		props      []string
		cal        []string // before the event
		start, end string   // UTC
		allDay     bool
		skip       string
	}{
		{name: "UTC", props: []string{"DTSTART:20240115T090000Z", "DTEND:20240115T100000Z"}, start: "2024-01-15 09:00", end: "2024-01-15 10:00"},
		{name: "IANA", props: []string{"DTSTART;TZID=Europe/Berlin:20240715T090000", "DTEND;TZID=Europe/Berlin:20240715T093000"}, start: "2024-07-15 07:00", end: "2024-07-15 07:30"},
		{name: "quoted IANA", props: []string{`DTSTART;TZID="America/New_York":20240115T090000`}, start: "2024-01-15 14:00", end: "2024-01-15 14:00"},
		{name: "path before IANA", props: []string{`DTSTART;TZID=/mozilla.org/20070129_1/Europe/Paris:20240115T090000`}, start: "2024-01-15 08:00", end: "2024-01-15 08:00"},
		{name: "W. Europe", props: []string{`DTSTART;TZID="W. Europe Standard Time":20240115T090000`}, start: "2024-01-15 08:00", end: "2024-01-15 08:00"},
		{name: "Pacific", props: []string{`DTSTART;TZID=Pacific Standard Time:20240115T090000`}, start: "2024-01-15 17:00", end: "2024-01-15 17:00"},
		{name: "Eastern", props: []string{`DTSTART;TZID=Eastern Standard Time:20240715T090000`}, start: "2024-07-15 13:00", end: "2024-07-15 13:00"},
		{name: "GMT", props: []string{`DTSTART;TZID=GMT Standard Time:20240715T090000`}, start: "2024-07-15 08:00", end: "2024-07-15 08:00"},
		{name: "Romance", props: []string{`DTSTART;TZID=Romance Standard Time:20240115T090000`}, start: "2024-01-15 08:00", end: "2024-01-15 08:00"},
		{name: "Central Europe", props: []string{`DTSTART;TZID=Central Europe Standard Time:20240115T090000`}, start: "2024-01-15 08:00", end: "2024-01-15 08:00"},
		{name: "Tokyo", props: []string{`DTSTART;TZID=Tokyo Standard Time:20240115T090000`}, start: "2024-01-15 00:00", end: "2024-01-15 00:00"},
		{name: "India", props: []string{`DTSTART;TZID=India Standard Time:20240115T090000`}, start: "2024-01-15 03:30", end: "2024-01-15 03:30"},
		{name: "AUS Eastern", props: []string{`DTSTART;TZID=AUS Eastern Standard Time:20240115T090000`}, start: "2024-01-14 22:00", end: "2024-01-14 22:00"},
		{name: "China", props: []string{`DTSTART;TZID=China Standard Time:20240115T090000`}, start: "2024-01-15 01:00", end: "2024-01-15 01:00"},
		{name: "Central", props: []string{`DTSTART;TZID=Central Standard Time:20240115T090000`}, start: "2024-01-15 15:00", end: "2024-01-15 15:00"},
		{name: "Mountain", props: []string{`DTSTART;TZID=Mountain Standard Time:20240115T090000`}, start: "2024-01-15 16:00", end: "2024-01-15 16:00"},
		{name: "Windows UTC", props: []string{`DTSTART;TZID=UTC:20240115T090000`}, start: "2024-01-15 09:00", end: "2024-01-15 09:00"},
		{name: "unknown TZID, VTIMEZONE offset", cal: []string{vtz}, props: []string{`DTSTART;TZID="Customized Time Zone":20240715T090000`}, start: "2024-07-15 12:00", end: "2024-07-15 12:00"},
		{name: "Outlook display name", cal: []string{outlook}, props: []string{`DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20240115T090000`}, start: "2024-01-15 08:00", end: "2024-01-15 08:00"},
		{name: "VTIMEZONE after the event", props: []string{`DTSTART;TZID="Customized Time Zone":20240715T090000`}, start: "2024-07-15 12:00", end: "2024-07-15 12:00"},
		{name: "unknown TZID without VTIMEZONE", o: Options{Location: ny}, props: []string{`DTSTART;TZID=Mars/Olympus:20240115T090000`}, start: "2024-01-15 14:00", end: "2024-01-15 14:00", skip: ReasonUnknownZone},
		{name: "floating, Location", o: Options{Location: ny}, props: []string{"DTSTART:20240115T090000", "DTEND:20240115T100000"}, start: "2024-01-15 14:00", end: "2024-01-15 15:00"},
		{name: "floating, UTC", props: []string{"DTSTART:20240115T090000"}, start: "2024-01-15 09:00", end: "2024-01-15 09:00"},
		{name: "all day", o: Options{Location: ny}, props: []string{"DTSTART;VALUE=DATE:20240115", "DTEND;VALUE=DATE:20240117"}, start: "2024-01-15 05:00", end: "2024-01-17 05:00", allDay: true},
		{name: "all day, no end", props: []string{"DTSTART;VALUE=DATE:20240115"}, start: "2024-01-15 00:00", end: "2024-01-16 00:00", allDay: true},
		{name: "all day, P1D", props: []string{"DTSTART;VALUE=DATE:20240115", "DURATION:P1D"}, start: "2024-01-15 00:00", end: "2024-01-16 00:00", allDay: true},
		{name: "all day, date without VALUE", props: []string{"DTSTART:20240115", "DTEND:20240116"}, start: "2024-01-15 00:00", end: "2024-01-16 00:00", allDay: true},
		{name: "DURATION PT1H30M", props: []string{"DTSTART:20240115T090000Z", "DURATION:PT1H30M"}, start: "2024-01-15 09:00", end: "2024-01-15 10:30"},
		{name: "DURATION P1W", props: []string{"DTSTART:20240115T090000Z", "DURATION:P1W"}, start: "2024-01-15 09:00", end: "2024-01-22 09:00"},
		{name: "DURATION P1D across DST", props: []string{"DTSTART;TZID=Europe/Berlin:20240330T120000", "DURATION:P1D"}, start: "2024-03-30 11:00", end: "2024-03-31 10:00"},
		{name: "negative DURATION", props: []string{"DTSTART:20240115T090000Z", "DURATION:-PT1H"}, start: "2024-01-15 09:00", end: "2024-01-15 09:00", skip: ReasonBadEnd},
		{name: "DTEND before DTSTART", props: []string{"DTSTART:20240115T090000Z", "DTEND:20240115T080000Z"}, start: "2024-01-15 09:00", end: "2024-01-15 09:00", skip: ReasonBadEnd},
		{name: "no end", props: []string{"DTSTART:20240115T090000Z"}, start: "2024-01-15 09:00", end: "2024-01-15 09:00"},
		{name: "DTEND in another zone", props: []string{"DTSTART;TZID=Europe/Berlin:20240115T090000", "DTEND:20240115T090000Z"}, start: "2024-01-15 08:00", end: "2024-01-15 09:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := append([]string{}, tc.cal...)
			lines = append(lines, vevent(append([]string{"UID:t", basic}, tc.props...)...))
			if tc.name == "VTIMEZONE after the event" {
				lines = append(lines, vtz)
			}
			c, occ := one(t, tc.o, vcal(lines...))
			if len(occ) != 1 {
				t.Fatalf("%d occurrences; skipped %v", len(occ), skips(c))
			}
			eq(t, "start", occ[0].Start.UTC().Format("2006-01-02 15:04"), tc.start)
			eq(t, "end", occ[0].End.UTC().Format("2006-01-02 15:04"), tc.end)
			eq(t, "all day", occ[0].AllDay, tc.allDay)
			want := map[string]int64{}
			if tc.skip != "" {
				want[tc.skip] = 1
			}
			eq(t, "skipped", skips(c), want)
		})
	}
}

func TestWindowsZonesLoad(t *testing.T) {
	for win, iana := range windowsZones {
		if _, err := time.LoadLocation(iana); err != nil {
			t.Errorf("%s → %s: %v", win, iana, err)
		}
	}
}

func TestRecurrence(t *testing.T) {
	until := utc("2024-01-31 00:00")
	for _, tc := range []struct {
		name   string
		o      Options
		props  []string
		more   []string // other events
		starts []string // UTC
		skips  map[string]int64
	}{
		{name: "weekly 09:00 Berlin across DST",
			props:  []string{"DTSTART;TZID=Europe/Berlin:20240321T090000", "RRULE:FREQ=WEEKLY;COUNT=3"},
			starts: []string{"2024-03-21 08:00", "2024-03-28 08:00", "2024-04-04 07:00"}},
		{name: "weekly Windows zone across DST",
			props:  []string{`DTSTART;TZID="Pacific Standard Time":20240307T090000`, "RRULE:FREQ=WEEKLY;COUNT=2"},
			starts: []string{"2024-03-07 17:00", "2024-03-14 16:00"}},
		{name: "daily INTERVAL, UNTIL date",
			props:  []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=DAILY;INTERVAL=2;UNTIL=20240107"},
			starts: []string{"2024-01-01 09:00", "2024-01-03 09:00", "2024-01-05 09:00", "2024-01-07 09:00"}},
		{name: "daily, UNTIL UTC",
			props:  []string{"DTSTART;TZID=Europe/Berlin:20240101T090000", "RRULE:FREQ=DAILY;UNTIL=20240103T080000Z"},
			starts: []string{"2024-01-01 08:00", "2024-01-02 08:00", "2024-01-03 08:00"}},
		{name: "lower-case rule, trailing semicolon",
			props:  []string{"DTSTART:20240101T090000Z", "rrule:freq=daily;count=2;"},
			starts: []string{"2024-01-01 09:00", "2024-01-02 09:00"}},
		{name: "monthly 1MO",
			props:  []string{"DTSTART:20240101T100000Z", "RRULE:FREQ=MONTHLY;BYDAY=1MO;COUNT=3"},
			starts: []string{"2024-01-01 10:00", "2024-02-05 10:00", "2024-03-04 10:00"}},
		{name: "monthly -1FR",
			props:  []string{"DTSTART:20240126T100000Z", "RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=3"},
			starts: []string{"2024-01-26 10:00", "2024-02-23 10:00", "2024-03-29 10:00"}},
		{name: "monthly BYMONTHDAY 15 and last",
			props:  []string{"DTSTART:20240115T090000Z", "RRULE:FREQ=MONTHLY;BYMONTHDAY=15,-1;COUNT=4"},
			starts: []string{"2024-01-15 09:00", "2024-01-31 09:00", "2024-02-15 09:00", "2024-02-29 09:00"}},
		{name: "last weekday of the month (BYSETPOS)",
			props:  []string{"DTSTART:20240131T090000Z", "RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3"},
			starts: []string{"2024-01-31 09:00", "2024-02-29 09:00", "2024-03-29 09:00"}},
		{name: "yearly BYMONTH",
			props:  []string{"DTSTART:20240301T090000Z", "RRULE:FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=1;COUNT=3"},
			starts: []string{"2024-03-01 09:00", "2024-09-01 09:00", "2025-03-01 09:00"}},
		{name: "WKST=MO",
			props:  []string{"DTSTART:19970805T090000Z", "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO"},
			starts: []string{"1997-08-05 09:00", "1997-08-10 09:00", "1997-08-19 09:00", "1997-08-24 09:00"}},
		{name: "WKST=SU",
			props:  []string{"DTSTART:19970805T090000Z", "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU"},
			starts: []string{"1997-08-05 09:00", "1997-08-17 09:00", "1997-08-19 09:00", "1997-08-31 09:00"}},
		{name: "DTSTART off the rule counts as the first",
			props:  []string{"DTSTART:20240102T090000Z", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3"},
			starts: []string{"2024-01-02 09:00", "2024-01-08 09:00", "2024-01-15 09:00"}},
		{name: "all-day weekly, UNTIL date",
			props:  []string{"DTSTART;VALUE=DATE:20240101", "DTEND;VALUE=DATE:20240102", "RRULE:FREQ=WEEKLY;UNTIL=20240115"},
			starts: []string{"2024-01-01 00:00", "2024-01-08 00:00", "2024-01-15 00:00"}},
		{name: "RDATE lists, TZID, VALUE=DATE",
			props: []string{"DTSTART;TZID=Europe/Berlin:20240105T100000",
				"RDATE;TZID=Europe/Berlin:20240110T100000,20240112T100000", "RDATE;VALUE=DATE:20240115",
				"RDATE:20240105T090000Z"},
			starts: []string{"2024-01-05 09:00", "2024-01-10 09:00", "2024-01-12 09:00", "2024-01-15 09:00"}},
		{name: "RDATE PERIOD",
			props:  []string{"DTSTART:20240105T100000Z", "DURATION:PT1H", "RDATE;VALUE=PERIOD:20240106T100000Z/PT2H"},
			starts: []string{"2024-01-05 10:00", "2024-01-06 10:00"}},
		{name: "EXDATE lines and lists, with TZID",
			props: []string{"DTSTART;TZID=Europe/Berlin:20240101T090000", "RRULE:FREQ=WEEKLY;COUNT=5",
				"EXDATE;TZID=Europe/Berlin:20240108T090000", "EXDATE:20240115T080000Z,20240122T080000Z",
				"EXDATE;TZID=Europe/Berlin:20240129T100000"},
			starts: []string{"2024-01-01 08:00", "2024-01-29 08:00"}},
		{name: "EXDATE as date",
			props:  []string{"DTSTART;TZID=America/New_York:20240101T200000", "RRULE:FREQ=DAILY;COUNT=3", "EXDATE;VALUE=DATE:20240102"},
			starts: []string{"2024-01-02 01:00", "2024-01-04 01:00"}},
		{name: "EXDATE on an all-day series",
			props:  []string{"DTSTART;VALUE=DATE:20240101", "RRULE:FREQ=DAILY;COUNT=3", "EXDATE;VALUE=DATE:20240102", "EXDATE;TZID=Europe/Berlin:20240103T000000"},
			starts: []string{"2024-01-01 00:00"}},
		{name: "a bad EXDATE value",
			props:  []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=DAILY;COUNT=2", "EXDATE:2024-01-02"},
			starts: []string{"2024-01-01 09:00", "2024-01-02 09:00"}, skips: map[string]int64{ReasonBadDate: 1}},
		{name: "open-ended stops at Until", o: Options{Until: until},
			props:  []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=WEEKLY"},
			starts: []string{"2024-01-01 09:00", "2024-01-08 09:00", "2024-01-15 09:00", "2024-01-22 09:00", "2024-01-29 09:00"}},
		{name: "open-ended: an occurrence moved past Until", o: Options{Until: until},
			props: []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=WEEKLY"},
			more: []string{
				vevent("UID:r", basic, "RECURRENCE-ID:20240108T090000Z", "DTSTART:20240208T090000Z"),
				vevent("UID:r", basic, "RECURRENCE-ID:20240205T090000Z", "DTSTART:20240130T090000Z"),
			},
			starts: []string{"2024-01-01 09:00", "2024-01-15 09:00", "2024-01-22 09:00", "2024-01-29 09:00", "2024-01-30 09:00"}},
		{name: "a series with an end goes past Until", o: Options{Until: until},
			props:  []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=MONTHLY;COUNT=3"},
			starts: []string{"2024-01-01 09:00", "2024-02-01 09:00", "2024-03-01 09:00"}},
		{name: "overrides",
			props: []string{"DTSTART:20240101T090000Z", "DTEND:20240101T100000Z", "RRULE:FREQ=WEEKLY;COUNT=3", "SUMMARY:weekly"},
			more: []string{
				vevent("UID:r", basic, "RECURRENCE-ID:20240108T090000Z", "DTSTART:20240109T140000Z", "DTEND:20240109T150000Z", "SUMMARY:moved"),
				vevent("UID:r", basic, "RECURRENCE-ID:20240301T090000Z", "DTSTART:20240301T090000Z", "SUMMARY:outside the rule"),
			},
			starts: []string{"2024-01-01 09:00", "2024-01-09 14:00", "2024-01-15 09:00", "2024-03-01 09:00"}},
		{name: "cancelled override",
			props: []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=WEEKLY;COUNT=3"},
			more: []string{
				vevent("UID:r", basic, "RECURRENCE-ID:20240108T090000Z", "DTSTART:20240108T090000Z", "STATUS:CANCELLED"),
			},
			starts: []string{"2024-01-01 09:00", "2024-01-15 09:00"}, skips: map[string]int64{ReasonCancelled: 1}},
		{name: "cancelled master",
			props: []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=WEEKLY;COUNT=3", "STATUS:CANCELLED"},
			more: []string{
				vevent("UID:r", basic, "RECURRENCE-ID:20240108T090000Z", "DTSTART:20240109T090000Z"),
			},
			starts: nil, skips: map[string]int64{ReasonCancelled: 2}},
		{name: "an unreadable rule keeps the first occurrence",
			props:  []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=FORTNIGHTLY"},
			starts: []string{"2024-01-01 09:00"}, skips: map[string]int64{ReasonBadRule: 1}},
		{name: "BYMONTHDAY=0 cannot be read",
			props:  []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=MONTHLY;BYMONTHDAY=0"},
			starts: []string{"2024-01-01 09:00"}, skips: map[string]int64{ReasonBadRule: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs := []string{vevent(append([]string{"UID:r", basic}, tc.props...)...)}
			evs = append(evs, tc.more...)
			c, occ := one(t, tc.o, vcal(evs...))
			eq(t, "starts", starts(occ), tc.starts)
			want := tc.skips
			if want == nil {
				want = map[string]int64{}
			}
			eq(t, "skipped", skips(c), want)
			for _, o := range occ {
				if !o.Recurring {
					t.Errorf("%v: not Recurring", o.Start)
				}
			}
		})
	}
}

func TestOverrideDetails(t *testing.T) {
	body := vcal(
		vevent("UID:r", basic, "DTSTART;TZID=Europe/Berlin:20240101T090000", "DTEND;TZID=Europe/Berlin:20240101T100000",
			"RRULE:FREQ=DAILY;COUNT=3", "SUMMARY:daily", "ORGANIZER:mailto:org@x.com", "ATTENDEE:mailto:a@client.com"),
		vevent("UID:r", basic, "RECURRENCE-ID;TZID=Europe/Berlin:20240102T090000", "DTSTART;TZID=Europe/Berlin:20240102T110000",
			"ORGANIZER:mailto:org@x.com", "ATTENDEE:mailto:b@client.com"),
		vevent("UID:r", basic, "RECURRENCE-ID:20240103T080000Z"), // no DTSTART: at its RECURRENCE-ID
		vevent("UID:alone", basic, "RECURRENCE-ID:20240105T090000Z", "DTSTART:20240105T100000Z", "SUMMARY:no master"),
		vevent("UID:single", basic, "DTSTART:20240106T100000Z"),
	)
	_, occ := one(t, Options{}, body)
	eq(t, "starts", starts(occ), []string{"2024-01-01 08:00", "2024-01-02 10:00", "2024-01-03 08:00", "2024-01-05 10:00", "2024-01-06 10:00"})
	eq(t, "lines", []int64{occ[0].Line, occ[1].Line, occ[2].Line, occ[3].Line}, []int64{4, 14, 22, 27})
	eq(t, "override's end from the master's length", occ[1].End.UTC().Format("15:04"), "11:00")
	eq(t, "override's summary from the master", occ[1].Summary, "daily")
	eq(t, "override's attendees", occ[1].Attendees, []Person{{Email: "b@client.com"}})
	eq(t, "bare override keeps the master's attendees", occ[2].Attendees, []Person{{Email: "a@client.com"}})
	eq(t, "recurring", []bool{occ[3].Recurring, occ[4].Recurring}, []bool{true, false})
	eq(t, "uid", occ[3].UID, "alone")
}

func TestUpdatesAndCancellations(t *testing.T) {
	ev := func(uid, seq, stamp, summary string, more ...string) string {
		return vevent(append([]string{"UID:" + uid, "SEQUENCE:" + seq, "DTSTAMP:" + stamp,
			"DTSTART:20240115T090000Z", "SUMMARY:" + summary}, more...)...)
	}
	cancel := func(lines ...string) string {
		return "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\n" + strings.Join(lines, "\r\n") + "\r\nEND:VCALENDAR\r\n"
	}
	for _, tc := range []struct {
		name      string
		files     []string
		summaries []string
		skips     map[string]int64
	}{
		{"highest SEQUENCE wins, read first",
			[]string{vcal(ev("u", "2", "20240101T000000Z", "new")), vcal(ev("u", "1", "20240105T000000Z", "old"))},
			[]string{"new"}, map[string]int64{ReasonOlder: 1}},
		{"highest SEQUENCE wins, read last",
			[]string{vcal(ev("u", "1", "20240105T000000Z", "old")), vcal(ev("u", "2", "20240101T000000Z", "new"))},
			[]string{"new"}, map[string]int64{ReasonOlder: 1}},
		{"equal SEQUENCE: later DTSTAMP",
			[]string{vcal(ev("u", "1", "20240105T000000Z", "later stamp")), vcal(ev("u", "1", "20240101T000000Z", "earlier stamp"))},
			[]string{"later stamp"}, map[string]int64{ReasonDuplicate: 1}},
		{"equal SEQUENCE and DTSTAMP: read last",
			[]string{vcal(ev("u", "1", "20240101T000000Z", "first")), vcal(ev("u", "1", "20240101T000000Z", "last"))},
			[]string{"last"}, map[string]int64{ReasonDuplicate: 1}},
		{"duplicate in one file",
			[]string{vcal(ev("u", "0", "20240101T000000Z", "a"), ev("u", "0", "20240101T000000Z", "a"))},
			[]string{"a"}, map[string]int64{ReasonDuplicate: 1}},
		{"METHOD:CANCEL in another file",
			[]string{vcal(ev("u", "1", "20240101T000000Z", "a")), cancel(ev("u", "1", "20240102T000000Z", "a"))},
			nil, map[string]int64{ReasonCancelled: 1, ReasonOlder: 1}},
		{"METHOD:CANCEL read first",
			[]string{cancel(ev("u", "1", "20240102T000000Z", "a")), vcal(ev("u", "1", "20240101T000000Z", "a"))},
			nil, map[string]int64{ReasonCancelled: 1, ReasonOlder: 1}},
		{"METHOD:CANCEL with a lower SEQUENCE",
			[]string{vcal(ev("u", "2", "20240101T000000Z", "a")), cancel(ev("u", "1", "20240102T000000Z", "a"))},
			[]string{"a"}, map[string]int64{ReasonOlder: 1}},
		{"re-invited after the cancellation",
			[]string{cancel(ev("u", "1", "20240102T000000Z", "a")), vcal(ev("u", "2", "20240103T000000Z", "again"))},
			[]string{"again"}, map[string]int64{ReasonOlder: 1}},
		{"METHOD:CANCEL of one occurrence",
			[]string{
				vcal(ev("u", "0", "20240101T000000Z", "daily", "RRULE:FREQ=DAILY;COUNT=3")),
				cancel(vevent("UID:u", "SEQUENCE:0", "RECURRENCE-ID:20240116T090000Z", "DTSTART:20240116T090000Z")),
			},
			[]string{"daily", "daily"}, map[string]int64{ReasonCancelled: 1}},
		{"STATUS:CANCELLED in a later export",
			[]string{vcal(ev("u", "0", "20240101T000000Z", "a")), vcal(ev("u", "1", "20240102T000000Z", "a", "STATUS:CANCELLED"))},
			nil, map[string]int64{ReasonCancelled: 1, ReasonOlder: 1}},
		{"the same meeting in two people's exports",
			[]string{
				vcal(ev("u", "0", "20240101T000000Z", "m", "ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@x.com", "RRULE:FREQ=DAILY;COUNT=2")),
				vcal(ev("u", "0", "20240101T000000Z", "m", "ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@x.com", "RRULE:FREQ=DAILY;COUNT=2")),
			},
			[]string{"m", "m"}, map[string]int64{ReasonDuplicate: 1}},
		{"an override of an older version of the series",
			[]string{vcal(
				ev("u", "3", "20240101T000000Z", "daily", "RRULE:FREQ=DAILY;COUNT=2"),
				vevent("UID:u", "SEQUENCE:1", "RECURRENCE-ID:20240120T090000Z", "DTSTART:20240120T100000Z", "SUMMARY:old"),
				vevent("UID:u", "SEQUENCE:1", "RECURRENCE-ID:20240116T090000Z", "DTSTART:20240116T100000Z", "SUMMARY:still applies"))},
			[]string{"daily", "still applies"}, map[string]int64{ReasonOldOverride: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var files []file
			for i, f := range tc.files {
				files = append(files, file{fmt.Sprintf("f%d.ics", i), f})
			}
			c, occ := read(t, Options{}, files...)
			var sums []string
			for _, o := range occ {
				sums = append(sums, o.Summary)
			}
			eq(t, "summaries", sums, tc.summaries)
			eq(t, "skipped", skips(c), tc.skips)
		})
	}
}

func TestReplies(t *testing.T) {
	master := vcal(vevent("UID:m", "SEQUENCE:0", basic, "DTSTART:20240115T090000Z", "ORGANIZER:mailto:org@x.com",
		"ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:a@client.com", "ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:b@client.com"))
	reply := func(uid, who, ps string) string {
		return "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\n" + vevent("UID:"+uid, "SEQUENCE:0", "DTSTAMP:20240110T000000Z",
			"DTSTART:20240115T090000Z", "ORGANIZER:mailto:org@x.com", "ATTENDEE;PARTSTAT="+ps+":mailto:"+who) + "\r\nEND:VCALENDAR\r\n"
	}
	_, occ := read(t, Options{}, file{"r1.ics", reply("m", "a@client.com", "DECLINED")}, file{"m.ics", master},
		file{"r2.ics", reply("m", "b@client.com", "ACCEPTED")})
	eq(t, "attendees", occ[0].Attendees, []Person{{Email: "b@client.com", PartStat: "ACCEPTED"}})
	_, occ = read(t, Options{}, file{"r.ics", reply("alone", "b@client.com", "ACCEPTED")})
	eq(t, "a reply alone", fmt.Sprint(len(occ), occ[0].Attendees), "1 [{b@client.com  ACCEPTED}]")
	c, occ := read(t, Options{}, file{"c.ics", "BEGIN:VCALENDAR\r\nMETHOD:COUNTER\r\n" +
		vevent("UID:x", "DTSTART:20240115T090000Z") + "\r\nEND:VCALENDAR\r\n"})
	eq(t, "counter", fmt.Sprint(len(occ), skips(c)), fmt.Sprint(0, map[string]int64{ReasonNotAMeeting: 1}))
}

func TestGuards(t *testing.T) {
	for _, tc := range []struct {
		name  string
		o     Options
		props []string
		n     int
		skips map[string]int64
	}{
		{"SECONDLY, open-ended, no Until", Options{}, []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=SECONDLY"},
			MaxSeries, map[string]int64{ReasonTooMany: 1}},
		{"MINUTELY, open-ended, Until", Options{Until: utc("2024-01-01 10:00")}, []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=MINUTELY"},
			61, map[string]int64{}},
		{"huge COUNT", Options{}, []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=DAILY;COUNT=1000000000"},
			MaxSeries, map[string]int64{ReasonTooMany: 1}},
		{"every second of every day", Options{}, []string{"DTSTART:20240101T000000Z", "RRULE:FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYMINUTE=" + seq(60) + ";BYSECOND=" + seq(60)},
			MaxSeries, map[string]int64{ReasonTooMany: 1}},
		{"MINUTELY that can never match", Options{}, []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=MINUTELY;INTERVAL=2;BYMINUTE=1"},
			1, map[string]int64{ReasonNeverMatches: 1}},
		{"HOURLY that can never match", Options{}, []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=HOURLY;INTERVAL=6;BYHOUR=10,11"},
			1, map[string]int64{ReasonNeverMatches: 1}},
		{"sparse SECONDLY", Options{}, []string{"DTSTART:20240101T050505Z", "RRULE:FREQ=SECONDLY;BYHOUR=5;BYMINUTE=5;BYSECOND=5;COUNT=100000"},
			stepBudget / 86400, map[string]int64{ReasonTooMany: 1}},
		{"30 February", Options{}, []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"},
			1, map[string]int64{ReasonNeverMatches: 1}},
		{"a 6th Monday", Options{}, []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=MONTHLY;BYDAY=6MO,-6FR"},
			1, map[string]int64{ReasonNeverMatches: 1}},
		{"29 February is possible", Options{}, []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=3"},
			3, map[string]int64{}}, // DTSTART (counts as the first), 2024, 2028
		{"a rule that matches nothing, scanned to 9999", Options{}, []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=YEARLY;BYYEARDAY=1;BYMONTH=6"},
			1, map[string]int64{}},
		// The library looks for a match up to the year 9999: bounded, not
		// instant (about 0.2 s a series here).
		{"a daily rule that matches nothing", Options{}, []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=DAILY;BYYEARDAY=1;BYMONTH=6"},
			1, map[string]int64{}},
		{"a minutely rule that matches nothing", Options{}, []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=MINUTELY;BYWEEKNO=1;BYMONTH=6"},
			1, map[string]int64{}},
		{"a huge INTERVAL", Options{}, []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=DAILY;INTERVAL=99999"},
			2, map[string]int64{}}, // 2024 and 2297
		{"too huge an INTERVAL", Options{}, []string{"DTSTART:20240101T090000Z", "RRULE:FREQ=DAILY;INTERVAL=100001"},
			1, map[string]int64{ReasonBadRule: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			begin := time.Now()
			c, occ := one(t, tc.o, vcal(vevent(append([]string{"UID:g", basic}, tc.props...)...)))
			if d := time.Since(begin); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			eq(t, "occurrences", len(occ), tc.n)
			eq(t, "skipped", skips(c), tc.skips)
		})
	}
}

func seq(n int) string {
	var s []string
	for i := range n {
		s = append(s, fmt.Sprint(i))
	}
	return strings.Join(s, ",")
}

func TestBrokenEvents(t *testing.T) {
	body := vcal(
		vevent("UID:ok", basic, "DTSTART:20240115T090000Z"),
		vevent("UID:bad", basic, "DTSTART:2024-01-15 09:00"),
		vevent("UID:none", basic, "SUMMARY:no start"),
		vevent("UID:badrid", basic, "RECURRENCE-ID:yesterday", "DTSTART:20240115T090000Z"),
		"BEGIN:VEVENT\r\nUID:open\r\nDTSTART:20240116T090000Z", // no END:VEVENT
		vevent("UID:ok2", basic, "DTSTART:20240117T090000Z", "X-WEIRD;A=\"unterminated:1", "garbage line", "DESCRIPTION:ignored"),
		"BEGIN:VEVENT\r\nUID:cut\r\nDTSTART:20240118T090000Z", // cut off by END:VCALENDAR
	)
	c, occ := one(t, Options{}, body)
	eq(t, "starts", starts(occ), []string{"2024-01-15 09:00", "2024-01-17 09:00"})
	eq(t, "read", c.Read(), 7)
	eq(t, "skipped", skips(c), map[string]int64{ReasonBadStart: 1, ReasonNoStart: 1, ReasonBadRecurID: 1, ReasonCutOff: 2})
	for _, s := range c.Skipped() {
		if s.Reason == ReasonBadStart {
			eq(t, "example", s.Examples, []Example{{File: "test.ics", Line: 9}})
		}
	}
	// A file cut in the middle of an event.
	c, occ = one(t, Options{}, "BEGIN:VCALENDAR\r\n"+vevent("UID:a", "DTSTART:20240115T090000Z")+"\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART:20240115T090000Z\r\n")
	eq(t, "cut file", fmt.Sprint(len(occ), skips(c), c.Read()), fmt.Sprint(1, map[string]int64{ReasonCutOff: 1}, 2))
}

func TestExamplesAreBounded(t *testing.T) {
	var evs []string
	for i := range 5 {
		evs = append(evs, vevent(fmt.Sprintf("UID:%d", i)))
	}
	c, _ := one(t, Options{}, vcal(evs...))
	s := c.Skipped()
	if len(s) != 1 || s[0].Count != 5 || len(s[0].Examples) != 3 || s[0].Examples[2].Line != 10 {
		t.Errorf("%+v", s)
	}
}

type failing struct {
	r   io.Reader
	err error
}

func (f *failing) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    io.Reader
		want string
	}{
		{"not iCalendar", strings.NewReader("From: someone\r\nSubject: hi\r\n"), "x.ics:1: not an iCalendar file"},
		{"after blank lines", strings.NewReader("\r\n\r\nBEGIN:VCARD\r\n"), "x.ics:3: not an iCalendar file"},
		{"empty", strings.NewReader(""), "x.ics:1: not an iCalendar file"},
		{"binary", strings.NewReader("\x00\x01\x02PK\x03\x04"), "x.ics:1: not an iCalendar file"},
		{"read error", &failing{strings.NewReader(vcal(vevent("UID:a", "DTSTART:20240115T090000Z"))), errors.New("disk on fire")}, "x.ics:9: disk on fire"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := New(Options{})
			err := c.Add("x.ics", tc.r)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			occ, _ := c.Occurrences()
			if len(occ) != 0 || c.Read() != 0 || len(c.Skipped()) != 0 {
				t.Errorf("kept %d occurrences, read %d", len(occ), c.Read())
			}
		})
	}
}

func TestOrderAndNoUID(t *testing.T) {
	body := vcal(
		vevent("UID:b", "DTSTART:20240115T090000Z"),
		vevent("UID:a", "DTSTART:20240115T090000Z"),
		vevent("UID:c", "DTSTART;TZID=Europe/Berlin:20240115T090000"),
		vevent("DTSTART:20240116T090000Z", "SUMMARY:no uid"),
	)
	_, occ := read(t, Options{}, file{"1.ics", body}, file{"2.ics", body})
	var got []string
	for _, o := range occ {
		got = append(got, o.UID[:min(len(o.UID), 7)])
	}
	eq(t, "order", got, []string{"c", "a", "b", "no-uid-"})
}

func TestOccurrencesAfterMoreFiles(t *testing.T) {
	c := New(Options{})
	_ = c.Add("a.ics", strings.NewReader(vcal(vevent("UID:a", "DTSTART:20240115T090000Z"))))
	occ, _ := c.Occurrences()
	_ = c.Add("b.ics", strings.NewReader(vcal(vevent("UID:b", "DTSTART:20240116T090000Z"))))
	occ2, _ := c.Occurrences()
	eq(t, "counts", fmt.Sprint(len(occ), len(occ2), c.Read()), "1 2 2")
}
