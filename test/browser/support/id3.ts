// Writes ID3v2.3 tags for tests that need tags no committed fixture has: hostile names, a huge
// picture. The tag goes in front of a fixture's MPEG frames, so the result is a playable MP3.

const utf16 = (text: string): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(2 + text.length * 2 + 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + i * 2] = c & 0xff;
    out[3 + i * 2] = c >> 8;
  }
  return out;
};

function frameHeader(id: string, bodySize: number): Uint8Array<ArrayBuffer> {
  const h = new Uint8Array(10);
  for (let i = 0; i < 4; i++) h[i] = id.charCodeAt(i);
  new DataView(h.buffer).setUint32(4, bodySize);
  return h;
}

/** A v2.3 text frame (TIT2, TPE1, TALB, TRCK…) in UTF-16 with BOM: control characters survive. */
function textFrame(id: string, text: string): Blob {
  const body = utf16(text);
  return new Blob([frameHeader(id, 1 + body.length), new Uint8Array([1]), body]);
}

/** An APIC front cover of `pictureBytes` zero bytes. */
function pictureFrame(pictureBytes: number): Blob {
  const head = new TextEncoder().encode('\0image/jpeg\0\x03\0');
  return new Blob([frameHeader('APIC', head.length + pictureBytes), head, new Uint8Array(pictureBytes)]);
}

/** An ID3v2.3 tag holding `frames`, in that order. */
function id3v23(frames: Blob[]): Blob {
  const size = frames.reduce((s, f) => s + f.size, 0);
  const header = new Uint8Array([0x49, 0x44, 0x33, 3, 0, 0, (size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f]);
  return new Blob([header, ...frames]);
}

/** The MPEG frames of an MP3: its bytes without the ID3v2 tag in front and the ID3v1 tag at the end. */
export function mpegFrames(mp3: Uint8Array): Uint8Array<ArrayBuffer> {
  const id3v2 = mp3[0] === 0x49 && mp3[1] === 0x44 && mp3[2] === 0x33;
  const start = id3v2 ? 10 + ((mp3[6]! << 21) | (mp3[7]! << 14) | (mp3[8]! << 7) | mp3[9]!) : 0;
  const id3v1 = mp3.length >= 128 && String.fromCharCode(...mp3.subarray(mp3.length - 128, mp3.length - 125)) === 'TAG';
  return mp3.slice(start, id3v1 ? mp3.length - 128 : mp3.length);
}

/** An MP3 with the given text frames (and optionally a picture of `pictureBytes`) before `frames`. */
export function taggedMp3(frames: Uint8Array<ArrayBuffer>, text: Record<string, string>, pictureBytes?: number, pictureFirst = false): Blob {
  const texts = Object.entries(text).map(([id, value]) => textFrame(id, value));
  const picture = pictureBytes === undefined ? [] : [pictureFrame(pictureBytes)];
  return new Blob([id3v23(pictureFirst ? [...picture, ...texts] : [...texts, ...picture]), frames]);
}
