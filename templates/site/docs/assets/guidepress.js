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

// Fixes for Material's own markup, run each time Material (re)renders:
// - its search overlay is a dialog without a name (axe: aria-dialog-name);
//   name it after its input, in the site's language;
// - a wide table scrolls sideways inside a wrapper that a keyboard cannot
//   reach (axe: scrollable-region-focusable); make it a named, focusable region.
// Patching here rather than copying theme partials keeps Material upgrades clean.
function patchMaterial() {
  for (const dialog of document.querySelectorAll(".md-search[role='dialog']:not([aria-label])")) {
    const input = dialog.querySelector("input.md-search__input");
    dialog.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "Search");
  }
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])")) {
    let heading = wrap.closest(".gp-table") || wrap;
    while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
    const title = heading ? heading.textContent.replace("\u00b6", "").trim() : "";
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", title ? `Table: ${title}` : "Table");
  }
}
if (window.document$) window.document$.subscribe(patchMaterial);
else patchMaterial();
