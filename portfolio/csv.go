package portfolio

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"unicode/utf8"
)

// csvReader reads RFC 4180 records without allocating per record: the
// fields it returns are valid until the next call. It skips empty lines
// (and lines of only spaces and tabs), strips a UTF-8 byte-order mark, and
// knows the physical line and byte offset where each record starts.
type csvReader struct {
	br     *bufio.Reader // nil when reading from data
	data   []byte        // the rest of an in-memory chunk of whole records
	line   int           // physical lines read so far
	offset int64         // bytes read so far

	recLine int // line on which the current record starts
	fields  [][]byte
	buf     []byte // record bytes when a field had to be unquoted or a line was long
	ends    []int
	first   bool
}

// csvError is a syntax error in a record.
type csvError struct {
	line   int
	field  int // 0-based index of the field where it happened
	reason string
}

func (e *csvError) Error() string { return e.reason }

func newCSVReader(r io.Reader) *csvReader {
	return &csvReader{br: bufio.NewReaderSize(r, 1<<20), first: true}
}

// newChunkReader reads the whole records in data, which start after line
// physical lines and offset bytes of their file.
func newChunkReader(data []byte, line int, offset int64) *csvReader {
	return &csvReader{data: data, line: line, offset: offset}
}

// readLine returns the next physical line without its line end. The slice
// is valid until the next read.
func (r *csvReader) readLine() ([]byte, error) {
	if r.br == nil {
		if len(r.data) == 0 {
			return nil, io.EOF
		}
		line := r.data
		if i := bytes.IndexByte(r.data, '\n'); i >= 0 {
			line, r.data = r.data[:i+1], r.data[i+1:]
		} else {
			r.data = nil
		}
		return r.endLine(line), nil
	}
	line, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		long := append([]byte(nil), line...)
		for err == bufio.ErrBufferFull {
			line, err = r.br.ReadSlice('\n')
			long = append(long, line...)
		}
		line = long
	}
	if len(line) > 0 && err == io.EOF {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	return r.endLine(line), nil
}

// endLine counts a line read and strips its line end (and a byte-order mark
// at the start of the file).
func (r *csvReader) endLine(line []byte) []byte {
	r.offset += int64(len(line))
	r.line++
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
	}
	if r.first {
		r.first = false
		line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
	}
	return line
}

func blank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// Read returns the next record's fields, or io.EOF.
func (r *csvReader) Read() ([][]byte, error) {
	var line []byte
	for {
		l, err := r.readLine()
		if err != nil {
			return nil, err
		}
		if !blank(l) {
			line = l
			r.recLine = r.line
			break
		}
	}
	if !utf8.Valid(line) {
		return nil, &csvError{line: r.recLine, field: fieldAt(line, firstInvalid(line)), reason: "not valid UTF-8"}
	}
	r.fields = r.fields[:0]
	if bytes.IndexByte(line, '"') < 0 {
		for {
			i := bytes.IndexByte(line, ',')
			if i < 0 {
				r.fields = append(r.fields, line)
				return r.fields, nil
			}
			r.fields = append(r.fields, line[:i])
			line = line[i+1:]
		}
	}
	return r.readQuoted(line)
}

// readQuoted parses a record with quotes, reading more lines while a quoted
// field goes on.
func (r *csvReader) readQuoted(line []byte) ([][]byte, error) {
	r.buf = r.buf[:0]
	r.ends = r.ends[:0]
	field := 0
	for {
		// at the start of a field
		if len(line) == 0 || line[0] != '"' {
			i := bytes.IndexByte(line, ',')
			f := line
			if i >= 0 {
				f = line[:i]
			}
			if bytes.IndexByte(f, '"') >= 0 {
				return nil, &csvError{line: r.recLine, field: field, reason: `a quote (") in a field that does not start with one; quote the whole field and double the quotes inside`}
			}
			r.buf = append(r.buf, f...)
			r.ends = append(r.ends, len(r.buf))
			if i < 0 {
				break
			}
			line = line[i+1:]
			field++
			continue
		}
		// a quoted field
		line = line[1:]
		for {
			i := bytes.IndexByte(line, '"')
			if i < 0 {
				r.buf = append(r.buf, line...)
				r.buf = append(r.buf, '\n')
				next, err := r.readLine()
				if err == io.EOF {
					return nil, &csvError{line: r.recLine, field: field, reason: "a quoted field is not closed before the end of the file"}
				}
				if err != nil {
					return nil, err
				}
				if !utf8.Valid(next) {
					return nil, &csvError{line: r.recLine, field: field, reason: "not valid UTF-8"}
				}
				line = next
				continue
			}
			r.buf = append(r.buf, line[:i]...)
			line = line[i+1:]
			if len(line) > 0 && line[0] == '"' {
				r.buf = append(r.buf, '"')
				line = line[1:]
				continue
			}
			break
		}
		r.ends = append(r.ends, len(r.buf))
		if len(line) == 0 {
			break
		}
		if line[0] != ',' {
			return nil, &csvError{line: r.recLine, field: field, reason: "a character after the closing quote of a field; only a comma or the end of the line may follow it"}
		}
		line = line[1:]
		field++
	}
	start := 0
	for _, end := range r.ends {
		r.fields = append(r.fields, r.buf[start:end])
		start = end
	}
	return r.fields, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		c, n := utf8.DecodeRune(b[i:])
		if c == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// fieldAt is the index of the field holding byte i of an unparsed line, for
// error messages (quotes are not taken into account).
func fieldAt(line []byte, i int) int { return bytes.Count(line[:i], []byte(",")) }

var errNoHeader = errors.New("the file is empty: it needs a header row")
