package query

import (
	"cmp"
	"slices"
)

func sortedCopy[T cmp.Ordered](s []T) []T {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
