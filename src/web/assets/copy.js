// Progressive enhancement: <button data-copy="text"> or <button data-copy-target="id">
// copies to the clipboard. Give such buttons the `hidden` attribute: they are
// revealed only where copying works, so pages read fine without JavaScript.
// Served from 'self' (CSP script-src 'self'); loaded with `defer`.
"use strict";
if (navigator.clipboard) {
  document.querySelectorAll("[data-copy][hidden], [data-copy-target][hidden]").forEach(function (b) {
    b.hidden = false;
  });
}
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy], [data-copy-target]");
  if (!button || !navigator.clipboard) return;
  var text = button.getAttribute("data-copy");
  if (text === null) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target) return;
    text = target.textContent;
  }
  event.preventDefault();
  navigator.clipboard.writeText(text).then(function () {
    var label = button.textContent;
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = label; }, 1500);
  });
});
