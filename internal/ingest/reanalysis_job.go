package ingest

import (
	"context"
	"encoding/json"
	"errors"
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
// 2: the full-width signs ＃ and ＠ make hashtags and mentions; 3: the six
// common languages weigh more in posts of few n-grams (langShortPrior); 4:
// posts of two short words are read by their two n-grams; 5: the
// sentiment reads a post with both lexicons when its detected language is
// unsure and neither French nor English (text.unsureLangConfidence); 6:
// links lose more tracking parameters (xtor, Matomo's, YouTube's si…) and
// hosts outside ASCII take their ASCII form; 7: the two n-grams of a
// two-word post must be its two words ("lovely mp3" is und again); 8: the
// lexicons tell French from English in one word or an unsure post
// ("Incroyable !" is French), and a post of no known language reads its
// accented words in French first ("Hâte !"); 9: the idioms of short
// replies ("Trop stylé", "Refund me"), and the model retrained with them;
// 10: an emoji's gender sign is folded away as its skin tone is (🤦‍♀️ is
// 🤦), and emoji newer than the 2015 ranking have valences (🫶, 🥹); 11:
// the idioms of replies read only as all their clause ("Je valide !", not
// "je valide mon panier"), and the model retrained with them; 12: such a
// clause starts after a "but" and may hold an intensifier or a filler
// ("Super offre mais bidon", "Well done, team!"), "we will do better" is
// no praise, 🚩 and 🤝 have no valence; 13: a post that is one idiom and
// nothing else reads as the idiom where the model finds nothing ("Plus
// jamais."); 14: not when the rules read it otherwise (sarcasm, irony), it
// shares a link, or the idiom is a mild state ("On hold").
const AnalysisVersion = 14

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
	// One job per version: during a rolling upgrade an older server
	// leaves a newer one's job alone (reanalysisJob).
	j, inserted, err := q.Enqueue(ctx, nil, ReanalysisJob, reanalysisPayload{Version: AnalysisVersion},
		jobs.EnqueueOptions{UniqueKey: ReanalysisJob + ":" + strconv.Itoa(AnalysisVersion)})
	if err != nil {
		return false, fmt.Errorf("schedule the reading of stored items: %w", err)
	}
	if !inserted {
		// A failed reading keeps the unique key: without a new start it
		// would hold every later one back, and the items would keep the
		// reading of an older version for good. This start gives it
		// another round of attempts (it goes on from its progress).
		old, err := st.GetJob(ctx, j.ID)
		if err != nil {
			return false, fmt.Errorf("schedule the reading of stored items: %w", err)
		}
		if old.State == model.JobFailed {
			if _, err := st.RetryFailedJob(ctx, j.ID); err != nil {
				return false, fmt.Errorf("schedule the reading of stored items: %w", err)
			}
			q.Wake()
			p.log.Warn("the reading of stored items failed before: trying again",
				"stored_version", stored, "version", AnalysisVersion, "job", j.ID, "last_error", old.LastError)
			return true, nil
		}
	}
	p.log.Info("stored items were analysed by another version: reading them again in the background",
		"stored_version", stored, "version", AnalysisVersion, "job", j.ID, "already_queued", !inserted)
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

// readThrough returns the last item id that this version's reading has
// read, from the progress setting ("VERSION:LAST_ID"): 0 when none, or
// when the reading was another version's; ok false when the progress is
// unreadable (and the reading starts from the first item).
func readThrough(progress string) (after int64, ok bool) {
	v, id, found := strings.Cut(progress, ":")
	if !found || v != strconv.Itoa(AnalysisVersion) {
		return 0, true
	}
	after, err := strconv.ParseInt(id, 10, 64)
	if err != nil || after < 0 {
		return 0, false
	}
	return after, true
}

// AnalysisState tells operators (/readyz) whether the stored items carry
// this version's analysis, and how the reading that brings them to it
// goes: a failed reading has no workspace, so no page lists its job.
type AnalysisState struct {
	Version int `json:"version"` // this server's AnalysisVersion
	Stored  int `json:"stored"`  // the version that analysed the stored items; 0: none recorded
	// Reading is the state of this version's reading job (available,
	// running, retryable, failed…) while the versions differ; empty when
	// there is none.
	Reading     string `json:"reading,omitempty"`
	ReadThrough int64  `json:"read_through,omitempty"` // the last item id read so far
	// LastError is the job's, when it failed or will try again: for the
	// process only (the job's failure is logged), never /readyz, which
	// answers anyone, as it may hold a panic's stack or a database's
	// address.
	LastError string `json:"-"`
}

// AnalysisState reads where the stored items' analysis stands.
func (p *Pipeline) AnalysisState(ctx context.Context) (AnalysisState, error) {
	st := p.db.Q()
	s := AnalysisState{Version: AnalysisVersion}
	stored, _, err := st.Setting(ctx, settingVersion)
	if err != nil {
		return s, err
	}
	s.Stored, _ = strconv.Atoi(stored) // unrecorded or unreadable: 0
	if s.Stored == AnalysisVersion {
		return s, nil
	}
	progress, _, err := st.Setting(ctx, settingProgress)
	if err != nil {
		return s, err
	}
	s.ReadThrough, _ = readThrough(progress)
	j, err := st.GetJobByUniqueKey(ctx, ReanalysisJob+":"+strconv.Itoa(AnalysisVersion))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return s, nil
	case err != nil:
		return s, err
	}
	s.Reading = string(j.State)
	if j.State == model.JobFailed || j.State == model.JobRetryable {
		s.LastError = j.LastError
	}
	return s, nil
}

// reanalysisPayload names the AnalysisVersion a ReanalysisJob reads for.
type reanalysisPayload struct {
	Version int `json:"version"`
}

// reanalysisJob reads the next chunk of stored items; it snoozes to read
// the next one, and records the version after the last. Its progress is
// kept, so that a restart goes on where it was; a reading begun by
// another version starts again. A job queued by a server of another
// version is not this one's to run: an older version's is done (this
// server queued its own), a newer one's waits for a server of that
// version (during a rolling upgrade on one database).
func (p *Pipeline) reanalysisJob(ctx context.Context, job model.Job) error {
	var pl reanalysisPayload
	if err := json.Unmarshal(job.Payload, &pl); err != nil {
		return jobs.Permanent(fmt.Errorf("bad payload %s", job.Payload))
	}
	switch {
	case pl.Version < AnalysisVersion:
		return nil
	case pl.Version > AnalysisVersion:
		return jobs.Snooze(time.Minute, fmt.Sprintf("for analysis version %d; this server has %d", pl.Version, AnalysisVersion))
	}
	st := p.db.Q()
	if v, _, err := st.Setting(ctx, settingVersion); err != nil || v == strconv.Itoa(AnalysisVersion) {
		return err // read meanwhile ('parvis reanalyze')
	}
	progress, _, err := st.Setting(ctx, settingProgress)
	if err != nil {
		return err
	}
	after, ok := readThrough(progress)
	if !ok {
		p.log.Warn("reading the stored items again from the first: unreadable progress", "setting", settingProgress, "value", progress)
	}
	chunk := p.ReanalysisChunk
	if chunk <= 0 {
		chunk = reanalysisChunk
	}
	start := p.clock.Now()
	res, err := p.Reanalyze(ctx, ReanalyzeOptions{AfterID: after, MaxItems: chunk})
	if res.LastID > after {
		// Kept even when the job's time ran out: the batches written
		// are not read again.
		if perr := st.PutSetting(context.WithoutCancel(ctx), settingProgress, strconv.Itoa(AnalysisVersion)+":"+strconv.FormatInt(res.LastID, 10)); perr != nil && err == nil {
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
