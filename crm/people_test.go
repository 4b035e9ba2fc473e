package crm

import "testing"

func TestWebsiteDomain(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.Alder.example:8080/about": "alder.example",
		"www.birch.example":                    "birch.example",
		"http://shop.elm.example/":             "shop.elm.example",
		"":                                     "",
	} {
		if got := WebsiteDomain(in); got != want {
			t.Errorf("WebsiteDomain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAmounts(t *testing.T) {
	for in, want := range map[string]string{"1200.50": "1200.5", "-80": "-80", "0.125": "0.125", "3": "3", "1.0000004": "1"} {
		m, ok := ParseAmount(in)
		if got := FormatAmount(m); !ok || got != want {
			t.Errorf("amount %q = %q, want %q", in, got, want)
		}
	}
	if _, ok := ParseAmount("abc"); ok {
		t.Error("abc read as an amount")
	}
}

func TestAddresses(t *testing.T) {
	got := Addresses(`"Ann Lee" <Ann@x.example>; bob@y.example,cy@z.example mailto:dee@w.example nobody @ x@`)
	want := []string{"Ann@x.example", "bob@y.example", "cy@z.example", "dee@w.example"}
	if len(got) != len(want) {
		t.Fatalf("Addresses = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Addresses[%d] = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestAddPerson(t *testing.T) {
	l := AddPerson(nil, " Ann@x.example ")
	l = AddPerson(l, "ann@X.example")
	l = AddPerson(l, "a;b")
	l = AddPerson(l, "  ")
	if len(l) != 2 || l[0] != "Ann@x.example" || l[1] != "a b" {
		t.Errorf("people = %q", l)
	}
}

func TestFormatAmount(t *testing.T) {
	for in, want := range map[int64]string{
		0: "0", 1: "0.000001", -1: "-0.000001", 12_500_000: "12.5", -80_000_000: "-80",
		9_000_000_000_000_000_000: "9000000000000", 1_234_567_891_000: "1234567.891",
	} {
		if got := FormatAmount(in); got != want {
			t.Errorf("FormatAmount(%d) = %q, want %q", in, got, want)
		}
	}
}
