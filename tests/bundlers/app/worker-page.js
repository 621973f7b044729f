// The page of the Worker rows: a module Worker built by the tool from `new URL(…,
// import.meta.url)`, as an app writes one. The worker says "ready" once its imports (the package
// and its module) are loaded; the page then sends the peer's URL (from its own ?peer=) and puts
// the worker's answer on <body data-result> for tests/bundlers/run.mjs.
const worker = new Worker(new URL("./worker-signin.js", import.meta.url), { type: "module" });
worker.onmessage = ({ data }) => {
  if (data === "ready") {
    worker.postMessage(new URL(location.href).searchParams.get("peer"));
    return;
  }
  document.body.dataset.result = JSON.stringify(data);
};
worker.onerror = (event) => {
  document.body.dataset.result = JSON.stringify({ ok: false, name: "WorkerError", message: event.message });
};
