package publish

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	_ "image/gif" // decoders for the check of uploads
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/auth"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/publish/publisher"
	"github.com/parvis/parvis/internal/store"
)

// MaxMediaBytes bounds an uploaded file (channels have their own, lower
// limits, checked when a post is scheduled).
const MaxMediaBytes = 50 << 20

// mediaTypes are the types accepted, as sniffed from the content (the
// declared type is not trusted).
var mediaTypes = []string{"image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4"}

// UploadMedia stores an attachment after sniffing its type from its bytes
// and checking its size. alt is its text alternative.
func (s *Service) UploadMedia(ctx context.Context, ws string, r io.Reader, alt string) (model.Media, error) {
	w, err := s.ws.Authorize(ctx, ws, model.RoleEditor)
	if err != nil {
		return model.Media{}, err
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxMediaBytes+1))
	if err != nil {
		return model.Media{}, apperr.Invalid("body", "error.media_read", "cannot read the file")
	}
	if len(data) > MaxMediaBytes {
		return model.Media{}, apperr.New(apperr.KindTooLarge, "error.media_too_large", "a file may weigh at most %d MB", MaxMediaBytes>>20)
	}
	if len(data) == 0 {
		return model.Media{}, apperr.Invalid("body", "error.required", "is required")
	}
	mime := http.DetectContentType(data)
	if i := strings.IndexByte(mime, ';'); i >= 0 {
		mime = mime[:i]
	}
	if !slices.Contains(mediaTypes, mime) {
		return model.Media{}, apperr.Invalid("body", "error.media_type_upload", "%s files are not accepted (JPEG, PNG, GIF, WebP images and MP4 videos are)", mime)
	}
	switch mime {
	case "image/jpeg", "image/png", "image/gif":
		// The signature is not enough: the image header must parse.
		if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil {
			return model.Media{}, apperr.Invalid("body", "error.media_corrupt", "the file looks like %s but cannot be read as one", mime)
		}
	}
	alt = strings.TrimSpace(alt)
	if utf8.RuneCountInString(alt) > 1500 {
		return model.Media{}, apperr.Invalid("alt", "error.too_long", "must be at most %d characters", 1500)
	}
	sum := sha256.Sum256(data)
	m := model.Media{WorkspaceID: w.ID, MIME: mime, Size: int64(len(data)), Alt: alt, SHA256: hex.EncodeToString(sum[:]), Data: data}
	err = s.db.InTx(ctx, func(q *store.Q) error {
		if err := q.CreateMedia(ctx, &m, actorUserID(ctx)); err != nil {
			return err
		}
		return q.InsertAudit(ctx, auth.AuditEntry(ctx, w.ID, "media.upload", "media", idStr(m.ID), map[string]any{"mime": mime, "size": m.Size}))
	})
	if err != nil {
		return model.Media{}, apperr.Internal(err)
	}
	m.Data = nil
	return m, nil
}

// loadMedia checks that the ids are media of the workspace.
func loadMedia(ctx context.Context, q *store.Q, wsID int64, ids []int64) ([]model.Media, error) {
	out := make([]model.Media, 0, len(ids))
	for _, id := range ids {
		m, err := q.GetMedia(ctx, wsID, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil, apperr.Invalid("media", "error.media_unknown", "attachment %d is not an upload of this workspace", id)
		}
		if err != nil {
			return nil, apperr.Internal(err)
		}
		out = append(out, m)
	}
	return out, nil
}

func mediaInfo(ms []model.Media) []publisher.MediaInfo {
	out := make([]publisher.MediaInfo, 0, len(ms))
	for _, m := range ms {
		out = append(out, publisher.MediaInfo{MIME: m.MIME, Size: m.Size})
	}
	return out
}
