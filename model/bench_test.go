package model_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// BenchmarkModel feeds the model a synthetic portfolio held nowhere but in
// the loop (no files, no parsing): n accounts with 100 activities each over
// two years, 6 products over 24 months, and classifies it.
func BenchmarkModel(b *testing.B) {
	for _, n := range []int{20_000, 100_000} {
		b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) {
			for b.Loop() {
				benchClassify(b, n)
			}
			b.ReportMetric(float64(n*100)/b.Elapsed().Seconds()*float64(b.N), "activities/s")
		})
	}
}

func benchClassify(b *testing.B, n int) *model.Result {
	asOf := slcs.MakeDay(2026, 11, 30)
	bld, err := model.NewBuilder(slcs.DefaultSettings(), asOf)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	industries := []string{"software", "retail", "manufacturing", "finance", "energy", "mining"}
	products := [][]byte{[]byte("Core"), []byte("Analytics"), []byte("Support"), []byte("Security"), []byte("Training"), []byte("IoT")}
	sellers := n/250 + 3
	for i := range n {
		bld.AddAccount(model.Account{
			ID: "A" + strconv.Itoa(i), Name: "Account " + strconv.Itoa(i),
			Owner:    "seller" + strconv.Itoa(i%sellers) + "@ourco.example",
			Industry: industries[rng.IntN(len(industries))], Employees: int64(5 + rng.IntN(5000)), EmployeesGiven: rng.IntN(10) > 0,
		})
	}
	var act model.Activity
	ours := make([][]byte, 0, 4)
	theirs := make([][]byte, 0, 6)
	var buf []byte
	for i := range n {
		for range 100 {
			act.Account = int32(i)
			act.Day = asOf - slcs.Day(rng.IntN(730))
			act.Type = slcs.ActivityType(rng.IntN(4))
			act.Inbound = rng.IntN(4) == 0
			act.Minutes = -1
			buf = buf[:0]
			ours, theirs = ours[:0], theirs[:0]
			for range 1 + rng.IntN(3) {
				start := len(buf)
				buf = append(buf, "seller"...)
				buf = strconv.AppendInt(buf, int64(rng.IntN(sellers)), 10)
				buf = append(buf, "@ourco.example"...)
				ours = append(ours, buf[start:])
			}
			for range rng.IntN(5) {
				start := len(buf)
				buf = append(buf, 'c')
				buf = strconv.AppendInt(buf, int64(i), 10)
				buf = append(buf, '.')
				buf = strconv.AppendInt(buf, int64(rng.IntN(20)), 10)
				buf = append(buf, "@client.example"...)
				theirs = append(theirs, buf[start:])
			}
			act.Ours, act.Theirs = ours, theirs
			bld.AddActivity(&act)
		}
		for p, name := range products {
			if rng.IntN(3) == 0 {
				continue
			}
			for m := range 24 {
				month := asOf.Month() - slcs.Month(m)
				if err := bld.AddRevenue(int32(i), name, month, int64((p+1)*1_000_000*(1+rng.IntN(500)))); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	return bld.Classify()
}
