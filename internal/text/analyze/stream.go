// Package analyze runs internal/text over JSONL streams: the engine of
// `parvis analyze`, and the evaluation of labelled files.
package analyze

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/text"
)

// maxLine bounds one input line (a post with its metadata).
const maxLine = 16 << 20

// Options tune AnalyzeStream.
type Options struct {
	// Workers analysing in parallel; 0 means GOMAXPROCS.
	Workers int
	// Strict stops at the first malformed line with an error, instead of
	// reporting it and going on.
	Strict bool
}

// batchLines is how many lines travel together between the stages: enough
// to make channel hand-offs negligible, few enough to keep memory small.
// A batch also ends once its lines hold batchBytes.
const (
	batchLines = 256
	batchBytes = 1 << 20
)

// Memory is bounded by bytes, whatever the lines' lengths: a batch takes
// credits for its input and the output it will make before it is read
// on, and gives them back once written. creditBytes is a credit's worth;
// flightCredits, what all batches in flight may hold (64 MiB: a line of
// maxLine fits alone). A batch whose buffers grew past keepCap is not
// kept for reuse.
const (
	creditBytes   = 64 << 10
	flightCredits = 1024
	keepCap       = 2 * batchBytes
	maxFree       = 16 // batches kept for reuse, at most keepCap and 2·keepCap each
)

// batchCredits is what a batch of n input bytes takes: its input and
// about as much output.
func batchCredits(n int) int { return min(1+2*n/creditBytes, flightCredits) }

// maxAnalyzed bounds the bytes of a post's text that are analysed, the
// rest being passed through untouched: analysis takes about a hundred
// times a text's size in scratch space, and no social post comes near
// it (ingest keeps 20,000 characters, at most 80 KiB).
const maxAnalyzed = 128 << 10

// MaxWorkers bounds Options.Workers: each worker holds an analyser and
// its batches, and more workers than cores gain nothing.
const MaxWorkers = 1024

type batch struct {
	lines [][]byte // input lines, without their line ends; nil: too long
	nums  []int    // line number of each line, from 1
	buf   []byte   // backing store of lines
	out   []byte   // output lines, each ending in '\n'
	errs  []lineError
	done  chan struct{}
	// credits taken from the flight budget (batchCredits)
	credits int
}

type lineError struct {
	index, line int // index in the batch, line number
	err         error
}

// MalformedLineError is returned in strict mode for the first bad line.
type MalformedLineError struct {
	Line int
	Err  error
}

func (e *MalformedLineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *MalformedLineError) Unwrap() error { return e.Err }

// AnalyzeStream reads JSONL posts from r and writes them to w in the same
// order, every original field kept, with "lang", "lang_confidence",
// "sentiment" and "entities" added (a "lang" given in the input is kept
// and used for sentiment). A malformed line is reported on errw with its
// line number and written as {"line":N,"error":"…"}; with Options.Strict
// the stream stops there with a *MalformedLineError. Blank lines are
// skipped. Memory stays bounded: at most a few batches per worker are in
// flight.
func AnalyzeStream(ctx context.Context, e *text.Engine, r io.Reader, w io.Writer, errw io.Writer, opt Options) error {
	workers := opt.Workers
	if workers <= 0 {
		workers = min(runtime.GOMAXPROCS(0), MaxWorkers)
	}
	if workers > MaxWorkers {
		return fmt.Errorf("analyze: %d workers: at most %d", workers, MaxWorkers)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	window := 4 * workers
	work := make(chan *batch, window)
	order := make(chan *batch, window)
	free := make(chan *batch, min(window+2, maxFree)) // recycled batches
	credits := make(chan struct{}, flightCredits)
	readErr := make(chan error, 1)

	go func() {
		defer close(work)
		defer close(order)
		readErr <- readBatches(ctx, r, work, order, free, credits)
	}()
	for i := 0; i < workers; i++ {
		go func() {
			ws := worker{a: e.NewAnalyzer()}
			for b := range work {
				ws.analyze(b)
				close(b.done)
			}
		}()
	}

	bw := bufio.NewWriterSize(w, 64<<10)
	var werr error
batches:
	for {
		// A cancelled context ends the stream even while the reader
		// waits on r (a terminal, a pipe kept open): that goroutine ends
		// when r's Read returns.
		var b *batch
		select {
		case next, ok := <-order:
			if !ok {
				break batches
			}
			b = next
		case <-ctx.Done():
			_ = bw.Flush()
			return ctx.Err()
		}
		select {
		case <-b.done:
		case <-ctx.Done():
			_ = bw.Flush() // whole lines: the output ends on one
			return ctx.Err()
		}
		werr = writeBatch(bw, errw, b, opt.Strict)
		if werr == nil && len(order) == 0 {
			// Nothing more is ready: what is written goes out now.
			werr = bw.Flush()
		}
		if werr != nil {
			// The deferred cancel stops the reader and the workers; the
			// batches after this one are not waited for, or the wait
			// would end on the cancelled context, not on this error.
			_ = bw.Flush()
			return werr
		}
		for range b.credits {
			<-credits
		}
		if cap(b.buf) > keepCap || cap(b.out) > 2*keepCap {
			continue // a batch of long lines: its room goes
		}
		select {
		case free <- b:
		default:
		}
	}
	if err := <-readErr; err != nil && !errors.Is(err, context.Canceled) {
		_ = bw.Flush()
		return err
	}
	return bw.Flush()
}

// writeBatch writes a batch's output and reports its malformed lines; in
// strict mode it stops before the first of them.
func writeBatch(bw *bufio.Writer, errw io.Writer, b *batch, strict bool) error {
	if len(b.errs) == 0 {
		_, err := bw.Write(b.out)
		return err
	}
	out := b.out
	for _, le := range b.errs {
		fmt.Fprintf(errw, "analyze: line %d: %v\n", le.line, le.err)
		if strict {
			// Write the lines before the bad one, then stop.
			for range le.index {
				k := bytes.IndexByte(out, '\n')
				if _, err := bw.Write(out[:k+1]); err != nil {
					return err
				}
				out = out[k+1:]
			}
			_ = bw.Flush()
			return &MalformedLineError{Line: le.line, Err: le.err}
		}
	}
	_, err := bw.Write(out)
	return err
}

// readBatches reads r into batches and hands them on in order, each once
// it has taken its credits (batchCredits) from credits, which the writer
// gives back.
func readBatches(ctx context.Context, r io.Reader, work, order chan<- *batch, free chan *batch, credits chan<- struct{}) error {
	br := bufio.NewReaderSize(r, 256<<10)
	lineNo := 0
	var b *batch
	send := func() error {
		if b == nil {
			return nil
		}
		b.done = make(chan struct{})
		b.credits = batchCredits(len(b.buf))
		for range b.credits {
			select {
			case credits <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		select {
		case order <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
		select {
		case work <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
		b = nil
		return nil
	}
	for {
		line, err := readLine(br)
		if len(line) > 0 || err == nil || errors.Is(err, errLineTooLong) {
			lineNo++
		}
		if errors.Is(err, errLineTooLong) {
			line, err = nil, nil // parseInput reports a nil line as too long
		} else if len(bytes.TrimSpace(line)) == 0 {
			line = []byte{} // blank: skipped
		}
		if line == nil || len(line) > 0 {
			if b == nil {
				select {
				case b = <-free:
					b.lines, b.nums, b.buf = b.lines[:0], b.nums[:0], b.buf[:0]
				default:
					b = &batch{}
				}
			}
			var kept []byte
			if line != nil {
				start := len(b.buf)
				b.buf = append(b.buf, line...)
				kept = b.buf[start:len(b.buf):len(b.buf)]
			}
			b.lines = append(b.lines, kept)
			b.nums = append(b.nums, lineNo)
			if len(b.lines) == batchLines || len(b.buf) >= batchBytes {
				if serr := send(); serr != nil {
					return serr
				}
			}
		}
		// A batch also goes on when no whole line is at hand, so that
		// a live stream (a pipe from a network) is analysed as it
		// comes, not when 256 posts have come. IndexByte stops at the
		// next line's end: the look costs a line.
		if b != nil && err == nil && !wholeLineBuffered(br) {
			if serr := send(); serr != nil {
				return serr
			}
		}
		if err == io.EOF {
			return send()
		}
		if err != nil {
			_ = send()
			return err
		}
	}
}

// wholeLineBuffered reports whether br holds a whole line it can return
// without reading.
func wholeLineBuffered(br *bufio.Reader) bool {
	buf, _ := br.Peek(br.Buffered())
	return bytes.IndexByte(buf, '\n') >= 0
}

var errLineTooLong = errors.New("line longer than " + strconv.Itoa(maxLine) + " bytes")

// readLine returns the next line without its line end. A line longer than
// maxLine is consumed and reported with errLineTooLong.
func readLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	if err == nil || err == io.EOF {
		return trimEOL(line), err
	}
	if !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	long := append([]byte(nil), line...)
	for {
		line, err = br.ReadSlice('\n')
		if len(long)+len(trimEOL(line)) > maxLine {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			if err != nil && err != io.EOF {
				return nil, err
			}
			return nil, errLineTooLong
		}
		long = append(long, line...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return trimEOL(long), err
		}
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte{'\n'})
	return bytes.TrimSuffix(b, []byte{'\r'})
}

// added reports whether analyze writes the field key: an input field of
// that name is replaced, except a given "lang", kept as the language.
func added(key string) bool {
	switch key {
	case "lang_confidence", "sentiment", "entities":
		return true
	}
	return false
}

// worker is the scratch space of one of AnalyzeStream's workers.
type worker struct {
	a      *text.Analyzer
	parsed []parsedLine
	errs   []error // of each line of the batch
	texts  []string
	langs  []string
	res    []text.Analysis
}

// chunkBytes is how much decoded text a worker holds before it analyses
// and writes out what it has parsed: a batch of tweets is one chunk, a
// batch of long articles several, so that a worker holds about one
// decoded copy of its largest post, as when it read one line at a time.
const chunkBytes = 256 << 10

// analyze writes the output of a batch's lines to b.out, and their errors
// to b.errs. The posts of the lines are analysed together
// (text.AnalyzeBatch), a chunk of lines at a time.
func (w *worker) analyze(b *batch) {
	b.out, b.errs = b.out[:0], b.errs[:0]
	if len(w.parsed) < len(b.lines) {
		w.parsed = append(w.parsed, make([]parsedLine, len(b.lines)-len(w.parsed))...)
	}
	for lo := 0; lo < len(b.lines); {
		w.errs, w.texts, w.langs = w.errs[:0], w.texts[:0], w.langs[:0]
		hi, size := lo, 0
		for ; hi < len(b.lines) && (hi == lo || size < chunkBytes); hi++ {
			err := parseInput(b.lines[hi], &w.parsed[hi])
			w.errs = append(w.errs, err)
			if err == nil {
				w.texts = append(w.texts, analysedPart(w.parsed[hi].text))
				w.langs = append(w.langs, w.parsed[hi].lang)
				size += len(w.parsed[hi].text)
			}
		}
		w.res = slices.Grow(w.res[:0], len(w.texts))[:len(w.texts)]
		w.a.AnalyzeBatch(w.texts, w.langs, w.res)
		k := 0
		for j, err := range w.errs {
			i := lo + j
			if err != nil {
				b.errs = append(b.errs, lineError{i, b.nums[i], err})
				b.out = appendErrorLine(b.out, b.nums[i], err)
				continue
			}
			b.out = appendAnalysis(b.out, &w.parsed[i], &w.res[k])
			k++
			// The text may be a decoded copy of a long post.
			w.parsed[i].text, w.parsed[i].lang = "", ""
		}
		clear(w.texts)
		clear(w.langs)
		clear(w.res)
		lo = hi
	}
}

// parseInput parses an input line into p; a nil line is one too long. A
// byte order mark before the object is skipped, and bytes that are not
// UTF-8 become U+FFFD, as encoding/json decodes them: the line is kept
// and the output stays valid JSON (such bytes can only be inside
// strings, or the line is malformed anyway).
func parseInput(line []byte, p *parsedLine) error {
	if line == nil {
		return errLineTooLong
	}
	if len(line) >= 3 && string(line[:3]) == "\uFEFF" {
		line = line[3:]
	}
	if !utf8.Valid(line) {
		line = bytes.ToValidUTF8(line, []byte("\uFFFD"))
	}
	return parseLine(line, p)
}

// appendAnalysis appends to dst the output line of the parsed line p
// analysed as res: p's members, with those the analysis adds replaced.
func appendAnalysis(dst []byte, p *parsedLine, res *text.Analysis) []byte {
	dst = append(dst, '{')
	n := 0
	for _, m := range p.members {
		if added(m.key) || (m.key == "lang" && p.lang == "") {
			continue
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, m.span...)
		n++
	}
	if n > 0 {
		dst = append(dst, ',')
	}
	if p.lang == "" {
		dst = append(dst, `"lang":`...)
		dst = appendString(dst, res.Lang)
		dst = append(dst, ',')
	}
	dst = append(dst, `"lang_confidence":`...)
	dst = appendFloat(dst, round3(res.LangConfidence))
	dst = append(dst, `,"sentiment":{"label":`...)
	dst = appendString(dst, res.Sentiment.Label)
	dst = append(dst, `,"score":`...)
	dst = appendFloat(dst, res.Sentiment.Score)
	dst = append(dst, `},"entities":{"hashtags":`...)
	dst = appendList(dst, res.Entities.Hashtags)
	dst = append(dst, `,"mentions":`...)
	dst = appendList(dst, res.Entities.Mentions)
	dst = append(dst, `,"urls":`...)
	dst = appendList(dst, res.Entities.URLs)
	dst = append(dst, `,"emoji":`...)
	dst = appendList(dst, res.Entities.Emoji)
	dst = append(dst, `,"cashtags":`...)
	dst = appendList(dst, res.Entities.Cashtags)
	dst = append(dst, "}}\n"...)
	return dst
}

func appendList(dst []byte, xs []string) []byte {
	dst = append(dst, '[')
	for i, x := range xs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, x)
	}
	return append(dst, ']')
}

func appendErrorLine(dst []byte, n int, err error) []byte {
	dst = append(dst, `{"line":`...)
	dst = strconv.AppendInt(dst, int64(n), 10)
	dst = append(dst, `,"error":`...)
	dst = appendString(dst, err.Error())
	return append(dst, "}\n"...)
}

func round3(x float64) float64 {
	return float64(int64(x*1000+0.5*sign(x))) / 1000
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}

// analysedPart is the part of a post's text that is analysed: its first
// maxAnalyzed bytes, cut before a character.
func analysedPart(s string) string {
	if len(s) <= maxAnalyzed {
		return s
	}
	cut := maxAnalyzed
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
