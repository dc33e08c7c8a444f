import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode, useEffect } from "react";
import { hydrateRoot } from "react-dom/client";

/**
 * Events for which React 18 hydrates the page synchronously when they arrive before hydration is done
 * (its "discrete" events). With single fetch, RemixBrowser suspends at the root while it decodes the
 * page's data; a synchronous hydration cannot suspend there, and React fails with error #345 ("Root did
 * not complete", facebook/react#28800) — a tap or a key press while a page loads on a slow phone is
 * enough. Until hydration commits these events are kept from React; the browser still does what they
 * mean natively (focus moves, links open, forms submit), as before any script ran.
 */
const EVENTS_THAT_FORCE_HYDRATION = [
  "keydown",
  "keypress",
  "keyup",
  "mousedown",
  "mouseup",
  "click",
  "auxclick",
  "dblclick",
  "contextmenu",
  "pointerdown",
  "pointerup",
  "pointercancel",
  "touchstart",
  "touchend",
  "touchcancel",
  "dragstart",
  "dragend",
  "drop",
  "input",
  "change",
  "submit",
  "reset",
  "compositionstart",
  "compositionend",
  "textInput",
  "copy",
  "cut",
  "paste",
] as const;

const keepFromReact = (event: Event) => event.stopPropagation();
for (const type of EVENTS_THAT_FORCE_HYDRATION) window.addEventListener(type, keepFromReact, true);

function ReleaseEventsWhenHydrated() {
  useEffect(() => {
    for (const type of EVENTS_THAT_FORCE_HYDRATION) window.removeEventListener(type, keepFromReact, true);
    // Until now a change of a select or a click on a script-driven control did nothing: journeys wait for this.
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
      <ReleaseEventsWhenHydrated />
    </StrictMode>,
  );
});
