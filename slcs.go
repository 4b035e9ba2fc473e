// Package slcs holds the words of the Sales Leader Classification System that
// every other package shares: segments, activity types, calendar days and
// months, the model's settings and the error type. It imports nothing of the
// project, so the model, the readers and the command line can all depend on it.
package slcs

import (
	"fmt"
	"time"
)

// Segment is one of the four quadrants an account is placed in.
type Segment uint8

// The four segments, in the order reports show them.
const (
	Key Segment = iota
	Maintenance
	GrowthPotential
	Service
)

// Segments lists the four segments in report order.
var Segments = [4]Segment{Key, Maintenance, GrowthPotential, Service}

// ID is the segment's identifier in CSV and JSON output.
func (s Segment) ID() string {
	switch s {
	case Key:
		return "key"
	case Maintenance:
		return "maintenance"
	case GrowthPotential:
		return "growth_potential"
	case Service:
		return "service"
	}
	return fmt.Sprintf("segment(%d)", uint8(s))
}

// Name is the segment's name as a sales leader says it.
func (s Segment) Name() string {
	switch s {
	case Key:
		return "Key Accounts"
	case Maintenance:
		return "Maintenance Accounts"
	case GrowthPotential:
		return "Growth Potential Accounts"
	case Service:
		return "Service Accounts"
	}
	return s.ID()
}

// ParseSegment reads a segment id ("key", "maintenance", "growth_potential",
// "service").
func ParseSegment(id string) (Segment, bool) {
	for _, s := range Segments {
		if s.ID() == id {
			return s, true
		}
	}
	return 0, false
}

// ActivityType is the kind of an interaction with a client.
type ActivityType uint8

// The activity types of the portfolio format.
const (
	Email ActivityType = iota
	Call
	Meeting
	Other
)

// ActivityTypes lists the types in a fixed order.
var ActivityTypes = [4]ActivityType{Email, Call, Meeting, Other}

func (t ActivityType) String() string {
	switch t {
	case Email:
		return "email"
	case Call:
		return "call"
	case Meeting:
		return "meeting"
	case Other:
		return "other"
	}
	return fmt.Sprintf("type(%d)", uint8(t))
}

// Day is a calendar date as a count of days since 1970-01-01.
type Day int32

// DayOf returns the UTC calendar date of t.
func DayOf(t time.Time) Day {
	y, m, d := t.UTC().Date()
	return MakeDay(y, int(m), d)
}

// MakeDay returns the day for a proleptic Gregorian date; it does not check
// that the date exists.
func MakeDay(y, m, d int) Day {
	// days from civil, after Howard Hinnant's well-known algorithm
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Day(era*146097 + doe - 719468)
}

// Date returns the year, month and day of d.
func (d Day) Date() (year, month, day int) {
	z := int(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = doy - (153*mp+2)/5 + 1
	month = mp + 3
	if month > 12 {
		month -= 12
	}
	if month <= 2 {
		y++
	}
	return y, month, day
}

// Month returns the calendar month d falls in.
func (d Day) Month() Month {
	y, m, _ := d.Date()
	return MakeMonth(y, m)
}

func (d Day) String() string {
	y, m, dd := d.Date()
	return fmt.Sprintf("%04d-%02d-%02d", y, m, dd)
}

// Month is a calendar month as year*12 + month - 1.
type Month int32

// MakeMonth returns the month for a year and a month number 1..12.
func MakeMonth(y, m int) Month { return Month(y*12 + m - 1) }

// Year and month number (1..12).
func (m Month) Date() (year, month int) {
	y := int(m) / 12
	mm := int(m)%12 + 1
	if m < 0 && int(m)%12 != 0 {
		y--
		mm += 12
	}
	return y, mm
}

// FirstDay is the first calendar day of the month.
func (m Month) FirstDay() Day {
	y, mm := m.Date()
	return MakeDay(y, mm, 1)
}

// LastDay is the last calendar day of the month.
func (m Month) LastDay() Day { return (m + 1).FirstDay() - 1 }

func (m Month) String() string {
	y, mm := m.Date()
	return fmt.Sprintf("%04d-%02d", y, mm)
}
