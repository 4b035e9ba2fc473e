package workspace

import (
	"fmt"
	"io"
	"os"
)

// spill holds records in buckets, in memory up to a limit and in temporary
// files past it, so that an import of any size needs a bucket's worth of
// memory at a time.
type spill struct {
	bufs  [][]byte
	files []*os.File
	dir   string
	size  int // bytes in bufs
	limit int
}

func newSpill(buckets, limit int) *spill {
	return &spill{bufs: make([][]byte, buckets), files: make([]*os.File, buckets), limit: limit}
}

// buf returns a bucket's buffer to append records to; the caller hands it
// back with done.
func (s *spill) buf(b int) []byte { return s.bufs[b] }

func (s *spill) done(b int, buf []byte) error {
	s.size += len(buf) - len(s.bufs[b])
	s.bufs[b] = buf
	if s.size > s.limit {
		return s.flush()
	}
	return nil
}

// flush writes every buffer to its bucket's file.
func (s *spill) flush() error {
	if s.dir == "" {
		dir, err := os.MkdirTemp("", "slcs-import-")
		if err != nil {
			return fmt.Errorf("workspace: a temporary folder for the import: %w", err)
		}
		s.dir = dir
	}
	for b, buf := range s.bufs {
		if len(buf) == 0 {
			continue
		}
		if s.files[b] == nil {
			f, err := os.CreateTemp(s.dir, "bucket-")
			if err != nil {
				return fmt.Errorf("workspace: %w", err)
			}
			s.files[b] = f
		}
		if _, err := s.files[b].Write(buf); err != nil {
			return fmt.Errorf("workspace: writing a temporary file of the import: %w", err)
		}
		s.bufs[b] = buf[:0]
	}
	s.size = 0
	return nil
}

// load returns a bucket's records, in the order they came, in dst's memory
// when it is large enough.
func (s *spill) load(b int, dst []byte) ([]byte, error) {
	dst = dst[:0]
	if f := s.files[b]; f != nil {
		end, err := f.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, fmt.Errorf("workspace: %w", err)
		}
		dst = append(dst, make([]byte, end)...)
		if _, err := f.ReadAt(dst, 0); err != nil {
			return nil, fmt.Errorf("workspace: reading a temporary file of the import: %w", err)
		}
	}
	return append(dst, s.bufs[b]...), nil
}

// close removes the temporary files.
func (s *spill) close() {
	for _, f := range s.files {
		if f != nil {
			f.Close()
		}
	}
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}
