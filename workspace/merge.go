package workspace

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"slices"

	"github.com/slcs/slcs"
)

// PackStore is what merging an import's activities needs of a store, all
// within the import's transaction.
type PackStore interface {
	// EachPack calls fn with every stored pack; the pack is valid during
	// the call only.
	EachPack(fn func(account string, pack []byte) error) error
	// ReadPacks calls fn with the stored packs of the accounts given that
	// have one; the pack is valid during the call only.
	ReadPacks(accounts []string, fn func(account string, pack []byte) error) error
	// WritePacks stores packs, replacing those of their accounts; a write
	// of no activities deletes the account's pack. An account that is not
	// in the workspace is an error.
	WritePacks(packs []PackWrite) error
	// AddActivityDays adds to the number of activities of each day.
	AddActivityDays(days map[slcs.Day]int64) error
}

// PackWrite is one account's new pack.
type PackWrite struct {
	Account string
	N       int64  // activities in Data; 0 deletes the pack
	Data    []byte // a pack (see OpenPack)
}

const (
	mergeBuckets    = 128
	mergeMemory     = 64 << 20 // bytes of records held before spilling to files
	mergeIDsMemory  = 16 << 20
	mergeWriteBatch = 8 << 20 // bytes of packs handed to WritePacks at once
)

// ActivityMerger gathers the activities of an import and merges them into
// the stored packs when the import commits: an activity replaces the
// stored one of the same id, in whichever account it was, and when an id
// is put more than once the last put wins. Memory grows with the accounts
// and with a bucket of the records at a time; the rest waits in temporary
// files.
type ActivityMerger struct {
	index map[string]int32
	names []string
	// plain records by account: uvarint account, uvarint length, record
	acts *spill
	// ids by hash: uvarint account<<1 | stored, uvarint length, id
	ids  *spill
	seed maphash.Seed
	puts int64
	rec  []byte
}

// NewActivityMerger returns an empty merger; Close it when done.
func NewActivityMerger() *ActivityMerger {
	return &ActivityMerger{index: map[string]int32{}, acts: newSpill(mergeBuckets, mergeMemory),
		ids: newSpill(mergeBuckets, mergeIDsMemory), seed: maphash.MakeSeed()}
}

// Close removes the merger's temporary files.
func (m *ActivityMerger) Close() {
	m.acts.close()
	m.ids.close()
}

// Puts is the number of activities put.
func (m *ActivityMerger) Puts() int64 { return m.puts }

func (m *ActivityMerger) account(id string) int32 {
	if i, ok := m.index[id]; ok {
		return i
	}
	i := int32(len(m.names))
	m.index[id] = i
	m.names = append(m.names, id)
	return i
}

// Put adds an activity.
func (m *ActivityMerger) Put(a *ActivityRow) error {
	acc := m.account(a.AccountID)
	m.rec = appendPlain(m.rec[:0], a)
	b := int(uint32(acc) % mergeBuckets)
	buf := m.acts.buf(b)
	buf = binary.AppendUvarint(buf, uint64(acc))
	buf = binary.AppendUvarint(buf, uint64(len(m.rec)))
	if err := m.acts.done(b, append(buf, m.rec...)); err != nil {
		return err
	}
	m.puts++
	return m.putID(acc, false, a.ID)
}

func (m *ActivityMerger) putID(acc int32, stored bool, id string) error {
	b := int(maphash.String(m.seed, id) % mergeBuckets)
	v := uint64(acc) << 1
	if stored {
		v |= 1
	}
	buf := m.ids.buf(b)
	buf = binary.AppendUvarint(buf, v)
	buf = binary.AppendUvarint(buf, uint64(len(id)))
	return m.ids.done(b, append(buf, id...))
}

// nextEntry splits the first entry off a bucket: a number and bytes.
func nextEntry(b []byte) (v uint64, data, rest []byte, err error) {
	v, k := binary.Uvarint(b)
	if k <= 0 {
		return 0, nil, nil, fmt.Errorf("workspace: a malformed temporary file of the import")
	}
	n, k2 := binary.Uvarint(b[k:])
	if k2 <= 0 || n > uint64(len(b)-k-k2) {
		return 0, nil, nil, fmt.Errorf("workspace: a malformed temporary file of the import")
	}
	start := k + k2
	return v, b[start : start+int(n)], b[start+int(n):], nil
}

// idState is what the id pass learns of one id of the import.
type idState struct {
	final  int32 // the account of its last put
	puts   int32
	multi  bool // put in more than one account
	stored int32
}

// moves is what the id pass found: the ids to drop from accounts (stored
// there, or put there before a later put in another account), the
// accounts put the same id more than once, and the ids that were stored in
// another account before.
type moves struct {
	drop    map[int32]map[string]struct{}
	general map[int32]bool
	movedIn map[string]struct{}
}

func (mv *moves) dropFrom(acc int32, id string) {
	d := mv.drop[acc]
	if d == nil {
		d = map[string]struct{}{}
		mv.drop[acc] = d
	}
	d[id] = struct{}{}
}

// findMoves reads the id buckets.
func (m *ActivityMerger) findMoves() (*moves, error) {
	mv := &moves{drop: map[int32]map[string]struct{}{}, general: map[int32]bool{}, movedIn: map[string]struct{}{}}
	var data []byte
	state := map[string]idState{}
	var multi []string
	for b := range mergeBuckets {
		var err error
		if data, err = m.ids.load(b, data); err != nil {
			return nil, err
		}
		clear(state)
		multi = multi[:0]
		for rest := data; len(rest) > 0; {
			var v uint64
			var id []byte
			if v, id, rest, err = nextEntry(rest); err != nil {
				return nil, err
			}
			acc := int32(v >> 1)
			s, seen := state[string(id)]
			switch {
			case v&1 == 1: // stored (after every put)
				if seen && s.final != acc {
					mv.dropFrom(acc, string(id))
					mv.movedIn[string(id)] = struct{}{}
				}
			case !seen:
				state[string(id)] = idState{final: acc, puts: 1, stored: -1}
			default:
				s.puts++
				if s.final != acc {
					if !s.multi {
						multi = append(multi, string(id))
					}
					s.multi, s.final = true, acc
				}
				state[string(id)] = s
				mv.general[acc] = true
			}
		}
		if len(multi) == 0 {
			continue
		}
		// an id put in several accounts: every account but the last loses it
		for rest := data; len(rest) > 0; {
			var v uint64
			var id []byte
			if v, id, rest, err = nextEntry(rest); err != nil {
				return nil, err
			}
			if s := state[string(id)]; v&1 == 0 && s.multi && s.final != int32(v>>1) {
				mv.dropFrom(int32(v>>1), string(id))
			}
		}
	}
	return mv, nil
}

// Merge writes the import's activities into the store's packs and says what
// it changed. Records are counted once per id: added (new to the
// workspace), changed (another value, or moved from another account) or
// unchanged.
func (m *ActivityMerger) Merge(ps PackStore) (Counts, error) {
	var c Counts
	if m.puts == 0 {
		return c, nil
	}
	// the stored ids go into the id buckets, after the puts
	hasPack := map[int32]bool{}
	err := ps.EachPack(func(account string, pack []byte) error {
		acc := m.account(account)
		hasPack[acc] = true
		p, err := OpenPack(pack)
		if err != nil {
			return err
		}
		return p.Each(func(r *PackRecord) error {
			return m.putID(acc, true, string(r.ID))
		})
	})
	if err != nil {
		return c, err
	}
	mv, err := m.findMoves()
	if err != nil {
		return c, err
	}
	mg := &merging{m: m, mv: mv, ps: ps, hasPack: hasPack, days: map[slcs.Day]int64{}, counts: &c,
		handled: make([]bool, len(m.names))}
	var data []byte
	for b := range mergeBuckets {
		if data, err = m.acts.load(b, data); err != nil {
			return c, err
		}
		if err := mg.bucket(data); err != nil {
			return c, err
		}
	}
	// accounts that only lose activities to others
	var rest []int32
	for acc := range mv.drop {
		if !mg.handled[acc] && hasPack[acc] {
			rest = append(rest, acc)
		}
	}
	slices.Sort(rest)
	if err := mg.accounts(rest, func(int32) [][]byte { return nil }); err != nil {
		return c, err
	}
	if err := mg.flush(); err != nil {
		return c, err
	}
	return c, ps.AddActivityDays(mg.days)
}

// merging is the state of one Merge.
type merging struct {
	m       *ActivityMerger
	mv      *moves
	ps      PackStore
	hasPack map[int32]bool
	handled []bool
	days    map[slcs.Day]int64
	counts  *Counts
	writes  []PackWrite
	size    int
	builder packBuilder
	// per bucket
	order  []int32
	groups map[int32][][]byte
}

// bucket merges the records of one bucket, account by account.
func (mg *merging) bucket(data []byte) error {
	if mg.groups == nil {
		mg.groups = map[int32][][]byte{}
	}
	clear(mg.groups)
	mg.order = mg.order[:0]
	for rest := data; len(rest) > 0; {
		v, rec, r, err := nextEntry(rest)
		if err != nil {
			return err
		}
		rest = r
		acc := int32(v)
		g, ok := mg.groups[acc]
		if !ok {
			mg.order = append(mg.order, acc)
		}
		mg.groups[acc] = append(g, rec)
	}
	return mg.accounts(mg.order, func(acc int32) [][]byte { return mg.groups[acc] })
}

// accounts merges the records of the accounts given with their stored
// packs.
func (mg *merging) accounts(list []int32, records func(int32) [][]byte) error {
	stored := map[int32][]byte{}
	var names []string
	for _, acc := range list {
		if mg.hasPack[acc] {
			names = append(names, mg.m.names[acc])
		}
	}
	if len(names) > 0 {
		err := mg.ps.ReadPacks(names, func(account string, pack []byte) error {
			stored[mg.m.index[account]] = bytes.Clone(pack)
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, acc := range list {
		mg.handled[acc] = true
		w, write, err := mg.account(acc, records(acc), stored[acc])
		if err != nil {
			return err
		}
		if write {
			mg.writes = append(mg.writes, w)
			if mg.size += len(w.Data); mg.size >= mergeWriteBatch {
				if err := mg.flush(); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (mg *merging) flush() error {
	if len(mg.writes) == 0 {
		return nil
	}
	err := mg.ps.WritePacks(mg.writes)
	clear(mg.writes)
	mg.writes, mg.size = mg.writes[:0], 0
	return err
}

// packEntry is one activity of an account being merged.
type packEntry struct {
	old, cur []byte // stored and new record; nil: none
	touched  bool   // put by the import
}

func recordDay(rec []byte) (slcs.Day, []byte, error) {
	var r plain
	if _, err := decodePlain(rec, &r); err != nil {
		return 0, nil, err
	}
	return r.day, r.id, nil
}

// arrived counts a record new to its account: added, or changed when it
// moved from another.
func (mg *merging) arrived(rec []byte, movedIn func(id []byte) bool) error {
	day, id, err := recordDay(rec)
	if err != nil {
		return err
	}
	mg.days[day]++
	if movedIn(id) {
		mg.counts.Changed++
	} else {
		mg.counts.Added++
	}
	return nil
}

// account merges one account's records with its stored pack and says
// whether the pack must be written.
func (mg *merging) account(acc int32, recs [][]byte, stored []byte) (PackWrite, bool, error) {
	name := mg.m.names[acc]
	drop := mg.mv.drop[acc]
	movedIn := func(id []byte) bool {
		if len(mg.mv.movedIn) == 0 {
			return false
		}
		_, ok := mg.mv.movedIn[string(id)]
		return ok
	}
	pb := &mg.builder
	pb.reset()
	if stored == nil && drop == nil && !mg.mv.general[acc] {
		// every record is new to the account, and put once
		for _, r := range recs {
			if err := mg.arrived(r, movedIn); err != nil {
				return PackWrite{}, false, err
			}
			if err := pb.add(r); err != nil {
				return PackWrite{}, false, err
			}
		}
		return PackWrite{Account: name, N: pb.n, Data: pb.finish()}, true, nil
	}

	var entries []packEntry
	pos := map[string]int{}
	if len(stored) > 0 {
		err := eachPlain(stored, func(rec []byte, r *PackRecord) error {
			rec = bytes.Clone(rec)
			pos[string(r.ID)] = len(entries)
			entries = append(entries, packEntry{old: rec, cur: rec})
			return nil
		})
		if err != nil {
			return PackWrite{}, false, err
		}
	}
	for id := range drop {
		if i, ok := pos[id]; ok {
			entries[i].cur = nil
		}
	}
	for _, rec := range recs {
		_, id, err := recordDay(rec)
		if err != nil {
			return PackWrite{}, false, err
		}
		if _, ok := drop[string(id)]; ok {
			continue
		}
		if i, ok := pos[string(id)]; ok {
			entries[i].cur, entries[i].touched = rec, true
			continue
		}
		pos[string(id)] = len(entries)
		entries = append(entries, packEntry{cur: rec, touched: true})
	}
	write := false
	for i := range entries {
		e := &entries[i]
		switch {
		case e.old == nil: // new to the account
			if err := mg.arrived(e.cur, movedIn); err != nil {
				return PackWrite{}, false, err
			}
			write = true
		case e.cur == nil: // gone to another account
			day, _, err := recordDay(e.old)
			if err != nil {
				return PackWrite{}, false, err
			}
			mg.days[day]--
			write = true
		case !e.touched:
		case bytes.Equal(e.old, e.cur):
			mg.counts.Unchanged++
		default:
			oldDay, _, err := recordDay(e.old)
			if err != nil {
				return PackWrite{}, false, err
			}
			day, _, err := recordDay(e.cur)
			if err != nil {
				return PackWrite{}, false, err
			}
			mg.days[oldDay]--
			mg.days[day]++
			mg.counts.Changed++
			write = true
		}
	}
	if !write {
		return PackWrite{}, false, nil
	}
	for _, e := range entries {
		if e.cur != nil {
			if err := pb.add(e.cur); err != nil {
				return PackWrite{}, false, err
			}
		}
	}
	if pb.n == 0 {
		return PackWrite{Account: name}, true, nil
	}
	return PackWrite{Account: name, N: pb.n, Data: pb.finish()}, true, nil
}
