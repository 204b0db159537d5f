// The hearing note's rendering status. The page works without this file: it shows the
// state when it is loaded, with a "Refresh" link while a version is being generated. This
// file asks the JSON endpoint every few seconds while the state is "queued" or
// "rendering" and writes the answer into the live region (role="status"), so screen
// readers hear it; it never moves the focus. It stops when the job is done or failed.
(function () {
  "use strict";
  var box = document.getElementById("note-status");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-status-url");
  var text = document.getElementById("note-status-text");
  var refresh = document.getElementById("note-status-refresh");
  var version = document.getElementById("note-status-version");
  var retry = document.getElementById("note-status-retry");
  var DELAY = 2000;
  var failures = 0;

  function active(state) {
    return state === "queued" || state === "rendering";
  }

  function show(element, visible) {
    if (element) {
      element.hidden = !visible;
    }
  }

  function showVersion(info) {
    if (!version) {
      return;
    }
    version.textContent = "";
    if (info && info.pdf_url) {
      var link = document.createElement("a");
      link.href = info.pdf_url;
      link.textContent = info.label;
      version.appendChild(link);
    }
    show(version, Boolean(info && info.pdf_url));
  }

  function update(status) {
    box.setAttribute("data-state", status.state);
    if (text && text.textContent !== status.message) {
      text.textContent = status.message;
    }
    show(refresh, status.active);
    show(retry, status.retry);
    showVersion(status.version);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (status) {
        failures = 0;
        update(status);
        if (status.active) {
          window.setTimeout(poll, DELAY);
        }
      })
      .catch(function () {
        // A lost connection: try a few more times, then leave the "Refresh" link.
        failures += 1;
        if (failures < 5) {
          window.setTimeout(poll, DELAY * failures);
        }
      });
  }

  if (active(box.getAttribute("data-state"))) {
    window.setTimeout(poll, DELAY);
  }
})();
