package web

import (
	"bytes"
	"cmp"
	"html/template"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/auth"
	"github.com/slcs/slcs/model"
	"github.com/slcs/slcs/movement"
	"github.com/slcs/slcs/report"
	"github.com/slcs/slcs/workspace"
)

// view is a snapshot prepared for the pages: its classification, its
// sellers and industries, and its accounts by id.
type view struct {
	snap       *workspace.Snapshot
	infos      []workspace.SnapshotInfo // every snapshot, oldest first
	result     *model.Result
	byID       map[string]int
	Sellers    []string
	Industries []string

	mu     sync.Mutex
	orders map[orderKey][]int32 // the accounts in each order asked for
	wholes map[orderKey][]int
}

func newView(snap *workspace.Snapshot, infos []workspace.SnapshotInfo) *view {
	v := &view{snap: snap, infos: infos, result: snap.Result(), byID: make(map[string]int, len(snap.Accounts))}
	sellers, industries := map[string]bool{}, map[string]bool{}
	for i := range snap.Accounts {
		a := &snap.Accounts[i]
		v.byID[a.AccountID] = i
		sellers[v.result.Accounts[i].Seller] = true
		industries[a.Industry] = true
	}
	for s := range sellers {
		v.Sellers = append(v.Sellers, s)
	}
	for s := range industries {
		v.Industries = append(v.Industries, s)
	}
	slices.Sort(v.Sellers)
	slices.Sort(v.Industries)
	return v
}

// choices are the sellers and industries of the accounts a principal sees,
// for the filters.
func (v *view) choices(p auth.Principal) (sellers, industries []string) {
	if p.SeesAll() {
		return v.Sellers, v.Industries
	}
	ss, is := map[string]bool{}, map[string]bool{}
	for i := range v.snap.Accounts {
		a := &v.snap.Accounts[i]
		if p.SeesAccount(a.Owner) {
			ss[v.result.Accounts[i].Seller] = true
			is[a.Industry] = true
		}
	}
	for x := range ss {
		sellers = append(sellers, x)
	}
	for x := range is {
		industries = append(industries, x)
	}
	slices.Sort(sellers)
	slices.Sort(industries)
	return sellers, industries
}

// account returns the index of an account the principal sees.
func (v *view) account(id string, p auth.Principal) (int, bool) {
	i, ok := v.byID[id]
	if !ok || !p.SeesAccount(v.snap.Accounts[i].Owner) {
		return 0, false
	}
	return i, true
}

// Snapshot is the snapshot's description, for the templates.
func (v *view) Snapshot() workspace.SnapshotInfo { return v.snap.SnapshotInfo }

// none is the filter value of an empty seller or industry.
const none = "(none)"

// optionValue is the filter value of a seller or industry.
func optionValue(s string) string {
	if s == "" {
		return none
	}
	return s
}

// filter is what the portfolio page and the exports show.
type filter struct {
	Seller, Industry, Segment, Q string
	Sort                         string
	Desc                         bool
	Page                         int
}

// sortKeys are the columns the account table sorts by, with their
// natural direction (descending for amounts).
var sortKeys = map[string]bool{"name": false, "seller": false, "industry": false, "segment": false,
	"engagement": true, "potential": true, "potential_value": true, "revenue": true, "hours": true}

func parseFilter(q url.Values) filter {
	f := filter{Seller: q.Get("seller"), Industry: q.Get("industry"), Segment: q.Get("segment"),
		Q: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort")}
	if _, ok := sortKeys[f.Sort]; !ok {
		f.Sort = "potential_value"
	}
	switch q.Get("dir") {
	case "asc":
		f.Desc = false
	case "desc":
		f.Desc = true
	default:
		f.Desc = sortKeys[f.Sort]
	}
	f.Page, _ = strconv.Atoi(q.Get("page"))
	f.Page = max(f.Page, 1)
	if _, ok := segmentByID(f.Segment); !ok {
		f.Segment = ""
	}
	return f
}

func segmentByID(id string) (slcs.Segment, bool) {
	for _, s := range slcs.Segments {
		if s.ID() == id {
			return s, true
		}
	}
	return 0, false
}

// query is the filter as a query string, with changes.
func (f filter) query(set ...string) template.URL {
	q := url.Values{}
	put := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	put("seller", f.Seller)
	put("industry", f.Industry)
	put("segment", f.Segment)
	put("q", f.Q)
	if f.Sort != "potential_value" || !f.Desc {
		put("sort", f.Sort)
		if f.Desc != sortKeys[f.Sort] {
			put("dir", map[bool]string{true: "desc", false: "asc"}[f.Desc])
		}
	}
	if f.Page > 1 {
		q.Set("page", strconv.Itoa(f.Page))
	}
	for i := 0; i+1 < len(set); i += 2 {
		if set[i+1] == "" {
			q.Del(set[i])
		} else {
			q.Set(set[i], set[i+1])
		}
	}
	return template.URL(q.Encode())
}

// filterOnly is the filter without sorting and page: what exports take.
func (f filter) filterOnly() template.URL {
	f.Sort, f.Desc, f.Page = "potential_value", true, 1
	return f.query()
}

// apply returns the indexes of the accounts the filter keeps, of those the
// principal sees, sorted. The accounts are sorted once a snapshot for each
// order asked for; a request only filters.
func (v *view) apply(f filter, p auth.Principal) []int {
	all := p.SeesAll()
	seg, hasSeg := segmentByID(f.Segment)
	q := strings.ToLower(f.Q)
	seller, industry := f.Seller, f.Industry
	if seller == none {
		seller = ""
	}
	if industry == none {
		industry = ""
	}
	order := v.order(f.Sort, f.Desc)
	if all && !hasSeg && q == "" && f.Seller == "" && f.Industry == "" {
		return v.whole(f.Sort, f.Desc, order)
	}
	idx := make([]int, 0, len(order))
	for _, i32 := range order {
		i := int(i32)
		a := &v.snap.Accounts[i]
		switch {
		case !all && !p.SeesAccount(a.Owner),
			f.Seller != "" && v.result.Accounts[i].Seller != seller,
			f.Industry != "" && a.Industry != industry,
			hasSeg && a.Segment != seg,
			q != "" && !strings.Contains(strings.ToLower(a.Name), q) && !strings.Contains(strings.ToLower(a.AccountID), q):
			continue
		}
		idx = append(idx, i)
	}
	return idx
}

// whole is every account in an order, as indexes; the callers only read
// it.
func (v *view) whole(key string, desc bool, order []int32) []int {
	v.mu.Lock()
	defer v.mu.Unlock()
	k := orderKey{key, desc}
	if w, ok := v.wholes[k]; ok {
		return w
	}
	w := make([]int, len(order))
	for i, x := range order {
		w[i] = int(x)
	}
	if v.wholes == nil {
		v.wholes = map[orderKey][]int{}
	}
	v.wholes[k] = w
	return w
}

type orderKey struct {
	sort string
	desc bool
}

// order is every account, sorted by a column (then by id), computed once.
func (v *view) order(key string, desc bool) []int32 {
	v.mu.Lock()
	defer v.mu.Unlock()
	k := orderKey{key, desc}
	if o, ok := v.orders[k]; ok {
		return o
	}
	accs := v.snap.Accounts
	var by func(a, b *workspace.SnapshotAccount) int
	switch key {
	case "name":
		by = func(a, b *workspace.SnapshotAccount) int {
			return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
		}
	case "seller":
		by = func(a, b *workspace.SnapshotAccount) int {
			return strings.Compare(strings.ToLower(a.Owner), strings.ToLower(b.Owner))
		}
	case "industry":
		by = func(a, b *workspace.SnapshotAccount) int { return strings.Compare(a.Industry, b.Industry) }
	case "segment":
		by = func(a, b *workspace.SnapshotAccount) int { return cmp.Compare(a.Segment, b.Segment) }
	case "engagement":
		by = func(a, b *workspace.SnapshotAccount) int { return cmp.Compare(a.Engagement, b.Engagement) }
	case "potential":
		by = func(a, b *workspace.SnapshotAccount) int { return cmp.Compare(a.Potential, b.Potential) }
	case "revenue":
		by = func(a, b *workspace.SnapshotAccount) int { return cmp.Compare(a.Revenue12m, b.Revenue12m) }
	case "hours":
		by = func(a, b *workspace.SnapshotAccount) int { return cmp.Compare(a.RecommendedHours, b.RecommendedHours) }
	default:
		by = func(a, b *workspace.SnapshotAccount) int { return cmp.Compare(a.PotentialValue, b.PotentialValue) }
	}
	o := make([]int32, len(accs))
	for i := range o {
		o[i] = int32(i)
	}
	slices.SortFunc(o, func(i, j int32) int {
		c := by(&accs[i], &accs[j])
		if desc {
			c = -c
		}
		if c == 0 {
			c = strings.Compare(accs[i].AccountID, accs[j].AccountID)
		}
		return c
	})
	if v.orders == nil {
		v.orders = map[orderKey][]int32{}
	}
	v.orders[k] = o
	return o
}

// ---- formatting, for the templates

var funcs = template.FuncMap{
	"hundredths":  func(v int64) string { return report.Fixed(v, 2) },
	"score":       func(v int64) string { return report.Fixed((v+5)/10, 1) },
	"money":       func(cents int64) string { return report.Money(cents) },
	"micros":      func(v int64) string { return report.Money(report.RoundDiv(v, 10000)) },
	"dollars":     func(x float64) string { return report.Money(int64(math.Round(x * 100))) },
	"num":         func(x float64, k int) string { return strconv.FormatFloat(x, 'f', k, 64) },
	"pct":         func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) },
	"segName":     func(s slcs.Segment) string { return s.Name() },
	"segID":       func(s slcs.Segment) string { return s.ID() },
	"day":         func(d slcs.Day) string { return d.String() },
	"add":         func(a, b int) int { return a + b },
	"mul100":      func(x float64) float64 { return 100 * x },
	"segments":    func() [4]slcs.Segment { return slcs.Segments },
	"accountURL":  func(id string) string { return "/accounts/" + url.PathEscape(id) },
	"optionValue": optionValue,
	"segShort": func(s slcs.Segment) string {
		return strings.TrimSuffix(s.Name(), " Accounts")
	},
	"alertName": func(k movement.AlertKind) string {
		switch k {
		case movement.EngagementDrop:
			return "engagement fell"
		case movement.GrowthToKey:
			return "growth became key"
		case movement.Quiet:
			return "gone quiet"
		case movement.SingleThreaded:
			return "single-threaded"
		}
		return k.ID()
	},
	"short": func(email string) string {
		if i := strings.IndexByte(email, '@'); i > 0 {
			return email[:i]
		}
		return email
	},
	"orNone": func(s string) string {
		if s == "" {
			return "(none)"
		}
		return s
	},
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { b := buffers.Get().(*bytes.Buffer); b.Reset(); return b }

func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= 4<<20 {
		buffers.Put(b)
	}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// fixed6 formats millionths with six decimals.
func fixed6(v int64) string { return report.Fixed(v, 6) }

// trimFloat formats x with no more decimals than it needs.
func trimFloat(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
