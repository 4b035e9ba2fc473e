// Package report writes a classification for people and programs: the CSV
// forms of the specification, a JSON document with every account's
// explanation, and the text report a sales leader reads in thirty seconds.
package report

import (
	"bufio"
	"encoding/csv"
	"io"
	"math"
	"strconv"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// Fixed formats v, a count of 10^-k, with k decimals.
func Fixed(v int64, k int) string {
	return string(AppendFixed(nil, v, k))
}

// AppendFixed appends v, a count of 10^-k, with k decimals.
func AppendFixed(dst []byte, v int64, k int) []byte {
	if v < 0 {
		dst = append(dst, '-')
	}
	u := uint64(v)
	if v < 0 {
		u = uint64(-v)
	}
	p := uint64(math.Pow10(k))
	dst = strconv.AppendUint(dst, u/p, 10)
	if k == 0 {
		return dst
	}
	dst = append(dst, '.')
	frac := strconv.AppendUint(nil, u%p, 10)
	for i := len(frac); i < k; i++ {
		dst = append(dst, '0')
	}
	return append(dst, frac...)
}

// Round2 is round_2 of the specification as a count of hundredths.
func Round2(x float64) int64 { return int64(math.Round(x * 100)) }

// writeCSV writes a header and the rows that rows emits, through one
// buffered CSV writer.
func writeCSV(w io.Writer, header []string, rows func(emit func([]string) error) error) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := rows(cw.Write); err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// ClassificationHeader is the header of the classification CSV.
var ClassificationHeader = []string{"account_id", "name", "owner", "segment", "engagement", "potential",
	"potential_value", "pairs", "frequency", "proactiveness", "revenue_12m", "recommended_hours"}

// WriteClassificationCSV writes one row an account, sorted by account_id.
func WriteClassificationCSV(w io.Writer, r *model.Result) error {
	return writeCSV(w, ClassificationHeader, func(emit func([]string) error) error {
		row := make([]string, len(ClassificationHeader))
		for i := range r.Accounts {
			a := &r.Accounts[i]
			row[0], row[1], row[2], row[3] = a.ID, a.Name, a.Owner, a.Segment.ID()
			row[4] = Fixed(a.Engagement.Hundredths, 2)
			row[5] = Fixed(a.Potential.Hundredths, 2)
			row[6] = Fixed(a.PotentialValue, 2)
			row[7] = strconv.FormatInt(int64(a.Pairs.Raw), 10)
			row[8] = Fixed(int64(math.Round(a.Frequency.Raw*1e6)), 6)
			row[9] = Fixed(int64(math.Round(a.Proactiveness.Raw*1e6)), 6)
			row[10] = Fixed(Round2(float64(a.Revenue12m)/1e6), 2)
			row[11] = Fixed(a.RecommendedHours, 2)
			if err := emit(row); err != nil {
				return err
			}
		}
		return nil
	})
}

// ISOHeader is the header of the ISO list.
var ISOHeader = []string{"account_id", "product", "kind", "value"}

// WriteISOsCSV writes the ISO list, sorted by account_id, then product.
func WriteISOsCSV(w io.Writer, r *model.Result) error {
	return writeCSV(w, ISOHeader, func(emit func([]string) error) error {
		for i := range r.Accounts {
			a := &r.Accounts[i]
			for _, iso := range a.ISOs {
				if err := emit([]string{a.ID, iso.Product, iso.Kind.String(), Fixed(iso.Cents, 2)}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// AuditHeader is the header of the audit.
var AuditHeader = []string{"person", "owned_accounts", "capacity_hours", "actual_key", "actual_maintenance",
	"actual_growth_potential", "actual_service", "recommended_key", "recommended_maintenance",
	"recommended_growth_potential", "recommended_service", "misallocation"}

// WriteAuditCSV writes the audit, one row a person, sorted by person.
func WriteAuditCSV(w io.Writer, r *model.Result) error {
	return writeCSV(w, AuditHeader, func(emit func([]string) error) error {
		row := make([]string, len(AuditHeader))
		for _, p := range r.Audit {
			row[0] = p.Person
			row[1] = strconv.Itoa(p.OwnedAccounts)
			row[2] = Fixed(Round2(p.Capacity), 2)
			for j, sg := range slcs.Segments {
				row[3+j] = Fixed(Round2(p.Actual[sg]), 2)
				row[7+j] = Fixed(Round2(p.Recommended[sg]), 2)
			}
			row[11] = ""
			if p.HasMisallocation {
				row[11] = Fixed(Round2(p.Misallocation), 2)
			}
			if err := emit(row); err != nil {
				return err
			}
		}
		return nil
	})
}
