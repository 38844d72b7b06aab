// Klankbord: small progressive enhancements. Everything works without JavaScript;
// there are no inline scripts or style attributes anywhere (strict CSP).
(function () {
  "use strict";

  // Send the CSRF token with every htmx request. The token sits in
  // <meta name="csrf-token"> in base.html, so no cookie has to be readable by JS.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && event.detail.verb !== "get") {
      event.detail.headers["X-CSRFToken"] = meta.getAttribute("content");
    }
  });

  // A form that comes back with errors: move focus to its error summary (role="alert"),
  // so keyboard and screen-reader users start at the list of what to correct.
  function focusErrorSummary(root) {
    var summary = root.querySelector(".kb-form-errors");
    if (summary) {
      summary.focus();
    }
    return Boolean(summary);
  }
  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
  });

  // After htmx swaps in new results, announce the result count once through the
  // polite live region in base.html (a live region around a whole table would read
  // the table out). A swapped fragment marks its count with class "kb-count".
  document.addEventListener("htmx:afterSwap", function (event) {
    if (focusErrorSummary(event.detail.target)) {
      return;
    }
    var live = document.getElementById("kb-live");
    var count = event.detail.target.querySelector(".kb-count");
    if (live && count) {
      live.textContent = "";
      // A new text node after clearing makes screen readers announce it again,
      // even when the count is the same as before.
      window.setTimeout(function () {
        live.textContent = count.textContent.trim();
      }, 50);
    }
  });
})();
