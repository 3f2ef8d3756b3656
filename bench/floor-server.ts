// The floor: the same Fastify as the app, with nothing else. It answers GET / with a fixed
// HTML page of FLOOR_BYTES bytes (the suite passes the size of Bluelamp's home page), built
// once at start. No logging, no plugins, no templates, no security headers: the difference
// between this and Bluelamp is what everything above the framework costs.
import Fastify from "fastify";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const bytes = Number(process.env.FLOOR_BYTES ?? 7500);

function page(size: number): string {
  const head =
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Floor</title></head><body><main>\n';
  const end = "</main></body></html>\n";
  const paragraph =
    "<p>Report a crime, apply for a licence, or find out what is happening in your area.</p>\n";
  let body = "";
  // Whole paragraphs, then a comment of spaces to make the size exact (all ASCII: chars = bytes).
  while (head.length + body.length + paragraph.length + end.length + 7 <= size) body += paragraph;
  const rest = size - head.length - body.length - end.length;
  return `${head}${body}${"<!--".padEnd(Math.max(rest - 3, 4), " ")}-->${end}`;
}

const html = page(bytes);
const app = Fastify({ logger: false });
app.get("/", async (_request, reply) => reply.type("text/html; charset=utf-8").send(html));
app.get("/readyz", async () => "ok");

process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
await app.listen({ host, port });
