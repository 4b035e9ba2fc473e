package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/atomicfile"
	"github.com/slcs/slcs/chart"
	"github.com/slcs/slcs/config"
	"github.com/slcs/slcs/generate"
	"github.com/slcs/slcs/portfolio"
	"github.com/slcs/slcs/sqlite"
	"github.com/slcs/slcs/web"
	"github.com/slcs/slcs/workspace"
)

func newServe(e *env) *cobra.Command {
	var db, addr, cfg string
	var tls serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the dashboard of the workspace in a web browser",
		Long: `Serve the dashboard of the workspace: the portfolio as the two-axis chart,
every account's reasons, the sellers' time, the changes between snapshots,
imports and overrides. The pages show the latest snapshot (run 'slcs classify'
or use the Classify button). Stop it with Ctrl-C.

With no user in the workspace, on a loopback address (the default), it serves
one local user with no sign-in. Anywhere else it needs users ('slcs user add
EMAIL --role admin' first): each signs in and sees what their role allows.
--tls-cert and --tls-key serve HTTPS; behind a reverse proxy that terminates
TLS, give --secure-cookies (docs/operations.md).`,
		Example: `  slcs serve
  slcs serve --addr 127.0.0.1:9000 --db team.db
  slcs serve --addr :8443 --tls-cert cert.pem --tls-key key.pem --db postgres://slcs@db/slcs`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			settings, err := loadSettings(cfg)
			if err != nil {
				return err
			}
			st, err := openWorkspace(cmd.Context(), db, true)
			if err != nil {
				return err
			}
			defer st.Close()
			return serve(cmd.Context(), e, st, addr, dbLocation(db), settings, tls)
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVar(&tls.cert, "tls-cert", "", "serve HTTPS with this certificate (PEM)")
	cmd.Flags().StringVar(&tls.key, "tls-key", "", "the private key of --tls-cert (PEM)")
	cmd.Flags().BoolVar(&tls.secureCookies, "secure-cookies", false, "mark session cookies Secure on plain HTTP (behind a TLS proxy)")
	cmd.Flags().Int64Var(&tls.uploadMB, "upload-limit", 100, "the largest import upload accepted, in MB")
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "the address to listen on")
	cmd.Flags().StringVar(&cfg, "config", "", "a settings file (TOML) for the classifications started from the dashboard")
	return cmd
}

func loadSettings(path string) (slcs.Settings, error) {
	if path == "" {
		return slcs.DefaultSettings(), nil
	}
	return config.Load(path)
}

type serveFlags struct {
	cert, key     string
	secureCookies bool
	uploadMB      int64 // 0: the default
}

// loopback tells whether a listening address is on this machine only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// serve serves the dashboard until the context ends or an interrupt.
func serve(ctx context.Context, e *env, st workspace.Store, addr, location string, settings slcs.Settings, tls serveFlags) error {
	if tls.uploadMB < 0 {
		return usageError{errors.New("--upload-limit must be a number of MB, 1 or more")}
	}
	if (tls.cert == "") != (tls.key == "") {
		return usageError{errors.New("give both --tls-cert and --tls-key")}
	}
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	admin := false
	for _, u := range users {
		admin = admin || (u.Role == workspace.RoleAdmin && !u.Disabled)
	}
	local := len(users) == 0 && loopback(addr)
	if !local && !admin {
		if len(users) > 0 {
			return fmt.Errorf("the workspace has users but no admin in force: add one with 'slcs user add EMAIL --role admin --db %s'", location)
		}
		return fmt.Errorf("serving on %s needs users who sign in, and there is no admin yet: "+
			"add one with 'slcs user add EMAIL --role admin --db %s' (or serve on 127.0.0.1 for yourself alone)", addr, location)
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	srv, err := web.New(st, web.Options{Settings: settings, Location: location, Logger: logger,
		User: func(*http.Request) string { return whoAmI() }, Local: local, LocalUser: whoAmI(), SecureCookies: tls.secureCookies,
		UploadLimit: tls.uploadMB << 20})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w (is another program using it? try --addr 127.0.0.1:0)", addr, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	scheme := "http"
	if tls.cert != "" {
		scheme = "https"
	}
	mode := "sign-in required"
	if local {
		mode = "one local user, no sign-in"
	}
	fmt.Fprintf(e.stdout, "The dashboard of %s is at %s://%s/ (%s; Ctrl-C stops it)\n", location, scheme, ln.Addr(), mode)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() {
		if tls.cert != "" {
			done <- hs.ServeTLS(ln, tls.cert, tls.key)
		} else {
			done <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func newDemo(e *env) *cobra.Command {
	var addr string
	var accounts int
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "See the dashboard on a generated portfolio, with one command",
		Long: `Generate a portfolio of made-up accounts into a temporary workspace, classify
it, and serve the dashboard. Nothing is kept when it stops.`,
		Example: `  slcs demo
  slcs demo --accounts 20000 --addr 127.0.0.1:9000`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if accounts < 1 {
				return usageError{fmt.Errorf("--accounts must be at least 1")}
			}
			dir, err := os.MkdirTemp("", "slcs-demo-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			ctx := cmd.Context()
			st, err := demoWorkspace(ctx, dir, accounts, time.Now())
			if err != nil {
				return err
			}
			defer st.Close()
			return serve(ctx, e, st, addr, "a demo workspace (deleted when it stops)", slcs.DefaultSettings(), serveFlags{})
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "the address to listen on")
	cmd.Flags().IntVar(&accounts, "accounts", 500, "how many accounts to generate")
	return cmd
}

// demoWorkspace generates a portfolio into dir, imports it into a new
// workspace there and classifies it twice (a month apart), so that every
// page, changes included, has something to show.
func demoWorkspace(ctx context.Context, dir string, accounts int, now time.Time) (*sqlite.Store, error) {
	st, err := sqlite.Open(ctx, filepath.Join(dir, "demo.db"))
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*sqlite.Store, error) {
		st.Close()
		return nil, err
	}
	asOf := now.UTC().Truncate(24 * time.Hour)
	for i, day := range []time.Time{asOf.AddDate(0, -1, 0), asOf} {
		data := filepath.Join(dir, fmt.Sprintf("portfolio-%d", i))
		if err := generate.Write(data, generate.Options{Accounts: accounts, Seed: 1, AsOf: day}); err != nil {
			return fail(err)
		}
		imp, err := st.BeginImport(ctx, false)
		if err != nil {
			return fail(err)
		}
		if _, err := portfolio.Import(portfolio.ImportSource{Dir: data}, imp, portfolio.Options{Settings: slcs.DefaultSettings(),
			Today: slcs.DayOf(day)}); err != nil {
			imp.Rollback()
			return fail(err)
		}
		if _, err := imp.Commit(); err != nil {
			return fail(err)
		}
		if _, _, _, err := workspace.Run(ctx, st, workspace.RunOptions{Settings: slcs.DefaultSettings(), AsOf: slcs.DayOf(day),
			HasAsOf: true, Now: now, By: "slcs demo"}); err != nil {
			return fail(err)
		}
	}
	return st, nil
}

func newChart(e *env) *cobra.Command {
	var db, out, seller, industry, segment string
	var snapshot int64
	cmd := &cobra.Command{
		Use:   "chart -o FILE.svg",
		Short: "Write the portfolio chart of a snapshot as an SVG file",
		Long: `Write the quadrant chart of the dashboard (engagement up, potential across,
each account a point coloured by segment and sized by revenue) as an SVG file,
for slides and documents. By default the latest snapshot, every account.`,
		Example: `  slcs chart -o portfolio.svg
  slcs chart -o ann.svg --seller ann@ourco.example --snapshot 3`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usageError{fmt.Errorf("give the file to write with -o FILE.svg (- for standard output)")}
			}
			ctx := cmd.Context()
			st, err := openWorkspace(ctx, db, false)
			if err != nil {
				return err
			}
			defer st.Close()
			snap, err := pickSnapshot(ctx, st, snapshot)
			if err != nil {
				return err
			}
			q := url.Values{"seller": {seller}, "industry": {industry}, "segment": {segment}}
			p, err := web.Chart(snap, q)
			if err != nil {
				return usageError{err}
			}
			var buf bytes.Buffer
			if err := chart.WritePortfolio(&buf, p); err != nil {
				return err
			}
			if out == "-" {
				_, err := e.stdout.Write(buf.Bytes())
				return err
			}
			var batch atomicfile.Batch
			if err := batch.Write(out, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
				batch.Abort()
				return err
			}
			return batch.Commit()
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVarP(&out, "output", "o", "", "the SVG file to write (- for standard output)")
	cmd.Flags().Int64Var(&snapshot, "snapshot", 0, "the snapshot to draw (default: the latest)")
	cmd.Flags().StringVar(&seller, "seller", "", "only the accounts of this seller (the owner's email)")
	cmd.Flags().StringVar(&industry, "industry", "", "only the accounts of this industry")
	cmd.Flags().StringVar(&segment, "segment", "", "only the accounts of this segment: key, maintenance, growth_potential or service")
	return cmd
}

// pickSnapshot returns the snapshot of that id, or the latest for 0.
func pickSnapshot(ctx context.Context, st workspace.Store, id int64) (*workspace.Snapshot, error) {
	if id == 0 {
		infos, err := st.Snapshots(ctx)
		if err != nil {
			return nil, err
		}
		if len(infos) == 0 {
			return nil, errors.New("the workspace has no snapshot yet: run 'slcs classify' first")
		}
		id = infos[len(infos)-1].ID
	}
	return st.Snapshot(ctx, id)
}
