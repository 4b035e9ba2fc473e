package mailbox

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"
)

// MaxHeaderBytes caps the header block of a message: the header lines past
// it are skipped (the message is still returned, with Truncated set).
const MaxHeaderBytes = 1 << 20

const (
	defaultBufferSize = 1 << 20
	// minBufferSize keeps a line's first piece long enough to hold any
	// field name the reader accepts (maxFieldWindow) whatever the buffer.
	minBufferSize = 512
	// maxFieldWindow is how far into a header line its colon is looked
	// for: a line whose name is longer is not a header line.
	maxFieldWindow = 256
	// maxSeparatorBytes of a "From " line are kept, for its date.
	maxSeparatorBytes = 512
	// keptValueBytes is the most a header value's buffer keeps between
	// messages.
	keptValueBytes = 64 << 10
	// clSlack is what the reader looks at past a Content-Length body: up
	// to two line ends, then "From ".
	clSlack = 16
)

// ErrNotMbox is returned (wrapped, with the line) by Reader.Next when the
// input does not start with a "From " line.
var ErrNotMbox = errors.New("not an mbox file: it does not start with a From line")

// Address is a mailbox of an address header.
type Address struct {
	Name  string // display name, RFC 2047 decoded; may be ""
	Email string // local@domain, lower-cased
}

// Message is the metadata of one message of a mailbox. Every string is
// valid UTF-8.
type Message struct {
	Line      int64     // line of the file the message's "From " separator is on (1-based)
	Offset    int64     // byte offset of the separator line
	MessageID string    // without < >, trimmed; "" when absent
	Date      time.Time // from the Date header, else from the separator line; zero when neither parses
	From      []Address
	Sender    []Address
	ReplyTo   []Address
	To, Cc    []Address // all To (Cc) headers, groups expanded
	Subject   string    // RFC 2047 decoded
	// ListID is the list identifier of the List-Id header: what is between
	// its angle brackets, or the whole (trimmed) value without them.
	ListID        string
	Precedence    string   // lower-cased
	AutoSubmitted string   // lower-cased keyword, without parameters: "no", "auto-replied", "auto-generated"…
	Labels        []string // X-Gmail-Labels (Google Takeout)
	Size          int64    // bytes of the whole message, separator and trailing blank line included
	// Truncated tells that the header block exceeded MaxHeaderBytes: the
	// fields of the header lines past the cap are missing.
	Truncated bool
}

// Bulk tells whether the message is bulk or automatic mail: it has a
// List-Id, a Precedence of bulk, list or junk, or an Auto-Submitted other
// than "no".
func (m *Message) Bulk() bool {
	if m.ListID != "" {
		return true
	}
	switch firstWord(m.Precedence) {
	case "bulk", "list", "junk":
		return true
	}
	return m.AutoSubmitted != "" && m.AutoSubmitted != "no"
}

// Reader reads the messages of an mbox mailbox, one at a time. It holds a
// 1 MiB buffer, and at most MaxHeaderBytes more while it reads a header
// block. It is not safe for concurrent use.
type Reader struct {
	src    io.Reader
	seeker io.Seeker // src, when it can seek (for a wrong Content-Length)
	base   int64     // src's position when the reader was made
	format Format

	buf  []byte
	r, w int   // buf[r:w] is read but not consumed
	eof  bool  // src has nothing more (rerr tells why, unless io.EOF)
	rerr error // a read error other than io.EOF

	off  int64 // offset of buf[r] in the input
	line int64 // line of buf[r] (1-based)

	started bool
	err     error // sticky: returned by every Next once set

	sep  []byte // the current message's separator line (capped)
	vals [numFields][]byte
	seen [numFields]bool
}

// NewReader returns a reader of the mailbox r, of format f. When r is also
// an io.Seeker that can seek (a regular file), the reader may seek back in
// it: after a wrong Content-Length of more than the reader's buffer.
func NewReader(r io.Reader, f Format) *Reader {
	return newReaderSize(r, f, defaultBufferSize)
}

func newReaderSize(src io.Reader, f Format, size int) *Reader {
	if size < minBufferSize {
		size = minBufferSize
	}
	r := &Reader{src: src, format: f, buf: make([]byte, size), line: 1}
	if s, ok := src.(io.Seeker); ok {
		if pos, err := s.Seek(0, io.SeekCurrent); err == nil {
			r.seeker, r.base = s, pos
		}
	}
	return r
}

// Offset returns the bytes of the input consumed so far: after Next
// returned a message m, m.Offset+m.Size.
func (r *Reader) Offset() int64 { return r.off }

// Next returns the next message, or io.EOF after the last one. A malformed
// header never stops the reading: what can be read of it is returned. An
// error other than io.EOF is either a read error or, on the first call,
// ErrNotMbox (wrapped with the line) when the input does not start with a
// "From " line (after an optional byte order mark and blank lines).
func (r *Reader) Next() (*Message, error) {
	if r.err != nil {
		return nil, r.err
	}
	if !r.started {
		r.started = true
		if err := r.start(); err != nil {
			r.err = err
			return nil, err
		}
	}
	line, complete := r.peekLine()
	if len(line) == 0 {
		r.err = io.EOF
		if r.rerr != nil {
			r.err = r.rerr
		}
		return nil, r.err
	}
	m := &Message{Line: r.line, Offset: r.off}

	// The separator line. Every path below leaves the reader at one, or at
	// the end of the input; should one not start with "From " all the
	// same, it is taken as a separator, so that the reader moves on.
	r.sep = append(r.sep[:0], line[:min(len(line), maxSeparatorBytes)]...)
	r.consume(len(line))
	for !complete {
		line, complete = r.peekLine()
		if len(line) == 0 {
			break
		}
		if room := maxSeparatorBytes - len(r.sep); room > 0 {
			r.sep = append(r.sep, line[:min(len(line), room)]...)
		}
		r.consume(len(line))
	}

	switch r.readHeader(m) {
	case endBody:
		n, ok := parseContentLength(r.vals[fieldContentLength])
		if r.format != MboxCL || !ok || !r.seen[fieldContentLength] {
			r.scanBody(true, false)
			break
		}
		switch res, lineStart := r.skipContentLength(n); res {
		case clScanBody:
			r.scanBody(true, false)
		case clScanHere:
			r.scanBody(false, !lineStart)
		}
	case endBodyNoBlank:
		r.scanBody(false, false)
	}
	m.Size = r.off - m.Offset
	r.decode(m)
	return m, nil
}

// start skips a byte order mark and blank lines, and checks that the input
// then starts with a "From " line (or ends).
func (r *Reader) start() error {
	line, _ := r.peekLine()
	if bytes.HasPrefix(line, []byte("\xef\xbb\xbf")) {
		r.consume(3)
	}
	for {
		line, complete := r.peekLine()
		if len(line) == 0 {
			return nil
		}
		if complete && len(bytes.Trim(line, " \t\r\n")) == 0 {
			r.consume(len(line))
			continue
		}
		if !bytes.HasPrefix(line, []byte("From ")) {
			return fmt.Errorf("line %d: %w", r.line, ErrNotMbox)
		}
		return nil
	}
}

// fill moves the unconsumed bytes to the start of the buffer and reads
// more after them, unless the input ended or the buffer is full.
func (r *Reader) fill() {
	if r.r > 0 {
		copy(r.buf, r.buf[r.r:r.w])
		r.w -= r.r
		r.r = 0
	}
	if r.eof || r.w == len(r.buf) {
		return
	}
	for range 100 {
		n, err := r.src.Read(r.buf[r.w:])
		if n < 0 || n > len(r.buf)-r.w {
			n, err = 0, errors.New("mailbox: invalid count from Read")
		}
		r.w += n
		if err != nil {
			r.eof = true
			if err != io.EOF {
				r.rerr = err
			}
			return
		}
		if n > 0 {
			return
		}
	}
	r.eof, r.rerr = true, io.ErrNoProgress
}

// consume moves past n buffered bytes.
func (r *Reader) consume(n int) {
	r.line += int64(bytes.Count(r.buf[r.r:r.r+n], newline))
	r.off += int64(n)
	r.r += n
}

var newline = []byte{'\n'}

// peekLine returns the next line, its line end included, without consuming
// it. A line longer than the buffer comes in pieces: complete is false on
// all but the last. The first piece of a line fills the whole buffer. At
// the end of the input, line is empty.
func (r *Reader) peekLine() (line []byte, complete bool) {
	scanned := 0
	for {
		if i := bytes.IndexByte(r.buf[r.r+scanned:r.w], '\n'); i >= 0 {
			return r.buf[r.r : r.r+scanned+i+1], true
		}
		if r.eof {
			return r.buf[r.r:r.w], true
		}
		if r.r == 0 && r.w == len(r.buf) {
			return r.buf[:r.w], false
		}
		scanned = r.w - r.r
		r.fill()
	}
}

// atLineStart tells whether the last consumed byte ends a line. It is
// only called right after consuming (the byte is still in the buffer).
func (r *Reader) atLineStart() bool {
	return r.r > 0 && r.buf[r.r-1] == '\n'
}

type headerEnd int

const (
	endBody        headerEnd = iota // a blank line, consumed: the body follows
	endBodyNoBlank                  // a line that is no header line, where the body starts
	endSeparator                    // a "From " line: the next message, no body
	endEOF                          // the end of the input
)

// readHeader reads the header block, keeping the values of the fields
// that matter in r.vals.
func (r *Reader) readHeader(m *Message) headerEnd {
	for i := range r.vals {
		r.vals[i] = r.vals[i][:0]
		if cap(r.vals[i]) > keptValueBytes {
			r.vals[i] = nil // keep no huge value of an earlier message
		}
		r.seen[i] = false
	}
	cur := fieldNone
	total := 0
	for {
		line, complete := r.peekLine()
		if len(line) == 0 {
			return endEOF
		}
		value := line
		if line[0] == ' ' || line[0] == '\t' {
			// A continuation line: its white space is kept, its line
			// end dropped (unfolding).
		} else if complete && len(trimEOL(line)) == 0 {
			r.consume(len(line))
			return endBody
		} else if name, v, ok := splitField(line); ok {
			cur = fieldNone
			if !m.Truncated {
				cur = r.startField(name)
			}
			value = v
		} else if bytes.HasPrefix(line, []byte("From ")) {
			return endSeparator
		} else {
			return endBodyNoBlank
		}
		for {
			total += len(line)
			if total > MaxHeaderBytes && !m.Truncated {
				m.Truncated = true
				cur = fieldNone
			}
			if cur != fieldNone {
				if complete {
					value = trimEOL(value)
				}
				r.vals[cur] = append(r.vals[cur], value...)
			}
			r.consume(len(line))
			if complete {
				break
			}
			line, complete = r.peekLine()
			if len(line) == 0 {
				return endEOF
			}
			value = line
		}
	}
}

// startField returns the field that the values of a header line named
// name go to: fieldNone for one that does not matter, or a repeated one
// but To and Cc, whose values are joined by "\n" (no value has one).
func (r *Reader) startField(name []byte) int {
	f := fieldOf(name)
	if f == fieldNone {
		return f
	}
	if r.seen[f] {
		if f != fieldTo && f != fieldCc {
			return fieldNone
		}
		r.vals[f] = append(r.vals[f], '\n')
	}
	r.seen[f] = true
	return f
}

// trimEOL drops a line end: "\n", "\r\n", or a lone "\r" at the end.
func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// splitField splits a header line into its field name (without the white
// space an obsolete syntax allows before the colon) and the value after
// the colon. ok is false when line is no header line.
func splitField(line []byte) (name, value []byte, ok bool) {
	i := bytes.IndexByte(line[:min(len(line), maxFieldWindow)], ':')
	if i <= 0 {
		return nil, nil, false
	}
	name = bytes.TrimRight(line[:i], " \t")
	if len(name) == 0 {
		return nil, nil, false
	}
	for _, c := range name {
		if c <= ' ' || c > '~' {
			return nil, nil, false
		}
	}
	return name, line[i+1:], true
}

// scanBody moves to the next separator (a "From " line after a blank
// line) or the end of the input. blank tells whether the line before the
// reader's position is blank; midLine that the position is inside a line.
func (r *Reader) scanBody(blank, midLine bool) {
	for {
		if r.r == r.w {
			if r.eof {
				return
			}
			r.fill()
			continue
		}
		buf := r.buf[r.r:r.w]
		if midLine {
			i := bytes.IndexByte(buf, '\n')
			if i < 0 {
				r.consume(len(buf))
				continue
			}
			r.consume(i + 1)
			midLine, blank = false, false
			continue
		}
		if blank {
			if len(buf) < len("From ") && !r.eof {
				r.fill()
				continue
			}
			if bytes.HasPrefix(buf, []byte("From ")) {
				return
			}
		}
		p := 0
		for {
			j := bytes.Index(buf[p:], fromLine)
			if j < 0 {
				break
			}
			j += p
			if endsBlankLine(buf, j) {
				r.consume(j + 1)
				return
			}
			p = j + 1
		}
		k := bytes.LastIndexByte(buf, '\n')
		if k < 0 {
			// Part of a line only.
			if r.eof {
				r.consume(len(buf))
				return
			}
			if r.r == 0 && r.w == len(r.buf) {
				r.consume(len(buf))
				midLine = true
				continue
			}
			r.fill()
			continue
		}
		blank = endsBlankLine(buf, k)
		r.consume(k + 1)
	}
}

var fromLine = []byte("\nFrom ")

// endsBlankLine tells whether the line that the '\n' at buf[j] ends is
// blank, buf[0] being the start of a line.
func endsBlankLine(buf []byte, j int) bool {
	switch {
	case j == 0 || buf[j-1] == '\n':
		return true
	case buf[j-1] == '\r':
		return j == 1 || buf[j-2] == '\n'
	}
	return false
}

type clResult int

const (
	clDone     clResult = iota // the body is skipped: the reader is at a separator or the end
	clScanBody                 // the length is wrong: split the body on "From " lines
	clScanHere                 // it is wrong and the reader could not go back: go on from here
)

// skipContentLength skips a body of n bytes given by a Content-Length
// header, when what follows is a separator (after at most two line ends) or
// the end of the input. With clScanHere, lineStart tells whether the reader
// is at the start of a line.
func (r *Reader) skipContentLength(n int64) (res clResult, lineStart bool) {
	need := n + clSlack
	for int64(r.w-r.r) < need && !r.eof && !(r.r == 0 && r.w == len(r.buf)) {
		r.fill()
	}
	if avail := int64(r.w - r.r); avail >= need || r.eof {
		// The body and what follows it are in the buffer.
		if n > avail {
			return clScanBody, false
		}
		lineStart := n == 0 || r.buf[r.r+int(n)-1] == '\n'
		k, ok := afterBody(r.buf[r.r+int(n):r.w], r.eof, lineStart)
		if !ok {
			return clScanBody, false
		}
		r.consume(int(n) + k)
		return clDone, false
	}
	// A body longer than the buffer: skip it, look, and seek back if the
	// length was wrong.
	bodyOff, bodyLine := r.off, r.line
	for left := n; left > 0; {
		if r.r == r.w {
			if r.eof {
				break
			}
			r.fill()
			continue
		}
		k := int(min(int64(r.w-r.r), left))
		r.consume(k)
		left -= int64(k)
	}
	lineStart = r.atLineStart()
	if r.off-bodyOff == n {
		for r.w-r.r < clSlack && !r.eof {
			r.fill()
		}
		if k, ok := afterBody(r.buf[r.r:r.w], r.eof, lineStart); ok {
			r.consume(k)
			return clDone, false
		}
	}
	if r.seeker != nil {
		if _, err := r.seeker.Seek(r.base+bodyOff, io.SeekStart); err == nil {
			r.r, r.w, r.eof, r.rerr = 0, 0, false, nil
			r.off, r.line = bodyOff, bodyLine
			return clScanBody, false
		}
	}
	return clScanHere, lineStart
}

// afterBody tells whether b, what follows a body, is up to two line ends
// then a "From " line or the end of the input (eof: b holds all of it),
// and how many bytes the line ends take. lineStart tells whether b starts
// a line.
func afterBody(b []byte, eof, lineStart bool) (int, bool) {
	i := 0
	for ends := 0; ; ends++ {
		if i == len(b) && eof {
			return i, true
		}
		if (ends > 0 || lineStart) && bytes.HasPrefix(b[i:], []byte("From ")) {
			return i, true
		}
		if ends == 2 {
			return 0, false
		}
		switch {
		case bytes.HasPrefix(b[i:], []byte("\r\n")):
			i += 2
		case bytes.HasPrefix(b[i:], newline):
			i++
		default:
			return 0, false
		}
	}
}
