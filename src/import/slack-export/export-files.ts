import { readdir, readFile, stat } from "node:fs/promises";
import { sep } from "node:path";
import type { Readable } from "node:stream";
import { type Entry, openPromise, type ZipFile } from "yauzl";
import { SlackExportError } from "./export-error.ts";

/**
 * Read access to the files of an export, whether an unpacked folder or the .zip Slack hands out.
 * Paths are relative to the folder or archive, with "/" separators on every system.
 */
export interface ExportFiles {
  /** Every file in the export. */
  readonly paths: readonly string[];
  /** Reads one file as UTF-8; rejects with a plain Error naming the problem. */
  readText(path: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Largest JSON file read, in bytes. Slack day files are kilobytes and users.json of a large
 * workspace tens of megabytes, so anything bigger is refused rather than loaded into memory.
 */
export const maxFileBytes = 256 * 1024 * 1024;

/** Opens a folder or a .zip archive; throws SlackExportError when it is neither. */
export async function openExportFiles(path: string): Promise<ExportFiles> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch (error) {
    throw new SlackExportError(
      `Cannot read the export ${path}: ${reasonOf(error)}. Give the path of the export folder or .zip file.`,
      "export_unreadable",
      { cause: error },
    );
  }
  return isFolder ? openFolder(path) : openZip(path);
}

async function openFolder(root: string): Promise<ExportFiles> {
  const entries = await readdir(root, { recursive: true });
  const paths = entries.filter((entry) => entry.endsWith(".json")).map(toSlashes);
  return {
    paths,
    readText: async (path) => {
      const file = `${root}${sep}${path.split("/").join(sep)}`;
      const { size } = await stat(file);
      if (size > maxFileBytes) throw tooLarge(size);
      return readFile(file, "utf8");
    },
    close: async () => {},
  };
}

async function openZip(archive: string): Promise<ExportFiles> {
  let zip: ZipFile;
  try {
    zip = await openPromise(archive, { lazyEntries: true, autoClose: false });
  } catch (error) {
    throw new SlackExportError(
      `Cannot open the export ${archive}: it is neither a folder nor a readable .zip file (${reasonOf(error)}).`,
      "export_unreadable",
      { cause: error },
    );
  }

  const entries = new Map<string, Entry>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (!entry.fileName.endsWith("/")) entries.set(entry.fileName, entry);
    }
  } catch (error) {
    zip.close();
    throw new SlackExportError(
      `Cannot read the export ${archive}: the .zip file is damaged (${reasonOf(error)}).`,
      "export_unreadable",
      { cause: error },
    );
  }

  return {
    paths: [...entries.keys()],
    readText: async (path) => {
      const entry = entries.get(path);
      if (!entry) throw new Error(`no file ${path} in the archive`);
      if (entry.uncompressedSize > maxFileBytes) throw tooLarge(entry.uncompressedSize);
      return readStream(await zip.openReadStreamPromise(entry));
    },
    close: async () => zip.close(),
  };
}

async function readStream(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(bytes: number): Error {
  return new Error(
    `file is ${bytes} bytes, more than the ${maxFileBytes} bytes a Slack JSON file has`,
  );
}

function toSlashes(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
