// Small progressive enhancements only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  var first = document.querySelector("[data-autofocus]");
  if (first) { first.focus(); }
});
