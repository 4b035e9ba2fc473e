package workspace

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// ClassifyOptions say how to classify a workspace.
type ClassifyOptions struct {
	Settings slcs.Settings
	AsOf     slcs.Day // when HasAsOf; else by the default rule
	HasAsOf  bool
	Today    slcs.Day
	// Previous, when set, is the snapshot the stability margin holds
	// accounts against.
	Previous *Snapshot
	// Overrides pin segments.
	Overrides map[string]slcs.Segment
	// Progress, when set, is called now and then with the activities read
	// so far.
	Progress func(activities int64)
}

// Classify classifies the portfolio of a workspace, as one consistent read.
func Classify(ctx context.Context, s Store, o ClassifyOptions) (*model.Result, model.AsOfRule, error) {
	var res *model.Result
	var rule model.AsOfRule
	err := s.ReadPortfolio(ctx, func(r PortfolioReader) error {
		asOf, rl := o.AsOf, model.AsOfGiven
		if !o.HasAsOf {
			day, okDay, err := r.LatestActivityDay(o.Today)
			if err != nil {
				return err
			}
			month, okMonth, err := r.LatestRevenueMonth()
			if err != nil {
				return err
			}
			asOf, rl = model.AsOf(day, okDay, month, okMonth, o.Today)
		}
		b, err := model.NewBuilder(o.Settings, asOf)
		if err != nil {
			return err
		}
		index := map[string]int32{}
		err = r.Accounts(func(a *AccountRow) error {
			i, _ := b.AddAccount(model.Account{ID: a.ID, Name: a.Name, Owner: a.Owner, Industry: a.Industry,
				Employees: a.Employees, EmployeesGiven: a.EmployeesGiven})
			index[a.ID] = i
			return nil
		})
		if err != nil {
			return err
		}
		err = r.Team(func(m *TeamRow) error {
			c := m.Capacity
			if !m.CapacityGiven {
				c = o.Settings.Time.DefaultCapacity
			}
			b.AddTeamMember(m.Email, c)
			return nil
		})
		if err != nil {
			return err
		}
		// every activity: those of any date name the people of the audit.
		// The model takes them on another goroutine, in batches, while the
		// store goes on reading.
		feed := newFeeder(b)
		var read int64
		err = r.ActivityPacks(func(account string, data []byte) error {
			i, ok := index[account]
			if !ok {
				return fmt.Errorf("workspace: activities of unknown account %s", account)
			}
			p, err := OpenPack(data)
			if err != nil {
				return err
			}
			feed.pack(p)
			return p.Each(func(a *PackRecord) error {
				feed.add(i, a)
				if read++; o.Progress != nil && read%65536 == 0 {
					o.Progress(read)
				}
				return nil
			})
		})
		feed.close()
		if err != nil {
			return err
		}
		last := asOf.Month()
		first := last - slcs.Month(o.Settings.Potential.RevenueMonths) + 1
		err = r.Revenue(first, last, func(rv *RevenueRow) error {
			i, ok := index[rv.AccountID]
			if !ok {
				return fmt.Errorf("workspace: revenue of unknown account %s", rv.AccountID)
			}
			return b.AddRevenue(i, []byte(rv.Product), rv.Month, rv.Micros)
		})
		if err != nil {
			return err
		}
		if o.Previous != nil {
			priors := make(map[string]model.Prior, len(o.Previous.Accounts))
			for _, a := range o.Previous.Accounts {
				priors[a.AccountID] = model.Prior{EngagementHigh: a.EngagementHigh, PotentialHigh: a.PotentialHigh}
			}
			b.SetPriors(priors)
		}
		b.SetOverrides(o.Overrides)
		res, rule = b.Classify(), rl
		return nil
	})
	return res, rule, err
}

// feeder hands activities to the model on a goroutine of its own.
type feeder struct {
	b    *model.Builder
	cur  *activityBatch
	ch   chan *activityBatch
	free chan *activityBatch
	done chan struct{}
	// the people of the pack being read, and where they are in the arena of
	// the batch peopleIn
	people   *Pack
	items    [][2]int32
	peopleIn *activityBatch
}

type activityBatch struct {
	acts  []model.Activity
	arena []byte
	ours  [][2]int32 // ranges of items
	their [][2]int32
	items [][2]int32 // byte ranges of arena
}

const feedBatch = 4096

func newFeeder(b *model.Builder) *feeder {
	f := &feeder{b: b, ch: make(chan *activityBatch, 4), free: make(chan *activityBatch, 6), done: make(chan struct{})}
	for range 6 {
		f.free <- &activityBatch{}
	}
	go func() {
		defer close(f.done)
		var ours, theirs [][]byte
		for bt := range f.ch {
			for i := range bt.acts {
				a := &bt.acts[i]
				ours, theirs = ours[:0], theirs[:0]
				for _, it := range bt.items[bt.ours[i][0]:bt.ours[i][1]] {
					ours = append(ours, bt.arena[it[0]:it[1]])
				}
				for _, it := range bt.items[bt.their[i][0]:bt.their[i][1]] {
					theirs = append(theirs, bt.arena[it[0]:it[1]])
				}
				a.Ours, a.Theirs = ours, theirs
				f.b.AddActivity(a)
			}
			f.free <- bt
		}
	}()
	return f
}

// pack starts the activities of another pack.
func (f *feeder) pack(p *Pack) {
	f.people, f.peopleIn = p, nil
}

func (f *feeder) add(account int32, a *PackRecord) {
	if f.cur == nil {
		f.cur = <-f.free
		bt := f.cur
		bt.acts, bt.arena, bt.ours, bt.their, bt.items = bt.acts[:0], bt.arena[:0], bt.ours[:0], bt.their[:0], bt.items[:0]
		f.peopleIn = nil
	}
	bt := f.cur
	if f.peopleIn != bt {
		// the pack's people, once a batch
		f.items = f.items[:0]
		for _, p := range f.people.People {
			start := len(bt.arena)
			bt.arena = append(bt.arena, p...)
			f.items = append(f.items, [2]int32{int32(start), int32(len(bt.arena))})
		}
		f.peopleIn = bt
	}
	bt.acts = append(bt.acts, model.Activity{Account: account, Day: a.Day, Type: a.Type, Inbound: a.Inbound, Minutes: a.Minutes})
	bt.ours = append(bt.ours, f.refer(a.Ours))
	bt.their = append(bt.their, f.refer(a.Theirs))
	if len(bt.acts) == feedBatch {
		f.ch <- bt
		f.cur = nil
	}
}

// refer adds the items of people of the pack.
func (f *feeder) refer(people []int32) [2]int32 {
	bt := f.cur
	from := int32(len(bt.items))
	for _, x := range people {
		bt.items = append(bt.items, f.items[x])
	}
	return [2]int32{from, int32(len(bt.items))}
}

// close hands over the last batch and waits for the model to take all.
func (f *feeder) close() {
	if f.cur != nil && len(f.cur.acts) > 0 {
		f.ch <- f.cur
	}
	close(f.ch)
	<-f.done
}

// NewSnapshot makes the snapshot of a classification.
func NewSnapshot(r *model.Result, stable bool) *Snapshot {
	s := &Snapshot{SnapshotInfo: SnapshotInfo{AsOf: r.AsOf, Accounts: len(r.Accounts), Stable: stable}, Settings: r.Settings,
		Sellers: slices.Clone(r.Sellers), Audit: slices.Clone(r.Audit)}
	s.Accounts = make([]SnapshotAccount, len(r.Accounts))
	for i := range r.Accounts {
		a := &r.Accounts[i]
		sa := SnapshotAccount{
			AccountID: a.ID, Name: a.Name, Owner: a.Owner, Industry: a.Industry,
			Segment: a.Segment, Computed: a.Computed, Overridden: a.Overridden,
			EngagementHigh: a.Engagement.High, PotentialHigh: a.Potential.High,
			Engagement: a.Engagement.Hundredths, Potential: a.Potential.Hundredths,
			Pairs:     int64(a.Pairs.Raw),
			Frequency: int64(math.Round(a.Frequency.Raw * 1e6)), Proactiveness: int64(math.Round(a.Proactiveness.Raw * 1e6)),
			PairsPct: a.Pairs.Percentile, FrequencyPct: a.Frequency.Percentile, ProactivenessPct: a.Proactiveness.Percentile,
			PotentialValue: a.PotentialValue, Revenue12m: a.Revenue12m, RecommendedHours: a.RecommendedHours,
			Activities: a.Activities, Inbound: a.Inbound,
			LastActivity: a.LastActivity, HasActivity: a.HasActivity,
			RecentOurPeople: a.RecentOurPeople, RecentTheirPeople: a.RecentTheirPeople,
			PeerGroup: a.PeerGroup, PeerGroupSize: a.PeerGroupSize, Employees: a.Employees, EmployeesGiven: a.EmployeesGiven,
		}
		for _, x := range a.ISOs {
			sa.ISOs = append(sa.ISOs, SnapshotISO{Product: x.Product, Kind: x.Kind.String(), Cents: x.Cents,
				Spend: x.Spend, Buyers: x.Buyers, Adoption: x.Adoption, High: x.High, Typical: x.Typical})
		}
		s.Accounts[i] = sa
		s.Segments[a.Segment]++
	}
	return s
}

// ActiveOverrides returns the segments pinned on day d.
func ActiveOverrides(all []Override, d slcs.Day) map[string]slcs.Segment {
	m := map[string]slcs.Segment{}
	for _, o := range all {
		if o.Active(d) {
			m[o.AccountID] = o.Segment
		}
	}
	return m
}
