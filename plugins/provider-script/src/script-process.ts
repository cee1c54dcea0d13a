import { type ChildProcess, spawn } from "node:child_process";
import { StreamTail } from "./stderr-tail.js";

/** How a script ended. */
export interface ScriptExit {
  /** The exit code, or null when a signal ended it. */
  readonly code: number | null;
  /** The signal that ended it, if any. */
  readonly signal: NodeJS.Signals | null;
  /** The last lines of its standard error (unredacted). */
  readonly stderr: string;
}

/** One running script. */
export interface ScriptProcess {
  /** Resolves once the script runs and its standard input is written and closed; rejects when it cannot start. */
  readonly started: Promise<void>;
  /** Resolves when the script has exited; rejects when it could not start. */
  readonly finished: Promise<ScriptExit>;
  /** Kill the script and everything it started (its whole process group). */
  kill(): void;
  /** Let the application exit while the script still runs (background scripts). */
  detach(): void;
}

/** How long to wait for the rest of standard error after the script exited. */
const stderrGraceMs = 250;

/**
 * Start a script without a shell, in its own process group: `argument` is its only argument,
 * `input` its whole standard input. The environment is the application's, minus smskit's own
 * secret variables (`SMSKIT_…KEY`, `…SECRET`, `…PASSWORD`, `…TOKEN`).
 */
export function startScript(path: string, argument: string, input: string, cwd: string): ScriptProcess {
  const child = spawn(path, [argument], {
    shell: false,
    detached: true,
    cwd,
    env: scriptEnvironment(),
    stdio: ["pipe", "ignore", "pipe"],
  });
  const tail = new StreamTail();
  child.stderr?.on("data", (chunk: Buffer) => tail.push(chunk));

  const spawned = new Promise<void>((resolve, reject) => {
    child.once("spawn", () => resolve());
    // The first error is a failure to start; later ones (a failed kill) change nothing.
    child.on("error", reject);
  });
  const inputWritten = new Promise<void>((resolve) => {
    const stdin = child.stdin;
    if (!stdin) return resolve();
    // A script that exits without reading its input breaks the pipe; that is its choice, not an error.
    stdin.once("error", () => resolve());
    stdin.once("finish", () => resolve());
    stdin.once("close", () => resolve());
    stdin.end(Buffer.from(input, "utf8"));
  });
  const started = spawned.then(() => inputWritten);
  const finished = spawned.then(() => exitOf(child, tail));
  started.catch(() => {});
  finished.catch(() => {});

  return {
    started,
    finished,
    kill: () => killGroup(child),
    detach: () => {
      child.unref();
      unrefStream(child.stderr);
    },
  };
}

function exitOf(child: ChildProcess, tail: StreamTail): Promise<ScriptExit> {
  return new Promise((resolve) => {
    const done = (code: number | null, signal: NodeJS.Signals | null) => {
      // Standard error may still hold the last lines; give it a moment to drain, but do not wait
      // for a grandchild that keeps it open.
      const stderr = child.stderr;
      const finish = () => resolve({ code, signal, stderr: tail.text() });
      if (!stderr || stderr.readableEnded || stderr.destroyed) return finish();
      const timer = setTimeout(finish, stderrGraceMs);
      stderr.once("close", () => {
        clearTimeout(timer);
        finish();
      });
    };
    if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode, child.signalCode);
    else child.once("exit", done);
  });
}

function unrefStream(stream: unknown): void {
  if (stream && typeof stream === "object" && "unref" in stream && typeof stream.unref === "function") {
    stream.unref();
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // The group is gone already.
  }
}

/** smskit's own variables that hold secrets by name (SMSKIT_SECRET_KEY and the like); scripts never see them. */
const secretVariable = /^SMSKIT_.*(?:PASSWORD|SECRET|TOKEN|KEY)/i;

function scriptEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (secretVariable.test(name)) continue;
    environment[name] = value;
  }
  return environment;
}
