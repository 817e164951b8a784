// Parvis inbox: live updates and a keyboard-first flow. The pages work
// without this file (links, forms and a "check for new conversations"
// link); it only adds:
// - on the list, changed conversations redrawn and new ones prepended as
//   they arrive (server-sent events carrying rows rendered and escaped by
//   the server);
// - on a conversation, its messages and reply statuses redrawn live;
// - shortcuts, documented on the page ("?"): j/k next/previous, o/Enter
//   open, a assign to me, r reply, e close, l labels, s status, u back.
//   They never act while the person types in a field (Escape leaves it).
// - a saved reply inserted into the reply box without a reload, and a
//   length counter against the network's limit.
(function () {
  "use strict";
  var ORDER = "parvis.inbox.order";
  var live = null; // {el, source}

  function stopLive() {
    if (live) {
      live.source.close();
      live = null;
    }
  }

  function fragment(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    return tpl.content;
  }

  function notice(el, text, withLink) {
    el.textContent = text + " ";
    if (withLink) {
      var a = document.createElement("a");
      var newer = document.getElementById("newer");
      a.href = newer ? newer.href : window.location.href;
      a.textContent = el.dataset.show;
      el.appendChild(a);
    }
  }

  function listLive(el) {
    var list = document.getElementById("inbox-list");
    var src = new EventSource(el.dataset.live);
    var seen = {}; // ids announced as new
    var count = 0;
    src.addEventListener("ready", function () { el.dataset.state = "open"; });
    src.addEventListener("lagged", function () { notice(el, el.dataset.lagged, true); });
    src.addEventListener("rows", function (e) {
      var rows = fragment(e.data).querySelectorAll("li.conv");
      for (var i = rows.length - 1; i >= 0; i--) {
        var row = rows[i];
        var old = document.getElementById(row.id);
        if (old) {
          var pick = old.querySelector("input.pick");
          var npick = row.querySelector("input.pick");
          if (pick && npick) npick.checked = pick.checked;
          if (old.classList.contains("current")) row.classList.add("current");
          if (old.classList.contains("new")) row.classList.add("new");
          old.replaceWith(row);
          continue;
        }
        if (!seen[row.id]) {
          seen[row.id] = true;
          count++;
        }
        if (el.dataset.mode === "prepend" && list) {
          var empty = document.getElementById("inbox-empty");
          if (empty) empty.remove();
          row.classList.add("new");
          list.insertBefore(row, list.firstChild);
        }
      }
      if (count > 0) {
        var text = count === 1 ? el.dataset.one : el.dataset.many.replace("%d", count);
        notice(el, text, el.dataset.mode !== "prepend");
      }
      saveOrder();
    });
    return src;
  }

  function threadLive(el) {
    var src = new EventSource(el.dataset.live);
    src.addEventListener("ready", function () { el.dataset.state = "open"; });
    src.addEventListener("thread", function (e) {
      var state = el.dataset.state;
      el.replaceChildren(fragment(e.data));
      el.dataset.state = state;
      el.dataset.updates = String(Number(el.dataset.updates || "0") + 1);
    });
    return src;
  }

  function startLive() {
    var el = document.getElementById("inbox-live") || document.querySelector("#thread[data-live]");
    if (live && live.el === el) return;
    stopLive();
    if (!el || !window.EventSource) return;
    live = { el: el, source: el.id === "thread" ? threadLive(el) : listLive(el) };
  }

  // --- The list's order, for j/k on a conversation ---

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("#inbox-list li.conv"));
  }

  function saveOrder() {
    var list = document.getElementById("inbox-list");
    if (!list) return;
    var ids = rows().map(function (r) { return r.dataset.id; });
    try {
      sessionStorage.setItem(ORDER, JSON.stringify({ ws: list.dataset.ws, ids: ids, url: window.location.pathname + window.location.search }));
    } catch (err) { /* storage refused: j/k on a conversation go back to the list */ }
  }

  function loadOrder() {
    try {
      return JSON.parse(sessionStorage.getItem(ORDER) || "null");
    } catch (err) {
      return null;
    }
  }

  // --- Keyboard ---

  function typing(t) {
    if (!t || !t.tagName) return false;
    var tag = t.tagName;
    return t.isContentEditable || tag === "TEXTAREA" || tag === "SELECT" ||
      (tag === "INPUT" && !/^(checkbox|radio|button|submit|reset)$/.test(t.type));
  }

  function current() {
    return document.querySelector("#inbox-list li.conv.current");
  }

  function select(row) {
    var cur = current();
    if (cur) cur.classList.remove("current");
    if (!row) return;
    row.classList.add("current");
    var link = row.querySelector("a.conv-open");
    if (link) link.focus();
    row.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var all = rows();
    if (!all.length) return;
    var i = all.indexOf(current());
    if (i < 0) i = step > 0 ? -1 : all.length;
    select(all[Math.max(0, Math.min(all.length - 1, i + step))]);
  }

  // onlyPick checks the current row alone in the bulk form.
  function onlyPick(row) {
    var boxes = document.querySelectorAll("#inbox-list input.pick");
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = false;
    var box = row && row.querySelector("input.pick");
    if (box) box.checked = true;
    return !!box;
  }

  function click(id) {
    var b = document.getElementById(id);
    if (b) b.click();
    return !!b;
  }

  function focus(id) {
    var f = document.getElementById(id);
    if (f) f.focus();
    return !!f;
  }

  function listKey(key) {
    var row = current();
    switch (key) {
      case "j": move(1); return true;
      case "k": move(-1); return true;
      case "o": case "Enter":
        if (!row) return false;
        window.location.href = row.querySelector("a.conv-open").href;
        return true;
      case "r":
        if (!row) return false;
        window.location.href = row.querySelector("a.conv-open").href + "#reply";
        return true;
      case "a":
        if (!row || !onlyPick(row)) return false;
        var sel = document.getElementById("f-bulk-assignee");
        var me = sel && sel.querySelector("option[data-me]");
        if (!me) return false;
        sel.value = me.value;
        return click("bulk-assign");
      case "e":
        if (!row || !onlyPick(row)) return false;
        return click("bulk-close");
      case "l":
        if (!row || !onlyPick(row)) return false;
        return focus("f-bulk-label");
      case "s": return focus("f-status");
    }
    return false;
  }

  function conversationKey(key) {
    switch (key) {
      case "j": case "k":
        var conv = document.getElementById("conversation");
        var order = loadOrder();
        var ids = order && order.ids || [];
        var i = ids.indexOf(conv.dataset.id);
        var next = i < 0 ? -1 : i + (key === "j" ? 1 : -1);
        if (next >= 0 && next < ids.length) {
          window.location.href = conv.dataset.list + "/" + ids[next];
        } else {
          window.location.href = order && order.url || conv.dataset.list;
        }
        return true;
      case "a": return click("act-assign-me");
      case "e": return click("act-status-closed");
      case "r": return focus("f-text");
      case "l": return focus("f-labels");
      case "s":
        var b = document.querySelector(".status-buttons button[aria-pressed=false]");
        if (b) b.focus();
        return !!b;
      case "u": return click("back");
    }
    return false;
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (typing(e.target)) {
      if (e.key === "Escape") e.target.blur();
      return;
    }
    var onList = !!document.getElementById("inbox-list");
    var onConv = !!document.getElementById("conversation");
    if (!onList && !onConv) return;
    if (e.key === "?") {
      var keys = document.getElementById("keys");
      if (keys) keys.open = !keys.open;
      e.preventDefault();
      return;
    }
    if (e.key === "Enter" && onList && e.target.tagName === "A") return; // the link opens itself
    var done = onList ? listKey(e.key) : conversationKey(e.key);
    if (done) e.preventDefault();
  });

  // --- Reply box ---

  function length(s) {
    if (window.Intl && Intl.Segmenter) {
      var n = 0;
      var it = new Intl.Segmenter().segment(s)[Symbol.iterator]();
      while (!it.next().done) n++;
      return n;
    }
    return Array.from(s).length;
  }

  function count() {
    var text = document.getElementById("f-text");
    var out = document.getElementById("reply-count");
    if (!text || !out) return;
    var n = length(text.value);
    // Mastodon replies start with the author's handle unless the text
    // names them: it counts too.
    var mention = out.dataset.mention;
    if (mention && text.value.toLowerCase().indexOf(mention.toLowerCase()) < 0) n += length(mention) + 1;
    var max = Number(out.dataset.max || "0");
    var over = max > 0 && n > max;
    out.textContent = (over ? out.dataset.over : out.dataset.label).replace("%d", n) + (max > 0 ? " / " + max : "");
    out.classList.toggle("over", over);
  }

  function setupReply() {
    var text = document.getElementById("f-text");
    if (!text || text.dataset.ready) return;
    text.dataset.ready = "1";
    text.addEventListener("input", count);
    count();
    var use = document.getElementById("saved-use");
    if (use) {
      use.addEventListener("click", function (e) {
        var sel = document.getElementById("f-saved");
        var opt = sel && sel.options[sel.selectedIndex];
        if (!opt) return;
        e.preventDefault();
        text.value = opt.dataset.text;
        count();
        text.focus();
      });
    }
    if (window.location.hash === "#reply") text.focus();
  }

  function start() {
    startLive();
    saveOrder();
    setupReply();
  }

  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("htmx:afterSettle", start);
  window.addEventListener("pagehide", stopLive);
})();
