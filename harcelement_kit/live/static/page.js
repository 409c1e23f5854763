/* Live updates: ask the laptop every 2 s whether a question opened or closed, and
   reload the page when it did. Plain ES5 for old Android browsers; without
   JavaScript the pages reload themselves and the answers are plain forms. */
(function () {
  "use strict";
  var mark = document.getElementById("version");
  if (!mark || !window.XMLHttpRequest || !window.JSON) {
    return;
  }
  var shown = mark.getAttribute("data-version");
  function poll() {
    var request = new XMLHttpRequest();
    request.open("GET", "/etat", true);
    request.onreadystatechange = function () {
      if (request.readyState !== 4) {
        return;
      }
      if (request.status === 200) {
        var now = shown;
        try {
          now = String(JSON.parse(request.responseText).version);
        } catch (ignored) {
          now = shown;
        }
        if (now !== shown) {
          window.location.replace("/q");
          return;
        }
      }
      window.setTimeout(poll, 2000);
    };
    request.send();
  }
  window.setTimeout(poll, 2000);
  var forms = document.getElementsByTagName("form");
  for (var i = 0; i < forms.length; i += 1) {
    forms[i].addEventListener("submit", function (event) {
      // one tap is enough: a second would only be refused
      if (event.target.getAttribute("data-envoye")) {
        event.preventDefault();
      }
      event.target.setAttribute("data-envoye", "1");
    });
  }
}());
