// Keeps a running job's status current without reloading the page (a delayed
// <meta http-equiv="refresh"> would move a screen reader's reading point): every few
// seconds it fetches the page again and replaces the region marked data-job-refresh, a
// polite live region, and loads the whole page once the job has ended. Without
// JavaScript the page's own "Refresh" link does the same.
(function () {
  'use strict';
  var region = document.querySelector('[data-job-refresh]');
  if (!region || !window.fetch || !window.DOMParser) {
    return;
  }
  var delay = (Number(region.getAttribute('data-job-refresh')) || 2) * 1000;
  function poll() {
    window.fetch(window.location.href, { credentials: 'same-origin' })
      .then(function (answer) {
        return answer.ok ? answer.text() : Promise.reject(answer.status);
      })
      .then(function (html) {
        var fresh = new window.DOMParser()
          .parseFromString(html, 'text/html')
          .querySelector('[data-job-refresh]');
        if (!fresh) {
          window.location.reload();
          return;
        }
        region.innerHTML = fresh.innerHTML;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        window.setTimeout(poll, delay * 3);
      });
  }
  window.setTimeout(poll, delay);
}());
