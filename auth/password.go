package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// The argon2id parameters of new password hashes. They follow the OWASP
// Password Storage Cheat Sheet's first argon2id setting (19 MiB of memory,
// 2 passes, 1 lane): sign-in is interactive, and the server may have only
// 2 cores, so one check must take tens of milliseconds and a handful of
// sign-ins at once must not exhaust memory. Raising them later is safe:
// CheckPassword reads the parameters of each hash from the hash itself.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonSaltLen = 16 // bytes
	argonKeyLen  = 32 // bytes
)

// Bounds on what CheckPassword accepts from a stored hash: beyond them no
// hash made for interactive sign-in could go, and a damaged or forged hash
// must not make one check eat the server's memory or time.
const (
	maxArgonMemory  = 1 << 20 // KiB: 1 GiB
	maxArgonTime    = 100
	minArgonSaltLen = 8
	maxArgonSaltLen = 64
	minArgonKeyLen  = 16
	maxArgonKeyLen  = 64
)

// The limits of a password.
const (
	// MinPasswordChars is the fewest characters (not bytes) a password
	// may have.
	MinPasswordChars = 12
	// MaxPasswordBytes is the most bytes a password may have.
	MaxPasswordBytes = 1024
)

// ErrMalformedHash is wrapped by the errors of CheckPassword about a stored
// hash it cannot read.
var ErrMalformedHash = errors.New("malformed password hash")

// ValidPassword tells, with an error in words, why pw cannot be a password:
// fewer than MinPasswordChars characters, or more than MaxPasswordBytes
// bytes.
func ValidPassword(pw string) error {
	if n := utf8.RuneCountInString(pw); n < MinPasswordChars {
		return fmt.Errorf("the password has %d characters; it needs at least %d", n, MinPasswordChars)
	}
	if len(pw) > MaxPasswordBytes {
		return fmt.Errorf("the password has %d bytes; it may have at most %d", len(pw), MaxPasswordBytes)
	}
	return nil
}

// HashPassword hashes a password with argon2id and a random salt, giving a
// PHC string: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>, salt and key in
// unpadded standard base64. It does not judge the password: callers check
// it with ValidPassword first.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hashing a password: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt),
		base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword tells whether pw is the password of hash, a PHC string made
// by HashPassword, now or with other parameters: it hashes pw with the
// parameters and salt written in hash, and compares in constant time. The
// error, wrapping ErrMalformedHash, is for a hash it cannot read, never for
// a wrong password.
func CheckPassword(hash, pw string) (bool, error) {
	h, err := parseHash(hash)
	if err != nil {
		return false, err
	}
	key := argon2.IDKey([]byte(pw), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(key, h.key) == 1, nil
}

// argonHash is a parsed PHC string.
type argonHash struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

func malformed(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformedHash, fmt.Sprintf(format, a...))
}

func parseHash(s string) (argonHash, error) {
	var h argonHash
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, key
	f := strings.Split(s, "$")
	if len(f) != 6 || f[0] != "" {
		return h, malformed("not a PHC string of 5 fields")
	}
	if f[1] != "argon2id" {
		return h, malformed("algorithm %q, not argon2id", f[1])
	}
	if f[2] != "v="+strconv.Itoa(argon2.Version) {
		return h, malformed("version %q, not v=%d", f[2], argon2.Version)
	}
	p := strings.Split(f[3], ",")
	if len(p) != 3 {
		return h, malformed("parameters %q, not m=…,t=…,p=…", f[3])
	}
	m, err1 := parseParam(p[0], "m=", 32)
	t, err2 := parseParam(p[1], "t=", 32)
	th, err3 := parseParam(p[2], "p=", 8)
	if err := errors.Join(err1, err2, err3); err != nil {
		return h, err
	}
	h.memory, h.time, h.threads = uint32(m), uint32(t), uint8(th)
	switch {
	case h.time < 1 || h.time > maxArgonTime:
		return h, malformed("t=%d out of 1 to %d", h.time, maxArgonTime)
	case h.threads < 1:
		return h, malformed("p=0")
	case h.memory < 8*uint32(h.threads) || h.memory > maxArgonMemory:
		return h, malformed("m=%d out of %d to %d", h.memory, 8*uint32(h.threads), maxArgonMemory)
	}
	var err error
	if h.salt, err = base64.RawStdEncoding.Strict().DecodeString(f[4]); err != nil {
		return h, malformed("salt: %v", err)
	}
	if n := len(h.salt); n < minArgonSaltLen || n > maxArgonSaltLen {
		return h, malformed("a salt of %d bytes", n)
	}
	if h.key, err = base64.RawStdEncoding.Strict().DecodeString(f[5]); err != nil {
		return h, malformed("key: %v", err)
	}
	if n := len(h.key); n < minArgonKeyLen || n > maxArgonKeyLen {
		return h, malformed("a key of %d bytes", n)
	}
	return h, nil
}

// parseParam reads one "name=value" parameter of the PHC string.
func parseParam(s, name string, bits int) (uint64, error) {
	v, ok := strings.CutPrefix(s, name)
	if !ok {
		return 0, malformed("parameter %q where %s… is expected", s, name)
	}
	n, err := strconv.ParseUint(v, 10, bits)
	if err != nil {
		return 0, malformed("parameter %q is not a number of %d bits", s, bits)
	}
	return n, nil
}
