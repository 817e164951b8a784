#!/bin/sh
# make_bench.sh writes N lines of {"id":…,"text":…} built from the tweets of
# shared/data, the input used for the speed figures in docs/text.md.
#   sh scripts/text/make_bench.sh ../shared/data 1000000 > /tmp/bench.jsonl
set -eu
data=${1:-../shared/data}
n=${2:-1000000}
python3 - "$data" "$n" <<'PY'
import json, sys
data, n = sys.argv[1], int(sys.argv[2])
texts = []
for f in ["tweeteval_sentiment_val", "xlmt_fr_sentiment_train", "xlmt_en_sentiment_trainval"]:
    with open(f"{data}/{f}.jsonl", encoding="utf-8") as fh:
        texts += [json.loads(l)["text"] for l in fh]
out = sys.stdout
for i in range(n):
    out.write(json.dumps({"id": i, "text": texts[i % len(texts)]}, ensure_ascii=False) + "\n")
PY
