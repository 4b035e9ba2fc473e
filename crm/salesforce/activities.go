package salesforce

import (
	"encoding/csv"
	"io"
	"maps"
	"math"
	"slices"
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

// accountPrefix starts the id of every Account record.
const accountPrefix = "001"

// accountOf finds the account of an activity from AccountId, else WhatId
// (an account, or an opportunity's account). reason is set when none.
func (c *converter) accountOf(r crm.Row, accountCol, whatCol string) (acc, reason string) {
	k := key(r, accountCol)
	if k == (crm.ID{}) {
		what := key(r, whatCol)
		switch o := c.opps[what]; {
		case what == (crm.ID{}):
		case c.accounts[what] != nil || string(what[:len(accountPrefix)]) == accountPrefix:
			k = what
		case o != nil:
			k = idKey(o.account)
		}
	}
	if k == (crm.ID{}) {
		return "", "no account"
	}
	a := c.accounts[k]
	if a == nil {
		return "", "the account is not in Account.csv"
	}
	return a.id, ""
}

// person returns a Contact's email, or its name when it has no email.
func (c *converter) person(cid crm.ID) string {
	if cid == (crm.ID{}) {
		return ""
	}
	return c.contacts[cid]
}

func (c *converter) ownerEmail(uid crm.ID) string {
	if u, ok := c.users[uid]; ok && u.email != "" {
		return u.email
	}
	return ""
}

// write writes a of file's row on line, or counts the skip.
func (c *converter) write(file string, line int64, a activity, ownerIDs []crm.ID) {
	if len(a.ours) == 0 {
		c.rep.AddSkip(file, "no user of ours (the owner is not in User.csv or has no email)", line)
		return
	}
	// duplicated ids are found, and their later rows taken out, once all
	// are written (see dedupe): cheaper than a set of a million ids
	c.written = append(c.written, written{key: idKey(a.id), file: c.fileIndex(file), line: uint32(min(line, math.MaxUint32)), pos: uint32(len(c.written))})
	for _, u := range ownerIDs {
		c.team[u] = true
	}
	c.acts.Write([]string{a.id, a.account, a.date, a.typ, a.direction,
		strings.Join(a.ours, ";"), strings.Join(a.theirs, ";"), a.minutes})
	c.rep.Written["activities.csv"]++
}

func (c *converter) readEmailMessage(file string, r crm.Row) error {
	eid := id(r, "Id")
	if eid == "" {
		c.rep.AddSkip(file, "no valid Id", r.Line)
		return nil
	}
	c.emails[idKey(eid)] = true
	acc, reason := c.accountOf(r, "AccountId", "RelatedToId")
	if reason != "" {
		c.rep.AddSkip(file, reason, r.Line)
		return nil
	}
	t, err := parseDateTime(r.Get("MessageDate"))
	if err != nil {
		c.rep.AddSkip(file, "no date", r.Line)
		return nil
	}
	a := activity{id: eid, account: acc, date: formatDateTime(t), typ: "email", direction: "outbound"}
	if in, _ := crm.ParseBool(r.Get("Incoming")); in {
		a.direction = "inbound"
	}
	if c.byEmail == nil {
		c.byEmail = usersByEmail(c.users)
	}
	byEmail := c.byEmail
	var owners []crm.ID
	for _, col := range []string{"FromAddress", "ToAddress", "CcAddress"} {
		for _, addr := range strings.FieldsFunc(r.Get(col), func(r rune) bool { return r == ';' || r == ',' }) {
			addr = strings.TrimSpace(addr)
			if uid, ours := byEmail[strings.ToLower(addr)]; ours {
				a.ours = crm.AddPerson(a.ours, addr)
				owners = append(owners, uid)
			} else {
				a.theirs = crm.AddPerson(a.theirs, addr)
			}
		}
	}
	if len(a.ours) == 0 {
		for _, col := range []string{"OwnerId", "CreatedById"} {
			if e := c.ownerEmail(key(r, col)); e != "" {
				a.ours = crm.AddPerson(a.ours, e)
				owners = append(owners, key(r, col))
				break
			}
		}
	}
	c.write(file, r.Line, a, owners)
	return nil
}

func (c *converter) readRelation(file string, r crm.Row) error {
	rid := key(r, "Id")
	if rid == (crm.ID{}) || c.relSeen[rid] {
		return nil // deduplicated: EventRelation and TaskRelation may share rows
	}
	c.relSeen[rid] = true
	// an event relation names its meeting in EventId; where the file has
	// no such cell, its Id starts with 0RE
	event := key(r, "EventId")
	if event == (crm.ID{}) && string(rid[:3]) == "0RE" {
		for _, col := range []string{"ActivityId", "TaskId"} {
			if event = key(r, col); event != (crm.ID{}) {
				break
			}
		}
	}
	if event == (crm.ID{}) {
		return nil
	}
	invitee := true // without the column, every relation is an invitation
	if r.Has("IsInvitee") {
		invitee, _ = crm.ParseBool(r.Get("IsInvitee"))
	}
	if !invitee || strings.EqualFold(r.Get("Status"), "Declined") {
		return nil
	}
	if who := key(r, "RelationId"); who != (crm.ID{}) {
		c.attend[event] = append(c.attend[event], who)
	}
	return nil
}

// addAttendee adds a relation id (a user or a contact) to the people.
func (c *converter) addAttendee(a *activity, owners []crm.ID, rel crm.ID) []crm.ID {
	if e := c.ownerEmail(rel); e != "" {
		a.ours = crm.AddPerson(a.ours, e)
		return append(owners, rel)
	}
	a.theirs = crm.AddPerson(a.theirs, c.person(rel))
	return owners
}

func (c *converter) readEvent(file string, r crm.Row) error {
	if child, _ := crm.ParseBool(r.Get("IsChild")); child {
		return nil // an invitee's copy of a meeting
	}
	eid := id(r, "Id")
	if eid == "" {
		c.rep.AddSkip(file, "no valid Id", r.Line)
		return nil
	}
	acc, reason := c.accountOf(r, "AccountId", "WhatId")
	if reason != "" {
		c.rep.AddSkip(file, reason, r.Line)
		return nil
	}
	var date string
	if t, err := parseDateTime(r.Get("ActivityDateTime")); err == nil {
		date = formatDateTime(t)
	} else if t, err := parseDateTime(r.Get("ActivityDate")); err == nil {
		date = t.Format("2006-01-02")
	} else {
		c.rep.AddSkip(file, "no date", r.Line)
		return nil
	}
	a := activity{id: eid, account: acc, date: date, typ: "meeting", minutes: number(r.Get("DurationInMinutes"))}
	owner := key(r, "OwnerId")
	var owners []crm.ID
	if e := c.ownerEmail(owner); e != "" {
		a.ours = crm.AddPerson(a.ours, e)
		owners = append(owners, owner)
	}
	a.theirs = crm.AddPerson(a.theirs, c.person(key(r, "WhoId")))
	for _, rel := range c.attend[idKey(eid)] {
		owners = c.addAttendee(&a, owners, rel)
	}
	c.write(file, r.Line, a, owners)
	return nil
}

// taskLookups is what a Task row finds in the maps of the records read
// before Task.csv (which no longer change): looked up by the goroutine that
// parses the file, beside readTask working on earlier rows.
type taskLookups struct {
	id, account, skip, owner, person string
	ownerID                          crm.ID
	email                            bool // EmailMessageId is set
}

func (c *converter) lookupTask(r crm.Row) (l taskLookups) {
	if l.id = id(r, "Id"); l.id == "" {
		l.skip = "no valid Id"
		return l
	}
	message := key(r, "EmailMessageId")
	l.email = message != (crm.ID{})
	if l.email && c.emails[message] {
		l.skip = "the same email as a row of EmailMessage.csv (counted once)"
		return l
	}
	if l.account, l.skip = c.accountOf(r, "AccountId", "WhatId"); l.skip != "" {
		return l
	}
	l.ownerID = key(r, "OwnerId")
	l.owner = c.ownerEmail(l.ownerID)
	l.person = c.person(key(r, "WhoId"))
	return l
}

func (c *converter) readTask(file string, r crm.Row, l taskLookups) error {
	if l.skip != "" {
		c.rep.AddSkip(file, l.skip, r.Line)
		return nil
	}
	day := r.Get("ActivityDate")
	t, err := parseDateTime(day)
	if err != nil {
		c.rep.AddSkip(file, "no date", r.Line)
		return nil
	}
	if !isPlainDate(day) {
		day = t.Format("2006-01-02")
	}
	a := activity{id: l.id, account: l.account, date: day, typ: "other", ours: c.ours[:0], theirs: c.theirs[:0]}
	callType := r.Get("CallType")
	switch {
	case strings.EqualFold(r.Get("TaskSubtype"), "Call") || strings.EqualFold(r.Get("Type"), "Call") || callType != "":
		a.typ = "call"
		switch strings.ToLower(callType) {
		case "inbound":
			a.direction = "inbound"
		case "outbound":
			a.direction = "outbound"
		}
		if s, err := strconv.ParseFloat(r.Get("CallDurationInSeconds"), 64); err == nil && s >= 0 {
			a.minutes = strconv.FormatFloat(float64(int64(s/60*1e6+0.5))/1e6, 'f', -1, 64)
		}
	case l.email || strings.HasPrefix(strings.ToLower(r.Get("Subject")), "email:") ||
		strings.EqualFold(r.Get("TaskSubtype"), "Email"):
		a.typ = "email"
	}
	owners := c.owner1[:0]
	if l.owner != "" {
		a.ours = crm.AddPerson(a.ours, l.owner)
		owners = append(owners, l.ownerID)
	}
	a.theirs = crm.AddPerson(a.theirs, l.person)
	c.write(file, r.Line, a, owners)
	c.ours, c.theirs = a.ours, a.theirs // reused by the next task
	return nil
}

// number returns s when it is a plain number of 0 or more, else "".
func number(s string) string {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		return ""
	}
	return strconv.FormatFloat(float64(int64(f*1e6+0.5))/1e6, 'f', -1, 64)
}

func formatDateTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

func (c *converter) writeAccounts(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"account_id", "name", "owner", "industry", "employees", "domains"})
	for _, aid := range c.accOrder {
		a := c.accounts[idKey(aid)]
		cw.Write([]string{a.id, a.name, a.owner, a.industry, a.employees, strings.Join(a.domains, ";")})
	}
	c.rep.Written["accounts.csv"] = int64(len(c.accOrder))
	cw.Flush()
	return cw.Error()
}

func (c *converter) writeTeam(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"email", "name"})
	seen := map[string]bool{}
	var n int64
	team := maps.Clone(c.team)
	for uid := range c.owners {
		team[uid] = true
	}
	for _, uid := range sortedKeys(team) {
		u := c.users[uid]
		k := strings.ToLower(u.email)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		cw.Write([]string{u.email, u.name})
		n++
	}
	c.rep.Written["team.csv"] = n
	cw.Flush()
	return cw.Error()
}

func (c *converter) writeRevenue(w io.Writer) error {
	c.rep.Written["revenue.csv"] = int64(c.revenue.Len())
	return c.revenue.Write(w)
}

func sortedKeys(m map[crm.ID]bool) []crm.ID {
	out := make([]crm.ID, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b crm.ID) int { return strings.Compare(string(a[:]), string(b[:])) })
	return out
}

// idKey is the map key of an 18-character id: its first 15 characters,
// which the last 3 follow from.
func idKey(id string) crm.ID {
	var k crm.ID
	copy(k[:], id)
	return k
}

// key reads an id cell as a map key: the zero ID when empty or not an id.
func key(r crm.Row, col string) crm.ID {
	k, ok := crm.IDKey(r.Get(col))
	if !ok {
		return crm.ID{}
	}
	return k
}

// usersByEmail maps the lower-cased email of each user to its id (the
// smallest id, of users sharing an email).
func usersByEmail(users map[crm.ID]user) map[string]crm.ID {
	out := map[string]crm.ID{}
	for uid, u := range users {
		if k := strings.ToLower(u.email); k != "" {
			if prev, dup := out[k]; !dup || string(uid[:]) < string(prev[:]) {
				out[k] = uid
			}
		}
	}
	return out
}
