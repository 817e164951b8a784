package ingest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/jobs"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/store"
)

// AnalysisVersion names what the enrich stage writes of an item: its
// language, sentiment, entities and search words. Bump it with any change
// that moves them (TestAnalysisVersion fails until then): the first
// server of a new version to start reads the stored items again in the
// background (ReanalysisJob), so that they are found, filtered and
// counted as the items that come after.
const AnalysisVersion = 2 // 2: the full-width signs ＃ and ＠ make hashtags and mentions

// ReanalysisJob is the kind of the job that reads the stored items again
// when another version analysed them.
const ReanalysisJob = "ingest.reanalyze"

const (
	// settingVersion is the AnalysisVersion that analysed the stored items.
	settingVersion = "analysis_version"
	// settingProgress is where a reading under way is: "VERSION:LAST_ID".
	settingProgress = "reanalysis_progress"
	// reanalysisChunk is how many items one run of the job reads, well
	// within the job's timeout even on PostgreSQL when every item changes
	// (BenchmarkReanalyze: about 20,000 items/s).
	reanalysisChunk = 20000
)

// RegisterReanalysis registers ReanalysisJob on q.
func (p *Pipeline) RegisterReanalysis(q *jobs.Queue) {
	q.Register(jobs.Kind{Name: ReanalysisJob, Handler: p.reanalysisJob, MaxAttempts: 20})
}

// ScheduleReanalysis enqueues ReanalysisJob when the stored items were
// analysed by another version (or by one from before versions were
// recorded); with no item stored, it records this version. It reports
// whether the job is queued.
func (p *Pipeline) ScheduleReanalysis(ctx context.Context, q *jobs.Queue) (bool, error) {
	st := p.db.Q()
	stored, ok, err := st.Setting(ctx, settingVersion)
	if err != nil || ok && stored == strconv.Itoa(AnalysisVersion) {
		return false, err
	}
	if has, err := st.HasItems(ctx); err != nil || !has {
		if err != nil {
			return false, err
		}
		return false, p.MarkAnalysisCurrent(ctx)
	}
	if stored == "" {
		stored = "none recorded"
	}
	j, inserted, err := q.Enqueue(ctx, nil, ReanalysisJob, struct{}{}, jobs.EnqueueOptions{UniqueKey: ReanalysisJob})
	if err != nil {
		return false, fmt.Errorf("schedule the reading of stored items: %w", err)
	}
	if inserted {
		p.log.Info("stored items were analysed by another version: reading them again in the background",
			"stored_version", stored, "version", AnalysisVersion, "job", j.ID)
	} else {
		p.log.Warn("stored items were analysed by another version, and their reading is already queued or failed",
			"stored_version", stored, "version", AnalysisVersion, "job", j.ID)
	}
	return true, nil
}

// MarkAnalysisCurrent records that the stored items are analysed by this
// version (after a whole reading, or when there is none to read).
func (p *Pipeline) MarkAnalysisCurrent(ctx context.Context) error {
	return p.db.InTx(ctx, func(q *store.Q) error {
		if err := q.PutSetting(ctx, settingVersion, strconv.Itoa(AnalysisVersion)); err != nil {
			return err
		}
		return q.PutSetting(ctx, settingProgress, "")
	})
}

// reanalysisJob reads the next chunk of stored items; it snoozes to read
// the next one, and records the version after the last. Its progress is
// kept, so that a restart goes on where it was; a reading begun by
// another version starts again.
func (p *Pipeline) reanalysisJob(ctx context.Context, _ model.Job) error {
	st := p.db.Q()
	if v, _, err := st.Setting(ctx, settingVersion); err != nil || v == strconv.Itoa(AnalysisVersion) {
		return err // read meanwhile ('parvis reanalyze')
	}
	var after int64
	progress, _, err := st.Setting(ctx, settingProgress)
	if err != nil {
		return err
	}
	if v, id, ok := strings.Cut(progress, ":"); ok && v == strconv.Itoa(AnalysisVersion) {
		if after, err = strconv.ParseInt(id, 10, 64); err != nil {
			return jobs.Permanent(fmt.Errorf("setting %s: %q is not VERSION:LAST_ID", settingProgress, progress))
		}
	}
	chunk := p.ReanalysisChunk
	if chunk <= 0 {
		chunk = reanalysisChunk
	}
	start := p.clock.Now()
	res, err := p.Reanalyze(ctx, ReanalyzeOptions{AfterID: after, MaxItems: chunk})
	if res.LastID > after {
		if perr := st.PutSetting(ctx, settingProgress, strconv.Itoa(AnalysisVersion)+":"+strconv.FormatInt(res.LastID, 10)); perr != nil && err == nil {
			err = perr
		}
	}
	if err != nil {
		return err
	}
	p.log.Info("stored items read again", "after_id", after, "last_id", res.LastID, "read", res.Read, "changed", res.Changed,
		"written", res.Written, "edited_meanwhile", res.Edited, "took", p.clock.Now().Sub(start).Round(time.Millisecond))
	if !res.Done {
		return jobs.Snooze(0, fmt.Sprintf("read up to item %d", res.LastID))
	}
	return p.MarkAnalysisCurrent(ctx)
}
