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
  var missed = 0;
  function ended() {
    // The laptop is gone (séance over, app closed): show the end of the séance carried
    // hidden in this page, the same words and helplines as the page the server sends.
    var end = document.getElementById("fin");
    var main = document.getElementsByTagName("main")[0];
    if (!end || !main) {
      return;
    }
    end.removeAttribute("hidden");
    while (main.firstChild) {
      main.removeChild(main.firstChild);
    }
    main.appendChild(end);
  }
  function poll() {
    var request = new XMLHttpRequest();
    request.open("GET", "/etat", true);
    request.onreadystatechange = function () {
      if (request.readyState !== 4) {
        return;
      }
      if (request.status === 0) {
        missed += 1;
        if (missed >= 2) {
          ended();
          return;
        }
      } else {
        missed = 0;
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
