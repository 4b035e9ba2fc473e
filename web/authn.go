package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/slcs/slcs/auth"
	"github.com/slcs/slcs/workspace"
)

// sessionCookie names the cookie of a signed-in browser.
const sessionCookie = "slcs_session"

type principalKey struct{}

// principal is who makes the request; the zero Principal for none.
func principal(r *http.Request) auth.Principal {
	p, _ := r.Context().Value(principalKey{}).(auth.Principal)
	return p
}

// public paths need no sign-in.
func public(path string) bool {
	return path == "/signin" || path == "/api/v1/openapi.json" || strings.HasPrefix(path, "/static/")
}

// authenticate finds who makes each request — the local user, a bearer
// token, or a session cookie — and sends whoever it cannot tell to the
// sign-in page (or answers 401 on the API).
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.o.Local {
			p := auth.Principal{Email: s.o.LocalUser, Role: workspace.RoleAdmin, Local: true}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
			return
		}
		p, err := s.identify(w, r)
		if err != nil {
			if isAPI(r) {
				s.o.Logger.Error("dashboard", "method", r.Method, "path", r.URL.Path, "error", err)
				apiError(w, http.StatusInternalServerError, "internal", "something went wrong on the server")
				return
			}
			s.fail(w, r, err)
			return
		}
		if p.Email == "" {
			if public(r.URL.Path) {
				next.ServeHTTP(w, r)
				return
			}
			if isAPI(r) {
				apiError(w, http.StatusUnauthorized, "unauthorized", "sign in: send an API token as 'Authorization: Bearer TOKEN'")
				return
			}
			if r.Method != http.MethodGet {
				http.Error(w, "Sign in first.", http.StatusUnauthorized)
				return
			}
			http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
	})
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// identify returns the principal of a bearer token or session cookie; the
// zero Principal when there is none, or it is not valid.
func (s *Server) identify(w http.ResponseWriter, r *http.Request) (auth.Principal, error) {
	ctx := r.Context()
	now := s.o.Now()
	if h := r.Header.Get("Authorization"); h != "" {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return auth.Principal{}, nil
		}
		t, err := s.store.TokenByHash(ctx, auth.HashSecret(strings.TrimSpace(secret)))
		if errors.Is(err, workspace.ErrNotFound) {
			return auth.Principal{}, nil
		}
		if err != nil {
			return auth.Principal{}, err
		}
		if !t.Revoked.IsZero() || (!t.Expires.IsZero() && !now.Before(t.Expires)) {
			return auth.Principal{}, nil
		}
		p, err := s.userPrincipal(ctx, t.Email)
		if err != nil || p.Email == "" {
			return p, err
		}
		if t.LastUsed.IsZero() || now.Sub(t.LastUsed) > time.Minute {
			if err := s.store.TouchToken(ctx, t.ID, now); err != nil {
				return auth.Principal{}, err
			}
		}
		return p, nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return auth.Principal{}, nil
	}
	hash := auth.HashSecret(c.Value)
	sess, err := s.store.Session(ctx, hash)
	if errors.Is(err, workspace.ErrNotFound) {
		clearCookie(w, r)
		return auth.Principal{}, nil
	}
	if err != nil {
		return auth.Principal{}, err
	}
	if !auth.SessionValid(sess, now) {
		clearCookie(w, r)
		return auth.Principal{}, s.store.DeleteSession(ctx, hash)
	}
	p, err := s.userPrincipal(ctx, sess.Email)
	if err != nil || p.Email == "" {
		return p, err
	}
	if auth.TouchDue(sess, now) {
		if err := s.store.TouchSession(ctx, hash, now); err != nil {
			return auth.Principal{}, err
		}
	}
	return p, nil
}

// userPrincipal is the principal of an enabled user; the zero Principal
// for a disabled or unknown one.
func (s *Server) userPrincipal(ctx context.Context, email string) (auth.Principal, error) {
	u, err := s.store.User(ctx, email)
	if errors.Is(err, workspace.ErrNotFound) {
		return auth.Principal{}, nil
	}
	if err != nil || u.Disabled {
		return auth.Principal{}, err
	}
	return auth.PrincipalOf(u), nil
}

// secure tells whether the request came over HTTPS (itself, or through a
// proxy the options trust).
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || s.o.SecureCookies
}

func clearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

// clientAddr is the address of the client, without its port.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

type signinData struct {
	Email, Next, Error string
}

// safeNext keeps a redirect after sign-in on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, `/\`) {
		return "/"
	}
	return next
}

func (s *Server) signinForm(w http.ResponseWriter, r *http.Request) {
	if principal(r).Email != "" {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "signin.html", &page{Title: "Sign in", Data: &signinData{Next: safeNext(r.URL.Query().Get("next"))}})
}

func (s *Server) signin(w http.ResponseWriter, r *http.Request) {
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	pw := r.PostFormValue("password")
	d := &signinData{Email: email, Next: safeNext(r.PostFormValue("next"))}
	now := s.o.Now()
	addr := clientAddr(r)
	if ok, wait := s.limiter.Allowed(email, addr, now); !ok {
		w.Header().Set("Retry-After", itoa(int64(wait.Seconds())+1))
		d.Error = "Too many failed sign-ins: wait " + wait.Round(time.Minute).String() + " and try again."
		s.render(w, r, http.StatusTooManyRequests, "signin.html", &page{Title: "Sign in", Data: d})
		return
	}
	u, err := s.store.User(r.Context(), email)
	if err != nil && !errors.Is(err, workspace.ErrNotFound) {
		s.fail(w, r, err)
		return
	}
	good := false
	if err == nil && !u.Disabled {
		if good, err = auth.CheckPassword(u.PasswordHash, pw); err != nil {
			s.fail(w, r, err)
			return
		}
	} else {
		// as slow as a real check, so that timing tells no email apart
		auth.CheckPassword(s.dummyHash, pw)
	}
	if !good {
		s.limiter.Failed(email, addr, now)
		d.Error = "The email or the password is wrong (or the user is disabled)."
		s.render(w, r, http.StatusUnauthorized, "signin.html", &page{Title: "Sign in", Data: d})
		return
	}
	s.limiter.Succeeded(email, addr)
	secret, hash, err := auth.NewSecret("")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.CreateSession(r.Context(), workspace.Session{Hash: hash, Email: u.Email, CreatedAt: now, LastSeen: now, Addr: addr}); err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(auth.AbsoluteTimeout.Seconds())})
	http.Redirect(w, r, d.Next, http.StatusSeeOther)
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := s.store.DeleteSession(r.Context(), auth.HashSecret(c.Value)); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	clearCookie(w, r)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// audit records a change made from the dashboard or the API.
func (s *Server) audit(r *http.Request, action, target, detail string) error {
	return s.store.AddAudit(r.Context(), workspace.AuditEntry{At: s.o.Now(), Actor: s.user(r), Action: action,
		Target: target, Detail: detail, Addr: clientAddr(r)})
}

// forbidden answers a request the principal may not make.
func (s *Server) forbidden(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		apiError(w, http.StatusForbidden, "forbidden", "your role does not allow this")
		return
	}
	s.render(w, r, http.StatusForbidden, "message.html", &page{Title: "Not allowed", Data: message{
		Heading: "Not allowed", Text: "Your role does not allow this. Ask an admin."}})
}
