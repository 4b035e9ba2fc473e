package mailbox

import (
	"io"
	"mime"
	"net/mail"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
)

// wordDecoder decodes RFC 2047 encoded words of any charset that the WHATWG
// encoding standard names (utf-8, iso-8859-1 and us-ascii are mime's own).
// A charset it does not know leaves the bytes as they are, to be made
// valid UTF-8 after.
var wordDecoder = &mime.WordDecoder{CharsetReader: charsetReader}

func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	if e, err := htmlindex.Get(charset); err == nil {
		return e.NewDecoder().Reader(input), nil
	}
	return input, nil
}

var addressParser = &mail.AddressParser{WordDecoder: wordDecoder}

// cp1252 maps the bytes 0x80–0xFF to their Windows-1252 runes.
var cp1252 = func() (t [128]rune) {
	for i := range t {
		t[i] = charmap.Windows1252.DecodeByte(byte(0x80 + i))
	}
	return t
}()

// toUTF8 returns b as a string, decoding the bytes that are not valid
// UTF-8 as Windows-1252 (a superset of Latin-1 as mail programs write it).
func toUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/2)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			sb.WriteRune(cp1252[b[0]-0x80])
			b = b[1:]
			continue
		}
		sb.Write(b[:n])
		b = b[n:]
	}
	return sb.String()
}

// clean makes s valid UTF-8 (decoding stray bytes as Windows-1252), turns
// control characters into spaces and trims it.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = toUTF8([]byte(s))
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c == 0x7f {
			s = strings.Map(func(r rune) rune {
				if r < ' ' || r == 0x7f {
					return ' '
				}
				return r
			}, s)
			break
		}
	}
	return strings.TrimSpace(s)
}

// DecodeText decodes an unstructured header value (a Subject): RFC 2047
// encoded words in any charset, raw 8-bit bytes (UTF-8, else
// Windows-1252). The result is valid UTF-8, without control characters,
// trimmed.
func DecodeText(s string) string {
	if strings.Contains(s, "=?") {
		if d, err := wordDecoder.DecodeHeader(s); err == nil {
			s = d
		}
	}
	return clean(s)
}

// ParseAddressList parses an address list header value tolerantly: groups
// are expanded ("undisclosed-recipients:;" gives none), and when the list
// is not valid as a whole its items are parsed one by one, then searched
// for anything like local@domain; items without an address are skipped.
func ParseAddressList(s string) []Address {
	if !strings.Contains(s, "@") {
		return nil // no address (an empty group, a name alone)
	}
	list, ok := simpleAddressList(s)
	if !ok {
		list = parseAddressListSlow(s)
	}
	if len(list) == 0 {
		return nil
	}
	return list
}

// parseAddressListSlow is ParseAddressList without its fast path.
func parseAddressListSlow(s string) []Address {
	if list, err := addressParser.ParseList(s); err == nil {
		out := make([]Address, 0, len(list))
		for _, a := range list {
			out = appendAddress(out, a.Name, a.Address)
		}
		return out
	}
	var out []Address
	for _, item := range splitAddressList(s) {
		if !strings.Contains(item, "@") {
			continue
		}
		if a, err := addressParser.Parse(item); err == nil {
			out = appendAddress(out, a.Name, a.Address)
			continue
		}
		if list, err := addressParser.ParseList(item); err == nil {
			for _, a := range list {
				out = appendAddress(out, a.Name, a.Address)
			}
			continue
		}
		if name, email, ok := lenientAddress(item); ok {
			out = appendAddress(out, name, email)
		}
	}
	return out
}

func appendAddress(out []Address, name, email string) []Address {
	email = strings.ToLower(clean(email))
	if email == "" {
		return out
	}
	if strings.Contains(name, "=?") {
		if d, err := wordDecoder.DecodeHeader(name); err == nil {
			name = d
		}
	}
	name = clean(name)
	if len(name) >= 2 && name[0] == '\'' && name[len(name)-1] == '\'' {
		name = strings.TrimSpace(name[1 : len(name)-1])
	}
	return append(out, Address{Name: name, Email: email})
}

// splitAddressList splits an address list on the commas that are outside
// quoted strings, comments and angle brackets; a group's name (up to its
// colon) is dropped and its semicolon ends an item.
func splitAddressList(s string) []string {
	var items []string
	start := 0
	quoted, angle, group := false, false, false
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted || depth > 0:
			switch c {
			case '\\':
				i++
			case '"':
				if depth == 0 {
					quoted = false
				}
			case '(':
				if !quoted {
					depth++
				}
			case ')':
				if !quoted {
					depth--
				}
			}
		case c == '"':
			quoted = true
		case c == '(':
			depth++
		case angle && c != ',' && c != ';':
			// No comma in an address: one ends an unclosed angle.
			if c == '>' {
				angle = false
			}
		case c == '<':
			angle = true
		case c == ',' || c == ';':
			items = append(items, s[start:i])
			start = i + 1
			angle = false
			if c == ';' {
				group = false
			}
		case c == ':' && !group:
			// A group's name: drop it.
			group = true
			start = i + 1
		}
	}
	return append(items, s[start:])
}

// lenientAddress finds in an item that net/mail rejects anything like
// local@domain (in angle brackets first), and a display name before the
// brackets or in a comment.
func lenientAddress(item string) (name, email string, ok bool) {
	search := item
	lt := strings.IndexByte(item, '<')
	if lt >= 0 {
		in := item[lt+1:]
		if gt := strings.IndexByte(in, '>'); gt >= 0 {
			in = in[:gt]
		}
		in = strings.Join(strings.Fields(in), "")
		if e, found := findEmail(in); found {
			name = strings.Trim(strings.TrimSpace(item[:lt]), `"`)
			return name, e, true
		}
	}
	e, found := findEmail(search)
	if !found {
		return "", "", false
	}
	if lp := strings.IndexByte(item, '('); lp >= 0 {
		if rp := strings.IndexByte(item[lp:], ')'); rp > 0 {
			name = item[lp+1 : lp+rp]
		}
	}
	return name, e, true
}

// findEmail returns the first local@domain in s.
func findEmail(s string) (string, bool) {
	for at := 0; ; {
		i := strings.IndexByte(s[at:], '@')
		if i < 0 {
			return "", false
		}
		i += at
		l := i
		for l > 0 && isLocalByte(s[l-1]) {
			l--
		}
		r := i + 1
		for r < len(s) && isDomainByte(s[r]) {
			r++
		}
		local := strings.Trim(s[l:i], ".")
		domain := strings.Trim(s[i+1:r], ".-")
		if local != "" && domain != "" {
			return local + "@" + domain, true
		}
		at = i + 1
	}
}

func isLocalByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$%&'*+-/=?^_`{|}~.", c) >= 0 || c >= 0x80
}

func isDomainByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '.' || c == '-' || c >= 0x80
}

// ParseLabels splits an X-Gmail-Labels value (Google Takeout) into its
// labels: on the commas outside double quotes, quotes and backslash escapes
// removed, RFC 2047 encoded words decoded, trimmed; empty ones dropped.
func ParseLabels(s string) []string {
	var labels []string
	var cur strings.Builder
	quoted := false
	flush := func() {
		if l := DecodeText(cur.String()); l != "" {
			labels = append(labels, l)
		}
		cur.Reset()
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && quoted && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			flush()
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return labels
}

// simpleAddressList parses, without allocating more than the result, the
// lists that most mail has: comma-separated items, each "local@domain",
// "<local@domain>", "Display Name <local@domain>" or "\"Display, Name\"
// <local@domain>", in printable ASCII. ok is false for anything else (a
// comment, a group, an encoded word, an escape, 8-bit text…), which
// net/mail then parses; FuzzHeaderDecoding checks that both agree.
func simpleAddressList(s string) (list []Address, ok bool) {
	n := 1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ',':
			n++
		case c < ' ' && c != '\t', c >= 0x7f, c == '(', c == '\\', c == ':', c == ';':
			return nil, false
		}
	}
	list = make([]Address, 0, n)
	for len(s) > 0 {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			break
		}
		if s[0] == ',' {
			s = s[1:]
			continue
		}
		var name, email string
		if s[0] == '"' {
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				return nil, false
			}
			name, s = s[1:1+end], strings.TrimLeft(s[2+end:], " \t")
			if s == "" || s[0] != '<' {
				return nil, false
			}
		} else if s[0] != '<' {
			// An addr-spec, or the atoms of a display name.
			end := 0
			for end < len(s) && (isAtext(s[end]) || s[end] == '.' || s[end] == '@') {
				end++
			}
			if e := s[:end]; isAddrSpec(e) {
				email, s = e, s[end:]
			} else {
				for end < len(s) && s[end] != '<' {
					if !isAtext(s[end]) && s[end] != '.' && s[end] != ' ' && s[end] != '\t' {
						return nil, false
					}
					end++
				}
				if end == len(s) {
					return nil, false
				}
				// net/mail joins the words by a space: take the names
				// that have them so already.
				name = strings.TrimRight(s[:end], " \t")
				if name == "" || strings.Contains(name, "  ") || strings.IndexByte(name, '\t') >= 0 {
					return nil, false
				}
				s = s[end:]
			}
		}
		if email == "" {
			// s starts with "<".
			end := strings.IndexByte(s, '>')
			if end < 0 || !isAddrSpec(s[1:end]) {
				return nil, false
			}
			email, s = s[1:end], s[end+1:]
		}
		s = strings.TrimLeft(s, " \t")
		if s != "" && s[0] != ',' {
			return nil, false
		}
		if strings.Contains(name, "=?") {
			// Encoded words, decoded once here (appendAddress then
			// leaves the name as is).
			d, err := wordDecoder.DecodeHeader(name)
			if err != nil || strings.Contains(d, "=?") {
				return nil, false
			}
			name = d
		}
		list = appendAddress(list, name, email)
	}
	return list, true
}

// isAddrSpec tells whether s is dot-atom@dot-atom.
func isAddrSpec(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && isDotAtom(s[:at]) && isDotAtom(s[at+1:])
}

func isDotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAtext(s[i]) && s[i] != '.' {
			return false
		}
	}
	return true
}

// isAtext tells whether c is an RFC 5322 atext character (ASCII).
func isAtext(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}
