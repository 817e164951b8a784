package inbox

import (
	"time"

	"github.com/parvis/parvis/internal/model"
)

// The response target of a conversation, step by step. A conversation
// waits for an answer from its first unanswered inbound item
// (AwaitingSince); the answer is due when the workspace's first-response
// target has passed in business hours (DueAt). The first answer records
// the measured first-response time in business seconds; an answer after
// the due time is a breach, and a breach stays counted.

// recordInbound notes an item from the community: the conversation
// reopens and, unless it already waits, starts waiting for an answer.
func recordInbound(c *model.Conversation, cal *Calendar, target time.Duration, at time.Time) {
	if c.Status != model.ConvOpen {
		c.Status = model.ConvOpen
	}
	if c.AwaitingSince == nil || at.Before(*c.AwaitingSince) {
		t := at
		c.AwaitingSince = &t
		due := cal.Add(t, target)
		c.DueAt = &due
	}
}

// recordResponse notes an answer from the workspace at t.
func recordResponse(c *model.Conversation, cal *Calendar, at time.Time) {
	if c.AwaitingSince == nil || at.Before(*c.AwaitingSince) {
		return
	}
	if c.FirstResponseAt == nil {
		t := at
		c.FirstResponseAt = &t
		secs := int64(cal.Between(*c.AwaitingSince, at) / time.Second)
		c.FirstResponseSeconds = &secs
	}
	if c.DueAt != nil && at.After(*c.DueAt) {
		c.Breached = true
	}
	c.AwaitingSince, c.DueAt = nil, nil
}

// recordClose notes that the conversation was closed at t: its resolution
// time is the business time since its first inbound item. Closing ends the
// wait without an answer being counted as one.
func recordClose(c *model.Conversation, cal *Calendar, first, at time.Time) {
	t := at
	c.ResolvedAt = &t
	secs := int64(cal.Between(first, at) / time.Second)
	c.ResolutionSeconds = &secs
	if c.DueAt != nil && at.After(*c.DueAt) {
		c.Breached = true
	}
	c.AwaitingSince, c.DueAt = nil, nil
}

// recordPause notes that a person set the conversation pending: it waits
// on the community now, and the clock of the response target stops.
func recordPause(c *model.Conversation) {
	c.AwaitingSince, c.DueAt = nil, nil
}

// overdue reports whether a conversation waits past its due time.
func overdue(c *model.Conversation, now time.Time) bool {
	return c.DueAt != nil && now.After(*c.DueAt)
}
