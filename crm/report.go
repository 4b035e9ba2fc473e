package crm

// Report says what a conversion read, wrote and skipped.
type Report struct {
	// Read is the number of rows read per source file, e.g. "Task.csv".
	Read map[string]int64
	// Written is the number of records written per portfolio file, e.g.
	// "activities.csv".
	Written map[string]int64
	// Skipped lists the rows left out, grouped by file and reason, in the
	// order they were first met.
	Skipped []Skip
	// Notes lists rows written with something left out of them (an
	// account without its owner, say), grouped like Skipped.
	Notes []Skip
}

// Skip is a group of rows of one source file left out for one reason.
type Skip struct {
	File, Reason string
	Count        int64
	// Examples are the first rows skipped (at most MaxExamples).
	Examples []Example
}

// Example names one skipped row: its file and the line it starts on.
type Example struct {
	File string
	Line int64
}

// MaxExamples is how many examples a Skip keeps.
const MaxExamples = 3

// NewReport returns an empty report.
func NewReport() *Report {
	return &Report{Read: map[string]int64{}, Written: map[string]int64{}}
}

// AddSkip counts one skipped row of file, starting on line, for reason.
func (r *Report) AddSkip(file, reason string, line int64) {
	r.Skipped = add(r.Skipped, file, reason, line)
}

// AddNote counts one row of file, starting on line, written with something
// left out for reason.
func (r *Report) AddNote(file, reason string, line int64) {
	r.Notes = add(r.Notes, file, reason, line)
}

func add(list []Skip, file, reason string, line int64) []Skip {
	for i := range list {
		s := &list[i]
		if s.File == file && s.Reason == reason {
			s.Count++
			if len(s.Examples) < MaxExamples {
				s.Examples = append(s.Examples, Example{File: file, Line: line})
			}
			return list
		}
	}
	return append(list, Skip{File: file, Reason: reason, Count: 1,
		Examples: []Example{{File: file, Line: line}}})
}

// SkippedCount is the number of rows skipped in all.
func (r *Report) SkippedCount() int64 {
	var n int64
	for _, s := range r.Skipped {
		n += s.Count
	}
	return n
}
