// Parvis: new items appear on the listening stream as they arrive
// (server-sent events). The page works without this file: its "Check for
// newer items" link reloads it. The items come as HTML rendered and escaped
// by the server, the same fragment as the page's own list. In "refresh"
// mode (a topic's dashboard), each event re-fetches the page and swaps the
// regions named in data-region (ids), so figures and charts follow too.
(function () {
  "use strict";
  var live = null; // the open stream: {el, source, count}

  function stop() {
    if (live) {
      live.source.close();
      live = null;
    }
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

  // refresh re-fetches the page (data-refresh) and replaces the regions
  // with the server's fresh rendering; events that come while a fetch is
  // running are folded into one more fetch.
  function refresh(state) {
    if (state.busy) {
      state.again = true;
      return;
    }
    state.busy = true;
    var el = state.el;
    fetch(el.dataset.refresh, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.text();
      })
      .then(function (html) {
        if (live !== state) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        el.dataset.region.split(" ").forEach(function (id) {
          var fresh = doc.getElementById(id);
          var old = document.getElementById(id);
          if (!fresh || !old) return;
          fresh = document.adoptNode(fresh);
          old.replaceWith(fresh);
          if (window.htmx) window.htmx.process(fresh);
        });
      })
      .catch(function () {
        if (live === state) notice(el, el.dataset.lagged, true);
      })
      .then(function () {
        state.busy = false;
        if (state.again && live === state) {
          state.again = false;
          window.setTimeout(function () { refresh(state); }, 2000);
        }
      });
  }

  function start() {
    var el = document.getElementById("live");
    if (live && live.el === el) return;
    stop(); // the page changed (htmx navigation)
    if (!el || !window.EventSource) return;
    var state = { el: el, source: new EventSource(el.dataset.live), count: 0 };
    live = state;
    state.source.addEventListener("items", function (e) {
      var tpl = document.createElement("template");
      tpl.innerHTML = e.data;
      var items = tpl.content.querySelectorAll("li.item");
      if (!items.length) return;
      state.count += items.length;
      var text = state.count === 1 ? el.dataset.one : el.dataset.many.replace("%d", state.count);
      if (el.dataset.mode === "refresh") {
        notice(el, text, false);
        refresh(state);
        return;
      }
      var list = document.getElementById("stream");
      if (el.dataset.mode !== "prepend" || !list) {
        notice(el, text, true); // filtered: the server's filter decides on reload
        return;
      }
      var empty = document.getElementById("stream-empty");
      if (empty) empty.remove();
      // Newest first: insert from the oldest so the newest ends on top.
      for (var i = items.length - 1; i >= 0; i--) {
        items[i].classList.add("new");
        var old = document.getElementById(items[i].id);
        if (old) old.replaceWith(items[i]);
        else list.insertBefore(items[i], list.firstChild);
      }
      notice(el, text, false);
    });
    state.source.addEventListener("ready", function () {
      el.dataset.state = "open"; // subscribed: later items will come
    });
    state.source.addEventListener("lagged", function () {
      notice(el, el.dataset.lagged, true);
    });
  }

  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("htmx:afterSettle", start);
  window.addEventListener("pagehide", stop);
})();
