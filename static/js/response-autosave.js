// Background saving of a response draft. The form works fully without this file: it only
// sends the same "save" the Save button sends, a few seconds after the last change, and
// never moves the focus. A stale or refused save stops the background saving and says so;
// the Save button then shows the merge page.
(function () {
  "use strict";
  var form = document.getElementById("response-form");
  if (!form || !form.getAttribute("data-autosave-url") || !window.fetch || !window.FormData) {
    return;
  }
  var url = form.getAttribute("data-autosave-url");
  var status = document.getElementById("autosave-status");
  var progress = document.getElementById("coverage-progress");
  var timer = null;
  var saving = false;
  var pending = false;
  var stopped = false;
  var DELAY = 2500;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function field(name) {
    return form.querySelector('input[name="' + name + '"]');
  }

  function payload() {
    var data = new FormData(form);
    data.delete("attachment");
    data.set("action", "save");
    return data;
  }

  function save() {
    timer = null;
    if (stopped) {
      return;
    }
    if (saving) {
      pending = true;
      return;
    }
    saving = true;
    fetch(url, {
      method: "POST",
      body: payload(),
      credentials: "same-origin",
      headers: { "X-Autosave": "1", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) {
        return { ok: response.ok, body: body };
      });
    }).then(function (result) {
      saving = false;
      if (!result.ok || !result.body.ok) {
        stopped = true;
        say(result.body.message || "");
        return;
      }
      field("edit_version").value = String(result.body.edit_version);
      field("base").value = result.body.base;
      say(result.body.message || "");
      if (pending) {
        pending = false;
        schedule();
      }
    }).catch(function () {
      saving = false;
      stopped = true;
    });
  }

  function schedule() {
    if (timer) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(save, DELAY);
  }

  function countAssessed() {
    if (!progress) {
      return;
    }
    var done = form.querySelectorAll('input[type="radio"][name$="_assessment"]:checked:not([value=""])').length;
    var template = progress.getAttribute("data-template") || "";
    progress.textContent = template.replace("{done}", done).replace("{total}", progress.getAttribute("data-total"));
  }

  form.addEventListener("input", function (event) {
    if (event.target && event.target.type === "file") {
      return;
    }
    schedule();
  });
  form.addEventListener("change", function (event) {
    if (event.target && event.target.type === "radio") {
      countAssessed();
    }
    if (event.target && event.target.type !== "file") {
      schedule();
    }
  });
  form.addEventListener("submit", function () {
    stopped = true;
    if (timer) {
      window.clearTimeout(timer);
    }
  });
})();
