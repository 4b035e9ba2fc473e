package engage

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/slcs/slcs/crm"
)

// Mail is what is read of one message.
type Mail struct {
	File string
	Line int64
	// MessageID identifies the message across files and imports.
	MessageID string
	Date      time.Time
	From      []string // lower-cased addresses
	To, Cc    []string
	Subject   string
	// Bulk is set for mailing-list and automatic mail.
	Bulk bool
	// Labels are the Gmail labels of a Takeout export.
	Labels []string
}

// Meeting is one occurrence of a calendar event.
type Meeting struct {
	File       string
	Line       int64
	UID        string
	Start, End time.Time
	AllDay     bool
	Organizer  string   // lower-cased address, "" when none
	Attendees  []string // lower-cased addresses, those who declined left out
	Subject    string
}

// Report says what was read, written and left out, with the accounts
// matched and the client domains that matched none.
type Report struct {
	*crm.Report
	// Matched counts the activities written per account id.
	Matched map[string]int64
	// Unmatched counts, per domain that is neither ours, an account's nor
	// free mail, the messages and meetings that had an address of it.
	Unmatched map[string]int64
	// Events is the calendar events read (VEVENTs), when calendars were.
	Events int64
	// Unit names what Read counts: MESSAGES or MEETINGS.
	Unit string
}

// Meetings is the meeting occurrences read.
func (r *Report) Meetings() int64 {
	var n int64
	for _, v := range r.Read {
		n += v
	}
	return n
}

// Writer writes activities.csv from mail and meetings.
type Writer struct {
	d            *Directory
	cw           *csv.Writer
	keepSubjects bool
	seen         map[string]struct{}
	rep          *Report
	// the people of one message, by account; reused from one to the next
	theirs map[int][]string
	ours   []string
	order  []int
}

// SkippedLabels are the Gmail labels (of a Takeout export) whose mail is
// left out.
var SkippedLabels = []string{"Spam", "Trash", "Chat"}

// NewWriter starts activities.csv on out: a subject column is added when
// keepSubjects.
func NewWriter(d *Directory, out io.Writer, keepSubjects bool) *Writer {
	w := &Writer{d: d, cw: csv.NewWriter(out), keepSubjects: keepSubjects, seen: map[string]struct{}{},
		rep:    &Report{Report: crm.NewReport(), Matched: map[string]int64{}, Unmatched: map[string]int64{}},
		theirs: map[int][]string{}}
	head := []string{"activity_id", "account_id", "date", "type", "direction", "our_people", "their_people", "minutes"}
	if keepSubjects {
		head = append(head, "subject")
	}
	w.cw.Write(head)
	w.rep.Written["activities.csv"] = 0
	return w
}

// Report returns the report so far.
func (w *Writer) Report() *Report { return w.rep }

// Close flushes activities.csv.
func (w *Writer) Close() error {
	w.cw.Flush()
	return w.cw.Error()
}

// sort splits the addresses of a message or meeting into ours and the
// accounts' (in w.ours, w.theirs and w.order), and counts the domains of
// nobody's; the first address's accounts are first in the order.
func (w *Writer) sort(lists ...[]string) (clients, others int) {
	w.ours = w.ours[:0]
	clear(w.theirs)
	w.order = w.order[:0]
	var unknown []string
	for _, l := range lists {
		for _, a := range l {
			a = strings.ToLower(strings.TrimSpace(a))
			if a == "" {
				continue
			}
			k, accs, dom := w.d.Whose(a)
			switch k {
			case Ours:
				w.ours = crm.AddPerson(w.ours, a)
			case Client:
				clients++
				for _, i := range accs {
					if _, ok := w.theirs[i]; !ok {
						w.order = append(w.order, i)
					}
					w.theirs[i] = crm.AddPerson(w.theirs[i], a)
				}
			case Nobody:
				others++
				if dom != "" && !slices.Contains(unknown, dom) {
					unknown = append(unknown, dom)
				}
			default:
				others++
			}
		}
	}
	for _, dom := range unknown {
		w.rep.Unmatched[dom]++
	}
	return clients, others
}

// Mail writes the activities of a message: one per account it involves.
func (w *Writer) Mail(m Mail) {
	w.rep.Read[m.File]++
	for _, l := range m.Labels {
		if slices.ContainsFunc(SkippedLabels, func(s string) bool { return strings.EqualFold(s, l) }) {
			w.rep.AddSkip(m.File, "labelled "+l+" (Google Takeout)", m.Line)
			return
		}
	}
	if m.Bulk {
		w.rep.AddSkip(m.File, "bulk or automatic mail (List-Id, Precedence or Auto-Submitted)", m.Line)
		return
	}
	if m.Date.IsZero() {
		w.rep.AddSkip(m.File, "no date", m.Line)
		return
	}
	id := m.MessageID
	if id == "" {
		// no Message-ID: the same message has the same date, sender and
		// recipients
		id = "sha256:" + digest(m.Date.UTC().Format(time.RFC3339), strings.Join(m.From, ","), strings.Join(m.To, ","), strings.Join(m.Cc, ","))
	}
	if _, dup := w.seen["mail:"+id]; dup {
		w.rep.AddSkip(m.File, "the same Message-ID as an earlier message (counted once)", m.Line)
		return
	}
	w.seen["mail:"+id] = struct{}{}
	if !w.involve(m.File, m.Line, m.From, m.To, m.Cc) {
		return
	}
	sender := ""
	if len(m.From) > 0 {
		sender = strings.ToLower(strings.TrimSpace(m.From[0]))
	}
	w.write("mail:"+id, m.Date, "email", sender, "", m.Subject)
}

// involve sorts the addresses and says whether the message or meeting
// makes activities, counting the reason when it does not.
func (w *Writer) involve(file string, line int64, lists ...[]string) bool {
	clients, others := w.sort(lists...)
	switch {
	case clients == 0 && others == 0 && len(w.ours) > 0:
		w.rep.AddSkip(file, "only among ourselves", line)
	case clients == 0:
		w.rep.AddSkip(file, "no client address (no address of an account's domains)", line)
	case len(w.ours) == 0:
		w.rep.AddSkip(file, "no address of ours", line)
	default:
		return true
	}
	return false
}

// Meeting writes the activities of a meeting occurrence: one per account it
// involves.
func (w *Writer) Meeting(m Meeting) {
	w.rep.Read[m.File]++
	id := "cal:" + m.UID + "@" + m.Start.UTC().Format(time.RFC3339)
	if _, dup := w.seen[id]; dup {
		w.rep.AddSkip(m.File, "the same event and occurrence as one read before (counted once)", m.Line)
		return
	}
	w.seen[id] = struct{}{}
	var org []string
	if m.Organizer != "" {
		org = []string{m.Organizer}
	}
	if !w.involve(m.File, m.Line, org, m.Attendees) {
		return
	}
	minutes := ""
	if !m.AllDay && m.End.After(m.Start) {
		minutes = crm.FormatAmount(m.End.Sub(m.Start).Microseconds() / 60)
	}
	w.write(id, m.Start, "meeting", strings.ToLower(m.Organizer), minutes, m.Subject)
}

// write writes one activity per account of w.order; starter is the address
// that started it (the sender, the organizer): the activity is inbound for
// the account it belongs to.
func (w *Writer) write(id string, when time.Time, typ, starter, minutes, subject string) {
	_, starterAccs, _ := w.d.Whose(starter)
	date := when.UTC().Format(time.RFC3339)
	for _, i := range w.order {
		acc := w.d.Account(i)
		// the account in the id keeps it stable when, after accounts'
		// domains change, a message involves more or fewer accounts
		aid := id + "/" + acc.ID
		dir := "outbound"
		if slices.Contains(starterAccs, i) {
			dir = "inbound"
		}
		rec := []string{aid, acc.ID, date, typ, dir, strings.Join(w.ours, ";"), strings.Join(w.theirs[i], ";"), minutes}
		if w.keepSubjects {
			rec = append(rec, subject)
		}
		w.cw.Write(rec)
		w.rep.Written["activities.csv"]++
		w.rep.Matched[acc.ID]++
	}
}

func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// Top returns the n keys of m with the largest counts (ties by key).
func Top(m map[string]int64, n int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if m[a] != m[b] {
			if m[a] > m[b] {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	return keys[:min(n, len(keys))]
}
