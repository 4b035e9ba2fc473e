package portfolio

import (
	"bytes"
	"errors"
	"io"
	"os"
	"runtime"
	"sync"
)

// The large files (activities and revenue) are read in chunks of whole
// records, parsed and checked on every core, and applied to the model in
// file order by one goroutine, so that the result, the problems reported and
// their order are those of reading the file row by row.
//
// A chunk ends at a line end outside quotes. In well-formed CSV, a line end
// is inside quotes exactly when an odd number of quote characters precede
// it. Malformed CSV breaks that rule, so at the first syntax error the scan
// goes on row by row from that record.

const chunkSize = 1 << 20

// chunk holds whole records of a file.
type chunk struct {
	data   []byte
	line   int   // physical lines before data
	offset int64 // byte offset of data in the file
	buf    *[]byte
}

// chunkBuffers recycles the chunks' memory: a large file is read through a
// few buffers rather than a new megabyte for every chunk.
var chunkBuffers = sync.Pool{New: func() any { b := make([]byte, 0, chunkSize); return &b }}

// batch is what a worker made of one chunk.
type batch struct {
	acts     []actRec
	revs     []revRec
	items    [][]byte // people items and product names, pointing into arena
	arena    []byte
	problems []*RowError
	bytes    int64 // size of the chunk, for progress
	// stop is set when the chunk hit a CSV syntax error: the batch holds
	// the records before it, and the scan must go on row by row from there.
	stop *stopPoint
}

type stopPoint struct {
	line   int   // physical lines before the bad record
	offset int64 // byte offset of the bad record
}

func (b *batch) reset() {
	b.acts, b.revs, b.items, b.arena, b.problems = b.acts[:0], b.revs[:0], b.items[:0], b.arena[:0], nil
	b.stop, b.bytes = nil, 0
}

// addItem copies s into the batch's arena and returns its index in items.
func (b *batch) addItem(s []byte) int32 {
	start := len(b.arena)
	b.arena = append(b.arena, s...)
	b.items = append(b.items, b.arena[start:len(b.arena):len(b.arena)])
	return int32(len(b.items) - 1)
}

// worker parses the records of one chunk into a batch; it must only read
// shared state.
type worker func(t *table, rec [][]byte, line int, b *batch, scratch *scratch)

// scratch is a worker's reusable buffers.
type scratch struct {
	buf   []byte
	items [][]byte
}

// scan runs work over every record of t after its header and apply over the
// batches, in file order. t's reader must be positioned after the header.
func (l *loader) scan(t *table, work worker, apply func(*batch) error) error {
	f, err := os.Open(t.path)
	if err != nil {
		return err
	}
	defer f.Close()
	start, line := t.r.offset, t.r.line
	l.done = t.base + start // what the header's reader read ahead is not progress
	if _, err := f.Seek(start, io.SeekStart); err != nil {
		return err
	}
	stop, err := l.scanParallel(t, f, start, line, work, apply)
	if err != nil || stop == nil {
		return err
	}
	// row by row from the first syntax error
	if _, err := f.Seek(stop.offset, io.SeekStart); err != nil {
		return err
	}
	r := newCSVReader(f)
	r.first, r.line, r.offset = false, stop.line, stop.offset
	seq := &table{path: t.path, cols: t.cols, idx: t.idx, n: t.n, l: l, r: r}
	var b batch
	var sc scratch
	for {
		b.reset()
		before := r.offset
		for len(b.acts)+len(b.revs)+len(b.problems) < 4096 {
			rec, err := seq.next()
			if err == io.EOF {
				break
			}
			var re *RowError
			if errors.As(err, &re) {
				b.problems = append(b.problems, re)
				continue
			}
			if err != nil {
				return err
			}
			work(seq, rec, r.recLine, &b, &sc)
		}
		if len(b.acts)+len(b.revs)+len(b.problems) == 0 {
			return nil
		}
		if err := apply(&b); err != nil {
			return err
		}
		l.progress(r.offset - before)
		if l.stop() {
			return nil
		}
	}
}

type job struct {
	c   chunk
	out chan *batch
}

// scanParallel scans f from offset on all cores. It returns where row by
// row reading must go on after a syntax error, or nil when it read all.
func (l *loader) scanParallel(t *table, f *os.File, offset int64, line int, work worker, apply func(*batch) error) (*stopPoint, error) {
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan job, workers)
	order := make(chan chan *batch, 2*workers)
	done := make(chan struct{})
	free := sync.Pool{New: func() any { return new(batch) }}
	var readErr error

	go func() { // the reader: cuts the file into chunks
		defer close(jobs)
		defer close(order)
		readErr = readChunks(f, offset, line, func(c chunk) bool {
			out := make(chan *batch, 1)
			select {
			case order <- out:
			case <-done:
				return false
			}
			jobs <- job{c, out}
			return true
		})
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sc scratch
			for j := range jobs {
				b := free.Get().(*batch)
				b.reset()
				b.bytes = int64(len(j.c.data))
				parseChunk(t, j.c, work, b, &sc)
				chunkBuffers.Put(j.c.buf) // nothing in the batch points into it
				j.out <- b
			}
		}()
	}
	finish := func() {
		close(done)
		for out := range order { // let the reader and workers end
			<-out
		}
		wg.Wait()
	}
	for out := range order {
		b := <-out
		if err := apply(b); err != nil {
			finish()
			return nil, err
		}
		l.progress(b.bytes)
		stop := b.stop
		free.Put(b)
		if stop != nil || l.stop() {
			finish()
			return stop, nil
		}
	}
	wg.Wait()
	return nil, readErr
}

// parseChunk parses the records of one chunk.
func parseChunk(t *table, c chunk, work worker, b *batch, sc *scratch) {
	r := newChunkReader(c.data, c.line, c.offset)
	ct := &table{path: t.path, cols: t.cols, idx: t.idx, n: t.n, r: r}
	for {
		before, lineBefore := r.offset, r.line
		rec, err := ct.next()
		if err == io.EOF {
			return
		}
		if err != nil {
			var re *RowError
			if errors.As(err, &re) && re.syntax {
				// the chunk's end may be wrong from here on
				b.stop = &stopPoint{line: lineBefore, offset: before}
				return
			}
			if re != nil {
				b.problems = append(b.problems, re)
				continue
			}
			b.problems = append(b.problems, &RowError{File: t.path, Line: r.recLine, Rule: err.Error()})
			continue
		}
		work(ct, rec, r.recLine, b, sc)
	}
}

// readChunks reads f from offset, which is at the start of a record after
// line physical lines, and calls send with chunks of whole records until it
// returns false or the file ends.
func readChunks(f *os.File, offset int64, line int, send func(chunk) bool) error {
	var carry []byte
	for {
		bp := chunkBuffers.Get().(*[]byte)
		buf := *bp
		if need := max(chunkSize, 2*len(carry)); cap(buf) < need {
			buf = make([]byte, 0, need)
		}
		buf = append(buf[:0], carry...)
		n, err := io.ReadFull(f, buf[len(carry):cap(buf)])
		buf = buf[:len(carry)+n]
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return err
		}
		cut := len(buf)
		if !eof {
			cut = lastRecordEnd(buf)
		}
		if cut == 0 && !eof {
			// one record longer than the buffer: read more
			carry = append([]byte(nil), buf...)
			*bp = buf
			chunkBuffers.Put(bp)
			continue
		}
		*bp = buf
		c := chunk{data: buf[:cut], line: line, offset: offset, buf: bp}
		line += bytes.Count(c.data, []byte{'\n'})
		offset += int64(cut)
		carry = append(carry[:0], buf[cut:]...)
		if cut > 0 && !send(c) {
			return nil
		}
		if cut == 0 {
			chunkBuffers.Put(bp)
		}
		if eof {
			return nil
		}
	}
}

// lastRecordEnd returns the length of buf up to and including its last line
// end outside quotes, or 0 when there is none. buf starts at a record start.
func lastRecordEnd(buf []byte) int {
	odd := bytes.Count(buf, []byte{'"'})%2 == 1 // quote parity at the end of buf
	for i := len(buf) - 1; i >= 0; i-- {
		switch buf[i] {
		case '"':
			odd = !odd
		case '\n':
			if !odd {
				return i + 1
			}
		}
	}
	return 0
}

func (l *loader) progress(n int64) {
	l.done += n
	if l.o.Progress != nil {
		l.o.Progress(min(l.done, l.total), l.total)
	}
}
