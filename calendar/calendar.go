// Package calendar reads iCalendar (.ics) files as Google Calendar,
// Outlook/Exchange and Apple Calendar write them and turns their events into
// one Occurrence per meeting occurrence, with its participants.
//
// Reading: several VCALENDARs per stream, CRLF or LF, a UTF-8 byte order
// mark, folded lines (unfolded on bytes, so a fold inside a UTF-8 character
// is mended), names and parameters in any case, quoted parameter values,
// escaped text. Only what an Occurrence needs is kept: descriptions,
// attachments and alarms are read past.
//
// Times: UTC, TZID (IANA names, Windows names as Outlook writes them, a
// path before an IANA name; an unknown TZID is read at the fixed offset of
// its VTIMEZONE's STANDARD observance), floating times (Options.Location),
// dates (all-day events). Floating DTEND, RDATE, EXDATE, RECURRENCE-ID and
// UNTIL values are read in the zone of the event's DTSTART.
//
// Recurrence: RRULE (expanded by github.com/teambition/rrule-go in the
// event's own zone, so a weekly 09:00 meeting stays at 09:00 across DST),
// RDATE, EXDATE, overridden occurrences (RECURRENCE-ID). DTSTART always is
// the first occurrence (and counts in COUNT). Open-ended series stop at
// Options.Until; a series gives at most MaxSeries occurrences.
//
// Versions: per UID and RECURRENCE-ID, across files, the highest SEQUENCE
// wins; at equal SEQUENCE a cancellation (METHOD:CANCEL, STATUS:CANCELLED)
// wins, then the later DTSTAMP, then the version read last. An override
// whose RECURRENCE-ID is not an occurrence of its series is kept (an
// occurrence moved outside the rule) unless its SEQUENCE is lower than the
// master's (it belongs to an older version of the series). METHOD:REPLY
// events update the PARTSTAT of their attendees and stand for the event
// only when nothing else of it is known.
//
// What is left out is counted by reason (Skipped). A Calendar is not safe
// for concurrent use.
package calendar

import (
	"cmp"
	"crypto/sha1"
	"encoding/hex"
	"io"
	"slices"
	"strings"
	"time"
)

// Person is an organizer or an attendee.
type Person struct {
	Email    string // lower-cased, without "mailto:" (any case)
	Name     string // CN
	PartStat string // upper-cased PARTSTAT, "" when absent
}

// Occurrence is one occurrence of a meeting.
type Occurrence struct {
	UID  string
	File string // as given to Add
	// Line is the line of the BEGIN:VEVENT that gave this occurrence (the
	// override's, when overridden).
	Line  int64
	Start time.Time // the occurrence's start (in its zone)
	End   time.Time
	// AllDay is set for DTSTART;VALUE=DATE: Start is then midnight of the
	// day in Options.Location and End the end date, exclusive.
	AllDay    bool
	Organizer *Person // nil when none
	// Attendees are without rooms and resources (CUTYPE=ROOM|RESOURCE),
	// without those whose PARTSTAT is DECLINED, without the ATTENDEEs of
	// VALARMs; the organizer is not repeated here.
	Attendees []Person
	Summary   string // SUMMARY, unescaped
	Recurring bool   // part of a series
}

// Options tell how to read calendars.
type Options struct {
	// Until bounds the expansion of open-ended series (RRULE without UNTIL
	// or COUNT): their occurrences starting after it are not produced.
	// Series with an end are expanded to their end. Zero: no bound but
	// MaxSeries.
	Until time.Time
	// Location is the zone of floating times (no TZID, no Z) and of all-day
	// events; UTC when nil.
	Location *time.Location
}

// MaxSeries bounds the occurrences a recurrence rule gives for one series;
// the rest is counted as skipped.
const MaxSeries = 10000

// Example names one thing skipped: its file and the line of its BEGIN:VEVENT.
type Example = struct {
	File string
	Line int64
}

// Skip counts what was left out for one reason.
type Skip struct {
	Reason   string
	Count    int64
	Examples []Example // the first 3
}

// Reasons for Skip.
const (
	ReasonCancelled    = "cancelled"
	ReasonNoStart      = "no start (DTSTART)"
	ReasonBadStart     = "the start (DTSTART) cannot be read"
	ReasonBadEnd       = "the end (DTEND or DURATION) cannot be read or is before the start: a default length used"
	ReasonBadRecurID   = "the RECURRENCE-ID cannot be read"
	ReasonDuplicate    = "a duplicate of an event already read"
	ReasonOlder        = "replaced by a newer version of the event (higher SEQUENCE, or a cancellation)"
	ReasonOldOverride  = "an overridden occurrence of an older version of its series (lower SEQUENCE)"
	ReasonBadRule      = "the recurrence rule cannot be read"
	ReasonBadDate      = "a date in RDATE or EXDATE cannot be read"
	ReasonTooMany      = "a series with more than 10,000 occurrences (or too costly to expand): the rest left out"
	ReasonCutOff       = "an event cut off (no END:VEVENT)"
	ReasonUnknownZone  = "an unknown time zone (TZID) without VTIMEZONE: read as floating time"
	ReasonNotAMeeting  = "not a meeting (METHOD:COUNTER, DECLINECOUNTER or REFRESH)"
	ReasonNeverMatches = "a recurrence rule that can never match: only its first occurrence kept"
)

// Calendar collects the events of several files. Cancellations and updates
// across files apply: per UID and RECURRENCE-ID the version with the highest
// SEQUENCE wins; at equal SEQUENCE a cancellation wins, then the later
// DTSTAMP, then the version read last. METHOD:CANCEL or STATUS:CANCELLED on
// the winning version removes the event (the whole series for a master).
type Calendar struct {
	opt      Options
	floating *time.Location
	read     int64
	order    int64
	series   map[string]*series
	skips    []Skip
	zones    map[string]*time.Location

	done     bool   // occSkips is up to date
	occSkips []Skip // what Occurrences leaves out
}

// New returns an empty Calendar.
func New(o Options) *Calendar {
	loc := o.Location
	if loc == nil {
		loc = time.UTC
	}
	return &Calendar{opt: o, floating: loc, series: map[string]*series{}, zones: map[string]*time.Location{}}
}

// Read returns the number of VEVENTs read.
func (c *Calendar) Read() int64 { return c.read }

// Skipped returns what was left out, by reason, in the order first met.
func (c *Calendar) Skipped() []Skip {
	if !c.done {
		c.compute()
	}
	out := make([]Skip, 0, len(c.skips)+len(c.occSkips))
	for _, sk := range c.skips {
		sk.Examples = slices.Clone(sk.Examples)
		out = append(out, sk)
	}
	return mergeSkips(out, c.occSkips)
}

func addSkip(list []Skip, reason, file string, line int64) []Skip {
	for i := range list {
		if list[i].Reason == reason {
			list[i].Count++
			if len(list[i].Examples) < 3 {
				list[i].Examples = append(list[i].Examples, Example{File: file, Line: line})
			}
			return list
		}
	}
	return append(list, Skip{Reason: reason, Count: 1, Examples: []Example{{File: file, Line: line}}})
}

// Add reads one .ics stream (several VCALENDARs in it are fine). A stream
// that is not iCalendar (its first line is not BEGIN:VCALENDAR) and a read
// error are errors naming the file and the line; nothing of such a stream is
// kept. A broken event is skipped and counted.
func (c *Calendar) Add(file string, r io.Reader) error {
	p := &parser{c: c, file: file}
	if err := p.run(newLineReader(r)); err != nil {
		return err
	}
	c.read += p.read
	c.skips = mergeSkips(c.skips, p.skips)
	for _, v := range p.versions {
		c.order++
		v.order = c.order
		c.store(v)
	}
	c.done = false
	return nil
}

// mergeSkips adds the counts and examples of from to into.
func mergeSkips(into, from []Skip) []Skip {
	for _, s := range from {
		i := slices.IndexFunc(into, func(o Skip) bool { return o.Reason == s.Reason })
		if i < 0 {
			s.Examples = slices.Clone(s.Examples)
			into = append(into, s)
			continue
		}
		into[i].Count += s.Count
		for _, e := range s.Examples {
			if len(into[i].Examples) < 3 {
				into[i].Examples = append(into[i].Examples, e)
			}
		}
	}
	return into
}

// series is what is known of one UID.
type series struct {
	uid       string
	master    *version
	overrides map[int64]*version   // by RECURRENCE-ID (Unix seconds)
	replies   map[int64][]*version // METHOD:REPLY, by RECURRENCE-ID (noRID for the master)
}

const noRID = int64(-1 << 62)

// version is one VEVENT as read, with only what is needed kept.
type version struct {
	uid    string
	file   string
	line   int64
	order  int64 // read order
	seq    int64
	stamp  int64 // DTSTAMP, Unix seconds; 0 when absent
	cancel bool
	reply  bool

	hasRID bool
	rid    int64 // RECURRENCE-ID, Unix seconds

	hasStart bool
	start    time.Time
	allDay   bool
	hasEnd   bool
	end      time.Time // DTEND, when hasEnd
	hasDur   bool
	dur      duration // DURATION, when hasDur

	recurring bool // has RRULE or RDATE
	rule      *ruleSpec
	rdates    []period
	exdates   []exdate

	organizer *Person
	attendees []Person // without rooms and resources
	hasPeople bool
	summary   string
	hasSum    bool
}

// period is an RDATE: a start and, for VALUE=PERIOD, an end.
type period struct {
	start  time.Time
	end    time.Time
	hasEnd bool
}

// exdate is an EXDATE: an instant, or a date (VALUE=DATE).
type exdate struct {
	at   int64
	date int32 // yyyymmdd, in the EXDATE's own zone
	only bool  // a DATE: matches by date
}

func (v *version) key() int64 {
	if v.hasRID {
		return v.rid
	}
	return noRID
}

// beats tells whether a is the version to keep rather than b.
func beats(a, b *version) bool {
	if a.seq != b.seq {
		return a.seq > b.seq
	}
	if a.cancel != b.cancel {
		return a.cancel
	}
	if a.stamp != b.stamp {
		return a.stamp > b.stamp
	}
	return a.order > b.order
}

// store keeps v if it wins over what is stored for its UID and
// RECURRENCE-ID, and counts the loser.
func (c *Calendar) store(v *version) {
	s := c.series[v.uid]
	if s == nil {
		s = &series{uid: v.uid}
		c.series[v.uid] = s
	}
	if v.reply {
		if s.replies == nil {
			s.replies = map[int64][]*version{}
		}
		s.replies[v.key()] = append(s.replies[v.key()], v)
		return
	}
	var old *version
	if v.hasRID {
		if s.overrides == nil {
			s.overrides = map[int64]*version{}
		}
		old = s.overrides[v.rid]
	} else {
		old = s.master
	}
	win, lose := v, old
	if old != nil && beats(old, v) {
		win, lose = old, v
	}
	if lose != nil {
		reason := ReasonOlder
		if lose.seq == win.seq && lose.cancel == win.cancel {
			reason = ReasonDuplicate
		}
		c.skips = addSkip(c.skips, reason, lose.file, lose.line)
	}
	if v.hasRID {
		s.overrides[v.rid] = win
	} else {
		s.master = win
	}
}

// Occurrences returns every occurrence, ordered by start then UID, each
// (UID, occurrence) once. Cancelled events and occurrences are left out and
// counted in Skipped. Each call computes them anew: the slice is the
// caller's.
func (c *Calendar) Occurrences() ([]Occurrence, error) {
	return c.compute(), nil
}

// found collects occurrences with the key that makes each one unique in its
// series (its RECURRENCE-ID), in chunks so that growing never copies them.
type found struct {
	chunks [][]Occurrence
	rid    []int64
}

const chunk = 4096

func (f *found) add(o Occurrence, rid int64) {
	if len(f.chunks) == 0 || len(f.chunks[len(f.chunks)-1]) == chunk {
		f.chunks = append(f.chunks, make([]Occurrence, 0, chunk))
	}
	last := &f.chunks[len(f.chunks)-1]
	*last = append(*last, o)
	f.rid = append(f.rid, rid)
}

func (f *found) at(i int32) *Occurrence { return &f.chunks[i/chunk][i%chunk] }

func (c *Calendar) compute() []Occurrence {
	c.occSkips = nil
	var f found
	uids := make([]string, 0, len(c.series))
	for u := range c.series {
		uids = append(uids, u)
	}
	slices.Sort(uids)
	for _, u := range uids {
		c.expandSeries(c.series[u], &f)
	}
	// Sort indexes rather than the (large) occurrences themselves.
	keys := make([]int32, len(f.rid))
	for i := range keys {
		keys[i] = int32(i)
	}
	slices.SortFunc(keys, func(x, y int32) int {
		a, b := f.at(x), f.at(y)
		if n := a.Start.Compare(b.Start); n != 0 {
			return n
		}
		if n := strings.Compare(a.UID, b.UID); n != 0 {
			return n
		}
		return cmp.Compare(f.rid[x], f.rid[y])
	})
	occ := make([]Occurrence, len(keys))
	for j, k := range keys {
		occ[j] = *f.at(k)
	}
	c.done = true
	return occ
}

func (c *Calendar) skip(reason string, v *version) {
	c.occSkips = addSkip(c.occSkips, reason, v.file, v.line)
}

// expandSeries appends the occurrences of one UID.
func (c *Calendar) expandSeries(s *series, out *found) {
	m := s.master
	// A reply stands for the event only when nothing else is known of it.
	if m == nil {
		if r := latestReply(s.replies[noRID]); r != nil {
			m = r
		}
	}
	if m != nil && m.cancel {
		c.skip(ReasonCancelled, m)
		for _, k := range sortedKeys(s.overrides) {
			c.skip(ReasonCancelled, s.overrides[k])
		}
		return
	}
	used := map[int64]bool{}
	open := false
	if m != nil && m.hasStart {
		starts, isOpen := c.expand(m)
		open = isOpen
		for _, st := range starts {
			key := st.start.Unix()
			if ov := s.overrides[key]; ov != nil {
				used[key] = true
				switch {
				case ov.cancel:
					c.skip(ReasonCancelled, ov)
				case open && !c.opt.Until.IsZero() && ov.start.After(c.opt.Until):
					// moved past Until
				default:
					out.add(c.occurrence(s, ov, m, ov.start, period{}), key)
				}
				continue
			}
			out.add(c.occurrence(s, m, nil, st.start, st), key)
		}
	}
	for _, key := range sortedKeys(s.overrides) {
		if used[key] {
			continue
		}
		ov := s.overrides[key]
		switch {
		case ov.cancel:
			c.skip(ReasonCancelled, ov)
			continue
		case m != nil && ov.seq < m.seq:
			c.skip(ReasonOldOverride, ov)
			continue
		case open && !c.opt.Until.IsZero() && ov.start.After(c.opt.Until):
			continue
		}
		out.add(c.occurrence(s, ov, m, ov.start, period{}), key)
	}
	// Replies to occurrences of which nothing else is known stand for them.
	if s.master == nil && len(s.replies[noRID]) == 0 {
		for _, key := range sortedKeys(s.replies) {
			if s.overrides[key] != nil {
				continue
			}
			if r := latestReply(s.replies[key]); r != nil && r.hasStart {
				out.add(c.occurrence(s, r, nil, r.start, period{}), key)
			}
		}
	}
}

func sortedKeys[V any](m map[int64]V) []int64 {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// latestReply returns the reply that wins (highest SEQUENCE, latest
// DTSTAMP, read last) among rs.
func latestReply(rs []*version) *version {
	var best *version
	for _, r := range rs {
		if best == nil || beats(r, best) {
			best = r
		}
	}
	return best
}

// occurrence builds the occurrence of v starting at start; master is the
// series' master when v is an override (for what the override leaves out),
// rd the RDATE that gave it, if any.
func (c *Calendar) occurrence(s *series, v, master *version, start time.Time, rd period) Occurrence {
	o := Occurrence{
		UID:       v.uid,
		File:      v.file,
		Line:      v.line,
		Start:     start,
		AllDay:    v.allDay,
		Summary:   v.summary,
		Recurring: v.recurring || v.hasRID,
	}
	// End
	switch {
	case rd.hasEnd:
		o.End = rd.end
	case v.hasEnd:
		if v.allDay {
			o.End = start.AddDate(0, 0, daysBetween(v.start, v.end))
		} else {
			o.End = start.Add(v.end.Sub(v.start))
		}
	case v.hasDur:
		o.End = v.dur.add(start)
	case master != nil && master.hasStart && (master.hasEnd || master.hasDur) && master.allDay == v.allDay:
		if master.hasEnd {
			if v.allDay {
				o.End = start.AddDate(0, 0, daysBetween(master.start, master.end))
			} else {
				o.End = start.Add(master.end.Sub(master.start))
			}
		} else {
			o.End = master.dur.add(start)
		}
	case v.allDay:
		o.End = start.AddDate(0, 0, 1)
	default:
		o.End = start
	}
	if o.End.Before(o.Start) {
		o.End = o.Start
	}
	people := v
	if master != nil {
		if !v.hasPeople {
			people = master
		}
		if !v.hasSum {
			o.Summary = master.summary
		}
	}
	var replies []*version
	if len(s.replies) > 0 {
		replies = append(replies, s.replies[noRID]...)
		if v.hasRID {
			replies = append(replies, s.replies[v.rid]...)
		} else if k := start.Unix(); s.replies[k] != nil {
			replies = append(replies, s.replies[k]...)
		}
	}
	o.Organizer, o.Attendees = participants(people, replies)
	return o
}

// participants returns the organizer and the attendees of v, updated by the
// PARTSTATs of replies made to it (not to older versions).
func participants(v *version, replies []*version) (*Person, []Person) {
	var org *Person
	if v.organizer != nil {
		p := *v.organizer
		org = &p
	}
	partstat := func(email, ps string) string {
		if email == "" {
			return ps
		}
		var best *version
		for _, r := range replies {
			if r == v || r.seq < v.seq {
				continue
			}
			for _, a := range r.attendees {
				if a.Email == email && a.PartStat != "" && (best == nil || beats(r, best)) {
					best = r
				}
			}
		}
		if best != nil {
			for _, a := range best.attendees {
				if a.Email == email && a.PartStat != "" {
					return a.PartStat
				}
			}
		}
		return ps
	}
	out := make([]Person, 0, len(v.attendees))
	for _, p := range v.attendees {
		p.PartStat = partstat(p.Email, p.PartStat)
		if org != nil && p.Email != "" && p.Email == org.Email {
			if org.PartStat == "" {
				org.PartStat = p.PartStat
			}
			continue
		}
		if p.PartStat == "DECLINED" {
			continue
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		out = nil
	}
	return org, out
}

func daysBetween(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	da := time.Date(ay, am, ad, 12, 0, 0, 0, time.UTC)
	db := time.Date(by, bm, bd, 12, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours()+12) / 24
}

// syntheticUID makes a UID for an event without one, from what identifies
// it, so that the same event read twice is still counted once.
func syntheticUID(e *rawEvent) string {
	h := sha1.New()
	for _, s := range []string{e.dtstart.value, e.dtstart.tzid, e.summary, e.rrule, e.recurID.value} {
		io.WriteString(h, s)
		h.Write([]byte{0})
	}
	return "no-uid-" + hex.EncodeToString(h.Sum(nil)[:10])
}
