import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Write `content` to a new file beside `target`, readable only by its owner (mode 0600), and
 * flush it to disk. Returns the new file's path, for `moveIntoPlace`.
 */
export async function stageFile(target: string, content: string): Promise<string> {
  const staged = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  const handle = await open(staged, "wx", 0o600);
  try {
    await handle.writeFile(content, "utf8");
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(staged, { force: true });
    throw error;
  }
  await handle.close();
  return staged;
}

/** Replace `target` by the staged file in one step (a rename in the same directory): readers see the old file or the new one, never none. */
export async function moveIntoPlace(staged: string, target: string): Promise<void> {
  await rename(staged, target);
  await syncDirectory(dirname(target));
}

/** Write `content` to `target` with mode 0600, replacing it atomically. */
export async function writeFileAtomically(target: string, content: string): Promise<void> {
  const staged = await stageFile(target, content);
  try {
    await moveIntoPlace(staged, target);
  } catch (error) {
    await rm(staged, { force: true });
    throw error;
  }
}

/** Flush a directory entry change (a rename) to disk where the platform allows it. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every platform can open or flush a directory; the rename itself is still atomic.
  }
}
