// Background saving of a response draft. The form works fully without this file: it only
// sends the same "save" the Save button sends, a few seconds after the last change, and
// never moves the focus. When someone else saved other fields in between, the server merges
// and names their fields; they are filled in here unless the user changed them meanwhile
// (then the next save finds the collision). A collision or a refusal stops the background
// saving and says so; the Save button then shows the merge page. A save that could not be
// stored (the server or the network failed) says so in the status line and is tried again
// at the next change.
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

  function failed(text) {
    say(text || (status && status.getAttribute("data-failed")) || "");
    if (status) {
      status.classList.add("response-autosave-failed");
    }
  }

  function same(sent, now, name) {
    return String(sent.get(name) || "") === String(now.get(name) || "");
  }

  // Fill in the fields the server took from someone else's save. A field the user changed
  // since the save was sent keeps the user's text and the base it was loaded with.
  function fillIn(fields, sent, sentBase, base) {
    var now = new FormData(form);
    Object.keys(fields || {}).forEach(function (name) {
      var item = fields[name];
      if (!same(sent, now, name)) {
        if (Object.prototype.hasOwnProperty.call(sentBase, item.key)) {
          base[item.key] = sentBase[item.key];
        } else {
          delete base[item.key];
        }
        return;
      }
      form.querySelectorAll('[name="' + name + '"]').forEach(function (element) {
        if (element.type === "radio") {
          element.checked = element.value === String(item.value);
        } else if (element.type === "checkbox") {
          element.checked = Boolean(item.value);
        } else {
          element.value = item.value;
        }
      });
    });
    countAssessed();
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
    var sent = payload();
    var sentBase = {};
    try {
      sentBase = JSON.parse(sent.get("base") || "{}");
    } catch (error) {
      sentBase = {};
    }
    fetch(url, {
      method: "POST",
      body: sent,
      credentials: "same-origin",
      headers: { "X-Autosave": "1", "Accept": "application/json" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("json") === -1) {
        return { ok: false, retry: true, body: {} };
      }
      return response.json().then(function (body) {
        return { ok: response.ok, body: body };
      });
    }).then(function (result) {
      saving = false;
      if (!result.ok || !result.body.ok) {
        // A fault of the server (it could not store the draft) is tried again at the next
        // change; a refusal or a collision stops until the page is saved with the button.
        if (!result.retry && !result.body.retry) {
          stopped = true;
        }
        failed(result.body.message);
        retryPending();
        return;
      }
      var base = JSON.parse(result.body.base);
      if (result.body.merged) {
        fillIn(result.body.fields, sent, sentBase, base);
      }
      field("edit_version").value = String(result.body.edit_version);
      field("base").value = JSON.stringify(base);
      if (status) {
        status.classList.remove("response-autosave-failed");
      }
      say(result.body.message || "");
      if (pending) {
        pending = false;
        schedule();
      }
    }).catch(function () {
      saving = false;
      failed();
      retryPending();
    });
  }

  // Changes typed while a save failed are tried again (unless saving has stopped).
  function retryPending() {
    if (pending && !stopped) {
      pending = false;
      schedule();
    }
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
