package workspace_test

import (
	"bytes"
	"testing"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
	"github.com/slcs/slcs/portfolio"
	"github.com/slcs/slcs/report"
	"github.com/slcs/slcs/workspace"
)

// TestSnapshotResult: the reports of a snapshot given back as a
// classification are those of the classification itself.
func TestSnapshotResult(t *testing.T) {
	for _, dir := range []string{"../examples/portfolio", "../testdata/conformance/quirks/portfolio"} {
		b, _, err := portfolio.Load(dir, portfolio.Options{Settings: slcs.DefaultSettings(), Today: slcs.MakeDay(2026, 12, 1)})
		if err != nil {
			t.Fatal(err)
		}
		res := b.Classify()
		back := workspace.NewSnapshot(res, false).Result()
		for name, write := range map[string]func(*bytes.Buffer, *model.Result) error{
			"classification": func(w *bytes.Buffer, r *model.Result) error { return report.WriteClassificationCSV(w, r) },
			"isos":           func(w *bytes.Buffer, r *model.Result) error { return report.WriteISOsCSV(w, r) },
			"audit":          func(w *bytes.Buffer, r *model.Result) error { return report.WriteAuditCSV(w, r) },
			"json": func(w *bytes.Buffer, r *model.Result) error {
				return report.WriteJSON(w, r, report.Meta{})
			},
		} {
			var want, got bytes.Buffer
			if err := write(&want, res); err != nil {
				t.Fatal(err)
			}
			if err := write(&got, back); err != nil {
				t.Fatal(err)
			}
			if want.Len() < 100 || !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("%s: %s of the snapshot differs from the classification's (%d and %d bytes)", dir, name, got.Len(), want.Len())
			}
		}
		if back.Segments != res.Segments {
			t.Errorf("%s: segments %+v, want %+v", dir, back.Segments, res.Segments)
		}
	}
}
