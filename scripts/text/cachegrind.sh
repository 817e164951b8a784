#!/bin/sh
# cachegrind.sh counts, with valgrind's cachegrind, the instructions, the
# instruction-cache misses and the data-cache misses (reads and writes)
# that `parvis analyze` spends per post, on one core, the engine's
# start-up subtracted. Unlike wall or CPU time, these counts do not move
# with the load of a shared machine, so two builds can be compared on it:
#   go build -o /tmp/parvis ./cmd/parvis
#   sh scripts/text/make_bench.sh ../shared/data 20000 > /tmp/b20k.jsonl
#   sh scripts/text/cachegrind.sh /tmp/parvis /tmp/b20k.jsonl
# The last-level cache is simulated at 2 MB (a core's share of a busy
# machine's), so its misses are an estimate.
set -eu
bin=$1
posts=$2
n=$(wc -l < "$posts")
count() {
	GOMAXPROCS=1 GOGC=off valgrind --tool=cachegrind --cache-sim=yes --LL=2097152,16,64 \
		--cachegrind-out-file=/dev/null "$bin" analyze --workers 1 < "$1" 2>&1 >/dev/null |
		tr -d , | awk '/I *refs/{i=$NF} /I1  misses/{m=$NF} /D1  misses/{d=$4} /LLd misses/{l=$4} END{print i, m, d, l}'
}
set -- $(count /dev/null)
i0=$1 m0=$2 d0=$3 l0=$4
set -- $(count "$posts")
echo "$bin: $(( ($1 - i0) / n )) instructions, $(( ($2 - m0) / n )) L1 instruction misses, $(( ($3 - d0) / n )) L1 data misses, $(( ($4 - l0) / n )) last-level data misses per post ($n posts)"
