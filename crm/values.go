// Package crm reads the values of CRM exports the way real exports write
// them: Salesforce record ids of 15 or 18 characters, booleans as 0/1,
// true/false or TRUE/FALSE, date-times with or without a zone, dates
// re-saved by Excel, and text in UTF-8 or Windows-1252. The importers of
// Salesforce, HubSpot and mapped CSV files build on it.
package crm

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// idSuffix is the alphabet of the case checksum of an 18-character id.
const idSuffix = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"

// emptyID is how Salesforce writes an empty lookup in some exports.
const emptyID = "000000000000000AAA"

// NormalizeID returns the 18-character form of a Salesforce record id (15
// characters, case-sensitive, or 18 with its case checksum): "" for an
// empty lookup (empty, or all zeros). ok is false for anything else,
// including an 18-character id whose checksum does not match its first 15
// characters.
func NormalizeID(id string) (norm string, ok bool) {
	key, ok := IDKey(id)
	if !ok || key == (ID{}) {
		return "", ok
	}
	id = strings.TrimSpace(id)
	if len(id) == 18 && id[15:] == idChecksum(&key) {
		return id, true // already in its 18-character form
	}
	return key.String(), true
}

// ID is a Salesforce record id by its first 15 characters, which the last
// 3 of its 18-character form follow from; the zero ID is an empty lookup.
// It makes a map key that takes no allocation to look up.
type ID [15]byte

// String returns the 18-character form of the id.
func (k ID) String() string {
	if k == (ID{}) {
		return ""
	}
	return string(k[:]) + idChecksum(&k)
}

// idChecksum returns the 3 characters that end the 18-character form.
func idChecksum(k *ID) string {
	var out [3]byte
	for chunk := range 3 {
		v := 0
		for i := range 5 {
			if c := k[chunk*5+i]; 'A' <= c && c <= 'Z' {
				v |= 1 << i
			}
		}
		out[chunk] = idSuffix[v]
	}
	return string(out[:]) // small: does not escape
}

// IDKey reads a Salesforce record id as NormalizeID does, into an ID (the
// zero ID for an empty lookup), without allocating.
func IDKey(id string) (key ID, ok bool) {
	id = strings.TrimSpace(id)
	if id == "" || id == emptyID || strings.Trim(id, "0") == "" {
		return ID{}, true
	}
	if len(id) != 15 && len(id) != 18 {
		return ID{}, false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return ID{}, false
		}
	}
	if id[:15] == emptyID[:15] {
		return ID{}, true
	}
	copy(key[:], id)
	if len(id) == 18 {
		sum := idChecksum(&key)
		for i := range 3 {
			if id[15+i]&^0x20 != sum[i]&^0x20 { // the checksum's case does not matter
				return ID{}, false
			}
		}
	}
	return key, true
}

// ErrBadValue is wrapped by the errors of values that cannot be read.
var ErrBadValue = errors.New("not a value of its kind")

// ParseBool reads 1/0, true/false in any case, yes/no.
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "yes":
		return true, nil
	case "0", "false", "no", "":
		return false, nil
	}
	return false, fmt.Errorf("%q: %w: want 1/0 or true/false", s, ErrBadValue)
}

// dateTimeLayouts are the forms of date-times that exports write, without
// a zone (read in the location given) or with one.
var dateTimeLayouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05.000Z07:00",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"01/02/06 15:04",
	"01/02/2006 15:04",
	"01/02/06",
	"01/02/2006",
}

// ParseDateTime reads a date-time or a date as exports write them; forms
// without a zone are read in loc (UTC when nil). A date alone is its
// midnight.
func ParseDateTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if loc == nil {
		loc = time.UTC
	}
	if s != "" {
		for _, l := range dateTimeLayouts {
			if t, err := time.ParseInLocation(l, s, loc); err == nil {
				return t, nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("%q: %w: want a date such as 2026-01-31 or 2026-01-31 14:28:45", s, ErrBadValue)
}

// DecodeText returns b as text: as it is when it is valid UTF-8 (a byte
// order mark dropped), else decoded from Windows-1252, the encoding of
// exports that are not UTF-8 (it covers ISO-8859-1's printable
// characters).
func DecodeText(b []byte) string {
	b = trimBOM(b)
	if utf8.Valid(b) {
		return string(b)
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil { // cannot happen: every byte has a meaning
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(out)
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}
