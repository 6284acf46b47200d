// The readability panel of a clinical page's edit form: the reading grade and the hardest
// paragraph of the text as it is in the form, checked as the editor types (a moment after they
// stop) or when they press "Check reading level". The form is posted to the admin's readability
// check, which saves nothing. A file of its own, so the admin's Content-Security-Policy needs
// no inline script for it.
(function () {
  "use strict";
  var PAUSE_MS = 800;

  function setUp(panel) {
    var form = panel.closest("form");
    var result = panel.querySelector("[data-readability-result]");
    var button = panel.querySelector("[data-readability-check]");
    if (!form || !result || !button || !window.fetch) {
      return;
    }
    var timer = null;
    var latest = 0;

    function check() {
      window.clearTimeout(timer);
      var asked = ++latest;
      panel.setAttribute("aria-busy", "true");
      fetch(panel.dataset.readabilityUrl, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
      })
        .then(function (response) {
          return response.ok ? response.json() : Promise.reject(response.status);
        })
        .then(function (answer) {
          if (asked !== latest) {
            return; // a later check is on its way
          }
          result.innerHTML = answer.html;
          panel.dataset.readabilityGrade = answer.grade === null ? "" : String(answer.grade);
          panel.classList.toggle("help-warning", answer.grade !== null && !answer.meets_target);
          panel.classList.toggle("help-info", answer.grade === null || answer.meets_target);
        })
        .catch(function () {
          // The saved text's grade stays shown; the next check may succeed.
        })
        .finally(function () {
          if (asked === latest) {
            panel.removeAttribute("aria-busy");
          }
        });
    }

    function checkSoon() {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, PAUSE_MS);
    }

    button.addEventListener("click", check);
    // Plain fields send input events; the rich text editor saves its text into its hidden field
    // as the editor types, which only keyup shows.
    form.addEventListener("input", checkSoon);
    form.addEventListener("keyup", checkSoon);
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-readability-panel]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
