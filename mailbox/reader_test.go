package mailbox

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// readAll reads every message of input with a reader of the given buffer
// size (0: the default), checking the invariants that hold for any input.
func readAll(t testing.TB, input []byte, f Format, bufSize int, seekable bool) ([]*Message, error) {
	t.Helper()
	var src io.Reader = bytes.NewReader(input)
	if !seekable {
		src = onlyReader{src}
	}
	if bufSize == 0 {
		bufSize = defaultBufferSize
	}
	r := newReaderSize(src, f, bufSize)
	var msgs []*Message
	for {
		m, err := r.Next()
		if err != nil {
			if err == io.EOF {
				if r.Offset() != int64(len(input)) {
					t.Errorf("at the end, Offset() = %d, want %d", r.Offset(), len(input))
				}
				err = nil
			}
			return msgs, err
		}
		if len(msgs) > len(input) {
			t.Fatalf("more messages than bytes: %d", len(msgs))
		}
		if m.Size <= 0 || r.Offset() != m.Offset+m.Size {
			t.Errorf("message %d: Offset %d, Size %d, reader Offset %d", len(msgs), m.Offset, m.Size, r.Offset())
		}
		if !bytes.HasPrefix(input[m.Offset:], []byte("From ")) {
			t.Errorf("message %d: at offset %d is %q, not a separator", len(msgs), m.Offset, clip(input[m.Offset:]))
		}
		if want := 1 + int64(bytes.Count(input[:m.Offset], []byte{'\n'})); m.Line != want {
			t.Errorf("message %d: Line = %d, want %d", len(msgs), m.Line, want)
		}
		msgs = append(msgs, m)
	}
}

func clip(b []byte) []byte { return b[:min(len(b), 40)] }

// onlyReader hides everything but Read (a pipe: no seeking).
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// mustRead reads input with the default buffer, then with a small one and
// without seeking, and checks that the three agree.
func mustRead(t *testing.T, input string, f Format) []*Message {
	t.Helper()
	msgs, err := readAll(t, []byte(input), f, 0, true)
	if err != nil {
		t.Fatalf("Next: %v", err)
	}
	for _, v := range []struct {
		size     int
		seekable bool
	}{{minBufferSize, true}, {0, false}} {
		other, err := readAll(t, []byte(input), f, v.size, v.seekable)
		if err != nil {
			t.Fatalf("buffer %d, seekable %v: Next: %v", v.size, v.seekable, err)
		}
		if !reflect.DeepEqual(msgs, other) {
			t.Fatalf("buffer %d, seekable %v: messages differ:\n%s\nvs default:\n%s", v.size, v.seekable, dump(other), dump(msgs))
		}
	}
	return msgs
}

func dump(msgs []*Message) string {
	var b strings.Builder
	for i, m := range msgs {
		fmt.Fprintf(&b, "#%d %+v\n", i, *m)
	}
	return b.String()
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// want is what a test checks of a message; a zero field is not checked
// unless named in the exact list.
type want struct {
	Line      int64
	Offset    int64
	Size      int64
	MessageID string
	Date      string // RFC 3339, "-" for zero
	From      []Address
	To        []Address
	Cc        []Address
	Sender    []Address
	ReplyTo   []Address
	Subject   string
	ListID    string
	Labels    []string
	Bulk      bool
	Truncated bool
}

func check(t *testing.T, i int, m *Message, w want) {
	t.Helper()
	if w.Line != 0 && m.Line != w.Line {
		t.Errorf("message %d: Line = %d, want %d", i, m.Line, w.Line)
	}
	if w.Offset != 0 && m.Offset != w.Offset {
		t.Errorf("message %d: Offset = %d, want %d", i, m.Offset, w.Offset)
	}
	if w.Size != 0 && m.Size != w.Size {
		t.Errorf("message %d: Size = %d, want %d", i, m.Size, w.Size)
	}
	if w.MessageID != "" && m.MessageID != w.MessageID {
		t.Errorf("message %d: MessageID = %q, want %q", i, m.MessageID, w.MessageID)
	}
	switch w.Date {
	case "":
	case "-":
		if !m.Date.IsZero() {
			t.Errorf("message %d: Date = %v, want zero", i, m.Date)
		}
	default:
		if wd := date(w.Date); !m.Date.Equal(wd) || offsetOf(m.Date) != offsetOf(wd) {
			t.Errorf("message %d: Date = %v, want %v", i, m.Date, wd)
		}
	}
	for _, f := range []struct {
		name      string
		got, want []Address
	}{{"From", m.From, w.From}, {"To", m.To, w.To}, {"Cc", m.Cc, w.Cc}, {"Sender", m.Sender, w.Sender}, {"ReplyTo", m.ReplyTo, w.ReplyTo}} {
		if f.want != nil && !reflect.DeepEqual(f.got, f.want) && !(len(f.want) == 0 && len(f.got) == 0) {
			t.Errorf("message %d: %s = %q, want %q", i, f.name, f.got, f.want)
		}
	}
	if w.Subject != "" && m.Subject != w.Subject {
		t.Errorf("message %d: Subject = %q, want %q", i, m.Subject, w.Subject)
	}
	if w.ListID != "" && m.ListID != w.ListID {
		t.Errorf("message %d: ListID = %q, want %q", i, m.ListID, w.ListID)
	}
	if w.Labels != nil && !reflect.DeepEqual(m.Labels, w.Labels) {
		t.Errorf("message %d: Labels = %q, want %q", i, m.Labels, w.Labels)
	}
	if m.Bulk() != w.Bulk {
		t.Errorf("message %d: Bulk() = %v, want %v", i, m.Bulk(), w.Bulk)
	}
	if m.Truncated != w.Truncated {
		t.Errorf("message %d: Truncated = %v, want %v", i, m.Truncated, w.Truncated)
	}
}

func offsetOf(t time.Time) int { _, off := t.Zone(); return off }

func addrs(pairs ...string) []Address {
	out := []Address{}
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, Address{pairs[i], pairs[i+1]})
	}
	return out
}

func TestSeparators(t *testing.T) {
	tests := []struct {
		name  string
		input string
		f     Format
		want  []want
	}{{
		name: "asctime with two spaces before a one-digit day, date from the separator",
		input: "From MAILER-DAEMON Mon Jan  6 04:49:45 2020\n" +
			"Subject: no date header\n\nbody\n",
		want: []want{{Line: 1, Offset: 0, Size: 44 + 24 + 1 + 5, Date: "2020-01-06T04:49:45Z", Subject: "no date header"}},
	}, {
		name: "Google Takeout separator, zone before the year",
		input: "From 1655478123456789012@xxx Mon Jan 06 04:49:45 +0000 2020\n" +
			"X-GM-THRID: 1655478123456789012\nX-Gmail-Labels: Archived,Opened\n\nbody\n",
		want: []want{{Date: "2020-01-06T04:49:45Z", Labels: []string{"Archived", "Opened"}}},
	}, {
		name: "separator with extra text after the date",
		input: "From jane@acme.example Tue Feb 11 10:00:00 2020 remote from acme\n\nx\n\n" +
			"From bob@acme.example  Wed Feb 12 11:30:00 2020\n\ny\n",
		want: []want{{Line: 1, Date: "2020-02-11T10:00:00Z"}, {Line: 5, Date: "2020-02-12T11:30:00Z"}},
	}, {
		name: "the Date header wins over the separator",
		input: "From jane@acme.example Tue Feb 11 10:00:00 2020\n" +
			"Date: Tue, 11 Feb 2020 09:58:12 +0100\n\nx\n",
		want: []want{{Date: "2020-02-11T09:58:12+01:00"}},
	}, {
		name: "an unparsable Date header falls back on the separator",
		input: "From jane@acme.example Tue Feb 11 10:00:00 2020\n" +
			"Date: yesterday\n\nx\n",
		want: []want{{Date: "2020-02-11T10:00:00Z"}},
	}, {
		name:  "no date anywhere",
		input: "From jane@acme.example\nSubject: s\n\nx\n",
		want:  []want{{Date: "-"}},
	}, {
		name:  "byte order mark and blank lines before the first separator",
		input: "\xef\xbb\xbf\n\r\n  \nFrom a@b.example Mon Jan  6 04:49:45 2020\nSubject: one\n\nbody\n",
		want:  []want{{Line: 4, Offset: 3 + 1 + 2 + 3, Subject: "one"}},
	}, {
		name: "a From line not after a blank line is body",
		input: "From a@b.example Mon Jan  6 04:49:45 2020\nSubject: one\n\n" +
			"Hello,\nFrom now on we ship on Mondays.\nFrom the team\n\n" +
			"From c@d.example Mon Jan  6 05:00:00 2020\nSubject: two\n\nbody\n",
		want: []want{{Line: 1, Subject: "one"}, {Line: 8, Subject: "two"}},
	}, {
		name: "quoted >From lines after blank lines are body",
		input: "From a@b.example Mon Jan  6 04:49:45 2020\nSubject: one\n\n" +
			"Hello,\n\n>From now on we ship on Mondays.\n\n>>From the team\n\n" +
			"From c@d.example Mon Jan  6 05:00:00 2020\nSubject: two\n\nbody\n",
		want: []want{{Line: 1, Subject: "one"}, {Line: 10, Subject: "two"}},
	}, {
		name: "CRLF line ends",
		input: "From a@b.example Mon Jan  6 04:49:45 2020\r\nSubject: one\r\n\r\nbody\r\n\r\n" +
			"From c@d.example Mon Jan  6 05:00:00 2020\r\nSubject: two\r\n\r\nbody\r\n",
		want: []want{{Line: 1, Size: 43 + 14 + 2 + 6 + 2, Subject: "one"}, {Line: 6, Subject: "two"}},
	}, {
		name: "mixed line ends",
		input: "From a@b.example Mon Jan  6 04:49:45 2020\nSubject: one\r\n\r\nbody\r\n\n" +
			"From c@d.example Mon Jan  6 05:00:00 2020\r\nSubject: two\n\nbody\r\n\r\n" +
			"From e@f.example Mon Jan  6 06:00:00 2020\nSubject: three\n\nbody",
		want: []want{{Line: 1, Subject: "one"}, {Line: 6, Subject: "two"}, {Line: 11, Subject: "three"}},
	}, {
		name: "a blank line of a lone CR before a separator",
		input: "From a@b.example Mon Jan  6 04:49:45 2020\nSubject: one\n\nbody\n\r\n" +
			"From c@d.example Mon Jan  6 05:00:00 2020\nSubject: two\n\nbody\n",
		want: []want{{Line: 1, Subject: "one"}, {Line: 6, Subject: "two"}},
	}, {
		name: "last message without a trailing newline",
		input: "From a@b.example Mon Jan  6 04:49:45 2020\nSubject: one\n\nbody\n\n" +
			"From c@d.example Mon Jan  6 05:00:00 2020\nSubject: two\n\nlast line",
		want: []want{{Subject: "one"}, {Subject: "two", Size: 42 + 13 + 1 + 9}},
	}, {
		name:  "a header block that ends at the end of the file",
		input: "From a@b.example Mon Jan  6 04:49:45 2020\nSubject: one\nTo: x@y.example",
		want:  []want{{Subject: "one", To: addrs("", "x@y.example")}},
	}, {
		name:  "only a separator",
		input: "From a@b.example Mon Jan  6 04:49:45 2020",
		want:  []want{{Date: "2020-01-06T04:49:45Z", Size: 41}},
	}, {
		name: "messages without a body",
		input: "From a@b.example Mon Jan  6 04:49:45 2020\nSubject: one\n\n" +
			"From c@d.example Mon Jan  6 05:00:00 2020\nSubject: two\n" +
			"From e@f.example Mon Jan  6 06:00:00 2020\nSubject: three\n",
		want: []want{{Line: 1, Subject: "one"}, {Line: 4, Subject: "two"}, {Line: 6, Subject: "three"}},
	}, {
		name: "a line that is no header starts the body",
		input: "From a@b.example Mon Jan  6 04:49:45 2020\nSubject: one\nThis is the body\nTo: not@header.example\n\n" +
			"From c@d.example Mon Jan  6 05:00:00 2020\nSubject: two\n\nbody\n",
		want: []want{{Line: 1, Subject: "one", To: []Address{}}, {Line: 6, Subject: "two"}},
	}, {
		name: "a From header with white space before its colon is a header",
		input: "From a@b.example Mon Jan  6 04:49:45 2020\nFrom : Jane <jane@acme.example>\nSubject: one\n\n" +
			"body\n",
		want: []want{{Line: 1, Subject: "one", From: addrs("Jane", "jane@acme.example")}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs := mustRead(t, tt.input, tt.f)
			if len(msgs) != len(tt.want) {
				t.Fatalf("got %d messages, want %d:\n%s", len(msgs), len(tt.want), dump(msgs))
			}
			for i, m := range msgs {
				check(t, i, m, tt.want[i])
			}
		})
	}
}

func TestEmptyInputs(t *testing.T) {
	for _, input := range []string{"", "\xef\xbb\xbf", "\n\n", "\xef\xbb\xbf\r\n \t\n"} {
		msgs, err := readAll(t, []byte(input), MboxRD, 0, true)
		if err != nil || len(msgs) != 0 {
			t.Errorf("%q: got %d messages, error %v; want none, no error", input, len(msgs), err)
		}
	}
}

func TestNotMbox(t *testing.T) {
	for _, tt := range []struct {
		input string
		line  string
	}{
		{"Subject: an .eml file\nFrom: a@b.example\n\nbody\n", "line 1: "},
		{"From: a@b.example\nSubject: x\n\nbody\n", "line 1: "},
		{"\xef\xbb\xbfReturn-Path: <a@b.example>\n", "line 1: "},
		{"\n\nhello\nFrom a@b.example Mon Jan  6 04:49:45 2020\n", "line 3: "},
	} {
		r := NewReader(strings.NewReader(tt.input), MboxRD)
		m, err := r.Next()
		if m != nil || !errors.Is(err, ErrNotMbox) || !strings.HasPrefix(err.Error(), tt.line) {
			t.Errorf("%q: got %v, %v; want ErrNotMbox naming %q", tt.input, m, err, tt.line)
		}
		if _, err2 := r.Next(); err2 != err {
			t.Errorf("%q: the second Next returned %v, want the same error", tt.input, err2)
		}
	}
	if got := ErrNotMbox.Error(); got != "not an mbox file: it does not start with a From line" {
		t.Errorf("ErrNotMbox = %q", got)
	}
}

func TestHeaders(t *testing.T) {
	tests := []struct {
		name   string
		header string // lines of the header block, LF-ended
		want   want
	}{{
		name: "folded headers",
		header: "Subject: a subject\n  that goes on\n\tand on\n" +
			"To: Jane Doe\n <jane@acme.example>,\n\tbob@acme.example\n" +
			"Received: from x\n\tby y\n",
		want: want{Subject: "a subject  that goes on and on", To: addrs("Jane Doe", "jane@acme.example", "", "bob@acme.example")},
	}, {
		name:   "RFC 2047 UTF-8 base64 subject",
		header: "Subject: =?UTF-8?B?UsOpdW5pb24gZGUgbHVuZGk=?=\n",
		want:   want{Subject: "Réunion de lundi"},
	}, {
		name:   "ISO-8859-1 quoted-printable with underscores",
		header: "Subject: =?ISO-8859-1?Q?Caf=E9_cr=E8me?=\n",
		want:   want{Subject: "Café crème"},
	}, {
		name:   "windows-1252 quotes and euro sign",
		header: "Subject: =?windows-1252?Q?=93Offer=94_for_100_=80?=\n",
		want:   want{Subject: "“Offer” for 100 €"},
	}, {
		name:   "adjacent encoded words are joined without the space, folded too",
		header: "Subject: =?UTF-8?Q?Bestellung_f=C3?=\n =?UTF-8?Q?=BCr_M=C3=A4rz?= (2) =?utf-8?b?w6k=?=\n",
		want:   want{Subject: "Bestellung für März (2) é"},
	}, {
		name:   "an unknown charset leaves the bytes",
		header: "Subject: =?x-unknown?Q?abc?= def\n",
		want:   want{Subject: "abc def"},
	}, {
		name:   "raw UTF-8 in headers",
		header: "Subject: Zoë’s quote\nFrom: Zoë Durand <zoe@client.example>\n",
		want:   want{Subject: "Zoë’s quote", From: addrs("Zoë Durand", "zoe@client.example")},
	}, {
		name:   "raw Latin-1 and Windows-1252 in headers",
		header: "Subject: Caf\xe9 \x93cr\xe8me\x94\nFrom: Ren\xe9 Dupr\xe9 <rene@client.example>\n",
		want:   want{Subject: "Café “crème”", From: addrs("René Dupré", "rene@client.example")},
	}, {
		name:   "encoded display names, also quoted",
		header: "From: =?UTF-8?B?Wm/DqyBEdXJhbmQ=?= <zoe@client.example>\nTo: \"=?ISO-8859-1?Q?Ren=E9?=\" <rene@client.example>\n",
		want:   want{From: addrs("Zoë Durand", "zoe@client.example"), To: addrs("René", "rene@client.example")},
	}, {
		name:   "display names with quotes and commas",
		header: "To: \"Doe, Jane\" <Jane@X.Example>, \"Bob \\\"the builder\\\"\" <bob@x.example>\n",
		want:   want{To: addrs("Doe, Jane", "jane@x.example", `Bob "the builder"`, "bob@x.example")},
	}, {
		name:   "comments as names",
		header: "From: jane@x.example (Jane Doe)\nCc: bob@x.example (Bob), carl@x.example\n",
		want:   want{From: addrs("Jane Doe", "jane@x.example"), Cc: addrs("Bob", "bob@x.example", "", "carl@x.example")},
	}, {
		name:   "groups",
		header: "To: Team: a@x.example, \"B\" <b@y.example>;, c@z.example\nCc: undisclosed-recipients:;\n",
		want:   want{To: addrs("", "a@x.example", "B", "b@y.example", "", "c@z.example"), Cc: []Address{}},
	}, {
		name:   "angle-only addresses",
		header: "From: <Orders@Supplier.Example>\nTo: <a@b.example>, <c@d.example>\n",
		want:   want{From: addrs("", "orders@supplier.example"), To: addrs("", "a@b.example", "", "c@d.example")},
	}, {
		name:   "a bad address is skipped, the others kept",
		header: "To: Jane <jane@x.example>, not an address, <bob@x.example\nCc: Doe, John <john@x.example>, [carl@x.example], dan@x.example.\n",
		want: want{
			To: addrs("Jane", "jane@x.example", "", "bob@x.example"),
			Cc: addrs("John", "john@x.example", "", "carl@x.example", "", "dan@x.example"),
		},
	}, {
		name:   "single-quoted names (Outlook) and spaces inside angles",
		header: "From: 'Jane Doe' <jane@x.example>\nTo: Bob <bob @ x.example>\n",
		want:   want{From: addrs("Jane Doe", "jane@x.example"), To: addrs("Bob", "bob@x.example")},
	}, {
		name:   "header names in any case",
		header: "SUBJECT: upper\nfrom: a@x.example\nmessage-id: <ID@x>\nX-GMAIL-LABELS: Inbox\nREPLY-TO: r@x.example\nsender: s@x.example\n",
		want: want{Subject: "upper", From: addrs("", "a@x.example"), MessageID: "ID@x", Labels: []string{"Inbox"},
			ReplyTo: addrs("", "r@x.example"), Sender: addrs("", "s@x.example")},
	}, {
		name: "duplicate headers: the first wins, To and Cc add up",
		header: "Subject: first\nSubject: second\nFrom: a@x.example\nFrom: b@x.example\nMessage-ID: <1@x>\nMessage-ID: <2@x>\n" +
			"To: t1@x.example\nCc: c1@x.example\nTo: t2@x.example, t3@x.example\ncc: c2@x.example\n",
		want: want{Subject: "first", From: addrs("", "a@x.example"), MessageID: "1@x",
			To: addrs("", "t1@x.example", "", "t2@x.example", "", "t3@x.example"), Cc: addrs("", "c1@x.example", "", "c2@x.example")},
	}, {
		name:   "Message-ID with angle brackets and spaces",
		header: "Message-ID:    < abc.123@mail.example >  \n",
		want:   want{MessageID: "abc.123@mail.example"},
	}, {
		name:   "Message-ID without angle brackets",
		header: "Message-Id: abc.123@mail.example\n",
		want:   want{MessageID: "abc.123@mail.example"},
	}, {
		name:   "Message-ID folded, with a comment",
		header: "Message-ID:\n <abc.123@mail.example> (added by relay)\n",
		want:   want{MessageID: "abc.123@mail.example"},
	}, {
		name:   "header names with white space before the colon",
		header: "Subject : spaced\nTo\t: a@x.example\n",
		want:   want{Subject: "spaced", To: addrs("", "a@x.example")},
	}, {
		name:   "List-Id makes bulk",
		header: "List-Id: Supplier news <news.supplier.example>\n",
		want:   want{ListID: "news.supplier.example", Bulk: true},
	}, {
		name:   "List-Id without brackets",
		header: "List-ID: news.supplier.example\n",
		want:   want{ListID: "news.supplier.example", Bulk: true},
	}, {
		name:   "Precedence bulk",
		header: "Precedence: Bulk\n",
		want:   want{Bulk: true},
	}, {
		name:   "Precedence junk with a comment",
		header: "Precedence: junk (spam)\n",
		want:   want{Bulk: true},
	}, {
		name:   "Precedence first-class is not bulk",
		header: "Precedence: first-class\n",
		want:   want{Bulk: false},
	}, {
		name:   "Auto-Submitted auto-replied",
		header: "Auto-Submitted: Auto-Replied; owner-email=\"x@y.example\"\n",
		want:   want{Bulk: true},
	}, {
		name:   "Auto-Submitted no",
		header: "Auto-Submitted: no\n",
		want:   want{Bulk: false},
	}, {
		name:   "Gmail labels with quotes and encoded words",
		header: "X-Gmail-Labels: Inbox, \"Clients, 2020\",Important ,=?UTF-8?Q?Caf=C3=A9?=,,\"a \\\"b\\\"\"\n",
		want:   want{Labels: []string{"Inbox", "Clients, 2020", "Important", "Café", `a "b"`}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, eol := range []string{"\n", "\r\n"} {
				input := "From sender@x.example Mon Jan  6 04:49:45 2020\n" + strings.ReplaceAll(tt.header, "\n", eol) + eol + "body" + eol
				msgs := mustRead(t, input, MboxRD)
				if len(msgs) != 1 {
					t.Fatalf("got %d messages, want 1", len(msgs))
				}
				check(t, 0, msgs[0], tt.want)
			}
		})
	}
}

func TestPrecedenceAndAutoSubmittedValues(t *testing.T) {
	input := "From a@x.example Mon Jan  6 04:49:45 2020\nPrecedence:  BULK \nAuto-Submitted: Auto-Generated (by cron)\n\n"
	m := mustRead(t, input, MboxRD)[0]
	if m.Precedence != "bulk" || m.AutoSubmitted != "auto-generated" {
		t.Errorf("Precedence %q, AutoSubmitted %q; want bulk, auto-generated", m.Precedence, m.AutoSubmitted)
	}
}

func TestLongHeaders(t *testing.T) {
	long := strings.Repeat("x", 3000)
	t.Run("a header line longer than the buffer", func(t *testing.T) {
		input := "From a@x.example Mon Jan  6 04:49:45 2020\n" +
			"X-Long: " + long + "\n" +
			"Subject: " + long + "\n" +
			"To: " + strings.Repeat("a@x.example, ", 300) + "b@x.example\n" +
			"\nbody\n\nFrom b@x.example Mon Jan  6 05:00:00 2020\nSubject: two\n\n"
		msgs := mustRead(t, input, MboxRD)
		if len(msgs) != 2 || msgs[0].Subject != long || len(msgs[0].To) != 301 || msgs[1].Subject != "two" {
			t.Fatalf("got %d messages, subject of %d bytes, %d To", len(msgs), len(msgs[0].Subject), len(msgs[0].To))
		}
		check(t, 0, msgs[0], want{Line: 1, Truncated: false})
		check(t, 1, msgs[1], want{Line: 8})
	})
	t.Run("a separator line longer than the buffer", func(t *testing.T) {
		input := "From a@x.example Mon Jan  6 04:49:45 2020 " + long + "\nSubject: one\n\n"
		msgs := mustRead(t, input, MboxRD)
		check(t, 0, msgs[0], want{Date: "2020-01-06T04:49:45Z", Subject: "one"})
	})
	t.Run("a header block over the cap", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("From a@x.example Mon Jan  6 04:49:45 2020\nSubject: kept\nTo: a@x.example\n")
		line := "X-Filler: " + strings.Repeat("y", 990) + "\n"
		for b.Len() < MaxHeaderBytes+10000 {
			b.WriteString(line)
		}
		b.WriteString("Message-ID: <lost@x>\nCc: lost@x.example\nSubject: lost\n\nbody\n\n")
		b.WriteString("From b@x.example Mon Jan  6 05:00:00 2020\nSubject: two\n\n")
		msgs := mustRead(t, b.String(), MboxRD)
		if len(msgs) != 2 {
			t.Fatalf("got %d messages, want 2", len(msgs))
		}
		check(t, 0, msgs[0], want{Subject: "kept", To: addrs("", "a@x.example"), Cc: []Address{}, Truncated: true})
		if msgs[0].MessageID != "" {
			t.Errorf("MessageID %q past the cap was read", msgs[0].MessageID)
		}
		check(t, 1, msgs[1], want{Subject: "two"})
	})
	t.Run("a single header line over the cap", func(t *testing.T) {
		input := "From a@x.example Mon Jan  6 04:49:45 2020\nSubject: " + strings.Repeat("z", MaxHeaderBytes+5) + "\nTo: a@x.example\n\nbody\n"
		m := mustRead(t, input, MboxRD)[0]
		check(t, 0, m, want{To: []Address{}, Truncated: true})
		if len(m.Subject) > MaxHeaderBytes || len(m.Subject) < MaxHeaderBytes-1000 {
			t.Errorf("Subject of %d bytes, want about the cap", len(m.Subject))
		}
	})
}

func TestContentLength(t *testing.T) {
	sep1 := "From a@x.example Mon Jan  6 04:49:45 2020\n"
	sep2 := "From b@x.example Mon Jan  6 05:00:00 2020\n"
	body := "Hello\n\nFrom the desk of the sales team\n\nFrom b@x.example Mon Jan  6 05:00:00 2020\nnot a separator\n"
	cl := func(n int) string { return "Content-Length: " + itoa(n) + "\n" }
	n := len(body)
	tests := []struct {
		name  string
		input string
		f     Format
		want  []string // subjects
	}{
		{"From lines in a body of the right length", sep1 + "Subject: one\n" + cl(n) + "\n" + body + "\n" + sep2 + "Subject: two\n\nx\n", MboxCL, []string{"one", "two"}},
		{"no line end after the body", sep1 + "Subject: one\n" + cl(n) + "\n" + body + sep2 + "Subject: two\n\nx\n", MboxCL, []string{"one", "two"}},
		{"CRLF line ends after the body", sep1 + "Subject: one\n" + cl(n) + "\n" + body + "\r\n" + sep2 + "Subject: two\n\nx\n", MboxCL, []string{"one", "two"}},
		{"the last message", sep1 + "Subject: one\n" + cl(n) + "\n" + body, MboxCL, []string{"one"}},
		{"the last message and a line end", sep1 + "Subject: one\n" + cl(n) + "\n" + body + "\n", MboxCL, []string{"one"}},
		{"a length too short falls back on From lines", sep1 + "Subject: one\n" + cl(n-30) + "\n" + body + "\n" + sep2 + "Subject: two\n\nx\n", MboxCL, []string{"one", "", "", "two"}},
		{"a length too long falls back on From lines", sep1 + "Subject: one\n" + cl(n+8) + "\n" + body + "\n" + sep2 + "Subject: two\n\nx\n", MboxCL, []string{"one", "", "", "two"}},
		{"a length past the end falls back on From lines", sep1 + "Subject: one\nContent-Length: 9999\n\n" + body, MboxCL, []string{"one", "", ""}},
		{"a length that is not a number", sep1 + "Subject: one\nContent-Length: ninety\n\n" + body + "\n" + sep2 + "Subject: two\n\nx\n", MboxCL, []string{"one", "", "", "two"}},
		{"no Content-Length", sep1 + "Subject: one\n\n" + body + "\n" + sep2 + "Subject: two\n\nx\n", MboxCL, []string{"one", "", "", "two"}},
		{"a From line right after a body not ending a line is no separator", sep1 + "Subject: one\nContent-Length: 5\n\nHelloFrom x\n\n" + sep2 + "Subject: two\n\nx\n", MboxCL, []string{"one", "two"}},
		{"an empty body", sep1 + "Subject: one\nContent-Length: 0\n\n" + sep2 + "Subject: two\n\nx\n", MboxCL, []string{"one", "two"}},
		{"mboxrd ignores Content-Length", sep1 + "Subject: one\n" + cl(n) + "\n" + body + "\n" + sep2 + "Subject: two\n\nx\n", MboxRD, []string{"one", "", "", "two"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs := mustRead(t, tt.input, tt.f)
			var got []string
			for _, m := range msgs {
				got = append(got, m.Subject)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("subjects %q, want %q", got, tt.want)
			}
		})
	}
}

// TestContentLengthLongBody checks bodies longer than the buffer: skipped
// in a stream when the length is right; when it is wrong, the reader seeks
// back to split the body on From lines, or goes on from the body's end
// when it cannot seek.
func TestContentLengthLongBody(t *testing.T) {
	var body strings.Builder
	for body.Len() < 5000 {
		body.WriteString("some text of a long body\nFrom the desk of the sales team\n")
	}
	inner := "\nFrom c@x.example Mon Jan  6 04:50:00 2020\nSubject: inner\n\n"
	build := func(cl int) string {
		return "From a@x.example Mon Jan  6 04:49:45 2020\nSubject: one\nContent-Length: " + itoa(cl) + "\n\n" +
			body.String() + inner + body.String() +
			"\nFrom b@x.example Mon Jan  6 05:00:00 2020\nSubject: two\n\nx\n"
	}
	right := body.Len()*2 + len(inner)
	subjects := func(msgs []*Message) []string {
		var s []string
		for _, m := range msgs {
			s = append(s, m.Subject)
		}
		return s
	}
	for _, tt := range []struct {
		name     string
		cl       int
		seekable bool
		want     []string
	}{
		{"right length", right, true, []string{"one", "two"}},
		{"right length, no seeking", right, false, []string{"one", "two"}},
		{"a length one short is taken (two line ends allowed after)", right - 1, true, []string{"one", "two"}},
		{"wrong length: seek back and split on From lines", right - 10, true, []string{"one", "inner", "two"}},
		{"wrong length past the end: seek back", right + 1000, true, []string{"one", "inner", "two"}},
		{"wrong length without seeking: go on from the body's end", right - 10, false, []string{"one", "two"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			input := build(tt.cl)
			msgs, err := readAll(t, []byte(input), MboxCL, minBufferSize*2, tt.seekable)
			if err != nil {
				t.Fatal(err)
			}
			if got := subjects(msgs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("subjects %q, want %q", got, tt.want)
			}
			if tt.seekable {
				// The default buffer holds the whole body: same result.
				big, _ := readAll(t, []byte(input), MboxCL, 0, false)
				if !reflect.DeepEqual(msgs, big) {
					t.Errorf("the default buffer reads otherwise: %q", subjects(big))
				}
			}
		})
	}
}

func itoa(n int) string { return fmt.Sprint(n) }

// errAfter returns data, then an error.
type errAfter struct {
	data []byte
	err  error
}

func (e *errAfter) Read(p []byte) (int, error) {
	if len(e.data) == 0 {
		return 0, e.err
	}
	n := copy(p, e.data)
	e.data = e.data[n:]
	return n, nil
}

func TestReadError(t *testing.T) {
	boom := errors.New("boom")
	input := "From a@x.example Mon Jan  6 04:49:45 2020\nSubject: one\n\nbody\n\nFrom b@x.example Mon Jan  6 05:00:00 2020\nSubject: two\n\nbo"
	r := NewReader(&errAfter{data: []byte(input), err: boom}, MboxRD)
	var subjects []string
	var err error
	for {
		var m *Message
		if m, err = r.Next(); err != nil {
			break
		}
		subjects = append(subjects, m.Subject)
	}
	if err != boom || !reflect.DeepEqual(subjects, []string{"one", "two"}) {
		t.Errorf("got %q, %v; want one, two, then the read error", subjects, err)
	}
	// A reader that returns one byte at a time reads the same.
	msgs, err := func() ([]*Message, error) {
		r := NewReader(iotest.OneByteReader(strings.NewReader(input)), MboxRD)
		var out []*Message
		for {
			m, err := r.Next()
			if err != nil {
				return out, err
			}
			out = append(out, m)
		}
	}()
	if err != io.EOF || len(msgs) != 2 || msgs[1].Subject != "two" {
		t.Errorf("one byte at a time: %d messages, %v", len(msgs), err)
	}
	// A reader that never returns anything.
	r = NewReader(iotest.ErrReader(nil), MboxRD)
	if _, err := r.Next(); err != io.ErrNoProgress {
		t.Errorf("a reader without progress: %v, want io.ErrNoProgress", err)
	}
}

func TestParseFormat(t *testing.T) {
	for s, want := range map[string]Format{"mboxrd": MboxRD, "MBOXO": MboxO, "mboxcl": MboxCL, "MboxCL2": MboxCL} {
		if f, err := ParseFormat(s); err != nil || f != want {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v", s, f, err, want)
		}
	}
	_, err := ParseFormat("maildir")
	if err == nil || !strings.Contains(err.Error(), "mboxrd, mboxo, mboxcl, mboxcl2") || !strings.Contains(err.Error(), `"maildir"`) {
		t.Errorf("ParseFormat(maildir) error = %v", err)
	}
	for _, f := range []Format{MboxRD, MboxO, MboxCL} {
		if g, err := ParseFormat(f.String()); err != nil || g != f {
			t.Errorf("ParseFormat(%v.String()) = %v, %v", f, g, err)
		}
	}
}

// TestGenerated reads generated mailboxes, in every format, line end and
// buffer size, and checks every message against what was written.
func TestGenerated(t *testing.T) {
	for _, f := range []Format{MboxRD, MboxO, MboxCL} {
		for _, crlf := range []bool{false, true} {
			var buf bytes.Buffer
			wants, err := sampleMailbox(&buf, genOptions{n: 60, seed: uint64(f)*2 + 7, format: f, crlf: crlf, minBody: 200, maxBody: 3000})
			if err != nil {
				t.Fatal(err)
			}
			for _, size := range []int{0, minBufferSize, 4096} {
				for _, seekable := range []bool{true, false} {
					msgs, err := readAll(t, buf.Bytes(), f, size, seekable)
					if err != nil {
						t.Fatal(err)
					}
					if len(msgs) != len(wants) {
						t.Fatalf("%v crlf=%v buffer %d: %d messages, want %d", f, crlf, size, len(msgs), len(wants))
					}
					for i, m := range msgs {
						w := wants[i]
						check(t, i, m, want{Line: w.Line, Size: w.Size, MessageID: w.MessageID,
							Date: w.Date.Format(time.RFC3339), From: w.From, To: w.To, Cc: orEmpty(w.Cc), Subject: w.Subject,
							ListID: w.ListID, Labels: w.Labels, Bulk: w.ListID != ""})
						if m.Offset != w.Offset {
							t.Errorf("message %d: Offset %d, want %d", i, m.Offset, w.Offset)
						}
						if w.Labels == nil && m.Labels != nil {
							t.Errorf("message %d: Labels %q, want none", i, m.Labels)
						}
					}
					if t.Failed() {
						t.Fatalf("%v crlf=%v buffer %d seekable %v", f, crlf, size, seekable)
					}
				}
			}
		}
	}
}

func orEmpty(a []Address) []Address {
	if a == nil {
		return []Address{}
	}
	return a
}

// TestMemoryBounded checks that a huge header value does not stay in the
// reader's memory after its message, and that the buffer does not grow.
func TestMemoryBounded(t *testing.T) {
	input := "From a@x.example Mon Jan  6 04:49:45 2020\nSubject: " + strings.Repeat("s", 500<<10) + "\nTo: " +
		strings.Repeat("a@x.example, ", 20000) + "\n\n" + strings.Repeat("body line\n", 200000) +
		"\nFrom b@x.example Mon Jan  6 05:00:00 2020\nSubject: small\nTo: b@x.example\n\nbody\n"
	r := NewReader(strings.NewReader(input), MboxRD)
	m, err := r.Next()
	if err != nil || len(m.Subject) != 500<<10 || len(m.To) != 20000 {
		t.Fatalf("first message: %v", err)
	}
	if m, err = r.Next(); err != nil || m.Subject != "small" {
		t.Fatalf("second message: %v", err)
	}
	held := len(r.buf) + cap(r.sep)
	for _, v := range r.vals {
		held += cap(v)
	}
	if len(r.buf) != defaultBufferSize || held > defaultBufferSize+numFields*keptValueBytes {
		t.Errorf("the reader holds %d bytes after a small message (buffer %d)", held, len(r.buf))
	}
	if cap(r.vals[fieldSubject]) > keptValueBytes || cap(r.vals[fieldTo]) > keptValueBytes {
		t.Errorf("the values of the first message are kept: %d, %d bytes", cap(r.vals[fieldSubject]), cap(r.vals[fieldTo]))
	}
}
