package crm

import (
	"io"
	"sync"
)

// AsyncWriter buffers what is written to it and hands each full buffer to
// a goroutine that writes it to the underlying writer, so that producing
// the output and writing it to disk run side by side. Close must be called
// to write the rest and learn of any error.
type AsyncWriter struct {
	w    io.Writer
	buf  []byte
	full chan []byte
	free chan []byte
	done chan struct{}
	mu   sync.Mutex
	err  error
}

// NewAsyncWriter returns an AsyncWriter writing to w in chunks of size
// bytes, with two chunks in flight at most.
func NewAsyncWriter(w io.Writer, size int) *AsyncWriter {
	a := &AsyncWriter{w: w, full: make(chan []byte, 2), free: make(chan []byte, 3), done: make(chan struct{})}
	for range 3 {
		a.free <- make([]byte, 0, size)
	}
	a.buf = <-a.free
	go a.loop()
	return a
}

func (a *AsyncWriter) loop() {
	defer close(a.done)
	for b := range a.full {
		if a.error() == nil {
			if _, err := a.w.Write(b); err != nil {
				a.mu.Lock()
				a.err = err
				a.mu.Unlock()
			}
		}
		a.free <- b[:0]
	}
}

func (a *AsyncWriter) error() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.err
}

// Write buffers p; it reports an error of an earlier write.
func (a *AsyncWriter) Write(p []byte) (int, error) {
	if err := a.error(); err != nil {
		return 0, err
	}
	n := len(p)
	for len(p) > 0 {
		room := cap(a.buf) - len(a.buf)
		if room == 0 {
			a.full <- a.buf
			a.buf = <-a.free
			continue
		}
		k := min(room, len(p))
		a.buf = append(a.buf, p[:k]...)
		p = p[k:]
	}
	return n, nil
}

// Close writes what is buffered, waits for the writes to end and returns
// the first error of any. It does not close the underlying writer.
func (a *AsyncWriter) Close() error {
	if a.full == nil {
		return a.error()
	}
	if len(a.buf) > 0 {
		a.full <- a.buf
	}
	close(a.full)
	<-a.done
	a.full = nil
	return a.error()
}
