// Suggestions as a patient types: fills the search box's <datalist> from /search/suggest/.
// Without JavaScript the search box is a plain form and works the same.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[data-suggest-url]");
  Array.prototype.forEach.call(inputs, function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var latest = "";
    if (!list || !window.fetch) {
      return;
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) {
        list.replaceChildren();
        return;
      }
      timer = window.setTimeout(function () {
        latest = query;
        fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            return response.ok ? response.json() : { suggestions: [] };
          })
          .then(function (data) {
            if (data.query !== latest) {
              return;
            }
            list.replaceChildren.apply(
              list,
              data.suggestions.map(function (suggestion) {
                var option = document.createElement("option");
                option.value = suggestion.title;
                return option;
              })
            );
          })
          .catch(function () {});
      }, 150);
    });
  });
})();
