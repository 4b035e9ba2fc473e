package salesforce

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/slcs/slcs/crm"
)

var (
	benchExport = flag.String("export", "", "TestWriteBenchExport: the folder to write a Salesforce export into")
	benchTasks  = flag.Int("tasks", 1_000_000, "TestWriteBenchExport: the number of Task rows")
)

const (
	benchAccounts = 10_000
	benchUsers    = 50
	benchContacts = 3 // an account
)

// writeBenchExport writes a Salesforce export of tasks Task rows (calls,
// emails and other tasks) over 10,000 accounts, with their Users and
// Contacts, into dir.
func writeBenchExport(dir string, tasks int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	write := func(name, head string, n int, row func(b []byte, i int) []byte) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		w.WriteString(head + "\n")
		var b []byte
		for i := range n {
			b = row(b[:0], i)
			w.Write(b)
		}
		if err := w.Flush(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	id := func(b []byte, prefix string, n int) []byte {
		return fmt.Appendf(b, "%s%012d", prefix, n+1)
	}
	if err := write("User.csv", "Id,FirstName,LastName,Email", benchUsers, func(b []byte, i int) []byte {
		b = id(b, "005", i)
		return fmt.Appendf(b, ",Seller,No%d,seller%d@ourco.example\n", i, i)
	}); err != nil {
		return err
	}
	if err := write("Account.csv", "Id,Name,OwnerId,Industry,NumberOfEmployees,Website", benchAccounts, func(b []byte, i int) []byte {
		b = id(b, "001", i)
		b = fmt.Appendf(b, ",Client %d,", i)
		b = id(b, "005", i%benchUsers)
		return fmt.Appendf(b, ",Retail,%d,www.client%d.example\n", 10+i%500, i)
	}); err != nil {
		return err
	}
	if err := write("Contact.csv", "Id,AccountId,FirstName,LastName,Email", benchAccounts*benchContacts, func(b []byte, i int) []byte {
		b = id(b, "003", i)
		b = append(b, ',')
		b = id(b, "001", i/benchContacts)
		return fmt.Appendf(b, ",Pat,Lee%d,pat.lee%d@client%d.example\n", i, i, i/benchContacts)
	}); err != nil {
		return err
	}
	return write("Task.csv", "Id,AccountId,WhatId,WhoId,OwnerId,ActivityDate,Subject,TaskSubtype,Type,CallType,CallDurationInSeconds,Status", tasks, func(b []byte, i int) []byte {
		acc := (i * 7919) % benchAccounts
		b = id(b, "00T", i)
		b = append(b, ',')
		b = id(b, "001", acc)
		b = append(b, ',')
		b = id(b, "001", acc)
		b = append(b, ',')
		b = id(b, "003", acc*benchContacts+i%benchContacts)
		b = append(b, ',')
		b = id(b, "005", (acc+i%3)%benchUsers)
		b = fmt.Appendf(b, ",2026-%02d-%02d,", 1+i%11, 1+i%28)
		switch i % 3 {
		case 0:
			b = append(b, "Call with the client,Call,Call,Outbound,"...)
			b = strconv.AppendInt(b, int64(60+i%3600), 10)
		case 1:
			b = append(b, "Email: proposal,Email,Email,,"...)
		default:
			b = append(b, "Follow up,Task,Other,,"...)
		}
		return append(b, ",Completed\n"...)
	})
}

// TestWriteBenchExport writes the benchmark's export into the folder given
// by -export (for bench/salesforce.sh); it is skipped without it.
func TestWriteBenchExport(t *testing.T) {
	if *benchExport == "" {
		t.Skip("no -export folder")
	}
	if err := writeBenchExport(*benchExport, *benchTasks); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkConvertTasks(b *testing.B) {
	const tasks = 1_000_000
	dir := filepath.Join(b.TempDir(), "export")
	if err := writeBenchExport(dir, tasks); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "out")
	for b.Loop() {
		rep, err := Convert(dir, out, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if n := rep.Written["activities.csv"]; n != tasks {
			b.Fatalf("%d activities written, want %d", n, tasks)
		}
	}
	b.ReportMetric(float64(tasks)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func TestParseDateTimeAsCRM(t *testing.T) {
	for _, s := range []string{"2026-01-31", "2024-02-29", "2025-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
		"2026-4-301", "0000-01-01", "2026-01-3x", "2026-06-30 14:00:00", "2026-06-30T23:30:00-02:00", "06/30/2026", ""} {
		got, gerr := parseDateTime(s)
		want, werr := crm.ParseDateTime(s, time.UTC)
		if (gerr == nil) != (werr == nil) || !got.Equal(want) {
			t.Errorf("%q: got %v, %v; want %v, %v", s, got, gerr, want, werr)
		}
	}
}
