// Command slcs is the Sales Leader Classification System: it places every
// client account of a portfolio in one of four segments (Key, Maintenance,
// Growth Potential, Service), recommends each seller's hours and lists the
// incremental sales opportunities. Run `slcs help` for the commands.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1 // bad input, a bad setting, a file that cannot be read or written
	exitUsage = 2 // a command line that does not parse
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// env is what the commands need from the world, so tests can run them in
// process.
type env struct {
	stdout, stderr io.Writer
	// terminal reports whether stdout (and stderr) are terminals
	stdoutTTY, stderrTTY bool
}

// usageError marks a command line that does not parse.
type usageError struct{ error }

func run(args []string, stdout, stderr io.Writer) int {
	return runIn(args, os.Stdin, stdout, stderr)
}

// runIn runs a command line with the standard input given.
func runIn(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, stdoutTTY: isTerminal(stdout), stderrTTY: isTerminal(stderr)}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ue usageError
	if !errors.As(err, &ue) && strings.HasPrefix(err.Error(), "unknown command") {
		ue = usageError{err} // cobra's own: a misspelt command
	}
	if ue.error != nil {
		fmt.Fprintf(stderr, "slcs: %v\nRun 'slcs help' for usage.\n", ue.error)
		return exitUsage
	}
	fmt.Fprintf(stderr, "slcs: %v\n", err)
	return exitError
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "slcs",
		Short: "Sales Leader Classification System: where each seller's hours should go",
		Long: `slcs places every client account of a portfolio on two axes, engagement and
potential, and so in one of four segments: Key Accounts, Maintenance Accounts,
Growth Potential Accounts and Service Accounts. From that it recommends each
seller's hours by segment and account, audits where their hours actually went,
and lists every account's incremental sales opportunities (ISOs).

A portfolio is a folder of CSV files: accounts.csv, and optionally team.csv,
activities.csv and revenue.csv (docs/portfolio-format.md).

Start with:  slcs classify examples/portfolio`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newClassify(e), newConfig(e), newGenerate(e), newImport(e), newSnapshots(e),
		newChanges(e), newHistory(e), newOverride(e), newBackup(e), newServe(e), newDemo(e), newChart(e), newUser(e), newToken(e), newConvert(e))
	root.CompletionOptions.HiddenDefaultCmd = true
	return root
}

// args wraps a cobra argument check so that its error is a usage error.
func args(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if err := check(cmd, a); err != nil {
			return usageError{err}
		}
		return nil
	}
}
