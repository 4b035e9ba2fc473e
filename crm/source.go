package crm

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// Source is the files of an export: CSV and XLSX files given one by one, in
// a folder, or in a zip file (read without unpacking it to disk).
type Source struct {
	tables []*Table
	byKey  map[string]*Table
	zips   []*zip.ReadCloser
	// Progress, when set, is called now and then with the bytes read so
	// far and Total.
	Progress func(done, total int64)
	// Total is the bytes to read in all: the size of every table unless
	// the caller sets it.
	Total int64
	done  atomic.Int64
}

// Table is one file of a Source.
type Table struct {
	// Name is the file's name as exported, without its folder.
	Name string
	// Size is its size in bytes (uncompressed).
	Size int64
	xlsx bool
	path string    // a file on disk, or ""
	zf   *zip.File // an entry of a zip file, or nil
}

// XLSX tells whether the table is an Excel workbook.
func (t *Table) XLSX() bool { return t.xlsx }

// OpenSource opens the exports at paths: each a CSV or XLSX file, a folder
// of them (not its subfolders), or a zip file of them. Other files are
// ignored. Of two files with the same name (in any case), the first is
// kept. Close the Source when done.
func OpenSource(paths ...string) (*Source, error) {
	s := &Source{byKey: map[string]*Table{}}
	for _, p := range paths {
		if err := s.add(p); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

func tableKind(name string) (ok, xlsx bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return true, false
	case ".xlsx":
		return true, true
	}
	return false, false
}

func (s *Source) addTable(t *Table) {
	key := strings.ToLower(t.Name)
	if _, dup := s.byKey[key]; dup {
		return
	}
	s.byKey[key] = t
	s.tables = append(s.tables, t)
	s.Total += t.Size
}

func (s *Source) add(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		return fmt.Errorf("cannot read the export: %w", err)
	}
	if fi.IsDir() {
		ents, err := os.ReadDir(p)
		if err != nil {
			return fmt.Errorf("cannot read the export: %w", err)
		}
		for _, e := range ents {
			ok, x := tableKind(e.Name())
			if e.IsDir() || !ok || strings.HasPrefix(e.Name(), "~$") {
				continue
			}
			info, err := e.Info()
			if err != nil {
				return fmt.Errorf("cannot read the export: %w", err)
			}
			s.addTable(&Table{Name: e.Name(), Size: info.Size(), xlsx: x, path: filepath.Join(p, e.Name())})
		}
		return nil
	}
	if ok, x := tableKind(p); ok {
		s.addTable(&Table{Name: filepath.Base(p), Size: fi.Size(), xlsx: x, path: p})
		return nil
	}
	zr, err := zip.OpenReader(p)
	if err != nil {
		return fmt.Errorf("cannot read the export %s: it is neither a folder, a CSV or XLSX file, nor a zip file: %w", p, err)
	}
	s.zips = append(s.zips, zr)
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		base := f.Name[strings.LastIndex(f.Name, "/")+1:]
		ok, x := tableKind(base)
		if !ok || strings.HasPrefix(base, "~$") || strings.HasPrefix(f.Name, "__MACOSX/") {
			continue
		}
		s.addTable(&Table{Name: base, Size: int64(f.UncompressedSize64), xlsx: x, zf: f})
	}
	return nil
}

// Close closes the zip files of the source.
func (s *Source) Close() {
	for _, z := range s.zips {
		z.Close()
	}
	s.zips = nil
}

// Tables returns the files of the source, in the order they were found.
func (s *Source) Tables() []*Table { return s.tables }

// Lookup returns the file of that name (in any case), nil when there is
// none.
func (s *Source) Lookup(name string) *Table { return s.byKey[strings.ToLower(name)] }

func (t *Table) open() (io.ReadCloser, error) {
	if t.zf != nil {
		return t.zf.Open()
	}
	return os.Open(t.path)
}

// ErrMissingColumn is wrapped by the error of a required column missing.
var ErrMissingColumn = errors.New("a required column is missing from the header")

// Columns says which columns a reading of a table needs and how they may
// be named.
type Columns struct {
	// Required are the columns the file must have (by the names rows are
	// read with).
	Required []string
	// Aliases gives, for a name rows are read with, other headers that
	// mean the same column, tried in order when the file has no column of
	// that name: labels in another language, say.
	Aliases map[string][]string
}

// Row is one record of a table, its cells found by column name (in any
// case).
type Row struct {
	rec []string
	h   *header
	// names caches the index of a column as the code names it (-1 when
	// the file has no such column), shared by the rows a goroutine reads.
	names map[string]int
	// Line is the line of the file the row starts on (the header is line
	// 1); for a workbook, the row's number.
	Line int64
}

type header struct {
	cols map[string]int // lower-cased column name → index; read only
}

// Index returns the index of the column, -1 when the file has none.
func (r Row) Index(col string) int {
	if i, ok := r.names[col]; ok {
		return i
	}
	i, ok := r.h.cols[strings.ToLower(col)]
	if !ok {
		i = -1
	}
	r.names[col] = i
	return i
}

// Get returns the cell of the column, its spaces trimmed: "" when the
// column or the cell is missing.
func (r Row) Get(col string) string {
	i := r.Index(col)
	if i < 0 || i >= len(r.rec) {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
}

// Has tells whether the file has the column.
func (r Row) Has(col string) bool { return r.Index(col) >= 0 }

// Record returns the cells of the row; it is only valid during the call
// that received the row.
func (r Row) Record() []string { return r.rec }

// Header reads the header row of a table: the column names, trimmed.
func (s *Source) Header(t *Table) ([]string, error) {
	var head []string
	err := records(s, t, false, func(rec []string) error {
		head = slices.Clone(rec)
		return errStop
	}, nil, func([]string, int64, struct{}) error { return nil })
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	for i := range head {
		head[i] = cleanHeader(head[i])
	}
	return head, nil
}

var errStop = errors.New("stop")

func cleanHeader(h string) string {
	return strings.TrimSpace(strings.Trim(strings.TrimSpace(h), `"`))
}

// Each calls fn for every record of the table after checking its header
// has the required columns. A CSV file is read as UTF-8 (a byte order mark
// dropped) up to its first byte that is not, and from there on as
// Windows-1252; quoted cells may hold new lines; lines end in LF or CRLF.
// An error of fn stops the reading and is returned as it is; other errors
// name the file, and the line when there is one.
func (s *Source) Each(t *Table, c Columns, fn func(Row) error) error {
	return EachPrepared(s, t, c, nil, func(r Row, _ struct{}) error { return fn(r) })
}

// EachPrepared is Each with a first step: prepare is called with each row,
// in order, then fn with the row and what prepare returned. For a large
// file, prepare runs in the goroutine that parses the file, beside fn
// working on earlier rows: it must only read what fn does not change. A nil
// prepare gives the zero T.
func EachPrepared[T any](s *Source, t *Table, c Columns, prepare func(Row) T, fn func(Row, T) error) error {
	var h *header
	seen := false
	var n int64
	var prep func(rec []string, line int64) T
	// each goroutine has its own cache of column indices
	prepNames, names := map[string]int{}, map[string]int{}
	if prepare != nil {
		prep = func(rec []string, line int64) T { return prepare(Row{rec: rec, h: h, names: prepNames, Line: line}) }
	}
	err := records(s, t, true, func(rec []string) error {
		seen = true
		var err error
		h, err = newHeader(t, rec, c)
		return err
	}, prep, func(rec []string, line int64, v T) error {
		n++
		if s.Progress != nil && n%4096 == 0 {
			s.Progress(s.done.Load(), s.Total)
		}
		return fn(Row{rec: rec, h: h, names: names, Line: line}, v)
	})
	if err != nil {
		return err
	}
	if !seen && len(c.Required) > 0 {
		return fmt.Errorf("%s: the file is empty: it needs a header row", t.Name)
	}
	if s.Progress != nil {
		s.Progress(s.done.Load(), s.Total)
	}
	return nil
}

func newHeader(t *Table, rec []string, c Columns) (*header, error) {
	h := &header{cols: map[string]int{}}
	for i, name := range rec {
		k := strings.ToLower(cleanHeader(name))
		if _, dup := h.cols[k]; !dup && k != "" {
			h.cols[k] = i
		}
	}
	for name, alts := range c.Aliases {
		k := strings.ToLower(name)
		if _, ok := h.cols[k]; ok {
			continue
		}
		for _, a := range alts {
			if i, ok := h.cols[strings.ToLower(a)]; ok {
				h.cols[k] = i
				break
			}
		}
	}
	for _, col := range c.Required {
		if _, ok := h.cols[strings.ToLower(col)]; !ok {
			name := col
			if alts := c.Aliases[col]; len(alts) > 0 {
				q := make([]string, len(alts))
				for i, a := range alts {
					q[i] = strconv.Quote(a)
				}
				name = fmt.Sprintf("%s (or %s)", col, strings.Join(q, " or "))
			}
			return nil, fmt.Errorf("%s: column %s: %w", t.Name, name, ErrMissingColumn)
		}
	}
	return h, nil
}

// records reads the table: header with its first record, then, for every
// other, prepare (when not nil) and fn. A large CSV file is parsed, and
// prepare called, by a goroutine of its own.
func records[T any](s *Source, t *Table, count bool, header func(rec []string) error,
	prepare func(rec []string, line int64) T, fn func(rec []string, line int64, v T) error) error {
	first := true
	each := func(rec []string, line int64) error {
		if first {
			first = false
			return header(rec)
		}
		var v T
		if prepare != nil {
			v = prepare(rec, line)
		}
		return fn(rec, line, v)
	}
	if t.xlsx {
		return s.readXLSX(t, count, each)
	}
	f, err := t.open()
	if err != nil {
		return fmt.Errorf("%s: %w", t.Name, err)
	}
	defer f.Close()
	var r io.Reader = f
	if count {
		r = &countingReader{r: f, n: &s.done}
	}
	br := bufio.NewReaderSize(NewTextReader(r), 1<<16)
	cr := csv.NewReader(br)
	cr.Comma = sniffComma(br)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	if t.Size < pipelineSize {
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", t.Name, err)
			}
			line, _ := cr.FieldPos(0)
			if err := each(rec, int64(line)); err != nil {
				return err
			}
		}
	}
	return pipeline(t, cr, header, prepare, fn)
}

// sniffComma returns the separator of the values of a CSV file: a comma,
// unless its first line (outside quotes) holds more semicolons or tabs, as
// files written by spreadsheets in many languages do.
func sniffComma(br *bufio.Reader) rune {
	b, _ := br.Peek(br.Size())
	var n [3]int // , ; tab
	quoted := false
	for _, c := range b {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		switch c {
		case ',':
			n[0]++
		case ';':
			n[1]++
		case '\t':
			n[2]++
		}
	}
	switch {
	case n[1] > n[0] && n[1] >= n[2]:
		return ';'
	case n[2] > n[0] && n[2] > n[1]:
		return '\t'
	}
	return ','
}

// pipelineSize is the size from which a CSV file is parsed by a goroutine
// of its own while its records are used.
const pipelineSize = 4 << 20

// batch is records parsed (and prepared), handed from the parsing
// goroutine to the reading one.
type batch[T any] struct {
	cells []string
	ends  []int // the end of each record in cells
	lines []int64
	prep  []T
}

const batchRecords = 512

// pipeline parses the records of cr, and calls header and prepare, in a
// goroutine, and calls fn with each record, in order, in this one.
func pipeline[T any](t *Table, cr *csv.Reader, header func(rec []string) error,
	prepare func(rec []string, line int64) T, fn func(rec []string, line int64, v T) error) error {
	full := make(chan *batch[T], 4)
	free := make(chan *batch[T], 6)
	stop := make(chan struct{})
	var perr error // set before full is closed
	go func() {
		defer close(full)
		first := true
		for {
			var b *batch[T]
			select {
			case b = <-free:
			default:
				b = &batch[T]{}
			}
			b.cells, b.ends, b.lines, b.prep = b.cells[:0], b.ends[:0], b.lines[:0], b.prep[:0]
			eof := false
			for len(b.ends) < batchRecords {
				rec, err := cr.Read()
				if err == io.EOF {
					eof = true
					break
				}
				if err != nil {
					perr = fmt.Errorf("%s: %w", t.Name, err)
					eof = true
					break
				}
				if first {
					first = false
					if err := header(rec); err != nil {
						perr = err
						eof = true
						break
					}
					continue
				}
				line, _ := cr.FieldPos(0)
				start := len(b.cells)
				b.cells = append(b.cells, rec...)
				b.ends = append(b.ends, len(b.cells))
				b.lines = append(b.lines, int64(line))
				var v T
				if prepare != nil {
					v = prepare(b.cells[start:len(b.cells):len(b.cells)], int64(line))
				}
				b.prep = append(b.prep, v)
			}
			select {
			case full <- b:
			case <-stop:
				return
			}
			if eof {
				return
			}
		}
	}()
	for b := range full {
		start := 0
		for i, end := range b.ends {
			if err := fn(b.cells[start:end:end], b.lines[i], b.prep[i]); err != nil {
				close(stop)
				for range full { // let the goroutine end
				}
				return err
			}
			start = end
		}
		select {
		case free <- b:
		default:
		}
	}
	return perr
}

// readXLSX reads the first sheet of a workbook. A workbook in a zip file is
// read into memory first: the format needs to seek.
func (s *Source) readXLSX(t *Table, count bool, fn func(rec []string, line int64) error) error {
	var wb *excelize.File
	var err error
	if t.zf != nil {
		var rc io.ReadCloser
		if rc, err = t.zf.Open(); err == nil {
			wb, err = excelize.OpenReader(rc)
			rc.Close()
		}
	} else {
		wb, err = excelize.OpenFile(t.path)
	}
	if err != nil {
		return fmt.Errorf("%s: not a workbook slcs can read: %w", t.Name, err)
	}
	defer wb.Close()
	sheets := wb.GetSheetList()
	if len(sheets) == 0 {
		return nil
	}
	rows, err := wb.Rows(sheets[0])
	if err != nil {
		return fmt.Errorf("%s: %w", t.Name, err)
	}
	defer rows.Close()
	var line int64
	for rows.Next() {
		line++
		rec, err := rows.Columns()
		if err != nil {
			return fmt.Errorf("%s: row %d: %w", t.Name, line, err)
		}
		if line > 1 && allEmpty(rec) {
			continue
		}
		if err := fn(rec, line); err != nil {
			return err
		}
	}
	if count {
		s.done.Add(t.Size)
	}
	return rows.Error()
}

func allEmpty(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// NewTextReader returns the text of r as UTF-8: a byte order mark dropped,
// read as UTF-8 up to the first byte that is not valid UTF-8, and from
// there on decoded from Windows-1252 (whose first 128 characters are
// ASCII's, as UTF-8's are: a Windows-1252 file is decoded whole unless it
// holds text that is also valid UTF-8 before its first invalid byte).
func NewTextReader(r io.Reader) io.Reader {
	return &textReader{br: bufio.NewReaderSize(r, 1<<16), start: true}
}

type textReader struct {
	br     *bufio.Reader
	start  bool
	legacy bool   // decoding Windows-1252
	carry  []byte // the start of a rune cut at the end of a chunk
	out    []byte // decoded bytes not yet returned
	buf    []byte // the array of the last chunk read
	dec    []byte // the array of the last chunk decoded
	err    error
}

func (t *textReader) Read(p []byte) (int, error) {
	for len(t.out) == 0 {
		if t.err != nil {
			return 0, t.err
		}
		t.fill()
	}
	n := copy(p, t.out)
	t.out = t.out[n:]
	return n, nil
}

func (t *textReader) fill() {
	if t.start {
		t.start = false
		if b, err := t.br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
			t.br.Discard(3)
		}
	}
	// fill is called once out is used up: its arrays can be used again
	buf := append(t.buf[:0], t.carry...)
	if cap(buf) < 1<<16+len(t.carry) {
		buf = make([]byte, len(buf), 1<<16+utf8.UTFMax)
		copy(buf, t.carry)
	}
	t.buf = buf
	t.carry = t.carry[:0]
	n, err := io.ReadFull(t.br, buf[len(buf):cap(buf)])
	buf = buf[:len(buf)+n]
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		t.err = io.EOF
	} else if err != nil {
		t.err = err
	}
	if !t.legacy {
		valid := validPrefix(buf)
		if valid == len(buf) || (t.err == nil && len(buf)-valid < 4 && incomplete(buf[valid:])) {
			t.carry = append(t.carry, buf[valid:]...)
			t.out = buf[:valid]
			return
		}
		t.legacy = true
		t.dec = decode1252(append(t.dec[:0], buf[:valid]...), buf[valid:])
		t.out = t.dec
		return
	}
	t.dec = decode1252(t.dec[:0], buf)
	t.out = t.dec
}

// validPrefix returns the length of the longest prefix of b that is valid
// UTF-8.
func validPrefix(b []byte) int {
	i := 0
	for i < len(b) {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return i
}

// incomplete tells whether b is the start of a multi-byte rune cut short.
func incomplete(b []byte) bool {
	return len(b) > 0 && len(b) < utf8.UTFMax && !utf8.FullRune(b) && utf8.RuneStart(b[0])
}

var win1252 = charmap.Windows1252

// decode1252 appends b, decoded from Windows-1252, to out.
func decode1252(out, b []byte) []byte {
	for _, c := range b {
		if c < utf8.RuneSelf {
			out = append(out, c)
			continue
		}
		out = utf8.AppendRune(out, win1252.DecodeByte(c))
	}
	return out
}
