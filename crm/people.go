package crm

import (
	"fmt"
	"github.com/slcs/slcs"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// FreeMailDomains are the mail providers whose domains are not taken as a
// client's domain.
var FreeMailDomains = slcs.DefaultFreeMailDomains

// IsFreeMail tells whether domain is one of FreeMailDomains.
func IsFreeMail(domain string) bool {
	return slices.Contains(FreeMailDomains, domain)
}

// WebsiteDomain returns the host of a website, lower-cased: scheme, port,
// path and a leading www. removed; "" when there is none.
func WebsiteDomain(site string) string {
	site = strings.TrimSpace(site)
	if site == "" {
		return ""
	}
	if !strings.Contains(site, "://") {
		site = "http://" + site
	}
	u, err := url.Parse(site)
	if err != nil {
		return ""
	}
	h := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	return strings.TrimPrefix(h, "www.")
}

// EmailDomain returns the domain of an email address, lower-cased.
func EmailDomain(email string) string {
	i := strings.LastIndex(email, "@")
	if i < 0 {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(email[i+1:]))
}

// AddPerson appends p to a people list unless it is empty or already in it
// (in any case); a ; in p, the list separator of the portfolio, becomes a
// space.
func AddPerson(list []string, p string) []string {
	if strings.IndexByte(p, ';') >= 0 {
		p = strings.ReplaceAll(p, ";", " ")
	}
	p = strings.TrimSpace(p)
	if p == "" {
		return list
	}
	for _, q := range list {
		if strings.EqualFold(q, p) {
			return list
		}
	}
	return append(list, p)
}

// Addresses returns the email addresses in a cell such as
// "Ann <ann@x.example>; bob@y.example, cy@z.example": every word holding
// an @, without its angle brackets, quotes or a mailto: prefix.
func Addresses(cell string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(cell, func(r rune) bool {
		return r == ';' || r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '<' || r == '>' || r == '"' || r == '\''
	}) {
		w = strings.TrimPrefix(strings.TrimPrefix(w, "mailto:"), "MAILTO:")
		if i := strings.IndexByte(w, '@'); i > 0 && i < len(w)-1 {
			out = append(out, w)
		}
	}
	return out
}

// ParseAmount reads a currency amount (a plain number: 1200.50, -80) into
// millionths.
func ParseAmount(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 9e12 {
		return 0, false
	}
	return int64(math.Round(f * 1e6)), true
}

// FormatAmount writes millionths as a number with at most 6 decimals, as
// the portfolio format wants them.
func FormatAmount(m int64) string {
	neg := m < 0
	if neg {
		m = -m
	}
	s := strconv.FormatInt(m/1e6, 10)
	if frac := m % 1e6; frac != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%06d", frac), "0")
	}
	if neg {
		s = "-" + s
	}
	return s
}
