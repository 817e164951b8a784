// Command trainsentiment rebuilds internal/text/data/sentiment_lr.bin, the
// sentiment model embedded in Parvis, from the labelled tweets of
// shared/data:
//
//	go run ./internal/text/tools/trainsentiment -data ../shared/data
//
// It trains on the sentiment files (English XLM-T train+val, TweetEval val,
// French XLM-T train), de-duplicated by text, leaving out the 20% of posts
// that text.IsHeldOut selects; `parvis analyze --evaluate --holdout`
// measures held-out figures on exactly those. With -validate it also leaves
// out bucket 1 and prints scores on it, to choose options without touching
// the held-out set.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/parvis/parvis/internal/text"
	"github.com/parvis/parvis/internal/text/analyze"
)

var files = []string{"xlmt_en_sentiment_trainval.jsonl", "tweeteval_sentiment_val.jsonl", "xlmt_fr_sentiment_train.jsonl"}

func main() {
	if err := realMain(); err != nil {
		fmt.Fprintln(os.Stderr, "trainsentiment:", err)
		os.Exit(1)
	}
}

func realMain() error {
	dataDir := flag.String("data", "../shared/data", "directory of the labelled JSONL files")
	out := flag.String("out", "internal/text/data/sentiment_lr.bin", "model file to write")
	d := text.DefaultTrainOptions()
	seed := flag.Uint64("seed", d.Seed, "shuffling seed")
	epochs := flag.Int("epochs", d.Epochs, "passes over the data")
	l2 := flag.Float64("l2", d.L2, "weight decay of the hashed features")
	lr := flag.Float64("lr", d.LearningRate, "AdaGrad learning rate")
	runs := flag.Int("runs", d.Runs, "models trained on different shuffles and averaged")
	wordEN := flag.Float64("word-en", d.WordScaleEN, "scale of the hashed word features, English")
	wordFR := flag.Float64("word-fr", d.WordScaleFR, "scale of the hashed word features, French")
	charEN := flag.Float64("char-en", d.CharScaleEN, "scale of the character n-grams, English")
	charFR := flag.Float64("char-fr", d.CharScaleFR, "scale of the character n-grams, French")
	nbEN := flag.Float64("neutral-en", d.NeutralBiasEN, "neutral intercept offset, English")
	nbFR := flag.Float64("neutral-fr", d.NeutralBiasFR, "neutral intercept offset, French")
	validate := flag.Bool("validate", false, "train without bucket 1 and print scores on it; write nothing")
	cv := flag.Bool("cv", false, "4-fold cross-validation over buckets 1-4; print mean macro-F1 per language; write nothing")
	cvErrors := flag.String("cv-errors", "", "with -cv: JSONL file to write the posts each fold's model misreads ({text, lang, label, got, fold}), to study the rules on training posts only")
	score := flag.String("score", "", "comma-separated labelled JSONL files ({text, lang, label}) to score the trained model on, per language; write nothing")
	extraFiles := flag.String("extra", "", "comma-separated JSONL files of posts ({text, lang, label}) that only train: never scored, and left out when the shared files hold their text")
	extraWeight := flag.Float64("extra-weight", 1, "weight of the -extra posts against the shared tweets")
	flag.Parse()
	if modes := btoi(*cv) + btoi(*validate) + btoi(*score != ""); modes > 1 {
		return errors.New("choose one of -cv, -validate and -score")
	}
	if !(*extraWeight > 0) {
		return fmt.Errorf("-extra-weight %v: must be positive", *extraWeight)
	}
	shared, err := readShared(*dataDir)
	if err != nil {
		return err
	}
	extra, err := readExtra(shared, *extraFiles, *extraWeight)
	if err != nil {
		return err
	}
	opt := text.TrainOptions{Seed: *seed, Epochs: *epochs, L2: *l2, LearningRate: *lr, Runs: *runs,
		WordScaleEN: *wordEN, WordScaleFR: *wordFR, CharScaleEN: *charEN, CharScaleFR: *charFR,
		NeutralBiasEN: *nbEN, NeutralBiasFR: *nbFR}
	if *cvErrors != "" && !*cv {
		return errors.New("-cv-errors needs -cv")
	}
	if *cv {
		return crossValidate(shared, extra, opt, *cvErrors)
	}
	model, valid, n, err := train(shared, extra, opt, *validate)
	if err != nil {
		return err
	}
	switch {
	case *validate:
		ve, err := text.NewEngineWithSentimentModel(model)
		if err != nil {
			return err
		}
		for _, lang := range []string{"en", "fr"} {
			analyze.WriteReport(os.Stdout, analyze.EvaluatePosts(ve, inLang(valid, lang), "validation-"+lang))
		}
		return nil
	case *score != "":
		return scoreFiles(model, *score)
	}
	if err := os.WriteFile(*out, model, 0o644); err != nil {
		return err
	}
	fmt.Printf("trained on %d posts, wrote %s (%d bytes)\n", n, *out, len(model))
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// train fits the model on the shared posts outside the held-out bucket,
// and the extra posts. With leaveOutBucket1 the posts of bucket 1 are
// returned to validate on instead of trained on.
func train(shared [][]text.LabeledPost, extra []text.LabeledPost, opt text.TrainOptions, leaveOutBucket1 bool) (model []byte, valid []text.LabeledPost, n int, err error) {
	var posts []text.LabeledPost
	for _, p := range trainingPosts(shared) {
		if leaveOutBucket1 && text.SplitBucket(p.Text) == 1 {
			valid = append(valid, p)
			continue
		}
		posts = append(posts, p)
	}
	posts = append(posts, extra...)
	e, err := text.NewEngineWithSentimentModel(nil) // features need only the rules
	if err != nil {
		return nil, nil, 0, err
	}
	model, err = e.TrainSentiment(posts, opt)
	return model, valid, len(posts), err
}

// crossValidate trains four times, each time leaving one of buckets 1-4
// out, and prints the mean macro-F1 on the left-out bucket per language.
// The held-out bucket 0 is never used.
func crossValidate(shared [][]text.LabeledPost, extra []text.LabeledPost, opt text.TrainOptions, errorsPath string) error {
	var misread *json.Encoder
	if errorsPath != "" {
		f, err := os.Create(errorsPath)
		if err != nil {
			return err
		}
		defer f.Close()
		misread = json.NewEncoder(f)
		misread.SetEscapeHTML(false)
	}
	all := trainingPosts(shared)
	inFile := [2]map[string]bool{{}, {}} // texts of each English file
	for i := range inFile {
		for _, p := range shared[i] {
			inFile[i][p.Text] = true
		}
	}
	e, err := text.NewEngineWithSentimentModel(nil)
	if err != nil {
		return err
	}
	sum := map[string]float64{}
	var fileSum [2]float64 // English by source file: XLM-T, TweetEval
	for fold := 1; fold <= 4; fold++ {
		train := append([]text.LabeledPost(nil), extra...)
		var valid []text.LabeledPost
		for _, p := range all {
			if text.SplitBucket(p.Text) == fold {
				valid = append(valid, p)
			} else {
				train = append(train, p)
			}
		}
		model, err := e.TrainSentiment(train, opt)
		if err != nil {
			return err
		}
		ve, err := text.NewEngineWithSentimentModel(model)
		if err != nil {
			return err
		}
		if misread != nil {
			a := ve.NewAnalyzer()
			for _, p := range valid {
				if got := a.Analyze(p.Text, p.Lang).Sentiment.Label; got != p.Label {
					line := struct {
						Text  string `json:"text"`
						Lang  string `json:"lang"`
						Label string `json:"label"`
						Got   string `json:"got"`
						Fold  int    `json:"fold"`
					}{p.Text, p.Lang, p.Label, got, fold}
					if err := misread.Encode(line); err != nil {
						return err
					}
				}
			}
		}
		for _, lang := range []string{"en", "fr"} {
			sub := inLang(valid, lang)
			f1 := analyze.EvaluatePosts(ve, sub, lang).SentimentMacroF1
			fmt.Fprintf(os.Stderr, "fold %d %s: n=%d macro-F1 %.4f\n", fold, lang, len(sub), f1)
			sum[lang] += f1 / 4
		}
		for i := range inFile {
			var sub []text.LabeledPost
			for _, p := range valid {
				if inFile[i][p.Text] {
					sub = append(sub, p)
				}
			}
			fileSum[i] += analyze.EvaluatePosts(ve, sub, files[i]).SentimentMacroF1 / 4
		}
	}
	fmt.Printf("cv macro-F1: en %.4f fr %.4f (en by file: xlmt_en %.4f tweeteval %.4f)\n", sum["en"], sum["fr"], fileSum[0], fileSum[1])
	return nil
}

// readShared reads the sentiment posts of each of the shared files, in
// the order of files.
func readShared(dataDir string) ([][]text.LabeledPost, error) {
	shared := make([][]text.LabeledPost, len(files))
	for i, name := range files {
		ps, err := readLabeled(filepath.Join(dataDir, name))
		if err != nil {
			return nil, err
		}
		shared[i] = ps
	}
	return shared, nil
}

// trainingPosts returns the de-duplicated shared posts outside the
// held-out bucket.
func trainingPosts(shared [][]text.LabeledPost) []text.LabeledPost {
	var posts []text.LabeledPost
	seen := map[string]bool{}
	for _, ps := range shared {
		for _, p := range ps {
			if text.IsHeldOut(p.Text) || seen[p.Text] {
				continue
			}
			seen[p.Text] = true
			posts = append(posts, p)
		}
	}
	return posts
}

// readLabeled returns the sentiment posts of a shared/data file.
func readLabeled(path string) ([]text.LabeledPost, error) {
	all, err := readPosts(path)
	if err != nil {
		return nil, err
	}
	var posts []text.LabeledPost
	for _, p := range all {
		if p.Task == "sentiment" {
			posts = append(posts, p)
		}
	}
	return posts, nil
}

// readPosts reads every line of a JSONL file of posts.
func readPosts(path string) ([]text.LabeledPost, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var posts []text.LabeledPost
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	for n := 1; sc.Scan(); n++ {
		var p text.LabeledPost
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if p.ID == "" {
			p.ID = fmt.Sprintf("%s:%d", filepath.Base(path), n)
		}
		posts = append(posts, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return posts, nil
}

// readSentimentFiles reads comma-separated JSONL files of posts labelled
// for sentiment, each line {"text","lang","label"} in English or French
// (no task needed).
func readSentimentFiles(list string) ([]text.LabeledPost, error) {
	var posts []text.LabeledPost
	for _, path := range strings.Split(list, ",") {
		ps, err := readPosts(path)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if p.Lang != "en" && p.Lang != "fr" || p.Text == "" || p.Label == "" {
				return nil, fmt.Errorf("%s: post %s: want a text, a label and lang en or fr, got lang %q", path, p.ID, p.Lang)
			}
			p.Task = "sentiment"
			posts = append(posts, p)
		}
	}
	return posts, nil
}

// readExtra reads the -extra files and gives their posts weight w. A post
// whose text a shared file holds is left out (and counted on stderr): it
// could be scored by -cv or -validate, or be a held-out post.
func readExtra(shared [][]text.LabeledPost, list string, w float64) ([]text.LabeledPost, error) {
	if list == "" {
		return nil, nil
	}
	ps, err := readSentimentFiles(list)
	if err != nil {
		return nil, err
	}
	inShared := map[string]bool{}
	for _, sp := range shared {
		for _, p := range sp {
			inShared[p.Text] = true
		}
	}
	var posts []text.LabeledPost
	for _, p := range ps {
		if inShared[p.Text] {
			continue
		}
		p.Weight = w
		posts = append(posts, p)
	}
	if left := len(ps) - len(posts); left > 0 {
		fmt.Fprintf(os.Stderr, "trainsentiment: %d -extra posts left out: the shared files hold their text\n", left)
	}
	return posts, nil
}

// scoreFiles prints the macro-F1, accuracy and confusion of model on each
// comma-separated labelled file, per language.
func scoreFiles(model []byte, list string) error {
	e, err := text.NewEngineWithSentimentModel(model)
	if err != nil {
		return err
	}
	for _, path := range strings.Split(list, ",") {
		ps, err := readSentimentFiles(path)
		if err != nil {
			return err
		}
		for _, lang := range []string{"en", "fr"} {
			if sub := inLang(ps, lang); len(sub) > 0 {
				s := analyze.EvaluatePosts(e, sub, lang)
				fmt.Printf("%s %s n=%d macro-F1 %.4f accuracy %.4f confusion %v\n", filepath.Base(path), lang, s.SentimentN, s.SentimentMacroF1, s.SentimentAccuracy, s.SentimentConfusion)
			}
		}
	}
	return nil
}

// inLang returns the posts of one language.
func inLang(ps []text.LabeledPost, lang string) []text.LabeledPost {
	var sub []text.LabeledPost
	for _, p := range ps {
		if p.Lang == lang {
			sub = append(sub, p)
		}
	}
	return sub
}
