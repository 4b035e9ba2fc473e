package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestCommitWritesAllFiles(t *testing.T) {
	dir := t.TempDir()
	var b Batch
	for _, name := range []string{"a.csv", "b.csv"} {
		if err := b.Write(filepath.Join(dir, name), func(w io.Writer) error {
			_, err := io.WriteString(w, "content of "+name)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a.csv", "b.csv"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != "content of "+name {
			t.Errorf("%s = %q, %v", name, got, err)
		}
	}
	assertOnly(t, dir, "a.csv", "b.csv")
}

func TestFailedWriteLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(old, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	var b Batch
	if err := b.Write(filepath.Join(dir, "new.csv"), func(w io.Writer) error {
		_, err := io.WriteString(w, "half")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	err := b.Write(old, func(w io.Writer) error {
		io.WriteString(w, "half of it")
		return errors.New("disk on fire")
	})
	if err == nil {
		t.Fatal("want the write's error")
	}
	b.Abort()
	got, _ := os.ReadFile(old)
	if string(got) != "previous" {
		t.Errorf("out.csv = %q, want the previous content untouched", got)
	}
	assertOnly(t, dir, "out.csv")
}

func TestDeviceIsWrittenInPlace(t *testing.T) {
	var b Batch
	if err := b.Write(os.DevNull, func(w io.Writer) error {
		_, err := io.WriteString(w, "discarded")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().IsRegular() {
		t.Fatalf("%s became a regular file", os.DevNull)
	}
}

func TestFolderIsRefused(t *testing.T) {
	var b Batch
	if _, err := b.Create(t.TempDir()); err == nil {
		t.Fatal("want an error for a folder")
	}
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("folder holds %v, want only %v", got, names)
	}
	for i := range names {
		if got[i] != names[i] {
			t.Fatalf("folder holds %v, want only %v", got, names)
		}
	}
}
