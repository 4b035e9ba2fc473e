package workspace

import (
	"strings"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// Result gives the snapshot back in the form of a classification, so that
// the report writers and exports that take a classification write a
// snapshot too. What a snapshot rounds (scores to hundredths, frequency
// and proactiveness to millionths, ISO values to cents) comes back
// rounded; the reports show these roundings.
func (s *Snapshot) Result() *model.Result {
	r := &model.Result{AsOf: s.AsOf, Settings: s.Settings, Sellers: s.Sellers, Audit: s.Audit}
	w := s.Settings.Engagement.Weights
	r.Accounts = make([]model.AccountResult, len(s.Accounts))
	for i := range r.Segments {
		r.Segments[i].Segment = slcs.Segments[i]
	}
	for i := range s.Accounts {
		a := &s.Accounts[i]
		ar := model.AccountResult{
			ID: a.AccountID, Name: a.Name, Owner: a.Owner, Seller: strings.ToLower(a.Owner), Industry: a.Industry,
			Segment: a.Segment, Computed: a.Computed, Overridden: a.Overridden,
			Engagement: model.Score{Value: float64(a.Engagement) / 100, Hundredths: a.Engagement, High: a.EngagementHigh},
			Potential:  model.Score{Value: float64(a.Potential) / 100, Hundredths: a.Potential, High: a.PotentialHigh},
			Pairs:      model.Component{Raw: float64(a.Pairs), Percentile: a.PairsPct, Weight: w.Pairs},
			Frequency:  model.Component{Raw: float64(a.Frequency) / 1e6, Percentile: a.FrequencyPct, Weight: w.Frequency},
			Proactiveness: model.Component{Raw: float64(a.Proactiveness) / 1e6, Percentile: a.ProactivenessPct,
				Weight: w.Proactiveness},
			Activities: a.Activities, Inbound: a.Inbound, LastActivity: a.LastActivity, HasActivity: a.HasActivity,
			RecentOurPeople: a.RecentOurPeople, RecentTheirPeople: a.RecentTheirPeople,
			PotentialValue: a.PotentialValue, Revenue12m: a.Revenue12m, RecommendedHours: a.RecommendedHours,
			PeerGroup: a.PeerGroup, PeerGroupSize: a.PeerGroupSize, Employees: a.Employees, EmployeesGiven: a.EmployeesGiven,
		}
		for _, x := range a.ISOs {
			kind := model.Upsell
			if x.Kind == model.CrossSell.String() {
				kind = model.CrossSell
			}
			ar.ISOs = append(ar.ISOs, model.ISO{Product: x.Product, Kind: kind, Value: float64(x.Cents) / 100, Cents: x.Cents,
				Spend: x.Spend, PeerGroup: a.PeerGroup, PeerGroupSize: a.PeerGroupSize, Buyers: x.Buyers,
				Adoption: x.Adoption, High: x.High, Typical: x.Typical, Employees: a.Employees})
		}
		r.Accounts[i] = ar
		sm := &r.Segments[a.Segment]
		sm.Accounts++
		sm.Revenue12m += a.Revenue12m
		sm.PotentialValue += a.PotentialValue
	}
	return r
}
