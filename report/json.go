package report

import (
	"encoding/json"
	"io"
	"math"
	"strconv"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// Meta is what a report says about the run besides the result.
type Meta struct {
	Source   string // the folder or workspace classified
	AsOfRule string // how the as-of date was chosen
	Skipped  []SkippedRow
	Snapshot int64 // the snapshot saved, when a workspace was classified
}

// SkippedRow is a bad input row left out with --skip-invalid.
type SkippedRow struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"`
	Rule   string `json:"rule"`
	Value  string `json:"value,omitempty"`
}

// The JSON document; docs/output.md describes every field.
type jsonDoc struct {
	Version   int           `json:"version"`
	Source    string        `json:"source,omitempty"`
	Snapshot  int64         `json:"snapshot,omitempty"`
	AsOf      string        `json:"as_of"`
	AsOfRule  string        `json:"as_of_rule,omitempty"`
	Settings  slcs.Settings `json:"settings"`
	Segments  []jsonSegment `json:"segments"`
	Accounts  []jsonAccount `json:"accounts"`
	TimePlans []SellerPlan  `json:"time_plans"`
	Audit     []AuditRow    `json:"audit"`
	Skipped   []SkippedRow  `json:"skipped"`
	Totals    jsonTotals    `json:"totals"`
	ISOCount  int           `json:"iso_count"`
}

type jsonTotals struct {
	Accounts       int         `json:"accounts"`
	Revenue12m     json.Number `json:"revenue_12m"`
	PotentialValue json.Number `json:"potential_value"`
}

type jsonSegment struct {
	Segment        string      `json:"segment"`
	Name           string      `json:"name"`
	Accounts       int         `json:"accounts"`
	Revenue12m     json.Number `json:"revenue_12m"`
	PotentialValue json.Number `json:"potential_value"`
}

type jsonAccount struct {
	AccountID        string           `json:"account_id"`
	Name             string           `json:"name"`
	Owner            string           `json:"owner"`
	Industry         string           `json:"industry"`
	Segment          string           `json:"segment"`
	Overridden       bool             `json:"overridden"`
	ComputedSegment  string           `json:"computed_segment"`
	Engagement       json.Number      `json:"engagement"`
	Potential        json.Number      `json:"potential"`
	PotentialValue   json.Number      `json:"potential_value"`
	Revenue12m       json.Number      `json:"revenue_12m"`
	RecommendedHours json.Number      `json:"recommended_hours"`
	Explanation      Explanation      `json:"explanation"`
	ISOs             []ISOExplanation `json:"isos"`
}

// Explanation is how an account's two scores were made.
type Explanation struct {
	Engagement EngagementExplanation `json:"engagement"`
	Potential  PotentialExplanation  `json:"potential"`
}

// EngagementExplanation is the engagement score and its components.
type EngagementExplanation struct {
	Score      json.Number            `json:"score"`
	Threshold  float64                `json:"threshold"`
	High       bool                   `json:"high"`
	Activities int64                  `json:"activities"`
	Inbound    int64                  `json:"inbound"`
	Components []ComponentExplanation `json:"components"`
}

// ComponentExplanation is one engagement component: its value, percentile
// among all accounts, and weight.
type ComponentExplanation struct {
	Name       string      `json:"name"`
	Raw        json.Number `json:"raw"`
	Percentile json.Number `json:"percentile"`
	Weight     float64     `json:"weight"`
}

// PotentialExplanation is the potential score: the percentile of the
// potential value, and the peers it was judged against.
type PotentialExplanation struct {
	Score          json.Number `json:"score"`
	Threshold      float64     `json:"threshold"`
	High           bool        `json:"high"`
	PotentialValue json.Number `json:"potential_value"`
	PeerGroup      string      `json:"peer_group"`
	PeerGroupSize  int         `json:"peer_group_size"`
	Employees      json.Number `json:"employees"`
	EmployeesGiven bool        `json:"employees_given"`
}

// ISOExplanation is an ISO with the peer benchmark behind it.
type ISOExplanation struct {
	Product   string      `json:"product"`
	Kind      string      `json:"kind"`
	Value     json.Number `json:"value"`
	Spend     json.Number `json:"spend"`
	Benchmark Benchmark   `json:"benchmark"`
}

// Benchmark is how the peers of an account buy a product.
type Benchmark struct {
	PeerGroup     string      `json:"peer_group"`
	PeerGroupSize int         `json:"peer_group_size"`
	Buyers        int         `json:"buyers"`
	Adoption      json.Number `json:"adoption"`
	High          json.Number `json:"high_intensity"`
	Typical       json.Number `json:"typical_intensity"`
	Employees     json.Number `json:"employees"`
}

// SellerPlan is a seller's time plan in the JSON document.
type SellerPlan struct {
	Seller      string                 `json:"seller"`
	Capacity    json.Number            `json:"capacity_hours"`
	Accounts    map[string]int         `json:"accounts"`
	Share       map[string]json.Number `json:"share"`
	Recommended map[string]json.Number `json:"recommended_hours"`
}

// AuditRow is a person's row of the audit in the JSON document.
type AuditRow struct {
	Person        string                 `json:"person"`
	OwnedAccounts int                    `json:"owned_accounts"`
	Capacity      json.Number            `json:"capacity_hours"`
	Actual        map[string]json.Number `json:"actual_hours"`
	Recommended   map[string]json.Number `json:"recommended_hours"`
	Misallocation *json.Number           `json:"misallocation"`
}

func num2(x float64) json.Number { return json.Number(Fixed(Round2(x), 2)) }
func cents(v int64) json.Number  { return json.Number(Fixed(v, 2)) }
func micros(v int64) json.Number { return json.Number(Fixed(Round2(float64(v)/1e6), 2)) }

// num prints a double with up to 6 significant decimals, as a JSON number.
func num(x float64) json.Number {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "0"
	}
	return json.Number(strconv.FormatFloat(x, 'f', -1, 64))
}

func hours(v [4]float64) map[string]json.Number {
	m := make(map[string]json.Number, 4)
	for _, sg := range slcs.Segments {
		m[sg.ID()] = num2(v[sg])
	}
	return m
}

// WriteJSON writes the whole classification with every account's
// explanation as one JSON document.
func WriteJSON(w io.Writer, r *model.Result, meta Meta) error {
	s := r.Settings
	doc := jsonDoc{
		Version:  1,
		Source:   meta.Source,
		Snapshot: meta.Snapshot,
		AsOf:     r.AsOf.String(),
		AsOfRule: meta.AsOfRule,
		Settings: s,
		Skipped:  meta.Skipped,
	}
	if doc.Skipped == nil {
		doc.Skipped = []SkippedRow{}
	}
	doc.TimePlans, doc.Audit = []SellerPlan{}, []AuditRow{}
	var rev, pv int64
	for _, sm := range r.Segments {
		doc.Segments = append(doc.Segments, jsonSegment{
			Segment: sm.Segment.ID(), Name: sm.Segment.Name(), Accounts: sm.Accounts,
			Revenue12m: micros(sm.Revenue12m), PotentialValue: cents(sm.PotentialValue),
		})
		rev += sm.Revenue12m
		pv += sm.PotentialValue
	}
	doc.Totals = jsonTotals{Accounts: len(r.Accounts), Revenue12m: micros(rev), PotentialValue: cents(pv)}
	doc.Accounts = make([]jsonAccount, 0, len(r.Accounts))
	for i := range r.Accounts {
		a := &r.Accounts[i]
		ja := jsonAccount{
			AccountID: a.ID, Name: a.Name, Owner: a.Owner, Industry: a.Industry,
			Segment:          a.Segment.ID(),
			Overridden:       a.Overridden,
			ComputedSegment:  a.Computed.ID(),
			Engagement:       cents(a.Engagement.Hundredths),
			Potential:        cents(a.Potential.Hundredths),
			PotentialValue:   cents(a.PotentialValue),
			Revenue12m:       micros(a.Revenue12m),
			RecommendedHours: cents(a.RecommendedHours),
		}
		ja.Explanation, ja.ISOs = Explain(a, s)
		doc.ISOCount += len(ja.ISOs)
		doc.Accounts = append(doc.Accounts, ja)
	}
	doc.TimePlans = append(doc.TimePlans, SellerPlans(r.Sellers)...)
	doc.Audit = append(doc.Audit, AuditRows(r.Audit)...)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func component(name string, c model.Component) ComponentExplanation {
	return ComponentExplanation{Name: name, Raw: num(c.Raw), Percentile: num(round6(c.Percentile)), Weight: c.Weight}
}

// peerGroup names a peer group: the industry, or "portfolio".
func peerGroup(g string) string {
	if g == "" {
		return "portfolio"
	}
	return g
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// Explain is how an account's scores were made, and its ISOs with the peer
// benchmark behind each, in the shapes of the JSON document.
func Explain(a *model.AccountResult, s slcs.Settings) (Explanation, []ISOExplanation) {
	e := Explanation{
		Engagement: EngagementExplanation{
			Score: cents(a.Engagement.Hundredths), Threshold: s.Engagement.Threshold, High: a.Engagement.High,
			Activities: a.Activities, Inbound: a.Inbound,
			Components: []ComponentExplanation{
				component("pairs", a.Pairs),
				component("frequency", a.Frequency),
				component("proactiveness", a.Proactiveness),
			},
		},
		Potential: PotentialExplanation{
			Score: cents(a.Potential.Hundredths), Threshold: s.Potential.Threshold, High: a.Potential.High,
			PotentialValue: cents(a.PotentialValue),
			PeerGroup:      peerGroup(a.PeerGroup), PeerGroupSize: a.PeerGroupSize,
			Employees: num(a.Employees), EmployeesGiven: a.EmployeesGiven,
		},
	}
	isos := make([]ISOExplanation, 0, len(a.ISOs))
	for _, iso := range a.ISOs {
		isos = append(isos, ISOExplanation{
			Product: iso.Product, Kind: iso.Kind.String(), Value: cents(iso.Cents), Spend: num2(iso.Spend),
			Benchmark: Benchmark{
				PeerGroup: peerGroup(iso.PeerGroup), PeerGroupSize: iso.PeerGroupSize, Buyers: iso.Buyers,
				Adoption: num(round6(iso.Adoption)), High: num(round6(iso.High)), Typical: num(round6(iso.Typical)),
				Employees: num(iso.Employees),
			},
		})
	}
	return e, isos
}

// SellerPlans are time plans in the shape of the JSON document.
func SellerPlans(plans []model.TimePlan) []SellerPlan {
	out := make([]SellerPlan, 0, len(plans))
	for _, p := range plans {
		tp := SellerPlan{Seller: p.Seller, Capacity: num2(p.Capacity), Accounts: map[string]int{},
			Share: map[string]json.Number{}}
		var rec [4]float64
		for _, sg := range slcs.Segments {
			tp.Accounts[sg.ID()] = p.Accounts[sg]
			tp.Share[sg.ID()] = num(round6(p.Share[sg]))
			rec[sg] = p.Capacity * p.Share[sg]
		}
		tp.Recommended = hours(rec)
		out = append(out, tp)
	}
	return out
}

// AuditRows are audit rows in the shape of the JSON document.
func AuditRows(rows []model.AuditRow) []AuditRow {
	out := make([]AuditRow, 0, len(rows))
	for _, p := range rows {
		row := AuditRow{Person: p.Person, OwnedAccounts: p.OwnedAccounts, Capacity: num2(p.Capacity),
			Actual: hours(p.Actual), Recommended: hours(p.Recommended)}
		if p.HasMisallocation {
			m := num2(p.Misallocation)
			row.Misallocation = &m
		}
		out = append(out, row)
	}
	return out
}
