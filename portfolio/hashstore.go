package portfolio

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"slices"
)

// hashStore collects the 64-bit hashes of the activity ids to find the
// repeated ones. It sorts them into 256 buckets by their top byte; past a
// few million hashes the buckets go to temporary files, so that memory does
// not grow with the number of rows. Each bucket is then sorted on its own.
type hashStore struct {
	mem   [256][]uint64
	n     int // hashes in memory
	files *[256]*os.File
	dir   string
}

// spillAt is how many hashes (8 bytes each) stay in memory before the
// buckets are written out.
var spillAt = 1 << 22

func (h *hashStore) add(x uint64) error {
	b := &h.mem[x>>56]
	*b = append(*b, x)
	h.n++
	if h.n >= spillAt {
		return h.spill()
	}
	return nil
}

// spill appends every bucket in memory to its file.
func (h *hashStore) spill() error {
	if h.files == nil {
		dir, err := os.MkdirTemp("", "slcs-ids-*")
		if err != nil {
			return fmt.Errorf("finding duplicated activity ids: %w", err)
		}
		h.dir = dir
		h.files = new([256]*os.File)
		for i := range h.files {
			f, err := os.Create(fmt.Sprintf("%s/%02x", dir, i))
			if err != nil {
				return fmt.Errorf("finding duplicated activity ids: %w", err)
			}
			h.files[i] = f
		}
	}
	buf := make([]byte, 0, 1<<16)
	for i := range h.mem {
		buf = buf[:0]
		for _, x := range h.mem[i] {
			buf = binary.LittleEndian.AppendUint64(buf, x)
			if len(buf) == cap(buf) {
				if _, err := h.files[i].Write(buf); err != nil {
					return fmt.Errorf("finding duplicated activity ids: %w", err)
				}
				buf = buf[:0]
			}
		}
		if _, err := h.files[i].Write(buf); err != nil {
			return fmt.Errorf("finding duplicated activity ids: %w", err)
		}
		h.mem[i] = h.mem[i][:0]
	}
	h.n = 0
	return nil
}

// repeated returns the hashes added more than once.
func (h *hashStore) repeated() (map[uint64]bool, error) {
	var twice map[uint64]bool
	var all []uint64
	for i := range h.mem {
		all = append(all[:0], h.mem[i]...)
		h.mem[i] = nil
		if h.files != nil {
			f := h.files[i]
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				return nil, err
			}
			r := bufio.NewReaderSize(f, 1<<16)
			var word [8]byte
			for {
				if _, err := io.ReadFull(r, word[:]); err == io.EOF {
					break
				} else if err != nil {
					return nil, fmt.Errorf("finding duplicated activity ids: %w", err)
				}
				all = append(all, binary.LittleEndian.Uint64(word[:]))
			}
		}
		slices.Sort(all)
		for j := 1; j < len(all); j++ {
			if all[j] == all[j-1] {
				if twice == nil {
					twice = map[uint64]bool{}
				}
				twice[all[j]] = true
			}
		}
	}
	return twice, nil
}

// close removes the temporary files.
func (h *hashStore) close() {
	if h.files == nil {
		return
	}
	for _, f := range h.files {
		if f != nil {
			f.Close()
		}
	}
	os.RemoveAll(h.dir)
	h.files = nil
}
