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

function hashTarget() {
  const id = decodeURIComponent(location.hash.slice(1));
  return id ? document.getElementById(id) : null;
}

// A link to a reference list unfolds the list it points into.
function revealTarget() {
  const target = hashTarget();
  const details = target ? target.closest("details") : null;
  if (details && !details.open) {
    details.open = true;
    target.scrollIntoView();
  }
}
window.addEventListener("hashchange", revealTarget);
revealTarget();

// A statement opened from a link shows where it stands: its section's
// heading, subtitle and condition, and the statement it is listed under.
// The browser puts the statement at the top, where all of that is off
// screen: show the whole section instead when the statement still fits on
// the screen with it, else the top-level statement it belongs to, else the
// statement right under the section's (sticky) heading.
function placeStatement() {
  const target = hashTarget();
  const statement = target ? target.closest(".gp-rec") : null;
  const section = statement ? statement.closest(".gp-section") : null;
  if (!section) return;
  // Sections off the screen are not laid out (guidepress.css): lay out the
  // ones down to the statement, so that nothing above it moves any more.
  for (let s = section; s; s = s.previousElementSibling) {
    if (s.classList.contains("gp-section")) s.style.contentVisibility = "visible";
  }
  const header = document.querySelector(".md-header");
  const top = header ? header.getBoundingClientRect().bottom : 0;
  const room = window.innerHeight - top;
  const bottom = statement.querySelector(".gp-rec__row").getBoundingClientRect().bottom;
  // Below the section's own top, its heading sticks over the statements.
  const heading = section.querySelector(":scope > h2");
  const stuck = heading ? heading.offsetHeight : 0;
  let outermost = statement;
  while (outermost.parentElement.closest(".gp-rec")) outermost = outermost.parentElement.closest(".gp-rec");
  for (const [context, below] of [[section, 0], [outermost, stuck]]) {
    const start = context.getBoundingClientRect().top;
    if (bottom - start <= room - below - 8) return scrollKeepingHeading(start - top - below - 4);
  }
  scrollKeepingHeading(statement.getBoundingClientRect().top - top - stuck - 4);
}

// Material shows its "Back to top" button whenever the page moved up, and
// it would cover the heading just brought into view: end on a move down.
function scrollKeepingHeading(by) {
  if (by >= 0) return window.scrollBy(0, by);
  window.addEventListener("scroll", () => window.scrollBy(0, 1), { once: true });
  window.scrollBy(0, by - 1);
}
window.addEventListener("hashchange", placeStatement);
window.addEventListener("load", () => requestAnimationFrame(placeStatement));

// Share: the share sheet where the browser has one (phones), else the
// statement's permalink copied, with a word that it was. The link itself
// stays a plain permalink for a long press or a browser without script.
// The words are the page's (chapter.md.j2's status line, in its language).
function say(which) {
  const status = document.querySelector(".gp-status");
  if (!status) return;
  status.textContent = status.dataset[which] || "";
  clearTimeout(say.timer);
  say.timer = setTimeout(() => { status.textContent = ""; }, 2500);
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Without the clipboard API (an insecure address, an old browser).
    const field = document.createElement("textarea");
    field.value = text;
    document.body.append(field);
    field.select();
    const copied = document.execCommand("copy");
    field.remove();
    if (!copied) throw new Error("copy refused");
  }
}

document.addEventListener("click", async (event) => {
  const link = event.target instanceof Element ? event.target.closest("a.gp-share") : null;
  if (!link) return;
  event.preventDefault();
  const url = new URL(link.href);
  url.search = "";  // Material's search adds ?h=<terms>
  // The statement as printed, without its footnote markers and links.
  const statement = link.closest(".gp-rec__text").cloneNode(true);
  for (const extra of statement.querySelectorAll(".gp-fnref, .gp-reflink, .gp-share")) extra.remove();
  const text = statement.textContent.replace(/\s+/g, " ").trim();
  if (navigator.share) {
    try {
      await navigator.share({ title: document.title, text, url: url.href });
      return;
    } catch (error) {
      if (error.name === "AbortError") return;  // the reader closed the share sheet
    }
  }
  try {
    await copy(url.href);
    say("copied");
  } catch {
    location.hash = url.hash;
    say("copyFailed");
  }
});

// Offline: a service worker (sw.js, written by the build) keeps the site for
// reading without a network. The live preview has none: a worker of a build
// served earlier at the same address is removed, so it cannot serve stale pages.
if ("serviceWorker" in navigator && document.currentScript) {
  const worker = new URL("../sw.js", document.currentScript.src);
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(worker).catch(async () => {
      const registration = await navigator.serviceWorker.getRegistration(worker);
      if (registration) registration.unregister();
    });
  });
}

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
