package mailbox

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"strings"
	"time"
)

// genOptions tells sampleMailbox what to write.
type genOptions struct {
	n        int // messages
	seed     uint64
	format   Format
	crlf     bool // CRLF line ends in the messages (separators keep LF, as Takeout)
	minBody  int  // body bytes, about
	maxBody  int
	maxBytes int64 // stop after this many bytes, if > 0
}

// sampleMailbox writes a mailbox of realistic messages to w — headers of
// about 1.5 KB with folded Received lines, text bodies with ">From " (or,
// in MboxCL, bare "From ") lines, some base64 attachments — and returns
// what the reader should find in each.
func sampleMailbox(w io.Writer, o genOptions) ([]Message, error) {
	rng := rand.New(rand.NewPCG(o.seed, o.seed^0x9e3779b97f4a7c15))
	eol := "\n"
	if o.crlf {
		eol = "\r\n"
	}
	var (
		want        []Message
		off, line   int64 = 0, 1
		msg, body   bytes.Buffer
		date        = time.Date(2019, 3, 1, 8, 0, 0, 0, time.UTC)
		textPool    = makeTextPool(rng, 400)
		base64Chunk = makeBase64Chunk(rng, 64<<10)
	)
	people := []Address{
		{"Jane Doe", "jane.doe@acme.example"},
		{"Doe, John", "john@acme.example"},
		{"Zoë Durand", "zoe.durand@client.example"},
		{"", "orders@supplier.example"},
		{"Ana María López", "ana@ventas.example"},
		{"Bob O'Neil", "bob.oneil@client.example"},
		{"Müller GmbH", "info@mueller.example"},
		{"", "support@help.example"},
	}
	subjects := []string{"Quote for 2 pallets", "Re: invoice 2019-114", "Order confirmation", "Réunion de lundi", "Fwd: catalogue", "Ihre Bestellung für März", "meeting notes"}
	for i := 0; i < o.n; i++ {
		if o.maxBytes > 0 && off >= o.maxBytes {
			break
		}
		msg.Reset()
		body.Reset()
		date = date.Add(time.Duration(rng.IntN(7200)+60) * time.Second)
		m := Message{Offset: off, Line: line}
		m.MessageID = fmt.Sprintf("%d.%x@mail.acme.example", i, rng.Uint32())
		m.Date = date.In(zoneLocation((rng.IntN(25) - 12) * 3600))
		from := people[rng.IntN(len(people))]
		m.From = []Address{from}
		for range 1 + rng.IntN(4) {
			m.To = append(m.To, people[rng.IntN(len(people))])
		}
		if rng.IntN(3) == 0 {
			m.Cc = []Address{people[rng.IntN(len(people))]}
		}
		m.Subject = subjects[rng.IntN(len(subjects))]
		if rng.IntN(5) == 0 {
			m.ListID = "news.supplier.example"
			m.Precedence = "bulk"
		}
		if rng.IntN(2) == 0 {
			m.Labels = []string{"Inbox", "Important", "Clients, 2019"}
		}

		fmt.Fprintf(&msg, "From %s %s\n", from.Email, date.UTC().Format("Mon Jan _2 15:04:05 2006"))
		h := func(format string, args ...any) {
			msg.WriteString(strings.ReplaceAll(fmt.Sprintf(format, args...), "\n", eol))
			msg.WriteString(eol)
		}
		h("Return-Path: <%s>", from.Email)
		for j := range 3 + rng.IntN(3) {
			h("Received: from mx%d.relay.example (mx%d.relay.example [192.0.2.%d])\n\tby mail.acme.example (Postfix) with ESMTPS id %X\n\tfor <%s>; %s",
				j, j, rng.IntN(250), rng.Uint64(), m.To[0].Email, date.Format(time.RFC1123Z))
		}
		h("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=acme.example; s=s1;\n\th=from:to:subject:date:message-id; bh=%s;\n\tb=%s\n\t %s",
			base64Chunk[:44], base64Chunk[100:176], base64Chunk[200:276])
		h("X-Spam-Status: No, score=-1.9 required=5.0 tests=BAYES_00,DKIM_SIGNED,\n\tDKIM_VALID,SPF_PASS autolearn=ham version=3.4.2")
		h("From: %s", formatAddress(from))
		h("To: %s", formatList(m.To))
		if m.Cc != nil {
			h("cc: %s", formatList(m.Cc))
		}
		if rng.IntN(2) == 0 {
			h("Subject: %s", mime.QEncoding.Encode("utf-8", m.Subject))
		} else {
			h("Subject: %s", mime.BEncoding.Encode("utf-8", m.Subject))
		}
		h("Date: %s", m.Date.Format(time.RFC1123Z))
		h("Message-ID: <%s>", m.MessageID)
		if m.ListID != "" {
			h("List-Id: Supplier news <%s>", m.ListID)
			h("Precedence: bulk")
		}
		if m.Labels != nil {
			h(`X-Gmail-Labels: Inbox,Important,"Clients, 2019"`)
		}
		h("MIME-Version: 1.0")
		attach := rng.IntN(4) == 0
		if attach {
			h("Content-Type: multipart/mixed; boundary=\"b%d\"", i)
		} else {
			h("Content-Type: text/plain; charset=utf-8")
		}

		size := o.minBody + rng.IntN(o.maxBody-o.minBody+1)
		if attach {
			fmt.Fprintf(&body, "--b%d%sContent-Type: text/plain%s%s", i, eol, eol, eol)
		}
		for body.Len() < size {
			l := textPool[rng.IntN(len(textPool))]
			switch rng.IntN(60) {
			case 0:
				// A body line that starts with "From ", after a blank line.
				body.WriteString(eol)
				if o.format == MboxCL {
					l = "From the desk of the sales team"
				} else {
					l = ">From the desk of the sales team"
				}
			case 1:
				body.WriteString(eol)
			}
			body.WriteString(l)
			body.WriteString(eol)
			if attach && body.Len() > size/3 {
				fmt.Fprintf(&body, "%s--b%d%sContent-Type: application/pdf%sContent-Transfer-Encoding: base64%s%s", eol, i, eol, eol, eol, eol)
				for body.Len() < size {
					k := rng.IntN(len(base64Chunk)/76-1) * 76
					body.WriteString(base64Chunk[k : k+76])
					body.WriteString(eol)
				}
				fmt.Fprintf(&body, "--b%d--%s", i, eol)
			}
		}
		if o.format == MboxCL {
			h("Content-Length: %d", body.Len())
		}
		msg.WriteString(eol)
		msg.Write(body.Bytes())
		msg.WriteString("\n") // the blank line before the next separator
		m.Size = int64(msg.Len())
		off += m.Size
		line += int64(bytes.Count(msg.Bytes(), []byte{'\n'}))
		if _, err := w.Write(msg.Bytes()); err != nil {
			return nil, err
		}
		want = append(want, m)
	}
	return want, nil
}

func formatAddress(a Address) string {
	if a.Name == "" {
		return "<" + a.Email + ">"
	}
	if strings.ContainsAny(a.Name, ",'") {
		return fmt.Sprintf("%q <%s>", a.Name, a.Email)
	}
	return mime.QEncoding.Encode("utf-8", a.Name) + " <" + a.Email + ">"
}

func formatList(l []Address) string {
	s := make([]string, len(l))
	for i, a := range l {
		s[i] = formatAddress(a)
	}
	return strings.Join(s, ",\n\t")
}

// makeTextPool returns lines of words of 20 to 76 bytes.
func makeTextPool(rng *rand.Rand, n int) []string {
	words := strings.Fields("the a order quote price delivery pallet invoice we you please thanks regards week monday " +
		"catalogue sample shipment confirm attached discount net terms payment stock colour size item reference")
	pool := make([]string, n)
	for i := range pool {
		var b strings.Builder
		limit := 20 + rng.IntN(57)
		for b.Len() < limit {
			w := words[rng.IntN(len(words))]
			if b.Len()+len(w)+1 > 76 {
				break
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
		pool[i] = b.String()
	}
	return pool
}

func makeBase64Chunk(rng *rand.Rand, n int) string {
	raw := make([]byte, n*3/4)
	for i := range raw {
		raw[i] = byte(rng.Uint32())
	}
	return base64.StdEncoding.EncodeToString(raw)
}
