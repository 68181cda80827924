// Where a reader's bytes come from. Usually a File, but in the scan the head of each file is
// read on the main thread (where the walk's handles already are) and only the bytes travel to
// a parse worker; a parser that wants more than the head asks back through `read`.
export interface ByteSource {
  readonly size: number;
  /** MIME type if the platform knows one, else ''. */
  readonly type: string;
  /** Bytes [start, end), fewer if the file ended sooner. */
  read(start: number, end: number): Promise<Uint8Array>;
}

export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    type: blob.type,
    read: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
  };
}

/** `front` in memory, followed by `rest` from `restStart` on: a file with part of it cut out. */
export function splicedSource(front: Uint8Array, rest: ByteSource, restStart: number): ByteSource {
  const size = front.length + Math.max(0, rest.size - restStart);
  return {
    size,
    type: rest.type,
    async read(start, end) {
      end = Math.min(end, size);
      if (start >= end) return new Uint8Array(0);
      if (end <= front.length) return front.slice(start, end);
      const tail = await rest.read(restStart + Math.max(0, start - front.length), restStart + (end - front.length));
      if (start >= front.length) return tail;
      const out = new Uint8Array(front.length - start + tail.length);
      out.set(front.subarray(start));
      out.set(tail, front.length - start);
      return out;
    },
  };
}
