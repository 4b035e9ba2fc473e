package portfolio

import (
	"fmt"
	"strings"
	"testing"

	"github.com/slcs/slcs"
)

// TestProgress: the progress goes from 0 to all the bytes to read, never
// back, whether the activities are read in parallel or, after a CSV syntax
// error, row by row.
func TestProgress(t *testing.T) {
	acts := func(syntaxErrorAt int, dup bool) string {
		var sb strings.Builder
		sb.WriteString(activitiesHeader)
		for i := range 60000 { // about 2 MB
			id := fmt.Sprintf("t%d", i)
			if dup && i == 30000 {
				id = "t1"
			}
			if i == syntaxErrorAt {
				sb.WriteString("x,a1,2026-03-01,\"call\"x,,p@x.com,,\n")
				continue
			}
			fmt.Fprintf(&sb, "%s,a%d,2026-03-01,call,,p@x.com,,\n", id, i%2+1)
		}
		return sb.String()
	}
	for _, c := range []struct {
		name  string
		files map[string]string
	}{
		{"small", map[string]string{AccountsFile: okAccounts, TeamFile: okTeam, ActivitiesFile: okActivities, RevenueFile: okRevenue}},
		{"large", map[string]string{AccountsFile: okAccounts, ActivitiesFile: acts(-1, false), RevenueFile: okRevenue}},
		{"large with a duplicate", map[string]string{AccountsFile: okAccounts, ActivitiesFile: acts(-1, true)}},
		{"large with a late syntax error", map[string]string{AccountsFile: okAccounts, ActivitiesFile: acts(59000, false)}},
		{"large with an early syntax error", map[string]string{AccountsFile: okAccounts, ActivitiesFile: acts(10, false)}},
	} {
		dir := writePortfolio(t, c.files)
		for _, asOf := range [][]slcs.Day{nil, {march31}} {
			t.Run(fmt.Sprintf("%s/as-of given %v", c.name, asOf != nil), func(t *testing.T) {
				var calls [][2]int64
				o := opts(true, asOf...)
				o.Progress = func(done, total int64) { calls = append(calls, [2]int64{done, total}) }
				mustLoad(t, dir, o)
				if len(calls) == 0 {
					t.Fatalf("no progress call")
				}
				for i, c := range calls {
					if c[0] < 0 || c[0] > c[1] {
						t.Fatalf("call %d: done %d of %d", i, c[0], c[1])
					}
					if i > 0 && c[0] < calls[i-1][0] {
						t.Errorf("progress goes back from %d to %d (of %d) at call %d", calls[i-1][0], c[0], c[1], i)
						break
					}
				}
				if last := calls[len(calls)-1]; last[0] != last[1] {
					t.Errorf("the last progress is %d of %d bytes", last[0], last[1])
				}
			})
		}
	}
}
