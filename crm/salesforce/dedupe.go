package salesforce

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/slcs/slcs/crm"
	"io"
	"os"
	"slices"
	"strings"
)

// written is an activity written to activities.csv: its id (idKey), the
// file and line it came from, and its place in activities.csv.
type written struct {
	key  [15]byte
	file uint8
	line uint32
	pos  uint32
}

func (c *converter) fileIndex(file string) uint8 {
	for i, f := range c.files {
		if f == file {
			return uint8(i)
		}
	}
	c.files = append(c.files, file)
	return uint8(len(c.files) - 1)
}

// compareKeys orders ids by their 15 characters, as two numbers.
func compareKeys(a, b *[15]byte) int {
	if c := cmp.Compare(binary.BigEndian.Uint64(a[:8]), binary.BigEndian.Uint64(b[:8])); c != 0 {
		return c
	}
	return cmp.Compare(binary.BigEndian.Uint64(a[7:]), binary.BigEndian.Uint64(b[7:]))
}

// dedupe finds the activities written more than once (the same id in
// several rows, or files) and, when there are any, takes all but the first
// out of activities.csv (in f) and out of the team.
func (c *converter) dedupe(f *os.File) error {
	w := c.written
	slices.SortFunc(w, func(a, b written) int {
		if r := compareKeys(&a.key, &b.key); r != 0 {
			return r
		}
		return cmp.Compare(a.pos, b.pos)
	})
	var drops []written
	for i := 1; i < len(w); i++ {
		if w[i].key == w[i-1].key {
			drops = append(drops, w[i])
		}
	}
	c.written = nil
	if len(drops) == 0 {
		return nil
	}
	slices.SortFunc(drops, func(a, b written) int { return cmp.Compare(a.pos, b.pos) })
	for _, d := range drops {
		c.rep.AddSkip(c.files[d.file], "the Id is used by an earlier row", int64(d.line))
	}
	c.rep.Written["activities.csv"] -= int64(len(drops))
	return c.compact(f, drops)
}

// compact rewrites activities.csv in place without the rows at the drops'
// positions, and makes the team that of the rows kept. A kept row is
// written back as it was, never past where reading has come to.
func (c *converter) compact(f *os.File, drops []written) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	cr := csv.NewReader(bufio.NewReaderSize(f, 1<<16))
	cr.FieldsPerRecord = -1
	ow := io.NewOffsetWriter(f, 0)
	bw := bufio.NewWriterSize(ow, 1<<16)
	cw := csv.NewWriter(bw)
	head, err := cr.Read()
	if err != nil {
		return fmt.Errorf("reading activities.csv back: %w", err)
	}
	cw.Write(head)
	byEmail := usersByEmail(c.users)
	c.team = map[crm.ID]bool{}
	var pos uint32
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("reading activities.csv back: %w", err)
		}
		if len(drops) > 0 && drops[0].pos == pos {
			drops = drops[1:]
		} else {
			cw.Write(rec)
			for _, p := range strings.Split(rec[5], ";") {
				if uid, ok := byEmail[strings.ToLower(p)]; ok {
					c.team[uid] = true
				}
			}
		}
		pos++
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing activities.csv: %w", err)
	}
	end, err := ow.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	return f.Truncate(end)
}
