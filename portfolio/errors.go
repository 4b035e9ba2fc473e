package portfolio

import (
	"fmt"
	"strconv"
	"strings"
)

// RowError is one broken rule of the portfolio format, located by file,
// physical line (the header is line 1) and column.
type RowError struct {
	File   string // path of the file
	Line   int    // physical line where the record starts; 0 for the file as a whole
	Column string // canonical column name, or a description such as "field 9"
	Rule   string // what is wrong, in words
	Value  string // the offending value, when there is one

	syntax bool // a break of the CSV syntax itself
}

func (e *RowError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d", e.Line)
	}
	if e.Column != "" {
		if e.Line > 0 {
			b.WriteString(",")
		} else {
			b.WriteString(":")
		}
		fmt.Fprintf(&b, " column %s", e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Rule)
	if e.Value != "" {
		v := e.Value
		if len(v) > 60 {
			v = v[:57] + "..."
		}
		b.WriteString(": ")
		b.WriteString(strconv.Quote(v))
	}
	return b.String()
}

// InputError is a portfolio refused for bad input: the first problems found
// (at most a handful; More > 0 when reading stopped with more to find).
type InputError struct {
	Problems []*RowError
	More     int
}

func (e *InputError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(p.Error())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n... and more: reading stopped after the first %d problems (--skip-invalid lists every bad row)", len(e.Problems))
	}
	return b.String()
}
