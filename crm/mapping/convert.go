package mapping

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/slcs/slcs/atomicfile"
	"github.com/slcs/slcs/crm"
)

// Options tune a conversion.
type Options struct {
	// Progress, when set, is called now and then with the bytes of the
	// sources read so far and the bytes to read in all.
	Progress func(done, total int64)
}

type converter struct {
	m   *Mapping
	src *crm.Source
	rep *crm.Report
	// readers counts the sections that read each file (lower-cased
	// name): the reasons of a file read by several name their section
	readers map[string]int

	accounts map[string]struct{}
	accRows  [][]string
	teamSeen map[string]struct{}
	teamRows [][]string
	// people are the emails of the team when the mapping has no team
	// section: the owners and our people of the activities written
	people  map[string]struct{}
	noTeam  bool
	actIDs  map[string]struct{}
	acts    *csv.Writer
	revenue crm.Revenue

	row   []string // the values of the row being read
	items []string
}

// Convert reads the files at srcs (CSV or XLSX files, folders of them, zip
// files of them: see crm.OpenSource) as m describes and writes accounts.csv,
// team.csv, activities.csv and revenue.csv into the folder out (created if
// missing), all or nothing. With out == "" it writes nothing (a dry run)
// and only reports. Rows that cannot be converted are left out and counted
// in the report; a mapped file or column missing from the sources is an
// error.
func Convert(srcs []string, m *Mapping, out string, o Options) (*crm.Report, error) {
	if m == nil || len(m.sections) == 0 {
		name := "mapping"
		if m != nil && m.name != "" {
			name = m.name
		}
		return nil, fmt.Errorf("%s: the mapping file describes no records: add an [[accounts]] section", name)
	}
	if len(srcs) == 0 {
		return nil, errors.New("no source given: name the CRM's exported files, or the folder or zip file that holds them")
	}
	s, err := crm.OpenSource(srcs...)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	tables := make([]*crm.Table, len(m.sections))
	c := &converter{m: m, src: s, rep: crm.NewReport(), readers: map[string]int{},
		accounts: map[string]struct{}{}, teamSeen: map[string]struct{}{},
		people: map[string]struct{}{}, noTeam: true, actIDs: map[string]struct{}{}}
	s.Total = 0
	for i, sec := range m.sections {
		t := lookup(s, sec.file)
		if t == nil {
			return nil, c.missingFile(sec, srcs)
		}
		tables[i] = t
		c.readers[strings.ToLower(t.Name)]++
		s.Total += t.Size
		if sec.kind == kTeam {
			c.noTeam = false
		}
	}
	s.Progress = o.Progress

	var batch atomicfile.Batch
	actOut, err := crm.Start(&batch, out)
	if err != nil {
		return nil, err
	}
	if err := c.run(tables, actOut); err != nil {
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

// lookup finds a mapped file among the sources: by its name without a
// folder, in any case; a name without an extension also as .csv and .xlsx.
func lookup(s *crm.Source, file string) *crm.Table {
	name := baseName(file)
	if t := s.Lookup(name); t != nil {
		return t
	}
	if filepath.Ext(name) == "" {
		for _, ext := range []string{".csv", ".xlsx"} {
			if t := s.Lookup(name + ext); t != nil {
				return t
			}
		}
	}
	return nil
}

func (c *converter) missingFile(sec *section, srcs []string) error {
	var names []string
	for _, t := range c.src.Tables() {
		names = append(names, t.Name)
	}
	found := "no CSV or XLSX file was found in " + strings.Join(srcs, ", ")
	if len(names) > 0 {
		found = "the files found are " + strings.Join(names, ", ")
	}
	return fmt.Errorf("%s: %s.file: %q is not among the sources (%s): give the file, or the folder or zip file that holds it, or correct the name in the mapping",
		c.m.name, sec.path, sec.file, found)
}

// errWriter keeps the first error of w.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func header(k kind) []string {
	fields := kinds[k].fields
	h := make([]string, len(fields))
	for i, f := range fields {
		h[i] = f.name
	}
	return h
}

func (c *converter) run(tables []*crm.Table, actOut io.Writer) error {
	ew := &errWriter{w: actOut}
	bw := bufio.NewWriterSize(ew, 1<<16)
	c.acts = csv.NewWriter(bw)
	c.acts.Write(header(kActivities))
	for _, f := range []string{"accounts.csv", "team.csv", "activities.csv", "revenue.csv"} {
		c.rep.Written[f] = 0
	}
	for i, sec := range c.m.sections {
		if err := c.read(sec, tables[i]); err != nil {
			return err
		}
		if ew.err != nil {
			return fmt.Errorf("writing activities.csv: %w", ew.err)
		}
	}
	c.acts.Flush()
	if err := c.acts.Error(); err != nil {
		return fmt.Errorf("writing activities.csv: %w", err)
	}
	return nil
}

// read converts the rows of one section's file.
func (c *converter) read(sec *section, t *crm.Table) error {
	file := t.Name
	c.row = make([]string, len(sec.fields))
	var n int64
	err := c.src.Each(t, crm.Columns{Required: sec.columns}, func(r crm.Row) error {
		n++
		if reason := c.convertRow(sec, r); reason != "" {
			if c.readers[strings.ToLower(file)] > 1 {
				reason = sec.path + ": " + reason
			}
			c.rep.AddSkip(file, reason, r.Line)
		}
		return nil
	})
	if errors.Is(err, crm.ErrMissingColumn) {
		return c.columnError(sec, t, err)
	}
	if err != nil {
		return err
	}
	c.rep.Read[file] = n
	return nil
}

// columnError names the columns of a section missing from its file's
// header, with the keys of the mapping that name them.
func (c *converter) columnError(sec *section, t *crm.Table, err error) error {
	head, herr := c.src.Header(t)
	if herr != nil {
		return err
	}
	has := func(col string) bool {
		return slices.ContainsFunc(head, func(h string) bool { return strings.EqualFold(h, col) })
	}
	var missing []string
	for _, f := range sec.fields {
		if f == nil {
			continue
		}
		for _, col := range f.columns {
			if !has(col) {
				missing = append(missing, fmt.Sprintf("%q (%s)", col, f.path))
			}
		}
	}
	if sec.keep != nil && !has(sec.keep.column) {
		missing = append(missing, fmt.Sprintf("%q (%s.column)", sec.keep.column, sec.keep.path))
	}
	if len(missing) == 0 {
		return err
	}
	q := make([]string, len(head))
	for i, h := range head {
		q[i] = fmt.Sprintf("%q", h)
	}
	msg := fmt.Sprintf("%s: the file has no column %s, which %s names; its columns are %s: correct the column names in the mapping",
		t.Name, strings.Join(missing, ", "), c.m.name, strings.Join(q, ", "))
	return fmt.Errorf("%s: %w", msg, crm.ErrMissingColumn)
}

// convertRow converts one row; reason says why it is left out.
func (c *converter) convertRow(sec *section, r crm.Row) string {
	if k := sec.keep; k != nil {
		v := r.Get(k.column)
		if !k.values[fold(v)] {
			if v == "" {
				return fmt.Sprintf("not kept: %s is empty", k.column)
			}
			return fmt.Sprintf("not kept: %s is %q", k.column, v)
		}
	}
	specs := kinds[sec.kind].fields
	for i, f := range sec.fields {
		c.row[i] = ""
		if f == nil {
			continue
		}
		var v, reason string
		if f.spec.kind.list() {
			c.items, reason = f.list(r, c.items[:0])
			v = strings.Join(c.items, ";")
		} else {
			v, reason = f.single(r)
		}
		if reason != "" {
			return reason
		}
		if v == "" && specs[i].needed {
			return fmt.Sprintf("%s is empty (%s)", specs[i].name, f.source())
		}
		c.row[i] = v
	}
	switch sec.kind {
	case kAccounts:
		return c.account()
	case kTeam:
		return c.member()
	case kActivities:
		return c.activity()
	}
	return c.addRevenue()
}

func (c *converter) account() string {
	id := c.row[0]
	if _, dup := c.accounts[id]; dup {
		return "the account_id is used by an earlier row (the first is kept)"
	}
	c.accounts[id] = struct{}{}
	c.accRows = append(c.accRows, slices.Clone(c.row))
	if owner := c.row[2]; owner != "" && c.noTeam {
		c.people[owner] = struct{}{}
	}
	return ""
}

func (c *converter) member() string {
	email := c.row[0]
	if _, dup := c.teamSeen[email]; dup {
		return "the email is used by an earlier row (the first is kept)"
	}
	c.teamSeen[email] = struct{}{}
	c.teamRows = append(c.teamRows, slices.Clone(c.row))
	return ""
}

func (c *converter) activity() string {
	if _, ok := c.accounts[c.row[1]]; !ok {
		return "the account_id is not among the accounts converted"
	}
	id := c.row[0]
	if _, dup := c.actIDs[id]; dup {
		return "the activity_id is used by an earlier row (the first is kept)"
	}
	c.actIDs[id] = struct{}{}
	c.acts.Write(c.row)
	c.rep.Written["activities.csv"]++
	if c.noTeam {
		for p := range strings.SplitSeq(c.row[5], ";") {
			c.people[p] = struct{}{}
		}
	}
	return ""
}

func (c *converter) addRevenue() string {
	if _, ok := c.accounts[c.row[0]]; !ok {
		return "the account_id is not among the accounts converted"
	}
	amount, _ := parseNumber(c.row[3], '.')
	if !c.revenue.Add(c.row[0], c.row[1], c.row[2], amount) {
		return crm.TooLarge
	}
	return ""
}

func (c *converter) writeAccounts(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(header(kAccounts))
	cw.WriteAll(c.accRows)
	c.rep.Written["accounts.csv"] = int64(len(c.accRows))
	return cw.Error()
}

func (c *converter) writeTeam(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(header(kTeam))
	rows := c.teamRows
	if c.noTeam {
		emails := make([]string, 0, len(c.people))
		for e := range c.people {
			emails = append(emails, e)
		}
		slices.Sort(emails)
		for _, e := range emails {
			rows = append(rows, []string{e, "", ""})
		}
	}
	cw.WriteAll(rows)
	c.rep.Written["team.csv"] = int64(len(rows))
	return cw.Error()
}

func (c *converter) writeRevenue(w io.Writer) error {
	c.rep.Written["revenue.csv"] = int64(c.revenue.Len())
	return c.revenue.Write(w)
}
