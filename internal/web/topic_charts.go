package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/parvis/parvis/internal/topics"
)

// Charts are drawn on the server as SVG in the page (no script): the
// handlers compute the geometry into a chart, and the "chart" template
// writes it, escaped by html/template, with its numbers as a table under
// it. Sizes are in the SVG's own units; CSS scales it to the page.

// chart is one figure: its shapes, its accessible name and description,
// and the table of its numbers.
type chart struct {
	ID          string // prefix of the element ids
	Class       string // "time" or "bars", for the CSS
	Title, Desc string
	W, H        int
	Bars        []chartBar
	Lines       []chartLine
	Texts       []chartText
	Grid        []chartLine
	Legend      []chartLegend
	// Caption, Head and Rows are the data table.
	Caption string
	// TableText is the summary of the <details> holding the table.
	TableText string
	Head      []string
	Rows      [][]string
	Empty     bool
}

// chartBar is a rectangle; Tip is its tooltip (an SVG <title>).
type chartBar struct {
	X, Y, W, H float64
	Fill, Tip  string
}

// chartLine is a polyline.
type chartLine struct {
	Points, Stroke, Tip string
}

// chartText is a label; Anchor is start, middle or end.
type chartText struct {
	X, Y         float64
	Text, Anchor string
}

// chartLegend is a colour and what it stands for.
type chartLegend struct {
	Color, Label string
}

// Colours of the sentiment labels (the negative one also draws the
// negative volume); they keep a 3:1 contrast on white.
const (
	colorPositive = "#2e7d32"
	colorNeutral  = "#6b7780"
	colorNegative = "#c62828"
	colorMixed    = "#b26a00"
	colorUnknown  = "#9aa4ab"
)

func r1(v float64) float64 { return math.Round(v*10) / 10 }

// niceMax rounds a maximum up to 1, 2 or 5 times a power of ten, so that
// the axis reads well.
func niceMax(v int64) int64 {
	if v <= 0 {
		return 1
	}
	p := int64(1)
	for p*10 <= v {
		p *= 10
	}
	for _, m := range []int64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// bucketLabel names a time bucket in the page's language: a day ("lun. 3
// mars"), an hour ("3 mars 14:00") or a week ("sem. du 3 mars").
func bucketLabel(p *page, t time.Time, interval string) string {
	t = t.In(p.Loc())
	day := p.T("cal.day_month", strconv.Itoa(t.Day()), p.T("cal.mon."+strconv.Itoa(int(t.Month()))))
	switch interval {
	case "hour":
		return day + " " + t.Format("15:04")
	case "week":
		return p.T("cal.week_of", day)
	}
	return p.T("cal.day."+strconv.Itoa(int(t.Weekday()))) + " " + day
}

// shortLabel is the axis form of bucketLabel: the hour alone within a
// day.
func shortLabel(p *page, t time.Time, interval string) string {
	t = t.In(p.Loc())
	if interval == "hour" && t.Hour() != 0 {
		return t.Format("15:04")
	}
	return p.T("cal.day_month", strconv.Itoa(t.Day()), p.T("cal.mon."+strconv.Itoa(int(t.Month()))))
}

// Plot area of the time charts.
const (
	plotW, plotH           = 720, 220
	padL, padR, padT, padB = 44, 12, 12, 36
)

// timeAxes adds the grid, the y ticks and the x labels of a time chart.
func timeAxes(p *page, c *chart, st topics.Stats, top int64) {
	n := len(st.Buckets)
	inner := float64(plotW - padL - padR)
	ih := float64(plotH - padT - padB)
	for _, v := range []int64{0, top / 2, top} {
		if v == top/2 && top%2 != 0 {
			continue // no half-count tick
		}
		y := r1(padT + ih*(1-float64(v)/float64(top)))
		c.Grid = append(c.Grid, chartLine{Points: fmt.Sprintf("%d,%v %d,%v", padL, y, plotW-padR, y)})
		c.Texts = append(c.Texts, chartText{X: padL - 6, Y: y + 4, Text: strconv.FormatInt(v, 10), Anchor: "end"})
	}
	step := max(1, int(math.Ceil(float64(n)/8)))
	for i := 0; i < n; i += step {
		x := r1(padL + inner*(float64(i)+0.5)/float64(n))
		c.Texts = append(c.Texts, chartText{X: x, Y: plotH - padB + 18, Text: shortLabel(p, st.Buckets[i], st.Interval), Anchor: "middle"})
	}
}

// volumeChart draws a topic's volume per bucket as columns, its negative
// part over them.
func volumeChart(p *page, id string, st topics.Stats, ts topics.TopicStats) chart {
	c := chart{ID: id, Class: "time", W: plotW, H: plotH, Title: p.T("topics.volume_title", ts.Topic.Name),
		Caption: p.T("topics.volume_title", ts.Topic.Name), TableText: p.T("topics.show_table"),
		Head: []string{p.T("topics.col_period"), p.T("topics.col_items"), p.T("topics.col_negative")}}
	var peak int64
	peakAt := 0
	for i, v := range ts.Volume {
		if v > peak {
			peak, peakAt = v, i
		}
	}
	n := len(st.Buckets)
	c.Desc = p.T("topics.volume_desc", ts.Total, n, p.T("topics.interval."+st.Interval))
	if peak > 0 {
		c.Desc += " " + p.T("topics.volume_peak", peak, bucketLabel(p, st.Buckets[peakAt], st.Interval))
	}
	c.Empty = ts.Total == 0
	top := niceMax(peak)
	timeAxes(p, &c, st, top)
	inner := float64(plotW - padL - padR)
	ih := float64(plotH - padT - padB)
	bw := inner / float64(max(n, 1))
	gap := math.Min(bw*0.15, 2)
	for i, b := range st.Buckets {
		label := bucketLabel(p, b, st.Interval)
		c.Rows = append(c.Rows, []string{label, strconv.FormatInt(ts.Volume[i], 10), strconv.FormatInt(ts.Negative[i], 10)})
		x := r1(padL + bw*float64(i) + gap/2)
		if v := ts.Volume[i]; v > 0 {
			h := ih * float64(v) / float64(top)
			c.Bars = append(c.Bars, chartBar{X: x, Y: r1(padT + ih - h), W: r1(bw - gap), H: r1(h), Fill: ts.Topic.Color,
				Tip: label + " : " + p.T("topics.n_items", v)})
		}
		if v := ts.Negative[i]; v > 0 {
			h := ih * float64(v) / float64(top)
			c.Bars = append(c.Bars, chartBar{X: x, Y: r1(padT + ih - h), W: r1(bw - gap), H: r1(h), Fill: colorNegative,
				Tip: label + " : " + p.T("topics.n_negative", v)})
		}
	}
	c.Legend = []chartLegend{{ts.Topic.Color, p.T("topics.col_items")}, {colorNegative, p.T("topics.col_negative")}}
	return c
}

// hbar is one bar of a horizontal bar chart.
type hbar struct {
	Label string
	Value int64
	Color string
}

// hbarChart draws labelled horizontal bars, longest = largest value.
func hbarChart(p *page, id, title string, bars []hbar, keyHead string) chart {
	const rowH, labelW, valueW, w = 26, 160, 56, 520
	c := chart{ID: id, Class: "bars", W: w, H: rowH*len(bars) + 8, Title: title, Caption: title, TableText: p.T("topics.show_table"),
		Head: []string{keyHead, p.T("topics.col_items"), p.T("topics.col_share")}}
	var top, total int64
	for _, b := range bars {
		top = max(top, b.Value)
		total += b.Value
	}
	c.Empty = total == 0
	var parts []string
	for i, b := range bars {
		y := float64(4 + rowH*i)
		share := 0.0
		if total > 0 {
			share = float64(b.Value) / float64(total)
		}
		c.Rows = append(c.Rows, []string{b.Label, strconv.FormatInt(b.Value, 10), p.Pct(share)})
		parts = append(parts, b.Label+" "+strconv.FormatInt(b.Value, 10))
		label := b.Label
		if len([]rune(label)) > 22 {
			label = string([]rune(label)[:21]) + "…"
		}
		c.Texts = append(c.Texts, chartText{X: labelW - 8, Y: y + 16, Text: label, Anchor: "end"},
			chartText{X: w - valueW + 6, Y: y + 16, Text: strconv.FormatInt(b.Value, 10), Anchor: "start"})
		if b.Value > 0 && top > 0 {
			c.Bars = append(c.Bars, chartBar{X: labelW, Y: y + 3, W: r1(float64(w-labelW-valueW) * float64(b.Value) / float64(top)), H: rowH - 8,
				Fill: b.Color, Tip: b.Label + " : " + strconv.FormatInt(b.Value, 10)})
		}
	}
	c.Desc = strings.Join(parts, ", ")
	if c.Empty {
		c.Desc = p.T("topics.no_data")
	}
	return c
}

// sentimentChart draws the sentiment split; its description gives the net
// sentiment.
func sentimentChart(p *page, sp topics.SentimentSplit) chart {
	c := hbarChart(p, "sentiment", p.T("topics.sentiment_title"), []hbar{
		{p.T("listen.sentiment.positive"), sp.Positive, colorPositive},
		{p.T("listen.sentiment.neutral"), sp.Neutral, colorNeutral},
		{p.T("listen.sentiment.negative"), sp.Negative, colorNegative},
		{p.T("topics.sentiment_mixed"), sp.Mixed, colorMixed},
		{p.T("topics.sentiment_unknown"), sp.Unknown, colorUnknown},
	}, p.T("listen.sentiment"))
	c.Desc = p.T("topics.net_sentiment_is", p.Num(sp.Net, 1)) + " " + c.Desc
	return c
}

// countChart draws top counts (languages, networks) in one colour.
func countChart(p *page, id, titleKey string, counts []topics.Count, color string) chart {
	bars := make([]hbar, 0, len(counts))
	for _, k := range counts {
		label := k.Key
		if label == "" {
			label = p.T("topics.unknown")
		}
		bars = append(bars, hbar{label, k.Count, color})
	}
	return hbarChart(p, id, p.T(titleKey), bars, p.T(titleKey))
}

// shareChart draws share of voice as one bar split by topic, with the
// topics' bars under it.
func shareChart(p *page, shares []topics.Share) chart {
	bars := make([]hbar, 0, len(shares))
	for _, sh := range shares {
		bars = append(bars, hbar{sh.Name, sh.Count, sh.Color})
	}
	c := hbarChart(p, "share", p.T("topics.share_title"), bars, p.T("topics.col_topic"))
	// A stacked bar of 100 % above the rows.
	const stackH = 28
	for i := range c.Bars {
		c.Bars[i].Y += stackH + 12
	}
	for i := range c.Texts {
		c.Texts[i].Y += stackH + 12
	}
	c.H += stackH + 12
	x, full := 0.0, float64(c.W)
	var parts []string
	for _, sh := range shares {
		if sh.Share <= 0 {
			continue
		}
		wd := full * sh.Share
		c.Bars = append(c.Bars, chartBar{X: r1(x), Y: 4, W: r1(wd), H: stackH, Fill: sh.Color, Tip: sh.Name + " : " + p.Pct(sh.Share)})
		c.Legend = append(c.Legend, chartLegend{sh.Color, sh.Name + " (" + p.Pct(sh.Share) + ")"})
		parts = append(parts, sh.Name+" "+p.Pct(sh.Share))
		x += wd
	}
	if len(parts) > 0 {
		c.Desc = strings.Join(parts, ", ")
	}
	return c
}

// compareChart draws the volumes of several topics as lines on shared
// buckets; the table has one column per topic.
func compareChart(p *page, st topics.Stats) chart {
	c := chart{ID: "compare", Class: "time", W: plotW, H: plotH, Title: p.T("topics.compare_volume_title"), Caption: p.T("topics.compare_volume_title"), TableText: p.T("topics.show_table"),
		Head: []string{p.T("topics.col_period")}}
	var peak, total int64
	for _, ts := range st.Topics {
		c.Head = append(c.Head, ts.Topic.Name)
		for _, v := range ts.Volume {
			peak = max(peak, v)
		}
		total += ts.Total
	}
	c.Empty = total == 0
	top := niceMax(peak)
	timeAxes(p, &c, st, top)
	n := len(st.Buckets)
	inner := float64(plotW - padL - padR)
	ih := float64(plotH - padT - padB)
	var parts []string
	for _, ts := range st.Topics {
		pts := make([]string, 0, n)
		for i, v := range ts.Volume {
			x := r1(padL + inner*(float64(i)+0.5)/float64(n))
			y := r1(padT + ih - ih*float64(v)/float64(top))
			pts = append(pts, fmt.Sprintf("%v,%v", x, y))
		}
		c.Lines = append(c.Lines, chartLine{Points: strings.Join(pts, " "), Stroke: ts.Topic.Color, Tip: ts.Topic.Name})
		c.Legend = append(c.Legend, chartLegend{ts.Topic.Color, ts.Topic.Name})
		parts = append(parts, ts.Topic.Name+" "+p.T("topics.n_items", ts.Total))
	}
	for i, b := range st.Buckets {
		row := []string{bucketLabel(p, b, st.Interval)}
		for _, ts := range st.Topics {
			row = append(row, strconv.FormatInt(ts.Volume[i], 10))
		}
		c.Rows = append(c.Rows, row)
	}
	c.Desc = strings.Join(parts, ", ")
	return c
}
