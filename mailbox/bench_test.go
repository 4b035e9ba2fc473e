package mailbox

import (
	"bufio"
	"flag"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// benchBytes is about how much BenchmarkReader reads.
const benchBytes = 200 << 20

var bench struct {
	once  sync.Once
	dir   string
	path  string
	count int
	size  int64
	err   error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

// benchMailbox writes, once, a mailbox of about benchBytes of generated
// messages into a temporary file.
func benchMailbox(b *testing.B) (path string, count int, size int64) {
	bench.once.Do(func() {
		bench.dir, bench.err = os.MkdirTemp("", "mailbox-bench-")
		if bench.err != nil {
			return
		}
		bench.path = filepath.Join(bench.dir, "bench.mbox")
		f, err := os.Create(bench.path)
		if err != nil {
			bench.err = err
			return
		}
		w := bufio.NewWriterSize(f, 1<<20)
		msgs, err := sampleMailbox(w, genOptions{n: 1 << 30, seed: 1, minBody: 2 << 10, maxBody: 50 << 10, maxBytes: benchBytes})
		if err == nil {
			err = w.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		bench.err, bench.count = err, len(msgs)
		if err == nil {
			bench.size = msgs[len(msgs)-1].Offset + msgs[len(msgs)-1].Size
		}
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.path, bench.count, bench.size
}

// BenchmarkReader reads about 200 MB of realistic messages from a file:
// headers of about 1.5 KB with folded Received lines, bodies of 2 to 50 KB,
// some with base64 attachments, some ">From " lines.
func BenchmarkReader(b *testing.B) {
	path, count, size := benchMailbox(b)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		r := NewReader(f, MboxRD)
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		f.Close()
		if n != count {
			b.Fatalf("read %d messages, want %d", n, count)
		}
	}
	b.ReportMetric(float64(count), "msgs/op")
}

var (
	benchOut       = flag.String("mbox", "", "TestWriteBenchMailbox: the mailbox file to write")
	benchBytesFlag = flag.Int64("mbytes", 2<<30, "TestWriteBenchMailbox: about how many bytes to write")
)

// TestWriteBenchMailbox writes a mailbox of generated messages into the
// file given by -mbox, of about -mbytes bytes (for bench/mail.sh); it is
// skipped without -mbox.
func TestWriteBenchMailbox(t *testing.T) {
	if *benchOut == "" {
		t.Skip("no -mbox file")
	}
	f, err := os.Create(*benchOut)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	msgs, err := sampleMailbox(w, genOptions{n: 1 << 30, seed: 1, minBody: 2 << 10, maxBody: 50 << 10, maxBytes: *benchBytesFlag})
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d messages", len(msgs))
}
