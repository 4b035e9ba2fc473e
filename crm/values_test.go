package crm

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestNormalizeID(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"001D000000IqhSL", "001D000000IqhSLIAZ", true},
		{"001D000000IqhSLIAZ", "001D000000IqhSLIAZ", true},
		{"001D000000IqhSLiaz", "001D000000IqhSLIAZ", true}, // the checksum's case does not matter
		{" 001D000000IqhSL ", "001D000000IqhSLIAZ", true},
		{"001d000000iqhsl", "001d000000iqhslAAA", true}, // another record: ids are case-sensitive
		{"00U5g00000AbCdE", "00U5g00000AbCdEEAV", true},
		{"", "", true},
		{"000000000000000AAA", "", true},
		{"000000000000000", "", true},
		{"001D000000IqhSLAAA", "", false}, // wrong checksum
		{"001D000000IqhS", "", false},
		{"001D000000IqhSL-AZ", "", false},
		{"001D000000Iqh$LIAZ", "", false},
	} {
		got, ok := NormalizeID(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("NormalizeID(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestParseBool(t *testing.T) {
	for in, want := range map[string]bool{"1": true, "0": false, "true": true, "FALSE": false, "True": true, " TRUE ": true, "": false, "yes": true} {
		got, err := ParseBool(in)
		if err != nil || got != want {
			t.Errorf("ParseBool(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseBool("maybe"); !errors.Is(err, ErrBadValue) {
		t.Errorf("ParseBool(maybe): %v", err)
	}
}

func TestParseDateTime(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		paris = time.FixedZone("CET", 3600)
	}
	for _, c := range []struct {
		in   string
		loc  *time.Location
		want time.Time
	}{
		{"2023-01-18 14:28:45", nil, time.Date(2023, 1, 18, 14, 28, 45, 0, time.UTC)},
		{"2024-01-31T10:00:00.000Z", nil, time.Date(2024, 1, 31, 10, 0, 0, 0, time.UTC)},
		{"2024-01-31T10:00:00.000+0100", nil, time.Time{}}, // not a form exports write
		{"2024-01-31T10:00:00Z", paris, time.Date(2024, 1, 31, 10, 0, 0, 0, time.UTC)},
		{"2023-01-17", nil, time.Date(2023, 1, 17, 0, 0, 0, 0, time.UTC)},
		{"2023-01-17 00:00:00", nil, time.Date(2023, 1, 17, 0, 0, 0, 0, time.UTC)},
		{"2026-08-07 11:48", paris, time.Date(2026, 8, 7, 9, 48, 0, 0, time.UTC)},
		{"02/23/26", nil, time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC)},
		{"02/23/2026 09:05", nil, time.Date(2026, 2, 23, 9, 5, 0, 0, time.UTC)},
	} {
		got, err := ParseDateTime(c.in, c.loc)
		if c.want.IsZero() {
			if err == nil {
				t.Errorf("ParseDateTime(%q) = %v, want an error", c.in, got)
			}
			continue
		}
		if err != nil || !got.Equal(c.want) {
			t.Errorf("ParseDateTime(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "yesterday", "2023-13-01", "31/01/2023 10:00"} {
		if _, err := ParseDateTime(bad, nil); !errors.Is(err, ErrBadValue) {
			t.Errorf("ParseDateTime(%q): %v, want ErrBadValue", bad, err)
		}
	}
}

func TestDecodeText(t *testing.T) {
	for _, c := range []struct {
		in   []byte
		want string
	}{
		{[]byte("Crüx AG"), "Crüx AG"},
		{[]byte("\xEF\xBB\xBFName"), "Name"},
		{[]byte("Cr\xFCx AG"), "Crüx AG"},                 // ISO-8859-1 / Windows-1252 ü
		{[]byte("\x93quoted\x94 \x80 5"), "“quoted” € 5"}, // Windows-1252 only
	} {
		if got := DecodeText(c.in); got != c.want {
			t.Errorf("DecodeText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzNormalizeID(f *testing.F) {
	f.Fuzz(func(t *testing.T, id string) {
		got, ok := NormalizeID(id)
		if !ok || got == "" {
			return
		}
		if len(got) != 18 || !strings.EqualFold(got[:15], strings.TrimSpace(id)[:15]) || got[:15] != strings.TrimSpace(id)[:15] {
			t.Fatalf("NormalizeID(%q) = %q", id, got)
		}
		if again, ok := NormalizeID(got); !ok || again != got {
			t.Fatalf("NormalizeID(%q) = %q, %v: not stable", got, again, ok)
		}
		if short, ok := NormalizeID(got[:15]); !ok || short != got {
			t.Fatalf("the 15 characters of %q give %q", got, short)
		}
	})
}

func FuzzParseDateTime(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDateTime(s, nil)
		if err != nil {
			if !errors.Is(err, ErrBadValue) {
				t.Fatalf("ParseDateTime(%q): %v does not wrap ErrBadValue", s, err)
			}
			return
		}
		back, err := ParseDateTime(got.UTC().Format("2006-01-02T15:04:05.000Z07:00"), nil)
		if err != nil || !back.Equal(got.Truncate(time.Millisecond)) {
			t.Fatalf("ParseDateTime(%q) = %v; its own form reads back as %v, %v", s, got, back, err)
		}
	})
}

func FuzzDecodeText(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		got := DecodeText(b)
		if !utf8.ValidString(got) {
			t.Fatalf("DecodeText(%q) = %q: not UTF-8", b, got)
		}
		if utf8.Valid(b) && !strings.HasPrefix(string(b), "\uFEFF") && got != string(b) {
			t.Fatalf("DecodeText changed valid UTF-8 %q into %q", b, got)
		}
	})
}
