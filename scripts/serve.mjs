// A small static file server for the demo site and the browser tests (127.0.0.1 only).
//   node scripts/serve.mjs <dir> <port>
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".ts": "text/plain; charset=utf-8",
};

/**
 * Serves `dir` (or each prefix of `mounts`, `{ "/pkg/": dir, "/js/": dir }`, from its directory)
 * on 127.0.0.1:`port` (0 picks a free port); resolves to the listening server. A path ending in
 * `/` serves that directory's index.html.
 */
export function serve(dirOrMounts, port) {
  const mounts = typeof dirOrMounts === "string" ? { "/": dirOrMounts } : dirOrMounts;
  const roots = Object.entries(mounts).map(([prefix, dir]) => [prefix, resolve(dir)]);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const mount = roots.find(([prefix]) => path.startsWith(prefix));
    const rest = mount && path.slice(mount[0].length);
    const file = mount && resolve(mount[1], `.${sep}${rest.endsWith("/") || rest === "" ? `${rest}index.html` : rest}`);
    if (!file || !file.startsWith(mount[1] + sep)) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
      });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => ok(server));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir, port] = process.argv.slice(2);
  const server = await serve(dir, Number(port ?? 8080));
  console.log(`serving ${dir} on http://127.0.0.1:${server.address().port}/`);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
}
