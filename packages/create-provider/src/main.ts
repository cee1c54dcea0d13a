import { resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { invalidOption, packageNameOf, ScaffoldError, scaffold } from "./scaffold.js";

/** Where the command reads and writes. */
export interface CreateIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly cwd: string;
}

const usage = `Usage: npm create @smskit/provider -- [--id ID] [--name NAME] [--dir PATH] [options]

Scaffolds an smskit provider package: a working HTTP-style provider, its conformance test,
README (parameter table from the schema), LICENSE and a changeset setup. Asks for what is missing.

  --id ID              provider id gateway definitions name (e.g. acme)
  --name NAME          display name (e.g. "Acme SMS")
  --dir PATH           directory to create (default: ./smskit-provider-<id>); must be new or empty
  --scope SCOPE        publish as @SCOPE/smskit-provider-<id>
  --package-name NAME  the npm package name, in full
  --author NAME        the LICENSE's copyright holder
  -h, --help           this text
`;

/** `create-provider [flags]`: exit code 0 when scaffolded, 2 on bad input (nothing written). */
export async function main(argv: readonly string[], io: CreateIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        id: { type: "string" },
        name: { type: "string" },
        dir: { type: "string" },
        scope: { type: "string" },
        "package-name": { type: "string" },
        author: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    io.stderr.write(`create-provider: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(usage);
    return 0;
  }
  const text = (key: string) => values[key] as string | undefined;
  const given = {
    id: text("id"),
    name: text("name"),
    scope: text("scope"),
    packageName: text("package-name"),
  };
  const problem = invalidOption(given);
  if (problem) return fail(io, problem);
  const ask =
    given.id === undefined || given.name === undefined || text("dir") === undefined ? asker(io) : undefined;
  try {
    const id =
      given.id ?? (await ask?.("Provider id (e.g. acme): ", (answer) => invalidOption({ id: answer })));
    const name =
      given.name ??
      (await ask?.("Display name (e.g. Acme SMS): ", (answer) => invalidOption({ name: answer })));
    if (id === undefined || name === undefined) return fail(io, "no id or name given");
    const packageName = packageNameOf({ ...given, id });
    const directory = resolve(
      io.cwd,
      text("dir") ??
        ((await ask?.(`Directory (${packageName.split("/").pop()}): `, () => undefined)) ||
          packageName.split("/").pop() ||
          id),
    );
    const written = await scaffold({ id, name, directory, packageName, author: text("author") ?? "" });
    io.stdout.write(
      `Created ${packageName} (provider '${id}') in ${directory}: ${written.length} files.\n\nNext:\n  cd ${directory}\n  npm install\n  npm test      # smskit's conformance suite\n  npm pack      # or npm publish\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ScaffoldError) return fail(io, error.message);
    throw error;
  } finally {
    ask?.close();
  }
}

function fail(io: CreateIo, message: string): number {
  io.stderr.write(`create-provider: ${message}; nothing was written.\n`);
  return 2;
}

/** A question asker over stdin that repeats a question until the answer is valid. */
function asker(io: CreateIo) {
  const lines = createInterface({
    input: io.stdin,
    output: io.stdout as NodeJS.WritableStream,
    terminal: false,
  });
  const queue = lines[Symbol.asyncIterator]();
  const ask = async (question: string, check: (answer: string) => string | undefined) => {
    for (;;) {
      io.stdout.write(question);
      const next = await queue.next();
      if (next.done) throw new ScaffoldError("the input ended before every question was answered");
      const answer = String(next.value).trim();
      const problem = check(answer);
      if (!problem) return answer;
      io.stderr.write(`${problem}\n`);
    }
  };
  return Object.assign(ask, { close: () => lines.close() });
}
