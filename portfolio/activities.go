package portfolio

import (
	"fmt"
	"hash/maphash"
	"io"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

const (
	atID = iota
	atAccount
	atDate
	atType
	atDirection
	atOurs
	atTheirs
	atMinutes
)

var activityCols = []string{"activity_id", "account_id", "date", "type", "direction", "our_people", "their_people", "minutes"}

// actRec is a parsed activity in a batch; its people are ranges of the
// batch's items.
type actRec struct {
	act          model.Activity // without people
	hash         uint64         // of the activity_id
	ours, theirs [2]int32
	id, account  int32 // items, when the scan keeps ids
}

// activityScan is one pass over activities.csv.
type activityScan struct {
	validate  bool // check every rule and find duplicated ids
	aggregate bool // add the activities to the builder
	latest    bool // find the latest activity date not after today
	keepIDs   bool // keep each row's activity_id and account_id
	// skip holds the lines of rows found bad by an earlier validating pass
	skip map[int]bool

	badLines  map[int]bool // rows found bad by this pass
	dups      int          // duplicated ids found by this pass
	latestDay slcs.Day
	hasLatest bool
}

var idSeed = maphash.MakeSeed()

// toBuilder adds each activity to the model.
func toBuilder(b *model.Builder) func(*actRec, *batch) error {
	var act model.Activity
	return func(r *actRec, bt *batch) error {
		act = r.act
		act.Ours = bt.items[r.ours[0]:r.ours[1]]
		act.Theirs = bt.items[r.theirs[0]:r.theirs[1]]
		b.AddActivity(&act)
		return nil
	}
}

// scanActivities makes one pass over activities.csv; emit, when the pass
// aggregates, receives every valid row.
func (l *loader) scanActivities(st *activityScan, emit func(*actRec, *batch) error) error {
	t, ok, err := l.open(ActivitiesFile, activityCols, []string{"activity_id", "account_id", "date", "our_people"}, true)
	if err != nil || !ok {
		return err
	}
	defer t.Close()
	st.badLines = map[int]bool{}
	var hashes hashStore
	defer hashes.close()
	count := 0
	today := l.o.Today
	work := func(t *table, rec [][]byte, line int, bt *batch, sc *scratch) {
		if st.skip[line] {
			return
		}
		var r actRec
		if re := l.parseActivity(t, rec, line, &r.act, st.validate); re != nil {
			bt.problems = append(bt.problems, re)
			return
		}
		if st.validate {
			r.hash = maphash.Bytes(idSeed, trim(rec[t.idx[atID]]))
		}
		if st.aggregate {
			r.ours = addPeople(bt, t.get(rec, atOurs), sc)
			r.theirs = addPeople(bt, t.get(rec, atTheirs), sc)
		}
		if st.keepIDs {
			r.id = bt.addItem(trim(rec[t.idx[atID]]))
			r.account = bt.addItem(t.get(rec, atAccount))
		}
		bt.acts = append(bt.acts, r)
	}
	apply := func(bt *batch) error {
		for _, p := range bt.problems {
			if st.skip[p.Line] {
				continue // reported by the pass that found it
			}
			st.badLines[p.Line] = true
			l.problem(p)
		}
		for i := range bt.acts {
			r := &bt.acts[i]
			count++
			if st.validate {
				if err := hashes.add(r.hash); err != nil {
					return err
				}
			}
			if d := r.act.Day; st.latest && d <= today && (!st.hasLatest || d > st.latestDay) {
				st.latestDay, st.hasLatest = d, true
			}
			if st.aggregate {
				if err := emit(r, bt); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := l.scan(t, work, apply); err != nil {
		return err
	}
	if st.validate && !l.stop() {
		dups, err := l.findDuplicates(t.path, &hashes, st)
		if err != nil {
			return err
		}
		count -= dups
		st.dups = dups
	}
	l.sum.Activities = count
	return l.failed()
}

// addPeople splits a people cell into the batch's items and returns their
// range.
func addPeople(bt *batch, cell []byte, sc *scratch) [2]int32 {
	sc.buf, sc.items = splitPeople(cell, sc.buf, sc.items)
	from := int32(len(bt.items))
	for _, it := range sc.items {
		bt.addItem(it)
	}
	return [2]int32{from, int32(len(bt.items))}
}

// parseActivity checks one row (the rules of the format when validate) and
// fills act, without its people.
func (l *loader) parseActivity(t *table, rec [][]byte, line int, act *model.Activity, validate bool) *RowError {
	bad := func(col int, rule string, value []byte) *RowError { return t.badAt(line, col, rule, value) }
	id := t.get(rec, atID)
	if validate && len(id) == 0 {
		return bad(atID, "the activity_id is empty", nil)
	}
	acct := t.get(rec, atAccount)
	idx, ok := l.account(acct)
	if !ok {
		return bad(atAccount, l.unknownAccount(), acct)
	}
	act.Account = idx
	d := t.get(rec, atDate)
	day, ok := parseDate(d)
	if !ok {
		return bad(atDate, "the date must be YYYY-MM-DD or an RFC 3339 date-time such as 2026-03-04T09:30:00+01:00", d)
	}
	act.Day = day
	typ := t.get(rec, atType)
	switch {
	case len(typ) == 0 || equalFold(typ, "other"):
		act.Type = slcs.Other
	case equalFold(typ, "email"):
		act.Type = slcs.Email
	case equalFold(typ, "call"):
		act.Type = slcs.Call
	case equalFold(typ, "meeting"):
		act.Type = slcs.Meeting
	default:
		return bad(atType, "the type must be email, call, meeting or other (or empty)", typ)
	}
	dir := t.get(rec, atDirection)
	switch {
	case len(dir) == 0 || equalFold(dir, "outbound"):
		act.Inbound = false
	case equalFold(dir, "inbound"):
		act.Inbound = true
	default:
		return bad(atDirection, "the direction must be inbound or outbound (or empty)", dir)
	}
	if validate && !hasPerson(t.get(rec, atOurs)) {
		return bad(atOurs, "our_people must name at least one of our people", t.get(rec, atOurs))
	}
	act.Minutes = -1
	if m := t.get(rec, atMinutes); len(m) > 0 {
		v, ok, tooLarge := parseNumber(m)
		if !ok || tooLarge {
			return bad(atMinutes, "minutes must be a number (like 30 or 12.5)", m)
		}
		if v < 0 {
			return bad(atMinutes, "minutes must be >= 0", m)
		}
		act.Minutes = v
	}
	return nil
}

// findDuplicates finds the rows whose activity_id an earlier valid row has.
// Ids are compared by a 64-bit hash first (8 bytes a row); only when two
// hashes are equal is the file read again to compare the ids themselves. It
// reports each duplicate and returns how many there were.
func (l *loader) findDuplicates(path string, hashes *hashStore, st *activityScan) (int, error) {
	twice, err := hashes.repeated()
	if err != nil {
		return 0, err
	}
	if len(twice) == 0 {
		return 0, nil
	}
	t, _, err := l.open(ActivitiesFile, activityCols, nil, true)
	if err != nil {
		return 0, err
	}
	defer t.Close()
	first := map[string]int{} // id -> line of its first valid row
	dups := 0
	var act model.Activity
	for {
		rec, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			continue // reported by the main pass
		}
		line := t.r.recLine
		id := trim(rec[t.idx[atID]])
		if !twice[maphash.Bytes(idSeed, id)] || st.badLines[line] || st.skip[line] ||
			l.parseActivity(t, rec, line, &act, true) != nil {
			continue
		}
		if f, seen := first[string(id)]; seen {
			dups++
			st.badLines[line] = true
			l.problem(&RowError{File: path, Line: line, Column: "activity_id",
				Rule: fmt.Sprintf("the activity_id is used by an earlier row (line %d)", f), Value: string(id)})
			continue
		}
		first[string(id)] = line
	}
	return dups, nil
}
