package model_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/portfolio"
)

// conformanceDir holds the cases of /work/shared/conformance, copied into
// the module's test data.
const conformanceDir = "../testdata/conformance"

// How a column of an output is compared.
type mtCol uint8

const (
	mtExact    mtCol = iota // the same string
	mtCents                 // a number within 0.01
	mtMicro                 // a number within 0.000001
	mtOptCents              // empty in both, or numbers within 0.01
)

var mtColumns = map[string]map[string]mtCol{
	"classification.csv": {
		"account_id": mtExact, "name": mtExact, "owner": mtExact, "segment": mtExact,
		"engagement": mtCents, "potential": mtCents, "potential_value": mtCents, "pairs": mtExact,
		"frequency": mtMicro, "proactiveness": mtMicro, "revenue_12m": mtCents, "recommended_hours": mtCents,
	},
	"isos.csv": {"account_id": mtExact, "product": mtExact, "kind": mtExact, "value": mtCents},
	"audit.csv": {
		"person": mtExact, "owned_accounts": mtExact, "capacity_hours": mtCents,
		"actual_key": mtCents, "actual_maintenance": mtCents, "actual_growth_potential": mtCents, "actual_service": mtCents,
		"recommended_key": mtCents, "recommended_maintenance": mtCents, "recommended_growth_potential": mtCents,
		"recommended_service": mtCents, "misallocation": mtOptCents,
	},
}

// mtKeyColumns name a row of each output in messages.
var mtKeyColumns = map[string][]int{"classification.csv": {0}, "isos.csv": {0, 1}, "audit.csv": {0}}

func TestConformance(t *testing.T) {
	entries, err := os.ReadDir(conformanceDir)
	if err != nil {
		t.Fatalf("the conformance cases are missing (copy /work/shared/conformance/* into testdata/conformance): %v", err)
	}
	cases := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		cases++
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(conformanceDir, name)
			asOfText, err := os.ReadFile(filepath.Join(dir, "as-of"))
			if err != nil {
				t.Fatal(err)
			}
			o := portfolio.Options{Settings: slcs.DefaultSettings(), Today: slcs.DayOf(time.Now())}
			if s := strings.TrimSpace(string(asOfText)); s != "" {
				o.AsOf, o.HasAsOf = mtDay(t, s), true
			}
			b, _, err := portfolio.Load(filepath.Join(dir, "portfolio"), o)
			if err != nil {
				t.Fatalf("portfolio.Load: %v", err)
			}
			got := mtWrite(t, b.Classify())
			for file, text := range map[string]string{
				"classification.csv": got.classification, "isos.csv": got.isos, "audit.csv": got.audit,
			} {
				want, err := os.ReadFile(filepath.Join(dir, "expected", file))
				if err != nil {
					t.Fatal(err)
				}
				mtCompareCSV(t, file, string(want), text)
			}
		})
	}
	if cases == 0 {
		t.Fatal("no conformance case found")
	}
}

// mtCompareCSV compares an output with the expected one field by field.
func mtCompareCSV(t *testing.T, file, want, got string) {
	t.Helper()
	wh, wrows := mtParseCSV(t, "expected "+file, want)
	gh, grows := mtParseCSV(t, "got "+file, got)
	if strings.Join(wh, ",") != strings.Join(gh, ",") {
		t.Errorf("%s: header %q, want %q", file, gh, wh)
		return
	}
	key := func(row []string) string {
		var parts []string
		for _, k := range mtKeyColumns[file] {
			parts = append(parts, row[k])
		}
		return strings.Join(parts, " / ")
	}
	wantKeys := map[string][]string{}
	for _, r := range wrows {
		wantKeys[key(r)] = r
	}
	gotKeys := map[string][]string{}
	for _, r := range grows {
		gotKeys[key(r)] = r
	}
	errs := 0
	fail := func(format string, args ...any) {
		errs++
		if errs <= 20 {
			t.Errorf(file+": "+format, args...)
		}
	}
	for k := range wantKeys {
		if _, ok := gotKeys[k]; !ok {
			fail("row %s is missing", k)
		}
	}
	for k := range gotKeys {
		if _, ok := wantKeys[k]; !ok {
			fail("row %s is not expected", k)
		}
	}
	if len(wrows) == len(grows) {
		for i := range wrows {
			if key(wrows[i]) != key(grows[i]) {
				fail("row %d is %s, want %s (order)", i+1, key(grows[i]), key(wrows[i]))
				break
			}
		}
	}
	cols := mtColumns[file]
	for k, w := range wantKeys {
		g, ok := gotKeys[k]
		if !ok {
			continue
		}
		for j, col := range wh {
			if !mtFieldAgrees(cols[col], w[j], g[j]) {
				fail("%s: %s is %q, want %q", k, col, g[j], w[j])
			}
		}
	}
	if errs > 20 {
		t.Errorf("%s: %d differences in all", file, errs)
	}
}

func mtFieldAgrees(kind mtCol, want, got string) bool {
	tol := 0.0
	switch kind {
	case mtExact:
		return want == got
	case mtOptCents:
		if want == "" || got == "" {
			return want == got
		}
		tol = 0.01
	case mtCents:
		tol = 0.01
	case mtMicro:
		tol = 0.000001
	}
	w, err1 := strconv.ParseFloat(want, 64)
	g, err2 := strconv.ParseFloat(got, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	// a little slack for the decimal representation of the tolerance
	return mtNear(w, g, tol+1e-9)
}
