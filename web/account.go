package web

import (
	"cmp"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/workspace"
)

// Limits of the account page: the people of the relationship map and the
// activities of the timeline beyond which the page says what it left out.
const (
	mapPeople        = 12
	timelineEntries  = 100
	overrideReasonSz = 500
)

type accountData struct {
	A          *workspace.SnapshotAccount
	Seller     string
	Components []componentRow
	Threshold  struct{ Engagement, Potential float64 }
	Map        relationshipMap
	Timeline   []timelineEntry
	Older      int // activities older than the timeline shows
	History    []workspace.HistoryPoint
	Override   *workspace.Override // in force
	Overrides  []workspace.Override
	Pending    bool // the override in force differs from the snapshot's
	Segments   [4]slcs.Segment
	Today      string
	Error      string
	Form       overrideForm
	MayEdit    bool // the user may set and lift the override
}

type overrideForm struct{ Segment, Reason, Until string }

type componentRow struct {
	Name, Raw, Explain string
	Percentile, Weight float64
	Points             float64 // weight x percentile
}

type relationshipMap struct {
	Ours, Theirs []person
	Cells        [][]cell // [our][their]
	MoreOurs     int
	MoreTheirs   int
}

type person struct {
	Name  string
	Count int
	Last  slcs.Day
}

type cell struct {
	Count int
	Last  slcs.Day
}

type timelineEntry struct {
	Day                 slcs.Day
	Type, Direction     string
	Ours, Theirs        string
	Minutes             string
	OurList, TheirsList []string
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	s.withView(w, r, func(v *view) {
		id := r.PathValue("id")
		i, ok := v.account(id, principal(r))
		if !ok {
			s.notFound(w, r, "No account "+id+" in the latest classification.")
			return
		}
		d, err := s.accountData(r, v, i)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, "account.html", &page{Title: d.A.Name, Nav: "portfolio", View: v, Data: d})
	})
}

func (s *Server) accountData(r *http.Request, v *view, i int) (*accountData, error) {
	a := &v.snap.Accounts[i]
	st := v.snap.Settings
	d := &accountData{A: a, Seller: v.result.Accounts[i].Seller, Segments: slcs.Segments, Today: slcs.DayOf(s.o.Now()).String(),
		MayEdit: principal(r).MayOverride(a.Owner)}
	d.Threshold.Engagement, d.Threshold.Potential = st.Engagement.Threshold, st.Potential.Threshold
	w := st.Engagement.Weights
	d.Components = []componentRow{
		{Name: "Pairs", Raw: itoa(a.Pairs), Explain: "distinct pairs of our people and theirs who worked together",
			Percentile: a.PairsPct, Weight: w.Pairs},
		{Name: "Frequency", Raw: fixed6(a.Frequency), Explain: "activities weighted by type, halving every " +
			trimFloat(st.Engagement.HalfLifeDays) + " days", Percentile: a.FrequencyPct, Weight: w.Frequency},
		{Name: "Proactiveness", Raw: fixed6(a.Proactiveness), Explain: "the share of activities the client started",
			Percentile: a.ProactivenessPct, Weight: w.Proactiveness},
	}
	for k := range d.Components {
		c := &d.Components[k]
		c.Points = c.Weight * c.Percentile
	}
	ctx := r.Context()
	type pair struct{ ours, theirs string }
	pairs := map[pair]*cell{}
	ours, theirs := map[string]*person{}, map[string]*person{}
	var acts []timelineEntry
	err := s.store.ReadPortfolio(ctx, func(pr workspace.PortfolioReader) error {
		return pr.AccountActivities(a.AccountID, func(act *workspace.ActivityRow) error {
			o, t := splitPeople(act.OurPeople), splitPeople(act.TheirPeople)
			for _, x := range o {
				touch(ours, x, act.Day)
			}
			for _, y := range t {
				touch(theirs, y, act.Day)
			}
			for _, x := range o {
				for _, y := range t {
					c := pairs[pair{x, y}]
					if c == nil {
						c = &cell{}
						pairs[pair{x, y}] = c
					}
					c.Count++
					c.Last = max(c.Last, act.Day)
				}
			}
			e := timelineEntry{Day: act.Day, Type: act.Type.String(), Direction: "outbound", Ours: strings.Join(o, ", "),
				Theirs: strings.Join(t, ", ")}
			if act.Inbound {
				e.Direction = "inbound"
			}
			if act.Minutes >= 0 {
				e.Minutes = trimFloat(float64(act.Minutes) / 1e6)
			}
			acts = append(acts, e)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(acts, func(x, y timelineEntry) int { return cmp.Compare(y.Day, x.Day) })
	if len(acts) > timelineEntries {
		d.Older = len(acts) - timelineEntries
		acts = acts[:timelineEntries]
	}
	d.Timeline = acts
	d.Map.Ours, d.Map.MoreOurs = topPeople(ours)
	d.Map.Theirs, d.Map.MoreTheirs = topPeople(theirs)
	d.Map.Cells = make([][]cell, len(d.Map.Ours))
	for k, x := range d.Map.Ours {
		d.Map.Cells[k] = make([]cell, len(d.Map.Theirs))
		for j, y := range d.Map.Theirs {
			if c := pairs[pair{x.Name, y.Name}]; c != nil {
				d.Map.Cells[k][j] = *c
			}
		}
	}
	if d.History, err = s.store.History(ctx, a.AccountID); err != nil {
		return nil, err
	}
	all, err := s.store.Overrides(ctx)
	if err != nil {
		return nil, err
	}
	today := slcs.DayOf(s.o.Now())
	for k := range all {
		o := all[k]
		if o.AccountID != a.AccountID {
			continue
		}
		d.Overrides = append(d.Overrides, o)
		if o.Active(today) {
			d.Override = &o
		}
	}
	slices.Reverse(d.Overrides)
	d.Pending = (d.Override == nil) == a.Overridden || (d.Override != nil && d.Override.Segment != a.Segment)
	return d, nil
}

func touch(m map[string]*person, name string, day slcs.Day) {
	p := m[name]
	if p == nil {
		p = &person{Name: name}
		m[name] = p
	}
	p.Count++
	p.Last = max(p.Last, day)
}

// topPeople are the people with the most activities, and how many more
// there are.
func topPeople(m map[string]*person) ([]person, int) {
	list := make([]person, 0, len(m))
	for _, p := range m {
		list = append(list, *p)
	}
	slices.SortFunc(list, func(x, y person) int {
		if c := cmp.Compare(y.Count, x.Count); c != 0 {
			return c
		}
		return strings.Compare(x.Name, y.Name)
	})
	if len(list) > mapPeople {
		return list[:mapPeople], len(list) - mapPeople
	}
	return list, 0
}

func splitPeople(cell string) []string {
	if cell == "" {
		return nil
	}
	return strings.Split(cell, ";")
}

// overridable finds an account whose override the principal may set or
// lift, or answers why not (404 when they do not see it).
func (s *Server) overridable(w http.ResponseWriter, r *http.Request, v *view, id string) (int, bool) {
	p := principal(r)
	i, ok := v.account(id, p)
	if !ok {
		s.notFound(w, r, "No account "+id+" in the latest classification.")
		return 0, false
	}
	if !p.MayOverride(v.snap.Accounts[i].Owner) {
		s.forbidden(w, r)
		return 0, false
	}
	return i, true
}

// setOverride pins the account's segment from the form on its page.
func (s *Server) setOverride(w http.ResponseWriter, r *http.Request) {
	s.withView(w, r, func(v *view) {
		id := r.PathValue("id")
		i, ok := s.overridable(w, r, v, id)
		if !ok {
			return
		}
		form := overrideForm{Segment: r.PostFormValue("segment"), Reason: strings.TrimSpace(r.PostFormValue("reason")),
			Until: strings.TrimSpace(r.PostFormValue("until"))}
		o := workspace.Override{AccountID: id, Reason: form.Reason, By: s.user(r), At: s.o.Now()}
		var problem string
		seg, okSeg := segmentByID(form.Segment)
		switch {
		case !okSeg:
			problem = "Choose the segment to pin the account to."
		case form.Reason == "":
			problem = "Say why: the reason is kept with the override and shown in every report."
		case len(form.Reason) > overrideReasonSz:
			problem = "The reason is too long: keep it under 500 characters."
		}
		o.Segment = seg
		if problem == "" && form.Until != "" {
			t, err := time.Parse("2006-01-02", form.Until)
			switch {
			case err != nil:
				problem = "The end date must be a date (YYYY-MM-DD)."
			case slcs.DayOf(t) < slcs.DayOf(s.o.Now()):
				problem = "The end date is in the past: the override would never hold."
			default:
				o.Until, o.HasUntil = slcs.DayOf(t), true
			}
		}
		if problem != "" {
			d, err := s.accountData(r, v, i)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			d.Error, d.Form = problem, form
			s.render(w, r, http.StatusUnprocessableEntity, "account.html", &page{Title: d.A.Name, Nav: "portfolio", View: v, Data: d})
			return
		}
		if err := s.store.SetOverride(r.Context(), o); err != nil {
			s.fail(w, r, err)
			return
		}
		if err := s.audit(r, "override.set", id, o.Segment.ID()+": "+o.Reason); err != nil {
			s.fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/accounts/"+url.PathEscape(id)+"#override", http.StatusSeeOther)
	})
}

// liftOverride ends the override of the account in force.
func (s *Server) liftOverride(w http.ResponseWriter, r *http.Request) {
	s.withView(w, r, func(v *view) {
		id := r.PathValue("id")
		if _, ok := s.overridable(w, r, v, id); !ok {
			return
		}
		err := s.store.LiftOverride(r.Context(), id, s.user(r), s.o.Now())
		if err != nil && !errors.Is(err, workspace.ErrNotFound) {
			s.fail(w, r, err)
			return
		}
		if err == nil {
			if err := s.audit(r, "override.lift", id, ""); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		http.Redirect(w, r, "/accounts/"+url.PathEscape(id)+"#override", http.StatusSeeOther)
	})
}
