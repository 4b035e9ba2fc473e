package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

func TestFixed(t *testing.T) {
	tests := []struct {
		v    int64
		k    int
		want string
	}{
		{0, 0, "0"},
		{0, 2, "0.00"},
		{0, 6, "0.000000"},
		{7, 0, "7"},
		{-7, 0, "-7"},
		{1234567, 0, "1234567"},
		{5, 2, "0.05"},
		{-5, 2, "-0.05"},
		{50, 2, "0.50"},
		{1250, 2, "12.50"},
		{-1250, 2, "-12.50"},
		{100, 2, "1.00"},
		{-100, 2, "-1.00"},
		{123456789, 2, "1234567.89"},
		{1, 6, "0.000001"},
		{-1, 6, "-0.000001"},
		{1234567, 6, "1.234567"},
		{-1234567, 6, "-1.234567"},
		{18853115, 6, "18.853115"},
		{500000, 6, "0.500000"},
		{math.MaxInt64, 2, "92233720368547758.07"},
		{math.MinInt64, 2, "-92233720368547758.08"},
		{Round2(-0.004), 2, "0.00"},
		{Round2(0.004), 2, "0.00"},
		{Round2(-0.006), 2, "-0.01"},
		{Round2(0.005), 2, "0.01"},
		{Round2(-0.005), 2, "-0.01"},
		{Round2(12.5), 2, "12.50"},
		{Round2(1.005), 2, "1.00"}, // 1.005 x 100 is 100.49999999999999 as a double
	}
	for _, tt := range tests {
		if got := Fixed(tt.v, tt.k); got != tt.want {
			t.Errorf("Fixed(%d, %d) = %q, want %q", tt.v, tt.k, got, tt.want)
		}
		prefix := []byte("x=")
		if got := string(AppendFixed(prefix, tt.v, tt.k)); got != "x="+tt.want {
			t.Errorf("AppendFixed(\"x=\", %d, %d) = %q, want %q", tt.v, tt.k, got, "x="+tt.want)
		}
	}
}

func TestRound2(t *testing.T) {
	tests := []struct {
		x    float64
		want int64
	}{
		{0, 0}, {-0.004, 0}, {0.125, 13}, {-0.125, -13}, {1.005, 100}, // 1.005 is below 1.005 as a double
		{99.995, 10000}, {-12.345, -1235}, {1e9, 1e11},
	}
	for _, tt := range tests {
		if got := Round2(tt.x); got != tt.want {
			t.Errorf("Round2(%v) = %d, want %d", tt.x, got, tt.want)
		}
	}
}

// sample builds a small classified portfolio by hand.
func sample() *model.Result {
	s := slcs.DefaultSettings()
	r := &model.Result{AsOf: slcs.MakeDay(2026, 11, 30), Settings: s}
	r.Accounts = []model.AccountResult{
		{
			ID: "A1", Name: `Acme, "Best" Co`, Owner: "Ann@Ourco.example", Seller: "ann@ourco.example",
			Industry: "Software", Segment: slcs.Key,
			Engagement:     model.Score{Value: 85.2, Hundredths: 8520, High: true},
			Potential:      model.Score{Value: 69, Hundredths: 6900, High: true},
			Pairs:          model.Component{Raw: 32, Percentile: 89, Weight: 0.5},
			Frequency:      model.Component{Raw: 18.853115, Percentile: 91, Weight: 0.3},
			Proactiveness:  model.Component{Raw: 0.5, Percentile: 67.333333, Weight: 0.2},
			Activities:     85,
			Inbound:        36,
			PotentialValue: 1250, // 12.50
			Revenue12m:     12_500_000,
			// 12.50
			RecommendedHours: 1250,
			PeerGroup:        "Software", PeerGroupSize: 7, EmployeesGiven: true, Employees: 325,
			ISOs: []model.ISO{
				{Product: "Analytics", Kind: model.CrossSell, Value: 7.504, Cents: 750, PeerGroup: "Software",
					PeerGroupSize: 7, Buyers: 3, Adoption: 3.0 / 7, High: 2, Typical: 1, Employees: 325},
				{Product: "Core, Platform", Kind: model.Upsell, Value: 5, Cents: 500, Spend: 100.5,
					PeerGroup: "Software", PeerGroupSize: 7, Buyers: 5, Adoption: 5.0 / 7, High: 2, Typical: 1, Employees: 325},
			},
		},
		{
			ID: "A2", Name: "Città Ünïcödé Holdings Group International Limited Partnership", Owner: "",
			Segment:        slcs.Service,
			Engagement:     model.Score{},
			Potential:      model.Score{Value: 0, Hundredths: 0},
			Revenue12m:     -4000, // -0.004
			PotentialValue: 0,
			PeerGroupSize:  2, Employees: 1,
		},
		{
			ID: "A3", Name: "Beta", Owner: "bob@ourco.example", Seller: "bob@ourco.example", Segment: slcs.GrowthPotential,
			Engagement: model.Score{Value: 20, Hundredths: 2000}, Potential: model.Score{Value: 90, Hundredths: 9000, High: true},
			PotentialValue: 98765432, Revenue12m: 1, RecommendedHours: 3600,
			ISOs: []model.ISO{{Product: "Training", Kind: model.CrossSell, Value: 987654.32, Cents: 98765432}},
		},
	}
	for i := range r.Accounts {
		a := &r.Accounts[i]
		sm := &r.Segments[a.Segment]
		sm.Accounts++
		sm.Revenue12m += a.Revenue12m
		sm.PotentialValue += a.PotentialValue
	}
	for _, sg := range slcs.Segments {
		r.Segments[sg].Segment = sg
	}
	r.Sellers = []model.TimePlan{
		{Seller: "", Capacity: 120, Accounts: [4]int{0, 0, 0, 1}, Share: [4]float64{0, 0, 0, 1}},
		{Seller: "ann@ourco.example", Capacity: 120, Accounts: [4]int{1, 0, 0, 0}, Share: [4]float64{1, 0, 0, 0}},
		{Seller: "bob@ourco.example", Capacity: 36, Accounts: [4]int{0, 0, 1, 0}, Share: [4]float64{0, 0, 1, 0}},
	}
	r.Audit = []model.AuditRow{
		{Person: "ann@ourco.example", OwnedAccounts: 1, Capacity: 120, Actual: [4]float64{10.125, 0, 0, 2.5},
			Recommended: [4]float64{120, 0, 0, 0}, Misallocation: 19.2307692, HasMisallocation: true},
		{Person: "bob@ourco.example", OwnedAccounts: 1, Capacity: 36, Recommended: [4]float64{0, 0, 36, 0}},
		{Person: "carl.with.a.very.long.name@ourco.example", Capacity: 120, Actual: [4]float64{0.004, 1, 0, 0}},
	}
	return r
}

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("invalid CSV: %v\n%s", err, data)
	}
	return rows
}

func TestWriteClassificationCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteClassificationCSV(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	wantHeader := "account_id,name,owner,segment,engagement,potential,potential_value,pairs,frequency,proactiveness,revenue_12m,recommended_hours"
	if lines[0] != wantHeader {
		t.Errorf("header = %q\nwant     %q", lines[0], wantHeader)
	}
	wantA1 := `A1,"Acme, ""Best"" Co",Ann@Ourco.example,key,85.20,69.00,12.50,32,18.853115,0.500000,12.50,12.50`
	if lines[1] != wantA1 {
		t.Errorf("row A1 = %q\nwant     %q", lines[1], wantA1)
	}
	wantA2 := "A2,Città Ünïcödé Holdings Group International Limited Partnership,,service,0.00,0.00,0.00,0,0.000000,0.000000,0.00,0.00"
	if lines[2] != wantA2 {
		t.Errorf("row A2 = %q\nwant     %q", lines[2], wantA2)
	}
	if !strings.HasSuffix(buf.String(), "\n") || strings.Contains(buf.String(), "\r") {
		t.Errorf("want LF line ends, ending with one")
	}
	rows := readCSV(t, buf.Bytes())
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4", len(rows))
	}
	if rows[1][1] != `Acme, "Best" Co` {
		t.Errorf("name read back = %q", rows[1][1])
	}
	if rows[3][6] != "987654.32" || rows[3][10] != "0.00" || rows[3][11] != "36.00" {
		t.Errorf("row A3 = %q", rows[3])
	}
}

func TestWriteISOsCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteISOsCSV(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	want := "account_id,product,kind,value\n" +
		"A1,Analytics,cross-sell,7.50\n" +
		"A1,\"Core, Platform\",upsell,5.00\n" +
		"A3,Training,cross-sell,987654.32\n"
	if buf.String() != want {
		t.Errorf("ISOs CSV =\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestWriteAuditCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteAuditCSV(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	want := "person,owned_accounts,capacity_hours,actual_key,actual_maintenance,actual_growth_potential,actual_service," +
		"recommended_key,recommended_maintenance,recommended_growth_potential,recommended_service,misallocation\n" +
		// actual is in segment order key, maintenance, growth_potential, service
		"ann@ourco.example,1,120.00,10.13,0.00,0.00,2.50,120.00,0.00,0.00,0.00,19.23\n" +
		"bob@ourco.example,1,36.00,0.00,0.00,0.00,0.00,0.00,0.00,36.00,0.00,\n" +
		"carl.with.a.very.long.name@ourco.example,0,120.00,0.00,1.00,0.00,0.00,0.00,0.00,0.00,0.00,\n"
	if buf.String() != want {
		t.Errorf("audit CSV =\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestWriteJSONKeepsTwoDecimals(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, sample(), Meta{Source: "dir", AsOfRule: "given"}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !json.Valid(buf.Bytes()) {
		t.Fatalf("invalid JSON:\n%s", out)
	}
	for _, want := range []string{
		`"as_of": "2026-11-30"`,
		`"engagement": 85.20`,
		`"potential": 69.00`,
		`"potential_value": 12.50`,
		`"revenue_12m": 12.50`,
		`"recommended_hours": 12.50`,
		`"score": 85.20`,
		`"value": 7.50`,
		`"value": 5.00`,
		`"spend": 100.50`,
		`"revenue_12m": 0.00`, // -0.004 rounds to 0.00, not -0.00
		`"potential_value": 987654.32`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	if strings.Contains(out, "-0.00") {
		t.Errorf("JSON holds a negative zero -0.00")
	}
	var doc struct {
		Skipped  []SkippedRow `json:"skipped"`
		ISOCount int          `json:"iso_count"`
		Totals   struct {
			Accounts       int         `json:"accounts"`
			PotentialValue json.Number `json:"potential_value"`
		} `json:"totals"`
		Accounts []struct {
			AccountID string `json:"account_id"`
			ISOs      []struct {
				Benchmark struct {
					PeerGroup string `json:"peer_group"`
					Buyers    int    `json:"buyers"`
				} `json:"benchmark"`
			} `json:"isos"`
		} `json:"accounts"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Skipped == nil || len(doc.Skipped) != 0 {
		t.Errorf("skipped = %v, want an empty list", doc.Skipped)
	}
	if doc.ISOCount != 3 || doc.Totals.Accounts != 3 || doc.Totals.PotentialValue != "987666.82" {
		t.Errorf("iso_count %d, totals %+v", doc.ISOCount, doc.Totals)
	}
	if len(doc.Accounts) != 3 || doc.Accounts[1].ISOs == nil {
		t.Fatalf("accounts %+v: want 3, each with an isos list (empty, not null)", doc.Accounts)
	}
	if b := doc.Accounts[0].ISOs[0].Benchmark; b.PeerGroup != "Software" || b.Buyers != 3 {
		t.Errorf("benchmark = %+v", b)
	}
	if b := doc.Accounts[2].ISOs[0].Benchmark; b.PeerGroup != "portfolio" {
		t.Errorf("an empty peer group = %q, want portfolio", b.PeerGroup)
	}
}

func TestWriteTextColor(t *testing.T) {
	for _, color := range []bool{false, true} {
		var buf bytes.Buffer
		if err := WriteText(&buf, sample(), Meta{AsOfRule: "given"}, TextOptions{Color: color}); err != nil {
			t.Fatal(err)
		}
		has := strings.Contains(buf.String(), "\x1b[")
		if has != color {
			t.Errorf("Color %v: ANSI escapes present = %v\n%s", color, has, buf.String())
		}
		if color && !strings.Contains(buf.String(), "\x1b[0m") {
			t.Errorf("Color true: no reset sequence")
		}
	}
}

func TestWriteTextFits80(t *testing.T) {
	r := sample()
	var buf bytes.Buffer
	meta := Meta{AsOfRule: "end of latest revenue month",
		Skipped: []SkippedRow{{File: "x.csv", Line: 3, Column: "date", Rule: "bad"}}}
	if err := WriteText(&buf, r, meta, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for i, l := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("line %d has %d runes: %q", i+1, n, l)
		}
		if strings.HasSuffix(l, " ") {
			t.Errorf("line %d has trailing spaces: %q", i+1, l)
		}
	}
	for _, want := range []string{
		"3 accounts classified as of 2026-11-30 (end of latest revenue month)",
		"1 bad row skipped",
		"Città Ünïcödé Holdings Group Int…", // cut to 33 runes
		"987,654", // the largest ISO, in whole units
		"3 ISOs in all",
		"(no owner)",
		"19.2%",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "\n") {
		t.Errorf("report does not end with a newline")
	}
}

func TestMoneyAndThousands(t *testing.T) {
	tests := []struct {
		cents int64
		want  string
	}{
		{0, "0"}, {49, "0"}, {50, "1"}, {-50, "-1"}, {-49, "0"}, {123456789, "1,234,568"},
		{-123456789, "-1,234,568"}, {100000, "1,000"}, {99999, "1,000"}, {-99949, "-999"},
	}
	for _, tt := range tests {
		if got := Money(tt.cents); got != tt.want {
			t.Errorf("Money(%d) = %q, want %q", tt.cents, got, tt.want)
		}
	}
}

// TestWriteTextFirstLineFits80: the first line names the as-of rule; with
// 10,000 accounts or more and the longest rule it must still fit 80 columns.
func TestWriteTextFirstLineFits80(t *testing.T) {
	r := &model.Result{AsOf: slcs.MakeDay(2026, 11, 30), Settings: slcs.DefaultSettings()}
	r.Accounts = make([]model.AccountResult, 12345)
	for i := range r.Accounts {
		r.Accounts[i] = model.AccountResult{ID: fmt.Sprintf("A%06d", i), Name: "x", Segment: slcs.Service}
	}
	r.Segments[slcs.Service].Accounts = len(r.Accounts)
	for _, sg := range slcs.Segments {
		r.Segments[sg].Segment = sg
	}
	for _, rule := range []string{"end of latest revenue month", "latest activity", "today"} {
		var buf bytes.Buffer
		if err := WriteText(&buf, r, Meta{AsOfRule: rule}, TextOptions{}); err != nil {
			t.Fatal(err)
		}
		first, _, _ := strings.Cut(buf.String(), "\n")
		if !strings.HasPrefix(first, "12,345 accounts") {
			t.Errorf("first line %q", first)
		}
		if n := utf8.RuneCountInString(first); n > 80 {
			t.Errorf("rule %q: first line has %d runes: %q", rule, n, first)
		}
	}
}
