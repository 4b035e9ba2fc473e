package calendar

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// timeProp is a date or date-time property as read: its value and the
// parameters that tell how to read it.
type timeProp struct {
	value string
	tzid  string
	vtype string // VALUE, upper-cased
	set   bool
}

func timePropOf(p *prop) timeProp {
	return timeProp{
		value: p.value,
		tzid:  p.get("TZID"),
		vtype: strings.ToUpper(p.get("VALUE")),
		set:   true,
	}
}

// rawEvent is a VEVENT as read, before its zones are known (a VTIMEZONE may
// come after the events that use it).
type rawEvent struct {
	line      int64
	uid       string
	hasUID    bool
	dtstart   timeProp
	dtend     timeProp
	duration  string
	hasDur    bool
	recurID   timeProp
	rrule     string
	rdates    []timeProp
	exdates   []timeProp
	seq       string
	status    string
	dtstamp   timeProp
	organizer *prop
	attendees []prop
	summary   string
	hasSum    bool
}

// parser reads one stream.
type parser struct {
	c    *Calendar
	file string

	read     int64
	skips    []Skip
	versions []*version

	inCal   bool
	seenCal bool
	method  string
	stack   []string // open components inside the VCALENDAR
	deep    int      // components opened beyond maxDepth
	events  []*rawEvent
	ev      *rawEvent // the open VEVENT
	evDepth int       // len(stack) when it was opened

	tzid    string                // the open VTIMEZONE's TZID
	tzObs   map[string]observance // by VTIMEZONE TZID
	subOff  int                   // the open STANDARD/DAYLIGHT's TZOFFSETTO
	subOK   bool
	subDate string // and its DTSTART
}

// observance is what is kept of a VTIMEZONE: the offset of its STANDARD
// observance, used as a fixed zone when its TZID is not a known zone.
type observance struct {
	off  int
	std  bool
	from string // DTSTART
}

const maxDepth = 64

func (p *parser) skip(reason string, line int64) {
	p.skips = addSkip(p.skips, reason, p.file, line)
}

func (p *parser) run(lr *lineReader) error {
	for {
		line, n, cut, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %w", p.file, lr.line+1, err)
		}
		if len(line) == 0 {
			continue
		}
		if err := p.line(line, n, cut); err != nil {
			return err
		}
	}
	if !p.seenCal {
		return fmt.Errorf("%s:%d: not an iCalendar file: no BEGIN:VCALENDAR", p.file, max(lr.line, 1))
	}
	if p.inCal {
		p.endCalendar(lr.line)
	}
	return nil
}

func (p *parser) line(line []byte, n int64, cut bool) error {
	name, rest, ok := propName(line)
	if !p.seenCal {
		if !ok || name != "BEGIN" {
			return fmt.Errorf("%s:%d: not an iCalendar file: BEGIN:VCALENDAR expected", p.file, n)
		}
	}
	if !ok {
		return nil
	}
	switch name {
	case "BEGIN", "END":
		pr, ok := parseProp(rest)
		if !ok {
			return nil
		}
		comp := strings.ToUpper(strings.TrimSpace(pr.value))
		if name == "BEGIN" {
			return p.begin(comp, n)
		}
		p.end(comp, n)
		return nil
	}
	if !p.inCal || p.deep > 0 {
		return nil
	}
	switch {
	case len(p.stack) == 0:
		if name == "METHOD" {
			if pr, ok := parseProp(rest); ok {
				p.method = strings.ToUpper(strings.TrimSpace(pr.value))
			}
		}
	case p.ev != nil && len(p.stack) == p.evDepth+1:
		if cut && name != "SUMMARY" {
			return nil
		}
		p.eventProp(name, rest)
	default:
		p.timezoneProp(name, rest)
	}
	return nil
}

func top(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}

func (p *parser) begin(comp string, n int64) error {
	if !p.seenCal {
		if comp != "VCALENDAR" {
			return fmt.Errorf("%s:%d: not an iCalendar file: BEGIN:VCALENDAR expected", p.file, n)
		}
		p.seenCal = true
	}
	if comp == "VCALENDAR" {
		if p.inCal { // the previous one was not ended
			p.endCalendar(n)
		}
		p.inCal = true
		p.method = ""
		p.stack = p.stack[:0]
		p.deep = 0
		p.events = nil
		p.tzObs = nil
		return nil
	}
	if !p.inCal {
		return nil
	}
	if p.deep > 0 || len(p.stack) >= maxDepth {
		p.deep++
		return nil
	}
	if comp == "VEVENT" {
		p.read++
		if p.ev != nil { // the open one was not ended
			p.skip(ReasonCutOff, p.ev.line)
			p.stack = p.stack[:p.evDepth]
		}
		p.ev = &rawEvent{line: n}
		p.evDepth = len(p.stack)
	}
	if comp == "VTIMEZONE" {
		p.tzid = ""
	}
	if comp == "STANDARD" || comp == "DAYLIGHT" {
		p.subOK, p.subDate = false, ""
	}
	p.stack = append(p.stack, comp)
	return nil
}

func (p *parser) end(comp string, n int64) {
	if !p.inCal {
		return
	}
	if comp == "VCALENDAR" {
		p.endCalendar(n)
		return
	}
	if p.deep > 0 {
		p.deep--
		return
	}
	i := len(p.stack) - 1
	for i >= 0 && p.stack[i] != comp {
		i--
	}
	if i < 0 {
		return // an END without its BEGIN
	}
	// Components left open inside are closed with it.
	if p.ev != nil && i < p.evDepth {
		p.skip(ReasonCutOff, p.ev.line)
		p.ev = nil
	}
	if p.ev != nil && i == p.evDepth {
		p.events = append(p.events, p.ev)
		p.ev = nil
	}
	switch comp {
	case "STANDARD", "DAYLIGHT":
		if p.subOK && p.tzid != "" {
			if p.tzObs == nil {
				p.tzObs = map[string]observance{}
			}
			// The STANDARD observance that starts last; a DAYLIGHT one only
			// when there is no STANDARD.
			o := observance{off: p.subOff, std: comp == "STANDARD", from: p.subDate}
			old, ok := p.tzObs[p.tzid]
			if !ok || o.std && !old.std || o.std == old.std && o.from >= old.from {
				p.tzObs[p.tzid] = o
			}
		}
	case "VTIMEZONE":
		p.tzid = ""
	}
	p.stack = p.stack[:i]
}

func (p *parser) timezoneProp(name string, rest []byte) {
	switch name {
	case "TZID", "TZOFFSETTO", "DTSTART":
	default:
		return
	}
	pr, ok := parseProp(rest)
	if !ok {
		return
	}
	switch {
	case name == "TZID" && top(p.stack) == "VTIMEZONE":
		p.tzid = strings.TrimSpace(pr.value)
	case name == "TZOFFSETTO" && (top(p.stack) == "STANDARD" || top(p.stack) == "DAYLIGHT"):
		p.subOff, p.subOK = parseOffset(pr.value)
	case name == "DTSTART" && (top(p.stack) == "STANDARD" || top(p.stack) == "DAYLIGHT"):
		p.subDate = strings.TrimSpace(pr.value)
	}
}

func (p *parser) eventProp(name string, rest []byte) {
	switch name {
	case "UID", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE",
		"RECURRENCE-ID", "SEQUENCE", "STATUS", "DTSTAMP", "ORGANIZER", "ATTENDEE",
		"SUMMARY":
	default:
		return // descriptions, attachments, alarms' properties… are not kept
	}
	pr, ok := parseProp(rest)
	if !ok {
		return
	}
	e := p.ev
	switch name {
	case "UID":
		if !e.hasUID {
			e.uid, e.hasUID = strings.TrimSpace(pr.value), true
		}
	case "DTSTART":
		if !e.dtstart.set {
			e.dtstart = timePropOf(&pr)
		}
	case "DTEND":
		if !e.dtend.set {
			e.dtend = timePropOf(&pr)
		}
	case "DURATION":
		if !e.hasDur {
			e.duration, e.hasDur = pr.value, true
		}
	case "RRULE":
		if e.rrule == "" {
			e.rrule = pr.value
		}
	case "RDATE":
		if len(e.rdates) < 10000 {
			e.rdates = append(e.rdates, timePropOf(&pr))
		}
	case "EXDATE":
		if len(e.exdates) < 10000 {
			e.exdates = append(e.exdates, timePropOf(&pr))
		}
	case "RECURRENCE-ID":
		if !e.recurID.set {
			e.recurID = timePropOf(&pr)
		}
	case "SEQUENCE":
		e.seq = pr.value
	case "STATUS":
		e.status = strings.ToUpper(strings.TrimSpace(pr.value))
	case "DTSTAMP":
		e.dtstamp = timePropOf(&pr)
	case "ORGANIZER":
		if e.organizer == nil {
			e.organizer = &pr
		}
	case "ATTENDEE":
		if len(e.attendees) < 10000 {
			e.attendees = append(e.attendees, pr)
		}
	case "SUMMARY":
		if !e.hasSum {
			e.summary, e.hasSum = unescape(pr.value), true
		}
	}
}

// endCalendar turns the events of the VCALENDAR just read into versions,
// now that its time zones are known.
func (p *parser) endCalendar(n int64) {
	if p.ev != nil {
		p.skip(ReasonCutOff, p.ev.line)
		p.ev = nil
	}
	for _, e := range p.events {
		p.resolve(e)
	}
	p.inCal = false
	p.events = nil
	p.stack = p.stack[:0]
	p.deep = 0
	p.tzid = ""
}

// resolver reads the times of one event.
type resolver struct {
	p       *parser
	unknown bool // a TZID was not known
}

// loc returns the zone of a time property; def is used for floating times
// and unknown TZIDs.
func (r *resolver) loc(tp timeProp, def *time.Location) *time.Location {
	if tp.tzid == "" {
		return def
	}
	if loc := r.p.c.zone(tp.tzid); loc != nil {
		return loc
	}
	name := strings.TrimSpace(strings.Trim(strings.TrimSpace(tp.tzid), `"`))
	if o, ok := r.p.tzObs[name]; ok {
		return time.FixedZone(name, o.off)
	}
	if o, ok := r.p.tzObs[tp.tzid]; ok {
		return time.FixedZone(name, o.off)
	}
	if off, ok := offsetName(name); ok {
		return time.FixedZone(name, off)
	}
	r.unknown = true
	return def
}

// at reads a single date or date-time value of tp.
func (r *resolver) at(tp timeProp, value string, def *time.Location) (time.Time, stamp, error) {
	st, err := parseStamp(value)
	if err != nil {
		return time.Time{}, st, err
	}
	if st.date {
		return st.in(r.p.c.floating), st, nil
	}
	return st.in(r.loc(tp, def)), st, nil
}

func (p *parser) resolve(e *rawEvent) {
	switch p.method {
	case "COUNTER", "DECLINECOUNTER", "REFRESH":
		p.skip(ReasonNotAMeeting, e.line)
		return
	}
	r := &resolver{p: p}
	floating := p.c.floating
	v := &version{
		file:   p.file,
		line:   e.line,
		cancel: p.method == "CANCEL" || e.status == "CANCELLED",
		reply:  p.method == "REPLY",
	}
	if v.reply {
		v.cancel = false
	}
	if s, err := strconv.ParseInt(strings.TrimSpace(e.seq), 10, 64); err == nil {
		v.seq = s
	}
	if e.dtstamp.set {
		if t, _, err := r.at(e.dtstamp, e.dtstamp.value, floating); err == nil {
			v.stamp = t.Unix()
		}
	}
	// DTSTART; its zone is the one of the event's other floating times.
	evLoc := floating
	if e.dtstart.set {
		t, st, err := r.at(e.dtstart, e.dtstart.value, floating)
		if err != nil {
			if !v.cancel {
				p.skip(ReasonBadStart, e.line)
				return
			}
		} else {
			v.start, v.hasStart, v.allDay = t, true, st.date
			evLoc = t.Location()
		}
	}
	// RECURRENCE-ID
	if e.recurID.set {
		t, _, err := r.at(e.recurID, e.recurID.value, evLoc)
		if err != nil {
			p.skip(ReasonBadRecurID, e.line)
			return
		}
		v.hasRID, v.rid = true, t.Unix()
		if !v.hasStart && !v.cancel {
			v.start, v.hasStart = t, true
			v.allDay = len(strings.TrimSpace(e.recurID.value)) == 8
		}
	}
	if !v.hasStart && !v.cancel {
		p.skip(ReasonNoStart, e.line)
		return
	}
	// UID
	v.uid = e.uid
	if v.uid == "" {
		v.uid = syntheticUID(e)
	}
	if v.hasStart {
		// End: DTEND, else DURATION.
		badEnd := false
		if e.dtend.set {
			t, st, err := r.at(e.dtend, e.dtend.value, evLoc)
			switch {
			case err != nil || st.date != v.allDay || t.Before(v.start):
				badEnd = true
			default:
				v.end, v.hasEnd = t, true
			}
		} else if e.hasDur {
			d, err := parseDuration(e.duration)
			if err != nil {
				badEnd = true
			} else {
				v.dur, v.hasDur = d, true
			}
		}
		if badEnd {
			p.skip(ReasonBadEnd, e.line)
		}
		// Recurrence (a master's only).
		if !v.hasRID {
			p.recurrence(r, e, v, evLoc)
		}
	}
	// Participants
	if e.organizer != nil {
		per, _ := personOf(e.organizer)
		if per.Email != "" || per.Name != "" {
			v.organizer = &per
		}
	}
	seen := map[string]bool{}
	for i := range e.attendees {
		per, cutype := personOf(&e.attendees[i])
		if cutype == "ROOM" || cutype == "RESOURCE" {
			continue
		}
		if per.Email == "" && per.Name == "" {
			continue
		}
		if per.Email != "" {
			if seen[per.Email] {
				continue
			}
			seen[per.Email] = true
		}
		v.attendees = append(v.attendees, per)
	}
	v.hasPeople = e.organizer != nil || len(e.attendees) > 0
	v.summary, v.hasSum = e.summary, e.hasSum
	if r.unknown {
		p.skip(ReasonUnknownZone, e.line)
	}
	p.versions = append(p.versions, v)
}

// recurrence reads RRULE, RDATE and EXDATE.
func (p *parser) recurrence(r *resolver, e *rawEvent, v *version, evLoc *time.Location) {
	if e.rrule != "" {
		v.recurring = true
		spec, err := parseRule(e.rrule, v.start, v.allDay)
		switch {
		case err != nil:
			p.skip(ReasonBadRule, e.line)
		case spec.never:
			p.skip(ReasonNeverMatches, e.line)
		default:
			v.rule = spec
		}
	}
	bad := false
	for _, tp := range e.rdates {
		for _, val := range strings.Split(tp.value, ",") {
			if strings.TrimSpace(val) == "" {
				continue
			}
			v.recurring = true
			startS, endS, isPeriod := strings.Cut(val, "/")
			t, st, err := r.at(tp, startS, evLoc)
			if err != nil || st.date != v.allDay && !st.date {
				bad = true
				continue
			}
			if st.date && !v.allDay {
				// A date for a series of date-times: at the series' time of day.
				h, m, s := v.start.Clock()
				t = time.Date(st.year, time.Month(st.month), st.day, h, m, s, 0, v.start.Location())
			}
			pd := period{start: t}
			if isPeriod {
				if end, _, err := r.at(tp, endS, evLoc); err == nil && !end.Before(t) {
					pd.end, pd.hasEnd = end, true
				} else if d, err := parseDuration(endS); err == nil {
					pd.end, pd.hasEnd = d.add(t), true
				}
			}
			if len(v.rdates) < MaxSeries {
				v.rdates = append(v.rdates, pd)
			}
		}
	}
	for _, tp := range e.exdates {
		for _, val := range strings.Split(tp.value, ",") {
			if strings.TrimSpace(val) == "" {
				continue
			}
			t, st, err := r.at(tp, val, evLoc)
			if err != nil {
				bad = true
				continue
			}
			if st.date {
				v.exdates = append(v.exdates, exdate{date: st.dateKey(), only: true})
			} else {
				v.exdates = append(v.exdates, exdate{at: t.Unix(), date: dateKey(t)})
			}
		}
	}
	if bad {
		p.skip(ReasonBadDate, e.line)
	}
}
