// The app's own script, loaded from the app itself (the Content-Security-Policy allows no
// inline script): "/" moves to the query box, as on many search sites.
document.addEventListener("keydown", function (event) {
  var box = document.getElementById("q");
  if (event.key === "/" && box && document.activeElement !== box && !event.ctrlKey && !event.metaKey) {
    event.preventDefault();
    box.focus();
    box.select();
  }
});
