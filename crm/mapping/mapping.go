// Package mapping converts the CSV or XLSX files of any CRM into a portfolio
// folder (accounts.csv, team.csv, activities.csv, revenue.csv), as a mapping
// file describes: which source file holds which records, and which column
// gives which portfolio column. See docs/import-mapping.md.
package mapping

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones also on systems without a zone database

	"github.com/BurntSushi/toml"
)

// Mapping is a mapping file, read and checked.
type Mapping struct {
	// Labels maps a column label as exported (in another language) to
	// the property's internal name, e.g. "Datensatz-ID" → "hs_object_id"
	// ([labels]). The HubSpot importer uses it; Convert does not.
	Labels map[string]string
	// Owners maps an owner's name as exported to their team email
	// ([owners]). The HubSpot importer uses it; Convert does not.
	Owners map[string]string

	name     string         // the file, for messages
	loc      *time.Location // of date-times written without a zone
	formats  []*pattern     // date_formats
	sections []*section     // accounts, then team, activities, revenue
}

// kind is a kind of record: a portfolio file.
type kind int

const (
	kAccounts kind = iota
	kTeam
	kActivities
	kRevenue
)

// valueKind says how a field's value is read and written.
type valueKind int

const (
	vText      valueKind = iota
	vEmail               // lower-cased
	vWhole               // a whole number >= 0
	vHours               // a number > 0
	vMinutes             // a number >= 0, in a unit
	vAmount              // a number
	vDate                // YYYY-MM-DD, or an RFC 3339 date-time in UTC
	vMonth               // YYYY-MM
	vType                // email, call, meeting, other
	vDirection           // inbound, outbound
	vDomains             // a list of domains
	vOurs                // a list of emails, lower-cased
	vTheirs              // a list of emails or names
)

func (v valueKind) list() bool    { return v == vDomains || v == vOurs || v == vTheirs }
func (v valueKind) numeric() bool { return v == vWhole || v == vHours || v == vMinutes || v == vAmount }
func (v valueKind) dated() bool   { return v == vDate || v == vMonth }

// fieldSpec is a column of a portfolio file.
type fieldSpec struct {
	name string
	kind valueKind
	// required: the mapping must give the field; needed: a row whose
	// value is empty is skipped.
	required, needed bool
}

type kindSpec struct {
	name   string // the mapping's section name
	file   string // the portfolio file
	fields []fieldSpec
}

var kinds = [...]kindSpec{
	kAccounts: {"accounts", "accounts.csv", []fieldSpec{
		{"account_id", vText, true, true},
		{"name", vText, true, false},
		{"owner", vEmail, false, false},
		{"industry", vText, false, false},
		{"employees", vWhole, false, false},
		{"domains", vDomains, false, false},
	}},
	kTeam: {"team", "team.csv", []fieldSpec{
		{"email", vEmail, true, true},
		{"name", vText, false, false},
		{"capacity_hours", vHours, false, false},
	}},
	kActivities: {"activities", "activities.csv", []fieldSpec{
		{"activity_id", vText, true, true},
		{"account_id", vText, true, true},
		{"date", vDate, true, true},
		{"type", vType, false, false},
		{"direction", vDirection, false, false},
		{"our_people", vOurs, true, true},
		{"their_people", vTheirs, false, false},
		{"minutes", vMinutes, false, false},
	}},
	kRevenue: {"revenue", "revenue.csv", []fieldSpec{
		{"account_id", vText, true, true},
		{"product", vText, true, true},
		{"month", vMonth, true, true},
		{"amount", vAmount, true, true},
	}},
}

func (k kindSpec) fieldNames() string {
	names := make([]string, len(k.fields))
	for i, f := range k.fields {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// section is one [[accounts]], [[team]], [[activities]] or [[revenue]]
// section: the records of one source file.
type section struct {
	kind kind
	path string // "activities[1]"
	file string
	keep *keep
	// fields holds, for each field of the kind in order, its mapping (nil
	// when the mapping leaves it empty).
	fields  []*field
	columns []string // every column the section reads, for the header check
}

// keep keeps only the rows whose column holds one of values.
type keep struct {
	path   string
	column string
	values map[string]bool // folded
}

// field says where a portfolio column's value comes from.
type field struct {
	spec    fieldSpec
	path    string   // "activities[1].fields.minutes"
	columns []string // column or columns
	join    string   // between the values of columns (single values)
	// constant: value (and items for a list) hold the value of every row,
	// read and checked when the mapping is
	constant bool
	value    string
	items    []string
	mapping  map[string]string // folded source value → value
	strict   bool
	def      string
	split    string
	format   *pattern
	unit     int // of minutes: an index in units
	decimal  byte
	m        *Mapping
}

// units are the units of durations: how many minutes one is, as a
// fraction num/den.
var units = []struct {
	name     string
	num, den int64
}{
	{"milliseconds", 1, 60000},
	{"seconds", 1, 60},
	{"minutes", 1, 1},
	{"hours", 60, 1},
}

func unitNames() string {
	names := make([]string, len(units))
	for i, u := range units {
		names[i] = u.name
	}
	return strings.Join(names, ", ")
}

// fold is the form values are compared in: trimmed and lower-cased.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Load reads and checks the mapping file at path.
func Load(path string) (*Mapping, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the mapping file: %w", err)
	}
	return Parse(path, data)
}

// maxErrors is how many problems of a mapping file are reported at once.
const maxErrors = 20

// checker gathers the problems of a mapping file, each with its key path.
type checker struct {
	name string
	errs []string
}

func (c *checker) add(path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	c.errs = append(c.errs, c.name+": "+msg)
}

func (c *checker) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	errs := c.errs
	if len(errs) > maxErrors {
		errs = append(errs[:maxErrors:maxErrors], fmt.Sprintf("%s: and %d more problems", c.name, len(c.errs)-maxErrors))
	}
	return errors.New(strings.Join(errs, "\n"))
}

// key writes a TOML key as it would be written in the file: bare when it
// can be, else quoted.
func key(k string) string {
	if k == "" {
		return `""`
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return strconv.Quote(k)
		}
	}
	return k
}

func join(path, k string) string {
	if path == "" {
		return key(k)
	}
	return path + "." + key(k)
}

// typeName names the TOML type of a decoded value, for messages.
func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return "a date"
}

// sortedKeys returns the keys of a table: first those of order that it
// has, in that order, then the others sorted.
func sortedKeys(t map[string]any, order ...string) []string {
	var out []string
	for _, k := range order {
		if _, ok := t[k]; ok {
			out = append(out, k)
		}
	}
	var rest []string
	for k := range t {
		if !slices.Contains(order, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

var topKeys = []string{"timezone", "date_formats", "decimal", "accounts", "team", "activities", "revenue", "labels", "owners"}

// Parse reads and checks a mapping file's text; name names it in
// messages. Every problem found is reported, each with its key path.
func Parse(name string, data []byte) (*Mapping, error) {
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s: line %d, column %d: %s", name, pe.Position.Line, pe.Position.Col, pe.Message)
		}
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	c := &checker{name: name}
	m := &Mapping{name: name, loc: time.UTC}

	if v, ok := raw["timezone"]; ok {
		if s, ok := c.str(v, "timezone"); ok {
			if loc, err := loadZone(s); err != nil {
				c.add("timezone", "%v", err)
			} else {
				m.loc = loc
			}
		}
	}
	if v, ok := raw["date_formats"]; ok {
		for i, s := range c.strs(v, "date_formats") {
			p, err := compilePattern(s, true)
			if err != nil {
				c.add(fmt.Sprintf("date_formats[%d]", i+1), "%v", err)
				continue
			}
			m.formats = append(m.formats, p)
		}
	}
	dec := byte('.')
	if v, ok := raw["decimal"]; ok {
		dec = c.decimal(v, "decimal", dec)
	}
	for k := range kinds {
		sk := kinds[k].name
		v, ok := raw[sk]
		if !ok {
			continue
		}
		var tables []map[string]any
		switch t := v.(type) {
		case []map[string]any:
			tables = t
		case map[string]any:
			tables = []map[string]any{t}
		default:
			c.add(sk, "must be a section: write [[%s]] with file and fields below it", sk)
			continue
		}
		for i, t := range tables {
			if s := c.section(m, kind(k), fmt.Sprintf("%s[%d]", sk, i+1), t, dec); s != nil {
				m.sections = append(m.sections, s)
			}
		}
	}
	m.Labels = c.names(raw, "labels")
	m.Owners = c.names(raw, "owners")
	for _, k := range sortedKeys(raw, topKeys...) {
		if !slices.Contains(topKeys, k) {
			c.add(key(k), "unknown key: a mapping file has timezone, date_formats, decimal, the record sections [[accounts]], [[team]], [[activities]], [[revenue]], and [labels], [owners]")
		}
	}
	if len(m.sections) > 0 && !slices.ContainsFunc(m.sections, func(s *section) bool { return s.kind == kAccounts }) {
		c.add("", "the mapping has no [[accounts]] section: a portfolio needs accounts.csv; add one")
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	return m, nil
}

func loadZone(s string) (*time.Location, error) {
	if s == "" || s == "Local" {
		return nil, fmt.Errorf("%q is not a time zone: give a zone such as \"Europe/Berlin\" or \"UTC\"", s)
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not a time zone: give a zone of the IANA database such as \"Europe/Berlin\", \"America/New_York\" or \"UTC\"", s)
	}
	return loc, nil
}

func (c *checker) str(v any, path string) (string, bool) {
	s, ok := v.(string)
	if !ok {
		c.add(path, "must be a string (in quotes), not %s", typeName(v))
	}
	return s, ok
}

// scalar reads a value given as a string or a number.
func (c *checker) scalar(v any, path string) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case int64:
		return strconv.FormatInt(t, 10), true
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), true
	}
	c.add(path, "must be a string (in quotes), not %s", typeName(v))
	return "", false
}

func (c *checker) strs(v any, path string) []string {
	arr, ok := v.([]any)
	if !ok {
		if s, ok := v.(string); ok {
			return []string{s}
		}
		c.add(path, "must be a list of strings, like [\"A\", \"B\"]")
		return nil
	}
	var out []string
	for i, e := range arr {
		if s, ok := c.str(e, fmt.Sprintf("%s[%d]", path, i+1)); ok {
			out = append(out, s)
		}
	}
	return out
}

func (c *checker) decimal(v any, path string, def byte) byte {
	s, ok := c.str(v, path)
	if !ok {
		return def
	}
	if s != "." && s != "," {
		c.add(path, "%q is not a decimal separator: give \".\" (1,234.50) or \",\" (1.234,50)", s)
		return def
	}
	return s[0]
}

// names reads [labels] or [owners]: a table of strings.
func (c *checker) names(raw map[string]any, sk string) map[string]string {
	v, ok := raw[sk]
	if !ok {
		return nil
	}
	t, ok := v.(map[string]any)
	if !ok {
		c.add(sk, "must be a table: write [%s] and, below it, lines such as \"as exported\" = \"value\"", sk)
		return nil
	}
	out := make(map[string]string, len(t))
	for _, k := range sortedKeys(t) {
		path := join(sk, k)
		s, ok := c.str(t[k], path)
		if !ok {
			continue
		}
		if strings.TrimSpace(k) == "" {
			c.add(path, "the name is empty")
			continue
		}
		if strings.TrimSpace(s) == "" {
			c.add(path, "the value is empty")
			continue
		}
		out[strings.TrimSpace(k)] = strings.TrimSpace(s)
	}
	return out
}

var sectionKeys = []string{"file", "decimal", "keep", "fields"}

func (c *checker) section(m *Mapping, k kind, path string, t map[string]any, dec byte) *section {
	spec := kinds[k]
	s := &section{kind: k, path: path, fields: make([]*field, len(spec.fields))}
	before := len(c.errs)
	if v, ok := t["file"]; ok {
		if f, ok := c.str(v, join(path, "file")); ok {
			s.file = strings.TrimSpace(f)
			if s.file == "" {
				c.add(join(path, "file"), "the file name is empty")
			}
		}
	} else {
		c.add(path, "file is missing: name the source file of the %s, like file = \"Companies.csv\"", spec.name)
	}
	if v, ok := t["decimal"]; ok {
		dec = c.decimal(v, join(path, "decimal"), dec)
	}
	if v, ok := t["keep"]; ok {
		s.keep = c.keep(v, join(path, "keep"))
	}
	fp := join(path, "fields")
	fields, ok := t["fields"].(map[string]any)
	if _, given := t["fields"]; given && !ok {
		c.add(fp, "must be a table: write [%s.fields] below the section, with lines such as account_id = \"Company ID\"", spec.name)
	} else if !given {
		c.add(path, "fields is missing: add [%s.fields] below the section, with lines such as %s = \"a column\"", spec.name, spec.fields[0].name)
	}
	order := make([]string, len(spec.fields))
	for i, f := range spec.fields {
		order[i] = f.name
	}
	for _, name := range sortedKeys(fields, order...) {
		i := slices.Index(order, name)
		if i < 0 {
			c.add(join(fp, name), "unknown field for %s: the fields are %s", spec.name, spec.fieldNames())
			continue
		}
		s.fields[i] = c.field(m, spec.fields[i], join(fp, name), fields[name], dec)
	}
	if fields != nil {
		for i, f := range spec.fields {
			if f.required && fields[f.name] == nil {
				c.add(fp, "%s is missing: %s needs it; give the column that holds it, like %s = \"a column\"", f.name, spec.file, f.name)
			} else if f.needed && s.fields[i] != nil && s.fields[i].constant && s.fields[i].value == "" && len(s.fields[i].items) == 0 {
				c.add(join(fp, f.name), "the constant is empty: every row needs a %s", f.name)
			}
		}
	}
	for _, k := range sortedKeys(t, sectionKeys...) {
		if !slices.Contains(sectionKeys, k) {
			c.add(join(path, k), "unknown key: a section has file, fields, and optionally keep and decimal")
		}
	}
	if len(c.errs) > before {
		return nil
	}
	for _, f := range s.fields {
		if f != nil {
			s.columns = appendNew(s.columns, f.columns...)
		}
	}
	if s.keep != nil {
		s.columns = appendNew(s.columns, s.keep.column)
	}
	return s
}

func appendNew(list []string, cols ...string) []string {
	for _, c := range cols {
		if !slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, c) }) {
			list = append(list, c)
		}
	}
	return list
}

var keepKeys = []string{"column", "values"}

func (c *checker) keep(v any, path string) *keep {
	t, ok := v.(map[string]any)
	if !ok {
		c.add(path, "must be a table, like keep = { column = \"Status\", values = [\"Done\"] }")
		return nil
	}
	k := &keep{path: path, values: map[string]bool{}}
	if v, ok := t["column"]; !ok {
		c.add(path, "column is missing: name the column whose value decides, like column = \"Status\"")
	} else if s, ok := c.str(v, join(path, "column")); ok {
		if k.column = strings.TrimSpace(s); k.column == "" {
			c.add(join(path, "column"), "the column name is empty")
		}
	}
	if v, ok := t["values"]; !ok {
		c.add(path, "values is missing: list the values of the rows to keep, like values = [\"Done\"]")
	} else {
		vp := join(path, "values")
		vals, ok := v.([]any)
		if !ok {
			vals = []any{v}
		}
		if len(vals) == 0 {
			c.add(vp, "the list is empty: it would keep no row")
		}
		for i, e := range vals {
			if s, ok := c.scalar(e, fmt.Sprintf("%s[%d]", vp, i+1)); ok {
				k.values[fold(s)] = true
			}
		}
	}
	for _, key := range sortedKeys(t, keepKeys...) {
		if !slices.Contains(keepKeys, key) {
			c.add(join(path, key), "unknown key: keep has column and values")
		}
	}
	return k
}

var fieldKeys = []string{"column", "columns", "constant", "join", "map", "strict", "default", "split", "format", "unit", "decimal"}

func (c *checker) field(m *Mapping, spec fieldSpec, path string, v any, dec byte) *field {
	f := &field{spec: spec, path: path, join: " ", decimal: dec, unit: 2, m: m} // unit 2: minutes
	before := len(c.errs)
	if s, ok := v.(string); ok {
		if f.columns = []string{strings.TrimSpace(s)}; f.columns[0] == "" {
			c.add(path, "the column name is empty")
		}
		return f
	}
	if _, ok := v.([]any); ok { // a list of columns
		v = map[string]any{"columns": v}
	}
	t, ok := v.(map[string]any)
	if !ok {
		c.add(path, "must be a column name (a string), or a table such as { column = \"A\", default = \"x\" }, not %s", typeName(v))
		return nil
	}
	sources := 0
	if v, ok := t["column"]; ok {
		sources++
		if s, ok := c.str(v, join(path, "column")); ok {
			if f.columns = []string{strings.TrimSpace(s)}; f.columns[0] == "" {
				c.add(join(path, "column"), "the column name is empty")
			}
		}
	}
	if v, ok := t["columns"]; ok {
		sources++
		for i, s := range c.strs(v, join(path, "columns")) {
			if s = strings.TrimSpace(s); s == "" {
				c.add(fmt.Sprintf("%s[%d]", join(path, "columns"), i+1), "the column name is empty")
			}
			f.columns = append(f.columns, s)
		}
		if len(f.columns) == 0 && len(c.errs) == before {
			c.add(join(path, "columns"), "the list is empty: name at least one column")
		}
	}
	if v, ok := t["constant"]; ok {
		sources++
		f.constant = true
		f.value, _ = c.scalar(v, join(path, "constant"))
	}
	if sources != 1 {
		c.add(path, "give exactly one of column, columns and constant")
	}
	if v, ok := t["join"]; ok {
		p := join(path, "join")
		if s, ok := c.str(v, p); ok {
			switch {
			case spec.kind.list():
				c.add(p, "%s is a list: the values of its columns are its items (join is for single values)", spec.name)
			case t["columns"] == nil:
				c.add(p, "join goes with columns: it is put between their values")
			default:
				f.join = s
			}
		}
	}
	if v, ok := t["map"]; ok {
		p := join(path, "map")
		mt, ok := v.(map[string]any)
		if !ok {
			c.add(p, "must be a table, like map = { \"as exported\" = \"value\" }")
		} else {
			f.mapping = make(map[string]string, len(mt))
			seen := map[string]string{}
			for _, k := range sortedKeys(mt) {
				s, ok := c.scalar(mt[k], join(p, k))
				if !ok {
					continue
				}
				fk := fold(k)
				if prev, dup := seen[fk]; dup {
					c.add(join(p, k), "the same value as %s (values are matched trimmed and in any case)", key(prev))
					continue
				}
				seen[fk] = k
				f.mapping[fk] = strings.TrimSpace(s)
			}
		}
	}
	if v, ok := t["strict"]; ok {
		if b, ok := v.(bool); !ok {
			c.add(join(path, "strict"), "must be true or false, not %s", typeName(v))
		} else {
			f.strict = b
			if b && t["map"] == nil {
				c.add(join(path, "strict"), "strict goes with map: it skips the rows whose value is not in the map")
			}
		}
	}
	if v, ok := t["default"]; ok {
		if s, ok := c.scalar(v, join(path, "default")); ok {
			f.def = strings.TrimSpace(s)
		}
	}
	if v, ok := t["split"]; ok {
		p := join(path, "split")
		if s, ok := c.str(v, p); ok {
			switch {
			case !spec.kind.list():
				c.add(p, "split is for the lists domains, our_people and their_people; %s holds one value", spec.name)
			case s == "":
				c.add(p, "the separator is empty")
			default:
				f.split = s
			}
		}
	}
	if v, ok := t["format"]; ok {
		p := join(path, "format")
		if s, ok := c.str(v, p); ok {
			if !spec.kind.dated() {
				c.add(p, "format is for dates (date, month); %s is not one", spec.name)
			} else if pt, err := compilePattern(s, spec.kind == vDate); err != nil {
				c.add(p, "%v", err)
			} else {
				f.format = pt
			}
		}
	}
	if v, ok := t["unit"]; ok {
		p := join(path, "unit")
		if s, ok := c.str(v, p); ok {
			i := -1
			for j, u := range units {
				if u.name == fold(s) {
					i = j
				}
			}
			switch {
			case spec.kind != vMinutes:
				c.add(p, "unit is for minutes; %s has none", spec.name)
			case i < 0:
				c.add(p, "%q is not one of %s", s, unitNames())
			default:
				f.unit = i
			}
		}
	}
	if v, ok := t["decimal"]; ok {
		p := join(path, "decimal")
		if !spec.kind.numeric() {
			c.add(p, "decimal is for numbers (employees, capacity_hours, minutes, amount); %s is not one", spec.name)
		} else {
			f.decimal = c.decimal(v, p, dec)
		}
	}
	if f.constant {
		for _, k := range []string{"map", "strict", "default"} {
			if t[k] != nil {
				c.add(join(path, k), "a constant takes no %s: it is the value of every row", k)
			}
		}
	}
	for _, k := range sortedKeys(t, fieldKeys...) {
		if !slices.Contains(fieldKeys, k) {
			c.add(join(path, k), "unknown key: a field has column, columns or constant, and optionally %s", strings.Join(fieldKeys[3:], ", "))
		}
	}
	if len(c.errs) > before {
		return nil
	}
	// the values the mapping gives are read as cells are: check them now
	if f.constant {
		if spec.kind.list() {
			items, reason := f.listValue(f.value)
			if reason != "" {
				c.add(join(path, "constant"), "%s", reason)
			}
			f.items = items
		} else {
			val, reason := f.convert(f.value)
			if reason != "" {
				c.add(join(path, "constant"), "%s", reason)
			}
			f.value = val
		}
	}
	if f.def != "" {
		if _, reason := f.check(f.def); reason != "" {
			c.add(join(path, "default"), "%s", reason)
		}
	}
	mt, _ := t["map"].(map[string]any)
	for _, k := range sortedKeys(mt) {
		if s := f.mapping[fold(k)]; s != "" {
			if _, reason := f.check(s); reason != "" {
				c.add(join(join(path, "map"), k), "%s", reason)
			}
		}
	}
	if len(c.errs) > before {
		return nil
	}
	return f
}

// baseName is a mapped file's name without a folder.
func baseName(file string) string {
	return filepath.Base(strings.ReplaceAll(file, `\`, "/"))
}
