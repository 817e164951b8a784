package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/parvis/parvis/internal/apperr"
	"github.com/parvis/parvis/internal/connector"
	"github.com/parvis/parvis/internal/model"
	"github.com/parvis/parvis/internal/publish"
	"github.com/parvis/parvis/internal/publish/publisher"
)

// channelForm is the page that connects a channel with its credentials,
// or edits one: name, credentials, weekly posting schedule.
type channelForm struct {
	Specs   []publisher.Spec
	Spec    connector.Spec // the type's fields, in the listening forms' shape
	Channel *publish.ChannelView
}

// Days lists the week's days (0 is Sunday, as in the posting schedule)
// starting on Monday.
func (channelForm) Days() []int { return []int{1, 2, 3, 4, 5, 6, 0} }

// asConnectorSpec lets the source forms' field rendering serve channels.
func asConnectorSpec(sp publisher.Spec) connector.Spec {
	return connector.Spec{Type: sp.Type, NameEN: sp.NameEN, NameFR: sp.NameFR, Fields: sp.Fields}
}

func (s *server) channelSpec(typ string) (publisher.Spec, bool) {
	return s.Publish.Registry().Lookup(typ)
}

func (s *server) newChannelPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "publish.new_channel_title", "publishing"
	d := channelForm{Specs: s.Publish.Registry().Specs()}
	if sp, ok := s.channelSpec(r.URL.Query().Get("type")); ok {
		d.Spec = asConnectorSpec(sp)
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "publish_channel", p)
}

func (s *server) createChannel(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "publish.new_channel_title", "publishing"
	d := channelForm{Specs: s.Publish.Registry().Specs()}
	p.Data = d
	if err := s.form(w, r); err != nil {
		s.fail(w, r, err, "publish_channel", p)
		return
	}
	typ := r.PostForm.Get("type")
	sp, ok := s.channelSpec(typ)
	if ok {
		d.Spec = asConnectorSpec(sp)
		p.Data = d
	}
	keepFields(p, r.PostForm)
	slots, err := slotsFromForm(r.PostForm)
	if err != nil {
		s.fail(w, r, err, "publish_channel", p)
		return
	}
	cfg, _ := configFromForm(d.Spec, r.PostForm)
	c, err := s.Publish.CreateChannel(r.Context(), p.WS.Slug, publish.ChannelInput{Type: typ, Name: r.PostForm.Get("name"), Config: cfg, Slots: slots})
	if err != nil {
		s.fail(w, r, err, "publish_channel", p)
		return
	}
	s.redirect(w, r, wsURL(p, "publishing/channels/"+strconv.FormatInt(c.ID, 10)), "flash.publish_connected")
}

// loadChannelForm fills the edit form of a channel: its name, public
// configuration and schedule (secrets stay blank and keep their value).
func (s *server) loadChannelForm(r *http.Request, p *page) (*publish.ChannelView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	c, err := s.Publish.Channel(r.Context(), p.WS.Slug, id)
	if err != nil {
		return nil, err
	}
	sp, _ := s.channelSpec(c.Type)
	d := channelForm{Spec: asConnectorSpec(sp), Channel: &c}
	p.Data = d
	return &c, nil
}

func (s *server) channelPage(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "publish.channel_title", "publishing"
	c, err := s.loadChannelForm(r, p)
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	p.Fields["name"] = c.Name
	fieldsFromConfig(p, p.Data.(channelForm).Spec, c.Config)
	for _, sl := range c.Slots {
		k := "slots." + strconv.Itoa(sl.Day)
		p.Fields[k] = strings.TrimPrefix(p.Fields[k]+", "+sl.Time, ", ")
	}
	s.render(w, r, http.StatusOK, "publish_channel", p)
}

func (s *server) updateChannel(w http.ResponseWriter, r *http.Request, p *page) {
	p.Title, p.Nav = "publish.channel_title", "publishing"
	c, err := s.loadChannelForm(r, p)
	if err == nil {
		err = s.form(w, r)
	}
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	keepFields(p, r.PostForm)
	slots, err := slotsFromForm(r.PostForm)
	if err != nil {
		s.fail(w, r, err, "publish_channel", p)
		return
	}
	name := r.PostForm.Get("name")
	up := publish.ChannelUpdate{Name: &name, Slots: &slots}
	// Credentials are sent again only when a secret was typed or a
	// public setting changed: the network then checks them.
	if cfg, changed := configEdit(p.Data.(channelForm).Spec, r.PostForm, c.Config); changed {
		// The service merges an edit into the stored settings: one
		// emptied on the form is sent as null, to be cleared.
		all := map[string]any{}
		json.Unmarshal(cfg, &all)
		for _, f := range p.Data.(channelForm).Spec.Fields {
			if _, set := all[f.Name]; !set && !f.Secret {
				all[f.Name] = nil
			}
		}
		up.Config, _ = json.Marshal(all)
	}
	if _, err := s.Publish.UpdateChannel(r.Context(), p.WS.Slug, c.ID, up); err != nil {
		s.fail(w, r, err, "publish_channel", p)
		return
	}
	s.redirect(w, r, wsURL(p, "publishing/channels/"+strconv.FormatInt(c.ID, 10)), "flash.channel_saved")
}

func (s *server) deleteChannel(w http.ResponseWriter, r *http.Request, p *page) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.form(w, r)
	}
	if err == nil {
		err = s.Publish.DeleteChannel(r.Context(), p.WS.Slug, id)
	}
	if err != nil {
		s.fail(w, r, err, "", p)
		return
	}
	s.redirect(w, r, wsURL(p, "publishing/channels"), "flash.channel_deleted")
}

// slotsFromForm reads the weekly posting schedule: one input per day
// (slots.0 is Sunday … slots.6 Saturday) holding times such as
// "09:00, 12:30". The service checks each time.
func slotsFromForm(form map[string][]string) ([]model.Slot, error) {
	out := []model.Slot{}
	for day := 0; day < 7; day++ {
		v := ""
		if vs := form["slots."+strconv.Itoa(day)]; len(vs) > 0 {
			v = vs[0]
		}
		for _, t := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			if len(t) == 4 && t[1] == ':' {
				t = "0" + t // 9:00 → 09:00
			}
			if len(t) != 5 || t[2] != ':' {
				return nil, apperr.Invalid("slots."+strconv.Itoa(day), "error.slot_time", "%q is not a time such as 09:00", t)
			}
			out = append(out, model.Slot{Day: day, Time: t})
		}
	}
	return out, nil
}
