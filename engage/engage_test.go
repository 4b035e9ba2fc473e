package engage

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"
	"time"
)

func directory() *Directory {
	return NewDirectory([]Account{
		{ID: "A1", Name: "Alder", Domains: []string{"alder.example", "@Alder-Shop.example."}},
		{ID: "B1", Name: "Birch", Domains: []string{"birch.example", "gmail.com"}},
		{ID: "C1", Name: "Cedar", Domains: []string{"cedar.example"}},
		{ID: "C2", Name: "Cedar Labs", Domains: []string{"labs.cedar.example"}},
	}, []string{"ann@ours.example", "bob@ours.example"}, Options{FreeMailDomains: []string{"gmail.com", "outlook.com"}})
}

func TestWhose(t *testing.T) {
	d := directory()
	for _, c := range []struct {
		email string
		kind  Kind
		accs  []string
	}{
		{"ann@ours.example", Ours, nil},
		{"x@eu.ours.example", Ours, nil}, // a subdomain of ours
		{"jo@alder.example", Client, []string{"A1"}},
		{"jo@mail.alder.example", Client, []string{"A1"}}, // a parent domain is the account's
		{"jo@alder-shop.example", Client, []string{"A1"}},
		{"x@gmail.com", FreeMail, nil},                   // free mail never matches an account
		{"x@labs.cedar.example", Client, []string{"C2"}}, // the longest domain wins
		{"x@eu.labs.cedar.example", Client, []string{"C2"}},
		{"x@cedar.example", Client, []string{"C1"}},
		{"x@example", Nobody, nil},
		{"x@unknown.example", Nobody, nil},
		{"not-an-address", Nobody, nil},
	} {
		k, accs, _ := d.Whose(c.email)
		var ids []string
		for _, i := range accs {
			ids = append(ids, d.Account(i).ID)
		}
		if k != c.kind || !slices.Equal(ids, c.accs) {
			t.Errorf("Whose(%s) = %v %v, want %v %v", c.email, k, ids, c.kind, c.accs)
		}
	}
	if got := d.OurDomains(); !slices.Equal(got, []string{"ours.example"}) {
		t.Errorf("our domains from the team = %v", got)
	}
	d2 := NewDirectory(nil, []string{"ann@ours.example"}, Options{OurDomains: []string{"Ours.Example", "ours-group.example"}})
	if got := d2.OurDomains(); !slices.Equal(got, []string{"ours-group.example", "ours.example"}) {
		t.Errorf("our domains set = %v", got)
	}
}

func rows(t *testing.T, b *bytes.Buffer) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

var day = time.Date(2026, 11, 2, 9, 30, 0, 0, time.FixedZone("CET", 3600))

func TestMail(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(directory(), &b, false)
	mails := []Mail{
		// from a client to us and another client: one activity per account
		{Line: 1, MessageID: "m1@x", Date: day, From: []string{"jo@alder.example"}, To: []string{"ann@ours.example", "max@mail.birch.example"}, Cc: []string{"friend@gmail.com", "zed@unknown.example"}},
		// from us: outbound
		{Line: 10, MessageID: "m2@x", Date: day, From: []string{"ANN@ours.example"}, To: []string{"jo@alder.example", "kim@alder.example"}, Cc: []string{"bob@ours.example"}},
		{Line: 20, MessageID: "m1@x", Date: day, From: []string{"jo@alder.example"}, To: []string{"ann@ours.example"}},
		{Line: 30, MessageID: "m3@x", Date: day, From: []string{"ann@ours.example"}, To: []string{"bob@ours.example"}},
		{Line: 40, MessageID: "m4@x", Date: day, From: []string{"ann@ours.example"}, To: []string{"x@gmail.com", "y@unknown.example"}},
		{Line: 50, MessageID: "m5@x", Date: day, From: []string{"jo@alder.example"}, To: []string{"kim@alder.example"}},
		{Line: 60, MessageID: "m6@x", Date: day, From: []string{"news@alder.example"}, To: []string{"ann@ours.example"}, Bulk: true},
		{Line: 70, MessageID: "m7@x", Date: day, From: []string{"jo@alder.example"}, To: []string{"ann@ours.example"}, Labels: []string{"Inbox", "Spam"}},
		{Line: 80, MessageID: "m8@x", From: []string{"jo@alder.example"}, To: []string{"ann@ours.example"}},
		// no Message-ID: the same message twice counts once
		{Line: 90, Date: day, From: []string{"ann@ours.example"}, To: []string{"jo@cedar.example"}},
		{Line: 95, Date: day, From: []string{"ann@ours.example"}, To: []string{"jo@cedar.example"}},
	}
	for _, m := range mails {
		m.File = "box.mbox"
		w.Mail(m)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := rows(t, &b)
	if len(got) != 4 {
		t.Fatalf("%d activities: %v", len(got), got)
	}
	want := []map[string]string{
		{"activity_id": "mail:m1@x/A1", "account_id": "A1", "date": "2026-11-02T08:30:00Z", "type": "email", "direction": "inbound", "our_people": "ann@ours.example", "their_people": "jo@alder.example", "minutes": ""},
		{"activity_id": "mail:m1@x/B1", "account_id": "B1", "direction": "outbound", "their_people": "max@mail.birch.example"},
		{"activity_id": "mail:m2@x/A1", "account_id": "A1", "direction": "outbound", "our_people": "ann@ours.example;bob@ours.example", "their_people": "jo@alder.example;kim@alder.example"},
		{"account_id": "C1", "direction": "outbound", "their_people": "jo@cedar.example"},
	}
	for i, w := range want {
		for k, v := range w {
			if got[i][k] != v {
				t.Errorf("activity %d: %s = %q, want %q", i, k, got[i][k], v)
			}
		}
	}
	rep := w.Report()
	for reason, n := range map[string]int64{
		"the same Message-ID as an earlier message (counted once)": 2,
		"only among ourselves": 1,
		"no client address (no address of an account's domains)": 1,
		"no address of ours": 1,
		"bulk or automatic mail (List-Id, Precedence or Auto-Submitted)": 1,
		"labelled Spam (Google Takeout)":                                 1,
		"no date":                                                        1,
	} {
		found := false
		for _, s := range rep.Skipped {
			if s.Reason == reason {
				found = true
				if s.Count != n {
					t.Errorf("%s: %d, want %d", reason, s.Count, n)
				}
			}
		}
		if !found {
			t.Errorf("no skip %q in %+v", reason, rep.Skipped)
		}
	}
	if rep.Matched["A1"] != 2 || rep.Matched["B1"] != 1 || rep.Unmatched["unknown.example"] != 2 || rep.Unmatched["gmail.com"] != 0 {
		t.Errorf("matched %v unmatched %v", rep.Matched, rep.Unmatched)
	}
	if top := Top(rep.Matched, 2); !slices.Equal(top, []string{"A1", "B1"}) {
		t.Errorf("top = %v", top)
	}
	if rep.Read["box.mbox"] != int64(len(mails)) || rep.Written["activities.csv"] != 4 {
		t.Errorf("read %v written %v", rep.Read, rep.Written)
	}
}

func TestMeeting(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(directory(), &b, true)
	start := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	w.Meeting(Meeting{File: "cal.ics", Line: 5, UID: "u1", Start: start, End: start.Add(45 * time.Minute), Organizer: "jo@alder.example",
		Attendees: []string{"ann@ours.example", "x@labs.cedar.example"}, Subject: "Review"})
	w.Meeting(Meeting{File: "other.ics", Line: 7, UID: "u1", Start: start, End: start.Add(45 * time.Minute), Organizer: "jo@alder.example", Attendees: []string{"ann@ours.example"}})
	w.Meeting(Meeting{File: "cal.ics", Line: 9, UID: "u2", Start: start, End: start.AddDate(0, 0, 1), AllDay: true, Organizer: "ann@ours.example", Attendees: []string{"jo@alder.example"}})
	w.Close()
	got := rows(t, &b)
	if len(got) != 3 {
		t.Fatalf("%d activities: %v", len(got), got)
	}
	if g := got[0]; g["activity_id"] != "cal:u1@2026-11-03T10:00:00Z/A1" || g["direction"] != "inbound" || g["minutes"] != "45" || g["subject"] != "Review" || g["type"] != "meeting" {
		t.Errorf("meeting = %v", g)
	}
	if g := got[1]; g["account_id"] != "C2" || g["direction"] != "outbound" {
		t.Errorf("meeting for the second account = %v", g)
	}
	if g := got[2]; g["minutes"] != "" || g["direction"] != "outbound" {
		t.Errorf("an all-day meeting = %v", g)
	}
	if s := w.Report().Skipped; len(s) != 1 || s[0].File != "other.ics" || s[0].Count != 1 {
		t.Errorf("skipped = %+v", s)
	}
}
