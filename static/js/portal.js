/* 地域DX推進ポータル: small refinements; every page works without this file.
   - An error summary takes focus when the page loads, so screen readers announce it first.
   - Its links move focus into the field they name (not only scroll to it). */
(function () {
  "use strict";

  function focusErrorSummary(root) {
    var summary = root.querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".error-summary a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    var group = field.closest(".field") || field;
    group.scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
