// Scan pages: a USB scanner types into whatever has the focus, so the scan
// field takes it back when the window does (after printing a PDF, say) and
// when a key is typed while nothing else that takes text is focused.
// The pages work without this file: the field is autofocused by the HTML.
document.addEventListener("DOMContentLoaded", function () {
  var field = document.getElementById("code");
  if (!field) { return; }
  function takesText(element) {
    return element && (element.tagName === "INPUT" || element.tagName === "SELECT" ||
                       element.tagName === "TEXTAREA");
  }
  window.addEventListener("focus", function () {
    if (!takesText(document.activeElement)) { field.focus(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key.length === 1 && !event.ctrlKey && !event.altKey && !event.metaKey &&
        !takesText(document.activeElement)) {
      field.focus();
    }
  });
});
