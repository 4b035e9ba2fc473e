package model

import (
	"cmp"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/slcs/slcs"
)

// Classify computes the classification of everything added so far. The
// builder should not be used afterwards.
func (b *Builder) Classify() *Result {
	s := b.s
	n := len(b.accounts)
	res := &Result{AsOf: b.asOf, Settings: s, Accounts: make([]AccountResult, n)}
	out := res.Accounts

	// ---- engagement
	pairs := make([]int64, n)
	freq := make([]int64, n) // millionths
	pro := make([]int64, n)  // millionths
	for i := range b.accounts {
		a := &b.accounts[i]
		a.compactPairs()
		pairs[i] = int64(len(a.pairs))
		a.pairs = nil
		freq[i] = round(a.freq.float(), 6)
		if a.n > 0 {
			pro[i] = round(float64(a.nIn)/float64(a.n), 6)
		}
	}
	cPairs, cFreq, cPro := rankCounts(pairs), rankCounts(freq), rankCounts(pro)
	ew := s.Engagement.Weights
	den, ints := commonDenominator(ew.Pairs, ew.Frequency, ew.Proactiveness, s.Engagement.Threshold, s.Stability.Margin)
	wP, wF, wR := ints[0], ints[1], ints[2]
	nBig := big.NewInt(int64(n))
	engDen := new(big.Int).Mul(den, nBig) // engagement = 50 sum / engDen
	// high: 50 sum >= thr den N; with the margin, thr -/+ margin
	engThr := thresholds(ints[3], ints[4], nBig)
	pctOf := func(c int64) float64 { return 50 * float64(c) / float64(n) }
	var t1 big.Int
	for i := range b.accounts {
		a := &b.accounts[i]
		r := &out[i]
		r.ID, r.Owner, r.Industry = a.ID, a.Owner, a.Industry
		r.Name = a.Name
		if r.Name == "" {
			r.Name = a.ID
		}
		r.Seller = lower(a.Owner)
		r.Activities, r.Inbound = a.n, a.nIn
		r.Pairs = Component{Raw: float64(pairs[i]), Percentile: pctOf(cPairs[i]), Weight: ew.Pairs}
		r.Frequency = Component{Raw: float64(freq[i]) / 1e6, Percentile: pctOf(cFreq[i]), Weight: ew.Frequency}
		r.Proactiveness = Component{Raw: float64(pro[i]) / 1e6, Percentile: pctOf(cPro[i]), Weight: ew.Proactiveness}
		// sum = wP cPairs + wF cFreq + wR cPro; engagement = 50 sum / (den N)
		sum := new(big.Int).Mul(wP, big.NewInt(cPairs[i]))
		sum.Add(sum, t1.Mul(wF, big.NewInt(cFreq[i])))
		sum.Add(sum, t1.Mul(wR, big.NewInt(cPro[i])))
		sum.Mul(sum, big.NewInt(50))
		r.Engagement = Score{Value: ratFloat(sum, engDen), Hundredths: roundRat(sum, engDen, 100)}
		prior, hasPrior := b.priors[a.ID]
		r.Engagement.High, r.Engagement.Held = engThr.high(sum, prior.EngagementHigh, hasPrior)
		if a.hasLast {
			r.LastActivity, r.HasActivity = a.last, true
		}
		a.compactRecent()
		for _, id := range a.recent {
			if id&(1<<31) == 0 {
				r.RecentOurPeople++
			} else {
				r.RecentTheirPeople++
			}
		}
		a.recent = nil
	}

	// ---- potential
	b.potential(out)
	pv := make([]int64, n)
	for i := range out {
		pv[i] = out[i].PotentialValue
	}
	cPV := rankCounts(pv)
	pden, pints := commonDenominator(s.Potential.Threshold, s.Stability.Margin)
	potThr := thresholds(pints[0], pints[1], nBig)
	for i := range out {
		r := &out[i]
		c := big.NewInt(50 * cPV[i])
		c.Mul(c, pden) // high: 50 c den >= thr den N
		r.Potential = Score{Value: pctOf(cPV[i]), Hundredths: roundRat(big.NewInt(50*cPV[i]), nBig, 100)}
		prior, hasPrior := b.priors[r.ID]
		r.Potential.High, r.Potential.Held = potThr.high(c, prior.PotentialHigh, hasPrior)
		r.Computed = segmentOf(r.Engagement.High, r.Potential.High)
		r.Segment = r.Computed
		if sg, ok := b.overrides[r.ID]; ok {
			r.Segment, r.Overridden = sg, true
		}
	}

	// ---- time
	res.Sellers = b.timePlans(out)
	res.Audit = b.auditRows(out, res.Sellers)
	for _, sg := range slcs.Segments {
		res.Segments[sg].Segment = sg
	}
	for i := range out {
		sm := &res.Segments[out[i].Segment]
		sm.Accounts++
		sm.Revenue12m += out[i].Revenue12m
		sm.PotentialValue += out[i].PotentialValue
	}
	slices.SortFunc(out, func(x, y AccountResult) int { return strings.Compare(x.ID, y.ID) })
	return res
}

// threshold holds a score threshold as integers scaled by N: plain, and
// moved down and up by the stability margin.
type threshold struct{ plain, low, up *big.Int }

func thresholds(thr, margin, n *big.Int) threshold {
	return threshold{
		plain: new(big.Int).Mul(thr, n),
		low:   new(big.Int).Mul(new(big.Int).Sub(thr, margin), n),
		up:    new(big.Int).Mul(new(big.Int).Add(thr, margin), n),
	}
}

// high decides an axis for a scaled score: by the threshold alone, or, with
// a prior, by the threshold moved by the margin away from the prior side.
// held tells that the margin changed the answer.
func (t threshold) high(score *big.Int, priorHigh, hasPrior bool) (high, held bool) {
	plain := score.Cmp(t.plain) >= 0
	if !hasPrior {
		return plain, false
	}
	if priorHigh {
		high = score.Cmp(t.low) >= 0
	} else {
		high = score.Cmp(t.up) >= 0
	}
	return high, high != plain
}

func segmentOf(highEngagement, highPotential bool) slcs.Segment {
	switch {
	case highEngagement && highPotential:
		return slcs.Key
	case highEngagement:
		return slcs.Maintenance
	case highPotential:
		return slcs.GrowthPotential
	}
	return slcs.Service
}

// round is round_k of the specification as an integer count of 10^-k:
// half away from zero, on the binary double.
func round(x float64, k int) int64 {
	return int64(math.Round(x * math.Pow10(k)))
}

// rankCounts returns, for each value v, 2L + Q: L the number of values below
// v and Q the number equal to it (itself included); 0 when v is 0. The
// percentile of the specification is 50 x that / N.
func rankCounts(vals []int64) []int64 {
	idx := make([]int32, len(vals))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int { return cmp.Compare(vals[a], vals[b]) })
	c := make([]int64, len(vals))
	for lo := 0; lo < len(idx); {
		hi := lo + 1
		for hi < len(idx) && vals[idx[hi]] == vals[idx[lo]] {
			hi++
		}
		if vals[idx[lo]] != 0 {
			v := int64(2*lo + (hi - lo))
			for _, j := range idx[lo:hi] {
				c[j] = v
			}
		}
		lo = hi
	}
	return c
}

// commonDenominator reads each setting as the decimal number it was written
// as (0.3 is 3/10, not the nearest double) and returns a common denominator
// and each setting as an integer multiple of 1/den, so that the threshold
// tests are exact.
func commonDenominator(xs ...float64) (den *big.Int, ints []*big.Int) {
	rats := make([]*big.Rat, len(xs))
	den = big.NewInt(1)
	for i, x := range xs {
		r, _ := new(big.Rat).SetString(strconv.FormatFloat(x, 'g', -1, 64))
		rats[i] = r
		g := new(big.Int).GCD(nil, nil, den, r.Denom())
		den.Mul(den, new(big.Int).Quo(r.Denom(), g))
	}
	for _, r := range rats {
		v := new(big.Int).Mul(r.Num(), new(big.Int).Quo(den, r.Denom()))
		ints = append(ints, v)
	}
	return den, ints
}

// roundRat returns num/den * scale rounded half up, for non-negative values.
func roundRat(num, den *big.Int, scale int64) int64 {
	t := new(big.Int).Mul(num, big.NewInt(2*scale))
	t.Add(t, den)
	t.Quo(t, new(big.Int).Mul(den, big.NewInt(2)))
	return t.Int64()
}

func ratFloat(num, den *big.Int) float64 {
	f, _ := new(big.Rat).SetFrac(num, den).Float64()
	return f
}

// lower lower-cases s, quickly when it is ASCII.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || ('A' <= c && c <= 'Z') {
			return strings.ToLower(s)
		}
	}
	return s
}

// percentileCont is SQL's PERCENTILE_CONT over sorted values.
func percentileCont(v []float64, q float64) float64 {
	h := q * float64(len(v)-1)
	i := int(math.Floor(h))
	f := h - float64(i)
	if i+1 >= len(v) || f == 0 {
		return v[i]
	}
	return v[i]*(1-f) + v[i+1]*f
}

type benchmark struct {
	defined       bool
	buyers        int
	adoption      float64
	high, typical float64
}

// potential computes each account's head-count, ISOs, potential value and
// 12-month revenue.
func (b *Builder) potential(out []AccountResult) {
	s := b.s.Potential
	n := len(b.accounts)
	// peer groups: 0 is the whole portfolio, 1.. the industries with at
	// least MinPeers accounts
	industry := make([]string, n)
	size := map[string]int{}
	for i := range b.accounts {
		ind := lower(b.accounts[i].Industry)
		if ind == "" {
			ind = "unknown"
		}
		industry[i] = ind
		size[ind]++
	}
	groupNames := []string{""}
	groupSize := []int{n}
	groupID := map[string]int32{}
	group := make([]int32, n)
	for i, ind := range industry {
		if size[ind] < s.MinPeers {
			continue
		}
		g, ok := groupID[ind]
		if !ok {
			g = int32(len(groupNames))
			groupID[ind] = g
			groupNames = append(groupNames, ind)
			groupSize = append(groupSize, size[ind])
		}
		group[i] = g
	}
	ng := len(groupNames)

	// head-counts: given, else the peers' median, else the portfolio's, else 1
	given := make([][]float64, ng)
	for i := range b.accounts {
		a := &b.accounts[i]
		if a.EmployeesGiven && a.Employees > 0 {
			e := float64(a.Employees)
			given[0] = append(given[0], e)
			if g := group[i]; g > 0 {
				given[g] = append(given[g], e)
			}
		}
	}
	median := make([]float64, ng)
	for g := range given {
		if len(given[g]) > 0 {
			slices.Sort(given[g])
			median[g] = percentileCont(given[g], 0.5)
		}
	}
	emp := make([]float64, n)
	for i := range b.accounts {
		a := &b.accounts[i]
		switch g := group[i]; {
		case a.EmployeesGiven && a.Employees > 0:
			emp[i] = float64(a.Employees)
		case len(given[g]) > 0:
			emp[i] = median[g]
		case len(given[0]) > 0:
			emp[i] = median[0]
		default:
			emp[i] = 1
		}
	}

	// benchmarks by peer group and product
	np := len(b.products.names)
	intensity := make([][]float64, ng*np)
	for i := range b.accounts {
		for _, sp := range b.accounts[i].spend {
			if sp.micros <= 0 {
				continue
			}
			x := float64(sp.micros) / 1e6 / emp[i]
			intensity[int(sp.product)] = append(intensity[int(sp.product)], x)
			if g := group[i]; g > 0 {
				k := int(g)*np + int(sp.product)
				intensity[k] = append(intensity[k], x)
			}
		}
	}
	bench := make([]benchmark, ng*np)
	for k, xs := range intensity {
		if len(xs) < s.MinBuyers || len(xs) == 0 {
			continue
		}
		slices.Sort(xs)
		bench[k] = benchmark{
			defined:  true,
			buyers:   len(xs),
			adoption: float64(len(xs)) / float64(groupSize[k/np]),
			high:     percentileCont(xs, s.HighPercentile),
			typical:  percentileCont(xs, s.TypicalPercentile),
		}
	}
	intensity = nil

	// products in byte order of their names
	order := make([]int32, np)
	for p := range order {
		order[p] = int32(p)
	}
	slices.SortFunc(order, func(x, y int32) int { return strings.Compare(b.products.names[x], b.products.names[y]) })

	for i := range b.accounts {
		a := &b.accounts[i]
		r := &out[i]
		g := group[i]
		r.PeerGroup, r.PeerGroupSize = groupNames[g], groupSize[g]
		r.EmployeesGiven = a.EmployeesGiven && a.Employees > 0
		r.Employees = emp[i]
		var rev int64
		for _, sp := range a.spend {
			rev += sp.micros // no overflow: each fits and sums stay far below
		}
		r.Revenue12m = rev
		var total float64
		for _, p := range order {
			bm := &bench[int(g)*np+int(p)]
			if !bm.defined {
				continue
			}
			var spend int64
			for _, sp := range a.spend {
				if sp.product == p {
					spend = sp.micros
					break
				}
			}
			sp := float64(spend) / 1e6
			iso := ISO{
				Product: b.products.names[p], Spend: sp,
				PeerGroup: groupNames[g], PeerGroupSize: groupSize[g],
				Buyers: bm.buyers, Adoption: bm.adoption, High: bm.high, Typical: bm.typical,
				Employees: emp[i],
			}
			if spend > 0 {
				iso.Kind = Upsell
				iso.Value = bm.high*emp[i] - sp
				if iso.Value <= 0 {
					continue
				}
			} else {
				iso.Kind = CrossSell
				iso.Value = bm.adoption * bm.typical * emp[i]
			}
			iso.Cents = round(iso.Value, 2)
			if iso.Cents == 0 {
				continue
			}
			total += iso.Value
			r.ISOs = append(r.ISOs, iso)
		}
		r.PotentialValue = round(total, 2)
		a.spend = nil
	}
}

// u128 is an exact sum of non-negative integers.
type u128 struct{ hi, lo uint64 }

func (u *u128) add(x uint64) {
	var c uint64
	u.lo, c = bits.Add64(u.lo, x, 0)
	u.hi += c
}

func (u u128) float() float64 { return float64(u.hi)*(1<<64) + float64(u.lo) }
func (u u128) zero() bool     { return u.hi == 0 && u.lo == 0 }

type sellerAcc struct {
	plan TimePlan
	wsum [4]u128
}

func (b *Builder) weight(r *AccountResult) uint64 {
	switch r.Segment {
	case slcs.Key, slcs.GrowthPotential:
		return uint64(r.PotentialValue)
	}
	return uint64(max(0, r.Revenue12m))
}

// timePlans recommends each account's hours and returns the sellers' plans.
func (b *Builder) timePlans(out []AccountResult) []TimePlan {
	ts := b.s.Time
	idx := map[string]int{}
	var sellers []*sellerAcc
	of := make([]int, len(out))
	for i := range out {
		r := &out[i]
		k, ok := idx[r.Seller]
		if !ok {
			k = len(sellers)
			idx[r.Seller] = k
			c, inTeam := b.team[r.Seller]
			if !inTeam {
				c = ts.DefaultCapacity
			}
			sellers = append(sellers, &sellerAcc{plan: TimePlan{Seller: r.Seller, Capacity: c}})
		}
		of[i] = k
		sa := sellers[k]
		sa.plan.Accounts[r.Segment]++
		sa.wsum[r.Segment].add(b.weight(r))
	}
	// shares as exact decimals, so that 0.15 / (0.15 + 0.05) is 0.75
	_, shares := commonDenominator(ts.Shares.Key, ts.Shares.Maintenance, ts.Shares.GrowthPotential, ts.Shares.Service)
	for _, sa := range sellers {
		total := new(big.Int)
		for _, sg := range slcs.Segments {
			if sa.plan.Accounts[sg] > 0 {
				total.Add(total, shares[sg])
			}
		}
		for _, sg := range slcs.Segments {
			if sa.plan.Accounts[sg] > 0 {
				sa.plan.Share[sg] = ratFloat(shares[sg], total)
			}
		}
	}
	for i := range out {
		r := &out[i]
		sa := sellers[of[i]]
		var ratio float64
		if ws := sa.wsum[r.Segment]; ws.zero() {
			ratio = 1 / float64(sa.plan.Accounts[r.Segment])
		} else {
			ratio = float64(b.weight(r)) / ws.float()
		}
		r.RecommendedHours = round(sa.plan.Capacity*sa.plan.Share[r.Segment]*ratio, 2)
	}
	plans := make([]TimePlan, len(sellers))
	for k, sa := range sellers {
		plans[k] = sa.plan
	}
	slices.SortFunc(plans, func(x, y TimePlan) int { return strings.Compare(x.Seller, y.Seller) })
	return plans
}

// auditRows compares each person's actual hours with the recommendation.
func (b *Builder) auditRows(out []AccountResult, plans []TimePlan) []AuditRow {
	ts := b.s.Time
	type person struct {
		AuditRow
		share [4]float64
	}
	persons := map[string]*person{}
	get := func(p string) *person {
		if r, ok := persons[p]; ok {
			return r
		}
		c, ok := b.team[p]
		if !ok {
			c = ts.DefaultCapacity
		}
		r := &person{AuditRow: AuditRow{Person: p, Capacity: c}}
		persons[p] = r
		return r
	}
	for _, e := range b.teamOrder {
		get(e)
	}
	for _, pl := range plans {
		if pl.Seller == "" {
			continue
		}
		r := get(pl.Seller)
		for _, sg := range slcs.Segments {
			r.OwnedAccounts += pl.Accounts[sg]
			r.Recommended[sg] = pl.Capacity * pl.Share[sg]
		}
		r.share = pl.Share
	}
	for id, ours := range b.ourPerson {
		if ours {
			get(b.people.names[id])
		}
	}
	// micro-minutes by person and segment, exact
	type key struct {
		person int32
		seg    slcs.Segment
	}
	minutes := map[key]int64{}
	for k, m := range b.audit {
		minutes[key{int32(k >> 32), out[uint32(k)].Segment}] += m
	}
	perMonth := float64(ts.AuditDays) * 2 // minutes in an hour a month: 60 / (days / 30)
	for k, m := range minutes {
		r := persons[b.people.names[k.person]]
		r.Actual[k.seg] = float64(m) / 1e6 / perMonth
	}
	rows := make([]AuditRow, 0, len(persons))
	for _, r := range persons {
		var tot float64
		for _, a := range r.Actual {
			tot += a
		}
		if r.OwnedAccounts > 0 && tot > 0 {
			var sum float64
			for _, sg := range slcs.Segments {
				sum += math.Abs(r.Actual[sg]/tot - r.share[sg])
			}
			r.Misallocation = 50 * sum
			r.HasMisallocation = true
		}
		rows = append(rows, r.AuditRow)
	}
	slices.SortFunc(rows, func(x, y AuditRow) int { return strings.Compare(x.Person, y.Person) })
	return rows
}
