// guidepress: small behaviours the site needs beyond Material. No network,
// no dependencies; everything works without this file except these helpers.

// Touch screens have no hover, and Safari does not focus a tapped button:
// focus it, so that its explanation shows (CSS :focus).
document.addEventListener("click", (event) => {
  const badge = event.target instanceof Element ? event.target.closest(".gp-grade") : null;
  if (badge) badge.focus();
});

// A printed chapter includes its (on screen, folded) reference lists.
const opened = [];
window.addEventListener("beforeprint", () => {
  for (const details of document.querySelectorAll("details.gp-refs:not([open])")) {
    details.open = true;
    opened.push(details);
  }
});
window.addEventListener("afterprint", () => {
  while (opened.length) opened.pop().open = false;
});

// A link to a reference list unfolds the list it points into.
function revealTarget() {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  const details = target ? target.closest("details") : null;
  if (details && !details.open) {
    details.open = true;
    target.scrollIntoView();
  }
}
window.addEventListener("hashchange", revealTarget);
revealTarget();
