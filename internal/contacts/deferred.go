package contacts

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// RecordJob is the kind of the durable job that records the authors of a
// bulk batch after its transaction.
const RecordJob = "contacts.record"

// deferAbove is the batch size from which authors are recorded by a job.
// Polls and webhook deliveries (tens of items) are recorded in their own
// transaction, so the directory is current at once; an import's batches
// (thousands) only write items, which keeps bulk ingest at the speed of
// the items table (the directory's link rows cost as much as the items
// themselves on PostgreSQL) and lets the directory follow seconds later.
const deferAbove = 1000

type recordPayload struct {
	WorkspaceID int64 `json:"workspace_id"`
	// Ranges of item ids, inclusive: an import's new items have
	// consecutive ids, so a batch is one range or a few.
	Ranges [][2]int64 `json:"ranges"`
}

// idRanges compresses sorted ids into inclusive ranges.
func idRanges(ids []int64) [][2]int64 {
	slices.Sort(ids)
	var out [][2]int64
	for _, id := range ids {
		if n := len(out); n > 0 && (id == out[n-1][1] || id == out[n-1][1]+1) {
			out[n-1][1] = id
			continue
		}
		out = append(out, [2]int64{id, id})
	}
	return out
}

// deferRecord enqueues, in the batch's transaction, the job that records
// its authors' items.
func (s *Service) deferRecord(ctx context.Context, q *store.Q, wsID int64, authors []store.AuthorSighting) error {
	var ids []int64
	for _, a := range authors {
		for _, it := range a.Items {
			ids = append(ids, it.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	_, _, err := s.jobs.Enqueue(ctx, q, RecordJob, recordPayload{WorkspaceID: wsID, Ranges: idRanges(ids)},
		jobs.EnqueueOptions{WorkspaceID: wsID})
	if err != nil {
		return fmt.Errorf("contacts: defer recording: %w", err)
	}
	return nil
}

// recordJob records the authors of the items a bulk batch wrote, as they
// are now in the store (a later edit is taken as it is). Counters change
// by difference against each item's link row, so running it twice (after
// a crash before the job was marked done) changes nothing, and the order
// of two jobs touching the same item does not matter. Authors erased
// since are left out.
func (s *Service) recordJob(ctx context.Context, job model.Job) error {
	var pl recordPayload
	if err := json.Unmarshal(job.Payload, &pl); err != nil || pl.WorkspaceID == 0 {
		return jobs.Permanent(fmt.Errorf("bad payload %s", job.Payload))
	}
	err := s.db.InTx(ctx, func(q *store.Q) error {
		items, err := q.ItemsInRanges(ctx, pl.WorkspaceID, pl.Ranges)
		if err != nil {
			return err
		}
		authors := Sightings(items)
		if len(authors) == 0 {
			return nil
		}
		hashes, erased, err := erasedAmong(ctx, q, pl.WorkspaceID, authors)
		if err != nil {
			return err
		}
		kept := authors[:0]
		for i, a := range authors {
			if _, gone := erased[hashes[i]]; !gone {
				kept = append(kept, a)
			}
		}
		_, err = q.RecordAuthors(ctx, pl.WorkspaceID, kept)
		return err
	})
	if store.Retryable(err) {
		// Some of the items are being written (a poll, a reanalysis):
		// read them once that commits, without spending an attempt.
		return jobs.Snooze(time.Second, "items being written: "+err.Error())
	}
	return err
}
