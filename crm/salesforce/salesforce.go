// Package salesforce converts a Salesforce weekly Data Export (the zip file,
// or the folder it unpacks to) into a portfolio folder: accounts.csv,
// team.csv, activities.csv and revenue.csv. See docs/import-salesforce.md.
package salesforce

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slcs/slcs/atomicfile"
	"github.com/slcs/slcs/crm"
)

// Options tune a conversion.
type Options struct {
	// Progress, when set, is called now and then with the bytes of the
	// export read so far and the bytes to read in all.
	Progress func(done, total int64)
}

// readOrder is the order the export files are read in.
var readOrder = []string{
	"User.csv", "Account.csv", "Contact.csv", "Opportunity.csv", "Product2.csv",
	"OpportunityLineItem.csv", "EmailMessage.csv", "EventRelation.csv",
	"TaskRelation.csv", "Event.csv", "Task.csv",
}

// UnspecifiedProduct is the product of a closed-won opportunity without
// line items.
const UnspecifiedProduct = "Unspecified"

type user struct{ email, name string }

type account struct {
	id, name, industry, employees, owner string
	domains                              []string
}

type contact struct{ email, name, account string }

type opportunity struct {
	account string
	close   time.Time
	won     bool
	amount  string
	items   bool
	line    int64
}

type converter struct {
	src      *crm.Source
	o        Options
	rep      *crm.Report
	users    map[crm.ID]user
	accounts map[crm.ID]*account
	accOrder []string
	contacts map[crm.ID]string // contact → its email, else its name
	opps     map[crm.ID]*opportunity
	products map[crm.ID]string
	revenue  crm.Revenue
	emails   map[crm.ID]bool
	attend   map[crm.ID][]crm.ID // event → attendee relations
	relSeen  map[crm.ID]bool
	byEmail  map[string]crm.ID // lower-cased user email → user
	team     map[crm.ID]bool   // users that are our people of an activity written
	written  []written         // the activities written, in order
	files    []string          // the files of written[i].file
	owners   map[crm.ID]bool   // users that own an account
	owner1   []crm.ID          // lends its array to the owner of one task
	acts     *csv.Writer
	// ours and theirs lend their arrays to the people of one task at a
	// time (write is done with them when it returns)
	ours, theirs []string
}

// Convert reads the export at src (a .zip file, or a folder holding the
// <Object>.csv files) and writes accounts.csv, team.csv, activities.csv and
// revenue.csv into the folder out (created if missing), all or nothing.
// With out == "" it writes nothing (a dry run) and only reports.
func Convert(src, out string, o Options) (*crm.Report, error) {
	s, err := crm.OpenSource(src)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	s.Progress = o.Progress
	s.Total = 0
	for _, f := range readOrder {
		if t := s.Lookup(f); t != nil {
			s.Total += t.Size
		}
	}
	if s.Lookup("Account.csv") == nil {
		return nil, fmt.Errorf("%s: Account.csv is missing: the export needs it", src)
	}
	c := &converter{src: s, o: o, rep: crm.NewReport(),
		users: map[crm.ID]user{}, accounts: map[crm.ID]*account{},
		contacts: map[crm.ID]string{}, opps: map[crm.ID]*opportunity{},
		products: map[crm.ID]string{},
		emails:   map[crm.ID]bool{}, attend: map[crm.ID][]crm.ID{},
		relSeen: map[crm.ID]bool{}, team: map[crm.ID]bool{}}
	// room for the activity ids, guessed from the size of the activity
	// files (a row takes 100 bytes or more), so the set rarely grows
	var actBytes int64
	for _, f := range []string{"EmailMessage.csv", "Event.csv", "Task.csv"} {
		if t := s.Lookup(f); t != nil {
			actBytes += t.Size
		}
	}
	c.written = make([]written, 0, min(actBytes/100, 1<<26))
	c.owners = map[crm.ID]bool{}

	var batch atomicfile.Batch
	var actOut io.Writer
	var actFile *os.File
	if out == "" {
		// a dry run writes its activities aside, to report exactly what a
		// conversion would write
		f, err := os.CreateTemp("", "slcs-activities-*.csv")
		if err != nil {
			return nil, err
		}
		defer os.Remove(f.Name())
		defer f.Close()
		actOut, actFile = f, f
	} else {
		if err := os.MkdirAll(out, 0o755); err != nil {
			return nil, fmt.Errorf("cannot create %s: %w", out, err)
		}
		f, err := batch.File(filepath.Join(out, "activities.csv"))
		if err != nil {
			return nil, err
		}
		actOut, actFile = f, f
	}
	if err := c.run(actOut); err != nil {
		batch.Abort()
		return nil, err
	}
	if err := c.dedupe(actFile); err != nil {
		batch.Abort()
		return nil, err
	}
	err = crm.Finish(&batch, out, crm.File{Name: "accounts.csv", Write: c.writeAccounts},
		crm.File{Name: "team.csv", Write: c.writeTeam}, crm.File{Name: "revenue.csv", Write: c.writeRevenue})
	if err != nil {
		return nil, err
	}
	return c.rep, nil
}

func (c *converter) run(actOut io.Writer) error {
	// activities.csv is written to disk by a goroutine of its own
	aw := crm.NewAsyncWriter(actOut, 1<<20)
	defer aw.Close()
	c.acts = csv.NewWriter(aw)
	c.acts.Write([]string{"activity_id", "account_id", "date", "type", "direction", "our_people", "their_people", "minutes"})
	c.rep.Written["activities.csv"] = 0
	steps := []struct {
		file     string
		required []string
		fn       func(file string, r crm.Row) error
	}{
		{"User.csv", []string{"Id", "Email"}, c.readUser},
		{"Account.csv", []string{"Id", "Name"}, c.readAccount},
		{"Contact.csv", []string{"Id", "AccountId"}, c.readContact},
		{"Opportunity.csv", []string{"Id", "AccountId"}, c.readOpportunity},
		{"Product2.csv", []string{"Id", "Name"}, c.readProduct},
		{"OpportunityLineItem.csv", []string{"OpportunityId", "TotalPrice"}, c.readLineItem},
		{"EmailMessage.csv", []string{"Id"}, c.readEmailMessage},
		{"EventRelation.csv", []string{"Id", "RelationId"}, c.readRelation},
		{"TaskRelation.csv", []string{"Id", "RelationId"}, c.readRelation},
		{"Event.csv", []string{"Id", "OwnerId"}, c.readEvent},
		{"Task.csv", []string{"Id", "OwnerId"}, nil}, // readTask, below
	}
	for _, st := range steps {
		t := c.src.Lookup(st.file)
		if t == nil {
			continue
		}
		file := t.Name
		c.rep.Read[file] = 0
		cols := crm.Columns{Required: st.required}
		var err error
		if st.fn == nil {
			err = crm.EachPrepared(c.src, t, cols, c.lookupTask, func(r crm.Row, l taskLookups) error {
				c.rep.Read[file]++
				return c.readTask(file, r, l)
			})
		} else {
			err = c.src.Each(t, cols, func(r crm.Row) error {
				c.rep.Read[file]++
				return st.fn(file, r)
			})
		}
		if err != nil {
			return err
		}
		if st.file == "OpportunityLineItem.csv" {
			c.unspecifiedRevenue()
		}
		if err := c.acts.Error(); err != nil {
			return fmt.Errorf("writing activities.csv: %w", err)
		}
	}
	if c.src.Lookup("OpportunityLineItem.csv") == nil {
		c.unspecifiedRevenue()
	}
	c.acts.Flush()
	err := c.acts.Error()
	if cerr := aw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing activities.csv: %w", err)
	}
	return nil
}

// id reads an id cell: its 18-character form, "" when empty or not an id.
func id(r crm.Row, col string) string {
	n, ok := crm.NormalizeID(r.Get(col))
	if !ok {
		return ""
	}
	return n
}

func (a *account) addDomain(d string) {
	if d == "" || crm.IsFreeMail(d) || slices.Contains(a.domains, d) {
		return
	}
	a.domains = append(a.domains, d)
}

func (c *converter) readUser(file string, r crm.Row) error {
	uid := key(r, "Id")
	if uid == (crm.ID{}) {
		c.rep.AddSkip(file, "no valid Id", r.Line)
		return nil
	}
	name := strings.TrimSpace(r.Get("FirstName") + " " + r.Get("LastName"))
	if name == "" {
		name = r.Get("Name")
	}
	c.users[uid] = user{email: r.Get("Email"), name: name}
	return nil
}

func (c *converter) readAccount(file string, r crm.Row) error {
	aid := id(r, "Id")
	if aid == "" {
		c.rep.AddSkip(file, "no valid Id", r.Line)
		return nil
	}
	if _, dup := c.accounts[idKey(aid)]; dup {
		c.rep.AddSkip(file, "the Id is used by an earlier row", r.Line)
		return nil
	}
	a := &account{id: aid, name: r.Get("Name"), industry: r.Get("Industry")}
	if n := r.Get("NumberOfEmployees"); n != "" {
		if v, err := strconv.ParseFloat(strings.ReplaceAll(n, ",", ""), 64); err == nil && v >= 0 && v < 1e15 {
			a.employees = strconv.FormatInt(int64(math.Round(v)), 10)
		}
	}
	if owner := key(r, "OwnerId"); owner != (crm.ID{}) {
		if u, ok := c.users[owner]; ok && u.email != "" {
			a.owner = u.email
			c.owners[owner] = true
		}
	}
	a.addDomain(crm.WebsiteDomain(r.Get("Website")))
	c.accounts[idKey(aid)] = a
	c.accOrder = append(c.accOrder, aid)
	return nil
}

func (c *converter) readContact(file string, r crm.Row) error {
	cid := id(r, "Id")
	if cid == "" {
		c.rep.AddSkip(file, "no valid Id", r.Line)
		return nil
	}
	name := strings.TrimSpace(r.Get("FirstName") + " " + r.Get("LastName"))
	if name == "" {
		name = r.Get("Name")
	}
	ct := contact{email: r.Get("Email"), name: name, account: id(r, "AccountId")}
	c.contacts[idKey(cid)] = ct.name
	if ct.email != "" {
		c.contacts[idKey(cid)] = ct.email
	}
	if a, ok := c.accounts[idKey(ct.account)]; ok {
		a.addDomain(crm.EmailDomain(ct.email))
	}
	return nil
}

func (c *converter) readOpportunity(file string, r crm.Row) error {
	oid := key(r, "Id")
	if oid == (crm.ID{}) {
		c.rep.AddSkip(file, "no valid Id", r.Line)
		return nil
	}
	won, _ := crm.ParseBool(r.Get("IsWon"))
	if strings.EqualFold(r.Get("StageName"), "Closed Won") {
		won = true
	}
	o := &opportunity{account: id(r, "AccountId"), won: won, amount: r.Get("Amount"), line: r.Line}
	if t, err := parseDateTime(r.Get("CloseDate")); err == nil {
		o.close = t
	}
	c.opps[oid] = o
	return nil
}

func (c *converter) readProduct(file string, r crm.Row) error {
	if pid := key(r, "Id"); pid != (crm.ID{}) {
		c.products[pid] = r.Get("Name")
	}
	return nil
}

// revenueAccount checks the account of a won opportunity; reason is why
// its revenue cannot be written.
func (c *converter) revenueAccount(o *opportunity) (reason string) {
	switch {
	case o.account == "":
		return "the opportunity has no account"
	case c.accounts[idKey(o.account)] == nil:
		return "the opportunity's account is not in Account.csv"
	}
	return ""
}

func (c *converter) readLineItem(file string, r crm.Row) error {
	o := c.opps[key(r, "OpportunityId")]
	if o == nil {
		c.rep.AddSkip(file, "the opportunity is not in Opportunity.csv", r.Line)
		return nil
	}
	o.items = true
	if !o.won {
		return nil // not closed-won: not revenue
	}
	if reason := c.revenueAccount(o); reason != "" {
		c.rep.AddSkip(file, reason, r.Line)
		return nil
	}
	product := c.products[key(r, "Product2Id")]
	if product == "" {
		product = r.Get("Name")
	}
	if product == "" {
		product = UnspecifiedProduct
	}
	when := o.close
	if t, err := parseDateTime(r.Get("ServiceDate")); err == nil {
		when = t
	}
	if when.IsZero() {
		c.rep.AddSkip(file, "no ServiceDate and no CloseDate", r.Line)
		return nil
	}
	amt, ok := crm.ParseAmount(r.Get("TotalPrice"))
	if !ok {
		c.rep.AddSkip(file, "TotalPrice is not a number", r.Line)
		return nil
	}
	c.addRevenue(file, r.Line, o.account, product, when.UTC().Format("2006-01"), amt)
	return nil
}

// unspecifiedRevenue counts the Amount of each closed-won opportunity that
// has no line items.
func (c *converter) unspecifiedRevenue() {
	ids := make([]crm.ID, 0, len(c.opps))
	for oid, o := range c.opps {
		if o.won && !o.items {
			ids = append(ids, oid)
		}
	}
	slices.SortFunc(ids, func(a, b crm.ID) int { return int(c.opps[a].line - c.opps[b].line) })
	var file string
	if t := c.src.Lookup("Opportunity.csv"); t != nil {
		file = t.Name
	}
	for _, oid := range ids {
		o := c.opps[oid]
		if reason := c.revenueAccount(o); reason != "" {
			c.rep.AddSkip(file, reason, o.line)
			continue
		}
		if o.close.IsZero() {
			c.rep.AddSkip(file, "closed won without line items and without a CloseDate", o.line)
			continue
		}
		amt, ok := crm.ParseAmount(o.amount)
		if !ok {
			c.rep.AddSkip(file, "closed won without line items and without an Amount", o.line)
			continue
		}
		c.addRevenue(file, o.line, o.account, UnspecifiedProduct, o.close.UTC().Format("2006-01"), amt)
	}
}

// addRevenue adds an amount of a row of file to the revenue, or counts why
// it cannot.
func (c *converter) addRevenue(file string, line int64, account, product, month string, micros int64) {
	if !c.revenue.Add(account, product, month, micros) {
		c.rep.AddSkip(file, crm.TooLarge, line)
	}
}

// isPlainDate tells whether s has the form YYYY-MM-DD (digits), which a
// date that parses is written in already.
func isPlainDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	_, y := digits(s[0:4])
	_, m := digits(s[5:7])
	_, d := digits(s[8:10])
	return y && m && d
}

// parseDateTime is crm.ParseDateTime in UTC, with a short way for the
// plain dates (YYYY-MM-DD) most cells hold.
func parseDateTime(s string) (time.Time, error) {
	if isPlainDate(s) {
		y, okY := digits(s[0:4])
		m, okM := digits(s[5:7])
		d, okD := digits(s[8:10])
		if okY && okM && okD && m >= 1 && m <= 12 && d >= 1 &&
			d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
			return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
		}
	}
	return crm.ParseDateTime(s, time.UTC)
}

// digits reads s, made of ASCII digits only.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
