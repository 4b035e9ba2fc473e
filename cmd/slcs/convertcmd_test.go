package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// salesforceExport writes a small export folder, with one task of an
// account that is not exported.
func salesforceExport(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"User.csv": `"Id","Email","FirstName","LastName"
"0055g00000AAAAA","ann@ourco.example","Ann","Lee"
`,
		"Account.csv": `"Id","Name","Industry","NumberOfEmployees","OwnerId","Website"
"0015g00000BBBBB","Acme GmbH","Manufacturing","120","0055g00000AAAAA","https://www.acme.example/about"
"0015g00000CCCCC","Bolt Ltd","Retail","","0055g00000AAAAA",""
`,
		"Contact.csv": `"Id","AccountId","Email","FirstName","LastName"
"0035g00000DDDDD","0015g00000BBBBB","carl@acme.example","Carl","Meyer"
`,
		"Task.csv": `"Id","AccountId","WhoId","OwnerId","ActivityDate","Subject","TaskSubtype","CallType","CallDurationInSeconds"
"00T5g00000EEEEE","0015g00000BBBBB","0035g00000DDDDD","0055g00000AAAAA","2026-10-01","Call","Call","Outbound","600"
"00T5g00000FFFFF","0015g00000ZZZZZ","","0055g00000AAAAA","2026-10-02","Email: hello","Email","",""
`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestConvertSalesforce(t *testing.T) {
	src := salesforceExport(t)
	out := filepath.Join(t.TempDir(), "portfolio")
	code, stdout, stderr := runCmd(t, "convert", "salesforce", src, "--out", out)
	if code != 0 {
		t.Fatalf("convert: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Account.csv", "accounts.csv", "LEFT OUT", "Task.csv: 1 skipped"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the report lacks %q:\n%s", want, stdout)
		}
	}
	accounts := readFile(t, filepath.Join(out, "accounts.csv"))
	if !strings.Contains(accounts, "Acme GmbH") || !strings.Contains(accounts, "acme.example") {
		t.Errorf("accounts.csv:\n%s", accounts)
	}
	if code, _, stderr := runCmd(t, "classify", out, "--format", "csv", "-o", filepath.Join(t.TempDir(), "c.csv")); code != 0 {
		t.Errorf("classify the converted folder: exit %d: %s", code, stderr)
	}
	// a dry run writes nothing
	dry := filepath.Join(t.TempDir(), "dry")
	if code, stdout, _ := runCmd(t, "convert", "salesforce", src, "--out", dry, "--dry-run"); code != 0 || !strings.Contains(stdout, "accounts.csv") {
		t.Errorf("dry run: exit %d:\n%s", code, stdout)
	}
	if _, err := os.Stat(filepath.Join(dry, "accounts.csv")); err == nil {
		t.Errorf("a dry run wrote accounts.csv")
	}
	if code, _, _ := runCmd(t, "convert", "salesforce", src); code != 2 {
		t.Errorf("convert without --out: exit %d, want 2", code)
	}
	if code, _, stderr := runCmd(t, "convert", "salesforce", t.TempDir(), "--out", out); code != 1 || !strings.Contains(stderr, "Account.csv") {
		t.Errorf("an export without Account.csv: exit %d: %s", code, stderr)
	}
}

func TestImportSalesforce(t *testing.T) {
	src := salesforceExport(t)
	db := filepath.Join(t.TempDir(), "slcs.db")
	code, stdout, _ := runCmd(t, "import", "salesforce", src, "--db", db, "--dry-run")
	if code != 0 || !strings.Contains(stdout, "nothing was imported") {
		t.Errorf("dry run: exit %d:\n%s", code, stdout)
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("a dry run created the workspace")
	}
	code, stdout, stderr := runCmd(t, "import", "salesforce", src, "--db", db)
	if code != 0 || !strings.Contains(stdout, "accounts              2          0          0") {
		t.Fatalf("import: exit %d:\n%s%s", code, stdout, stderr)
	}
	// again: nothing changes
	if _, stdout, _ := runCmd(t, "import", "salesforce", src, "--db", db); !strings.Contains(stdout, "accounts              0          0          2") {
		t.Errorf("importing again:\n%s", stdout)
	}
}

// hubspotExport writes a small HubSpot export: companies and calls, one
// call not completed.
func hubspotExport(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"companies.csv": `"Record ID","Company name","Company Domain Name","Company owner"
"11","Acme GmbH","acme.example","ann@ourco.example"
"12","Bolt Ltd","bolt.example","ann@ourco.example"
`,
		"calls.csv": `"Record ID","Activity date","Call direction","Call duration","Call status","Activity assigned to","Associated Company IDs"
"21","2026-10-01 23:30","OUTBOUND","600000","COMPLETED","ann@ourco.example","11"
"22","2026-10-02 10:00","OUTBOUND","60000","NO_ANSWER","ann@ourco.example","11"
`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestConvertAndImportHubSpot(t *testing.T) {
	src := hubspotExport(t)
	out := filepath.Join(t.TempDir(), "portfolio")
	code, stdout, stderr := runCmd(t, "convert", "hubspot", filepath.Join(src, "companies.csv"), filepath.Join(src, "calls.csv"), "--out", out, "--timezone", "Asia/Tokyo")
	if code != 0 {
		t.Fatalf("convert: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "calls.csv: 1 skipped: call status NO_ANSWER") {
		t.Errorf("the report lacks the dropped call:\n%s", stdout)
	}
	// 23:30 in Tokyo is 14:30 UTC the same day
	if acts := readFile(t, filepath.Join(out, "activities.csv")); !strings.Contains(acts, "21,11,2026-10-01T14:30:00Z,call,outbound,ann@ourco.example,,10") {
		t.Errorf("activities.csv:\n%s", acts)
	}
	if code, _, stderr := runCmd(t, "convert", "hubspot", src, "--out", out, "--timezone", "Mars/Olympus"); code != 2 || !strings.Contains(stderr, "IANA") {
		t.Errorf("a bad zone: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "convert", "hubspot", filepath.Join(src, "calls.csv"), "--dry-run"); code != 1 || !strings.Contains(stderr, "no companies file") {
		t.Errorf("no companies: exit %d: %s", code, stderr)
	}
	db := filepath.Join(t.TempDir(), "slcs.db")
	code, stdout, stderr = runCmd(t, "import", "hubspot", src, "--db", db)
	if code != 0 || !strings.Contains(stdout, "accounts              2          0          0") {
		t.Fatalf("import: exit %d:\n%s%s", code, stdout, stderr)
	}
}

func TestConvertAndImportCSV(t *testing.T) {
	example := filepath.Join("..", "..", "examples", "mapping")
	src, m := filepath.Join(example, "export"), filepath.Join(example, "mapping.toml")
	out := filepath.Join(t.TempDir(), "portfolio")
	code, stdout, stderr := runCmd(t, "convert", "csv", src, "--mapping", m, "--out", out)
	if code != 0 {
		t.Fatalf("convert: exit %d: %s", code, stderr)
	}
	for _, f := range []string{"accounts.csv", "team.csv", "activities.csv", "revenue.csv"} {
		if got, want := readFile(t, filepath.Join(out, f)), readFile(t, filepath.Join(example, "portfolio", f)); got != want {
			t.Errorf("%s differs from the example's:\n%s\nwant\n%s", f, got, want)
		}
	}
	if !strings.Contains(stdout, "Aktivitaeten.csv: 1 skipped: not kept") {
		t.Errorf("the report:\n%s", stdout)
	}
	if code, _, stderr := runCmd(t, "convert", "csv", src, "--out", out); code != 2 || !strings.Contains(stderr, "--mapping") {
		t.Errorf("without --mapping: exit %d: %s", code, stderr)
	}
	bad := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(bad, []byte("[[accounts]]\nfile = \"Firmen.csv\"\n[accounts.fields\n"), 0o644)
	if code, _, stderr := runCmd(t, "convert", "csv", src, "--mapping", bad, "--dry-run"); code != 1 || !strings.Contains(stderr, "bad.toml: line ") {
		t.Errorf("a broken mapping file: exit %d: %s", code, stderr)
	}
	db := filepath.Join(t.TempDir(), "slcs.db")
	code, stdout, stderr = runCmd(t, "import", "csv", src, "--mapping", m, "--db", db)
	if code != 0 || !strings.Contains(stdout, "accounts              6          0          0") {
		t.Fatalf("import: exit %d:\n%s%s", code, stdout, stderr)
	}
}

func TestHubSpotMappingFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "Unternehmen.csv"), []byte("Datensatz-ID,Name des Unternehmens,Zuständig\n1,Ahorn AG,Jana Dorn\n"), 0o644)
	m := filepath.Join(t.TempDir(), "de.toml")
	os.WriteFile(m, []byte("[labels]\n\"Datensatz-ID\" = \"hs_object_id\"\n\"Name des Unternehmens\" = \"name\"\n\"Zuständig\" = \"hubspot_owner_id\"\n[owners]\n\"Jana Dorn\" = \"jana@unsere.example\"\n"), 0o644)
	out := filepath.Join(t.TempDir(), "p")
	if code, _, stderr := runCmd(t, "convert", "hubspot", dir, "--mapping", m, "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if acc := readFile(t, filepath.Join(out, "accounts.csv")); !strings.Contains(acc, "1,Ahorn AG,jana@unsere.example") {
		t.Errorf("accounts.csv:\n%s", acc)
	}
	if code, _, stderr := runCmd(t, "convert", "hubspot", dir, "--out", out); code != 1 || !strings.Contains(stderr, "Unternehmen.csv") {
		t.Errorf("without the labels: exit %d: %s", code, stderr)
	}
}
