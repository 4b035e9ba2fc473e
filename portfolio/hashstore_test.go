package portfolio

import (
	"math/rand/v2"
	"os"
	"testing"
)

// The store finds exactly the repeated hashes, in memory and after
// spilling to files, and leaves no file behind.
func TestHashStoreSpills(t *testing.T) {
	for _, spill := range []int{1 << 22, 1000} {
		old := spillAt
		spillAt = spill
		t.Cleanup(func() { spillAt = old })

		var h hashStore
		rng := rand.New(rand.NewPCG(1, 2))
		want := map[uint64]bool{}
		var seen []uint64
		for i := range 20_000 {
			x := rng.Uint64()
			if i%997 == 0 && len(seen) > 0 {
				x = seen[rng.IntN(len(seen))]
				want[x] = true
			}
			seen = append(seen, x)
			if err := h.add(x); err != nil {
				t.Fatal(err)
			}
		}
		if spill == 1000 && h.files == nil {
			t.Fatal("the store did not spill")
		}
		dir := h.dir
		got, err := h.repeated()
		if err != nil {
			t.Fatal(err)
		}
		h.close()
		if len(got) != len(want) {
			t.Fatalf("spill %d: %d repeated hashes, want %d", spill, len(got), len(want))
		}
		for x := range want {
			if !got[x] {
				t.Errorf("spill %d: %x not found repeated", spill, x)
			}
		}
		if dir != "" {
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("temporary folder %s left behind", dir)
			}
		}
	}
}
