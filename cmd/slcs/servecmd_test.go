package main

import (
	"bufio"
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/slcs/slcs"
)

// wellFormed fails the test unless s parses as XML.
func wellFormed(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
	}
}

func TestChartCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "slcs.db")
	if code, _, stderr := runCmd(t, "import", examplePortfolio, "--db", db); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "chart", "-o", filepath.Join(t.TempDir(), "c.svg"), "--db", db); code != 1 ||
		!strings.Contains(stderr, "run 'slcs classify' first") {
		t.Errorf("chart before any snapshot: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "classify", "--db", db); code != 0 {
		t.Fatalf("classify: exit %d: %s", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "portfolio.svg")
	if code, _, stderr := runCmd(t, "chart", "-o", out, "--db", db); code != 0 {
		t.Fatalf("chart: exit %d: %s", code, stderr)
	}
	svg := readFile(t, out)
	wellFormed(t, svg)
	if !strings.Contains(svg, "150 accounts") || strings.Count(svg, "<circle") < 150 {
		t.Errorf("the chart does not show the 150 accounts")
	}
	// a segment only, to standard output
	code, stdout, _ := runCmd(t, "chart", "-o", "-", "--db", db, "--segment", "key")
	if code != 0 || strings.Count(stdout, `class="pt key"`) == 0 || strings.Contains(stdout, `class="pt service"`) {
		t.Errorf("chart --segment key: exit %d, %d key points, service points: %v", code,
			strings.Count(stdout, `class="pt key"`), strings.Contains(stdout, `class="pt service"`))
	}
	if code, _, stderr := runCmd(t, "chart", "-o", out, "--db", db, "--segment", "gold"); code != 2 || !strings.Contains(stderr, "unknown segment") {
		t.Errorf("chart --segment gold: exit %d: %s", code, stderr)
	}
	if code, _, _ := runCmd(t, "chart", "--db", db); code != 2 {
		t.Errorf("chart without -o: exit %d, want 2", code)
	}
}

func TestDemoWorkspace(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	st, err := demoWorkspace(t.Context(), t.TempDir(), 40, now)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	infos, err := st.Snapshots(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != 2 || infos[0].Accounts != 40 || infos[1].Accounts != 40 || infos[1].AsOf != slcs.DayOf(now) {
		t.Errorf("demo snapshots: %+v", infos)
	}
}

// TestServe starts the dashboard on a free port, fetches a page and stops
// it.
func TestServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "slcs.db")
	if code, _, stderr := runCmd(t, "import", examplePortfolio, "--db", db); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "classify", "--db", db); code != 0 {
		t.Fatalf("classify: exit %d: %s", code, stderr)
	}
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan int, 1)
	go func() {
		root := newRoot(&env{stdout: pw, stderr: io.Discard})
		root.SetArgs([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"})
		err := root.ExecuteContext(ctx)
		pw.Close()
		if err != nil {
			done <- 1
		} else {
			done <- 0
		}
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	u := regexp.MustCompile(`http://\S+/`).FindString(line)
	if u == "" {
		t.Fatalf("serve printed no address: %q", line)
	}
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Key Accounts") {
		t.Errorf("GET %s: %d", u, resp.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve stopped with an error")
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}
