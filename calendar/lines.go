package calendar

import (
	"bufio"
	"bytes"
	"io"
)

// maxLine bounds a logical (unfolded) line. Longer lines are attachments or
// descriptions in practice: their rest is read and dropped.
const maxLine = 1 << 20

var bom = []byte("\xef\xbb\xbf")

// lineReader reads the content lines of an iCalendar stream. It unfolds on
// bytes, before anything is decoded as UTF-8, so that a fold splitting a
// multi-byte character is mended; it takes CRLF or LF line breaks, drops a
// UTF-8 byte order mark at the start of a line and counts physical lines.
type lineReader struct {
	r    *bufio.Reader
	line int64 // physical lines read
	buf  []byte
	err  error // sticky read error (io.EOF at the end)
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next logical line without its line break, the number of
// the physical line it starts on and whether it was cut at maxLine. The
// returned slice is valid until the next call. At the end it returns io.EOF.
func (lr *lineReader) next() (line []byte, start int64, cut bool, err error) {
	lr.buf = lr.buf[:0]
	ok := lr.physical(&cut)
	if !ok {
		return nil, 0, false, lr.err
	}
	start = lr.line
	if bytes.HasPrefix(lr.buf, bom) {
		lr.buf = lr.buf[:copy(lr.buf, lr.buf[len(bom):])]
	}
	for lr.err == nil {
		p, _ := lr.r.Peek(1)
		if len(p) == 0 || (p[0] != ' ' && p[0] != '\t') {
			break
		}
		_, _ = lr.r.Discard(1)
		lr.physical(&cut)
	}
	return lr.buf, start, cut, nil
}

// physical appends one physical line (without its line break) to lr.buf,
// keeping lr.buf within maxLine. It reports false when nothing was left to
// read.
func (lr *lineReader) physical(cut *bool) bool {
	if lr.err != nil {
		return false
	}
	read := false
	for {
		b, err := lr.r.ReadSlice('\n')
		if len(b) > 0 {
			read = true
		}
		if room := maxLine - len(lr.buf); len(b) > room {
			lr.buf = append(lr.buf, b[:room]...)
			*cut = true
		} else {
			lr.buf = append(lr.buf, b...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			lr.err = err
		}
		break
	}
	if !read {
		return false
	}
	lr.line++
	// Strip the line break: "\n", "\r\n" (and stray extra "\r"s).
	n := len(lr.buf)
	if n > 0 && lr.buf[n-1] == '\n' {
		n--
	}
	for n > 0 && lr.buf[n-1] == '\r' {
		n--
	}
	lr.buf = lr.buf[:n]
	return true
}
