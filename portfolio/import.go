package portfolio

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/workspace"
)

// Kinds of portfolio file, by file name.
var Kinds = map[string]string{
	"accounts":   AccountsFile,
	"team":       TeamFile,
	"activities": ActivitiesFile,
	"revenue":    RevenueFile,
}

// ImportSource says what to import: a portfolio folder, or single files
// by kind (accounts, team, activities, revenue).
type ImportSource struct {
	Dir   string
	Files map[string]string // kind -> path
}

// Import checks every row of the source, with the same rules and messages
// as Load, and writes the records into the workspace import imp. Activities
// and revenue may refer to accounts already in the workspace. Nothing is
// committed: on an error the caller rolls imp back.
func Import(src ImportSource, imp workspace.Import, o Options) (*Summary, error) {
	if o.SkipInvalid {
		return nil, errors.New("an import is all or nothing: it cannot skip bad rows")
	}
	l := &loader{dir: src.Dir, o: o, sum: &Summary{}, known: map[string]bool{}, index: map[string]int32{}}
	has := func(name string) bool { return true }
	if src.Dir == "" {
		l.paths = map[string]string{}
		for kind, path := range src.Files {
			name, ok := Kinds[kind]
			if !ok {
				return nil, fmt.Errorf("unknown kind %q: use accounts, team, activities or revenue", kind)
			}
			l.paths[name] = path
			if fi, err := os.Stat(path); err != nil || fi.IsDir() {
				return nil, &InputError{Problems: []*RowError{{File: path, Rule: "no such file"}}}
			}
		}
		has = func(name string) bool { _, ok := l.paths[name]; return ok }
	} else if fi, err := os.Stat(src.Dir); err != nil || !fi.IsDir() {
		return nil, &InputError{Problems: []*RowError{{File: src.Dir, Rule: "not a portfolio folder: give the folder that holds accounts.csv (and optionally team.csv, activities.csv, revenue.csv)"}}}
	}
	for _, name := range []string{AccountsFile, TeamFile, ActivitiesFile, RevenueFile} {
		if has(name) {
			l.total += l.size(name)
		}
	}
	if err := imp.AccountIDs(func(id string) { l.known[id] = true }); err != nil {
		return nil, err
	}
	w := &importWriter{imp: imp}

	if has(AccountsFile) {
		if err := l.readAccounts(); err != nil {
			return nil, err
		}
		for i := range l.accounts {
			a := &l.accounts[i]
			w.do(func() error {
				return imp.PutAccount(&workspace.AccountRow{ID: a.ID, Name: a.Name, Owner: a.Owner, Industry: a.Industry,
					Employees: a.Employees, EmployeesGiven: a.EmployeesGiven, Domains: l.domains[i]})
			})
		}
	}
	if has(TeamFile) {
		if err := l.readTeam(); err != nil {
			return nil, err
		}
		for _, m := range l.team {
			w.do(func() error {
				return imp.PutTeam(&workspace.TeamRow{Email: m.email, Name: m.name, Capacity: m.capacity, CapacityGiven: m.given})
			})
		}
	}
	if has(ActivitiesFile) {
		var row workspace.ActivityRow
		var people []byte
		st := &activityScan{validate: true, aggregate: true, keepIDs: true}
		err := l.scanActivities(st, func(r *actRec, bt *batch) error {
			w.do(func() error {
				row = workspace.ActivityRow{ID: string(bt.items[r.id]), AccountID: string(bt.items[r.account]),
					Day: r.act.Day, Type: r.act.Type, Inbound: r.act.Inbound, Minutes: r.act.Minutes}
				people = joinPeople(people[:0], bt.items[r.ours[0]:r.ours[1]])
				row.OurPeople = string(people)
				people = joinPeople(people[:0], bt.items[r.theirs[0]:r.theirs[1]])
				row.TheirPeople = string(people)
				return imp.PutActivity(&row)
			})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if has(RevenueFile) {
		var row workspace.RevenueRow
		err := l.scanRevenue(func(slcs.Month) bool { return true }, func(r *revRec, bt *batch) error {
			w.do(func() error {
				row = workspace.RevenueRow{AccountID: string(bt.items[r.accountID]), Product: string(bt.items[r.product]),
					Month: r.month, Micros: r.micros}
				return imp.PutRevenue(&row)
			})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	// a bad row explains a failed write (a duplicated id in one batch, say)
	// better than the database does
	if err := l.failed(); err != nil {
		return nil, err
	}
	if w.err != nil {
		return nil, w.err
	}
	return l.sum, nil
}

// importWriter stops writing at the first error, while the rows go on being
// checked, so that the import reports bad rows rather than what the
// database made of them.
type importWriter struct {
	imp workspace.Import
	err error
}

func (w *importWriter) do(put func() error) {
	if w.err == nil {
		w.err = put()
	}
}

// joinPeople joins people items with ';', each once.
func joinPeople(dst []byte, items [][]byte) []byte {
	for i, it := range items {
		dup := false
		for _, prev := range items[:i] {
			if bytes.Equal(prev, it) {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		if len(dst) > 0 {
			dst = append(dst, ';')
		}
		dst = append(dst, it...)
	}
	return dst
}
