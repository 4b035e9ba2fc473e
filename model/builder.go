// Package model is the classification model: engagement, potential and its
// incremental sales opportunities (ISOs), the four segments, each seller's
// time plan and the audit of where their hours went.
//
// It is pure: records go in through a Builder one at a time (so a reader can
// stream files of any length through it), and Classify returns the result. It
// reads no file and no clock: the as-of date is an input (see AsOf for the
// rule that picks it). Its memory grows with the number of accounts, of
// distinct people and of their distinct pairs, never with the number of
// activity or revenue rows.
package model

import (
	"errors"
	"math"
	"math/bits"
	"slices"
	"unsafe"

	"github.com/slcs/slcs"
)

// Account is one client account as the model needs it.
type Account struct {
	ID       string
	Name     string // as written; an empty name displays as ID
	Owner    string // as written (trimmed); compared lower-cased
	Industry string // as written; compared lower-cased
	// Employees is the client head-count; EmployeesGiven is false when the
	// cell was empty.
	Employees      int64
	EmployeesGiven bool
}

// Activity is one interaction, ready for the model: people are trimmed,
// lower-cased and non-empty (repeats are allowed and count once).
type Activity struct {
	Account int32 // index returned by AddAccount
	Day     slcs.Day
	Type    slcs.ActivityType
	Inbound bool
	// Minutes in millionths of a minute; a negative value means the cell was
	// empty and the type's default applies.
	Minutes int64
	Ours    [][]byte
	Theirs  [][]byte
}

// Builder collects a portfolio's records and classifies it.
type Builder struct {
	s     slcs.Settings
	asOf  slcs.Day
	first slcs.Month // first month of the revenue window
	last  slcs.Month // the as-of month

	accounts []account
	index    map[string]int32

	team      map[string]float64 // lower-cased email -> capacity
	teamOrder []string

	people     interner
	ourPerson  []bool // by person id: appeared among our_people of any activity
	products   interner
	decay      []float64 // type-free decay factor by age in days
	typeWeight [4]float64
	defMinutes [4]int64
	auditDays  int32
	recentDays int32
	audit      map[uint64]int64 // person<<32 | account -> micro-minutes in the audit window
	seen       []int32          // scratch: person ids of one activity

	priors    map[string]Prior
	overrides map[string]slcs.Segment
}

// Prior is where an account stood on each axis in the previous
// classification, for the stability margin.
type Prior struct {
	EngagementHigh bool
	PotentialHigh  bool
}

// SetPriors makes the classification stable against a previous one: an
// account that was high on an axis stays high until its score falls below
// the threshold minus the stability margin; a low one stays low until it
// reaches the threshold plus the margin. Accounts without a prior are
// classified by the thresholds alone.
func (b *Builder) SetPriors(p map[string]Prior) { b.priors = p }

// SetOverrides pins accounts to segments, whatever their scores; the time
// plan follows the pinned segments.
func (b *Builder) SetOverrides(o map[string]slcs.Segment) { b.overrides = o }

type account struct {
	Account
	pairs  []uint64 // our<<32 | their; sorted and unique up to uniq
	uniq   int
	freq   fixed128
	n, nIn int64
	spend  []productSpend // revenue window only
	// the latest activity on or before the as-of date
	last    slcs.Day
	hasLast bool
	// people of both sides in the alerts' single-thread window: our ids
	// with the top bit clear, theirs with it set; sorted and unique up to
	// recentUniq
	recent     []uint32
	recentUniq int
}

type productSpend struct {
	product int32
	micros  int64
}

// NewBuilder starts a portfolio classified as of the given date with the
// given settings.
func NewBuilder(s slcs.Settings, asOf slcs.Day) (*Builder, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	b := &Builder{
		s:     s,
		asOf:  asOf,
		last:  asOf.Month(),
		index: make(map[string]int32),
		team:  make(map[string]float64),
		audit: make(map[uint64]int64),
	}
	b.first = b.last - slcs.Month(s.Potential.RevenueMonths) + 1
	b.people.init()
	b.products.init()
	b.decay = make([]float64, s.Engagement.WindowDays)
	for age := range b.decay {
		b.decay[age] = math.Pow(0.5, float64(age)/s.Engagement.HalfLifeDays)
	}
	for _, t := range slcs.ActivityTypes {
		b.typeWeight[t] = s.Engagement.TypeWeights.Of(t)
		b.defMinutes[t] = int64(math.Round(s.Time.DefaultMinutes.Of(t) * 1e6))
	}
	b.auditDays = int32(s.Time.AuditDays)
	b.recentDays = int32(s.Alerts.SingleThreadDays)
	return b, nil
}

// AsOfDate is the date the builder classifies as of.
func (b *Builder) AsOfDate() slcs.Day { return b.asOf }

// AddAccount adds an account and returns its index; ok is false when an
// account with that id exists already.
func (b *Builder) AddAccount(a Account) (idx int32, ok bool) {
	if _, dup := b.index[a.ID]; dup {
		return 0, false
	}
	idx = int32(len(b.accounts))
	b.index[a.ID] = idx
	b.accounts = append(b.accounts, account{Account: a})
	return idx, true
}

// Lookup returns the index of the account with the given id.
func (b *Builder) Lookup(id []byte) (int32, bool) {
	i, ok := b.index[string(id)]
	return i, ok
}

// Accounts is the number of accounts added.
func (b *Builder) Accounts() int { return len(b.accounts) }

// AddTeamMember adds one of our people with their selling capacity in hours
// a month; ok is false when the (lower-cased) email is there already.
func (b *Builder) AddTeamMember(email string, capacity float64) (ok bool) {
	if _, dup := b.team[email]; dup {
		return false
	}
	b.team[email] = capacity
	b.teamOrder = append(b.teamOrder, email)
	return true
}

// AddActivity adds one activity. Activities dated after the as-of date
// count only for the list of people in the audit; so do activities older
// than both the engagement and the audit windows.
func (b *Builder) AddActivity(a *Activity) {
	// every person of our_people is in the audit, whatever the date
	seen := b.seen[:0]
	for _, p := range a.Ours {
		id := b.people.id(p)
		if int(id) >= len(b.ourPerson) {
			b.ourPerson = append(b.ourPerson, make([]bool, int(id)+1-len(b.ourPerson))...)
		}
		b.ourPerson[id] = true
		if !slices.Contains(seen, id) {
			seen = append(seen, id)
		}
	}
	b.seen = seen
	age := int32(b.asOf - a.Day)
	if age < 0 {
		return
	}
	acc := &b.accounts[a.Account]
	if !acc.hasLast || a.Day > acc.last {
		acc.last, acc.hasLast = a.Day, true
	}
	if age < b.recentDays {
		for _, o := range seen {
			acc.recent = append(acc.recent, uint32(o))
		}
		for _, t := range a.Theirs {
			acc.recent = append(acc.recent, uint32(b.people.id(t))|1<<31)
		}
		if len(acc.recent) >= 2*acc.recentUniq+32 {
			acc.compactRecent()
		}
	}
	if int(age) < len(b.decay) { // the engagement window
		acc.n++
		if a.Inbound {
			acc.nIn++
		}
		acc.freq.add(b.typeWeight[a.Type] * b.decay[age])
		if len(a.Theirs) > 0 {
			for _, o := range seen {
				for _, t := range a.Theirs {
					acc.pairs = append(acc.pairs, uint64(o)<<32|uint64(b.people.id(t)))
				}
			}
			if len(acc.pairs) >= 2*acc.uniq+64 {
				acc.compactPairs()
			}
		}
	}
	if age < b.auditDays {
		m := a.Minutes
		if m < 0 {
			m = b.defMinutes[a.Type]
		}
		for _, o := range seen {
			b.audit[uint64(o)<<32|uint64(uint32(a.Account))] += m
		}
	}
}

func (a *account) compactRecent() {
	slices.Sort(a.recent)
	a.recent = slices.Compact(a.recent)
	a.recentUniq = len(a.recent)
}

func (a *account) compactPairs() {
	slices.Sort(a.pairs)
	a.pairs = slices.Compact(a.pairs)
	a.uniq = len(a.pairs)
}

// ErrAmountTooLarge is returned when an account's revenue for a product does
// not fit the exact sum.
var ErrAmountTooLarge = errors.New("revenue sum too large (more than 9,223,372,036,854 with 6 decimals)")

// InRevenueWindow tells whether revenue of month m counts.
func (b *Builder) InRevenueWindow(m slcs.Month) bool { return m >= b.first && m <= b.last }

// AddRevenue adds an amount (in millionths) for an account, a product and a
// month. Months outside the revenue window are ignored.
func (b *Builder) AddRevenue(acct int32, product []byte, m slcs.Month, micros int64) error {
	if !b.InRevenueWindow(m) {
		return nil
	}
	p := b.products.id(product)
	acc := &b.accounts[acct]
	for i := range acc.spend {
		if acc.spend[i].product == p {
			s, ok := addInt64(acc.spend[i].micros, micros)
			if !ok {
				return ErrAmountTooLarge
			}
			acc.spend[i].micros = s
			return nil
		}
	}
	acc.spend = append(acc.spend, productSpend{product: p, micros: micros})
	return nil
}

func addInt64(a, b int64) (int64, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}

// interner gives each distinct byte string a small id. Strings are copied
// into large shared blocks, so a million people cost a million map entries
// and not a million allocations.
type interner struct {
	ids   map[string]int32
	names []string
	block []byte
}

func (in *interner) init() { in.ids = make(map[string]int32) }

func (in *interner) id(b []byte) int32 {
	if id, ok := in.ids[string(b)]; ok {
		return id
	}
	if len(b) > cap(in.block)-len(in.block) {
		in.block = make([]byte, 0, max(1<<16, len(b)))
	}
	start := len(in.block)
	in.block = append(in.block, b...)
	s := unsafe.String(unsafe.SliceData(in.block[start:]), len(b))
	id := int32(len(in.names))
	in.ids[s] = id
	in.names = append(in.names, s)
	return id
}

// fixed128 is an exact, order-independent sum of non-negative doubles in
// fixed point (2^-64 units), so that the frequency does not depend on the
// order of the rows.
type fixed128 struct{ hi, lo uint64 }

func (f *fixed128) add(x float64) {
	if x <= 0 {
		return
	}
	frac, exp := math.Frexp(x) // x = frac * 2^exp, frac in [0.5, 1)
	m := uint64(frac * (1 << 53))
	shift := exp - 53 + 64 // m * 2^(exp-53) in units of 2^-64
	var hi, lo uint64
	switch {
	case shift >= 128:
		hi, lo = math.MaxUint64, math.MaxUint64
	case shift >= 64:
		hi = m << (shift - 64)
	case shift > 0:
		hi, lo = m>>(64-shift), m<<shift
	case shift > -64:
		lo = m >> -shift
	}
	var c uint64
	f.lo, c = bits.Add64(f.lo, lo, 0)
	f.hi, _ = bits.Add64(f.hi, hi, c)
}

func (f fixed128) float() float64 {
	return float64(f.hi) + float64(f.lo)/(1<<64)
}
