package web

import (
	"bytes"
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/auth"
	"github.com/slcs/slcs/model"
	"github.com/slcs/slcs/movement"
	"github.com/slcs/slcs/portfolio"
	"github.com/slcs/slcs/report"
	"github.com/slcs/slcs/workspace"
)

// openAPIDocument describes the REST API; docs/api.md is its guide.
//
//go:embed openapi.json
var openAPIDocument []byte

// Limits of the API.
const (
	// apiBodyLimit is the largest JSON request body.
	apiBodyLimit = 1 << 20
	// The accounts of one page of GET /api/v1/accounts: by default and at
	// most.
	apiPageDefault = 100
	apiPageMax     = 1000
	// The entries of one page of GET /api/v1/audit: by default and at most.
	apiAuditDefault = 100
	apiAuditMax     = 1000
	// maxImportJobs is how many imports the server remembers; beyond it,
	// the oldest finished one is forgotten.
	maxImportJobs = 100
)

// api serves the REST API under /api/v1. It answers with the same
// authorization as the pages: every account list, count and page is
// limited to the accounts the principal sees.
type api struct {
	s    *Server
	jobs *importJobs
}

func (s *Server) routesAPI() {
	a := &api{s: s, jobs: &importJobs{max: maxImportJobs, byID: map[string]*importJob{}}}
	m := s.mux
	m.HandleFunc("GET /api/v1/openapi.json", a.openAPI)
	m.HandleFunc("GET /api/v1/accounts", a.accounts)
	m.HandleFunc("GET /api/v1/accounts/{id}", a.account)
	m.HandleFunc("POST /api/v1/accounts/{id}/override", a.setOverride)
	m.HandleFunc("DELETE /api/v1/accounts/{id}/override", a.liftOverride)
	m.HandleFunc("GET /api/v1/segments", a.segments)
	m.HandleFunc("GET /api/v1/sellers", a.sellers)
	m.HandleFunc("GET /api/v1/snapshots", a.snapshots)
	m.HandleFunc("GET /api/v1/snapshots/{id}", a.snapshot)
	m.HandleFunc("GET /api/v1/changes", a.changes)
	m.HandleFunc("POST /api/v1/imports", a.startImport)
	m.HandleFunc("GET /api/v1/imports/{id}", a.importStatus)
	m.HandleFunc("POST /api/v1/classifications", a.classify)
	m.HandleFunc("GET /api/v1/settings", a.getSettings)
	m.HandleFunc("PUT /api/v1/settings", a.putSettings)
	m.HandleFunc("GET /api/v1/audit", a.audit)
	m.HandleFunc("/api/", a.unknown)
}

func (a *api) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(openAPIDocument)
}

// unknown answers a path of the API that no endpoint serves, or a method
// that the endpoint of the path does not take.
func (a *api) unknown(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		r2 := r.Clone(r.Context())
		r2.Method = m
		if _, pattern := a.s.mux.Handler(r2); pattern != "" && pattern != "/api/" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		apiError(w, http.StatusMethodNotAllowed, "method_not_allowed", r.URL.Path+" takes "+strings.Join(allowed, ", "))
		return
	}
	apiError(w, http.StatusNotFound, "not_found", "no endpoint "+r.URL.Path+": see /api/v1/openapi.json")
}

// fail answers an unexpected error: logged in full, told plainly.
func (a *api) fail(w http.ResponseWriter, r *http.Request, err error) {
	a.s.o.Logger.Error("api", "method", r.Method, "path", r.URL.Path, "error", err)
	apiError(w, http.StatusInternalServerError, "internal", "something went wrong on the server; its log has the details")
}

func invalid(w http.ResponseWriter, msg string) {
	apiError(w, http.StatusUnprocessableEntity, "invalid", msg)
}

// withView runs fn with the latest snapshot, for a principal who may see
// the portfolio; or answers why not.
func (a *api) withView(w http.ResponseWriter, r *http.Request, fn func(*view, auth.Principal)) {
	p := principal(r)
	if !p.Can(auth.ActViewPortfolio) {
		a.s.forbidden(w, r)
		return
	}
	v, err := a.s.latest(r.Context())
	if errors.Is(err, errNoSnapshot) {
		apiError(w, http.StatusConflict, "no_snapshot", "the workspace has not been classified: import a portfolio, then classify it")
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	fn(v, p)
}

// ---- the JSON shapes (those of report's JSON document where they fit)

type apiSnapshot struct {
	ID        int64  `json:"id"`
	CreatedAt string `json:"created_at,omitempty"`
	CreatedBy string `json:"created_by"`
	AsOf      string `json:"as_of"`
	Stable    bool   `json:"stable"`
	// the accounts the principal sees, in all and by segment
	Accounts *int           `json:"accounts,omitempty"`
	Segments map[string]int `json:"segments,omitempty"`
	Settings *slcs.Settings `json:"settings,omitempty"`
}

// snapshotRef is a snapshot without its counts.
func snapshotRef(in workspace.SnapshotInfo) apiSnapshot {
	j := apiSnapshot{ID: in.ID, CreatedBy: in.CreatedBy, AsOf: in.AsOf.String(), Stable: in.Stable}
	if !in.CreatedAt.IsZero() {
		j.CreatedAt = in.CreatedAt.UTC().Format(time.RFC3339)
	}
	return j
}

// snapshotCounts is a snapshot with its counts.
func snapshotCounts(in workspace.SnapshotInfo) apiSnapshot {
	j := snapshotRef(in)
	n := in.Accounts
	j.Accounts = &n
	j.Segments = map[string]int{}
	for _, sg := range slcs.Segments {
		j.Segments[sg.ID()] = in.Segments[sg]
	}
	return j
}

// scopedInfo is a snapshot's description with the counts of the accounts a
// principal sees.
func scopedInfo(snap *workspace.Snapshot, p auth.Principal) workspace.SnapshotInfo {
	return scoped(snap, p).SnapshotInfo
}

type apiAccount struct {
	AccountID        string      `json:"account_id"`
	Name             string      `json:"name"`
	Owner            string      `json:"owner"`
	Seller           string      `json:"seller"`
	Industry         string      `json:"industry"`
	Segment          string      `json:"segment"`
	ComputedSegment  string      `json:"computed_segment"`
	Overridden       bool        `json:"overridden"`
	Engagement       json.Number `json:"engagement"`
	Potential        json.Number `json:"potential"`
	PotentialValue   json.Number `json:"potential_value"`
	Revenue12m       json.Number `json:"revenue_12m"`
	RecommendedHours json.Number `json:"recommended_hours"`
	Activities       int64       `json:"activities"`
	LastActivity     string      `json:"last_activity,omitempty"`
}

type apiAccountDetail struct {
	apiAccount
	Explanation report.Explanation      `json:"explanation"`
	ISOs        []report.ISOExplanation `json:"isos"`
	Override    *apiOverride            `json:"override,omitempty"`
	History     []apiHistoryPoint       `json:"history"`
}

type apiHistoryPoint struct {
	Snapshot         apiSnapshot `json:"snapshot"`
	Segment          string      `json:"segment"`
	ComputedSegment  string      `json:"computed_segment"`
	Overridden       bool        `json:"overridden"`
	Engagement       json.Number `json:"engagement"`
	Potential        json.Number `json:"potential"`
	PotentialValue   json.Number `json:"potential_value"`
	Revenue12m       json.Number `json:"revenue_12m"`
	RecommendedHours json.Number `json:"recommended_hours"`
}

type apiOverride struct {
	AccountID string `json:"account_id"`
	Segment   string `json:"segment"`
	Reason    string `json:"reason"`
	By        string `json:"by"`
	At        string `json:"at"`
	Until     string `json:"until,omitempty"`
}

func overrideJSON(o workspace.Override) *apiOverride {
	j := &apiOverride{AccountID: o.AccountID, Segment: o.Segment.ID(), Reason: o.Reason, By: o.By,
		At: o.At.UTC().Format(time.RFC3339)}
	if o.HasUntil {
		j.Until = o.Until.String()
	}
	return j
}

type apiSegment struct {
	Segment        string      `json:"segment"`
	Name           string      `json:"name"`
	Accounts       int         `json:"accounts"`
	Revenue12m     json.Number `json:"revenue_12m"`
	PotentialValue json.Number `json:"potential_value"`
}

type apiTotals struct {
	Accounts       int         `json:"accounts"`
	Revenue12m     json.Number `json:"revenue_12m"`
	PotentialValue json.Number `json:"potential_value"`
}

// Numbers as the JSON report prints them.
func jsonCents(v int64) json.Number  { return json.Number(report.Fixed(v, 2)) }
func jsonMicros(v int64) json.Number { return json.Number(report.Fixed(report.RoundDiv(v, 10_000), 2)) }

func accountJSON(a *workspace.SnapshotAccount) apiAccount {
	j := apiAccount{
		AccountID: a.AccountID, Name: a.Name, Owner: a.Owner, Seller: strings.ToLower(strings.TrimSpace(a.Owner)),
		Industry: a.Industry, Segment: a.Segment.ID(), ComputedSegment: a.Computed.ID(), Overridden: a.Overridden,
		Engagement: jsonCents(a.Engagement), Potential: jsonCents(a.Potential),
		PotentialValue: jsonCents(a.PotentialValue), Revenue12m: jsonMicros(a.Revenue12m),
		RecommendedHours: jsonCents(a.RecommendedHours), Activities: a.Activities,
	}
	if a.HasActivity {
		j.LastActivity = a.LastActivity.String()
	}
	return j
}

func accountDetailJSON(a *workspace.SnapshotAccount, ar *model.AccountResult, st slcs.Settings) *apiAccountDetail {
	d := &apiAccountDetail{apiAccount: accountJSON(a), History: []apiHistoryPoint{}}
	d.Explanation, d.ISOs = report.Explain(ar, st)
	return d
}

// ---- accounts

type apiAccountPage struct {
	Snapshot   apiSnapshot  `json:"snapshot"`
	Total      int          `json:"total"`
	Items      []apiAccount `json:"items"`
	NextCursor string       `json:"next_cursor,omitempty"`
}

// apiFilter reads the filters of the account list as the portfolio page
// does, but refuses values that the page would pass over.
func apiFilter(q url.Values, sorting bool) (filter, string) {
	f := parseFilter(q)
	if seg := q.Get("segment"); seg != "" {
		if _, ok := segmentByID(seg); !ok {
			return f, "unknown segment " + strconv.Quote(seg) + ": use key, maintenance, growth_potential or service"
		}
	}
	if !sorting {
		return f, ""
	}
	if s := q.Get("sort"); s != "" {
		if _, ok := sortKeys[s]; !ok {
			return f, "unknown sort " + strconv.Quote(s) +
				": use name, seller, industry, segment, engagement, potential, potential_value, revenue or hours"
		}
	}
	if d := q.Get("dir"); d != "" && d != "asc" && d != "desc" {
		return f, "dir is asc or desc, not " + strconv.Quote(d)
	}
	return f, ""
}

// intParam reads a whole-number query parameter from lo to hi; def when it
// is absent.
func intParam(q url.Values, key string, def, lo, hi int64) (int64, string) {
	t := q.Get(key)
	if t == "" {
		return def, ""
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Sprintf("%s must be a whole number from %d to %d, not %q", key, lo, hi, t)
	}
	return n, ""
}

// A cursor is the position of the next account in the sorted list and the
// snapshot listed: base64url of "SNAPSHOT:POSITION". The list of another
// snapshot is another list, so a cursor holds for its snapshot only.
func encodeCursor(snapshot int64, pos int) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%d:%d", snapshot, pos))
}

func decodeCursor(c string) (snapshot int64, pos int, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, 0, false
	}
	s, p, found := strings.Cut(string(b), ":")
	if !found {
		return 0, 0, false
	}
	snapshot, err1 := strconv.ParseInt(s, 10, 64)
	pos, err2 := strconv.Atoi(p)
	if err1 != nil || err2 != nil || snapshot < 1 || pos < 0 {
		return 0, 0, false
	}
	return snapshot, pos, true
}

func (a *api) accounts(w http.ResponseWriter, r *http.Request) {
	a.withView(w, r, func(v *view, p auth.Principal) {
		q := r.URL.Query()
		f, msg := apiFilter(q, true)
		limit, msg2 := intParam(q, "limit", apiPageDefault, 1, apiPageMax)
		if msg == "" {
			msg = msg2
		}
		if msg != "" {
			invalid(w, msg)
			return
		}
		idx := v.apply(f, p)
		start := 0
		if c := q.Get("cursor"); c != "" {
			snap, pos, ok := decodeCursor(c)
			if !ok {
				apiError(w, http.StatusBadRequest, "bad_request", "the cursor is not one this API gave: start again without it")
				return
			}
			if snap != v.snap.ID {
				apiError(w, http.StatusConflict, "snapshot_changed", fmt.Sprintf(
					"the cursor pages snapshot %d, and the latest is now %d: start again without it", snap, v.snap.ID))
				return
			}
			start = min(pos, len(idx))
		}
		end := start + min(int(limit), len(idx)-start)
		page := apiAccountPage{Snapshot: snapshotCounts(scopedInfo(v.snap, p)), Total: len(idx),
			Items: make([]apiAccount, 0, end-start)}
		for _, i := range idx[start:end] {
			page.Items = append(page.Items, accountJSON(&v.snap.Accounts[i]))
		}
		if end < len(idx) {
			page.NextCursor = encodeCursor(v.snap.ID, end)
		}
		writeJSON(w, http.StatusOK, page)
	})
}

func (a *api) account(w http.ResponseWriter, r *http.Request) {
	a.withView(w, r, func(v *view, p auth.Principal) {
		id := r.PathValue("id")
		i, ok := v.account(id, p)
		if !ok {
			apiError(w, http.StatusNotFound, "not_found", "no account "+id+" in the latest classification")
			return
		}
		acc := &v.snap.Accounts[i]
		d := accountDetailJSON(acc, &v.result.Accounts[i], v.snap.Settings)
		ctx := r.Context()
		hist, err := a.s.store.History(ctx, acc.AccountID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		for _, h := range hist {
			x := &h.Account
			d.History = append(d.History, apiHistoryPoint{Snapshot: snapshotRef(h.Snapshot), Segment: x.Segment.ID(),
				ComputedSegment: x.Computed.ID(), Overridden: x.Overridden, Engagement: jsonCents(x.Engagement),
				Potential: jsonCents(x.Potential), PotentialValue: jsonCents(x.PotentialValue),
				Revenue12m: jsonMicros(x.Revenue12m), RecommendedHours: jsonCents(x.RecommendedHours)})
		}
		o, err := a.overrideInForce(ctx, acc.AccountID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if o != nil {
			d.Override = overrideJSON(*o)
		}
		writeJSON(w, http.StatusOK, d)
	})
}

// overrideInForce is the override of an account in force today, or nil.
func (a *api) overrideInForce(ctx context.Context, id string) (*workspace.Override, error) {
	all, err := a.s.store.Overrides(ctx)
	if err != nil {
		return nil, err
	}
	today := slcs.DayOf(a.s.o.Now())
	var in *workspace.Override
	for k := range all {
		if all[k].AccountID == id && all[k].Active(today) {
			in = &all[k]
		}
	}
	return in, nil
}

// ---- overrides

type apiOverrideRequest struct {
	Segment string `json:"segment"`
	Reason  string `json:"reason"`
	Until   string `json:"until"`
}

// decodeBody reads a JSON request body of at most apiBodyLimit bytes into
// dst, refusing fields dst does not have; false when it answered.
func decodeBody(w http.ResponseWriter, r *http.Request, dst any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, apiBodyLimit))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil && dec.Decode(&struct{}{}) != io.EOF {
		err = errors.New("the body holds more than one JSON value")
	}
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		apiError(w, http.StatusRequestEntityTooLarge, "payload_too_large", fmt.Sprintf("the body is larger than %d bytes", apiBodyLimit))
		return false
	case errors.Is(err, io.EOF):
		apiError(w, http.StatusBadRequest, "bad_request", "the request needs a JSON body")
		return false
	case err != nil:
		apiError(w, http.StatusBadRequest, "bad_request", "the body is not the JSON document expected: "+err.Error())
		return false
	}
	return true
}

// visibleForOverride finds an account the principal sees and may pin, or
// answers why not.
func (a *api) visibleForOverride(w http.ResponseWriter, r *http.Request, v *view, p auth.Principal) (string, bool) {
	id := r.PathValue("id")
	i, ok := v.account(id, p)
	if !ok {
		apiError(w, http.StatusNotFound, "not_found", "no account "+id+" in the latest classification")
		return "", false
	}
	if !p.MayOverride(v.snap.Accounts[i].Owner) {
		a.s.forbidden(w, r)
		return "", false
	}
	return id, true
}

// setOverride pins an account's segment, with the rules and words of the
// form on the account page.
func (a *api) setOverride(w http.ResponseWriter, r *http.Request) {
	a.withView(w, r, func(v *view, p auth.Principal) {
		id, ok := a.visibleForOverride(w, r, v, p)
		if !ok {
			return
		}
		var req apiOverrideRequest
		if !decodeBody(w, r, &req) {
			return
		}
		reason, until := strings.TrimSpace(req.Reason), strings.TrimSpace(req.Until)
		o := workspace.Override{AccountID: id, Reason: reason, By: a.s.user(r), At: a.s.o.Now()}
		seg, okSeg := segmentByID(req.Segment)
		switch {
		case !okSeg:
			invalid(w, "Choose the segment to pin the account to.")
			return
		case reason == "":
			invalid(w, "Say why: the reason is kept with the override and shown in every report.")
			return
		case len(reason) > overrideReasonSz:
			invalid(w, "The reason is too long: keep it under 500 characters.")
			return
		}
		o.Segment = seg
		if until != "" {
			t, err := time.Parse("2006-01-02", until)
			switch {
			case err != nil:
				invalid(w, "The end date must be a date (YYYY-MM-DD).")
				return
			case slcs.DayOf(t) < slcs.DayOf(a.s.o.Now()):
				invalid(w, "The end date is in the past: the override would never hold.")
				return
			}
			o.Until, o.HasUntil = slcs.DayOf(t), true
		}
		if err := a.s.store.SetOverride(r.Context(), o); err != nil {
			a.fail(w, r, err)
			return
		}
		if err := a.s.audit(r, "override.set", id, o.Segment.ID()+": "+o.Reason); err != nil {
			a.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, overrideJSON(o))
	})
}

// liftOverride ends the override of an account in force.
func (a *api) liftOverride(w http.ResponseWriter, r *http.Request) {
	a.withView(w, r, func(v *view, p auth.Principal) {
		id, ok := a.visibleForOverride(w, r, v, p)
		if !ok {
			return
		}
		err := a.s.store.LiftOverride(r.Context(), id, a.s.user(r), a.s.o.Now())
		if errors.Is(err, workspace.ErrNotFound) {
			apiError(w, http.StatusNotFound, "not_found", "account "+id+" has no override in force")
			return
		}
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if err := a.s.audit(r, "override.lift", id, ""); err != nil {
			a.fail(w, r, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNoContent)
	})
}

// ---- segments and sellers

type apiSegments struct {
	Snapshot apiSnapshot  `json:"snapshot"`
	Segments []apiSegment `json:"segments"`
	Totals   apiTotals    `json:"totals"`
}

func (a *api) segments(w http.ResponseWriter, r *http.Request) {
	a.withView(w, r, func(v *view, p auth.Principal) {
		f, msg := apiFilter(r.URL.Query(), false)
		if msg != "" {
			invalid(w, msg)
			return
		}
		res := resultOf(v, v.apply(filter{Seller: f.Seller, Industry: f.Industry, Segment: f.Segment, Q: f.Q}, p))
		d := apiSegments{Snapshot: snapshotCounts(scopedInfo(v.snap, p)), Segments: make([]apiSegment, 0, 4)}
		var rev, pv int64
		for _, sm := range res.Segments {
			d.Segments = append(d.Segments, apiSegment{Segment: sm.Segment.ID(), Name: sm.Segment.Name(), Accounts: sm.Accounts,
				Revenue12m: jsonMicros(sm.Revenue12m), PotentialValue: jsonCents(sm.PotentialValue)})
			rev += sm.Revenue12m
			pv += sm.PotentialValue
		}
		d.Totals = apiTotals{Accounts: len(res.Accounts), Revenue12m: jsonMicros(rev), PotentialValue: jsonCents(pv)}
		writeJSON(w, http.StatusOK, d)
	})
}

type apiSellers struct {
	Snapshot  apiSnapshot         `json:"snapshot"`
	TimePlans []report.SellerPlan `json:"time_plans"`
	Audit     []report.AuditRow   `json:"audit"`
}

// sellers are the time plans and the time audit: a seller's own only.
func (a *api) sellers(w http.ResponseWriter, r *http.Request) {
	a.withView(w, r, func(v *view, p auth.Principal) {
		all := p.SeesAll()
		var plans []model.TimePlan
		for _, tp := range v.snap.Sellers {
			if all || (p.Seller != "" && tp.Seller == p.Seller) {
				plans = append(plans, tp)
			}
		}
		var rows []model.AuditRow
		for _, x := range v.snap.Audit {
			if all || (p.Seller != "" && x.Person == p.Seller) {
				rows = append(rows, x)
			}
		}
		d := apiSellers{Snapshot: snapshotCounts(scopedInfo(v.snap, p)), TimePlans: report.SellerPlans(plans),
			Audit: report.AuditRows(rows)}
		writeJSON(w, http.StatusOK, d)
	})
}

// ---- snapshots and changes

type apiSnapshots struct {
	Snapshots []apiSnapshot `json:"snapshots"`
}

// snapshots lists every snapshot, oldest first. A principal who sees only
// some accounts gets no counts here (they would need every snapshot
// loaded): GET /api/v1/snapshots/{id} has them.
func (a *api) snapshots(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if !p.Can(auth.ActViewPortfolio) {
		a.s.forbidden(w, r)
		return
	}
	infos, err := a.s.store.Snapshots(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	d := apiSnapshots{Snapshots: make([]apiSnapshot, 0, len(infos))}
	for _, in := range infos {
		if p.SeesAll() {
			d.Snapshots = append(d.Snapshots, snapshotCounts(in))
		} else {
			d.Snapshots = append(d.Snapshots, snapshotRef(in))
		}
	}
	writeJSON(w, http.StatusOK, d)
}

// loadSnapshot returns a snapshot by id, the latest from the view's cache.
func (a *api) loadSnapshot(ctx context.Context, id int64) (*workspace.Snapshot, error) {
	v, err := a.s.latest(ctx)
	if err == nil && v.snap.ID == id {
		return v.snap, nil
	}
	if err != nil && !errors.Is(err, errNoSnapshot) {
		return nil, err
	}
	return a.s.store.Snapshot(ctx, id)
}

func (a *api) snapshot(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if !p.Can(auth.ActViewPortfolio) {
		a.s.forbidden(w, r)
		return
	}
	t := r.PathValue("id")
	id, err := strconv.ParseInt(t, 10, 64)
	if err != nil || id < 1 {
		apiError(w, http.StatusNotFound, "not_found", "no snapshot "+t)
		return
	}
	snap, err := a.loadSnapshot(r.Context(), id)
	if errors.Is(err, workspace.ErrNotFound) {
		apiError(w, http.StatusNotFound, "not_found", "no snapshot "+t)
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	d := snapshotCounts(scopedInfo(snap, p))
	if p.Can(auth.ActReadSettings) {
		st := snap.Settings
		d.Settings = &st
	}
	writeJSON(w, http.StatusOK, d)
}

// changes compares two snapshots, by default the last two, on the accounts
// the principal sees in each.
func (a *api) changes(w http.ResponseWriter, r *http.Request) {
	a.withView(w, r, func(v *view, p auth.Principal) {
		known := map[int64]bool{}
		for _, in := range v.infos {
			known[in.ID] = true
		}
		n := len(v.infos)
		to := v.infos[n-1].ID
		var from int64
		if n > 1 {
			from = v.infos[n-2].ID
		}
		q := r.URL.Query()
		for _, x := range []struct {
			key string
			dst *int64
		}{{"from", &from}, {"to", &to}} {
			t := q.Get(x.key)
			if t == "" {
				continue
			}
			id, err := strconv.ParseInt(t, 10, 64)
			if err != nil {
				invalid(w, x.key+" must be a snapshot id, not "+strconv.Quote(t))
				return
			}
			if !known[id] {
				apiError(w, http.StatusNotFound, "not_found", "no snapshot "+t)
				return
			}
			*x.dst = id
		}
		if from == 0 {
			apiError(w, http.StatusConflict, "conflict", "there is only one snapshot: classify again to see what changes")
			return
		}
		if from >= to {
			invalid(w, "from must be an older snapshot than to")
			return
		}
		ctx := r.Context()
		fromSnap, err := a.loadSnapshot(ctx, from)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		toSnap, err := a.loadSnapshot(ctx, to)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		var buf bytes.Buffer
		if err := movement.WriteJSON(&buf, movement.Compare(scoped(fromSnap, p), scoped(toSnap, p))); err != nil {
			a.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(buf.Bytes())
	})
}

// ---- classifications

func (a *api) classify(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if !p.Can(auth.ActClassify) {
		a.s.forbidden(w, r)
		return
	}
	a.s.importing.Lock()
	defer a.s.importing.Unlock()
	ctx := r.Context()
	settings, err := a.s.settings(ctx)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	_, _, id, err := workspace.Run(ctx, a.s.store, workspace.RunOptions{Settings: settings, Now: a.s.o.Now(), By: a.s.user(r)})
	if errors.Is(err, workspace.ErrNoAccounts) {
		apiError(w, http.StatusConflict, "conflict", "the workspace holds no accounts: import a portfolio first")
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.s.audit(r, "classify", "snapshot "+itoa(id), ""); err != nil {
		a.fail(w, r, err)
		return
	}
	snap, err := a.loadSnapshot(ctx, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/snapshots/"+itoa(id))
	writeJSON(w, http.StatusCreated, snapshotCounts(scopedInfo(snap, p)))
}

// ---- settings

func (a *api) getSettings(w http.ResponseWriter, r *http.Request) {
	if !principal(r).Can(auth.ActReadSettings) {
		a.s.forbidden(w, r)
		return
	}
	st, err := a.s.settings(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// putSettings replaces the settings of the workspace, which the next
// classification uses. Every setting must be given.
func (a *api) putSettings(w http.ResponseWriter, r *http.Request) {
	if !principal(r).Can(auth.ActWriteSettings) {
		a.s.forbidden(w, r)
		return
	}
	var st slcs.Settings
	eachSetting(reflect.ValueOf(&st).Elem(), "", func(_ string, f reflect.Value) {
		switch f.Kind() {
		case reflect.Float64:
			f.SetFloat(math.NaN())
		case reflect.Int:
			f.SetInt(math.MinInt)
		}
	})
	if !decodeBody(w, r, &st) {
		return
	}
	var missing []string
	eachSetting(reflect.ValueOf(&st).Elem(), "", func(key string, f reflect.Value) {
		if (f.Kind() == reflect.Float64 && math.IsNaN(f.Float())) || (f.Kind() == reflect.Int && f.Int() == math.MinInt) {
			missing = append(missing, key)
		}
	})
	if len(missing) > 0 {
		invalid(w, "every setting must be given; missing: "+strings.Join(missing, ", "))
		return
	}
	if err := st.Validate(); err != nil {
		invalid(w, err.Error())
		return
	}
	ctx := r.Context()
	old, err := a.s.settings(ctx)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.s.store.SaveSettings(ctx, st); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.s.audit(r, "settings.write", "", settingsChanges(old, st)); err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// eachSetting calls fn with every setting of v (a slcs.Settings or a part
// of it) and its key as the JSON document names it.
func eachSetting(v reflect.Value, prefix string, fn func(key string, f reflect.Value)) {
	t := v.Type()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if f := v.Field(i); f.Kind() == reflect.Struct {
			eachSetting(f, prefix+name+".", fn)
		} else {
			fn(prefix+name, f)
		}
	}
}

// settingsChanges says which settings changed, for the audit log.
func settingsChanges(old, cur slcs.Settings) string {
	before := map[string]string{}
	eachSetting(reflect.ValueOf(&old).Elem(), "", func(key string, f reflect.Value) {
		before[key] = fmt.Sprint(f.Interface())
	})
	var changed []string
	eachSetting(reflect.ValueOf(&cur).Elem(), "", func(key string, f reflect.Value) {
		if now := fmt.Sprint(f.Interface()); now != before[key] {
			changed = append(changed, key+" "+before[key]+" -> "+now)
		}
	})
	if len(changed) == 0 {
		return "no change"
	}
	return strings.Join(changed, "; ")
}

// ---- audit log

type apiAuditEntry struct {
	ID     int64  `json:"id"`
	At     string `json:"at"`
	Actor  string `json:"actor"`
	Action string `json:"action"`
	Target string `json:"target"`
	Detail string `json:"detail"`
	Addr   string `json:"addr"`
}

type apiAuditPage struct {
	Entries    []apiAuditEntry `json:"entries"`
	NextBefore int64           `json:"next_before,omitempty"`
}

func (a *api) audit(w http.ResponseWriter, r *http.Request) {
	if !principal(r).Can(auth.ActReadAudit) {
		a.s.forbidden(w, r)
		return
	}
	q := r.URL.Query()
	before, msg := intParam(q, "before", 0, 0, math.MaxInt64)
	limit, msg2 := intParam(q, "limit", apiAuditDefault, 1, apiAuditMax)
	if msg == "" {
		msg = msg2
	}
	if msg != "" {
		invalid(w, msg)
		return
	}
	list, err := a.s.store.Audit(r.Context(), before, int(limit)+1)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	d := apiAuditPage{Entries: make([]apiAuditEntry, 0, min(len(list), int(limit)))}
	if len(list) > int(limit) {
		list = list[:limit]
		d.NextBefore = list[len(list)-1].ID
	}
	for _, e := range list {
		d.Entries = append(d.Entries, apiAuditEntry{ID: e.ID, At: e.At.UTC().Format(time.RFC3339), Actor: e.Actor,
			Action: e.Action, Target: e.Target, Detail: e.Detail, Addr: e.Addr})
	}
	writeJSON(w, http.StatusOK, d)
}

// ---- imports

// An import runs in the background: POST answers at once with the job, and
// GET tells how it went. Jobs live in the memory of the server process
// only: a restarted server knows none, and it forgets the oldest finished
// ones beyond maxImportJobs.
type importJob struct {
	ID         string
	Status     string // running, succeeded or failed
	Replace    bool
	CreatedAt  time.Time
	CreatedBy  string
	FinishedAt time.Time
	Counts     *workspace.ImportCounts
	Problems   []problem
	More       int
	Error      string
}

const (
	jobRunning   = "running"
	jobSucceeded = "succeeded"
	jobFailed    = "failed"
)

type importJobs struct {
	mu    sync.Mutex
	max   int
	order []string // oldest first
	byID  map[string]*importJob
}

// add keeps a new job; false when every job kept is still running.
func (js *importJobs) add(j *importJob) bool {
	js.mu.Lock()
	defer js.mu.Unlock()
	if len(js.order) >= js.max {
		k := -1
		for i, id := range js.order {
			if js.byID[id].Status != jobRunning {
				k = i
				break
			}
		}
		if k < 0 {
			return false
		}
		delete(js.byID, js.order[k])
		js.order = append(js.order[:k], js.order[k+1:]...)
	}
	js.order = append(js.order, j.ID)
	js.byID[j.ID] = j
	return true
}

// get returns a copy of a job.
func (js *importJobs) get(id string) (importJob, bool) {
	js.mu.Lock()
	defer js.mu.Unlock()
	j, ok := js.byID[id]
	if !ok {
		return importJob{}, false
	}
	return *j, true
}

// finish records how a job ended.
func (js *importJobs) finish(id string, at time.Time, fn func(*importJob)) {
	js.mu.Lock()
	defer js.mu.Unlock()
	if j, ok := js.byID[id]; ok {
		fn(j)
		j.FinishedAt = at
	}
}

type apiCount struct {
	Added     int64 `json:"added"`
	Changed   int64 `json:"changed"`
	Unchanged int64 `json:"unchanged"`
}

type apiImportCounts struct {
	Accounts   apiCount `json:"accounts"`
	Team       apiCount `json:"team"`
	Activities apiCount `json:"activities"`
	Revenue    apiCount `json:"revenue"`
}

type apiProblem struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column string `json:"column"`
	Rule   string `json:"rule"`
	Value  string `json:"value"`
}

type apiImport struct {
	ID           string           `json:"id"`
	Status       string           `json:"status"`
	Replace      bool             `json:"replace"`
	CreatedAt    string           `json:"created_at"`
	CreatedBy    string           `json:"created_by"`
	FinishedAt   string           `json:"finished_at,omitempty"`
	Counts       *apiImportCounts `json:"counts,omitempty"`
	Problems     []apiProblem     `json:"problems,omitempty"`
	MoreProblems int              `json:"more_problems,omitempty"`
	Error        string           `json:"error,omitempty"`
}

func importJSON(j importJob) apiImport {
	d := apiImport{ID: j.ID, Status: j.Status, Replace: j.Replace, CreatedAt: j.CreatedAt.UTC().Format(time.RFC3339),
		CreatedBy: j.CreatedBy, MoreProblems: j.More, Error: j.Error}
	if !j.FinishedAt.IsZero() {
		d.FinishedAt = j.FinishedAt.UTC().Format(time.RFC3339)
	}
	if c := j.Counts; c != nil {
		count := func(x workspace.Counts) apiCount { return apiCount{x.Added, x.Changed, x.Unchanged} }
		d.Counts = &apiImportCounts{Accounts: count(c.Accounts), Team: count(c.Team), Activities: count(c.Activities),
			Revenue: count(c.Revenue)}
	}
	for _, p := range j.Problems {
		d.Problems = append(d.Problems, apiProblem{File: p.File, Line: p.Line, Column: p.Column, Rule: p.Rule, Value: p.Value})
	}
	return d
}

func newJobID() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// startImport takes an upload as the import page does — a zip of the
// portfolio or its CSV files, in the field "files" — and imports it in the
// background, one import or classification at a time.
func (a *api) startImport(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if !p.Can(auth.ActImport) {
		a.s.forbidden(w, r)
		return
	}
	limit := a.s.o.UploadLimit
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			apiError(w, http.StatusRequestEntityTooLarge, "payload_too_large", fmt.Sprintf(
				"the upload is larger than %d MB: import it with 'slcs import' on the command line", limit>>20))
		} else {
			apiError(w, http.StatusBadRequest, "bad_request", "the upload is not a multipart/form-data body: "+err.Error())
		}
		return
	}
	defer r.MultipartForm.RemoveAll()
	replace := false
	if t := r.FormValue("replace"); t != "" {
		var err error
		if replace, err = strconv.ParseBool(t); err != nil {
			invalid(w, "replace is true or false, not "+strconv.Quote(t))
			return
		}
	}
	dir, err := os.MkdirTemp("", "slcs-upload-")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	files, err := a.s.saveUpload(r.MultipartForm.File["files"], dir)
	if err != nil {
		os.RemoveAll(dir)
		invalid(w, err.Error())
		return
	}
	src := portfolio.ImportSource{Files: files}
	if _, ok := files["accounts"]; ok {
		src = portfolio.ImportSource{Dir: dir}
	}
	id, err := newJobID()
	if err != nil {
		os.RemoveAll(dir)
		a.fail(w, r, err)
		return
	}
	job := &importJob{ID: id, Status: jobRunning, Replace: replace, CreatedAt: a.s.o.Now(), CreatedBy: a.s.user(r)}
	if !a.jobs.add(job) {
		os.RemoveAll(dir)
		apiError(w, http.StatusConflict, "conflict", fmt.Sprintf("%d imports are waiting to run: try again when they are done", maxImportJobs))
		return
	}
	// the import outlives the request: it keeps the request's values (who,
	// from where) but not its end
	br := r.Clone(context.WithoutCancel(r.Context()))
	go a.runImport(br, job.ID, src, dir, replace)
	w.Header().Set("Location", "/api/v1/imports/"+id)
	cp, _ := a.jobs.get(id)
	writeJSON(w, http.StatusAccepted, importJSON(cp))
}

func (a *api) runImport(r *http.Request, id string, src portfolio.ImportSource, dir string, replace bool) {
	defer os.RemoveAll(dir)
	a.s.importing.Lock()
	defer a.s.importing.Unlock()
	counts, err := a.s.runImport(r, src, replace)
	var ie *portfolio.InputError
	switch {
	case errors.As(err, &ie):
		a.jobs.finish(id, a.s.o.Now(), func(j *importJob) {
			j.Status = jobFailed
			j.Error = "the portfolio breaks the rules of its format: nothing was imported"
			for _, p := range ie.Problems {
				j.Problems = append(j.Problems, problem{File: filepath.Base(p.File), Line: p.Line, Column: p.Column,
					Rule: p.Rule, Value: p.Value})
			}
			j.More = ie.More
		})
	case err != nil:
		a.s.o.Logger.Error("api import", "job", id, "error", err)
		a.jobs.finish(id, a.s.o.Now(), func(j *importJob) {
			j.Status, j.Error = jobFailed, "the import failed: "+err.Error()
		})
	default:
		detail := counts.String()
		if replace {
			detail = "replace: " + detail
		}
		aerr := a.s.audit(r, "import", "", detail)
		if aerr != nil {
			a.s.o.Logger.Error("api import: audit", "job", id, "error", aerr)
		}
		a.jobs.finish(id, a.s.o.Now(), func(j *importJob) {
			j.Status, j.Counts = jobSucceeded, &counts
			if aerr != nil {
				j.Error = "imported, but the audit log did not record it: " + aerr.Error()
			}
		})
	}
}

func (a *api) importStatus(w http.ResponseWriter, r *http.Request) {
	if !principal(r).Can(auth.ActImport) {
		a.s.forbidden(w, r)
		return
	}
	j, ok := a.jobs.get(r.PathValue("id"))
	if !ok {
		apiError(w, http.StatusNotFound, "not_found", "no import "+r.PathValue("id")+
			" on this server (the server keeps the latest imports in memory until it stops)")
		return
	}
	writeJSON(w, http.StatusOK, importJSON(j))
}
