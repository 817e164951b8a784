package bluesky

import "strings"

const b32 = "234567abcdefghijklmnopqrstuvwxyz"

// TID encodes a timestamp identifier (AT Protocol record key of posts):
// 53 bits of microseconds since the epoch and a 10-bit clock id, as 13
// base32-sortable characters.
func TID(micros int64, clockID uint16) string {
	v := uint64(micros)&(1<<53-1)<<10 | uint64(clockID&0x3ff)
	var b [13]byte
	for i := 12; i >= 0; i-- {
		b[i] = b32[v&31]
		v >>= 5
	}
	return string(b[:])
}

// ValidTID reports whether s is a well-formed TID.
func ValidTID(s string) bool {
	if len(s) != 13 || !strings.ContainsRune("234567abcdefghij", rune(s[0])) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(b32, rune(s[i])) {
			return false
		}
	}
	return true
}

// ParseTID decodes a TID into its timestamp and clock id.
func ParseTID(s string) (micros int64, clockID uint16, ok bool) {
	if !ValidTID(s) {
		return 0, 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		v = v<<5 | uint64(strings.IndexByte(b32, s[i]))
	}
	return int64(v >> 10), uint16(v & 0x3ff), true
}

// PartKey derives the record key of a thread's part n (1 ≤ n < 1024) from
// the post's key: the same timestamp with another clock id, so that each
// retry of a part uses the same key. Parvis gives each key it makes its
// own microsecond, so no other key of this instance shares that
// timestamp (neighbouring timestamps, as the post's key + n would be,
// do belong to other posts).
func PartKey(key string, n int) string {
	micros, clockID, ok := ParseTID(key)
	if !ok {
		return key // Publish refuses a key that is not a TID
	}
	return TID(micros, clockID^uint16(n&0x3ff))
}
