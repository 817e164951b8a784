// Command whatlanggo prints the language accuracy of github.com/abadojack/whatlanggo
// (the baseline of issue 5) on labelled JSONL files, overall and per
// labelled language, for docs/text.md. It is a module of its own so that
// the baseline stays out of Parvis's go.mod:
//
//	cd scripts/text/whatlanggo && go run . ../../../../shared/data/*.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/abadojack/whatlanggo"
)

func main() {
	for _, f := range os.Args[1:] {
		fh, err := os.Open(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		n, ok := map[string]int{}, map[string]int{}
		total, totalOK := 0, 0
		for line := 1; sc.Scan(); line++ {
			var p struct{ Text, Lang string }
			if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
				fmt.Fprintf(os.Stderr, "%s:%d: %v\n", f, line, err)
				os.Exit(1)
			}
			info := whatlanggo.Detect(p.Text)
			n[p.Lang]++
			total++
			if whatlanggo.LangToStringShort(info.Lang) == p.Lang {
				ok[p.Lang]++
				totalOK++
			}
		}
		fh.Close()
		fmt.Printf("%s: whatlanggo n=%d accuracy=%.4f\n", f, total, float64(totalOK)/float64(total))
		if len(n) > 1 {
			langs := make([]string, 0, len(n))
			for l := range n {
				langs = append(langs, l)
			}
			sort.Strings(langs)
			for _, l := range langs {
				fmt.Printf("  %s n=%d accuracy=%.4f\n", l, n[l], float64(ok[l])/float64(n[l]))
			}
		}
	}
}
