package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// workspaceDBs are the workspaces the command tests run against: a SQLite
// file, and PostgreSQL when a test server is configured.
func workspaceDBs(t *testing.T) map[string]func(t *testing.T) string {
	dbs := map[string]func(t *testing.T) string{
		"sqlite": func(t *testing.T) string { return filepath.Join(t.TempDir(), "slcs.db") },
	}
	if pg := postgresTestDB(t); pg != nil {
		dbs["postgres"] = pg
	}
	return dbs
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Classifying the workspace gives exactly what classifying the folder gives.
func TestWorkspaceClassifiesLikeTheFolder(t *testing.T) {
	cases := []struct{ name, dir, asOf string }{
		{"plain", "../../testdata/conformance/plain/portfolio", "2026-10-31"},
		{"quirks", "../../testdata/conformance/quirks/portfolio", "2026-10-31"},
		{"quirks-default-asof", "../../testdata/conformance/quirks-default-asof/portfolio", ""},
		{"example", examplePortfolio, ""},
	}
	for name, newDB := range workspaceDBs(t) {
		for _, c := range cases {
			t.Run(name+"/"+c.name, func(t *testing.T) {
				db := newDB(t)
				if code, _, stderr := runCmd(t, "import", c.dir, "--db", db); code != 0 {
					t.Fatalf("import: exit %d: %s", code, stderr)
				}
				out := t.TempDir()
				args := func(prefix string) []string {
					a := []string{"--format", "csv", "-o", filepath.Join(out, prefix+"-c.csv"),
						"--isos", filepath.Join(out, prefix+"-i.csv"), "--audit", filepath.Join(out, prefix+"-a.csv")}
					if c.asOf != "" {
						a = append(a, "--as-of", c.asOf)
					}
					return a
				}
				if code, _, stderr := runCmd(t, append([]string{"classify", c.dir}, args("dir")...)...); code != 0 {
					t.Fatalf("classify DIR: exit %d: %s", code, stderr)
				}
				if code, _, stderr := runCmd(t, append([]string{"classify", "--db", db}, args("ws")...)...); code != 0 {
					t.Fatalf("classify workspace: exit %d: %s", code, stderr)
				}
				for _, f := range []string{"c", "i", "a"} {
					if readFile(t, filepath.Join(out, "dir-"+f+".csv")) != readFile(t, filepath.Join(out, "ws-"+f+".csv")) {
						t.Errorf("%s.csv differs between the folder and the workspace", f)
					}
				}
			})
		}
	}
}

func TestImportCountsAndAllOrNothing(t *testing.T) {
	for name, newDB := range workspaceDBs(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			code, stdout, stderr := runCmd(t, "import", examplePortfolio, "--db", db)
			if code != 0 {
				t.Fatalf("import: exit %d: %s", code, stderr)
			}
			if !strings.Contains(stdout, "accounts            150          0          0") {
				t.Errorf("first import:\n%s", stdout)
			}
			code, stdout, _ = runCmd(t, "import", examplePortfolio, "--db", db)
			if code != 0 || !strings.Contains(stdout, "accounts              0          0        150") ||
				!strings.Contains(stdout, "activities            0          0") {
				t.Errorf("second import changed something:\n%s", stdout)
			}
			// one changed account, through a single-file import
			acc := strings.Replace(readFile(t, filepath.Join(examplePortfolio, "accounts.csv")), "Harbor Holdings Ltd", "Harbor Holdings plc", 1)
			f := filepath.Join(t.TempDir(), "accounts.csv")
			os.WriteFile(f, []byte(acc), 0o644)
			code, stdout, stderr = runCmd(t, "import", f, "--kind", "accounts", "--db", db)
			if code != 0 || !strings.Contains(stdout, "accounts              0          1        149") {
				t.Errorf("changed account: exit %d\n%s%s", code, stdout, stderr)
			}
			// activities of accounts already in the workspace, with one bad row: nothing is written
			acts := readFile(t, filepath.Join(examplePortfolio, "activities.csv"))
			lines := strings.SplitN(acts, "\n", 4)
			bad := lines[0] + "\n" + strings.Replace(lines[1], lines[1][:strings.Index(lines[1], ",")], "NEW1", 1) + "\n" +
				"NEW2,A0000001,2026-02-30,call,,x@ourco.example,,\n"
			f = filepath.Join(t.TempDir(), "acts.csv")
			os.WriteFile(f, []byte(bad), 0o644)
			code, _, stderr = runCmd(t, "import", f, "--kind", "activities", "--db", db)
			if code != 1 || !strings.Contains(stderr, "line 3") || !strings.Contains(stderr, "column date") ||
				!strings.Contains(stderr, "unchanged") {
				t.Errorf("bad import: exit %d: %s", code, stderr)
			}
			code, stdout, _ = runCmd(t, "import", examplePortfolio, "--db", db)
			if code != 0 || !strings.Contains(stdout, "activities            0          0       ") {
				t.Errorf("after the refused import the activities changed:\n%s", stdout)
			}
		})
	}
}

// Snapshots, the stability margin and overrides through the commands.
func TestSnapshotsAndStability(t *testing.T) {
	for name, newDB := range workspaceDBs(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			if code, _, stderr := runCmd(t, "import", examplePortfolio, "--db", db); code != 0 {
				t.Fatal(stderr)
			}
			code, stdout, _ := runCmd(t, "snapshots", "--db", db)
			if code != 0 || !strings.Contains(stdout, "No snapshots yet") {
				t.Errorf("snapshots of a new workspace: %s", stdout)
			}
			for i := range 2 {
				code, stdout, stderr := runCmd(t, "classify", "--db", db, "--as-of", "2026-11-30")
				if code != 0 || !strings.Contains(stdout, "saved as snapshot "+string(rune('1'+i))) {
					t.Fatalf("classify %d: exit %d %s%s", i+1, code, stdout, stderr)
				}
			}
			code, stdout, _ = runCmd(t, "snapshots", "--db", db)
			if code != 0 || !strings.Contains(stdout, "\n1 ") || !strings.Contains(stdout, "\n2 ") || !strings.Contains(stdout, "2026-11-30") {
				t.Errorf("snapshots:\n%s", stdout)
			}
			// a stricter threshold: with the margin, accounts that were high
			// and are within 5 points stay high; without it they fall
			cfg := filepath.Join(t.TempDir(), "s.toml")
			os.WriteFile(cfg, []byte("[engagement]\nthreshold = 53\n"), 0o644)
			out := t.TempDir()
			if code, _, stderr := runCmd(t, "classify", "--db", db, "--as-of", "2026-11-30", "--config", cfg, "--format", "csv", "-o", filepath.Join(out, "held.csv")); code != 0 {
				t.Fatal(stderr)
			}
			if code, _, stderr := runCmd(t, "classify", "--db", db, "--as-of", "2026-11-30", "--config", cfg, "--no-hysteresis", "--format", "csv", "-o", filepath.Join(out, "plain.csv")); code != 0 {
				t.Fatal(stderr)
			}
			high := func(csv string) (n int) {
				for _, l := range strings.Split(csv, "\n")[1:] {
					if strings.Contains(l, ",key,") || strings.Contains(l, ",maintenance,") {
						n++
					}
				}
				return n
			}
			held, plain := high(readFile(t, filepath.Join(out, "held.csv"))), high(readFile(t, filepath.Join(out, "plain.csv")))
			if held <= plain {
				t.Errorf("high-engagement accounts: %d with the margin, %d without; want more with it", held, plain)
			}
		})
	}
}

func TestOverridesChangesHistoryBackup(t *testing.T) {
	for name, newDB := range workspaceDBs(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			if code, _, stderr := runCmd(t, "import", examplePortfolio, "--db", db); code != 0 {
				t.Fatal(stderr)
			}
			code, _, stderr := runCmd(t, "changes", "--db", db)
			if code != 1 || !strings.Contains(stderr, "no snapshot") {
				t.Errorf("changes without snapshots: exit %d: %s", code, stderr)
			}
			if code, _, stderr := runCmd(t, "classify", "--db", db, "--as-of", "2026-10-31"); code != 0 {
				t.Fatal(stderr)
			}
			// usage: a reason is required, the segment must exist, the account too
			for _, a := range [][]string{{"A0000003", "key"}, {"A0000003", "gold", "--reason", "x"}} {
				if code, _, _ := runCmd(t, append([]string{"override", "--db", db}, a...)...); code != exitUsage {
					t.Errorf("override %v: exit %d, want %d", a, code, exitUsage)
				}
			}
			if code, _, stderr := runCmd(t, "override", "NOPE", "key", "--reason", "x", "--db", db); code != 1 || !strings.Contains(stderr, "no account NOPE") {
				t.Errorf("override of an unknown account: exit %d: %s", code, stderr)
			}
			code, stdout, stderr := runCmd(t, "override", "A0000003", "key", "--reason", "board sponsor", "--until", "2099-12-31", "--db", db)
			if code != 0 || !strings.Contains(stdout, "Pinned A0000003") {
				t.Fatalf("override: exit %d: %s%s", code, stdout, stderr)
			}
			out := filepath.Join(t.TempDir(), "c.csv")
			code, stdout, stderr = runCmd(t, "classify", "--db", db, "--as-of", "2026-11-30")
			if code != 0 || !strings.Contains(stdout, "Pinned by overrides (*): 1") || !strings.Contains(stdout, "A0000003 (key") {
				t.Errorf("the report does not show the override:\n%s%s", stdout, stderr)
			}
			if code, _, _ := runCmd(t, "classify", "--db", db, "--as-of", "2026-11-30", "--format", "csv", "-o", out); code != 0 {
				t.Fatal("classify csv")
			}
			if !strings.Contains(readFile(t, out), "\nA0000003,") || !strings.Contains(strings.Split(strings.SplitAfter(readFile(t, out), "\nA0000003,")[1], "\n")[0], ",key,") {
				t.Errorf("A0000003 is not key in the CSV")
			}
			code, stdout, _ = runCmd(t, "override", "--list", "--db", db)
			if code != 0 || !strings.Contains(stdout, "A0000003") || !strings.Contains(stdout, "in force") || !strings.Contains(stdout, "board sponsor") {
				t.Errorf("override --list:\n%s", stdout)
			}
			// changes between the last two snapshots, and between the first and the last
			code, stdout, stderr = runCmd(t, "changes", "--db", db, "--from", "1", "--to", "3")
			if code != 0 || !strings.Contains(stdout, "CHANGES FROM SNAPSHOT 1 TO SNAPSHOT 3") || !strings.Contains(stdout, "pinned by an override") {
				t.Errorf("changes:\n%s%s", stdout, stderr)
			}
			if code, stdout, _ := runCmd(t, "changes", "--db", db, "--format", "json"); code != 0 || !strings.HasPrefix(strings.TrimSpace(stdout), "{") {
				t.Errorf("changes json: %d %s", code, stdout)
			}
			if code, _, stderr := runCmd(t, "changes", "--db", db, "--from", "9"); code != 1 || !strings.Contains(stderr, "no snapshot 9") {
				t.Errorf("changes --from 9: %d %s", code, stderr)
			}
			code, stdout, _ = runCmd(t, "history", "A0000003", "--db", db)
			if code != 0 || strings.Count(stdout, "2026-1") < 3 {
				t.Errorf("history:\n%s", stdout)
			}
			if code, _, _ := runCmd(t, "history", "NOPE", "--db", db); code != 1 {
				t.Errorf("history of an unknown account: exit %d", code)
			}
			code, stdout, _ = runCmd(t, "override", "A0000003", "--lift", "--db", db)
			if code != 0 || !strings.Contains(stdout, "Lifted") {
				t.Errorf("lift: %s", stdout)
			}
			if code, _, _ := runCmd(t, "override", "A0000003", "--lift", "--db", db); code != 1 {
				t.Errorf("lifting twice: exit %d, want 1", code)
			}
			if name == "sqlite" {
				copyPath := filepath.Join(t.TempDir(), "copy.db")
				if code, _, stderr := runCmd(t, "backup", copyPath, "--db", db); code != 0 {
					t.Fatalf("backup: %s", stderr)
				}
				if code, stdout, _ := runCmd(t, "snapshots", "--db", copyPath); code != 0 || !strings.Contains(stdout, "\n3 ") {
					t.Errorf("the backup lacks the snapshots:\n%s", stdout)
				}
			}
		})
	}
}

// An empty workspace is not classified: there is nothing to save.
func TestClassifyEmptyWorkspace(t *testing.T) {
	db := filepath.Join(t.TempDir(), "slcs.db")
	team := writePortfolio(t, map[string]string{"team.csv": "email\nann@ourco.example\n"})
	if code, _, stderr := runCmd(t, "import", filepath.Join(team, "team.csv"), "--kind", "team", "--db", db); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, stderr := runCmd(t, "classify", "--db", db)
	if code != 1 || stdout != "" || !strings.Contains(stderr, "holds no accounts") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, stdout, _ := runCmd(t, "snapshots", "--db", db); !strings.Contains(stdout, "No snapshots yet") {
		t.Errorf("a snapshot was saved:\n%s", stdout)
	}
}
