// Publishing pages: live per-channel counters in the composer, and
// rescheduling on the calendar by drag and drop or with the keyboard
// (focus a post, Shift+Arrow moves it a day, Shift+Up/Down a week).
(function () {
  "use strict";
  var seg = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter() : null;
  var urlRE = /https?:\/\/[^\s<>"]+/g;
  function length(text, counting, urlLength) {
    switch (counting) {
      case "graphemes":
        if (seg) { var n = 0; for (var _ of seg.segment(text)) n++; return n; }
        return Array.from(text).length;
      case "utf16":
        return text.length;
      case "mastodon":
        var urls = text.match(urlRE) || [];
        var rest = text.replace(urlRE, "").replace(/(^|[^\w\/])@(\w+)@[\w.-]+\w/g, "$1@$2");
        return Array.from(rest).length + urls.length * (urlLength || 23);
    }
    return Array.from(text).length;
  }
  // count returns "n / max" and whether text is over the channel's limit.
  function count(v, text) {
    var max = parseInt(v.dataset.max, 10) || 0;
    var n = length(text.trim(), v.dataset.counting, parseInt(v.dataset.urlLength, 10));
    var over = max > 0 && n > max;
    return { label: (max ? n + " / " + max : String(n)) + (over ? " — " + (v.dataset.over || "").replace("%d", n - max) : ""), over: over };
  }
  // updateCounters shows, per channel, the length of its text and a
  // preview of what will go out (the text, then each follow-up of the
  // thread when the network threads posts). Text goes in with textContent:
  // nothing typed is ever read as HTML.
  function updateCounters(form) {
    var base = form.querySelector("#f-text");
    var parts = [];
    form.querySelectorAll('textarea[name="thread"]').forEach(function (t) {
      if (t.value.trim()) parts.push(t.value);
    });
    form.querySelectorAll(".variant").forEach(function (v) {
      var own = v.querySelector("textarea");
      var text = own && own.value.trim() ? own.value : (base ? base.value : "");
      var out = v.querySelector(".counter");
      if (!out) return;
      var c = count(v, text);
      out.textContent = c.label;
      out.classList.toggle("over", c.over);
      var pv = v.querySelector(".preview");
      if (!pv) return;
      pv.replaceChildren();
      pv.hidden = !text.trim();
      [text].concat(pv.dataset.threads === "true" ? parts : []).forEach(function (t, i) {
        var card = document.createElement("div");
        card.className = "preview-part";
        var body = document.createElement("p");
        body.textContent = t.trim();
        var meta = document.createElement("small");
        var pc = count(v, t);
        meta.textContent = (i > 0 ? "↳ " : "") + pc.label;
        meta.classList.toggle("over", pc.over);
        card.append(body, meta);
        pv.append(card);
      });
    });
  }
  document.querySelectorAll("form.composer").forEach(function (form) {
    form.addEventListener("input", function () { updateCounters(form); });
    updateCounters(form);
  });

  var cal = document.querySelector("table.calendar[data-reschedule]");
  if (!cal) return;
  function move(chip, date) {
    var body = new URLSearchParams({ when: date + "T" + chip.dataset.time });
    fetch(cal.dataset.reschedule + chip.dataset.post + "/reschedule", {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-Parvis-Calendar": "1" }
    }).then(function (r) {
      if (r.ok) { sessionStorage.setItem("parvis-focus", chip.dataset.post); location.reload(); return; }
      return r.text().then(function (t) { alert(t); });
    });
  }
  function shift(date, days) {
    var d = new Date(date + "T12:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }
  cal.addEventListener("dragstart", function (e) {
    var chip = e.target.closest && e.target.closest(".chip");
    if (chip) e.dataTransfer.setData("text/plain", chip.dataset.post);
  });
  cal.addEventListener("dragover", function (e) {
    var td = e.target.closest && e.target.closest("td.day");
    if (td) { e.preventDefault(); td.classList.add("drop"); }
  });
  cal.addEventListener("dragleave", function (e) {
    var td = e.target.closest && e.target.closest("td.day");
    if (td) td.classList.remove("drop");
  });
  cal.addEventListener("drop", function (e) {
    var td = e.target.closest && e.target.closest("td.day");
    if (!td) return;
    e.preventDefault();
    var chip = cal.querySelector('.chip[data-post="' + e.dataTransfer.getData("text/plain") + '"]');
    if (chip && td.dataset.date) move(chip, td.dataset.date);
  });
  cal.addEventListener("keydown", function (e) {
    var chip = e.target.closest && e.target.closest(".chip");
    if (!chip || !e.shiftKey) return;
    var days = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[e.key];
    if (!days) return;
    e.preventDefault();
    move(chip, shift(chip.closest("td.day").dataset.date, days));
  });
  var focus = sessionStorage.getItem("parvis-focus");
  if (focus) {
    sessionStorage.removeItem("parvis-focus");
    var a = cal.querySelector('.chip[data-post="' + focus + '"] a');
    if (a) a.focus();
  }
})();
