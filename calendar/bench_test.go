package calendar

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// benchCalendar makes a calendar of n events, 30% of them weekly series of
// a year (open-ended ones stopped by Options.Until, others with COUNT or
// UNTIL), with EXDATEs and overridden occurrences, in several zones.
func benchCalendar(n int) string {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//slcs//bench//EN\r\n")
	zones := []string{"TZID=Europe/Berlin", `TZID="W. Europe Standard Time"`, "TZID=America/New_York", ""}
	base := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range n {
		zone := zones[i%len(zones)]
		start := base.Add(time.Duration(i%250) * 24 * time.Hour).Add(time.Duration(i%8) * time.Hour)
		dt := func(name string, t time.Time) string {
			if zone == "" {
				return name + ":" + t.Format("20060102T150405Z")
			}
			return name + ";" + zone + ":" + t.Format("20060102T150405")
		}
		uid := fmt.Sprintf("event-%d@bench", i)
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20240101T000000Z\r\nSEQUENCE:0\r\n", uid)
		b.WriteString(dt("DTSTART", start) + "\r\n" + dt("DTEND", start.Add(time.Hour)) + "\r\n")
		fmt.Fprintf(&b, "SUMMARY:Meeting %d with client\\, quarterly review\r\n", i)
		b.WriteString("DESCRIPTION:A long description that is read and not kept\\, folded over\r\n  several lines of text.\r\n")
		fmt.Fprintf(&b, "ORGANIZER;CN=Seller:mailto:seller@example.com\r\n")
		for a := range 3 + i%3 {
			fmt.Fprintf(&b, "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=\"Person %d, Client\":mailto:p%d@client%d.com\r\n", a, a, i%97)
		}
		b.WriteString("ATTENDEE;CUTYPE=ROOM;CN=Room:mailto:room@example.com\r\n")
		recurring := i%10 < 3
		if recurring {
			switch i % 3 {
			case 0:
				b.WriteString("RRULE:FREQ=WEEKLY\r\n")
			case 1:
				b.WriteString("RRULE:FREQ=WEEKLY;COUNT=52\r\n")
			default:
				fmt.Fprintf(&b, "RRULE:FREQ=WEEKLY;UNTIL=%s\r\n", start.AddDate(1, 0, -1).Format("20060102T150405Z"))
			}
			b.WriteString(dt("EXDATE", start.AddDate(0, 0, 14)) + "," + strings.SplitN(dt("EXDATE", start.AddDate(0, 0, 28)), ":", 2)[1] + "\r\n")
		}
		b.WriteString("BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\n")
		if recurring {
			// Move one occurrence, cancel another.
			rid := start.AddDate(0, 0, 7)
			fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20240101T000000Z\r\n%s\r\n%s\r\n%s\r\n", uid,
				dt("RECURRENCE-ID", rid), dt("DTSTART", rid.Add(2*time.Hour)), dt("DTEND", rid.Add(3*time.Hour)))
			b.WriteString("ORGANIZER;CN=Seller:mailto:seller@example.com\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:p0@client.com\r\nEND:VEVENT\r\n")
			fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20240101T000000Z\r\n%s\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n", uid,
				dt("RECURRENCE-ID", start.AddDate(0, 0, 21)))
		}
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.String()
}

func BenchmarkOccurrences(b *testing.B) {
	data := benchCalendar(5000)
	o := Options{Until: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	total := 0
	for range b.N {
		c := New(o)
		if err := c.Add("bench.ics", strings.NewReader(data)); err != nil {
			b.Fatal(err)
		}
		occ, err := c.Occurrences()
		if err != nil {
			b.Fatal(err)
		}
		total += len(occ)
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "occurrences/s")
	b.ReportMetric(float64(total)/float64(b.N), "occurrences/op")
}

func TestBenchCalendar(t *testing.T) {
	c := New(Options{Until: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err := c.Add("bench.ics", strings.NewReader(benchCalendar(100))); err != nil {
		t.Fatal(err)
	}
	occ, _ := c.Occurrences()
	// 70 single events; 30 weekly series of 52 (or up to Until) less two
	// EXDATEs and one cancelled occurrence.
	if c.Read() != 160 || len(occ) < 70+30*45 || len(occ) > 70+30*52 {
		t.Errorf("read %d, %d occurrences, skipped %+v", c.Read(), len(occ), c.Skipped())
	}
	if s := skips(c); s[ReasonCancelled] != 30 || len(s) != 1 {
		t.Errorf("skipped %v", s)
	}
}
