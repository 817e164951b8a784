// Command whatlanggo prints the language accuracy of github.com/abadojack/whatlanggo
// (the baseline of issue 5) on labelled JSONL files, for docs/text.md. It is
// a module of its own so that the baseline stays out of Parvis's go.mod:
//
//	cd scripts/text/whatlanggo && go run . ../../../../shared/data/*.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"github.com/abadojack/whatlanggo"
)

func main() {
	for _, f := range os.Args[1:] {
		fh, _ := os.Open(f)
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		n, ok := 0, 0
		for sc.Scan() {
			var p struct{ Text, Lang string }
			json.Unmarshal(sc.Bytes(), &p)
			info := whatlanggo.Detect(p.Text)
			n++
			if whatlanggo.LangToStringShort(info.Lang) == p.Lang {
				ok++
			}
		}
		fmt.Printf("%s: whatlanggo n=%d accuracy=%.4f\n", f, n, float64(ok)/float64(n))
	}
}
