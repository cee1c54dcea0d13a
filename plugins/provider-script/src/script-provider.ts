import {
  coreErrors,
  type DeliveryReceipt,
  type OutgoingMessage,
  type ProviderContext,
  type ProviderInstance,
  type SmsError,
} from "@smskit/provider";
import type { ScriptParameters } from "./index.js";
import { scriptErrors } from "./script-errors.js";
import { isScriptProblem, resolveScript, scriptDirectoryOf } from "./script-path.js";
import { type ScriptExit, type ScriptProcess, startScript } from "./script-process.js";

/**
 * The live instance of a script gateway: runs the script once per message, the recipient as
 * its only argument and the text on standard input, without a shell.
 */
export function createScriptInstance(
  parameters: ScriptParameters,
  context: ProviderContext,
): ProviderInstance {
  const running = new Set<ScriptProcess>();
  const gateway = context.gateway;
  const label = JSON.stringify(parameters.script);
  const scriptDirectory = (): Promise<string> => scriptDirectoryOf(context.resources);

  const launch = async (message: OutgoingMessage): Promise<ScriptProcess> => {
    const directory = await scriptDirectory();
    const resolved = await resolveScript(directory, parameters.script);
    if (isScriptProblem(resolved)) {
      throw scriptErrors.SMSKIT_E_SCRIPT_INVALID.create(
        {
          gateway,
          problem: `the script cannot be run: ${resolved.problem}; nothing was run — fix the script and save the gateway again`,
        },
        { gateway },
      );
    }
    return startScript(resolved.path, message.to, message.text, directory);
  };

  const started = async (script: ScriptProcess): Promise<void> => {
    try {
      await script.started;
    } catch (error) {
      throw scriptErrors.SMSKIT_E_SCRIPT_START.create(
        { gateway, script: label, reason: describeStartError(error) },
        { gateway, cause: error },
      );
    }
  };

  const sendAndWait = async (message: OutgoingMessage, signal: AbortSignal): Promise<DeliveryReceipt> => {
    const script = await launch(message);
    if (signal.aborted) {
      script.kill();
      throw abortError(gateway, signal);
    }
    running.add(script);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      script.kill();
    }, parameters.TIMEOUT * 1000);
    const onAbort = () => script.kill();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      await started(script);
      const exit = await script.finished;
      if (timedOut) {
        throw scriptErrors.SMSKIT_E_SCRIPT_TIMEOUT.create(
          { gateway, script: label, seconds: parameters.TIMEOUT },
          { gateway },
        );
      }
      if (signal.aborted) throw abortError(gateway, signal);
      if (exit.code !== 0) throw failure(gateway, `script ${label}`, exit, context);
      return { details: { exitCode: 0 } };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      running.delete(script);
    }
  };

  const sendInBackground = async (
    message: OutgoingMessage,
    signal: AbortSignal,
  ): Promise<DeliveryReceipt> => {
    const script = await launch(message);
    const onAbort = () => script.kill();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      if (signal.aborted) script.kill();
      await started(script);
      if (signal.aborted) throw abortError(gateway, signal);
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
    script.detach();
    script.finished.then(
      (exit) => {
        if (exit.code === 0) return;
        const error = failure(gateway, `background script ${label}`, exit, context);
        context.logger.error(error.message, {
          gateway,
          script: parameters.script,
          exitCode: exit.code,
          signal: exit.signal,
        });
      },
      () => {},
    );
    return { details: { background: true } };
  };

  return {
    async send(message, { signal }) {
      if (signal.aborted) throw abortError(gateway, signal);
      return parameters.background === "background"
        ? sendInBackground(message, signal)
        : sendAndWait(message, signal);
    },
    async check(): Promise<void> {
      const resolved = await resolveScript(await scriptDirectory(), parameters.script);
      if (isScriptProblem(resolved)) {
        throw scriptErrors.SMSKIT_E_SCRIPT_INVALID.create(
          { gateway, problem: resolved.problem },
          { gateway },
        );
      }
    },
    async close(): Promise<void> {
      // Only `wait` scripts are tracked; background scripts were handed their message and run on.
      for (const script of running) script.kill();
      running.clear();
    },
  };
}

/** A script that exited non-zero or was killed by a signal. */
function failure(gateway: string, subject: string, exit: ScriptExit, context: ProviderContext): SmsError {
  const stderr = context.redact(exit.stderr);
  const output = stderr === "" ? "it wrote nothing to standard error" : `standard error:\n${stderr}`;
  const extras = { gateway, details: { exitCode: exit.code, signal: exit.signal } };
  // Killed by a signal, the script may have sent the message before it died.
  return exit.code !== null
    ? scriptErrors.SMSKIT_E_SCRIPT_FAILED.create(
        { gateway, script: subject, exitCode: exit.code, output },
        extras,
      )
    : scriptErrors.SMSKIT_E_SCRIPT_KILLED.create(
        { gateway, script: subject, signal: exit.signal ?? "?", output },
        extras,
      );
}

/** The send was aborted: by the deadline or by the caller. */
function abortError(gateway: string, signal: AbortSignal): SmsError {
  const deadline = (signal.reason as { name?: unknown } | undefined)?.name === "TimeoutError";
  return (deadline ? coreErrors.SMSKIT_E_SEND_TIMEOUT : coreErrors.SMSKIT_E_SEND_ABORTED).create(
    {
      gateway,
      failure: `the script was killed because the send ${deadline ? "ran past its deadline" : "was aborted"}; it is not known whether the message was sent`,
    },
    { gateway },
  );
}

function describeStartError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ? `${code}: ${(error as Error).message}` : String(error);
}
