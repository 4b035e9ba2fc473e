package engage

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestFindInputs(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "Inbox.mbox"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "Inbox.mbox", "mbox"), []byte("apple"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "Inbox.mbox", "Info.plist"), []byte("x"), 0o644))
	must(os.MkdirAll(filepath.Join(dir, "sub"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "sub", "Sent.MBOX"), []byte("sent"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "cal.ics"), []byte("ics"), 0o644))
	thunderbird := filepath.Join(t.TempDir(), "Inbox")
	must(os.WriteFile(thunderbird, []byte("tb"), 0o644))
	zpath := filepath.Join(t.TempDir(), "takeout.zip")
	f, err := os.Create(zpath)
	must(err)
	zw := zip.NewWriter(f)
	for name, body := range map[string]string{"Takeout/Mail/All mail Including Spam and Trash.mbox": "takeout", "Takeout/Calendar/Work.ics": "cal", "__MACOSX/x.mbox": "junk"} {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	must(zw.Close())
	f.Close()

	in, err := FindInputs([]string{dir, thunderbird, zpath}, IsMailbox)
	must(err)
	defer in.Close()
	var got []string
	for _, f := range in.Files {
		rc, err := f.Open()
		must(err)
		b, _ := io.ReadAll(rc)
		rc.Close()
		got = append(got, string(b))
		if f.Size != int64(len(b)) {
			t.Errorf("%s: size %d, read %d", f.Name, f.Size, len(b))
		}
	}
	if want := []string{"apple", "sent", "tb", "takeout"}; !slices.Equal(got, want) {
		t.Errorf("mailboxes read %q, want %q", got, want)
	}
	if !strings.HasSuffix(in.Files[3].Name, "takeout.zip:Takeout/Mail/All mail Including Spam and Trash.mbox") {
		t.Errorf("name in a zip = %s", in.Files[3].Name)
	}
	cal, err := FindInputs([]string{dir, zpath}, IsCalendar)
	must(err)
	defer cal.Close()
	if len(cal.Files) != 2 || cal.Size() != 6 {
		t.Errorf("calendars: %d files of %d bytes", len(cal.Files), cal.Size())
	}
	if _, err := FindInputs([]string{filepath.Join(dir, "missing")}, IsMailbox); err == nil {
		t.Error("a missing path was accepted")
	}
}

func TestFolderDirectory(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "accounts.csv"), []byte("account_id,name,domains\nA1,Alder,alder.example;alder.example.org\nB1,Birch,\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "team.csv"), []byte("email,name\nAnn@Ours.example,Ann\n"), 0o644)
	d, err := FolderDirectory(dir, Options{FreeMailDomains: []string{"gmail.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if k, accs, _ := d.Whose("x@alder.example.org"); k != Client || d.Account(accs[0]).Name != "Alder" {
		t.Errorf("alder.example.org: %v %v", k, accs)
	}
	if k, _, _ := d.Whose("ann@ours.example"); k != Ours {
		t.Errorf("our domain from team.csv: %v", k)
	}
	if _, err := FolderDirectory(t.TempDir(), Options{}); err == nil || !strings.Contains(err.Error(), "accounts.csv") {
		t.Errorf("a folder without accounts.csv: %v", err)
	}
}
