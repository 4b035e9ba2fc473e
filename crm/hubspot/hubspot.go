// Package hubspot converts HubSpot exports — the CSV or XLSX files the
// companies, contacts, deals, line items, calls, emails and meetings views
// export, given one by one, in a folder or in a zip file — into a portfolio
// folder: accounts.csv, team.csv, activities.csv and revenue.csv. See
// docs/import-hubspot.md.
package hubspot

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slcs/slcs/atomicfile"
	"github.com/slcs/slcs/crm"
)

// Options tune a conversion.
type Options struct {
	// Progress, when set, is called now and then with the bytes read so far
	// and the bytes to read in all.
	Progress func(done, total int64)
	// Location is the zone of the export's date-times, which carry none
	// (UTC when nil).
	Location *time.Location
	// Labels maps column labels in another language to HubSpot's internal
	// property names ("Datensatz-ID" → "hs_object_id").
	Labels map[string]string
	// Owners maps owners, as the export names them (a name, or an owner id
	// in exports with internal names), to their email.
	Owners map[string]string
	// OurDomains are the email domains of our people, added to those of
	// the owners' emails.
	OurDomains []string
}

// UnspecifiedProduct is the product of a closed-won deal without line
// items.
const UnspecifiedProduct = "Unspecified"

type company struct {
	id, name, industry, employees, owner string
	domains                              []string
}

type deal struct {
	company string
	month   string
	won     bool
	amount  string
	items   bool
	line    int64
	file    string
}

type file struct {
	t    *crm.Table
	kind kind
}

type converter struct {
	src       *crm.Source
	o         Options
	loc       *time.Location
	rep       *crm.Report
	cols      map[string][]string
	files     []file
	companies map[string]*company
	order     []string
	contacts  map[string]string // id → email, else name
	contactCo map[string]string // contact id → its company id
	deals     map[string]*deal
	revenue   crm.Revenue
	// owners: what the export calls an owner (lower-cased) → email
	owners map[string]string
	// names of our people by lower-cased email
	names   map[string]string
	ours    map[string]bool // our domains
	team    map[string]bool // lower-cased emails written
	teamOut []string        // emails in the order first written
	actIDs  map[string]struct{}
	acts    *csv.Writer
}

// Convert reads the HubSpot export files at srcs and writes accounts.csv,
// team.csv, activities.csv and revenue.csv into the folder out (created if
// missing), all or nothing. With out == "" it writes nothing (a dry run)
// and only reports.
func Convert(srcs []string, out string, o Options) (*crm.Report, error) {
	s, err := crm.OpenSource(srcs...)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	s.Progress = o.Progress
	c := &converter{src: s, o: o, loc: o.Location, rep: crm.NewReport(),
		cols: aliases(o.Labels), companies: map[string]*company{},
		contacts: map[string]string{}, contactCo: map[string]string{},
		deals:  map[string]*deal{},
		owners: map[string]string{}, names: map[string]string{},
		ours: map[string]bool{}, team: map[string]bool{}, actIDs: map[string]struct{}{}}
	if c.loc == nil {
		c.loc = time.UTC
	}
	if err := c.classifyFiles(); err != nil {
		return nil, err
	}
	var batch atomicfile.Batch
	actOut, err := crm.Start(&batch, out)
	if err != nil {
		return nil, err
	}
	if err := c.run(actOut); err != nil {
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

// classifyFiles finds the kind of every file: from its name, else from its
// columns. It is an error to have no companies file, or a file of no known
// kind.
func (c *converter) classifyFiles() error {
	var unknownFiles []string
	hasCompanies := false
	for _, t := range c.src.Tables() {
		head, err := c.src.Header(t)
		if err != nil {
			return err
		}
		present := map[string]bool{}
		for _, h := range head {
			present[strings.ToLower(h)] = true
		}
		has := func(col string) bool {
			if present[col] {
				return true
			}
			for _, a := range c.cols[col] {
				if present[strings.ToLower(a)] {
					return true
				}
			}
			return false
		}
		k := kindOfName(t.Name)
		if k == unknown {
			k = kindOfHeader(has)
		}
		if k == unknown {
			unknownFiles = append(unknownFiles, t.Name)
			continue
		}
		hasCompanies = hasCompanies || k == companies
		c.files = append(c.files, file{t: t, kind: k})
	}
	if len(unknownFiles) > 0 {
		return fmt.Errorf("%s: not a HubSpot export of companies, contacts, deals, line items, calls, emails, meetings or users: name the object in the file name (companies.csv, calls.xlsx, …), or give the labels of its columns in a mapping file", strings.Join(unknownFiles, ", "))
	}
	if !hasCompanies {
		return fmt.Errorf("no companies file: export the companies view too (a file named like companies.csv or with the columns Record ID and Company name)")
	}
	slices.SortStableFunc(c.files, func(a, b file) int { return int(a.kind) - int(b.kind) })
	var total int64
	for _, f := range c.files {
		total += f.t.Size
		if f.kind == emails {
			total += f.t.Size // read twice
		}
	}
	c.src.Total = total
	return nil
}

func (c *converter) columns(k kind) crm.Columns {
	return crm.Columns{Required: kindColumns[k].required, Aliases: c.cols}
}

func (c *converter) run(actOut io.Writer) error {
	c.acts = csv.NewWriter(bufio.NewWriterSize(actOut, 1<<20))
	c.acts.Write([]string{"activity_id", "account_id", "date", "type", "direction", "our_people", "their_people", "minutes"})
	c.rep.Written["activities.csv"] = 0
	for name, email := range c.o.Owners {
		c.addOwner(name, email, "")
	}
	for _, d := range c.o.OurDomains {
		c.ours[strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@"))] = true
	}
	learned, revenue := false, false
	for _, f := range c.files {
		if f.kind >= companies && !learned {
			learned = true
			if err := c.learnOwners(); err != nil {
				return err
			}
		}
		if f.kind >= emails && !revenue {
			revenue = true
			c.unspecifiedRevenue()
		}
		fn := map[kind]func(string, crm.Row) error{
			users: c.readUser, companies: c.readCompany, contacts: c.readContact,
			deals: c.readDeal, lineItems: c.readLineItem, emails: c.readEmail,
			calls: c.readCall, meetings: c.readMeeting,
		}[f.kind]
		name := f.t.Name
		c.rep.Read[name] = 0
		err := c.src.Each(f.t, c.columns(f.kind), func(r crm.Row) error {
			c.rep.Read[name]++
			return fn(name, r)
		})
		if err != nil {
			return err
		}
	}
	if !revenue {
		c.unspecifiedRevenue()
	}
	c.acts.Flush()
	return c.acts.Error()
}

// addOwner records that the export's owner key (a name or an id) is the
// person with that email.
func (c *converter) addOwner(key, email, name string) {
	email = strings.TrimSpace(email)
	if email == "" {
		return
	}
	k := strings.ToLower(strings.TrimSpace(key))
	if k != "" {
		if _, dup := c.owners[k]; !dup {
			c.owners[k] = email
		}
	}
	le := strings.ToLower(email)
	if d := crm.EmailDomain(le); d != "" && !crm.IsFreeMail(d) {
		c.ours[d] = true
	}
	if name == "" && key != "" && !isDigits(key) && !strings.Contains(key, "@") {
		name = strings.TrimSpace(key)
	}
	if _, ok := c.names[le]; !ok || c.names[le] == "" {
		c.names[le] = name
	}
}

// owner returns the email of the owner the export names in cell: an email
// as it is, else from the mapping file, the users file, or what the
// emails told. "" when it is none of these.
func (c *converter) owner(cell string) string {
	cell = strings.TrimSpace(cell)
	if cell == "" {
		return ""
	}
	if strings.Contains(cell, "@") {
		if addrs := crm.Addresses(cell); len(addrs) > 0 {
			return addrs[0]
		}
	}
	return c.owners[strings.ToLower(cell)]
}

// joinTeam counts an email as one of our people written.
func (c *converter) joinTeam(email string) {
	k := strings.ToLower(email)
	if !c.team[k] {
		c.team[k] = true
		c.teamOut = append(c.teamOut, email)
	}
}

func (c *converter) readUser(file string, r crm.Row) error {
	email := r.Get(colEmail)
	if email == "" {
		c.rep.AddSkip(file, "no Email", r.Line)
		return nil
	}
	name := strings.TrimSpace(r.Get(colFirst) + " " + r.Get(colLast))
	if name == "" {
		name = r.Get(colName)
	}
	c.addOwner(email, email, name)
	if name != "" {
		c.addOwner(name, email, name)
	}
	if id := r.Get(colUserID); id != "" {
		c.addOwner(id, email, name)
	}
	return nil
}

func (c *converter) readCompany(file string, r crm.Row) error {
	id := r.Get(colID)
	if id == "" {
		c.rep.AddSkip(file, "no Record ID", r.Line)
		return nil
	}
	if c.companies[id] != nil {
		c.rep.AddSkip(file, "the Record ID is used by an earlier row", r.Line)
		return nil
	}
	co := &company{id: id, name: r.Get(colName), industry: r.Get(colIndustry), employees: wholeNumber(r.Get(colEmployees))}
	if o := r.Get(colOwner); o != "" {
		if co.owner = c.owner(o); co.owner == "" {
			c.rep.AddNote(file, "written without its owner, who is not a known person: add the owner to [owners] in a mapping file, or export the users", r.Line)
		}
	}
	co.addDomain(domainOf(r.Get(colDomain)))
	co.addDomain(crm.WebsiteDomain(r.Get(colWebsite)))
	for _, d := range splitList(r.Get(colMoreDomains)) {
		co.addDomain(domainOf(d))
	}
	c.companies[id] = co
	c.order = append(c.order, id)
	return nil
}

func domainOf(s string) string {
	if strings.Contains(s, "@") {
		return crm.EmailDomain(s)
	}
	return crm.WebsiteDomain(s)
}

func (co *company) addDomain(d string) {
	if d == "" || crm.IsFreeMail(d) || slices.Contains(co.domains, d) {
		return
	}
	co.domains = append(co.domains, d)
}

// splitList splits an association or list cell ("1;2; 3", or with
// commas).
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == ' ' })
}

func (c *converter) readContact(file string, r crm.Row) error {
	id := r.Get(colID)
	if id == "" {
		c.rep.AddSkip(file, "no Record ID", r.Line)
		return nil
	}
	email := r.Get(colEmail)
	if email != "" {
		c.contacts[id] = email
	} else if name := strings.TrimSpace(r.Get(colFirst) + " " + r.Get(colLast)); name != "" {
		c.contacts[id] = name
	}
	co := c.firstCompany(r.Get(colPrimary), r.Get(colContactCompany), r.Get(colCompanies))
	if co != "" {
		c.contactCo[id] = co
		if email != "" {
			c.companies[co].addDomain(crm.EmailDomain(email))
		}
	}
	return nil
}

// firstCompany returns the first id of the lists that names an exported
// company, "" when none does.
func (c *converter) firstCompany(lists ...string) string {
	for _, l := range lists {
		for _, id := range splitList(l) {
			if c.companies[id] != nil {
				return id
			}
		}
	}
	return ""
}

// normal upper-cases a status or stage and joins its words with _:
// "No answer" and NO_ANSWER are the same.
func normal(s string) string {
	return strings.Join(strings.Fields(strings.ToUpper(strings.ReplaceAll(s, "_", " "))), "_")
}

func (c *converter) readDeal(file string, r crm.Row) error {
	id := r.Get(colID)
	if id == "" {
		c.rep.AddSkip(file, "no Record ID", r.Line)
		return nil
	}
	won, _ := crm.ParseBool(r.Get(colWon))
	if st := normal(r.Get(colStage)); st == "CLOSEDWON" || st == "CLOSED_WON" {
		won = true
	}
	d := &deal{won: won, amount: r.Get(colAmount), line: r.Line, file: file}
	d.company = c.firstCompany(r.Get(colPrimary), r.Get(colCompanies))
	if t, err := c.parseTime(r.Get(colClose)); err == nil {
		d.month = t.Format("2006-01")
	}
	if _, dup := c.deals[id]; dup {
		c.rep.AddSkip(file, "the Record ID is used by an earlier row", r.Line)
		return nil
	}
	c.deals[id] = d
	return nil
}

// revenueReason says why a won deal's revenue cannot be written, "" when
// it can.
func (d *deal) revenueReason() string {
	switch {
	case d.company == "":
		return "closed won, but no associated company in the companies file"
	case d.month == "":
		return "closed won, but no Close Date"
	}
	return ""
}

func (c *converter) readLineItem(file string, r crm.Row) error {
	var d *deal
	for _, id := range splitList(r.Get(colDeals)) {
		if d = c.deals[id]; d != nil {
			break
		}
	}
	if d == nil {
		c.rep.AddSkip(file, "the associated deal is not in the deals file", r.Line)
		return nil
	}
	d.items = true
	if !d.won {
		return nil // not revenue
	}
	if reason := d.revenueReason(); reason != "" {
		c.rep.AddSkip(file, "the deal is "+reason, r.Line)
		return nil
	}
	amt, ok := parseAmount(r.Get(colAmount))
	if !ok {
		p, okP := parseAmount(r.Get(colPrice))
		q, okQ := parseAmount(r.Get(colQuantity))
		if !okP || !okQ {
			c.rep.AddSkip(file, "no Amount (nor Unit price and Quantity)", r.Line)
			return nil
		}
		amt, ok = int64(math.Round(float64(p)*float64(q)/1e6)), true
	}
	product := r.Get(colName)
	if product == "" {
		product = UnspecifiedProduct
	}
	c.addRevenue(file, r.Line, d.company, product, d.month, amt)
	return nil
}

// unspecifiedRevenue counts the Amount of each closed-won deal without line
// items, in the order of the deals files.
func (c *converter) unspecifiedRevenue() {
	type item struct {
		id string
		d  *deal
	}
	var won []item
	for id, d := range c.deals {
		if d.won && !d.items {
			won = append(won, item{id, d})
		}
	}
	slices.SortFunc(won, func(a, b item) int {
		if a.d.file != b.d.file {
			return strings.Compare(a.d.file, b.d.file)
		}
		return int(a.d.line - b.d.line)
	})
	for _, w := range won {
		d := w.d
		if reason := d.revenueReason(); reason != "" {
			c.rep.AddSkip(d.file, reason, d.line)
			continue
		}
		amt, ok := parseAmount(d.amount)
		if !ok {
			c.rep.AddSkip(d.file, "closed won, but no Amount", d.line)
			continue
		}
		c.addRevenue(d.file, d.line, d.company, UnspecifiedProduct, d.month, amt)
	}
	c.deals = map[string]*deal{} // not needed any more
}

// addRevenue adds an amount of a row of file to the revenue, or counts why
// it cannot.
func (c *converter) addRevenue(file string, line int64, account, product, month string, micros int64) {
	if !c.revenue.Add(account, product, month, micros) {
		c.rep.AddSkip(file, crm.TooLarge, line)
	}
}

// parseAmount reads an amount: a plain number, or one with , between
// thousands (1,200.50).
func parseAmount(s string) (int64, bool) {
	if v, ok := crm.ParseAmount(s); ok {
		return v, true
	}
	if strings.Contains(s, ",") && strings.Count(s, ".") <= 1 {
		return crm.ParseAmount(strings.ReplaceAll(s, ",", ""))
	}
	return 0, false
}

// wholeNumber reads a head-count ("1,200", "1200.0"), "" when it is none.
func wholeNumber(s string) string {
	v, ok := parseAmount(s)
	if !ok || v < 0 {
		return ""
	}
	return strconv.FormatInt(int64(math.Round(float64(v)/1e6)), 10)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseTime reads a date-time of the export: without a zone it is in the
// converter's location; milliseconds since 1970 (exports by internal
// name) are read too.
func (c *converter) parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 12 && len(s) <= 14 && isDigits(s) {
		ms, _ := strconv.ParseInt(s, 10, 64)
		return time.UnixMilli(ms).In(c.loc), nil
	}
	if t, ok := c.excelSerial(s); ok {
		return t, nil
	}
	t, err := crm.ParseDateTime(s, c.loc)
	if err != nil {
		return t, err
	}
	return t.In(c.loc), nil
}

// excelSerial reads a date-time as a workbook cell without a date format
// holds it: days since 1899-12-30 and a fraction of a day (46241.49 is
// 2026-08-07 11:45:36). Only the days of 1954 to 2119 are taken as such.
func (c *converter) excelSerial(s string) (time.Time, bool) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 20000 || v >= 80000 {
		return time.Time{}, false
	}
	days := math.Floor(v)
	secs := math.Round((v - days) * 86400)
	return time.Date(1899, 12, 30, 0, 0, 0, 0, c.loc).AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second), true
}

func (c *converter) writeAccounts(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"account_id", "name", "owner", "industry", "employees", "domains"})
	for _, id := range c.order {
		co := c.companies[id]
		if co.owner != "" {
			c.joinTeam(co.owner)
		}
		cw.Write([]string{co.id, co.name, co.owner, co.industry, co.employees, strings.Join(co.domains, ";")})
	}
	c.rep.Written["accounts.csv"] = int64(len(c.order))
	cw.Flush()
	return cw.Error()
}

func (c *converter) writeTeam(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"email", "name"})
	for _, e := range c.teamOut {
		cw.Write([]string{e, c.names[strings.ToLower(e)]})
	}
	c.rep.Written["team.csv"] = int64(len(c.teamOut))
	cw.Flush()
	return cw.Error()
}

func (c *converter) writeRevenue(w io.Writer) error {
	c.rep.Written["revenue.csv"] = int64(c.revenue.Len())
	return c.revenue.Write(w)
}
