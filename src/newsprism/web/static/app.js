/* newsprism: the little the pages need beyond htmx. Everything works without it, except the
   phone menu, which without JavaScript is shown open. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    var btn = document.querySelector(".menu-btn");
    var nav = document.getElementById("main-nav");
    if (btn && nav) {
      btn.addEventListener("click", function () {
        var open = nav.classList.toggle("open");
        btn.setAttribute("aria-expanded", open ? "true" : "false");
        if (open) { var first = nav.querySelector("a"); if (first) { first.focus(); } }
      });
      document.addEventListener("keydown", function (e) {
        if (e.key === "Escape" && nav.classList.contains("open")) {
          nav.classList.remove("open");
          btn.setAttribute("aria-expanded", "false");
          btn.focus();
        }
      });
    }
    // Escape hides a citation's evidence tooltip (it shows again on the next hover or focus)
    document.addEventListener("keydown", function (e) {
      var w = document.activeElement && document.activeElement.closest && document.activeElement.closest(".cite-w");
      if (e.key === "Escape" && w) { w.classList.add("quiet"); }
    });
    document.addEventListener("focusout", function (e) {
      var w = e.target && e.target.closest && e.target.closest(".cite-w");
      if (w) { w.classList.remove("quiet"); }
    });
    document.addEventListener("mouseover", function (e) {
      var w = e.target && e.target.closest && e.target.closest(".cite-w.quiet");
      if (w && !w.contains(document.activeElement)) { w.classList.remove("quiet"); }
    });
    document.addEventListener("click", function (e) {
      var t = e.target;
      if (t && t.matches && t.matches("button[data-copy]")) {
        var text = t.getAttribute("data-copy");
        if (navigator.clipboard) {
          navigator.clipboard.writeText(text).then(function () { t.textContent = "Link copied"; },
            function () { t.textContent = "Copy failed: " + text; });
        }
      }
    });
  });
})();
