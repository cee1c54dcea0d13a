// The third-party provider journey of the `npm test` install check, with the packed tarballs
// only: `@smskit/create-provider` (its bin, installed from its tarball) scaffolds `acme` →
// the scaffold's own `npm install`, `npm test` (conformance) and `npm pack` → the application
// installs that tarball → `smskit providers` lists acme beside http, `smskit gateway set`
// validates against acme's schema, `smskit send` reaches a loopback server with the JSON
// body and the bearer token.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";

const npmFlags = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];

/** Run a command without blocking this process (the loopback server answers meanwhile). */
function run(command, args, cwd) {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, encoding: "utf8", maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

async function must(label, command, args, cwd) {
  const result = await run(command, args, cwd);
  if (result.code !== 0)
    throw new Error(`${label} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** A package.json whose smskit dependencies name their tarballs, and with `overrides` for the rest. */
function mapToTarballs(manifest, tarballs) {
  const mapped = { ...manifest, overrides: tarballs };
  for (const field of ["dependencies", "devDependencies"]) {
    if (!manifest[field]) continue;
    mapped[field] = Object.fromEntries(
      Object.entries(manifest[field]).map(([name, range]) => [name, tarballs[name] ?? range]),
    );
  }
  return mapped;
}

/** A loopback server recording each request's path, headers and body; answers 202. */
async function startReceiver() {
  const requests = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      requests.push({ method: request.method, path: request.url, headers: request.headers, body });
      response.writeHead(202, { "content-type": "application/json" }).end('{"accepted":true}');
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, requests, close: () => server.close() };
}

/**
 * Walk the journey in `app` (an installed application with the CLI and provider-http).
 * Returns the problems found, each a sentence; prints one line per step.
 */
export async function providerJourney(app, tarballs) {
  const problems = [];
  const work = mkdtempSync(join(tmpdir(), "smskit-acme-"));
  const receiver = await startReceiver();
  const smskit = (...args) => run("npx", ["--no-install", "smskit", ...args], app);
  try {
    const tools = join(work, "tools");
    mkdirSync(tools);
    const toolManifest = {
      private: true,
      dependencies: { "@smskit/create-provider": tarballs["@smskit/create-provider"] },
    };
    writeFileSync(
      join(tools, "package.json"),
      JSON.stringify(mapToTarballs(toolManifest, tarballs), null, 2),
    );
    await must("npm install @smskit/create-provider", "npm", ["install", ...npmFlags], tools);
    const acme = join(work, "acme");
    await must(
      "create-provider --id acme",
      "npx",
      ["--no-install", "create-provider", "--id", "acme", "--name", "Acme SMS", "--dir", acme],
      tools,
    );
    console.log("  create-provider --id acme --name 'Acme SMS': scaffolded");
    const original = readFileSync(join(acme, "package.json"), "utf8");
    writeFileSync(
      join(acme, "package.json"),
      JSON.stringify(mapToTarballs(JSON.parse(original), tarballs), null, 2),
    );
    await must("the scaffold's npm install", "npm", ["install", ...npmFlags], acme);
    const tested = await must("the scaffold's npm test", "npm", ["test"], acme);
    const counted = /Tests\s+(\d+) passed/.exec(stripVTControlCharacters(tested.stdout));
    console.log(`  scaffold: npm install, npm test (${counted ? counted[1] : "?"} conformance tests passed)`);
    const scaffolded = readFileSync(join(acme, "README.md"), "utf8");
    await must("the scaffold's npm run readme", "npm", ["run", "readme"], acme);
    if (readFileSync(join(acme, "README.md"), "utf8") !== scaffolded)
      problems.push("npm run readme should write the parameter table the scaffold wrote");
    console.log("  scaffold: npm run readme rewrote the same parameter table from the schema");
    writeFileSync(join(acme, "package.json"), original); // packed as it would be published
    const packed = await must("the scaffold's npm pack", "npm", ["pack", "--json", "--loglevel=error"], acme);
    const tarball = join(acme, JSON.parse(packed.stdout)[0].filename);
    await must("npm install of the acme tarball", "npm", ["install", tarball, ...npmFlags], app);
    console.log("  scaffold: npm pack; the application installed the tarball");

    const listed = await smskit("providers", "--json");
    const ids =
      listed.code === 0
        ? JSON.parse(listed.stdout)
            .map((provider) => provider.id)
            .sort()
        : [];
    console.log(`  smskit providers --json: ${JSON.stringify(ids)}`);
    if (JSON.stringify(ids) !== JSON.stringify(["acme", "http"]))
      problems.push(
        `smskit providers should list acme and http, listed ${JSON.stringify(ids)} ${listed.stderr.trim()}`,
      );

    const bad = await smskit("gateway", "set", "sms", "--provider", "acme", "--param", "URL=not a url");
    console.log(
      `  smskit gateway set … URL='not a url': exit ${bad.code}: ${bad.stderr.trim().split("\n")[0]}`,
    );
    if (bad.code !== 2 || !/URL/.test(bad.stderr))
      problems.push(
        `a bad URL should be refused with exit 2 and a message naming URL (exit ${bad.code}: ${bad.stderr.trim()})`,
      );

    const key = "acme-journey-key-5b1e";
    const set = await smskit(
      "gateway",
      "set",
      "sms",
      "--provider",
      "acme",
      "--param",
      `URL=${receiver.url}/send`,
      "--param",
      `API_KEY=${key}`,
    );
    if (set.code !== 0)
      problems.push(`smskit gateway set sms --provider acme failed (exit ${set.code}): ${set.stderr.trim()}`);
    const text = "Hello from the acme journey";
    const sent = await smskit("send", "sms", "+15550100", text);
    const request = receiver.requests[0];
    const got = request
      ? `${request.method} ${request.path}, ${request.headers["content-type"]}, keys ${Object.keys(JSON.parse(request.body || "{}")).join(", ")}, ${request.headers.authorization === `Bearer ${key}` ? "the bearer token" : "no bearer token"}`
      : "nothing";
    console.log(`  smskit send sms: exit ${sent.code}; the loopback server got ${got}`);
    if (sent.code !== 0)
      problems.push(`smskit send through acme failed (exit ${sent.code}): ${sent.stderr.trim()}`);
    if (!request) problems.push("smskit send through acme reached no server");
    else {
      if (request.body !== JSON.stringify({ to: "+15550100", text }))
        problems.push(`acme should POST {"to","text"} as JSON, sent ${request.body}`);
      if (request.headers.authorization !== `Bearer ${key}`)
        problems.push("acme should send API_KEY as a bearer token");
      if (request.headers["content-type"] !== "application/json")
        problems.push("acme should send content-type application/json");
    }
    if (`${set.stdout}${set.stderr}${sent.stdout}${sent.stderr}`.includes(key))
      problems.push("the CLI printed the API_KEY");
  } catch (error) {
    problems.push(error.message);
  } finally {
    receiver.close();
    rmSync(work, { recursive: true, force: true });
  }
  return problems;
}
