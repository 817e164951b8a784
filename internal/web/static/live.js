// Parvis: new items appear on the listening stream as they arrive
// (server-sent events). The page works without this file: its "Check for
// newer items" link reloads it. The items come as HTML rendered and escaped
// by the server, the same fragment as the page's own list.
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
