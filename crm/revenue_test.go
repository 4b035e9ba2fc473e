package crm

import (
	"bytes"
	"testing"
)

func TestRevenue(t *testing.T) {
	var r Revenue
	r.Add("A1", "Cloud", "2026-03", 1_500_000)
	r.Add("B1", "Cloud", "2026-03", -80_000_000)
	r.Add("A1", "Cloud", "2026-03", 250_000)
	if r.Add("A1", "Cloud", "2026-03", MaxAmount) {
		t.Error("a total beyond MaxAmount was added")
	}
	var b bytes.Buffer
	if err := r.Write(&b); err != nil {
		t.Fatal(err)
	}
	want := "account_id,product,month,amount\nA1,Cloud,2026-03,1.75\nB1,Cloud,2026-03,-80\n"
	if b.String() != want || r.Len() != 2 {
		t.Errorf("revenue.csv = %q (%d rows), want %q", b.String(), r.Len(), want)
	}
}
