package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/slcs/slcs/auth"
	"github.com/slcs/slcs/workspace"
)

type meData struct {
	Tokens             []workspace.Token
	NewName, NewSecret string
	Error              string
}

// me is the signed-in user's page: their role and API tokens.
func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	s.renderMe(w, r, http.StatusOK, &meData{})
}

func (s *Server) renderMe(w http.ResponseWriter, r *http.Request, status int, d *meData) {
	p := principal(r)
	if p.Local {
		s.render(w, r, http.StatusOK, "message.html", &page{Title: "Local user", Data: message{Heading: "Local user",
			Text: "This dashboard serves one local user with no sign-in. Add users with 'slcs user add' to sign in and use API tokens."}})
		return
	}
	var err error
	if d.Tokens, err = s.store.Tokens(r.Context(), p.Email); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "me.html", &page{Title: p.Email, Nav: "me", Data: d})
}

// createToken creates an API token of the signed-in user and shows it once.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if p.Local || !p.Can(auth.ActManageOwnTokens) {
		s.forbidden(w, r)
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	now := s.o.Now()
	t := workspace.Token{Email: p.Email, Name: name, CreatedAt: now}
	switch {
	case name == "" || len(name) > 100:
		s.renderMe(w, r, http.StatusUnprocessableEntity, &meData{Error: "Give the token a name of up to 100 characters: what it is for."})
		return
	case r.PostFormValue("expires") != "":
		d, err := time.Parse("2006-01-02", r.PostFormValue("expires"))
		if err != nil || !d.Add(24*time.Hour).After(now) {
			s.renderMe(w, r, http.StatusUnprocessableEntity, &meData{Error: "The expiry must be a date (YYYY-MM-DD), today or later."})
			return
		}
		t.Expires = d.Add(24 * time.Hour)
	}
	secret, hash, err := auth.NewSecret(auth.TokenPrefix)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t.Hash = hash
	id, err := s.store.CreateToken(r.Context(), t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.audit(r, "token.create", p.Email, "token "+itoa(id)+" "+strconv.Quote(name)); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.renderMe(w, r, http.StatusOK, &meData{NewName: name, NewSecret: secret})
}

// revokeToken revokes one of the signed-in user's tokens.
func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || p.Local {
		s.notFound(w, r, "No such token.")
		return
	}
	list, err := s.store.Tokens(r.Context(), p.Email)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	mine := false
	for _, t := range list {
		mine = mine || t.ID == id
	}
	if !mine {
		s.notFound(w, r, "No such token.")
		return
	}
	if err := s.store.RevokeToken(r.Context(), id, s.o.Now()); err != nil && !errors.Is(err, workspace.ErrNotFound) {
		s.fail(w, r, err)
		return
	}
	if err := s.audit(r, "token.revoke", p.Email, "token "+itoa(id)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/me#tokens", http.StatusSeeOther)
}

type auditData struct {
	Entries []workspace.AuditEntry
	Older   int64 // the id to page from; 0: no more
}

const auditPageSize = 100

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	if !principal(r).Can(auth.ActReadAudit) {
		s.forbidden(w, r)
		return
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	list, err := s.store.Audit(r.Context(), max(before, 0), auditPageSize+1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &auditData{Entries: list}
	if len(list) > auditPageSize {
		d.Entries = list[:auditPageSize]
		d.Older = d.Entries[auditPageSize-1].ID
	}
	s.render(w, r, http.StatusOK, "audit.html", &page{Title: "Audit log", Nav: "audit", Data: d})
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	if !principal(r).Can(auth.ActManageUsers) {
		s.forbidden(w, r)
		return
	}
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "users.html", &page{Title: "Users", Nav: "users", Data: users})
}
