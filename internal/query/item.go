package query

import (
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/text"
)

// SetItem makes d the Doc of an item, reusing d's token slice: its title
// and text tokenised (title first), language, network, author handle and
// follower count, source, kind, sentiment label, and links (the item's
// own URL and the URLs of its entities).
func (d *Doc) SetItem(it *model.Item) {
	toks := d.Tokens[:0]
	if it.Title != "" {
		toks = text.AppendPostTokens(toks, it.Title)
	}
	toks = text.AppendPostTokens(toks, it.Text)
	urls := d.URLs[:0]
	if it.URL != "" {
		urls = append(urls, it.URL)
	}
	if it.Entities != nil {
		urls = append(urls, it.Entities.URLs...)
	}
	*d = Doc{
		Tokens:  toks,
		Lang:    it.Lang,
		Network: it.Network,
		Author:  it.Author.Handle,
		Source:  it.Source,
		Kind:    string(it.Kind),
		URLs:    urls,
	}
	if it.Sentiment != nil {
		d.Sentiment = it.Sentiment.Label
	}
	if it.Author.Followers != nil {
		d.Followers, d.FollowersKnown = *it.Author.Followers, true
	}
}
