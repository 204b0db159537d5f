// Small enhancements only: every page works without JavaScript.
(function () {
  "use strict";
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
  // Move focus to the error summary so screen reader users hear what went wrong.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
  // Buttons that ask for confirmation carry data-confirm instead of inline handlers.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  // A new edition: choosing a period chooses the catalogue version in force for it.
  var inForce = document.querySelector("form[data-in-force]");
  if (inForce) {
    var versions = JSON.parse(inForce.getAttribute("data-in-force") || "{}");
    var period = inForce.querySelector("select[name=period]");
    var version = inForce.querySelector("select[name=version]");
    if (period && version) {
      period.addEventListener("change", function () {
        if (versions[period.value] !== undefined) {
          version.value = String(versions[period.value]);
        }
      });
    }
  }
})();
