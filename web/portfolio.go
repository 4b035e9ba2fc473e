package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/auth"
	"github.com/slcs/slcs/chart"
	"github.com/slcs/slcs/export"
	"github.com/slcs/slcs/model"
	"github.com/slcs/slcs/report"
	"github.com/slcs/slcs/workspace"
)

// pageSize is the number of accounts a page of the table shows.
const pageSize = 50

type portfolioData struct {
	F          filter
	Chart      template.HTML
	Rows       []*workspace.SnapshotAccount
	Total      int // accounts the filter keeps
	All        int // accounts in the snapshot
	Page       int
	Pages      int
	First      int // position of the first row shown, from 1
	Quadrants  [4]chart.Quadrant
	Columns    []column
	Segments   [4]slcs.Segment
	Query      template.URL // the filter, for exports
	PrevQuery  template.URL
	NextQuery  template.URL
	HasFilters bool
	Sellers    []string // the choices of the filters
	Industries []string
}

// column is a sortable column of the account table.
type column struct {
	Label, Key string
	Num        bool
	Sorted     string // "ascending", "descending" or ""
	Query      template.URL
}

func (s *Server) portfolio(w http.ResponseWriter, r *http.Request) {
	s.withView(w, r, func(v *view) {
		f := parseFilter(r.URL.Query())
		idx := v.apply(f, principal(r))
		d := &portfolioData{F: f, Total: len(idx), All: len(v.snap.Accounts), Segments: slcs.Segments,
			Query: f.filterOnly(), HasFilters: f.Seller != "" || f.Industry != "" || f.Segment != "" || f.Q != ""}
		d.Sellers, d.Industries = v.choices(principal(r))
		if !principal(r).SeesAll() {
			d.All = len(v.apply(filter{}, principal(r)))
		}
		d.Pages = max(1, (len(idx)+pageSize-1)/pageSize)
		d.Page = min(f.Page, d.Pages)
		from := (d.Page - 1) * pageSize
		to := min(from+pageSize, len(idx))
		d.First = from + 1
		for _, i := range idx[from:to] {
			d.Rows = append(d.Rows, &v.snap.Accounts[i])
		}
		if d.Page > 1 {
			d.PrevQuery = f.query("page", fmt.Sprint(d.Page-1))
		}
		if d.Page < d.Pages {
			d.NextQuery = f.query("page", fmt.Sprint(d.Page+1))
		}
		for _, c := range []column{{"Account", "name", false, "", ""}, {"Seller", "seller", false, "", ""},
			{"Segment", "segment", false, "", ""},
			{"Engagement", "engagement", true, "", ""}, {"Potential", "potential", true, "", ""},
			{"Potential value", "potential_value", true, "", ""}, {"Revenue 12m", "revenue", true, "", ""},
			{"Hours a month", "hours", true, "", ""}} {
			dir := sortKeys[c.Key]
			if f.Sort == c.Key {
				dir = !f.Desc
				c.Sorted = "ascending"
				if f.Desc {
					c.Sorted = "descending"
				}
			}
			c.Query = f.query("sort", c.Key, "dir", map[bool]string{true: "desc", false: "asc"}[dir], "page", "")
			d.Columns = append(d.Columns, c)
		}
		var buf bytes.Buffer
		p := portfolioChart(v, idx)
		d.Quadrants = p.Quadrants
		if err := chart.WritePortfolio(&buf, p); err != nil {
			s.fail(w, r, err)
			return
		}
		d.Chart = template.HTML(buf.String())
		s.render(w, r, http.StatusOK, "portfolio.html", &page{Title: "Portfolio", Nav: "portfolio", View: v, Data: d})
	})
}

// portfolioChart is the quadrant chart of some accounts of a snapshot.
func portfolioChart(v *view, idx []int) *chart.Portfolio {
	st := v.snap.Settings
	p := &chart.Portfolio{Title: "Accounts by engagement and potential",
		EngagementThreshold: st.Engagement.Threshold, PotentialThreshold: st.Potential.Threshold}
	p.Points = make([]chart.Point, 0, len(idx))
	for _, i := range idx {
		a := &v.snap.Accounts[i]
		p.Points = append(p.Points, chart.Point{ID: a.AccountID, Name: a.Name, Seller: a.Owner,
			Engagement: float64(a.Engagement) / 100, Potential: float64(a.Potential) / 100, Segment: a.Segment,
			Revenue: max(0, float64(a.Revenue12m)/1e6), Href: "/accounts/" + url.PathEscape(a.AccountID)})
		q := &p.Quadrants[a.Segment]
		q.Accounts++
		q.Revenue12m += a.Revenue12m
		q.PotentialValue += a.PotentialValue
	}
	return p
}

// Chart is the quadrant chart of a snapshot's accounts that a filter keeps
// (seller, industry, segment, q: as on the portfolio page).
func Chart(snap *workspace.Snapshot, q url.Values) (*chart.Portfolio, error) {
	if seg := q.Get("segment"); seg != "" {
		if _, ok := segmentByID(seg); !ok {
			return nil, fmt.Errorf("unknown segment %q: use key, maintenance, growth_potential or service", seg)
		}
	}
	v := newView(snap, []workspace.SnapshotInfo{snap.SnapshotInfo})
	return portfolioChart(v, v.apply(parseFilter(q), auth.Principal{Role: workspace.RoleAdmin})), nil
}

// download names an export after the snapshot and the filter.
func download(w http.ResponseWriter, v *view, f filter, ext, contentType string) {
	name := fmt.Sprintf("slcs-snapshot-%d", v.snap.ID)
	for _, part := range []string{f.Seller, f.Industry, f.Segment} {
		if part != "" {
			name += "-" + safeName(part)
		}
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, name, ext))
}

// safeName keeps letters, digits, '-' and '.' of a file name part.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '_'
	}, s)
}

// exportCSV writes the classification CSV of the accounts the filter keeps.
func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request) {
	s.export(w, r, "csv", "text/csv; charset=utf-8", func(b *bytes.Buffer, res *model.Result) error {
		return report.WriteClassificationCSV(b, res)
	})
}

// exportXLSX writes the workbook of the accounts the filter keeps.
func (s *Server) exportXLSX(w http.ResponseWriter, r *http.Request) {
	s.export(w, r, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		func(b *bytes.Buffer, res *model.Result) error { return export.WriteXLSX(b, res) })
}

// export writes the classification of the accounts the filter keeps as a
// download.
func (s *Server) export(w http.ResponseWriter, r *http.Request, ext, contentType string, write func(*bytes.Buffer, *model.Result) error) {
	s.withView(w, r, func(v *view) {
		f := parseFilter(r.URL.Query())
		res := resultOf(v, v.apply(filter{Seller: f.Seller, Industry: f.Industry, Segment: f.Segment, Q: f.Q, Sort: "name"}, principal(r)))
		var buf bytes.Buffer
		if err := write(&buf, res); err != nil {
			s.fail(w, r, err)
			return
		}
		download(w, v, f, ext, contentType)
		w.Write(buf.Bytes())
	})
}

// chartSVG writes the chart of the accounts the filter keeps.
func (s *Server) chartSVG(w http.ResponseWriter, r *http.Request) {
	s.withView(w, r, func(v *view) {
		f := parseFilter(r.URL.Query())
		var buf bytes.Buffer
		if err := chart.WritePortfolio(&buf, portfolioChart(v, v.apply(f, principal(r)))); err != nil {
			s.fail(w, r, err)
			return
		}
		download(w, v, f, "svg", "image/svg+xml")
		w.Write(buf.Bytes())
	})
}
