// A verified copy: the source streams into a new file while its checksum is computed, then the
// written copy is read back and must match in size and checksum. Chromium writes through a
// temporary `.crswap` file that replaces the target only on close(), so an interrupted copy never
// leaves a half-written file under the real name.
import { Crc32 } from '../core/crc32.ts';

export class CopyVerificationError extends Error {
  override name = 'CopyVerificationError';
}

export interface CopyResult {
  size: number;
  checksum: string;
}

export async function copyVerified(source: File, target: FileSystemFileHandle): Promise<CopyResult> {
  const sourceSum = new Crc32();
  const writable = await target.createWritable();
  try {
    await source
      .stream()
      .pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            sourceSum.update(chunk);
            controller.enqueue(chunk);
          },
        }),
      )
      .pipeTo(writable);
  } catch (e) {
    await writable.abort().catch(() => {});
    throw e;
  }
  const written = await target.getFile();
  const checksum = await checksumOf(written);
  if (written.size !== source.size || checksum !== sourceSum.digest()) {
    throw new CopyVerificationError(`The copy of "${source.name}" does not match the original (size or checksum differs).`);
  }
  return { size: written.size, checksum };
}

export async function checksumOf(file: Blob): Promise<string> {
  const sum = new Crc32();
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return sum.digest();
    sum.update(value);
  }
}
