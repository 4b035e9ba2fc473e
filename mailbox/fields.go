package mailbox

import (
	"strings"
)

// The header fields the reader keeps.
const (
	fieldNone = iota
	fieldMessageID
	fieldDate
	fieldFrom
	fieldSender
	fieldReplyTo
	fieldTo
	fieldCc
	fieldSubject
	fieldListID
	fieldPrecedence
	fieldAutoSubmitted
	fieldLabels
	fieldContentLength
	numFields
)

// fieldOf returns the field a header name stands for, in any case, or
// fieldNone. It matches on the length first, so that the many fields that
// do not matter (Received, DKIM-Signature…) cost a switch and a compare.
func fieldOf(name []byte) int {
	switch len(name) {
	case 2:
		switch {
		case equalLower(name, "to"):
			return fieldTo
		case equalLower(name, "cc"):
			return fieldCc
		}
	case 4:
		switch {
		case equalLower(name, "from"):
			return fieldFrom
		case equalLower(name, "date"):
			return fieldDate
		}
	case 6:
		if equalLower(name, "sender") {
			return fieldSender
		}
	case 7:
		switch {
		case equalLower(name, "subject"):
			return fieldSubject
		case equalLower(name, "list-id"):
			return fieldListID
		}
	case 8:
		if equalLower(name, "reply-to") {
			return fieldReplyTo
		}
	case 10:
		switch {
		case equalLower(name, "message-id"):
			return fieldMessageID
		case equalLower(name, "precedence"):
			return fieldPrecedence
		}
	case 14:
		switch {
		case equalLower(name, "content-length"):
			return fieldContentLength
		case equalLower(name, "auto-submitted"):
			return fieldAutoSubmitted
		case equalLower(name, "x-gmail-labels"):
			return fieldLabels
		}
	}
	return fieldNone
}

// equalLower tells whether b is lower, ignoring the case of ASCII letters.
// lower is lower-case and as long as b.
func equalLower(b []byte, lower string) bool {
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// parseContentLength parses a Content-Length value.
func parseContentLength(b []byte) (int64, bool) {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	if len(b) == 0 || len(b) > 15 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// decode fills the fields of m from the header values read.
func (r *Reader) decode(m *Message) {
	v := &r.vals
	if r.seen[fieldMessageID] {
		m.MessageID = decodeMessageID(toUTF8(v[fieldMessageID]))
	}
	ok := false
	if r.seen[fieldDate] {
		m.Date, ok = ParseDate(toUTF8(v[fieldDate]))
	}
	if !ok {
		m.Date, _ = parseSeparatorDate(r.sep)
	}
	if r.seen[fieldFrom] {
		m.From = ParseAddressList(toUTF8(v[fieldFrom]))
	}
	if r.seen[fieldSender] {
		m.Sender = ParseAddressList(toUTF8(v[fieldSender]))
	}
	if r.seen[fieldReplyTo] {
		m.ReplyTo = ParseAddressList(toUTF8(v[fieldReplyTo]))
	}
	if r.seen[fieldTo] {
		m.To = parseJoinedLists(toUTF8(v[fieldTo]))
	}
	if r.seen[fieldCc] {
		m.Cc = parseJoinedLists(toUTF8(v[fieldCc]))
	}
	if r.seen[fieldSubject] {
		m.Subject = DecodeText(toUTF8(v[fieldSubject]))
	}
	if r.seen[fieldListID] {
		m.ListID = decodeListID(toUTF8(v[fieldListID]))
	}
	if r.seen[fieldPrecedence] {
		m.Precedence = strings.ToLower(DecodeText(toUTF8(v[fieldPrecedence])))
	}
	if r.seen[fieldAutoSubmitted] {
		m.AutoSubmitted = decodeAutoSubmitted(toUTF8(v[fieldAutoSubmitted]))
	}
	if r.seen[fieldLabels] {
		m.Labels = ParseLabels(toUTF8(v[fieldLabels]))
	}
}

// parseJoinedLists parses the values of repeated address headers, joined
// by "\n".
func parseJoinedLists(s string) []Address {
	if !strings.Contains(s, "\n") {
		return ParseAddressList(s)
	}
	var all []Address
	for part := range strings.SplitSeq(s, "\n") {
		all = append(all, ParseAddressList(part)...)
	}
	return all
}

// decodeMessageID returns the identifier of a Message-ID value: what is
// between its first angle brackets, or the trimmed value.
func decodeMessageID(s string) string {
	if i := strings.IndexByte(s, '<'); i >= 0 {
		if j := strings.IndexByte(s[i+1:], '>'); j >= 0 {
			return strings.TrimSpace(s[i+1 : i+1+j])
		}
		s = s[i+1:]
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), ">"))
}

// decodeListID returns the identifier of a List-Id value ("Name
// <list.example.com>"): what is between its angle brackets, or the value.
func decodeListID(s string) string {
	s = DecodeText(s)
	if i := strings.LastIndexByte(s, '<'); i >= 0 {
		if j := strings.IndexByte(s[i+1:], '>'); j >= 0 {
			if id := strings.TrimSpace(s[i+1 : i+1+j]); id != "" {
				return id
			}
		}
	}
	return s
}

// decodeAutoSubmitted returns the keyword of an Auto-Submitted value,
// lower-cased, without its parameters or comments.
func decodeAutoSubmitted(s string) string {
	if i := strings.IndexAny(s, ";("); i >= 0 {
		s = s[:i]
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// firstWord returns s up to its first space, semicolon or parenthesis.
func firstWord(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " \t;("); i >= 0 {
		s = s[:i]
	}
	return s
}
