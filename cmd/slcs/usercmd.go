package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/slcs/slcs/auth"
	"github.com/slcs/slcs/workspace"
)

// audit records a change made from the command line.
func audit(ctx context.Context, st workspace.Store, action, target, detail string) error {
	return st.AddAudit(ctx, workspace.AuditEntry{At: time.Now(), Actor: whoAmI(), Action: action, Target: target,
		Detail: detail, Addr: "cli"})
}

func newUser(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "Add, list, disable users of the dashboard, and set their passwords",
		Long: `Users sign in to the dashboard and the API of 'slcs serve'. Each has a role:

  admin    users, settings and imports, and everything a leader may
  leader   every account; overrides; classifications
  seller   only the accounts they own, and overrides on them
  viewer   every account, read-only

A seller is linked to the owner email of their accounts (--seller, by default
their own email).`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newUserAdd(e), newUserList(e), newUserDisable(e), newUserPasswd(e))
	return cmd
}

// readPassword reads a new password: from standard input with
// --password-stdin, else twice from the terminal.
func readPassword(e *env, fromStdin bool, stdin io.Reader) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", err
		}
		pw := strings.TrimRight(line, "\r\n")
		return pw, auth.ValidPassword(pw)
	}
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", usageError{errors.New("no terminal to ask the password on: give it on standard input with --password-stdin")}
	}
	fmt.Fprint(e.stderr, "New password: ")
	a, err := term.ReadPassword(fd)
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", err
	}
	if err := auth.ValidPassword(string(a)); err != nil {
		return "", err
	}
	fmt.Fprint(e.stderr, "Again: ")
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", err
	}
	if string(a) != string(b) {
		return "", errors.New("the two passwords differ; nothing was changed")
	}
	return string(a), nil
}

// openUser opens the workspace and finds a user in it.
func openUser(ctx context.Context, db, email string) (workspace.Store, workspace.User, error) {
	st, err := openWorkspace(ctx, db, false)
	if err != nil {
		return nil, workspace.User{}, err
	}
	email = strings.ToLower(strings.TrimSpace(email))
	u, err := st.User(ctx, email)
	if err != nil {
		st.Close()
		if errors.Is(err, workspace.ErrNotFound) {
			return nil, u, fmt.Errorf("there is no user %s", email)
		}
		return nil, u, err
	}
	return st, u, nil
}

func newUserAdd(e *env) *cobra.Command {
	var db, role, seller string
	var stdin bool
	cmd := &cobra.Command{
		Use:   "add EMAIL --role admin|leader|seller|viewer",
		Short: "Add a user, asking for the password",
		Long: `Add a user who signs in to 'slcs serve' with EMAIL and a password. The
password (12 characters or more) is asked twice on the terminal, or read from
standard input with --password-stdin; only a slow hash of it is kept.`,
		Example: `  slcs user add ann@ourco.example --role admin
  echo "$PASSWORD" | slcs user add bob@ourco.example --role seller --password-stdin`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			email := strings.ToLower(strings.TrimSpace(a[0]))
			if !strings.Contains(email, "@") {
				return usageError{fmt.Errorf("%q is not an email address", a[0])}
			}
			r := workspace.Role(role)
			if !r.Valid() {
				return usageError{fmt.Errorf("--role must be admin, leader, seller or viewer, not %q", role)}
			}
			if seller != "" && r != workspace.RoleSeller {
				return usageError{errors.New("--seller is for users of role seller")}
			}
			pw, err := readPassword(e, stdin, cmd.InOrStdin())
			if err != nil {
				return err
			}
			hash, err := auth.HashPassword(pw)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			st, err := openWorkspace(ctx, db, true)
			if err != nil {
				return err
			}
			defer st.Close()
			u := workspace.User{Email: email, Role: r, PasswordHash: hash, CreatedAt: time.Now().UTC()}
			if r == workspace.RoleSeller {
				u.Seller = email
				if seller != "" {
					u.Seller = strings.ToLower(strings.TrimSpace(seller))
				}
			}
			if err := st.AddUser(ctx, u); err != nil {
				if errors.Is(err, workspace.ErrExists) {
					return fmt.Errorf("there is already a user %s: use 'slcs user passwd' to change the password", email)
				}
				return err
			}
			if err := audit(ctx, st, "user.add", email, "role "+role); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Added %s, %s.\n", email, role)
			return nil
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVar(&role, "role", "", "admin, leader, seller or viewer (required)")
	cmd.Flags().StringVar(&seller, "seller", "", "for a seller: the owner email of their accounts (default: EMAIL)")
	cmd.Flags().BoolVar(&stdin, "password-stdin", false, "read the password from standard input (one line)")
	return cmd
}

func newUserList(e *env) *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the users",
		Long:  "List every user: email, role, the seller book of a seller, and whether they may sign in.",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := openWorkspace(ctx, db, false)
			if err != nil {
				return err
			}
			defer st.Close()
			users, err := st.Users(ctx)
			if err != nil {
				return err
			}
			if len(users) == 0 {
				fmt.Fprintln(e.stdout, "No user yet: add one with 'slcs user add EMAIL --role admin'.")
				return nil
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "EMAIL\tROLE\tSELLER\tSTATUS\tSINCE")
			for _, u := range users {
				status := "active"
				if u.Disabled {
					status = "disabled"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Email, u.Role, u.Seller, status, u.CreatedAt.Format("2006-01-02"))
			}
			return tw.Flush()
		},
	}
	dbFlag(cmd, &db)
	return cmd
}

func newUserDisable(e *env) *cobra.Command {
	var db string
	var enable bool
	cmd := &cobra.Command{
		Use:   "disable EMAIL",
		Short: "Disable a user: they are signed out and can no longer sign in",
		Long: `Disable a user: their sessions end, they cannot sign in, and their API tokens
stop working. --enable lets them in again. Their records stay in the audit log.`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			ctx := cmd.Context()
			st, u, err := openUser(ctx, db, a[0])
			if err != nil {
				return err
			}
			defer st.Close()
			email := u.Email
			u.Disabled = !enable
			if err := st.UpdateUser(ctx, u); err != nil {
				return err
			}
			action := "user.enable"
			if !enable {
				action = "user.disable"
				if err := st.DeleteSessions(ctx, email, time.Time{}); err != nil {
					return err
				}
			}
			if err := audit(ctx, st, action, email, ""); err != nil {
				return err
			}
			if enable {
				fmt.Fprintf(e.stdout, "Enabled %s.\n", email)
			} else {
				fmt.Fprintf(e.stdout, "Disabled %s and ended their sessions; their API tokens no longer work.\n", email)
			}
			return nil
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().BoolVar(&enable, "enable", false, "enable the user again")
	return cmd
}

func newUserPasswd(e *env) *cobra.Command {
	var db string
	var stdin bool
	cmd := &cobra.Command{
		Use:   "passwd EMAIL",
		Short: "Set a user's password; their sessions end",
		Long: `Set a user's password, asked twice on the terminal or read from standard input
with --password-stdin. Their sessions end: they sign in again.`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			ctx := cmd.Context()
			st, u, err := openUser(ctx, db, a[0])
			if err != nil {
				return err
			}
			defer st.Close()
			email := u.Email
			pw, err := readPassword(e, stdin, cmd.InOrStdin())
			if err != nil {
				return err
			}
			if u.PasswordHash, err = auth.HashPassword(pw); err != nil {
				return err
			}
			if err := st.UpdateUser(ctx, u); err != nil {
				return err
			}
			if err := st.DeleteSessions(ctx, email, time.Time{}); err != nil {
				return err
			}
			if err := audit(ctx, st, "user.passwd", email, ""); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Set the password of %s; their sessions ended.\n", email)
			return nil
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().BoolVar(&stdin, "password-stdin", false, "read the password from standard input (one line)")
	return cmd
}

func newToken(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Create, list and revoke API tokens",
		Long: `An API token lets a script or a CRM sync job use the REST API of 'slcs serve'
as a user: send it as 'Authorization: Bearer TOKEN'. It is shown once, when
created; the workspace keeps only a hash of it.`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newTokenCreate(e), newTokenList(e), newTokenRevoke(e))
	return cmd
}

func newTokenCreate(e *env) *cobra.Command {
	var db, user, name, expires string
	cmd := &cobra.Command{
		Use:   "create --user EMAIL --name NAME [--expires DATE]",
		Short: "Create an API token for a user, and print it once",
		Long: `Create an API token that acts as a user, for a script or a CRM sync job. The
token is printed once, on standard output; the workspace keeps only its hash.`,
		Example: `  slcs token create --user revops@ourco.example --name "nightly CRM sync" --expires 2027-06-30`,
		Args:    args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if user == "" || strings.TrimSpace(name) == "" {
				return usageError{errors.New("give the token's user with --user EMAIL and a name with --name NAME")}
			}
			t := workspace.Token{Email: strings.ToLower(strings.TrimSpace(user)), Name: strings.TrimSpace(name), CreatedAt: time.Now().UTC()}
			if expires != "" {
				d, err := time.Parse("2006-01-02", expires)
				if err != nil {
					return usageError{fmt.Errorf("--expires must be a date YYYY-MM-DD, not %q", expires)}
				}
				t.Expires = d.Add(24 * time.Hour).UTC() // the end of that day
				if !t.Expires.After(time.Now()) {
					return usageError{fmt.Errorf("--expires %s is in the past", expires)}
				}
			}
			ctx := cmd.Context()
			st, err := openWorkspace(ctx, db, false)
			if err != nil {
				return err
			}
			defer st.Close()
			u, err := st.User(ctx, t.Email)
			if err != nil {
				if errors.Is(err, workspace.ErrNotFound) {
					return fmt.Errorf("there is no user %s: add them with 'slcs user add'", t.Email)
				}
				return err
			}
			if u.Disabled {
				return fmt.Errorf("%s is disabled", t.Email)
			}
			secret, hash, err := auth.NewSecret(auth.TokenPrefix)
			if err != nil {
				return err
			}
			t.Hash = hash
			id, err := st.CreateToken(ctx, t)
			if err != nil {
				return err
			}
			if err := audit(ctx, st, "token.create", t.Email, fmt.Sprintf("token %d %q", id, t.Name)); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "Token %d %q for %s. Copy it now: it is not shown again.\n", id, t.Name, t.Email)
			fmt.Fprintln(e.stdout, secret)
			return nil
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVar(&user, "user", "", "the user the token acts as (required)")
	cmd.Flags().StringVar(&name, "name", "", "what the token is for (required)")
	cmd.Flags().StringVar(&expires, "expires", "", "the last day the token works, YYYY-MM-DD (default: until revoked)")
	return cmd
}

func newTokenList(e *env) *cobra.Command {
	var db, user string
	cmd := &cobra.Command{
		Use:   "list [--user EMAIL]",
		Short: "List API tokens by name and last use",
		Long:  "List API tokens (never the secrets): id, user, name, dates, last use and whether they are in force.",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := openWorkspace(ctx, db, false)
			if err != nil {
				return err
			}
			defer st.Close()
			list, err := st.Tokens(ctx, strings.ToLower(strings.TrimSpace(user)))
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tUSER\tNAME\tCREATED\tEXPIRES\tLAST USED\tSTATUS")
			day := func(t time.Time, zero string) string {
				if t.IsZero() {
					return zero
				}
				return t.Format("2006-01-02")
			}
			for _, t := range list {
				status := "in force"
				switch {
				case !t.Revoked.IsZero():
					status = "revoked " + day(t.Revoked, "")
				case !t.Expires.IsZero() && !t.Expires.After(time.Now()):
					status = "expired"
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Email, t.Name, day(t.CreatedAt, ""),
					day(t.Expires.Add(-time.Nanosecond), "never"), day(t.LastUsed, "never"), status)
			}
			return tw.Flush()
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVar(&user, "user", "", "only the tokens of this user")
	return cmd
}

func newTokenRevoke(e *env) *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:   "revoke ID",
		Short: "Revoke an API token (see 'slcs token list' for ids)",
		Long:  "Revoke an API token: from now on the API refuses it.",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := strconv.ParseInt(a[0], 10, 64)
			if err != nil {
				return usageError{fmt.Errorf("the token id is a number, not %q", a[0])}
			}
			ctx := cmd.Context()
			st, err := openWorkspace(ctx, db, false)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.RevokeToken(ctx, id, time.Now().UTC()); err != nil {
				if errors.Is(err, workspace.ErrNotFound) {
					return fmt.Errorf("there is no token %d in force", id)
				}
				return err
			}
			if err := audit(ctx, st, "token.revoke", a[0], ""); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Revoked token %d.\n", id)
			return nil
		},
	}
	dbFlag(cmd, &db)
	return cmd
}
