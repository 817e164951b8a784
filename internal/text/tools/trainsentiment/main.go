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
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/parvis/parvis/internal/text"
	"github.com/parvis/parvis/internal/text/analyze"
)

var files = []string{"xlmt_en_sentiment_trainval.jsonl", "tweeteval_sentiment_val.jsonl", "xlmt_fr_sentiment_train.jsonl"}

func main() {
	dataDir := flag.String("data", "../shared/data", "directory of the labelled JSONL files")
	out := flag.String("out", "internal/text/data/sentiment_lr.bin", "model file to write")
	seed := flag.Uint64("seed", 1, "shuffling seed")
	epochs := flag.Int("epochs", 0, "passes over the data (0: default)")
	l2 := flag.Float64("l2", 0, "weight decay (0: default)")
	lr := flag.Float64("lr", 0, "learning rate (0: default)")
	validate := flag.Bool("validate", false, "train without bucket 1 and print scores on it; write nothing")
	flag.Parse()
	opt := text.TrainOptions{Seed: *seed, Epochs: *epochs, L2: *l2, LearningRate: *lr}
	if err := run(*dataDir, *out, opt, *validate); err != nil {
		fmt.Fprintln(os.Stderr, "trainsentiment:", err)
		os.Exit(1)
	}
}

func run(dataDir, out string, opt text.TrainOptions, validate bool) error {
	var posts, valid []text.LabeledPost
	seen := map[string]bool{}
	for _, name := range files {
		ps, err := readLabeled(filepath.Join(dataDir, name))
		if err != nil {
			return err
		}
		for _, p := range ps {
			b := text.SplitBucket(p.Text)
			if b == 0 || seen[p.Text] {
				continue
			}
			seen[p.Text] = true
			if validate && b == 1 {
				valid = append(valid, p)
				continue
			}
			posts = append(posts, p)
		}
	}
	e, err := text.NewEngine()
	if err != nil {
		return err
	}
	model, err := e.TrainSentiment(posts, opt)
	if err != nil {
		return err
	}
	if validate {
		ve, err := text.NewEngineWithSentimentModel(model)
		if err != nil {
			return err
		}
		for _, lang := range []string{"en", "fr"} {
			var sub []text.LabeledPost
			for _, p := range valid {
				if p.Lang == lang {
					sub = append(sub, p)
				}
			}
			s := analyze.EvaluatePosts(ve, sub, "validation-"+lang)
			analyze.WriteReport(os.Stdout, s)
		}
		return nil
	}
	if err := os.WriteFile(out, model, 0o644); err != nil {
		return err
	}
	fmt.Printf("trained on %d posts, wrote %s (%d bytes)\n", len(posts), out, len(model))
	return nil
}

func readLabeled(path string) ([]text.LabeledPost, error) {
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
		if p.Task == "sentiment" {
			posts = append(posts, p)
		}
	}
	return posts, sc.Err()
}
