import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { type Browser, chromium, type LaunchOptions } from "playwright-core";

/** Where the Chromium for a browser test comes from. */
export interface ChromiumChoice {
  /** The executable to launch. */
  readonly executablePath: string;
  /** `system`: found on this machine; `npm`: the build the package @sparticuz/chromium ships. */
  readonly source: "system" | "npm";
  /** Command-line flags for this build. */
  readonly args: readonly string[];
}

/**
 * Flags every launch gets. This machine's network is closed: without the background-networking
 * flags Chromium keeps opening connections that are refused, and at start it looks up Google's hosts.
 */
const quietFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Names of a system Chromium looked up on the PATH, in this order. */
const commandNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/**
 * A Chromium installed on this machine: `SMSKIT_CHROMIUM` when set (it must exist), then
 * /usr/bin/chromium, then `chromium`, `chromium-browser` or `google-chrome` on the PATH.
 * `SMSKIT_CHROMIUM=npm` ignores the system's and asks for the npm build.
 */
export function findSystemChromium(environment: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = environment.SMSKIT_CHROMIUM;
  if (chosen === "npm") return undefined;
  if (chosen !== undefined && chosen !== "") {
    if (!isExecutable(chosen))
      throw new Error(`SMSKIT_CHROMIUM names ${chosen}, which is not an executable file`);
    return chosen;
  }
  if (isExecutable("/usr/bin/chromium")) return "/usr/bin/chromium";
  const folders = (environment.PATH ?? "").split(delimiter).filter((folder) => folder !== "");
  for (const name of commandNames) {
    for (const folder of folders) {
      const candidate = join(folder, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * The Chromium a browser test should launch: the system's when there is one, otherwise the build
 * that @sparticuz/chromium ships (unpacked into the temporary folder on first use, about 5 s).
 */
export async function chooseChromium(environment: NodeJS.ProcessEnv = process.env): Promise<ChromiumChoice> {
  const system = findSystemChromium(environment);
  if (system !== undefined) return { executablePath: system, source: "system", args: quietFlags };
  const { default: packaged } = await import("@sparticuz/chromium");
  const executablePath = await packaged.executablePath();
  if (!existsSync(executablePath))
    throw new Error(`@sparticuz/chromium did not unpack Chromium to ${executablePath}`);
  return {
    executablePath,
    source: "npm",
    // Its own flags (it is a headless-shell build for sandboxes) and the closed-network ones.
    args: [...new Set([...packaged.args, "--disable-background-networking", "--disable-component-update"])],
  };
}

/** Launch headless Chromium for a test; never skips: without any Chromium it throws and says why. */
export async function launchChromium(
  options: Omit<LaunchOptions, "executablePath" | "args"> = {},
  environment: NodeJS.ProcessEnv = process.env,
): Promise<Browser> {
  const choice = await chooseChromium(environment);
  return chromium.launch({ ...options, executablePath: choice.executablePath, args: [...choice.args] });
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
