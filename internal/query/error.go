package query

import (
	"fmt"
	"strings"
)

// Error is a syntax or semantic error in a query. Line and Column are
// 1-based and count characters (runes), not bytes, so that they point at
// what the user sees; Offset is the byte offset in the input.
type Error struct {
	Msg    string `json:"message"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Offset int    `json:"offset"`
	// multiline is set when the input has more than one line, so that the
	// message names the line too.
	multiline bool
}

// Error renders « unexpected ')' at column 14 », or
// « unexpected ')' at line 2, column 3 » for a query written on several lines.
func (e *Error) Error() string {
	if e.multiline {
		return fmt.Sprintf("%s at line %d, column %d", e.Msg, e.Line, e.Column)
	}
	return fmt.Sprintf("%s at column %d", e.Msg, e.Column)
}

// newError builds an Error for the byte offset off of input.
func newError(input string, off int, format string, args ...any) *Error {
	if off > len(input) {
		off = len(input)
	}
	line, col := 1, 1
	for i, r := range input {
		if i >= off {
			break
		}
		if r == '\n' {
			line++
			col = 1
			continue
		}
		col++
	}
	// A trailing newline (a query pasted from a file) does not make the
	// query multi-line.
	multiline := strings.Contains(strings.TrimRight(input, " \t\r\n"), "\n")
	return &Error{
		Msg:       fmt.Sprintf(format, args...),
		Line:      line,
		Column:    col,
		Offset:    off,
		multiline: multiline,
	}
}
