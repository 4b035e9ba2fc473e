package mailbox

import (
	"reflect"
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339, "" when it must not parse
	}{
		{"Mon, 06 Jan 2020 04:49:45 +0000", "2020-01-06T04:49:45Z"},
		{"Mon, 6 Jan 2020 04:49:45 -0800", "2020-01-06T04:49:45-08:00"},
		{"6 Jan 2020 04:49:45 +0530", "2020-01-06T04:49:45+05:30"},
		{"Mon, 6 Jan 2020 04:49 +0100", "2020-01-06T04:49:00+01:00"},
		{"Mon, 6 Jan 20 04:49:45 GMT", "2020-01-06T04:49:45Z"},
		{"Wed, 5 Mar 97 10:00:00 EST", "1997-03-05T10:00:00-05:00"},
		{"Thu, 4 Jul 2019 10:00:00 PDT", "2019-07-04T10:00:00-07:00"},
		{"Thu, 4 Jul 2019 10:00:00 UT", "2019-07-04T10:00:00Z"},
		{"Fri, 1 Feb 103 10:00:00 +0000", "2003-02-01T10:00:00Z"},
		{"Mon, 06 Jan 2020 04:49:45 -0800 (PST)", "2020-01-06T04:49:45-08:00"},
		{"Mon, 06 Jan 2020 04:49:45 +0000 (GMT Standard Time)", "2020-01-06T04:49:45Z"},
		{"Mon , 06 Jan 2020   04:49:45\t+0000", "2020-01-06T04:49:45Z"},
		{"  Mon,\r\n 06 Jan 2020 04:49:45 +0000  ", "2020-01-06T04:49:45Z"},
		{"(comment (nested)) 06 Jan 2020 04:49:45 +0000", "2020-01-06T04:49:45Z"},
		{"(x (y) 7 Feb) 06 Jan 2020 04:49:45 +0000", "2020-01-06T04:49:45Z"},
		{"Monday, January 6, 2020 4:49 PM", "2020-01-06T16:49:00Z"},
		{"6 Sept 2020 12:05:00 AM +0200", "2020-09-06T00:05:00+02:00"},
		{"Mon Jan  6 04:49:45 2020", "2020-01-06T04:49:45Z"},
		{"Mon Jan 06 04:49:45 +0000 2020", "2020-01-06T04:49:45Z"},
		{"Mon Jan 6 04:49:45 EST 2020", "2020-01-06T04:49:45-05:00"},
		{"06-Jan-2020 04:49:45 +0100", "2020-01-06T04:49:45+01:00"},
		{"2020-01-06T04:49:45Z", "2020-01-06T04:49:45Z"},
		{"2020-01-06T04:49:45+02:00", "2020-01-06T04:49:45+02:00"},
		{"2020-01-06 04:49:45 -0300", "2020-01-06T04:49:45-03:00"},
		{"Mon, 6 Jan 2020 04:49:45 GMT+0100", "2020-01-06T04:49:45+01:00"},
		{"Mon, 6 Jan 2020 04:49:45 +0100 GMT", "2020-01-06T04:49:45+01:00"},
		{"Mon, 6 Jan 2020 04:49:45 XYZ", "2020-01-06T04:49:45Z"},
		{"Mon, 6 Jan 2020 04:49:45 +2500", "2020-01-06T04:49:45Z"},
		{"Mon, 6 Jan 2020 23:59:60 +0000", "2020-01-06T23:59:59Z"},
		{"Mon, 6 Jan 2020", "2020-01-06T00:00:00Z"},
		{"Mon, 6 Jan 2020 04:49:45.123 +0000", "2020-01-06T04:49:45Z"},
		{"Sat, 29 Feb 2020 10:00:00 +0000", "2020-02-29T10:00:00Z"},
		{"Fri, 29 Feb 2019 10:00:00 +0000", ""},
		{"Mon, 32 Jan 2020 04:49:45 +0000", ""},
		{"Mon, 6 Foo 2020 04:49:45 +0000", ""},
		{"Mon, 6 Jan 2020 25:49:45 +0000", ""},
		{"Mon, 6 Jan 2020 04:61:45 +0000", ""},
		{"yesterday", ""},
		{"", ""},
		{"Jan 2020", ""},
	}
	for _, tt := range tests {
		got, ok := ParseDate(tt.in)
		if tt.want == "" {
			if ok {
				t.Errorf("ParseDate(%q) = %v, want no date", tt.in, got)
			}
			continue
		}
		want := date(tt.want)
		if !ok || !got.Equal(want) || offsetOf(got) != offsetOf(want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, ok, want)
		}
	}
}

func TestParseSeparatorDate(t *testing.T) {
	for in, want := range map[string]string{
		"From MAILER-DAEMON Mon Jan  6 04:49:45 2020":                      "2020-01-06T04:49:45Z",
		"From 1655478123456789012@xxx Mon Jan 06 04:49:45 +0000 2020":      "2020-01-06T04:49:45Z",
		"From jane@acme.example Tue Feb 11 10:00:00 2020 remote from acme": "2020-02-11T10:00:00Z",
		"From  Tue Feb 11 10:00:00 2020":                                   "2020-02-11T10:00:00Z",
		"From jan@acme.example Tue Feb 11 10:00:00 2020":                   "2020-02-11T10:00:00Z",
		"From 2019@acme.example Tue Feb 11 10:00:00 2020":                  "2020-02-11T10:00:00Z",
		"From jane@acme.example":                                           "",
		"From - Tue Feb 11 10:00:00 2020":                                  "2020-02-11T10:00:00Z",
	} {
		got, ok := parseSeparatorDate([]byte(in))
		if want == "" {
			if ok {
				t.Errorf("%q: got %v, want no date", in, got)
			}
			continue
		}
		if w := date(want); !ok || !got.Equal(w) || offsetOf(got) != 0 {
			t.Errorf("%q: got %v, %v; want %v", in, got, ok, w)
		}
	}
}

func TestParseAddressList(t *testing.T) {
	tests := []struct {
		in   string
		want []Address
	}{
		{"Jane Doe <Jane.Doe@Acme.Example>", addrs("Jane Doe", "jane.doe@acme.example")},
		{`"Doe, Jane" <jane@x.example>, bob@x.example`, addrs("Doe, Jane", "jane@x.example", "", "bob@x.example")},
		{"jane@x.example (Jane)", addrs("Jane", "jane@x.example")},
		{"<a@b.example>", addrs("", "a@b.example")},
		{"Team: a@x.example, b@y.example;", addrs("", "a@x.example", "", "b@y.example")},
		{"undisclosed-recipients:;", []Address{}},
		{"", []Address{}},
		{"  ,  ", []Address{}},
		{"a@x.example,, b@x.example,", addrs("", "a@x.example", "", "b@x.example")},
		// One bad item does not lose the list.
		{"Jane <jane@x.example>, Bob <bob@x.example, carl@x.example", addrs("Jane", "jane@x.example", "Bob", "bob@x.example", "", "carl@x.example")},
		{"Doe, John <john@x.example>", addrs("John", "john@x.example")},
		{"jane@x.example <jane@x.example>", addrs("jane@x.example", "jane@x.example")},
		{"Jane Doe jane@x.example", addrs("", "jane@x.example")},
		{"mailto:jane@x.example", addrs("", "jane@x.example")},
		{"Sales@Acme: a@x.example, <broken;", addrs("", "a@x.example")},
		{"Team: a@x.example, broken <b@y.example; c@z.example", addrs("", "a@x.example", "broken", "b@y.example", "", "c@z.example")},
		{"=?UTF-8?Q?Ren=C3=A9_Dupr=C3=A9?= <rene@x.example>", addrs("René Dupré", "rene@x.example")},
		{"\"=?UTF-8?Q?Ren=C3=A9?=\" <rene@x.example>", addrs("René", "rene@x.example")},
		{"=?x-unknown?Q?Ren=E9?= <rene@x.example>", addrs("René", "rene@x.example")},
		{"=?utf-8?b?/w==?= <a@x.example>", addrs("ÿ", "a@x.example")},
		{"José <jose@x.example>", addrs("José", "jose@x.example")},
		{"no address here", []Address{}},
		{"@", []Address{}},
		{"a@", []Address{}},
	}
	for _, tt := range tests {
		got := ParseAddressList(tt.in)
		if len(got) == 0 && len(tt.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseAddressList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSimpleAddressList checks that the fast path takes the common forms,
// leaves the others, and agrees with net/mail on what it takes.
func TestSimpleAddressList(t *testing.T) {
	for in, simple := range map[string]bool{
		"jane@x.example":                                     true,
		"Jane.Doe@X.Example, <bob@x.example>":                true,
		"Jane <jane@x.example>,\tBob <bob@x.example>,":       true,
		`"Doe, Jane" <jane@x.example>`:                       true,
		"J.Doe <j@x.example>":                                true,
		"Jane Doe <jane@x.example>":                          true,
		"Jane  Doe <jane@x.example>":                         false, // net/mail makes one space of two
		"Jane Doe<jane@x.example>":                           true,
		"=?UTF-8?Q?Ren=C3=A9?= <rene@x.example>":             true,
		"=?UTF-8?Q?Ren=C3=A9?= =?UTF-8?Q?_D?= <r@x.example>": true,
		"\"=?UTF-8?Q?Ren=C3=A9?=\" <rene@x.example>":         true,
		"=?UTF-8?Q?=3D=3Fa?= <rene@x.example>":               false, // decodes to an encoded word's start
		"jane@x.example (Jane)":                              false,
		"Team: a@x.example;":                                 false,
		"Zoë <zoe@x.example>":                                false,
		`"a\"b" <a@x.example>`:                               false,
		"< jane@x.example >":                                 false,
		"jane@x.example.":                                    false,
		"jane@@x.example":                                    false,
		"a@b c@d":                                            false,
		"jane@x.example <jane@x.example>":                    false,
		`"Jane" Doe <jane@x.example>`:                        false,
	} {
		fast, ok := simpleAddressList(in)
		if ok != simple {
			t.Errorf("simpleAddressList(%q) ok = %v, want %v", in, ok, simple)
		}
		if slow := parseAddressListSlow(in); ok && !sameAddresses(fast, slow) {
			t.Errorf("simpleAddressList(%q) = %q, net/mail gives %q", in, fast, slow)
		}
	}
}

func TestDecodeText(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                                "plain",
		"  =?UTF-8?B?w6k=?=  ":                 "é",
		"=?UTF-8?Q?a?= =?UTF-8?Q?b?=":          "ab",
		"=?UTF-8?Q?a?= x =?UTF-8?Q?b?=":        "a x b",
		"=?iso-8859-15?Q?=A4?=":                "€",
		"=?koi8-r?B?8NLJ18XU?=":                "Привет",
		"=?us-ascii?Q?abc?=":                   "abc",
		"=?UTF-8?B?broken":                     "=?UTF-8?B?broken",
		"tab\there\x00nul":                     "tab here nul",
		"caf\xe9":                              "café",
		"=?UTF-8?Q?=FF?=":                      "ÿ",
		"=?windows-1252?Q?=80?= =?UTF-8?Q?x?=": "€x",
	} {
		if got := DecodeText(in); got != want {
			t.Errorf("DecodeText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseLabels(t *testing.T) {
	for in, want := range map[string][]string{
		"Inbox,Important":                    {"Inbox", "Important"},
		` Inbox , "Clients, 2020" , Opened `: {"Inbox", "Clients, 2020", "Opened"},
		`"a \"quoted\" label",x`:             {`a "quoted" label`, "x"},
		",,":                                 nil,
		"=?UTF-8?Q?Caf=C3=A9?=,Archived":     {"Café", "Archived"},
		`"unterminated, label`:               {"unterminated, label"},
		"Cat\xe9gorie":                       {"Catégorie"},
	} {
		if got := ParseLabels(toUTF8([]byte(in))); !reflect.DeepEqual(got, want) {
			t.Errorf("ParseLabels(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecodeMessageID(t *testing.T) {
	for in, want := range map[string]string{
		"<abc@x>":           "abc@x",
		"  < abc@x >  ":     "abc@x",
		"abc@x":             "abc@x",
		" abc@x> ":          "abc@x",
		"<abc@x> <def@y>":   "abc@x",
		"(comment) <abc@x>": "abc@x",
		"<abc@x":            "abc@x",
		"":                  "",
	} {
		if got := decodeMessageID(in); got != want {
			t.Errorf("decodeMessageID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestToUTF8(t *testing.T) {
	for in, want := range map[string]string{
		"ascii":             "ascii",
		"Zoë":               "Zoë",
		"Zo\xeb":            "Zoë",
		"\x93mixed\x94 Zoë": "“mixed” Zoë",
		"\xc3":              "Ã",
		"\x81":              "\ufffd",
	} {
		if got := toUTF8([]byte(in)); got != want {
			t.Errorf("toUTF8(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBulk(t *testing.T) {
	for _, tt := range []struct {
		m    Message
		want bool
	}{
		{Message{}, false},
		{Message{ListID: "x"}, true},
		{Message{Precedence: "bulk"}, true},
		{Message{Precedence: "list"}, true},
		{Message{Precedence: "junk"}, true},
		{Message{Precedence: "first-class"}, false},
		{Message{AutoSubmitted: "no"}, false},
		{Message{AutoSubmitted: "auto-generated"}, true},
		{Message{AutoSubmitted: "auto-replied"}, true},
	} {
		if got := tt.m.Bulk(); got != tt.want {
			t.Errorf("%+v: Bulk() = %v", tt.m, got)
		}
	}
}
