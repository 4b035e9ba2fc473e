package crm

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestAsyncWriter(t *testing.T) {
	var out bytes.Buffer
	w := NewAsyncWriter(&out, 10)
	var want strings.Builder
	for i := range 100 {
		s := strings.Repeat(string(rune('a'+i%26)), i%23)
		want.WriteString(s)
		if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if out.String() != want.String() {
		t.Errorf("wrote %d bytes, want %d in order", out.Len(), want.Len())
	}
	if err := w.Close(); err != nil {
		t.Errorf("a second Close: %v", err)
	}
}

type failing struct{ after int }

func (f *failing) Write(p []byte) (int, error) {
	if f.after <= 0 {
		return 0, errors.New("disk full")
	}
	f.after--
	return len(p), nil
}

func TestAsyncWriterError(t *testing.T) {
	w := NewAsyncWriter(&failing{after: 1}, 4)
	var err error
	for range 100 {
		if _, err = w.Write([]byte("abcdef")); err != nil {
			break
		}
	}
	if cerr := w.Close(); cerr == nil || cerr.Error() != "disk full" {
		t.Errorf("Close = %v, want the write's error", cerr)
	}
	if err == nil {
		t.Error("writes went on without an error after the disk was full")
	}
}
