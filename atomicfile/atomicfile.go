// Package atomicfile writes output files so that a reader never sees half of
// one: each is written to a temporary file beside it and renamed into place
// only when every file of the batch was written whole.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Batch is a set of files committed together.
type Batch struct {
	files []*pending
}

type pending struct {
	tmp    *os.File
	path   string
	direct bool // written in place: a device or pipe such as /dev/stdout
}

// Create starts a file of the batch. Write to it, then Commit the batch.
// A path that names something other than a regular file (/dev/stdout, a
// named pipe) is written in place, since it cannot be replaced.
func (b *Batch) Create(path string) (io.Writer, error) {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return nil, fmt.Errorf("cannot write %s: it is a folder", path)
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("cannot write %s: %w", path, err)
		}
		b.files = append(b.files, &pending{tmp: f, path: path, direct: true})
		return f, nil
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	b.files = append(b.files, &pending{tmp: tmp, path: path})
	return tmp, nil
}

// File is Create for a regular file: it returns the temporary file itself,
// which can be read back and rewritten before Commit.
func (b *Batch) File(path string) (*os.File, error) {
	w, err := b.Create(path)
	if err != nil {
		return nil, err
	}
	if p := b.files[len(b.files)-1]; p.direct {
		return nil, fmt.Errorf("cannot write %s: it is not a regular file", path)
	}
	return w.(*os.File), nil
}

// Write adds a file whose content write produces, buffered.
func (b *Batch) Write(path string, write func(w io.Writer) error) error {
	f, err := b.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := write(bw); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// Commit syncs every file and renames each into place.
func (b *Batch) Commit() error {
	for _, p := range b.files {
		if p.direct {
			continue
		}
		if err := p.tmp.Sync(); err != nil {
			b.Abort()
			return fmt.Errorf("writing %s: %w", p.path, err)
		}
		if err := p.tmp.Chmod(0o644); err != nil {
			b.Abort()
			return fmt.Errorf("writing %s: %w", p.path, err)
		}
	}
	var errs []error
	for _, p := range b.files {
		if err := p.tmp.Close(); err != nil {
			errs = append(errs, fmt.Errorf("writing %s: %w", p.path, err))
		}
	}
	if len(errs) > 0 {
		b.remove()
		return errors.Join(errs...)
	}
	for _, p := range b.files {
		if p.direct {
			continue
		}
		if err := os.Rename(p.tmp.Name(), p.path); err != nil {
			b.remove()
			return fmt.Errorf("cannot write %s: %w", p.path, err)
		}
	}
	b.files = nil
	return nil
}

// Abort removes the temporary files; nothing of the batch is written.
func (b *Batch) Abort() {
	for _, p := range b.files {
		p.tmp.Close()
	}
	b.remove()
}

func (b *Batch) remove() {
	for _, p := range b.files {
		if !p.direct {
			os.Remove(p.tmp.Name())
		}
	}
	b.files = nil
}
