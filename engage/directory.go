// Package engage turns the team's mail and meetings into activities of the
// accounts they involve: it tells, from an email address, whether it is one
// of ours, a client's (and which account's), or nobody's, and writes one
// activity per message or meeting and account, keeping only addresses,
// dates, directions and durations. See docs/import-mail-calendar.md.
package engage

import (
	"slices"
	"strings"
)

// Account is what the directory needs of an account.
type Account struct {
	ID, Name string
	Domains  []string
}

// Directory says whose an email address is.
type Directory struct {
	ours     map[string]bool
	free     map[string]bool
	byDomain map[string][]int // a domain of accounts → their indices
	accounts []Account
	names    map[string]string // by id, made when first asked
}

// Options of a directory.
type Options struct {
	// OurDomains are the email domains of our people; empty: the domains
	// of the team's emails.
	OurDomains []string
	// FreeMailDomains never belong to an account.
	FreeMailDomains []string
}

// cleanDomain lower-cases a domain and drops a leading @ or dot and a
// trailing dot.
func cleanDomain(d string) string {
	d = strings.ToLower(strings.TrimSpace(d))
	d = strings.TrimPrefix(d, "@")
	return strings.Trim(d, ".")
}

// NewDirectory builds the directory of the accounts, whose domains belong to
// them, and of our domains (o.OurDomains, else those of team, our people's
// emails).
func NewDirectory(accounts []Account, team []string, o Options) *Directory {
	d := &Directory{ours: map[string]bool{}, free: map[string]bool{}, byDomain: map[string][]int{}, accounts: accounts}
	for _, f := range o.FreeMailDomains {
		if f = cleanDomain(f); f != "" {
			d.free[f] = true
		}
	}
	ours := o.OurDomains
	if len(ours) == 0 {
		for _, e := range team {
			if i := strings.LastIndexByte(e, '@'); i >= 0 {
				ours = append(ours, e[i+1:])
			}
		}
	}
	for _, o := range ours {
		if o = cleanDomain(o); o != "" && !d.free[o] {
			d.ours[o] = true
		}
	}
	for i, a := range accounts {
		for _, dom := range a.Domains {
			dom = cleanDomain(dom)
			if dom == "" || d.free[dom] || slices.Contains(d.byDomain[dom], i) {
				continue
			}
			d.byDomain[dom] = append(d.byDomain[dom], i)
		}
	}
	return d
}

// OurDomains returns our domains, sorted.
func (d *Directory) OurDomains() []string {
	out := make([]string, 0, len(d.ours))
	for k := range d.ours {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Kind is whose an address is.
type Kind int

const (
	// Nobody: a free-mail address, or one of a domain no account has.
	Nobody Kind = iota
	// Ours: an address of our domains or their subdomains.
	Ours
	// Client: an address of a domain of one or more accounts, or of a
	// subdomain of one.
	Client
	// FreeMail: an address of a free-mail provider.
	FreeMail
)

// Whose says whose the address email (lower-cased) is: ours, a client's
// (with the indices of the accounts whose domain is the longest that
// matches), or nobody's; domain is the address's domain.
func (d *Directory) Whose(email string) (k Kind, accounts []int, domain string) {
	at := strings.LastIndexByte(email, '@')
	if at < 0 || at == len(email)-1 {
		return Nobody, nil, ""
	}
	domain = strings.TrimSuffix(email[at+1:], ".")
	// the domain, then each parent domain
	for dom := domain; ; {
		if d.ours[dom] {
			return Ours, nil, domain
		}
		if d.free[dom] {
			return FreeMail, nil, domain
		}
		if acc := d.byDomain[dom]; len(acc) > 0 {
			return Client, acc, domain
		}
		i := strings.IndexByte(dom, '.')
		if i < 0 {
			break
		}
		dom = dom[i+1:]
		if !strings.Contains(dom, ".") {
			break // a top-level domain alone is nobody's
		}
	}
	return Nobody, nil, domain
}

// Name returns the name of the account with that id, "" when none.
func (d *Directory) Name(id string) string {
	if d.names == nil {
		d.names = make(map[string]string, len(d.accounts))
		for _, a := range d.accounts {
			d.names[a.ID] = a.Name
		}
	}
	return d.names[id]
}

// Account returns the account of an index Whose gave.
func (d *Directory) Account(i int) Account { return d.accounts[i] }
