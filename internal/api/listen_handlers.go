package api

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/httpx"
	"github.com/parvis/parvis/internal/listen"
)

func (d *Deps) listSourceTypes(r *http.Request) (int, any, error) {
	return http.StatusOK, map[string]any{"items": d.Listen.Specs()}, nil
}

func (d *Deps) listSources(r *http.Request) (int, any, error) {
	srcs, err := d.Listen.Sources(r.Context(), r.PathValue("ws"))
	return http.StatusOK, map[string]any{"items": nonNil(srcs)}, err
}

func (d *Deps) createSource(r *http.Request) (int, any, error) {
	var in listen.SourceInput
	if err := d.decode(r, &in); err != nil {
		return 0, nil, err
	}
	src, err := d.Listen.CreateSource(r.Context(), r.PathValue("ws"), in)
	return http.StatusCreated, src, err
}

func (d *Deps) getSource(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	src, err := d.Listen.Source(r.Context(), r.PathValue("ws"), id)
	return http.StatusOK, src, err
}

func (d *Deps) patchSource(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var up listen.SourceUpdate
	if err := d.decode(r, &up); err != nil {
		return 0, nil, err
	}
	src, err := d.Listen.UpdateSource(r.Context(), r.PathValue("ws"), id, up)
	return http.StatusOK, src, err
}

func (d *Deps) deleteSource(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, d.Listen.DeleteSource(r.Context(), r.PathValue("ws"), id)
}

func (d *Deps) runSource(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	if err := d.Listen.RunSource(r.Context(), r.PathValue("ws"), id); err != nil {
		return 0, nil, err
	}
	return http.StatusAccepted, map[string]string{"status": "queued"}, nil
}

// ItemQueryFrom reads the items filters from a URL query.
func ItemQueryFrom(r *http.Request) (listen.ItemQuery, error) {
	q := r.URL.Query()
	n, err := limit(r)
	return listen.ItemQuery{Source: q.Get("source"), Network: q.Get("network"), Kind: q.Get("kind"), Lang: q.Get("lang"),
		Sentiment: q.Get("sentiment"), Author: q.Get("author"), Q: q.Get("q"), Since: q.Get("since"), Until: q.Get("until"),
		Cursor: q.Get("cursor"), Limit: n}, err
}

func (d *Deps) listItems(r *http.Request) (int, any, error) {
	iq, err := ItemQueryFrom(r)
	if err != nil {
		return 0, nil, err
	}
	p, err := d.Listen.Items(r.Context(), r.PathValue("ws"), iq)
	return http.StatusOK, p, err
}

func (d *Deps) getItem(r *http.Request) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	it, err := d.Listen.Item(r.Context(), r.PathValue("ws"), id)
	return http.StatusOK, it, err
}

// importRejection is one rejected record of an import.
type importRejection struct {
	Line  int    `json:"line"`
	Error string `json:"error"`
}

func (d *Deps) importItems(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	format := q.Get("format")
	if format == "" {
		format = "jsonl"
		if strings.Contains(r.Header.Get("Content-Type"), "csv") {
			format = "csv"
		}
	}
	mapping, err := listen.ParseMapping(q.Get("map"))
	if err != nil {
		return 0, nil, err
	}
	var rejected []importRejection
	body := http.MaxBytesReader(nil, r.Body, d.MaxImport)
	res, err := d.Listen.Import(r.Context(), r.PathValue("ws"), body, listen.ImportOptions{Format: format, Mapping: mapping},
		func(line int, err error) {
			if len(rejected) < 1000 {
				rejected = append(rejected, importRejection{line, err.Error()})
			}
		})
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return 0, nil, apperr.New(apperr.KindTooLarge, "error.body_too_large", "request body larger than %d bytes", d.MaxImport)
	}
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]any{"imported": res.Imported, "duplicates": res.Duplicates, "rejected": res.Rejected,
		"rejections": nonNil(rejected)}, nil
}

// receiveWebhook serves POST /hooks/{token}: no session or token, the
// secret URL (and the optional signature) is the credential.
func (d *Deps) receiveWebhook() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, d.MaxBody))
		if err != nil {
			httpx.WriteError(w, r, d.Log, apperr.New(apperr.KindTooLarge, "error.body_too_large", "request body larger than %d bytes", d.MaxBody))
			return
		}
		res, err := d.Listen.ReceiveWebhook(r.Context(), r.PathValue("token"), body, r.Header.Get(listen.SignatureHeader))
		if err != nil {
			httpx.WriteError(w, r, d.Log, err)
			return
		}
		httpx.WriteJSON(w, http.StatusAccepted, res)
	})
}
