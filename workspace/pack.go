package workspace

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/slcs/slcs"
)

// A pack holds the activities of one account, encoded one after the other,
// and is stored as one value. Reading a workspace's ten million activities
// is then reading a hundred thousand values and decoding them, which is
// many times faster than fetching ten million rows through a database
// driver; one account's activities (its timeline) are one read.
//
// A pack is a version byte (packVersion), the people of its activities
// (each once), then the activities:
//
//	uvarint count        people
//	  uvarint len        email (or name), trimmed and lower-cased
//	  bytes
//	activities, to the end:
//	  uvarint len(id)    id
//	  varint  day        days since 1970-01-01
//	  byte    flags      type (bits 0-1), inbound (bit 2), minutes given (bit 3)
//	  varint  minutes    millionths of a minute, only when given
//	  uvarint count      our people, then each as its index among the people
//	  uvarint count      their people, the same way
//
// Most accounts deal with a handful of people, so the people list makes a
// pack about a quarter of the activities' size in a file.
const packVersion = 1

const (
	flagInbound = 1 << 2
	flagMinutes = 1 << 3
)

// ErrBadPack is wrapped by errors about a pack that cannot be decoded.
var ErrBadPack = errors.New("workspace: a malformed activity pack")

// PackRecord is one decoded activity of a pack.
type PackRecord struct {
	ID      []byte // points into the pack
	Day     slcs.Day
	Type    slcs.ActivityType
	Inbound bool
	Minutes int64   // -1: not given
	Ours    []int32 // indexes among the pack's people
	Theirs  []int32
}

// Pack is a decoded pack.
type Pack struct {
	People [][]byte // point into the pack
	recs   []byte
}

// OpenPack decodes the header of a pack.
func OpenPack(pack []byte) (*Pack, error) {
	p := &Pack{}
	if len(pack) == 0 {
		return p, nil
	}
	if pack[0] != packVersion {
		return nil, fmt.Errorf("%w (version %d)", ErrBadPack, pack[0])
	}
	b := pack[1:]
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, ErrBadPack
	}
	b = b[k:]
	p.People = make([][]byte, n)
	for i := range p.People {
		l, k := binary.Uvarint(b)
		if k <= 0 || l > uint64(len(b)-k) {
			return nil, ErrBadPack
		}
		p.People[i] = b[k : k+int(l) : k+int(l)]
		b = b[k+int(l):]
	}
	p.recs = b
	return p, nil
}

// Each calls fn with every activity of the pack, in the pack's order. The
// record and its slices are valid during the call only.
func (p *Pack) Each(fn func(*PackRecord) error) error {
	var r PackRecord
	for b := p.recs; len(b) > 0; {
		n, err := p.decode(b, &r)
		if err != nil {
			return err
		}
		if err := fn(&r); err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

// decode decodes the record at the start of b and says how long it is.
func (p *Pack) decode(b []byte, r *PackRecord) (int, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return 0, ErrBadPack
	}
	i := k + int(n)
	r.ID = b[k:i:i]
	d, k := binary.Varint(b[i:])
	if k <= 0 || d < math.MinInt32 || d > math.MaxInt32 || i+k >= len(b) {
		return 0, ErrBadPack
	}
	i += k
	r.Day = slcs.Day(d)
	flags := b[i]
	i++
	r.Type, r.Inbound, r.Minutes = slcs.ActivityType(flags&3), flags&flagInbound != 0, -1
	if flags&flagMinutes != 0 {
		m, k := binary.Varint(b[i:])
		if k <= 0 || m < 0 {
			return 0, ErrBadPack
		}
		i += k
		r.Minutes = m
	}
	var ok bool
	if r.Ours, i, ok = p.indexes(b, i, r.Ours[:0]); !ok {
		return 0, ErrBadPack
	}
	if r.Theirs, i, ok = p.indexes(b, i, r.Theirs[:0]); !ok {
		return 0, ErrBadPack
	}
	return i, nil
}

func (p *Pack) indexes(b []byte, i int, dst []int32) ([]int32, int, bool) {
	n, k := binary.Uvarint(b[i:])
	if k <= 0 || n > uint64(len(b)-i) {
		return nil, 0, false
	}
	i += k
	for range n {
		v, k := binary.Uvarint(b[i:])
		if k <= 0 || v >= uint64(len(p.People)) {
			return nil, 0, false
		}
		i += k
		dst = append(dst, int32(v))
	}
	return dst, i, true
}

// appendJoined appends people, joined by ';'.
func (p *Pack) appendJoined(dst []byte, people []int32) []byte {
	for j, x := range people {
		if j > 0 {
			dst = append(dst, ';')
		}
		dst = append(dst, p.People[x]...)
	}
	return dst
}

// EachActivity calls fn with the activities of the packs that eachPack
// gives which are dated from..to (inclusive), as ActivityRows of their own.
// It is the simple way to read packs; Classify decodes them itself.
func EachActivity(eachPack func(fn func(account string, pack []byte) error) error, from, to slcs.Day, fn func(*ActivityRow) error) error {
	var buf []byte
	return eachPack(func(account string, data []byte) error {
		p, err := OpenPack(data)
		if err != nil {
			return err
		}
		return p.Each(func(r *PackRecord) error {
			if r.Day < from || r.Day > to {
				return nil
			}
			a := ActivityRow{ID: string(r.ID), AccountID: account, Day: r.Day, Type: r.Type, Inbound: r.Inbound, Minutes: r.Minutes}
			buf = p.appendJoined(buf[:0], r.Ours)
			a.OurPeople = string(buf)
			buf = p.appendJoined(buf[:0], r.Theirs)
			a.TheirPeople = string(buf)
			return fn(&a)
		})
	})
}

// The merge of an import works on plain records, in which the people are
// the texts as stored (';'-joined): the bytes of two plain records are equal
// when their values are.
//
//	uvarint len(id), id, varint day, byte flags, [varint minutes],
//	uvarint len(ours), ours, uvarint len(theirs), theirs

// appendPlain appends the plain record of an activity (its account aside).
func appendPlain(dst []byte, a *ActivityRow) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(a.ID)))
	dst = append(dst, a.ID...)
	return appendPlainRest(dst, a.Day, a.Type, a.Inbound, a.Minutes, a.OurPeople, a.TheirPeople)
}

func appendPlainRest[S string | []byte](dst []byte, day slcs.Day, t slcs.ActivityType, inbound bool, minutes int64, ours, theirs S) []byte {
	dst = binary.AppendVarint(dst, int64(day))
	flags := byte(t) & 3
	if inbound {
		flags |= flagInbound
	}
	if minutes >= 0 {
		flags |= flagMinutes
	}
	dst = append(dst, flags)
	if minutes >= 0 {
		dst = binary.AppendVarint(dst, minutes)
	}
	dst = binary.AppendUvarint(dst, uint64(len(ours)))
	dst = append(dst, ours...)
	dst = binary.AppendUvarint(dst, uint64(len(theirs)))
	dst = append(dst, theirs...)
	return dst
}

// plain is a decoded plain record.
type plain struct {
	id, ours, theirs []byte
	day              slcs.Day
	flags            byte
	minutes          int64
}

// decodePlain decodes the plain record at the start of b and says how long
// it is.
func decodePlain(b []byte, r *plain) (int, error) {
	i := 0
	field := func() ([]byte, bool) {
		n, k := binary.Uvarint(b[i:])
		if k <= 0 || n > uint64(len(b)-i-k) {
			return nil, false
		}
		i += k
		v := b[i : i+int(n) : i+int(n)]
		i += int(n)
		return v, true
	}
	var ok bool
	if r.id, ok = field(); !ok {
		return 0, ErrBadPack
	}
	d, k := binary.Varint(b[i:])
	if k <= 0 || i+k >= len(b) {
		return 0, ErrBadPack
	}
	i += k
	r.day = slcs.Day(d)
	r.flags = b[i]
	i++
	r.minutes = -1
	if r.flags&flagMinutes != 0 {
		if r.minutes, k = binary.Varint(b[i:]); k <= 0 {
			return 0, ErrBadPack
		}
		i += k
	}
	if r.ours, ok = field(); !ok {
		return 0, ErrBadPack
	}
	if r.theirs, ok = field(); !ok {
		return 0, ErrBadPack
	}
	return i, nil
}

// packBuilder makes a pack of plain records.
type packBuilder struct {
	index  map[string]int32
	people [][]byte
	recs   []byte
	n      int64
	r      plain
}

func (pb *packBuilder) reset() {
	if pb.index == nil {
		pb.index = map[string]int32{}
	}
	clear(pb.index)
	pb.people, pb.recs, pb.n = pb.people[:0], pb.recs[:0], 0
}

func (pb *packBuilder) person(p []byte) int32 {
	if i, ok := pb.index[string(p)]; ok {
		return i
	}
	i := int32(len(pb.people))
	pb.index[string(p)] = i
	pb.people = append(pb.people, p)
	return i
}

func (pb *packBuilder) appendPeople(cell []byte) {
	n := 0
	for c := cell; len(c) > 0; {
		item, rest, _ := bytes.Cut(c, []byte{';'})
		if len(item) > 0 {
			n++
		}
		c = rest
	}
	pb.recs = binary.AppendUvarint(pb.recs, uint64(n))
	for c := cell; len(c) > 0; {
		item, rest, _ := bytes.Cut(c, []byte{';'})
		if len(item) > 0 {
			pb.recs = binary.AppendUvarint(pb.recs, uint64(pb.person(item)))
		}
		c = rest
	}
}

// add adds a plain record; its bytes must stay valid until finish.
func (pb *packBuilder) add(rec []byte) error {
	r := &pb.r
	if _, err := decodePlain(rec, r); err != nil {
		return err
	}
	pb.recs = binary.AppendUvarint(pb.recs, uint64(len(r.id)))
	pb.recs = append(pb.recs, r.id...)
	pb.recs = binary.AppendVarint(pb.recs, int64(r.day))
	pb.recs = append(pb.recs, r.flags)
	if r.flags&flagMinutes != 0 {
		pb.recs = binary.AppendVarint(pb.recs, r.minutes)
	}
	pb.appendPeople(r.ours)
	pb.appendPeople(r.theirs)
	pb.n++
	return nil
}

// finish returns the pack.
func (pb *packBuilder) finish() []byte {
	size := 1 + binary.MaxVarintLen64 + len(pb.recs)
	for _, p := range pb.people {
		size += binary.MaxVarintLen64 + len(p)
	}
	out := make([]byte, 1, size)
	out[0] = packVersion
	out = binary.AppendUvarint(out, uint64(len(pb.people)))
	for _, p := range pb.people {
		out = binary.AppendUvarint(out, uint64(len(p)))
		out = append(out, p...)
	}
	return append(out, pb.recs...)
}

// eachPlain calls fn with the plain record of every activity of a stored
// pack; the record is valid during the call only.
func eachPlain(data []byte, fn func(rec []byte, r *PackRecord) error) error {
	p, err := OpenPack(data)
	if err != nil {
		return err
	}
	var rec, ours, theirs []byte
	return p.Each(func(r *PackRecord) error {
		ours = p.appendJoined(ours[:0], r.Ours)
		theirs = p.appendJoined(theirs[:0], r.Theirs)
		rec = binary.AppendUvarint(rec[:0], uint64(len(r.ID)))
		rec = append(rec, r.ID...)
		rec = appendPlainRest(rec, r.Day, r.Type, r.Inbound, r.Minutes, ours, theirs)
		return fn(rec, r)
	})
}
