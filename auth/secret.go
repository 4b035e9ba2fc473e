package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// TokenPrefix begins every API token's secret, so that a token is
// recognized when it is pasted or leaked where it should not be. Session
// cookies have no prefix.
const TokenPrefix = "slcs_"

// secretBytes is the randomness of a secret: 256 bits.
const secretBytes = 32

// NewSecret makes a secret for a session cookie (prefix "") or an API token
// (prefix TokenPrefix): prefix then 32 random bytes in unpadded base64url,
// and its hash by HashSecret. The secret is shown or sent once; only the
// hash is kept.
func NewSecret(prefix string) (secret, hash string, err error) {
	b := make([]byte, secretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("making a secret: %w", err)
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashSecret(secret), nil
}

// HashSecret is the hash under which a session or token is kept and looked
// up: hex SHA-256 of the whole secret, prefix included. It is fast on
// purpose, as every request is checked with it: a slow hash protects
// passwords, which can be guessed, while a secret of 256 random bits cannot
// be found from its SHA-256 by any search.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
