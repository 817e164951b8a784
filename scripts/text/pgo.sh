#!/bin/sh
# pgo.sh writes cmd/parvis/default.pgo, the CPU profile that `go build` and
# `go run ./cmd/parvis` use for profile-guided optimisation (PGO): the
# compiler inlines and lays out the hot paths of `parvis analyze` and of
# the pipeline's enrich stage (the same text code) by it. The profile is
# that of BenchmarkAnalyzeStream on the shared tweets, with and without a
# language given. A stale profile costs nothing but the gain; run this
# again after large changes to internal/text:
#   sh scripts/text/pgo.sh
set -eu
cd "$(dirname "$0")/../.."
data=${PARVIS_SHARED_DATA:-../shared/data}
if [ ! -f "$data/tweeteval_sentiment_val.jsonl" ]; then
	# The benchmark would fall back to its eleven built-in posts, too few
	# for a profile.
	echo "pgo.sh: no shared tweets in $data (set PARVIS_SHARED_DATA to their absolute path)" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -pgo=off -run '^$' -bench AnalyzeStream -benchtime "${PGO_BENCHTIME:-10s}" \
	-o "$tmp/analyze.test" -cpuprofile "$tmp/cpu.pprof" ./internal/text/analyze/ >&2
cp "$tmp/cpu.pprof" cmd/parvis/default.pgo
echo "wrote cmd/parvis/default.pgo ($(wc -c < cmd/parvis/default.pgo) bytes)" >&2
