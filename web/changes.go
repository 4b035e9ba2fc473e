package web

import (
	"net/http"
	"strconv"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/auth"
	"github.com/slcs/slcs/movement"
	"github.com/slcs/slcs/workspace"
)

type changesData struct {
	From, To  int64
	Snapshots []workspace.SnapshotInfo
	C         *movement.Changes
	Segments  [4]slcs.Segment
	Kinds     [4]movement.AlertKind
	Error     string
}

// changes compares two snapshots: by default the last two.
func (s *Server) changes(w http.ResponseWriter, r *http.Request) {
	s.withView(w, r, func(v *view) {
		d := &changesData{Snapshots: v.infos, Segments: slcs.Segments, Kinds: movement.AlertKinds}
		n := len(v.infos)
		d.To = v.infos[n-1].ID
		if n > 1 {
			d.From = v.infos[n-2].ID
		}
		q := r.URL.Query()
		known := map[int64]bool{}
		for _, in := range v.infos {
			known[in.ID] = true
		}
		for _, p := range []struct {
			key string
			dst *int64
		}{{"from", &d.From}, {"to", &d.To}} {
			if t := q.Get(p.key); t != "" {
				id, err := strconv.ParseInt(t, 10, 64)
				if err != nil || !known[id] {
					d.Error = "There is no snapshot " + t + "."
					break
				}
				*p.dst = id
			}
		}
		if d.Error == "" && d.From == 0 {
			d.Error = "There is only one snapshot: classify again to see what changes."
		}
		if d.Error == "" && d.From >= d.To {
			d.Error = "Choose an older snapshot to compare from."
		}
		if d.Error == "" {
			from, err := s.store.Snapshot(r.Context(), d.From)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			to := v.snap
			if d.To != v.snap.ID {
				if to, err = s.store.Snapshot(r.Context(), d.To); err != nil {
					s.fail(w, r, err)
					return
				}
			}
			d.C = movement.Compare(scoped(from, principal(r)), scoped(to, principal(r)))
		}
		s.render(w, r, http.StatusOK, "changes.html", &page{Title: "Changes", Nav: "changes", View: v, Data: d})
	})
}

// scoped is the snapshot restricted to the accounts a principal sees.
func scoped(s *workspace.Snapshot, p auth.Principal) *workspace.Snapshot {
	if p.SeesAll() {
		return s
	}
	out := *s
	out.Accounts = nil
	out.Segments = [4]int{}
	for _, a := range s.Accounts {
		if p.SeesAccount(a.Owner) {
			out.Accounts = append(out.Accounts, a)
			out.Segments[a.Segment]++
		}
	}
	out.SnapshotInfo.Accounts = len(out.Accounts)
	return &out
}
