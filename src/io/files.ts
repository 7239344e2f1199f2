// Files the user names: outputs are checked before any work starts, written through a temp file and
// a rename (a crash never leaves half a file), and never land on top of an input.
import { closeSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, accessSync, constants } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.ts';

/** The real path of a file that may not exist yet: its folder resolved through symlinks, plus its name. */
function realTarget(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return join(realpathSync(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

/** True when two paths name the same file (through `./`, `..` or symlinks). */
export function samePath(a: string, b: string): boolean {
  return realTarget(a) === realTarget(b);
}

/**
 * Check, before any work, that `path` can be written as a new or replaced file. `what` names it for the
 * user (a flag such as "--out"); `inputs` are files this run reads and must never overwrite.
 */
export function checkOutputPath(path: string, what: string, inputs: string[] = []): void {
  if (!path || !path.trim()) throw new UserError(`${what}: the file name is empty`);
  for (const input of inputs) {
    if (samePath(path, input)) throw new UserError(`${what} ${path}: is the input file ${input}; refusing to overwrite it`);
  }
  const dir = dirname(resolve(path));
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch {
    throw new UserError(`${what} ${path}: folder ${dir} does not exist`);
  }
  if (!dirStat.isDirectory()) throw new UserError(`${what} ${path}: ${dir} is not a folder`);
  try {
    if (statSync(path).isDirectory()) throw new UserError(`${what} ${path}: is a folder, not a file`);
  } catch (e) {
    if (e instanceof UserError) throw e;
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UserError(`${what} ${path}: no permission to write in ${dir}`);
  }
}

/**
 * Read an input file the user named; `what` names it ("seed file", "--tokenizer"). A missing file, a
 * folder and a file that cannot be read each get their own line.
 */
export function readInput(path: string, what: string): Uint8Array {
  if (!path || !path.trim()) throw new UserError(`${what}: the file name is empty`);
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError(`${what} ${path}: no such file`);
    if (code === 'EISDIR') throw new UserError(`${what} ${path}: is a folder, not a file`);
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`${what} ${path}: no permission to read it`);
    throw new UserError(`${what} ${path}: cannot read it (${code ?? (e as Error).message})`);
  }
}

/** All of standard input (for a `-` file argument). */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return new Uint8Array(Buffer.concat(chunks));
}

/** Write `data` to `path` atomically: a temp file beside it, flushed, then renamed over it. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw e;
  }
}

/** The same, off the calling thread's event loop (the timing thread must not wait on a disk flush). */
export async function writeFileAtomicAsync(path: string, data: string | Uint8Array): Promise<void> {
  const { open, rename, unlink } = await import('node:fs/promises');
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const file = await open(tmp, 'w');
  try {
    await file.writeFile(data);
    await file.sync();
    await file.close();
    await rename(tmp, path);
  } catch (e) {
    await file.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw e;
  }
}
