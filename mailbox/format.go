// Package mailbox reads mbox mailboxes as a stream and yields, for each
// message, only its metadata: the addresses, the date, the subject and the
// few headers that tell bulk mail apart. Bodies are skipped without being
// copied, so a mailbox of any size is read in a few megabytes of memory.
//
// The formats of the mbox family differ only in how a body may contain a
// line that starts with "From ": mboxo and mboxrd quote such lines (">From "),
// so a message starts at a "From " line that follows a blank line (or starts
// the file); mboxcl and mboxcl2 give the body length in a Content-Length
// header instead. Since bodies are never returned, mboxo and mboxrd are read
// alike.
package mailbox

import (
	"fmt"
	"strings"
)

// Format is a variant of the mbox format.
type Format int

const (
	// MboxRD quotes body lines that start with ">*From " by one more '>'.
	// Messages are split on "From " lines after a blank line (or at the
	// start of the file). It is the default.
	MboxRD Format = iota
	// MboxO quotes body lines that start with "From " by a '>'. It is
	// split like MboxRD.
	MboxO
	// MboxCL (mboxcl and mboxcl2, as Solaris mail and mutt write them)
	// gives the body length in a Content-Length header, so a body may hold
	// "From " lines. When the header is missing, or wrong (the body it
	// gives is not followed by a "From " line or the end of the file,
	// allowing up to two line ends between), the message is split on
	// "From " lines as in MboxRD.
	MboxCL
)

var formatNames = []string{"mboxrd", "mboxo", "mboxcl", "mboxcl2"}

// String returns the name of the format, as ParseFormat accepts it.
func (f Format) String() string {
	switch f {
	case MboxRD:
		return "mboxrd"
	case MboxO:
		return "mboxo"
	case MboxCL:
		return "mboxcl"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ParseFormat returns the format named s: "mboxrd", "mboxo", "mboxcl" or
// "mboxcl2", in any case.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "mboxrd":
		return MboxRD, nil
	case "mboxo":
		return MboxO, nil
	case "mboxcl", "mboxcl2":
		return MboxCL, nil
	}
	return MboxRD, fmt.Errorf("unknown mbox format %q: the valid ones are %s", s, strings.Join(formatNames, ", "))
}
