// Klankbord: small progressive enhancements. No inline scripts anywhere (strict CSP).
(function () {
  "use strict";
  // Send the CSRF token with every htmx request.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      event.detail.headers["X-CSRFToken"] = meta.getAttribute("content");
    }
  });
  // After a swap, tell screen-reader users how many results there are now.
  document.addEventListener("htmx:afterSwap", function (event) {
    var count = event.target.querySelector(".kb-count");
    if (count) {
      count.setAttribute("tabindex", "-1");
    }
  });
})();
