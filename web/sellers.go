package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/chart"
	"github.com/slcs/slcs/model"
)

type sellersData struct {
	Sellers  []sellerRow
	Others   []model.AuditRow // people who own no account
	Segments [4]slcs.Segment
}

type sellerRow struct {
	Plan             model.TimePlan
	Audit            *model.AuditRow
	Bars             template.HTML
	Recommended      [4]float64
	Actual           [4]float64
	ActualTotal      float64
	RecommendedTotal float64
	Anchor           string
}

func (s *Server) sellers(w http.ResponseWriter, r *http.Request) {
	s.withView(w, r, func(v *view) {
		d := &sellersData{Segments: slcs.Segments}
		audit := map[string]*model.AuditRow{}
		for i := range v.snap.Audit {
			audit[v.snap.Audit[i].Person] = &v.snap.Audit[i]
		}
		who := principal(r)
		sellers := map[string]bool{}
		for _, p := range v.snap.Sellers {
			if !who.SeesAll() && p.Seller != who.Seller {
				continue
			}
			sellers[p.Seller] = true
			row := sellerRow{Plan: p, Audit: audit[p.Seller]}
			for k := range 4 {
				row.Recommended[k] = p.Capacity * p.Share[k]
				row.RecommendedTotal += row.Recommended[k]
			}
			if row.Audit != nil {
				row.Actual = row.Audit.Actual
				for _, x := range row.Actual {
					row.ActualTotal += x
				}
			}
			var buf bytes.Buffer
			name := p.Seller
			if name == "" {
				name = "accounts without owner"
			}
			if err := chart.WriteSellerBars(&buf, &chart.SellerBars{Seller: name, Recommended: row.Recommended, Actual: row.Actual,
				Width: 640, ID: fmt.Sprintf("seller-%d", len(d.Sellers))}); err != nil {
				s.fail(w, r, err)
				return
			}
			row.Bars = template.HTML(buf.String())
			row.Anchor = fmt.Sprintf("seller-%d", len(d.Sellers))
			d.Sellers = append(d.Sellers, row)
		}
		// the accounts without owner last
		if len(d.Sellers) > 1 && d.Sellers[0].Plan.Seller == "" {
			d.Sellers = append(d.Sellers[1:], d.Sellers[0])
		}
		for _, a := range v.snap.Audit {
			if who.SeesAll() && !sellers[a.Person] {
				d.Others = append(d.Others, a)
			}
		}
		s.render(w, r, http.StatusOK, "sellers.html", &page{Title: "Sellers", Nav: "sellers", View: v, Data: d})
	})
}
