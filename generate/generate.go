// Package generate writes synthetic portfolios: folders of accounts.csv,
// team.csv, activities.csv and revenue.csv in the portfolio format, shaped
// like the book of business of a B2B sales team.
//
// The data exists to exercise slcs end to end without real customer data:
// demos, benchmarks at 100,000 accounts and millions of activities, and tests
// of the importer and the classification model. It therefore deliberately
// contains the awkward parts of real exports (missing head-counts, empty and
// oddly cased industries, tiny industries that fall back to the whole
// portfolio as peers, owners who left the company, credit notes, duplicate
// revenue rows, future-dated and time-zoned activities, quoted names) next
// to realistic distributions (log-normal company sizes, industry-specific
// product adoption, heavy-tailed activity counts, recent activity denser).
//
// Output is a pure function of Options: the same Options give byte-identical
// files, so generated portfolios can serve as reproducible fixtures.
package generate

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options says what to generate.
type Options struct {
	Accounts             int                   // number of client accounts (>= 1)
	Seed                 int64                 // same seed => byte-identical files
	AsOf                 time.Time             // the last day of data (UTC date); activities and revenue end here
	ActivitiesPerAccount float64               // mean activities per account over 24 months (default 60 when 0)
	Progress             func(done, total int) // optional; called now and then with accounts written so far
}

const (
	defaultActivities = 60
	months            = 24 // history length of revenue and activities
	futureDays        = 10 // how far past AsOf the future-dated activities reach
	ourDomain         = "@ourco.example"
	progressEvery     = 1000
	bufSize           = 1 << 20
)

// Independent random streams per file (and per account inside a file) keep
// each file's content independent of how the others are produced, so the
// files can be written concurrently and still be deterministic.
const (
	streamTeam uint64 = iota + 1
	streamAccounts
	streamRevenue
	streamActivities
	streamTeamOrder
)

// Write writes accounts.csv, team.csv, activities.csv and revenue.csv into dir (created if missing).
// Each file is written to a temporary file in dir and renamed into place, so a failure never leaves a half-written file.
//
// A zero AsOf means today (UTC), which makes the output depend on the day it
// is run; pass a date for reproducible files. Progress, when set, is called
// from one goroutine at a time with a non-decreasing count, last with
// done == total.
func Write(dir string, o Options) error {
	if o.Accounts < 1 {
		return fmt.Errorf("generate: Accounts must be at least 1, got %d", o.Accounts)
	}
	if o.ActivitiesPerAccount == 0 {
		o.ActivitiesPerAccount = defaultActivities
	}
	if !(o.ActivitiesPerAccount > 0) || math.IsInf(o.ActivitiesPerAccount, 0) {
		return fmt.Errorf("generate: ActivitiesPerAccount must be a positive number, got %v", o.ActivitiesPerAccount)
	}
	if o.AsOf.IsZero() {
		o.AsOf = time.Now()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("generate: %w", err)
	}

	g := newGen(o)

	names := [...]string{"accounts.csv", "team.csv", "revenue.csv", "activities.csv"}
	var outs [len(names)]*out
	ok := false
	defer func() {
		if !ok {
			for _, f := range outs {
				if f != nil {
					f.discard()
				}
			}
		}
	}()
	for i, n := range names {
		f, err := create(dir, n)
		if err != nil {
			return err
		}
		outs[i] = f
	}

	pr := &progress{fn: o.Progress, total: o.Accounts}
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	// Accounts and team are small; revenue and activities are the bulk and
	// take one core each.
	wg.Go(func() {
		if errs[0] = g.writeAccounts(outs[0].w); errs[0] == nil {
			errs[1] = g.writeTeam(outs[1].w)
		}
	})
	wg.Go(func() { errs[2] = g.writeRevenue(outs[2].w, pr) })
	wg.Go(func() { errs[3] = g.writeActivities(outs[3].w, pr) })
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("generate: writing %s: %w", names[i], err)
		}
	}
	for _, f := range outs {
		if err := f.finish(); err != nil {
			return err
		}
	}
	for _, f := range outs {
		if err := os.Rename(f.tmp, filepath.Join(dir, f.name)); err != nil {
			return fmt.Errorf("generate: %w", err)
		}
		f.renamed = true
	}
	ok = true
	pr.finish()
	return nil
}

// out is one output file being written under a temporary name.
type out struct {
	name, tmp string
	f         *os.File
	w         *bufio.Writer
	closed    bool
	renamed   bool
}

func create(dir, name string) (*out, error) {
	f, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	// CreateTemp makes private files; a portfolio is ordinary data.
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("generate: %w", err)
	}
	return &out{name: name, tmp: f.Name(), f: f, w: bufio.NewWriterSize(f, bufSize)}, nil
}

func (o *out) finish() error {
	err := o.w.Flush()
	if err == nil {
		// Without the sync a crash right after the rename could leave an
		// empty file under the final name.
		err = o.f.Sync()
	}
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	o.closed = true
	if err != nil {
		return fmt.Errorf("generate: writing %s: %w", o.name, err)
	}
	return nil
}

func (o *out) discard() {
	if !o.closed {
		o.f.Close()
	}
	if !o.renamed {
		os.Remove(o.tmp)
	}
}

// progress merges the revenue and activity writers' counts: an account is
// written once both files hold it.
type progress struct {
	mu    sync.Mutex
	fn    func(done, total int)
	total int
	done  [2]int
	last  int
}

func (p *progress) report(k, done int) {
	if p.fn == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done[k] = done
	if m := min(p.done[0], p.done[1]); m > p.last {
		p.last = m
		p.fn(m, p.total)
	}
}

func (p *progress) finish() {
	p.report(0, p.total)
	p.report(1, p.total)
}

// ---------------------------------------------------------------------------
// Vocabulary

type word struct{ text, slug string } // display text and its ASCII form for addresses

func w(s string) word { return word{s, strings.ToLower(s)} }

var firstNames = []word{
	w("Anna"), w("Ben"), w("Bianca"), w("Chen"), w("Dana"), w("David"), w("Emil"), w("Felix"),
	w("Greta"), w("Hugo"), w("Klara"), w("Lukas"), w("Noah"), w("Rosa"), w("Vera"), w("Willem"),
	w("Amir"), w("Sofia"), w("Jonas"), w("Mia"), w("Elena"), w("Marco"), w("Lea"), w("Omar"),
	w("Ines"), w("Tomas"), w("Nora"), w("Paul"), w("Sara"), w("Leon"), w("Aiko"), w("Priya"),
	w("Raj"), w("Lina"), w("Oskar"), w("Maja"), w("Jan"), w("Eva"), w("Karin"), w("Mateo"),
	w("Yusuf"), w("Zoe"), w("Ida"), w("Hannah"), w("Erik"), w("Julia"), w("Liam"), w("Astrid"),
	{"Jürgen", "juergen"}, {"Björn", "bjoern"}, {"Sören", "soeren"}, {"Zoë", "zoe"},
}

var lastNames = []word{
	w("Garcia"), w("Moreau"), w("Smith"), w("Novak"), w("Tanaka"), w("Schmidt"), w("Meyer"), w("Kim"),
	w("Ivanova"), w("Berg"), w("Fischer"), w("Jansen"), w("Kowalski"), w("Dubois"), w("Weber"), w("Koch"),
	w("Silva"), w("Costa"), w("Nguyen"), w("Becker"), w("Haas"), w("Larsen"), w("Rossi"), w("Bauer"),
	w("Wagner"), w("Hoffmann"), w("Lindqvist"), w("Okafor"), w("Patel"), w("Sato"), w("Ruiz"), w("Lopez"),
	w("Virtanen"), w("Nieminen"), w("Andersen"), w("Dahl"), w("Keller"), w("Brown"), w("Wilson"), w("Martin"),
	w("Bernard"), w("Petrov"), w("Horvat"), w("Kaya"), w("Peters"), w("Vogel"),
	{"Müller", "mueller"}, {"Öztürk", "oeztuerk"}, {"Jäger", "jaeger"}, {"Søndergaard", "soendergaard"},
}

var companyWords = []word{
	w("Falcon"), w("Green"), w("Prime"), w("Silver"), w("Harbor"), w("Crown"), w("Atlas"), w("Blue"),
	w("Delta"), w("Iron"), w("Summit"), w("Pioneer"), w("Nordic"), w("Alpine"), w("Cedar"), w("Granite"),
	w("Apex"), w("Vertex"), w("Orion"), w("Polar"), w("Sunrise"), w("Maple"), w("Oak"), w("Lakeside"),
	w("Zenith"), w("Quantum"), w("Bright"), w("Eagle"), w("Redwood"), w("Coastal"), w("Northwind"), w("Evergreen"),
	w("Cobalt"), w("Beacon"), w("Horizon"), w("Keystone"), w("Meridian"), w("Nova"), w("Pacific"), w("Riverside"),
	w("Sterling"), w("Titan"), w("Unity"), w("Vista"), w("Westfield"), w("Nordlicht"),
	{"Bergström", "bergstroem"}, {"Müller", "mueller"}, {"Åkerlund", "akerlund"}, {"Città", "citta"},
}

var companyKinds = []string{
	"Solutions", "Networks", "Dynamics", "Energy", "Retail", "Labs", "Partners", "Systems",
	"Holdings", "Brands", "Capital", "Logistics", "Health", "Foods", "Industries", "Technologies",
	"Works", "Group", "Software", "Analytics", "Medical", "Motors", "Textiles", "Pharma",
	"Consulting", "Freight", "Robotics", "Media", "Food & Beverage", "Engineering",
}

var legalForms = []string{
	"GmbH", "AG", "Oy", "AB", "plc", "Ltd", "Inc.", "BV", "SA", "LLC", "A/S", "S.p.A.", "KG", "",
}

type industry struct {
	name   string
	share  float64 // percent of accounts
	median float64 // median head-count of its companies
}

// The big industries have very different sizes so that peer groups range from
// thousands of accounts down to a handful.
var industries = []industry{
	{"Software", 30, 120},
	{"Manufacturing", 20, 450},
	{"Retail", 15, 250},
	{"Healthcare", 10, 500},
	{"Finance", 8, 350},
	{"Logistics", 5, 220},
	{"Energy", 4, 700},
	{"Education", 1.5, 300},
	{"Telecommunications", 1.5, 900},
	{"Media", 1, 80},
	{"", 3, 200},
	{"Unknown", 1, 200},
}

// Tiny industries have fewer than the model's 5 peers, whatever the
// portfolio size, so their accounts are compared with the whole portfolio.
// like names the industry whose buying habits they share.
var tinyIndustries = []struct {
	name, like string
	count      int
}{
	{"Aerospace", "Manufacturing", 2},
	{"Mining", "Energy", 4},
	{"Agriculture", "Retail", 1},
	{"Shipbuilding", "Manufacturing", 3},
}

// Hand-typed CRM fields are not consistently cased; the model groups
// industries lower-cased, so these must land in the same peer group.
var industrySpellings = map[string][]struct {
	text  string
	share float64
}{
	"Software":   {{"software", 0.04}, {"SOFTWARE", 0.01}},
	"Healthcare": {{"HealthCare", 0.03}},
	"Retail":     {{"retail", 0.02}},
	"Finance":    {{"finance", 0.02}},
}

type billing uint8

const (
	monthly  billing = iota
	annualOK         // usually monthly, sometimes billed once a year
	sporadic         // bought now and then (courses)
)

type product struct {
	name     string
	adoption float64            // share of buying accounts before industry affinity
	price    float64            // monthly amount per employee
	billing  billing            // how invoices spread over months
	affinity map[string]float64 // industry -> adoption multiplier (looked up, never iterated)
}

var products = []product{
	{"Core Platform", 0.72, 18, monthly, map[string]float64{"Software": 1.15, "Media": 1.1, "Education": 0.8}},
	{"Analytics", 0.35, 6, monthly, map[string]float64{"Software": 1.4, "Finance": 1.5, "Retail": 1.3, "Telecommunications": 1.3, "Manufacturing": 0.7}},
	{"Premium Support", 0.28, 4.5, annualOK, map[string]float64{"Healthcare": 1.4, "Finance": 1.4, "Energy": 1.3, "Software": 0.8}},
	{"Data Integration", 0.22, 7, monthly, map[string]float64{"Software": 1.5, "Logistics": 1.6, "Retail": 1.2, "Education": 0.5}},
	{"Security Suite", 0.10, 9, monthly, map[string]float64{"Finance": 3.5, "Healthcare": 3.0, "Telecommunications": 2.0, "Energy": 1.5, "Retail": 0.5, "Education": 0.5}},
	{"Training", 0.18, 25, sporadic, map[string]float64{"Education": 2.5, "Healthcare": 1.5, "Manufacturing": 1.2}},
	{"Managed Services", 0.08, 22, monthly, map[string]float64{"Healthcare": 1.8, "Retail": 1.5, "Logistics": 1.3, "Software": 0.5}},
	{"IoT Connect", 0.025, 11, monthly, map[string]float64{"Manufacturing": 10, "Energy": 12, "Logistics": 4, "Telecommunications": 2, "Software": 0.2, "Finance": 0.1}},
}

// Fixed zones for time-stamped activities; the negative ones push evening
// meetings to the next UTC date.
var zones = []*time.Location{
	time.UTC,
	time.FixedZone("", 1*3600),
	time.FixedZone("", 2*3600),
	time.FixedZone("", -5*3600),
	time.FixedZone("", -8*3600),
	time.FixedZone("", 5*3600+1800),
	time.FixedZone("", 9*3600),
	time.FixedZone("", -3*3600),
}

// ---------------------------------------------------------------------------
// Model of the portfolio kept in memory: team and accounts only, never
// activities or revenue rows.

type role uint8

const (
	seller role = iota
	engineer
	manager
	former // owned accounts but left: appears as owner, absent from team.csv
)

type person struct {
	email    string // lower-case and unique
	mixed    string // the same address with capitalised name parts, as some systems store it
	name     string
	capacity string
	role     role
}

type account struct {
	id, name, owner, industry, employees, domains string // as written to accounts.csv

	domain   string  // domain of the contacts' addresses
	affinity int     // row of industries whose buying habits apply
	size     float64 // true head-count; drives revenue even when employees is not given
	lead     int32   // person who runs the account: its owner, or a stand-in when it has none
	engineer int32   // solution engineer who joins some activities
	manager  int32   // the lead's manager
	acts     int32   // number of activities
}

type gen struct {
	o        Options
	seed     uint64
	people   []person
	sellers  []int32 // indices of people with role seller
	engs     []int32
	managers []int32
	accounts []account
	aff      [][]float64 // [product][industry] adoption probability

	first    time.Time // first day of activities
	days     int       // days from first through AsOf
	dayBytes []byte    // YYYY-MM-DD of every day from first to AsOf+futureDays, 10 bytes each
	months   [months]string
}

func newGen(o Options) *gen {
	y, m, d := o.AsOf.UTC().Date()
	asOf := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	g := &gen{o: o, seed: uint64(o.Seed)}
	g.first = asOf.AddDate(0, -months, 1)
	g.days = int(asOf.Sub(g.first)/(24*time.Hour)) + 1
	g.dayBytes = make([]byte, 0, (g.days+futureDays)*10)
	for k := 0; k < g.days+futureDays; k++ {
		g.dayBytes = g.first.AddDate(0, 0, k).AppendFormat(g.dayBytes, time.DateOnly)
	}
	for i := range months {
		g.months[i] = time.Date(y, m-months+1+time.Month(i), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
	}
	g.aff = make([][]float64, len(products))
	for p, pr := range products {
		g.aff[p] = make([]float64, len(industries))
		for k, ind := range industries {
			f, ok := pr.affinity[ind.name]
			if !ok {
				f = 1
			}
			g.aff[p][k] = min(0.95, pr.adoption*f)
		}
	}
	g.makeTeam()
	g.makeAccounts()
	return g
}

// reseed points p at one stream; item separates the accounts inside it.
func (g *gen) reseed(p *rand.PCG, stream uint64, item int) {
	hi := mix(g.seed ^ mix(stream))
	p.Seed(hi, mix(hi^uint64(item)))
}

// mix is SplitMix64's finaliser: PCG states from neighbouring seeds would
// otherwise start out correlated.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func newRand(g *gen, stream uint64) *rand.Rand {
	p := rand.NewPCG(0, 0)
	g.reseed(p, stream, -1)
	return rand.New(p)
}

func (g *gen) makeTeam() {
	r := newRand(g, streamTeam)
	n := g.o.Accounts
	// One seller per 25 accounts, but a real team stops growing linearly:
	// at 10,000 accounts and beyond, 400 sellers carry bigger books.
	nSellers := min(400, max(3, (n+24)/25))
	nEngs := max(1, nSellers/5)
	nManagers := max(1, (nSellers+7)/8)
	nFormer := max(1, nSellers/25)

	used := make(map[string]bool)
	add := func(ro role, capacity string) int32 {
		f := firstNames[r.IntN(len(firstNames))]
		l := lastNames[r.IntN(len(lastNames))]
		local := f.slug + "." + l.slug
		email := local + ourDomain
		for k := 2; used[email]; k++ {
			email = local + strconv.Itoa(k) + ourDomain
		}
		used[email] = true
		g.people = append(g.people, person{
			email:    email,
			mixed:    capitalise(email),
			name:     f.text + " " + l.text,
			capacity: capacity,
			role:     ro,
		})
		return int32(len(g.people) - 1)
	}
	for range nSellers {
		g.sellers = append(g.sellers, add(seller, sellerCapacity(r)))
	}
	for range nEngs {
		c := ""
		if r.Float64() < 0.2 {
			c = "80"
		}
		g.engs = append(g.engs, add(engineer, c))
	}
	for range nManagers {
		c := ""
		if r.Float64() < 0.3 {
			c = "40"
		}
		g.managers = append(g.managers, add(manager, c))
	}
	for range nFormer {
		add(former, "")
	}
}

func sellerCapacity(r *rand.Rand) string {
	switch x := r.Float64(); {
	case x < 0.45:
		return "" // the model's default of 120
	case x < 0.57:
		return "100"
	case x < 0.69:
		return "120"
	case x < 0.81:
		return "140"
	case x < 0.93:
		return "160"
	case x < 0.97:
		return "150.5"
	default:
		return "60" // part-time
	}
}

// capitalise turns anna.kim2@ourco.example into Anna.Kim2@ourco.example.
func capitalise(email string) string {
	b := []byte(email)
	up := true
	for i, c := range b {
		if c == '@' {
			break
		}
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == '.'
	}
	return string(b)
}

func (g *gen) makeAccounts() {
	r := newRand(g, streamAccounts)
	n := g.o.Accounts
	width := max(7, len(strconv.Itoa(n)))
	g.accounts = make([]account, n)

	var formers []int32
	for i, p := range g.people {
		if p.role == former {
			formers = append(formers, int32(i))
		}
	}
	// Books differ a lot in size; the last hired seller has none yet but
	// still helps out on other accounts.
	cum := make([]float64, len(g.sellers))
	total := 0.0
	for i := range g.sellers {
		wt := math.Exp(0.5 * r.NormFloat64())
		if i == len(g.sellers)-1 && len(g.sellers) >= 5 {
			wt = 0
		}
		total += wt
		cum[i] = total
	}
	pickSeller := func() int32 {
		i, _ := slices.BinarySearch(cum, r.Float64()*total)
		return g.sellers[min(i, len(cum)-1)]
	}

	indCum := make([]float64, len(industries))
	t := 0.0
	for i, ind := range industries {
		t += ind.share
		indCum[i] = t
	}

	weights := make([]float64, n)
	wsum := 0.0
	var idBuf []byte
	for i := range g.accounts {
		a := &g.accounts[i]
		idBuf = appendPadded(idBuf[:0], "A", i+1, width)
		a.id = string(idBuf)

		k, _ := slices.BinarySearch(indCum, r.Float64()*t)
		k = min(k, len(industries)-1)
		a.affinity = k
		a.industry = spell(r, industries[k].name)

		name, slug := companyName(r)
		a.name = name
		if r.Float64() < 0.001 {
			a.name = "" // displays as the account id
		}
		num := strconv.Itoa(i + 1)
		a.domain = slug + "-" + num + ".example"
		switch x := r.Float64(); {
		case x < 0.01:
			a.domains = "" // not recorded; the activities still carry addresses
		case x < 0.11:
			a.domains = a.domain + ";" + slug + "-" + num + ".example.org"
		case x < 0.15:
			a.domains = a.domain + ";" + slug + "group-" + num + ".example"
		default:
			a.domains = a.domain
		}

		a.size = math.Round(min(50000, max(5, industries[k].median*math.Exp(1.5*r.NormFloat64()))))
		switch x := r.Float64(); {
		case x < 0.08:
			a.employees = ""
		case x < 0.09:
			a.employees = "0"
		default:
			a.employees = strconv.Itoa(int(a.size))
		}

		a.lead = -1
		switch x := r.Float64(); {
		case x < 0.02:
			a.owner = ""
		case x < 0.03:
			a.lead = formers[r.IntN(len(formers))]
			a.owner = g.people[a.lead].email
		default:
			a.lead = pickSeller()
			a.owner = g.people[a.lead].email
			if r.Float64() < 0.005 {
				a.owner = g.people[a.lead].mixed
			}
		}
		if a.lead < 0 {
			a.lead = g.sellers[r.IntN(len(g.sellers))]
		}
		a.engineer = g.engs[r.IntN(len(g.engs))]
		a.manager = g.managers[int(a.lead)%len(g.managers)]

		// Heavy-tailed attention, somewhat more for bigger clients; about 5%
		// of accounts are never touched.
		if r.Float64() >= 0.05 {
			wt := math.Exp(1.1*r.NormFloat64()) * math.Pow(a.size/200, 0.15)
			weights[i] = min(wt, 40)
			wsum += weights[i]
		}
	}

	// Tiny industries go to random accounts, at most a tenth of a small portfolio.
	if n >= 20 {
		perm := r.Perm(n)
		j := 0
		for _, ti := range tinyIndustries {
			like := slices.IndexFunc(industries, func(x industry) bool { return x.name == ti.like })
			for range ti.count {
				a := &g.accounts[perm[j]]
				a.industry, a.affinity = ti.name, like
				j++
			}
		}
	}

	// Scale the weights so the total is Accounts x ActivitiesPerAccount.
	if wsum > 0 {
		scale := float64(n) * g.o.ActivitiesPerAccount / wsum
		for i := range g.accounts {
			g.accounts[i].acts = int32(math.Floor(weights[i]*scale + r.Float64()))
		}
	}
}

func spell(r *rand.Rand, name string) string {
	x := r.Float64()
	for _, v := range industrySpellings[name] {
		if x < v.share {
			return v.text
		}
		x -= v.share
	}
	return name
}

// companyName returns a display name and the ASCII slug of its main word.
func companyName(r *rand.Rand) (string, string) {
	c := companyWords[r.IntN(len(companyWords))]
	kind := companyKinds[r.IntN(len(companyKinds))]
	legal := legalForms[r.IntN(len(legalForms))]
	switch x := r.Float64(); {
	case x < 0.015: // law-firm style, needs quoting
		a, b := lastNames[r.IntN(len(lastNames))], lastNames[r.IntN(len(lastNames))]
		return a.text + ", " + b.text + " & Partners", a.slug
	case x < 0.03:
		return c.text + " " + kind + ", Inc.", c.slug
	case x < 0.04: // a quoted brand, quotes inside the field
		return c.text + " \"" + kind + "\" " + legal, c.slug
	case x < 0.045: // starting with a quote
		return "\"" + c.text + "\" " + kind, c.slug
	}
	if legal == "" {
		return c.text + " " + kind, c.slug
	}
	return c.text + " " + kind + " " + legal, c.slug
}

// ---------------------------------------------------------------------------
// accounts.csv and team.csv

func (g *gen) writeAccounts(w *bufio.Writer) error {
	b := []byte("account_id,name,owner,industry,employees,domains\n")
	for i := range g.accounts {
		a := &g.accounts[i]
		b = appendField(b, a.id)
		b = append(b, ',')
		b = appendField(b, a.name)
		b = append(b, ',')
		b = appendField(b, a.owner)
		b = append(b, ',')
		b = appendField(b, a.industry)
		b = append(b, ',')
		b = append(b, a.employees...)
		b = append(b, ',')
		b = appendField(b, a.domains)
		b = append(b, '\n')
		if len(b) > 64<<10 {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	_, err := w.Write(b)
	return err
}

func (g *gen) writeTeam(w *bufio.Writer) error {
	r := newRand(g, streamTeamOrder)
	var order []int
	for i, p := range g.people {
		if p.role != former {
			order = append(order, i)
		}
	}
	// Exports list people in no useful order.
	r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	b := []byte("email,name,capacity_hours\n")
	for _, i := range order {
		p := &g.people[i]
		b = appendField(b, p.email)
		b = append(b, ',')
		b = appendField(b, p.name)
		b = append(b, ',')
		b = append(b, p.capacity...)
		b = append(b, '\n')
	}
	_, err := w.Write(b)
	return err
}

// ---------------------------------------------------------------------------
// revenue.csv

func (g *gen) writeRevenue(w *bufio.Writer, pr *progress) error {
	pcg := rand.NewPCG(0, 0)
	r := rand.New(pcg)
	b := []byte("account_id,product,month,amount\n")
	for i := range g.accounts {
		g.reseed(pcg, streamRevenue, i)
		b = g.appendRevenue(b, r, &g.accounts[i])
		if len(b) > 256<<10 {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
		if (i+1)%progressEvery == 0 {
			pr.report(0, i+1)
		}
	}
	_, err := w.Write(b)
	return err
}

// appendRevenue appends the revenue rows of one account, by product and month.
func (g *gen) appendRevenue(b []byte, r *rand.Rand, a *account) []byte {
	if r.Float64() < 0.07 {
		return b // prospects and lapsed clients buy nothing
	}
	row := func(p, m int, cents int64) {
		b = append(b, a.id...)
		b = append(b, ',')
		b = append(b, products[p].name...)
		b = append(b, ',')
		b = append(b, g.months[m]...)
		b = append(b, ',')
		b = appendCents(b, cents)
		b = append(b, '\n')
	}
	wallet := math.Exp(0.4 * r.NormFloat64())
	core := false
	for p := range products {
		prob := g.aff[p][a.affinity]
		if p > 0 && !core {
			prob *= 0.5 // add-ons mostly sell on top of the platform
		}
		if r.Float64() >= prob {
			continue
		}
		if p == 0 {
			core = true
		}
		level := a.size * products[p].price * wallet * math.Exp(0.5*r.NormFloat64())
		start, end := 0, months
		if r.Float64() < 0.25 {
			start = 1 + r.IntN(months-1) // new business inside the window
		}
		if r.Float64() < 0.1 {
			end = start + 1 + r.IntN(months-start) // churned
		}
		growth := 0.004 + 0.015*r.NormFloat64()
		bill := products[p].billing
		if bill == annualOK {
			if r.Float64() < 0.2 {
				level *= 12
			} else {
				bill = monthly
			}
		}
		for m := start; m < end; m++ {
			var x float64
			switch bill {
			case monthly:
				if r.Float64() < 0.02 {
					continue // invoice missing or late
				}
				x = level * math.Pow(1+growth, float64(m-start)) * (1 + 0.04*r.NormFloat64())
			case annualOK:
				if (m-start)%12 != 0 {
					continue
				}
				x = level * math.Pow(1+growth, float64(m-start))
			case sporadic:
				if r.Float64() >= 0.12 {
					continue
				}
				x = level * (0.5 + 2.5*r.Float64())
			}
			cents := max(100, int64(math.Round(x*100)))
			if r.Float64() < 0.003 {
				// A split invoice: rows of the same month add up.
				part := 1 + r.Int64N(cents-1)
				row(p, m, part)
				row(p, m, cents-part)
			} else {
				row(p, m, cents)
			}
			if r.Float64() < 0.01 {
				// A credit note for part or all of the invoice.
				row(p, m, -max(1, int64(float64(cents)*(0.05+0.95*r.Float64()))))
			}
		}
	}
	return b
}

// ---------------------------------------------------------------------------
// activities.csv

const (
	tEmail = iota
	tCall
	tMeeting
	tOther
	tNone // type left empty
)

var typeNames = [...]string{"email", "call", "meeting", "other", ""}
var typeNamesCap = [...]string{"Email", "Call", "Meeting", "Other", ""}

// Cumulative distributions of how many of our and their people take part,
// by type (tNone shares tOther's).
var (
	ourCount = [...][]float64{
		tEmail:   {0.85, 0.97, 1},
		tCall:    {0.70, 0.95, 1},
		tMeeting: {0.35, 0.70, 0.90, 1},
		tOther:   {0.80, 1},
	}
	theirCount = [...][]float64{
		tEmail:   {0.04, 0.74, 0.92, 1},
		tCall:    {0.10, 0.70, 0.95, 1},
		tMeeting: {0.05, 0.30, 0.55, 0.75, 0.87, 0.95, 1},
		tOther:   {0.45, 0.85, 1},
	}
)

// pick draws an index from cumulative weights, which need not end at 1.
func pick(r *rand.Rand, cum []float64) int {
	x := r.Float64() * cum[len(cum)-1]
	for i, c := range cum {
		if x < c {
			return i
		}
	}
	return len(cum) - 1
}

func (g *gen) writeActivities(w *bufio.Writer, pr *progress) error {
	pcg := rand.NewPCG(0, 0)
	aw := &activityWriter{g: g, r: rand.New(pcg)}
	b := []byte("activity_id,account_id,date,type,direction,our_people,their_people,minutes\n")
	for i := range g.accounts {
		g.reseed(pcg, streamActivities, i)
		b = aw.appendAccount(b, &g.accounts[i])
		if len(b) > 256<<10 {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
		if (i+1)%progressEvery == 0 {
			pr.report(1, i+1)
		}
	}
	_, err := w.Write(b)
	return err
}

// activityWriter holds the scratch space reused from account to account, so
// memory stays bounded by the busiest account.
type activityWriter struct {
	g     *gen
	r     *rand.Rand
	id    int     // last activity number written
	days  []int32 // the account's activity dates, as days since g.first
	arena []byte  // the account's contacts, back to back
	ends  []int   // end of each contact in arena
	their []byte
}

func (aw *activityWriter) appendAccount(b []byte, a *account) []byte {
	g, r := aw.g, aw.r
	if a.acts == 0 {
		return b
	}
	// The account's habits.
	inbound := 0.05 + 0.55*r.Float64()
	noDir := 0.0
	if r.Float64() < 0.2 {
		noDir = 0.1 + 0.4*r.Float64()
	}
	noMinutes := 0.6 * r.Float64()
	meet := 0.20 * (0.5 + r.Float64())
	call := 0.20 * (0.5 + r.Float64())
	typeCum := [...]float64{0.50, 0.50 + call, 0.50 + call + meet, 0.57 + call + meet, 0.60 + call + meet}

	// Contacts: more of them at bigger clients, a few known only by name.
	nContacts := int(min(14, max(1, math.Round(0.8*math.Log2(a.size+1)+r.NormFloat64()))))
	aw.arena, aw.ends = aw.arena[:0], aw.ends[:0]
	for range nContacts {
		f := firstNames[r.IntN(len(firstNames))]
		l := lastNames[r.IntN(len(lastNames))]
		switch x := r.Float64(); {
		case x < 0.005:
			aw.arena = append(aw.arena, l.text...)
			aw.arena = append(aw.arena, ", "...)
			aw.arena = append(aw.arena, f.text...)
		case x < 0.05:
			aw.arena = append(aw.arena, f.text...)
			aw.arena = append(aw.arena, ' ')
			aw.arena = append(aw.arena, l.text...)
		default:
			aw.arena = append(aw.arena, f.slug...)
			aw.arena = append(aw.arena, '.')
			aw.arena = append(aw.arena, l.slug...)
			aw.arena = append(aw.arena, '@')
			aw.arena = append(aw.arena, a.domain...)
		}
		aw.ends = append(aw.ends, len(aw.arena))
	}

	// Dates, most of them recent; some accounts went quiet months ago, some
	// were only just opened.
	lastDay := g.days - 1
	aw.days = aw.days[:0]
	mode := r.Float64()
	cut := 180 + r.IntN(220)
	for range a.acts {
		var age int
		switch {
		case r.Float64() < 0.01:
			age = -1 - r.IntN(futureDays)
		case mode < 0.10:
			age = cut + int(float64(g.days-cut)*math.Pow(r.Float64(), 1.2))
		case mode < 0.15:
			age = int(float64(min(g.days, 150)) * r.Float64())
		default:
			// A steady background plus a recent bulk that fades over
			// months, so the last months are the busiest without a cliff.
			age = g.days
			if r.Float64() < 0.6 {
				age = int(r.ExpFloat64() * 240)
			}
			if age >= g.days {
				age = r.IntN(g.days)
			}
		}
		aw.days = append(aw.days, int32(min(max(lastDay-age, 0), lastDay+futureDays)))
	}
	slices.Sort(aw.days)

	for _, day := range aw.days {
		aw.id++
		b = appendPadded(b, "ACT", aw.id, 9)
		b = append(b, ',')
		b = append(b, a.id...)
		b = append(b, ',')

		typ := pick(r, typeCum[:])
		if r.Float64() < stampShare(typ) {
			b = g.appendStamp(b, r, int(day), typ)
		} else {
			b = append(b, g.dayBytes[day*10:day*10+10]...)
		}
		b = append(b, ',')
		if r.Float64() < 0.01 {
			b = append(b, typeNamesCap[typ]...)
		} else {
			b = append(b, typeNames[typ]...)
		}
		b = append(b, ',')
		switch x := r.Float64(); {
		case x < noDir:
		case x < noDir+(1-noDir)*inbound:
			b = append(b, "inbound"...)
		default:
			b = append(b, "outbound"...)
		}
		b = append(b, ',')

		ct := min(typ, tOther)
		b = g.appendOurs(b, r, a, ct)
		b = append(b, ',')

		// Their people: the main contacts turn up most often.
		k := pick(r, theirCount[ct])
		aw.their = aw.their[:0]
		var seen uint32
		for j, tries := 0, 0; j < k && tries < 40; tries++ {
			c := int(float64(nContacts) * r.Float64() * r.Float64())
			if seen&(1<<c) != 0 {
				continue
			}
			seen |= 1 << c
			if j > 0 {
				aw.their = append(aw.their, ';')
			}
			lo := 0
			if c > 0 {
				lo = aw.ends[c-1]
			}
			aw.their = append(aw.their, aw.arena[lo:aw.ends[c]]...)
			j++
		}
		b = appendFieldBytes(b, aw.their)
		b = append(b, ',')
		if r.Float64() >= noMinutes {
			b = appendMinutes(b, r, typ)
		}
		b = append(b, '\n')
	}
	return b
}

// Calendar exports carry times; most CRM activities only dates.
func stampShare(typ int) float64 {
	if typ == tMeeting {
		return 0.08
	}
	return 0.01
}

// appendStamp writes an RFC 3339 time whose UTC date is the given day, in
// some zone, so that the local date sometimes differs from the UTC one.
func (g *gen) appendStamp(b []byte, r *rand.Rand, day, typ int) []byte {
	step := 300 // emails and calls at any five minutes
	if typ == tMeeting {
		step = 900
	}
	sec := r.IntN(86400/step) * step
	t := g.first.AddDate(0, 0, day).Add(time.Duration(sec) * time.Second)
	t = t.In(zones[r.IntN(len(zones))])
	if r.Float64() < 0.1 {
		return t.AppendFormat(b, "2006-01-02T15:04:05.000Z07:00")
	}
	return t.AppendFormat(b, time.RFC3339)
}

// appendOurs writes 1-4 of our people: usually the account's lead first,
// joined by its solution engineer, the lead's manager or another seller.
func (g *gen) appendOurs(b []byte, r *rand.Rand, a *account, typ int) []byte {
	var ids [4]int32
	n := 0
	lead := a.lead
	switch x := r.Float64(); {
	case x < 0.85:
	case x < 0.93:
		lead = a.engineer
	default:
		lead = g.sellers[r.IntN(len(g.sellers))] // covering for a colleague
	}
	ids[n] = lead
	n++
	want := 1 + pick(r, ourCount[typ])
	for tries := 0; n < want && tries < 8; tries++ {
		var p int32
		switch x := r.Float64(); {
		case x < 0.5:
			p = a.engineer
		case x < 0.75:
			p = a.manager
		case x < 0.9:
			p = g.sellers[r.IntN(len(g.sellers))]
		default:
			p = g.engs[r.IntN(len(g.engs))]
		}
		if !slices.Contains(ids[:n], p) {
			ids[n] = p
			n++
		}
	}
	for j, p := range ids[:n] {
		if j > 0 {
			b = append(b, ';')
		}
		b = append(b, g.people[p].email...)
	}
	// The same person twice, once as another system capitalised them.
	if n < 4 && r.Float64() < 0.003 {
		b = append(b, ';')
		b = append(b, g.people[lead].mixed...)
	}
	return b
}

var meetingMinutes = [...]int{15, 30, 30, 30, 45, 60, 60, 90, 120}

func appendMinutes(b []byte, r *rand.Rand, typ int) []byte {
	if r.Float64() < 0.002 {
		return append(b, '0')
	}
	var m int
	switch typ {
	case tEmail:
		m = 1 + r.IntN(10)
	case tCall:
		m = 5 + r.IntN(56)
	case tMeeting:
		m = meetingMinutes[r.IntN(len(meetingMinutes))]
	default:
		m = 5 + r.IntN(56)
	}
	b = strconv.AppendInt(b, int64(m), 10)
	if r.Float64() < 0.03 {
		b = append(b, ".5"...)
	}
	return b
}

// ---------------------------------------------------------------------------
// Formatting

// appendPadded appends prefix and n zero-padded to width digits.
func appendPadded(b []byte, prefix string, n, width int) []byte {
	b = append(b, prefix...)
	var d [20]byte
	s := strconv.AppendInt(d[:0], int64(n), 10)
	for k := len(s); k < width; k++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// appendCents appends c/100 with exactly two decimals.
func appendCents(b []byte, c int64) []byte {
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	b = strconv.AppendInt(b, c/100, 10)
	f := c % 100
	return append(b, '.', byte('0'+f/10), byte('0'+f%10))
}

func needsQuote(s string) bool {
	return strings.ContainsAny(s, ",\"\r\n")
}

// appendField appends s as a CSV field, quoted only when it has to be.
func appendField(b []byte, s string) []byte {
	if !needsQuote(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

func appendFieldBytes(b, s []byte) []byte {
	for _, c := range s {
		if c == ',' || c == '"' || c == '\r' || c == '\n' {
			return appendField(b, string(s))
		}
	}
	return append(b, s...)
}
