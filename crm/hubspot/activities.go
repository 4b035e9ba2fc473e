package hubspot

import (
	"strconv"
	"strings"
	"time"

	"github.com/slcs/slcs/crm"
)

// activity is one row of activities.csv before it is written.
type activity struct {
	id, account, date, typ, direction, minutes string
	ours, theirs                               []string
}

// learnOwners reads the emails files once before the activities: where an
// owner is named (not given as an email) and the email's sender has that
// name, the sender's address is that owner's email.
func (c *converter) learnOwners() error {
	for _, f := range c.files {
		if f.kind != emails {
			continue
		}
		err := c.src.Each(f.t, c.columns(emails), func(r crm.Row) error {
			o := r.Get(colOwner)
			if o == "" || strings.Contains(o, "@") || c.owners[strings.ToLower(o)] != "" {
				return nil
			}
			from := crm.Addresses(r.Get(colFrom))
			name := strings.TrimSpace(r.Get(colFromFirst) + " " + r.Get(colFromLast))
			if len(from) == 1 && strings.EqualFold(name, o) {
				c.addOwner(o, from[0], name)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// accountOf finds an engagement's account: its primary company, else its
// first associated company in the companies file, else the company of its
// first associated contact that has one, else its first associated deal's.
func (c *converter) accountOf(r crm.Row) (acc, reason string) {
	if acc = c.firstCompany(r.Get(colPrimary), r.Get(colCompanies)); acc != "" {
		return acc, ""
	}
	for _, id := range splitList(r.Get(colContacts)) {
		if co := c.contactCo[id]; co != "" {
			return co, ""
		}
	}
	if r.Get(colPrimary) != "" || r.Get(colCompanies) != "" {
		return "", "the associated company is not in the companies file"
	}
	return "", "no associated company"
}

// people adds the owner (and, for meetings, the attendees) as our people
// and the associated contacts as theirs. reason is set when the owner is
// named but unknown.
func (c *converter) people(a *activity, r crm.Row, cols ...string) {
	for _, col := range cols {
		for _, o := range ownerCells(r.Get(col), col == colAttendees) {
			if e := c.owner(o); e != "" {
				a.ours = crm.AddPerson(a.ours, e)
			}
		}
	}
	for _, id := range splitList(r.Get(colContacts)) {
		a.theirs = crm.AddPerson(a.theirs, c.contacts[id])
	}
}

// ownerCells splits a cell of owners: one owner (a name may hold spaces),
// or for attendees a ;-separated list.
func ownerCells(cell string, list bool) []string {
	if cell == "" {
		return nil
	}
	if list {
		return strings.FieldsFunc(cell, func(r rune) bool { return r == ';' })
	}
	return []string{cell}
}

// write writes the activity of a file's row, or counts why it cannot.
func (c *converter) write(file string, r crm.Row, a activity) {
	if len(a.ours) == 0 {
		if o := r.Get(colOwner); o != "" {
			c.rep.AddSkip(file, "the owner is not a known person: add the owner to [owners] in a mapping file, or export the users", r.Line)
		} else {
			c.rep.AddSkip(file, "no person of ours (no owner)", r.Line)
		}
		return
	}
	n := len(c.actIDs)
	c.actIDs[a.id] = struct{}{}
	if len(c.actIDs) == n {
		c.rep.AddSkip(file, "the Record ID is used by an earlier row", r.Line)
		return
	}
	for _, p := range a.ours {
		c.joinTeam(p)
	}
	c.acts.Write([]string{a.id, a.account, a.date, a.typ, a.direction,
		strings.Join(a.ours, ";"), strings.Join(a.theirs, ";"), a.minutes})
	c.rep.Written["activities.csv"]++
}

// start reads the common cells of an engagement: its id, account and date
// (from the first of the date columns that has one). ok is false when the
// row is skipped.
func (c *converter) start(file string, r crm.Row, typ string, dateCols ...string) (a activity, ok bool) {
	a = activity{id: r.Get(colID), typ: typ, direction: "outbound"}
	if a.id == "" {
		c.rep.AddSkip(file, "no Record ID", r.Line)
		return a, false
	}
	var when time.Time
	var err error
	for _, col := range dateCols {
		if v := r.Get(col); v != "" {
			when, err = c.parseTime(v)
			if err != nil {
				c.rep.AddSkip(file, "the date is not a date", r.Line)
				return a, false
			}
			break
		}
	}
	if when.IsZero() {
		c.rep.AddSkip(file, "no date", r.Line)
		return a, false
	}
	a.date = when.UTC().Format(time.RFC3339)
	acc, reason := c.accountOf(r)
	if reason != "" {
		c.rep.AddSkip(file, reason, r.Line)
		return a, false
	}
	a.account = acc
	return a, true
}

func (c *converter) readCall(file string, r crm.Row) error {
	if st := normal(r.Get(colCallStatus)); st != "" && st != "COMPLETED" {
		c.rep.AddSkip(file, "call status "+st+" (only completed calls count)", r.Line)
		return nil
	}
	a, ok := c.start(file, r, "call", colTimestamp)
	if !ok {
		return nil
	}
	switch d := normal(r.Get(colCallDirection)); d {
	case "INBOUND":
		a.direction = "inbound"
	case "OUTBOUND", "":
	default:
		c.rep.AddSkip(file, "call direction "+d+" (want INBOUND or OUTBOUND)", r.Line)
		return nil
	}
	if v := r.Get(colCallDuration); v != "" {
		m, ok := callMinutes(v)
		if !ok {
			c.rep.AddSkip(file, "the call duration is not a number of milliseconds", r.Line)
			return nil
		}
		a.minutes = m
	}
	c.people(&a, r, colOwner)
	c.write(file, r, a)
	return nil
}

// callMinutes reads a call's duration: milliseconds (hs_call_duration), or
// h:mm:ss / mm:ss as some exports show it.
func callMinutes(v string) (string, bool) {
	if strings.Contains(v, ":") {
		parts := strings.Split(v, ":")
		if len(parts) > 3 {
			return "", false
		}
		secs := 0.0
		for _, p := range parts {
			n, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil || n < 0 {
				return "", false
			}
			secs = secs*60 + n
		}
		return crm.FormatAmount(int64(secs / 60 * 1e6)), true
	}
	ms, ok := parseAmount(v)
	if !ok || ms < 0 {
		return "", false
	}
	// ms is in millionths of a millisecond: minutes = ms / 60,000
	return crm.FormatAmount(ms / 60000), true
}

var emailDirections = map[string]string{
	"EMAIL": "outbound", "FORWARDED_EMAIL": "outbound", "INCOMING_EMAIL": "inbound",
	// labels of the values
	"SENT": "outbound", "FORWARDED": "outbound", "INCOMING": "inbound", "RECEIVED": "inbound",
}

func (c *converter) readEmail(file string, r crm.Row) error {
	a, ok := c.start(file, r, "email", colTimestamp)
	if !ok {
		return nil
	}
	from := crm.Addresses(r.Get(colFrom))
	if d := normal(r.Get(colEmailDirection)); d != "" {
		dir, known := emailDirections[d]
		if !known {
			c.rep.AddSkip(file, "email direction "+d+" (want EMAIL, INCOMING_EMAIL or FORWARDED_EMAIL)", r.Line)
			return nil
		}
		a.direction = dir
	} else if len(from) > 0 && !c.ours[crm.EmailDomain(from[0])] {
		a.direction = "inbound"
	}
	c.people(&a, r, colOwner)
	for _, col := range []string{colFrom, colTo, colCc} {
		for _, addr := range crm.Addresses(r.Get(col)) {
			if c.ours[crm.EmailDomain(addr)] {
				a.ours = crm.AddPerson(a.ours, addr)
			} else {
				a.theirs = crm.AddPerson(a.theirs, addr)
			}
		}
	}
	c.write(file, r, a)
	return nil
}

func (c *converter) readMeeting(file string, r crm.Row) error {
	switch o := normal(r.Get(colOutcome)); o {
	case "CANCELED", "CANCELLED", "NO_SHOW", "RESCHEDULED":
		c.rep.AddSkip(file, "meeting outcome "+o, r.Line)
		return nil
	}
	a, ok := c.start(file, r, "meeting", colStart, colTimestamp)
	if !ok {
		return nil
	}
	if s, e := r.Get(colStart), r.Get(colEnd); s != "" && e != "" {
		st, err1 := c.parseTime(s)
		en, err2 := c.parseTime(e)
		if err1 == nil && err2 == nil && !en.Before(st) {
			a.minutes = crm.FormatAmount(en.Sub(st).Microseconds() / 60)
		}
	}
	c.people(&a, r, colOwner, colAttendees)
	c.write(file, r, a)
	return nil
}
