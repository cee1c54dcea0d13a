import { constants } from "node:fs";
import { open, stat } from "node:fs/promises";

/** The largest JSON config file read: a service-account key is about 2.5 KB. */
export const maximumConfigFileBytes = 1024 * 1024;

/** What reading the file found: its text, or why it was not read. */
export type ConfigFileRead =
  | { readonly text: string; readonly modifiedMs: number }
  | { readonly refused: "folder" | "not-regular" | "too-large" };

/**
 * Read a regular file of at most `maximumConfigFileBytes`. Anything else is refused before it is
 * opened (a folder, a device such as /dev/zero, a FIFO, a socket), and again after opening it
 * without blocking, should the path have been swapped in between; a file that grows past the
 * limit while being read is refused too. Errors of `stat` and `open` (ENOENT, EACCES) are thrown.
 */
export async function readConfigFile(path: string): Promise<ConfigFileRead> {
  const before = await stat(path);
  const refusal = refusalFor(before);
  if (refusal) return { refused: refusal };
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const opened = await handle.stat();
    const swapped = refusalFor(opened);
    if (swapped) return { refused: swapped };
    const buffer = Buffer.alloc(maximumConfigFileBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maximumConfigFileBytes) return { refused: "too-large" };
    return { text: buffer.toString("utf8", 0, length), modifiedMs: opened.mtimeMs };
  } finally {
    await handle.close();
  }
}

function refusalFor(info: {
  isDirectory(): boolean;
  isFile(): boolean;
  size: number;
}): "folder" | "not-regular" | "too-large" | undefined {
  if (info.isDirectory()) return "folder";
  if (!info.isFile()) return "not-regular";
  if (info.size > maximumConfigFileBytes) return "too-large";
  return undefined;
}
