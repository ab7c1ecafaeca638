import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { DatabaseLockedError } from "../src/errors.ts";

/** An exclusive hold on a PGlite data folder, taken by {@link lockFolder}. */
export interface FolderLock {
  /** The lock file: the folder's path with `.lock` appended, beside the folder. */
  path: string;
  /** Removes the lock file. Calling it again does nothing. */
  release(): void;
}

/** Lock files this process holds, removed on exit when the database was not closed. */
const heldLocks = new Set<string>();
let exitHookInstalled = false;

/**
 * Takes the exclusive lock of a PGlite data folder, a file beside it that names this process's
 * pid. PGlite allows one process per folder and does not check, so a second process would write
 * over the first one's data. A lock whose process is gone, after a crash, is taken over. Throws
 * DatabaseLockedError when a running process holds the folder, this one included.
 */
export function lockFolder(folder: string): FolderLock {
  const path = `${resolve(folder)}.lock`;
  if (heldLocks.has(path)) throw new DatabaseLockedError(folder, process.pid, path);

  // Later passes follow the removal of a stale lock, or a lock released while it was read.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (tryCreateLock(path)) return holdLock(path);
    const holder = readHolder(path);
    if (holder === undefined) continue;
    if (isRunning(holder)) throw new DatabaseLockedError(folder, holder, path);
    removeStaleLock(path, holder);
  }
  throw new Error(
    `Failed to create the lock file ${path}: other processes keep taking and releasing it. Try again.`,
  );
}

/**
 * Creates the lock file with this process's pid, or returns false when it exists. The pid is
 * written to a temporary file that is then hard-linked into place, so the lock file never exists
 * without its pid.
 */
function tryCreateLock(path: string): boolean {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${process.pid}\n`);
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if (errorCode(error) === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

function holdLock(path: string): FolderLock {
  heldLocks.add(path);
  installExitHook();
  return {
    path,
    release: () => {
      if (!heldLocks.delete(path)) return;
      removeIfOurs(path);
    },
  };
}

/** Returns the pid in the lock file, or undefined when the file was removed meanwhile. */
function readHolder(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    throw error;
  }
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) {
    throw new Error(
      `The lock file ${path} does not contain a process id. Delete it if no other process uses the folder.`,
    );
  }
  return pid;
}

/**
 * Reports whether a process with `pid` runs. A lock naming this process's own pid, which this
 * process does not hold, was left by an earlier run with the same pid, as in a restarted container.
 * NOTE: a stale pid that an unrelated process reuses counts as running, so the folder stays
 * refused until that process ends or the lock file, which the error names, is deleted.
 */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return errorCode(error) === "EPERM";
  }
}

/**
 * Removes a lock whose process is gone. The file is first renamed away, which only one process
 * can do. When it turns out to be a newer lock that another process took meanwhile, it is linked
 * back.
 */
function removeStaleLock(path: string, stalePid: number): void {
  const moved = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, moved);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return;
    throw error;
  }
  try {
    if (readFileSync(moved, "utf8").trim() !== String(stalePid)) linkBack(moved, path);
  } finally {
    unlinkSync(moved);
  }
}

function linkBack(moved: string, path: string): void {
  try {
    linkSync(moved, path);
  } catch (error) {
    // NOTE: a third process created a lock in the instant between; both may then hold the folder.
    if (errorCode(error) !== "EEXIST") throw error;
  }
}

function removeIfOurs(path: string): void {
  try {
    if (readFileSync(path, "utf8").trim() === String(process.pid)) unlinkSync(path);
  } catch (error) {
    if (errorCode(error) !== "ENOENT") throw error;
  }
}

/** Removes the locks still held when the process exits without closing its database. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const path of heldLocks) removeIfOurs(path);
    heldLocks.clear();
  });
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error ? String(error.code) : undefined;
}
