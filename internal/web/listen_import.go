package web

import (
	"errors"
	"io"
	"net/http"
	"path"
	"strings"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/listen"
)

// importData is the import page, with the result of an import once done.
type importData struct {
	Fields []string // the item fields a CSV column can map to
	Done   bool
	Result listen.ImportResult
	// Rejections are the rejected lines (the first maxRejections).
	Rejections []importRejection
	More       int // rejected lines not listed
}

type importRejection struct {
	Line   int
	Reason string
}

// maxRejections bounds the rejected lines listed on the page.
const maxRejections = 500

func (s *server) importPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "listen.import_title", "listening"
	p.Data = importData{Fields: listen.CSVFields}
	s.render(w, r, http.StatusOK, "listen_import", p)
}

// importItems streams the uploaded file into the import, without storing
// it: the form puts its format and mapping before the file, so they are
// read first.
func (s *server) importItems(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "listen.import_title", "listening"
	d := importData{Fields: listen.CSVFields}
	p.Data = d
	limit := 50 * s.MaxBody
	if limit <= 0 {
		limit = 50 << 20
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	mr, err := r.MultipartReader()
	if err != nil {
		s.fail(w, r, apperr.Invalid("file", "error.import_upload", "send a file with the form"), "listen_import", p)
		return
	}
	var format, mapping string
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			err = apperr.Invalid("file", "error.import_upload", "send a file with the form")
		}
		if err != nil {
			s.fail(w, r, uploadError(err, limit), "listen_import", p)
			return
		}
		switch part.FormName() {
		case "format":
			format = readSmall(part)
			p.Fields["format"] = format
		case "map":
			mapping = readSmall(part)
			p.Fields["map"] = mapping
		case "file":
			if part.FileName() == "" {
				s.fail(w, r, apperr.Invalid("file", "error.import_upload", "send a file with the form"), "listen_import", p)
				return
			}
			if format == "" {
				format = "jsonl"
				if strings.EqualFold(path.Ext(part.FileName()), ".csv") {
					format = "csv"
				}
			}
			m, err := listen.ParseMapping(mapping)
			if err != nil {
				s.fail(w, r, err, "listen_import", p)
				return
			}
			body := &stickyReader{r: part}
			d.Result, err = s.Listen.Import(r.Context(), p.WS.Slug, body, listen.ImportOptions{Format: format, Mapping: m},
				func(line int, err error) {
					if len(d.Rejections) < maxRejections {
						d.Rejections = append(d.Rejections, importRejection{line, err.Error()})
					} else {
						d.More++
					}
				})
			if err == nil && body.err != nil {
				err = uploadError(body.err, limit)
			}
			p.Data = d
			if err != nil {
				s.fail(w, r, err, "listen_import", p)
				return
			}
			d.Done = true
			p.Data = d
			s.render(w, r, http.StatusOK, "listen_import", p)
			return
		}
	}
}

// uploadError names a body over the limit.
func uploadError(err error, limit int64) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return apperr.New(apperr.KindTooLarge, "error.body_too_large", "request body larger than %d bytes", limit)
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return err
	}
	return apperr.Invalid("file", "error.import_upload", "send a file with the form")
}

// readSmall reads a short form value of a multipart form.
func readSmall(r io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(r, 4096))
	return strings.TrimSpace(string(b))
}

// stickyReader ends the input at the first read error and keeps the error:
// the import then finishes with what it read, and the handler reports why
// the upload stopped (a record parser would otherwise see the same error
// again on every read).
type stickyReader struct {
	r   io.Reader
	err error
}

func (s *stickyReader) Read(b []byte) (int, error) {
	if s.err != nil {
		return 0, io.EOF
	}
	n, err := s.r.Read(b)
	if err != nil && err != io.EOF {
		s.err = err
		return n, io.EOF
	}
	return n, err
}
