package crm

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/slcs/slcs/atomicfile"
)

// Start creates the folder out and begins its activities.csv in batch;
// with out == "" (a dry run) the activities go nowhere.
func Start(batch *atomicfile.Batch, out string) (io.Writer, error) {
	if out == "" {
		return io.Discard, nil
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", out, err)
	}
	return batch.Create(filepath.Join(out, "activities.csv"))
}

// File is a portfolio file a conversion writes at its end.
type File struct {
	Name  string // accounts.csv, team.csv, …
	Write func(io.Writer) error
}

// Finish writes files into the folder out as part of batch and commits the
// batch, all or nothing; with out == "" (a dry run) it writes them to
// nowhere, for what they report.
func Finish(batch *atomicfile.Batch, out string, files ...File) error {
	for _, f := range files {
		if out == "" {
			if err := f.Write(io.Discard); err != nil {
				return err
			}
			continue
		}
		if err := batch.Write(filepath.Join(out, f.Name), f.Write); err != nil {
			batch.Abort()
			return err
		}
	}
	if out == "" {
		return nil
	}
	return batch.Commit()
}
