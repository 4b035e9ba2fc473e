package engage

import (
	"archive/zip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/slcs/slcs/crm"
)

// Input is one file to read: on disk or in a zip file.
type Input struct {
	// Name is the file's path as the user knows it: the path given, or
	// the zip file's path and the entry's ("takeout.zip:Takeout/Mail/All
	// mail.mbox").
	Name string
	Size int64
	open func() (io.ReadCloser, error)
}

// Open opens the file for reading.
func (in Input) Open() (io.ReadCloser, error) { return in.open() }

// Inputs are the files found at paths, and the zip files to close.
type Inputs struct {
	Files []Input
	zips  []*zip.ReadCloser
}

// Close closes the zip files.
func (in *Inputs) Close() {
	for _, z := range in.zips {
		z.Close()
	}
}

// Size is the bytes of all the files.
func (in *Inputs) Size() int64 {
	var n int64
	for _, f := range in.Files {
		n += f.Size
	}
	return n
}

// FindInputs lists the files to read at paths: a file given is read
// whatever its name (but a zip file is opened); in a folder (and its
// subfolders) and in a zip file, the files for which match is true.
func FindInputs(paths []string, match func(name string) bool) (*Inputs, error) {
	in := &Inputs{}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			in.Close()
			return nil, fmt.Errorf("cannot read %s: %w", p, err)
		}
		switch {
		case fi.IsDir():
			err = filepath.WalkDir(p, func(fp string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if d.IsDir() || !match(fp) {
					return nil
				}
				info, err := d.Info()
				if err != nil {
					return err
				}
				in.Files = append(in.Files, diskInput(fp, info.Size()))
				return nil
			})
		case strings.EqualFold(filepath.Ext(p), ".zip"):
			err = in.addZip(p, match)
		default:
			in.Files = append(in.Files, diskInput(p, fi.Size()))
		}
		if err != nil {
			in.Close()
			return nil, fmt.Errorf("cannot read %s: %w", p, err)
		}
	}
	return in, nil
}

func diskInput(p string, size int64) Input {
	return Input{Name: p, Size: size, open: func() (io.ReadCloser, error) { return os.Open(p) }}
}

func (in *Inputs) addZip(p string, match func(string) bool) error {
	zr, err := zip.OpenReader(p)
	if err != nil {
		return err
	}
	in.zips = append(in.zips, zr)
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || strings.HasPrefix(f.Name, "__MACOSX/") || !match(f.Name) {
			continue
		}
		f := f
		in.Files = append(in.Files, Input{Name: p + ":" + f.Name, Size: int64(f.UncompressedSize64), open: f.Open})
	}
	return nil
}

// IsMailbox tells whether a file found in a folder or zip is a mailbox: a
// name ending in .mbox, or a file named mbox (as in Apple Mail's
// Inbox.mbox/mbox).
func IsMailbox(name string) bool {
	base := path.Base(filepath.ToSlash(name))
	return strings.EqualFold(path.Ext(base), ".mbox") || strings.EqualFold(base, "mbox")
}

// IsCalendar tells whether a file found in a folder or zip is a calendar: a
// name ending in .ics.
func IsCalendar(name string) bool {
	return strings.EqualFold(path.Ext(filepath.ToSlash(name)), ".ics")
}

// FolderDirectory reads the accounts (account_id, name, domains) and the
// team (email) of the portfolio folder dir and builds their directory.
func FolderDirectory(dir string, o Options) (*Directory, error) {
	s, err := crm.OpenSource(dir)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	t := s.Lookup("accounts.csv")
	if t == nil {
		return nil, fmt.Errorf("%s: no accounts.csv: give the portfolio folder whose accounts the activities are of", dir)
	}
	var accounts []Account
	err = s.Each(t, crm.Columns{Required: []string{"account_id"}}, func(r crm.Row) error {
		if id := r.Get("account_id"); id != "" {
			accounts = append(accounts, Account{ID: id, Name: r.Get("name"), Domains: strings.Split(r.Get("domains"), ";")})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var team []string
	if t := s.Lookup("team.csv"); t != nil {
		err = s.Each(t, crm.Columns{Required: []string{"email"}}, func(r crm.Row) error {
			if e := strings.ToLower(r.Get("email")); e != "" {
				team = append(team, e)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return NewDirectory(accounts, team, o), nil
}
