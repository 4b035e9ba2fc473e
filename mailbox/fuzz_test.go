package mailbox

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// watchdog crashes the test binary, with every goroutine's stack, when an
// input takes over a few seconds: the fuzzer then keeps it as a failure
// rather than hanging. Call the function returned when done.
func watchdog() (stop func() bool) {
	return time.AfterFunc(10*time.Second, func() {
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		panic(fmt.Sprintf("an input took over 10 s:\n%s", buf[:n]))
	}).Stop
}

// FuzzReader reads any bytes in any format: the reader must not panic nor
// loop, offsets and lines must go forward, strings must be valid UTF-8,
// and the result must not depend on the buffer size or on seeking.
// Seeds: testdata/fuzz/FuzzReader.
func FuzzReader(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		defer watchdog()()
		fm := Format(format % 3)
		msgs := fuzzRead(t, data, fm, 0, true)
		small := fuzzRead(t, data, fm, minBufferSize, true)
		if !reflect.DeepEqual(msgs, small) {
			t.Fatalf("a %d-byte buffer reads otherwise:\n%s\nvs\n%s", minBufferSize, dump(small), dump(msgs))
		}
		if len(data) < defaultBufferSize-clSlack {
			pipe := fuzzRead(t, data, fm, 0, false)
			if !reflect.DeepEqual(msgs, pipe) {
				t.Fatalf("without seeking it reads otherwise:\n%s\nvs\n%s", dump(pipe), dump(msgs))
			}
		}
	})
}

func fuzzRead(t *testing.T, data []byte, f Format, size int, seekable bool) []*Message {
	var src io.Reader = bytes.NewReader(data)
	if !seekable {
		src = onlyReader{src}
	}
	if size == 0 {
		size = defaultBufferSize
	}
	r := newReaderSize(src, f, size)
	var msgs []*Message
	lastOff, lastLine := int64(-1), int64(0)
	for {
		m, err := r.Next()
		if err == io.EOF {
			if r.Offset() != int64(len(data)) {
				t.Fatalf("at the end, Offset() = %d, want %d", r.Offset(), len(data))
			}
			return msgs
		}
		if err != nil {
			if len(msgs) != 0 {
				t.Fatalf("error %v after %d messages", err, len(msgs))
			}
			return nil
		}
		if len(msgs) > len(data) {
			t.Fatalf("%d messages from %d bytes", len(msgs), len(data))
		}
		if m.Offset <= lastOff || m.Line <= lastLine {
			t.Fatalf("message %d at offset %d line %d, after offset %d line %d", len(msgs), m.Offset, m.Line, lastOff, lastLine)
		}
		if m.Size <= 0 || m.Offset+m.Size != r.Offset() || r.Offset() > int64(len(data)) {
			t.Fatalf("message %d: offset %d, size %d, reader at %d of %d", len(msgs), m.Offset, m.Size, r.Offset(), len(data))
		}
		if want := 1 + int64(bytes.Count(data[:m.Offset], []byte{'\n'})); m.Line != want {
			t.Fatalf("message %d: line %d, want %d", len(msgs), m.Line, want)
		}
		checkMessageStrings(t, m)
		lastOff, lastLine = m.Offset, m.Line
		msgs = append(msgs, m)
	}
}

func checkMessageStrings(t *testing.T, m *Message) {
	t.Helper()
	strs := []string{m.MessageID, m.Subject, m.ListID, m.Precedence, m.AutoSubmitted}
	strs = append(strs, m.Labels...)
	for _, l := range [][]Address{m.From, m.Sender, m.ReplyTo, m.To, m.Cc} {
		checkAddresses(t, l)
	}
	for _, s := range strs {
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8: %q", s)
		}
	}
}

func checkAddresses(t *testing.T, l []Address) {
	t.Helper()
	for _, a := range l {
		if !utf8.ValidString(a.Name) || !utf8.ValidString(a.Email) {
			t.Fatalf("invalid UTF-8 in %q", a)
		}
		if a.Email != strings.ToLower(a.Email) || !strings.Contains(a.Email, "@") {
			t.Fatalf("email %q is not lower-case local@domain", a.Email)
		}
	}
}

// FuzzHeaderDecoding decodes any header value as an address list, a text,
// labels, a date and a Message-ID: no panic, valid UTF-8 out.
// Seeds: testdata/fuzz/FuzzHeaderDecoding.
func FuzzHeaderDecoding(f *testing.F) {
	f.Fuzz(func(t *testing.T, value string) {
		defer watchdog()()
		s := toUTF8([]byte(value))
		if !utf8.ValidString(s) {
			t.Fatalf("toUTF8(%q) = %q, invalid", value, s)
		}
		checkAddresses(t, ParseAddressList(s))
		if fast, ok := simpleAddressList(s); ok {
			if slow := parseAddressListSlow(s); !sameAddresses(fast, slow) {
				t.Fatalf("the fast path parses %q as %q, net/mail as %q", s, fast, slow)
			}
		}
		checkAddresses(t, ParseAddressList(value))
		for _, out := range append([]string{DecodeText(s), DecodeText(value), decodeMessageID(s), decodeListID(s), decodeAutoSubmitted(s)},
			ParseLabels(value)...) {
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 out of %q: %q", value, out)
			}
		}
		for _, d := range []func() (bool, int){
			func() (bool, int) { t, ok := ParseDate(value); return ok, t.Year() },
			func() (bool, int) { t, ok := parseSeparatorDate([]byte("From " + value)); return ok, t.Year() },
		} {
			if ok, year := d(); ok && (year < 1000 || year > 9999) {
				t.Fatalf("date of %q in year %d", value, year)
			}
		}
	})
}

func sameAddresses(a, b []Address) bool {
	return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b)
}
