package portfolio

import (
	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

const (
	rvAccount = iota
	rvProduct
	rvMonth
	rvAmount
)

var revenueCols = []string{"account_id", "product", "month", "amount"}

// revRec is a parsed revenue row in a batch.
type revRec struct {
	account   int32
	product   int32 // index in the batch's items; -1 when not wanted
	accountID int32 // index in the batch's items
	month     slcs.Month
	micros    int64
	line      int32
}

// parseRevenue checks one revenue row.
func (l *loader) parseRevenue(t *table, rec [][]byte, line int) (r revRec, product []byte, re *RowError) {
	bad := func(col int, rule string, value []byte) *RowError { return t.badAt(line, col, rule, value) }
	acct := t.get(rec, rvAccount)
	idx, ok := l.account(acct)
	if !ok {
		return r, nil, bad(rvAccount, l.unknownAccount(), acct)
	}
	product = t.get(rec, rvProduct)
	if len(product) == 0 {
		return r, nil, bad(rvProduct, "the product is empty", nil)
	}
	ms := t.get(rec, rvMonth)
	m, ok := parseMonth(ms)
	if !ok {
		return r, nil, bad(rvMonth, "the month must be YYYY-MM", ms)
	}
	a := t.get(rec, rvAmount)
	micros, ok, tooLarge := parseNumber(a)
	if !ok {
		return r, nil, bad(rvAmount, "the amount must be a number with at most 6 decimals (like 1250.50 or -80)", a)
	}
	if tooLarge {
		return r, nil, bad(rvAmount, "the amount is too large", a)
	}
	return revRec{account: idx, month: m, micros: micros, line: int32(line)}, product, nil
}

// readRevenue checks every revenue row and adds those of the revenue window
// to the builder.
func (l *loader) readRevenue(b *model.Builder) error {
	return l.scanRevenue(b.InRevenueWindow, func(r *revRec, bt *batch) error {
		return b.AddRevenue(r.account, bt.items[r.product], r.month, r.micros)
	})
}

// scanRevenue checks every revenue row and emits the valid ones of the
// months wanted; an error from emit is a problem of that row's amount.
func (l *loader) scanRevenue(want func(slcs.Month) bool, emit func(*revRec, *batch) error) error {
	t, ok, err := l.open(RevenueFile, revenueCols, revenueCols, true)
	if err != nil || !ok {
		return err
	}
	defer t.Close()
	rows := 0
	work := func(t *table, rec [][]byte, line int, bt *batch, _ *scratch) {
		r, product, re := l.parseRevenue(t, rec, line)
		if re != nil {
			bt.problems = append(bt.problems, re)
			return
		}
		r.product = -1
		if want(r.month) {
			r.product = bt.addItem(product)
			r.accountID = bt.addItem(t.get(rec, rvAccount))
		}
		bt.revs = append(bt.revs, r)
	}
	apply := func(bt *batch) error {
		for _, p := range bt.problems {
			l.problem(p)
		}
		for i := range bt.revs {
			r := &bt.revs[i]
			if r.product >= 0 {
				if err := emit(r, bt); err != nil {
					l.problem(&RowError{File: t.path, Line: int(r.line), Column: "amount", Rule: err.Error()})
					continue
				}
			}
			rows++
		}
		return nil
	}
	if err := l.scan(t, work, apply); err != nil {
		return err
	}
	l.sum.RevenueRows = rows
	return l.failed()
}

// latestRevenueMonth reads revenue.csv for its latest valid month; bad rows
// are reported by readRevenue, not here.
func (l *loader) latestRevenueMonth() (slcs.Month, bool, error) {
	t, ok, err := l.open(RevenueFile, revenueCols, revenueCols, true)
	if err != nil || !ok {
		return 0, false, err
	}
	defer t.Close()
	l.total += l.size(RevenueFile)
	var latest slcs.Month
	found := false
	work := func(t *table, rec [][]byte, line int, bt *batch, _ *scratch) {
		if r, _, re := l.parseRevenue(t, rec, line); re == nil {
			bt.revs = append(bt.revs, r)
		}
	}
	apply := func(bt *batch) error {
		for _, r := range bt.revs {
			if !found || r.month > latest {
				latest, found = r.month, true
			}
		}
		return nil
	}
	return latest, found, l.scan(t, work, apply)
}
