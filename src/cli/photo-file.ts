import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ValidationError } from '../shared/errors.js';

/** An image file named on the command line, read whole (photos are at most 10 MB), with its file name. */
export async function readPhotoFile(path: string): Promise<{ bytes: Uint8Array; filename: string }> {
  const file = path.trim();
  try {
    return { bytes: await readFile(file), filename: basename(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ValidationError(
      code === 'ENOENT' ? `There is no file "${file}".` : `"${file}" cannot be read (${code ?? 'error'}).`,
    );
  }
}
