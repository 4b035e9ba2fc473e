package crm

import (
	"encoding/csv"
	"io"
)

// MaxAmount bounds an amount, and a total of amounts, in millionths: nine
// trillion.
const MaxAmount = 9_000_000_000_000 * 1_000_000

type revenueKey struct{ account, product, month string }

// Revenue adds up the revenue of a conversion by account, product and
// month, and writes revenue.csv in the order each was first met.
type Revenue struct {
	sums  map[revenueKey]int64
	order []revenueKey
}

// TooLarge is the reason of a row whose amount Add refused.
const TooLarge = "the amount makes the total of its account, product and month too large"

// Add adds micros (millionths) to the account's product in month (YYYY-MM).
// It adds nothing and returns false when the total would pass MaxAmount
// either way.
func (r *Revenue) Add(account, product, month string, micros int64) bool {
	if r.sums == nil {
		r.sums = map[revenueKey]int64{}
	}
	k := revenueKey{account, product, month}
	sum, seen := r.sums[k]
	if s := sum + micros; s > MaxAmount || s < -MaxAmount || micros > MaxAmount || micros < -MaxAmount {
		return false
	}
	if !seen {
		r.order = append(r.order, k)
	}
	r.sums[k] = sum + micros
	return true
}

// Len is the number of rows Write writes.
func (r *Revenue) Len() int { return len(r.order) }

// Write writes revenue.csv.
func (r *Revenue) Write(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"account_id", "product", "month", "amount"})
	for _, k := range r.order {
		cw.Write([]string{k.account, k.product, k.month, FormatAmount(r.sums[k])})
	}
	cw.Flush()
	return cw.Error()
}
