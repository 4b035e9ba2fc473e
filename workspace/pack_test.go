package workspace

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/slcs/slcs"
)

// memPacks keeps packs in maps: the merge algorithm tested on its own,
// the stores' SQL being tested by the store suite.
type memPacks struct {
	packs map[string][]byte
	days  map[slcs.Day]int64
}

func newMemPacks() *memPacks {
	return &memPacks{packs: map[string][]byte{}, days: map[slcs.Day]int64{}}
}

func (m *memPacks) EachPack(fn func(string, []byte) error) error {
	for _, k := range slices.Sorted(maps.Keys(m.packs)) {
		if err := fn(k, m.packs[k]); err != nil {
			return err
		}
	}
	return nil
}

func (m *memPacks) ReadPacks(accounts []string, fn func(string, []byte) error) error {
	for _, a := range accounts {
		if p, ok := m.packs[a]; ok {
			if err := fn(a, p); err != nil {
				return err
			}
		}
	}
	return nil
}

func (m *memPacks) WritePacks(list []PackWrite) error {
	for _, w := range list {
		if w.N == 0 {
			delete(m.packs, w.Account)
		} else {
			m.packs[w.Account] = slices.Clone(w.Data)
		}
	}
	return nil
}

func (m *memPacks) AddActivityDays(days map[slcs.Day]int64) error {
	for d, n := range days {
		if m.days[d] += n; m.days[d] == 0 {
			delete(m.days, d)
		}
	}
	return nil
}

func (m *memPacks) all(t *testing.T) []ActivityRow {
	t.Helper()
	var list []ActivityRow
	err := EachActivity(m.EachPack, -1<<31, 1<<31-1, func(a *ActivityRow) error {
		list = append(list, *a)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(list, func(a, b ActivityRow) int { return cmp.Compare(a.ID, b.ID) })
	return list
}

func merge(t *testing.T, m *memPacks, limit int, rows []ActivityRow) Counts {
	t.Helper()
	mg := NewActivityMerger()
	defer mg.Close()
	mg.acts.limit, mg.ids.limit = limit, limit
	for i := range rows {
		if err := mg.Put(&rows[i]); err != nil {
			t.Fatal(err)
		}
	}
	c, err := mg.Merge(m)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func randomRows(r *rand.Rand, n, ids, accounts int) []ActivityRow {
	people := []string{"ann@us.example", "bob@us.example", "carl@them.example", "dora@them.example", "eve@them.example"}
	rows := make([]ActivityRow, n)
	for i := range rows {
		var ours, theirs string
		for _, p := range people[:2] {
			if r.IntN(2) == 0 {
				ours += p + ";"
			}
		}
		for _, p := range people[2:] {
			if r.IntN(2) == 0 {
				theirs += p + ";"
			}
		}
		minutes := int64(-1)
		if r.IntN(3) > 0 {
			minutes = r.Int64N(1e9)
		}
		rows[i] = ActivityRow{ID: fmt.Sprintf("X%d", r.IntN(ids)), AccountID: fmt.Sprintf("A%d", r.IntN(accounts)),
			Day: slcs.Day(19000 + r.IntN(700)), Type: slcs.ActivityType(r.IntN(4)), Inbound: r.IntN(2) == 0,
			Minutes: minutes, OurPeople: trimSemi(ours), TheirPeople: trimSemi(theirs)}
	}
	return rows
}

func trimSemi(s string) string {
	if s != "" {
		s = s[:len(s)-1]
	}
	return s
}

// expected applies imports the simple way: a map by id, the last put wins.
func expected(imports ...[]ActivityRow) ([]ActivityRow, map[slcs.Day]int64, []Counts) {
	state := map[string]ActivityRow{}
	var counts []Counts
	for _, rows := range imports {
		final := map[string]ActivityRow{}
		for _, a := range rows {
			final[a.ID] = a
		}
		var c Counts
		for id, a := range final {
			old, ok := state[id]
			switch {
			case !ok:
				c.Added++
			case old == a:
				c.Unchanged++
			default:
				c.Changed++
			}
			state[id] = a
		}
		counts = append(counts, c)
	}
	list := slices.Collect(maps.Values(state))
	slices.SortFunc(list, func(a, b ActivityRow) int { return cmp.Compare(a.ID, b.ID) })
	days := map[slcs.Day]int64{}
	for _, a := range list {
		days[a.Day]++
	}
	return list, days, counts
}

// TestMergeAgainstMap: imports of random activities, with ids put several
// times and moving between accounts, give what a map by id gives, whether
// the merger keeps the records in memory or spills them to files.
func TestMergeAgainstMap(t *testing.T) {
	for seed := range uint64(8) {
		r := rand.New(rand.NewPCG(seed, 1))
		imports := [][]ActivityRow{randomRows(r, 3000, 2000, 40), randomRows(r, 1500, 2500, 60), randomRows(r, 10, 2500, 3)}
		want, wantDays, wantCounts := expected(imports...)
		for _, limit := range []int{mergeMemory, 1024} {
			m := newMemPacks()
			for i, rows := range imports {
				if got := merge(t, m, limit, rows); got != wantCounts[i] {
					t.Errorf("seed %d, limit %d, import %d: counts %+v, want %+v", seed, limit, i, got, wantCounts[i])
				}
			}
			if got := m.all(t); !reflect.DeepEqual(got, want) {
				t.Errorf("seed %d, limit %d: %d activities, want %d", seed, limit, len(got), len(want))
			}
			if !maps.Equal(m.days, wantDays) {
				t.Errorf("seed %d, limit %d: days %v, want %v", seed, limit, m.days, wantDays)
			}
		}
	}
}

// TestSpillUsesFiles: past its memory the merger writes files, and removes
// them on Close.
func TestSpillUsesFiles(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	mg := NewActivityMerger()
	mg.acts.limit = 100
	rows := randomRows(rand.New(rand.NewPCG(1, 2)), 200, 1000, 10)
	for i := range rows {
		if err := mg.Put(&rows[i]); err != nil {
			t.Fatal(err)
		}
	}
	if mg.acts.dir == "" {
		t.Fatal("no temporary folder past the memory limit")
	}
	dir := mg.acts.dir
	mg.Close()
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the temporary folder %s is left after Close: %v", dir, err)
	}
}

// TestPackPeopleOnce: a pack lists each person once, and gives the
// activities back as they were put.
func TestPackPeopleOnce(t *testing.T) {
	rows := []ActivityRow{
		{ID: "1", AccountID: "A", Day: 5, Type: slcs.Meeting, Minutes: 30e6, OurPeople: "ann@us;bob@us", TheirPeople: "carl@them"},
		{ID: "2", AccountID: "A", Day: -3, Type: slcs.Email, Inbound: true, Minutes: -1, OurPeople: "bob@us", TheirPeople: "carl@them;dora@them"},
		{ID: "3", AccountID: "A", Day: 7, Type: slcs.Other, Minutes: 0},
	}
	m := newMemPacks()
	if c := merge(t, m, mergeMemory, rows); c != (Counts{Added: 3}) {
		t.Errorf("counts %+v", c)
	}
	p, err := OpenPack(m.packs["A"])
	if err != nil {
		t.Fatal(err)
	}
	var people []string
	for _, x := range p.People {
		people = append(people, string(x))
	}
	if want := []string{"ann@us", "bob@us", "carl@them", "dora@them"}; !slices.Equal(people, want) {
		t.Errorf("people %q, want %q", people, want)
	}
	if got := m.all(t); !reflect.DeepEqual(got, rows) {
		t.Errorf("activities\n got %+v\nwant %+v", got, rows)
	}
}

// FuzzOpenPack: no bytes make decoding panic, and every person an activity
// names is among the pack's people.
func FuzzOpenPack(f *testing.F) {
	m := newMemPacks()
	mg := NewActivityMerger()
	rows := randomRows(rand.New(rand.NewPCG(3, 4)), 20, 100, 1)
	for i := range rows {
		mg.Put(&rows[i])
	}
	mg.Merge(m)
	mg.Close()
	for _, p := range m.packs {
		f.Add(p)
	}
	f.Add([]byte{packVersion, 0})
	f.Add([]byte{2})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := OpenPack(data)
		if err != nil {
			if !errors.Is(err, ErrBadPack) {
				t.Fatalf("error %v does not wrap ErrBadPack", err)
			}
			return
		}
		var n int
		err = p.Each(func(r *PackRecord) error {
			n++
			for _, x := range append(slices.Clone(r.Ours), r.Theirs...) {
				if int(x) >= len(p.People) {
					t.Fatalf("person %d of %d", x, len(p.People))
				}
			}
			return nil
		})
		if err != nil && !errors.Is(err, ErrBadPack) {
			t.Fatalf("error %v does not wrap ErrBadPack", err)
		}
	})
}
