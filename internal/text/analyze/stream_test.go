package analyze

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/text"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

var (
	engineOnce sync.Once
	engine     *text.Engine
	engineErr  error
)

// testEngine shares one engine between tests: parsing the tables is the
// slow part and the engine is read-only.
func testEngine(t testing.TB) *text.Engine {
	t.Helper()
	engineOnce.Do(func() { engine, engineErr = text.NewEngine() })
	if engineErr != nil {
		t.Fatal(engineErr)
	}
	return engine
}

func TestAnalyzeStreamGolden(t *testing.T) {
	in, err := os.ReadFile("testdata/posts.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 3} {
		var out, errw bytes.Buffer
		err := AnalyzeStream(context.Background(), testEngine(t), bytes.NewReader(in), &out, &errw, Options{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "posts.golden")
		if *update && workers == 1 {
			if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), want) {
			t.Errorf("workers=%d: output differs from %s (run go test -update):\n%s", workers, golden, out.String())
		}
		for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			if !json.Valid([]byte(l)) {
				t.Errorf("invalid JSON output line %s", l)
			}
		}
		wantErrs := []string{"line 4:", "line 9:", "line 10:"}
		for _, w := range wantErrs {
			if !strings.Contains(errw.String(), w) {
				t.Errorf("stderr %q lacks %q", errw.String(), w)
			}
		}
	}
}

func TestAnalyzeStreamStrict(t *testing.T) {
	head := "{\"text\":\"un\"}\n{\"text\":\"deux\"}\nnot json\n{\"text\":\"quatre\"}\n"
	// With batches after the malformed line's, the error is still its
	// own, not the cancelled context that stops the other batches.
	for _, in := range []string{head, head + strings.Repeat("{\"text\":\"encore\"}\n", 4*batchLines)} {
		var out, errw bytes.Buffer
		err := AnalyzeStream(context.Background(), testEngine(t), strings.NewReader(in), &out, &errw, Options{Strict: true, Workers: 2})
		var mle *MalformedLineError
		if !errors.As(err, &mle) || mle.Line != 3 {
			t.Fatalf("%d lines: err = %v, want MalformedLineError at line 3", strings.Count(in, "\n"), err)
		}
		if n := strings.Count(out.String(), "\n"); n != 2 {
			t.Errorf("strict mode wrote %d lines before stopping, want 2:\n%s", n, out.String())
		}
	}
}

// TestAnalyzeStreamOrderAndFields runs many lines through several workers
// and checks that every line comes back in order with its fields.
func TestAnalyzeStreamOrderAndFields(t *testing.T) {
	var in bytes.Buffer
	const n = 3000
	for i := range n {
		in.WriteString(`{"id":` + itoa(i) + `,"text":"post number ` + itoa(i) + ` is great :)","meta":{"k":[true,null]}}` + "\n")
	}
	var out, errw bytes.Buffer
	if err := AnalyzeStream(context.Background(), testEngine(t), &in, &out, &errw, Options{Workers: 4}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != n {
		t.Fatalf("got %d lines, want %d", len(lines), n)
	}
	for i, l := range lines {
		var o struct {
			ID        int            `json:"id"`
			Meta      map[string]any `json:"meta"`
			Lang      string         `json:"lang"`
			Sentiment text.Sentiment `json:"sentiment"`
			Entities  text.Entities  `json:"entities"`
		}
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, l)
		}
		if o.ID != i || o.Meta == nil || o.Sentiment.Label == "" {
			t.Fatalf("line %d out of order or incomplete: %s", i+1, l)
		}
	}
	if errw.Len() != 0 {
		t.Errorf("unexpected stderr: %s", errw.String())
	}
}

// TestAnalyzeStreamGivenLang: a given lang that names a language is kept
// as written and used; one that names none is replaced by the detected
// language, as a missing one is.
func TestAnalyzeStreamGivenLang(t *testing.T) {
	const post = "Franchement le service client est nul, trois semaines sans réponse"
	in := strings.Join([]string{
		`{"text":"` + post + `","lang":"fr-FR"}`,
		`{"text":"` + post + `","lang":"en"}`,
		`{"text":"` + post + `","lang":"English"}`,
		`{"lang":"und","text":"` + post + `"}`,
		`{"text":"` + post + `","lang":null}`,
	}, "\n")
	var out, errw bytes.Buffer
	if err := AnalyzeStream(context.Background(), testEngine(t), strings.NewReader(in), &out, &errw, Options{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	want := []string{"fr-FR", "en", "fr", "fr", "fr"}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d: %s", len(lines), len(want), out.String())
	}
	for i, l := range lines {
		var o struct {
			Lang string `json:"lang"`
		}
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, l)
		}
		if o.Lang != want[i] {
			t.Errorf("line %d: %s, want lang %q", i+1, l, want[i])
		}
		if n := strings.Count(l, `"lang":`); n != 1 {
			t.Errorf("line %d: %d lang members: %s", i+1, n, l)
		}
	}
	if errw.Len() != 0 {
		t.Errorf("unexpected stderr: %s", errw.String())
	}
}

// TestAnalyzeStreamRepairsEncoding: a byte order mark is skipped and bytes
// that are not UTF-8 become U+FFFD, in the text and in the fields passed
// through, so that every output line is valid JSON and no line is lost.
func TestAnalyzeStreamRepairsEncoding(t *testing.T) {
	in := "\uFEFF{\"text\":\"super \xff concert\",\"meta\":\"\xc3\x28\"}\n" +
		"{\"text\":\"ok\"}\n\uFEFF{\"text\":\"bof\"}\n"
	var out, errw bytes.Buffer
	if err := AnalyzeStream(context.Background(), testEngine(t), strings.NewReader(in), &out, &errw, Options{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 3 || errw.Len() != 0 {
		t.Fatalf("got %d lines, stderr %q:\n%s", len(lines), errw.String(), out.String())
	}
	for i, l := range lines {
		if !json.Valid([]byte(l)) || strings.Contains(l, `"error"`) {
			t.Errorf("line %d is no valid analysed object: %q", i+1, l)
		}
	}
	if !strings.Contains(lines[0], "\"text\":\"super \uFFFD concert\",\"meta\":\"\uFFFD(\"") {
		t.Errorf("line 1: %q", lines[0])
	}
}

// TestReadBatchesBoundsBytes: long lines travel in small batches, so that
// the batches in flight hold a bounded number of bytes, not of lines.
func TestReadBatchesBoundsBytes(t *testing.T) {
	line := `{"text":"` + strings.Repeat("a", 600<<10) + `"}` + "\n"
	in := strings.Repeat(line, 10) + strings.Repeat(`{"text":"b"}`+"\n", 1000)
	work, order := make(chan *batch, 100), make(chan *batch, 100)
	credits := make(chan struct{}, flightCredits)
	if err := readBatches(context.Background(), strings.NewReader(in), work, order, make(chan *batch), credits); err != nil {
		t.Fatal(err)
	}
	close(work)
	lines, taken := 0, 0
	for b := range work {
		if len(b.buf) > batchBytes+len(line) || len(b.lines) > batchLines {
			t.Errorf("a batch of %d lines holds %d bytes", len(b.lines), len(b.buf))
		}
		if b.credits != batchCredits(len(b.buf)) || b.credits*creditBytes < 2*len(b.buf) {
			t.Errorf("a batch of %d bytes took %d credits", len(b.buf), b.credits)
		}
		lines += len(b.lines)
		taken += b.credits
	}
	if lines != 1010 || taken != len(credits) {
		t.Errorf("got %d lines, want 1010; batches took %d credits, the budget shows %d", lines, taken, len(credits))
	}
	// A line of maxLine alone fits the budget: the stream cannot stall.
	if batchCredits(maxLine) >= flightCredits {
		t.Errorf("a line of %d bytes takes %d credits of %d", maxLine, batchCredits(maxLine), flightCredits)
	}
}

// TestAnalyzeStreamLongLinesGiveCreditsBack: a stream of long lines, far
// more than the budget holds, goes through (each batch gives its credits
// back once written), in order.
func TestAnalyzeStreamLongLinesGiveCreditsBack(t *testing.T) {
	var in bytes.Buffer
	// Long lines whose text is short: the bytes count against the
	// budget, the analysis stays cheap (the test runs under -race too).
	blob := strings.Repeat("x", 300<<10) // 300 KiB
	const n = 250                        // 75 MiB in all, the budget is 64
	for i := range n {
		in.WriteString(`{"id":` + itoa(i) + `,"text":"très bien","blob":"` + blob + `"}` + "\n")
	}
	var out, errw bytes.Buffer
	if err := AnalyzeStream(context.Background(), testEngine(t), &in, &out, &errw, Options{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != n || errw.Len() != 0 {
		t.Fatalf("%d lines out of %d, stderr %q", len(lines), n, errw.String())
	}
	for i, l := range lines {
		if !strings.HasPrefix(l, `{"id":`+itoa(i)+`,`) {
			t.Fatalf("line %d out of order: %.40s", i+1, l)
		}
	}
}

// TestAnalysedPart: a long text is analysed up to maxAnalyzed bytes, cut
// before a character; the output keeps the whole text.
func TestAnalysedPart(t *testing.T) {
	long := "x" + strings.Repeat("é", maxAnalyzed)
	got := analysedPart(long)
	if len(got) > maxAnalyzed || len(got) < maxAnalyzed-3 || !utf8.ValidString(got) || !strings.HasPrefix(long, got) {
		t.Errorf("analysedPart: %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
	if s := "court"; analysedPart(s) != s {
		t.Errorf("analysedPart(%q) = %q", s, analysedPart(s))
	}
	in := `{"id":1,"text":"` + long + ` #fin"}` + "\n"
	var out, errw bytes.Buffer
	if err := AnalyzeStream(context.Background(), testEngine(t), strings.NewReader(in), &out, &errw, Options{Workers: 1}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), long+` #fin"`) || !json.Valid(bytes.TrimSpace(out.Bytes())) {
		t.Errorf("the long text was not passed through whole (%d bytes out)", out.Len())
	}
}

// TestAnalyzeStreamLive: a post is analysed and written as soon as it has
// come whole, even when what follows is a blank line or part of the next
// post: a live stream is not held until 256 posts have come.
func TestAnalyzeStreamLive(t *testing.T) {
	e := testEngine(t)
	for _, tc := range []struct{ first, rest string }{
		{`{"text":"a"}` + "\n", `{"text":"b"}` + "\n"},
		{`{"text":"a"}` + "\n\n", `{"text":"b"}` + "\n"},
		{`{"text":"a"}` + "\n   \n", `{"text":"b"}` + "\n"},
		{`{"text":"a"}` + "\n" + `{"text":`, `"b"}` + "\n"},
	} {
		pr, pw := io.Pipe()
		or, ow := io.Pipe()
		done := make(chan error, 1)
		go func() {
			done <- AnalyzeStream(context.Background(), e, pr, ow, io.Discard, Options{Workers: 2})
			ow.Close()
		}()
		lines := make(chan string)
		go func() {
			br := bufio.NewReader(or)
			for {
				l, err := br.ReadString('\n')
				if err != nil {
					close(lines)
					return
				}
				lines <- l
			}
		}()
		go pw.Write([]byte(tc.first))
		select {
		case l := <-lines:
			if !strings.Contains(l, `"text":"a"`) {
				t.Errorf("%q: first line %q", tc.first, l)
			}
		case <-time.After(time.Minute):
			t.Fatalf("%q: the first post was not written before the rest came", tc.first)
		}
		pw.Write([]byte(tc.rest))
		pw.Close()
		if l := <-lines; !strings.Contains(l, `"text":"b"`) {
			t.Errorf("%q: second line %q", tc.first, l)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

// analyzeLine appends the output line for one input line to dst, the
// line analysed alone: what the workers' batches must give for it.
func analyzeLine(dst []byte, a *text.Analyzer, p *parsedLine, line []byte) ([]byte, error) {
	if err := parseInput(line, p); err != nil {
		return dst, err
	}
	res := a.Analyze(p.text, p.lang)
	return appendAnalysis(dst, p, &res), nil
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

// TestAnalyzeStreamMatchesLineByLine checks that the workers, which parse
// a batch, analyse its posts together (text.AnalyzeBatch) and then write
// them out, give for every line what analyzeLine gives for it alone: the
// customer and brand posts of testdata, some with their language and
// some without, with malformed and blank lines and an over-long one
// among them.
func TestAnalyzeStreamMatchesLineByLine(t *testing.T) {
	e := testEngine(t)
	var posts [][]byte
	for _, name := range []string{"customer_posts_dev.jsonl", "brand_posts_dev.jsonl"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		posts = append(posts, bytes.Split(bytes.TrimSpace(b), []byte("\n"))...)
	}
	var in bytes.Buffer
	var want []byte
	a := e.NewAnalyzer()
	var p parsedLine
	n := 0
	add := func(line []byte) {
		in.Write(line)
		in.WriteByte('\n')
		n++ // errors name the line of the input, blank ones counted
		if len(bytes.TrimSpace(line)) == 0 {
			return
		}
		if len(line) > maxLine {
			line = nil
		}
		out, err := analyzeLine(want, a, &p, line)
		if err != nil {
			out = appendErrorLine(want, n, err)
		}
		want = out
	}
	for i, line := range posts {
		if i%3 == 0 {
			// Without its language: the detector runs.
			var o map[string]any
			if err := json.Unmarshal(line, &o); err != nil {
				t.Fatal(err)
			}
			delete(o, "lang")
			line, _ = json.Marshal(o)
		}
		add(line)
		switch {
		case i%37 == 5:
			add([]byte(`{"text": "cassé`))
		case i%37 == 11:
			add(nil)
		case i == 300:
			add(bytes.Repeat([]byte("x"), maxLine+1))
		}
	}
	var out, errw bytes.Buffer
	if err := AnalyzeStream(context.Background(), e, &in, &out, &errw, Options{Workers: 3}); err != nil {
		t.Fatal(err)
	}
	if n < 2*batchLines {
		t.Fatalf("only %d lines: the test needs several batches", n)
	}
	got, wantLines := strings.Split(out.String(), "\n"), strings.Split(string(want), "\n")
	if len(got) != len(wantLines) {
		t.Fatalf("the stream wrote %d lines, line by line %d", len(got), len(wantLines))
	}
	for i := range got {
		if got[i] != wantLines[i] {
			t.Fatalf("line %d:\nstream:       %s\nline by line: %s", i+1, got[i], wantLines[i])
		}
	}
}
