// DOM helpers shared by the demo's parts, and the one status line every action reports to.
//
// `#result` carries what the last action ended in, for people (its text) and for the browser
// test (tests/e2e/browser.mjs): `data-state` (busy, signed-in, challenge, ok, signed-out, error),
// `data-action` (the action's name), `data-challenge` (the challenge shown) and `data-seq`, which
// grows by one each time an action starts, so a reader can wait for the end of the action it
// started rather than an earlier one's.

export const $ = (id) => document.getElementById(id);

/** An element `tag` with `text` as its text content. */
export function el(tag, text = "", attributes = {}) {
  const node = document.createElement(tag);
  node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** A `<dl>`'s rows from `[name, value]` pairs. */
export function facts(dl, rows) {
  dl.replaceChildren(...rows.flatMap(([name, value]) => [el("dt", name), el("dd", value)]));
}

/**
 * Runs `action` (an async function) as the action `name`: `#result` is busy until it settles,
 * then shows what `action` returned (`{ state, text, challenge? }`), or the error's name and
 * message, unless another action has started since. The buttons of `controls` are disabled
 * meanwhile.
 */
export async function act(name, controls, action) {
  const result = $("result");
  const seq = String(Number(result.dataset.seq) + 1);
  result.dataset.seq = seq;
  result.dataset.action = name;
  report("busy", "Working…");
  for (const control of controls) control.disabled = true;
  // An action that ends after a later one started does not overwrite the later one's status.
  const current = () => result.dataset.seq === seq;
  try {
    const outcome = await action();
    if (outcome && current()) report(outcome.state, outcome.text, outcome.challenge);
  } catch (err) {
    if (current()) report("error", `${err?.name ?? "Error"}: ${err?.message ?? String(err)}`);
  } finally {
    for (const control of controls) control.disabled = false;
  }
}

/** Shows `text` in `#result` with `state` (and the challenge's name, when one is shown). */
export function report(state, text, challenge) {
  const result = $("result");
  result.className = state;
  result.dataset.state = state;
  if (challenge) result.dataset.challenge = challenge;
  else delete result.dataset.challenge;
  result.replaceChildren(el("p", text));
}

/** Adds `text` to the event log, tagged with the event's name. */
export function logEvent(event, text) {
  const item = el("li", `${new Date().toLocaleTimeString()} ${event}: ${text}`);
  item.dataset.event = event;
  $("events").prepend(item);
}
