package movement

import (
	"encoding/json"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/report"
	"github.com/slcs/slcs/workspace"
)

// The JSON document of WriteJSON. Money is in currency units with two
// decimals; segments are by id ("key", "maintenance", "growth_potential",
// "service").
type jsonDoc struct {
	Version       int                `json:"version"`
	From          jsonSnapshot       `json:"from"`
	To            jsonSnapshot       `json:"to"`
	AlertSettings slcs.AlertSettings `json:"alert_settings"`
	Notes         []string           `json:"notes"`
	// matrix[from segment][to segment]
	Matrix           map[string]map[string]int         `json:"matrix"`
	MatrixRevenue    map[string]map[string]json.Number `json:"matrix_revenue"`
	AddedBySegment   map[string]int                    `json:"added_by_segment"`
	AddedRevenue     map[string]json.Number            `json:"added_revenue"`
	RemovedBySegment map[string]int                    `json:"removed_by_segment"`
	RemovedRevenue   map[string]json.Number            `json:"removed_revenue"`
	Added            []string                          `json:"added"`
	Removed          []string                          `json:"removed"`
	Moved            []jsonMove                        `json:"moved"`
	ISOsAppeared     []jsonISO                         `json:"isos_appeared"`
	ISOsGone         []jsonISO                         `json:"isos_gone"`
	Alerts           []jsonAlert                       `json:"alerts"`
}

type jsonSnapshot struct {
	ID        int64          `json:"id"`
	CreatedAt string         `json:"created_at,omitempty"`
	CreatedBy string         `json:"created_by"`
	AsOf      string         `json:"as_of"`
	Accounts  int            `json:"accounts"`
	Stable    bool           `json:"stable"`
	Segments  map[string]int `json:"segments"`
}

type jsonMove struct {
	AccountID      string       `json:"account_id"`
	Name           string       `json:"name"`
	Owner          string       `json:"owner"`
	From           string       `json:"from"`
	To             string       `json:"to"`
	Overridden     bool         `json:"overridden"`
	Revenue12m     json.Number  `json:"revenue_12m"`
	PotentialValue json.Number  `json:"potential_value"`
	Reasons        []jsonReason `json:"reasons"`
}

type jsonReason struct {
	Component     string       `json:"component"`
	Old           json.Number  `json:"old"`
	New           json.Number  `json:"new"`
	OldPercentile *json.Number `json:"old_percentile,omitempty"`
	NewPercentile *json.Number `json:"new_percentile,omitempty"`
	Text          string       `json:"text"`
}

type jsonISO struct {
	AccountID string      `json:"account_id"`
	Name      string      `json:"name"`
	Product   string      `json:"product"`
	Kind      string      `json:"kind"`
	Value     json.Number `json:"value"`
}

type jsonAlert struct {
	Kind      string `json:"kind"`
	AccountID string `json:"account_id"`
	Name      string `json:"name"`
	Owner     string `json:"owner"`
	Text      string `json:"text"`
}

// WriteJSON writes the comparison as one JSON document:
//
//   - version: 1
//   - from, to: the snapshots: id, created_at (RFC 3339, UTC; absent when
//     unknown), created_by, as_of, accounts, stable, segments (accounts by
//     segment id)
//   - alert_settings: engagement_drop, quiet_days, single_thread_days used
//   - notes: settings that differ between the snapshots, in words
//   - matrix: {from segment: {to segment: accounts}} of the accounts in both
//   - matrix_revenue: the same with their revenue_12m in "to"
//   - added_by_segment, added_revenue: accounts only in "to", by segment
//   - removed_by_segment, removed_revenue: accounts only in "from", by their
//     segment and with their revenue there
//   - added, removed: account ids
//   - moved: account_id, name, owner, from, to (segment ids), overridden,
//     revenue_12m, potential_value, reasons (component, old, new,
//     old_percentile and new_percentile when the component has them, text)
//   - isos_appeared, isos_gone: account_id, name, product, kind, value
//   - alerts: kind (engagement_drop, growth_to_key, quiet, single_threaded),
//     account_id, name, owner, text
//
// Money is in currency units with two decimals; lists are never null.
func WriteJSON(w io.Writer, c *Changes) error {
	doc := jsonDoc{
		Version: 1, From: snapshotJSON(c.From), To: snapshotJSON(c.To),
		AlertSettings: c.AlertSettings, Notes: nonNil(c.Notes),
		Matrix: map[string]map[string]int{}, MatrixRevenue: map[string]map[string]json.Number{},
		AddedBySegment: map[string]int{}, AddedRevenue: map[string]json.Number{},
		RemovedBySegment: map[string]int{}, RemovedRevenue: map[string]json.Number{},
		Added: nonNil(c.Added), Removed: nonNil(c.Removed),
		Moved: []jsonMove{}, ISOsAppeared: isosJSON(c.ISOsAppeared), ISOsGone: isosJSON(c.ISOsGone),
		Alerts: []jsonAlert{},
	}
	for _, f := range slcs.Segments {
		row, rev := map[string]int{}, map[string]json.Number{}
		for _, t := range slcs.Segments {
			row[t.ID()] = c.Matrix[f][t]
			rev[t.ID()] = microsJSON(c.MatrixRevenue[f][t])
		}
		doc.Matrix[f.ID()], doc.MatrixRevenue[f.ID()] = row, rev
		doc.AddedBySegment[f.ID()], doc.AddedRevenue[f.ID()] = c.AddedBySegment[f], microsJSON(c.AddedRevenue[f])
		doc.RemovedBySegment[f.ID()], doc.RemovedRevenue[f.ID()] = c.RemovedBySegment[f], microsJSON(c.RemovedRevenue[f])
	}
	for _, m := range c.Moved {
		jm := jsonMove{AccountID: m.AccountID, Name: m.Name, Owner: m.Owner, From: m.From.ID(), To: m.To.ID(),
			Overridden: m.Overridden, Revenue12m: microsJSON(m.Revenue12m),
			PotentialValue: json.Number(report.Fixed(m.PotentialValue, 2)), Reasons: []jsonReason{}}
		for _, r := range m.Reasons {
			jr := jsonReason{Component: r.Component, Old: floatJSON(r.Old), New: floatJSON(r.New), Text: r.Text}
			if r.HasPercentile {
				o, n := pctJSON(r.OldPercentile), pctJSON(r.NewPercentile)
				jr.OldPercentile, jr.NewPercentile = &o, &n
			}
			jm.Reasons = append(jm.Reasons, jr)
		}
		doc.Moved = append(doc.Moved, jm)
	}
	for _, a := range c.Alerts {
		doc.Alerts = append(doc.Alerts, jsonAlert{Kind: a.Kind.ID(), AccountID: a.AccountID, Name: a.Name, Owner: a.Owner, Text: a.Text})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func snapshotJSON(s workspace.SnapshotInfo) jsonSnapshot {
	j := jsonSnapshot{ID: s.ID, CreatedBy: s.CreatedBy, AsOf: s.AsOf.String(), Accounts: s.Accounts,
		Stable: s.Stable, Segments: map[string]int{}}
	if !s.CreatedAt.IsZero() {
		j.CreatedAt = s.CreatedAt.UTC().Format(time.RFC3339)
	}
	for _, sg := range slcs.Segments {
		j.Segments[sg.ID()] = s.Segments[sg]
	}
	return j
}

func isosJSON(list []ISOChange) []jsonISO {
	out := make([]jsonISO, 0, len(list))
	for _, iso := range list {
		out = append(out, jsonISO{AccountID: iso.AccountID, Name: iso.Name, Product: iso.Product, Kind: iso.Kind,
			Value: json.Number(report.Fixed(iso.Cents, 2))})
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// microsJSON prints millionths as currency units with two decimals.
func microsJSON(v int64) json.Number { return json.Number(report.Fixed(report.RoundDiv(v, 10_000), 2)) }

func floatJSON(x float64) json.Number {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "0"
	}
	return json.Number(strconv.FormatFloat(x, 'f', -1, 64))
}

func pctJSON(x float64) json.Number {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "0"
	}
	return json.Number(report.Fixed(int64(math.Round(x*100)), 2))
}
