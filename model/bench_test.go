package model_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// BenchmarkModel measures the model alone: a synthetic portfolio of n
// accounts with 100 activities each over two years and 6 products over 24
// months, held in memory in compact form, is fed to a Builder and
// classified. No file is read and nothing is parsed in the timed loop.
func BenchmarkModel(b *testing.B) {
	for _, n := range []int{20_000, 100_000} {
		b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) {
			p := makeBenchPortfolio(n)
			b.ResetTimer()
			for b.Loop() {
				p.classify(b)
			}
			b.ReportMetric(float64(len(p.acts))*float64(b.N)/b.Elapsed().Seconds(), "activities/s")
		})
	}
}

type benchActivity struct {
	account int32
	day     slcs.Day
	typ     slcs.ActivityType
	inbound bool
	ours    [3]int32 // -1: none
	theirs  [4]int32 // -1: none
}

type benchPortfolio struct {
	asOf     slcs.Day
	accounts []model.Account
	ours     [][]byte
	theirs   [][]byte
	acts     []benchActivity
	revenue  []benchRevenue
	products [][]byte
}

type benchRevenue struct {
	account, product int32
	month            slcs.Month
	micros           int64
}

func makeBenchPortfolio(n int) *benchPortfolio {
	p := &benchPortfolio{asOf: slcs.MakeDay(2026, 11, 30)}
	rng := rand.New(rand.NewPCG(1, 2))
	industries := []string{"software", "retail", "manufacturing", "finance", "energy", "mining"}
	for _, name := range []string{"Core", "Analytics", "Support", "Security", "Training", "IoT"} {
		p.products = append(p.products, []byte(name))
	}
	sellers := n/250 + 3
	for i := range sellers {
		p.ours = append(p.ours, []byte("seller"+strconv.Itoa(i)+"@ourco.example"))
	}
	for i := range n {
		p.accounts = append(p.accounts, model.Account{
			ID: "A" + strconv.Itoa(i), Name: "Account " + strconv.Itoa(i),
			Owner:    string(p.ours[i%sellers]),
			Industry: industries[rng.IntN(len(industries))], Employees: int64(5 + rng.IntN(5000)), EmployeesGiven: rng.IntN(10) > 0,
		})
		first := int32(len(p.theirs))
		for k := range 20 {
			p.theirs = append(p.theirs, []byte("c"+strconv.Itoa(k)+"@client"+strconv.Itoa(i)+".example"))
		}
		for range 100 {
			a := benchActivity{account: int32(i), day: p.asOf - slcs.Day(rng.IntN(730)),
				typ: slcs.ActivityType(rng.IntN(4)), inbound: rng.IntN(4) == 0,
				ours: [3]int32{-1, -1, -1}, theirs: [4]int32{-1, -1, -1, -1}}
			for k := range 1 + rng.IntN(3) {
				a.ours[k] = int32(rng.IntN(sellers))
			}
			for k := range rng.IntN(5) {
				a.theirs[k] = first + int32(rng.IntN(20))
			}
			p.acts = append(p.acts, a)
		}
		for j := range p.products {
			if rng.IntN(3) == 0 {
				continue
			}
			for m := range 24 {
				p.revenue = append(p.revenue, benchRevenue{account: int32(i), product: int32(j),
					month: p.asOf.Month() - slcs.Month(m), micros: int64((j + 1) * 1_000_000 * (1 + rng.IntN(500)))})
			}
		}
	}
	return p
}

func (p *benchPortfolio) classify(b *testing.B) *model.Result {
	bld, err := model.NewBuilder(slcs.DefaultSettings(), p.asOf)
	if err != nil {
		b.Fatal(err)
	}
	for _, a := range p.accounts {
		bld.AddAccount(a)
	}
	var act model.Activity
	ours := make([][]byte, 0, 3)
	theirs := make([][]byte, 0, 4)
	for i := range p.acts {
		a := &p.acts[i]
		ours, theirs = ours[:0], theirs[:0]
		for _, o := range a.ours {
			if o >= 0 {
				ours = append(ours, p.ours[o])
			}
		}
		for _, t := range a.theirs {
			if t >= 0 {
				theirs = append(theirs, p.theirs[t])
			}
		}
		act = model.Activity{Account: a.account, Day: a.day, Type: a.typ, Inbound: a.inbound, Minutes: -1, Ours: ours, Theirs: theirs}
		bld.AddActivity(&act)
	}
	for _, r := range p.revenue {
		if err := bld.AddRevenue(r.account, p.products[r.product], r.month, r.micros); err != nil {
			b.Fatal(err)
		}
	}
	return bld.Classify()
}
