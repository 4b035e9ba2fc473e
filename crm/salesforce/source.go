package salesforce

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// source is an export: a zip file or a folder of <Object>.csv files.
type source struct {
	zr    *zip.ReadCloser
	zip   map[string]*zip.File // lower-cased base name → entry
	dir   map[string]string    // lower-cased base name → path
	names map[string]string    // lower-cased base name → name as exported
	total int64
	done  int64
	sizes map[string]int64 // lower-cased base name → bytes
}

func openSource(src string) (*source, error) {
	fi, err := os.Stat(src)
	if err != nil {
		return nil, fmt.Errorf("cannot read the export: %w", err)
	}
	s := &source{names: map[string]string{}, sizes: map[string]int64{}}
	if fi.IsDir() {
		s.dir = map[string]string{}
		ents, err := os.ReadDir(src)
		if err != nil {
			return nil, fmt.Errorf("cannot read the export: %w", err)
		}
		for _, e := range ents {
			if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
				continue
			}
			key := strings.ToLower(e.Name())
			s.dir[key] = filepath.Join(src, e.Name())
			s.names[key] = e.Name()
			if info, err := e.Info(); err == nil && isObjectFile(key) {
				s.total += info.Size()
				s.sizes[key] = info.Size()
			}
		}
		return s, nil
	}
	zr, err := zip.OpenReader(src)
	if err != nil {
		return nil, fmt.Errorf("cannot read the export %s: it is neither a folder nor a zip file: %w", src, err)
	}
	s.zr = zr
	s.zip = map[string]*zip.File{}
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		base := f.Name[strings.LastIndex(f.Name, "/")+1:]
		if !strings.EqualFold(filepath.Ext(base), ".csv") {
			continue
		}
		key := strings.ToLower(base)
		if _, dup := s.zip[key]; dup {
			continue
		}
		s.zip[key] = f
		s.names[key] = base
		if isObjectFile(key) {
			s.total += int64(f.UncompressedSize64)
			s.sizes[key] = int64(f.UncompressedSize64)
		}
	}
	return s, nil
}

func isObjectFile(key string) bool {
	for _, n := range readOrder {
		if strings.ToLower(n) == key {
			return true
		}
	}
	return false
}

func (s *source) close() {
	if s.zr != nil {
		s.zr.Close()
	}
}

func (s *source) has(name string) bool {
	_, ok := s.names[strings.ToLower(name)]
	return ok
}

func (s *source) open(name string) (io.ReadCloser, error) {
	key := strings.ToLower(name)
	if s.zip != nil {
		return s.zip[key].Open()
	}
	return os.Open(s.dir[key])
}

// isUTF8 reads r to its end and tells whether it is valid UTF-8.
func isUTF8(r io.Reader) (bool, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var carry []byte
	buf := make([]byte, 1<<16)
	for {
		n, err := br.Read(buf)
		chunk := append(carry, buf[:n]...)
		// keep an incomplete rune at the end for the next chunk
		cut := len(chunk)
		for i := len(chunk) - 1; i >= 0 && i >= len(chunk)-utf8.UTFMax; i-- {
			if utf8.RuneStart(chunk[i]) {
				if !utf8.FullRune(chunk[i:]) {
					cut = i
				}
				break
			}
		}
		if !utf8.Valid(chunk[:cut]) {
			return false, nil
		}
		carry = append([]byte(nil), chunk[cut:]...)
		if err == io.EOF {
			return len(carry) == 0, nil
		}
		if err != nil {
			return false, err
		}
	}
}

type countingReader struct {
	r io.Reader
	n *int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	return n, err
}

// row is one record of an export file, its cells found by column name.
type row struct {
	rec  []string
	cols map[string]int // lower-cased column name → index
	// names caches the index of a column as the code names it (-1 when
	// the file has no such column), shared by the rows of a file.
	names map[string]int
	line  int64
}

// index returns the index of the column (case-insensitive name), -1 when
// the file has none.
func (r row) index(col string) int {
	if i, ok := r.names[col]; ok {
		return i
	}
	i, ok := r.cols[strings.ToLower(col)]
	if !ok {
		i = -1
	}
	if r.names != nil {
		r.names[col] = i
	}
	return i
}

// get returns the trimmed cell of the column (case-insensitive name), ""
// when the column or the cell is missing.
func (r row) get(col string) string {
	i := r.index(col)
	if i < 0 || i >= len(r.rec) {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
}

func (r row) hasCol(col string) bool {
	return r.index(col) >= 0
}

// errMissingColumn is wrapped by the error of a required column missing.
var errMissingColumn = errors.New("a required column is missing from the header")

// each calls fn for every record of the file name (decoded from UTF-8 or
// Windows-1252), after checking its header has the required columns. It
// does nothing for a file that is not in the export.
func (s *source) each(name string, required []string, progress func(done, total int64), fn func(row) error) error {
	if !s.has(name) {
		return nil
	}
	display := s.names[strings.ToLower(name)]
	f, err := s.open(name)
	if err != nil {
		return fmt.Errorf("%s: %w", display, err)
	}
	utf, err := isUTF8(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", display, err)
	}
	f, err = s.open(name)
	if err != nil {
		return fmt.Errorf("%s: %w", display, err)
	}
	defer f.Close()
	var r io.Reader = countingReader{r: f, n: &s.done}
	if !utf {
		r = charmap.Windows1252.NewDecoder().Reader(r)
	}
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err == io.EOF {
		if len(required) > 0 {
			return fmt.Errorf("%s: the file is empty: it needs a header row", display)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", display, err)
	}
	cols := map[string]int{}
	for i, h := range head {
		k := strings.ToLower(strings.TrimSpace(strings.Trim(strings.TrimSpace(h), `"`)))
		if _, dup := cols[k]; !dup {
			cols[k] = i
		}
	}
	for _, c := range required {
		if _, ok := cols[strings.ToLower(c)]; !ok {
			return fmt.Errorf("%s: column %s: %w", display, c, errMissingColumn)
		}
	}
	names := map[string]int{}
	var n int64
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", display, err)
		}
		line, _ := cr.FieldPos(0)
		if err := fn(row{rec: rec, cols: cols, names: names, line: int64(line)}); err != nil {
			return err
		}
		n++
		if progress != nil && n%4096 == 0 {
			progress(s.done, s.total)
		}
	}
	if progress != nil {
		progress(s.done, s.total)
	}
	return nil
}
