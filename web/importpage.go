package web

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/auth"
	"github.com/slcs/slcs/portfolio"
	"github.com/slcs/slcs/workspace"
)

type importData struct {
	Problems []problem
	More     int
	Error    string
	Counts   *workspace.ImportCounts
	Replace  bool
	Limit    string
}

type problem struct {
	File, Column, Rule, Value string
	Line                      int
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request) {
	if !principal(r).Can(auth.ActImport) {
		s.forbidden(w, r)
		return
	}
	s.renderImport(w, r, http.StatusOK, &importData{})
}

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, status int, d *importData) {
	d.Limit = fmt.Sprintf("%d MB", s.o.UploadLimit>>20)
	v, err := s.latest(r.Context())
	if err != nil && !errors.Is(err, errNoSnapshot) {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "import.html", &page{Title: "Import", Nav: "import", View: v, Data: d})
}

// portfolioFiles are the files of a portfolio, by kind.
var portfolioFiles = map[string]string{"accounts.csv": "accounts", "team.csv": "team",
	"activities.csv": "activities", "revenue.csv": "revenue"}

// importUpload imports an uploaded portfolio: a zip of its CSV files, or
// the files themselves. All or nothing: a bad row refuses the whole.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) {
	if !principal(r).Can(auth.ActImport) {
		s.forbidden(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.o.UploadLimit)
	d := &importData{}
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		var tooLarge *http.MaxBytesError
		status := http.StatusBadRequest
		if errors.As(err, &tooLarge) {
			status = http.StatusRequestEntityTooLarge
			d.Error = fmt.Sprintf("The upload is larger than %d MB: import it with 'slcs import' on the command line", s.o.UploadLimit>>20)
		} else {
			d.Error = "The upload could not be read: " + err.Error()
		}
		s.renderImport(w, r, status, d)
		return
	}
	defer r.MultipartForm.RemoveAll()
	d.Replace = r.FormValue("replace") == "on"
	dir, err := os.MkdirTemp("", "slcs-upload-")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer os.RemoveAll(dir)
	files, err := s.saveUpload(r.MultipartForm.File["files"], dir)
	if err != nil {
		d.Error = err.Error()
		s.renderImport(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	src := portfolio.ImportSource{Files: files}
	if _, ok := files["accounts"]; ok && len(files) > 0 {
		src = portfolio.ImportSource{Dir: dir}
	}
	s.importing.Lock()
	defer s.importing.Unlock()
	counts, err := s.runImport(r, src, d.Replace)
	var ie *portfolio.InputError
	switch {
	case errors.As(err, &ie):
		for _, p := range ie.Problems {
			d.Problems = append(d.Problems, problem{File: filepath.Base(p.File), Line: p.Line, Column: p.Column, Rule: p.Rule, Value: p.Value})
		}
		d.More = ie.More
		s.renderImport(w, r, http.StatusUnprocessableEntity, d)
	case err != nil:
		s.fail(w, r, err)
	default:
		detail := counts.String()
		if d.Replace {
			detail = "replace: " + detail
		}
		if err := s.audit(r, "import", "", detail); err != nil {
			s.fail(w, r, err)
			return
		}
		d.Counts = &counts
		s.renderImport(w, r, http.StatusOK, d)
	}
}

// runImport runs one import transaction, again when the database gave it up
// for a concurrent one.
func (s *Server) runImport(r *http.Request, src portfolio.ImportSource, replace bool) (workspace.ImportCounts, error) {
	settings, err := s.settings(r.Context())
	if err != nil {
		return workspace.ImportCounts{}, err
	}
	o := portfolio.Options{Settings: settings, Today: slcs.DayOf(s.o.Now())}
	var last error
	for range 3 {
		imp, err := s.store.BeginImport(r.Context(), replace)
		if err != nil {
			return workspace.ImportCounts{}, err
		}
		if _, err := portfolio.Import(src, imp, o); err != nil {
			imp.Rollback()
			if !errors.Is(err, workspace.ErrRetry) {
				return workspace.ImportCounts{}, err
			}
			last = err
			continue
		}
		counts, err := imp.Commit()
		if !errors.Is(err, workspace.ErrRetry) {
			return counts, err
		}
		last = err
	}
	return workspace.ImportCounts{}, last
}

// saveUpload writes the uploaded portfolio files into dir and returns them
// by kind.
func (s *Server) saveUpload(headers []*multipart.FileHeader, dir string) (map[string]string, error) {
	if len(headers) == 0 {
		return nil, errors.New("choose a zip of the portfolio, or its CSV files (accounts.csv, team.csv, activities.csv, revenue.csv)")
	}
	files := map[string]string{}
	put := func(name string, src io.Reader) error {
		base := strings.ToLower(path.Base(strings.ReplaceAll(name, `\`, "/")))
		kind, ok := portfolioFiles[base]
		if !ok {
			return fmt.Errorf("%s is not a file of a portfolio: name the files accounts.csv, team.csv, activities.csv and revenue.csv", name)
		}
		if _, dup := files[kind]; dup {
			return fmt.Errorf("the upload holds %s twice", base)
		}
		dst := filepath.Join(dir, base)
		f, err := os.Create(dst)
		if err != nil {
			return err
		}
		// a zip may expand far beyond its size: no more than ten times the
		// upload limit
		n, err := io.Copy(f, io.LimitReader(src, 10*s.o.UploadLimit+1))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		if n > 10*s.o.UploadLimit {
			return fmt.Errorf("%s is too large once unzipped: import it with 'slcs import' on the command line", name)
		}
		files[kind] = dst
		return nil
	}
	for _, h := range headers {
		f, err := h.Open()
		if err != nil {
			return nil, err
		}
		if strings.HasSuffix(strings.ToLower(h.Filename), ".zip") {
			err = s.unzip(f, h.Size, put)
		} else {
			err = put(h.Filename, f)
		}
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// unzip puts the portfolio files of a zip; folders inside it, and files
// other than CSV (such as those an operating system adds), are passed
// over.
func (s *Server) unzip(f multipart.File, size int64, put func(string, io.Reader) error) error {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return fmt.Errorf("the zip cannot be read: %v", err)
	}
	found := 0
	for _, zf := range zr.File {
		base := strings.ToLower(path.Base(zf.Name))
		if zf.FileInfo().IsDir() || strings.HasPrefix(base, ".") || strings.HasPrefix(zf.Name, "__MACOSX/") ||
			!strings.HasSuffix(base, ".csv") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return fmt.Errorf("%s in the zip cannot be read: %v", zf.Name, err)
		}
		err = put(zf.Name, rc)
		rc.Close()
		if err != nil {
			return err
		}
		found++
	}
	if found == 0 {
		return errors.New("the zip holds no CSV file of a portfolio (accounts.csv, team.csv, activities.csv, revenue.csv)")
	}
	return nil
}
