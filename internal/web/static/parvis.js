// Parvis: small enhancements. Every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setup(root) {
    // Copy buttons for secrets shown once (API tokens, invite links).
    root.querySelectorAll("button.copy[data-copy]").forEach(function (b) {
      if (!navigator.clipboard || b.dataset.ready) return;
      b.dataset.ready = "1";
      b.hidden = false;
      b.addEventListener("click", function () {
        var input = document.getElementById(b.dataset.copy);
        if (!input) return;
        navigator.clipboard.writeText(input.value).then(function () {
          b.textContent = b.dataset.done;
        });
      });
    });
    // Select the secret on focus so it can be copied by hand.
    root.querySelectorAll(".copyrow input[readonly]").forEach(function (i) {
      i.addEventListener("focus", function () { i.select(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { setup(document); });
  document.addEventListener("htmx:afterSettle", function (e) { setup(e.target); });
})();
