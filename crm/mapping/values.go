package mapping

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slcs/slcs/crm"
)

// source describes where a field's value comes from, for the reasons of
// skipped rows.
func (f *field) source() string {
	switch {
	case f.constant:
		return "constant"
	case len(f.columns) == 1:
		return fmt.Sprintf("column %q", f.columns[0])
	}
	q := make([]string, len(f.columns))
	for i, c := range f.columns {
		q[i] = fmt.Sprintf("%q", c)
	}
	return "columns " + strings.Join(q, ", ")
}

// single returns the value of a field that holds one value. reason is set
// when the row must be skipped.
func (f *field) single(r crm.Row) (v, reason string) {
	if f.constant {
		return f.value, ""
	}
	if len(f.columns) == 1 {
		v = r.Get(f.columns[0])
	} else {
		var b strings.Builder
		for _, c := range f.columns {
			if cell := r.Get(c); cell != "" {
				if b.Len() > 0 {
					b.WriteString(f.join)
				}
				b.WriteString(cell)
			}
		}
		v = b.String()
	}
	if v, reason = f.mapValue(v); reason != "" {
		return "", reason
	}
	if v == "" {
		v = f.def
	}
	return f.convert(v)
}

// mapValue applies the field's map to a value.
func (f *field) mapValue(v string) (string, string) {
	if v == "" || f.mapping == nil {
		return v, ""
	}
	if m, ok := f.mapping[fold(v)]; ok {
		return m, ""
	}
	if f.strict {
		return "", fmt.Sprintf("%s %q is not in the map (strict)", f.spec.name, v)
	}
	return v, ""
}

// list returns the items of a list field, appended to out.
func (f *field) list(r crm.Row, out []string) ([]string, string) {
	if f.constant {
		return append(out, f.items...), ""
	}
	start := len(out)
	var reason string
	for _, c := range f.columns {
		if out, reason = f.addItems(out, start, r.Get(c), true); reason != "" {
			return out, reason
		}
	}
	if len(out) == start && f.def != "" {
		out, _ = f.addItems(out, start, f.def, false)
	}
	return out, ""
}

// listValue splits a value given in the mapping (a constant) into items.
func (f *field) listValue(v string) ([]string, string) {
	return f.addItems(nil, 0, v, false)
}

// addItems adds the items of a cell to out[start:]: split at the field's
// separator and at ';' (which separates items in a portfolio), trimmed,
// mapped, converted, without empty items and repeats (in any case).
func (f *field) addItems(out []string, start int, cell string, mapped bool) ([]string, string) {
	for part := range strings.SplitSeq(cell, ";") {
		for item := range splitSeq(part, f.split) {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			if mapped {
				var reason string
				if item, reason = f.mapValue(item); reason != "" {
					return out, reason
				}
			}
			if item = f.convertItem(item); item == "" {
				continue
			}
			if !slices.ContainsFunc(out[start:], func(x string) bool { return strings.EqualFold(x, item) }) {
				out = append(out, item)
			}
		}
	}
	return out, ""
}

func splitSeq(s, sep string) func(func(string) bool) {
	if sep == "" {
		return func(yield func(string) bool) { yield(s) }
	}
	return strings.SplitSeq(s, sep)
}

// convertItem writes an item of a list as the portfolio does: "" to leave
// it out.
func (f *field) convertItem(s string) string {
	switch f.spec.kind {
	case vDomains:
		return domain(s)
	case vOurs:
		return strings.ToLower(s)
	}
	return s
}

// check checks a value the mapping gives (a default, or a value of a map)
// as a cell of the field would be.
func (f *field) check(v string) (string, string) {
	if f.spec.kind.list() {
		return v, ""
	}
	return f.convert(v)
}

// convert reads a value (after map and default) and writes it as the
// portfolio does. reason is set when it cannot be. An empty value stays
// empty.
func (f *field) convert(v string) (string, string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", ""
	}
	switch f.spec.kind {
	case vEmail:
		return strings.ToLower(v), ""
	case vWhole, vHours, vMinutes, vAmount:
		return f.number(v)
	case vDate:
		if s, ok := f.m.date(v, f.format); ok {
			return s, ""
		}
		return "", f.dateReason("date")
	case vMonth:
		if s, ok := f.m.month(v, f.format); ok {
			return s, ""
		}
		return "", f.dateReason("month")
	case vType:
		switch t := strings.ToLower(v); t {
		case "email", "call", "meeting", "other":
			return t, ""
		}
		return "", fmt.Sprintf("type %q is not email, call, meeting or other: add it to the map of %s", v, f.path)
	case vDirection:
		switch d := strings.ToLower(v); d {
		case "inbound", "outbound":
			return d, ""
		}
		return "", fmt.Sprintf("direction %q is not inbound or outbound: add it to the map of %s", v, f.path)
	}
	return v, ""
}

func (f *field) dateReason(what string) string {
	switch {
	case f.format != nil:
		return fmt.Sprintf("%s is not a date of the form %s (%s)", f.spec.name, f.format.text, f.source())
	case len(f.m.formats) > 0 && what == "month":
		return fmt.Sprintf("%s is not a month (YYYY-MM) nor a date of a form of date_formats or a built-in form (%s)", f.spec.name, f.source())
	case len(f.m.formats) > 0:
		return fmt.Sprintf("%s is not a date of a form of date_formats or a built-in form (%s)", f.spec.name, f.source())
	case what == "month":
		return fmt.Sprintf("%s is not a month such as 2025-01 nor a date such as 2025-01-31 (%s): give its form in format", f.spec.name, f.source())
	}
	return fmt.Sprintf("%s is not a date such as 2025-01-31 or 2025-01-31 14:30 (%s): give its form in date_formats or format", f.spec.name, f.source())
}

func (f *field) number(v string) (string, string) {
	m, p := parseNumber(v, f.decimal)
	switch p {
	case numBad:
		if f.decimal == ',' {
			return "", fmt.Sprintf("%s is not a number such as 1.234,50 (%s)", f.spec.name, f.source())
		}
		return "", fmt.Sprintf("%s is not a number such as 1,234.50 (%s)", f.spec.name, f.source())
	case numTooLarge:
		return "", fmt.Sprintf("%s is too large (%s)", f.spec.name, f.source())
	}
	switch f.spec.kind {
	case vWhole:
		if m < 0 {
			return "", fmt.Sprintf("%s is negative (%s)", f.spec.name, f.source())
		}
		w, _ := scaleMicros(m, 1, 1_000_000)
		return crm.FormatAmount(w * 1_000_000), ""
	case vHours:
		if m <= 0 {
			return "", fmt.Sprintf("%s is not more than 0 (%s)", f.spec.name, f.source())
		}
	case vMinutes:
		if m < 0 {
			return "", fmt.Sprintf("%s is negative (%s)", f.spec.name, f.source())
		}
		u := units[f.unit]
		var ok bool
		if m, ok = scaleMicros(m, u.num, u.den); !ok {
			return "", fmt.Sprintf("%s is too large (%s)", f.spec.name, f.source())
		}
	}
	return crm.FormatAmount(m), ""
}

// date reads a date or date-time: in the pattern p when given, else in
// the mapping's date_formats, then in the forms crm.ParseDateTime reads. A
// date is written YYYY-MM-DD as it is; a date-time as an RFC 3339 time in
// UTC.
func (m *Mapping) date(s string, p *pattern) (string, bool) {
	t, hasTime, ok := m.parseTime(s, p)
	if !ok {
		return "", false
	}
	if hasTime {
		return t.UTC().Format("2006-01-02T15:04:05Z"), true
	}
	return t.Format("2006-01-02"), true
}

// month reads a month: YYYY-MM, or the month of a date as written.
func (m *Mapping) month(s string, p *pattern) (string, bool) {
	if p == nil && isMonth(s) {
		return s, true
	}
	t, _, ok := m.parseTime(s, p)
	if !ok {
		return "", false
	}
	return t.Format("2006-01"), true
}

func (m *Mapping) parseTime(s string, p *pattern) (t time.Time, hasTime, ok bool) {
	loc := m.loc
	if loc == nil {
		loc = time.UTC
	}
	if p != nil {
		t, ok = p.parse(s, loc)
		return t, p.hasTime, ok
	}
	for _, p := range m.formats {
		if t, ok = p.parse(s, loc); ok {
			return t, p.hasTime, true
		}
	}
	t, err := crm.ParseDateTime(s, loc)
	// of the forms crm.ParseDateTime reads, those with a time have a ':'
	return t, strings.Contains(s, ":"), err == nil
}

func isMonth(s string) bool {
	if len(s) != 7 || s[4] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i != 4 && (c < '0' || c > '9') {
			return false
		}
	}
	return s[5:] >= "01" && s[5:] <= "12"
}

// domain returns the domain of a website address or an email, lower-cased:
// scheme, path, port, user and a leading www. removed. It returns "" for a
// value with no dot or with spaces, and for the domains of free mail
// providers (crm.FreeMailDomains), which are never a client's.
func domain(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	s = strings.TrimPrefix(s, "mailto:")
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimPrefix(strings.Trim(s, "."), "www.")
	if !strings.Contains(s, ".") || strings.ContainsAny(s, " \t,;\"'<>()[]") {
		return ""
	}
	if crm.IsFreeMail(s) {
		return ""
	}
	return s
}
