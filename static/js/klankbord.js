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

  // A list's filter panel (<details data-kb-open-wide>) starts closed, so a phone shows
  // the first rows at once; on a wide screen it opens (until the user toggles it).
  var wide = window.matchMedia("(min-width: 48rem)");
  function openWide() {
    document.querySelectorAll("details[data-kb-open-wide]").forEach(function (panel) {
      if (!panel.hasAttribute("data-kb-touched")) {
        panel.open = wide.matches;
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    openWide();
    document.querySelectorAll("details[data-kb-open-wide] > summary").forEach(function (s) {
      s.addEventListener("click", function () {
        s.parentElement.setAttribute("data-kb-touched", "");
      });
    });
  });
  wide.addEventListener("change", openWide);

  // The menu (base.html) is a <details>: on a phone it closes with Escape, and the
  // focus goes back to its button.
  document.addEventListener("keydown", function (event) {
    var menu = document.getElementById("kb-menu");
    var button = menu && menu.querySelector("summary");
    if (event.key === "Escape" && menu && menu.open && menu.contains(event.target)
        && button.offsetParent !== null) {
      menu.open = false;
      button.focus();
    }
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
