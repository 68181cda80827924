// Writes fresh tags into the committed fixture files, so that every file of the bench library
// carries its own artist, album, title and track. Each writer takes the fixture's bytes and
// returns a new file in the format's native tag layout (ID3v2.4, ID3v1, Vorbis comments in FLAC
// and Ogg, MP4 ilst, ID3 chunks in WAV and AIFF). WMA keeps the fixture's tags (see README).

export interface BenchTags {
  title: string;
  artist: string;
  albumartist?: string;
  album: string;
  track: number;
  tracktotal?: number;
  disc?: number;
  disctotal?: number;
  year: number;
  genre: string;
  compilation?: boolean;
}

const utf8 = new TextEncoder();
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const u32be = (n: number) => new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const u32le = (n: number) => new Uint8Array([n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255]);
const syncsafe = (n: number) => new Uint8Array([(n >> 21) & 127, (n >> 14) & 127, (n >> 7) & 127, n & 127]);
const readBe = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const readLe = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
const fourcc = (b: Uint8Array, at: number) => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);

const pair = (n: number, total?: number) => (total ? `${n}/${total}` : String(n));

// ---- ID3v2.4 ---------------------------------------------------------------------------------

function id3v24(t: BenchTags): Uint8Array {
  const frames: [string, string][] = [
    ['TIT2', t.title],
    ['TPE1', t.artist],
    ['TALB', t.album],
    ['TRCK', pair(t.track, t.tracktotal)],
    ['TDRC', String(t.year)],
    ['TCON', t.genre],
  ];
  if (t.albumartist) frames.push(['TPE2', t.albumartist]);
  if (t.disc) frames.push(['TPOS', pair(t.disc, t.disctotal)]);
  if (t.compilation) frames.push(['TCMP', '1']);
  const body = concat(
    frames.map(([id, text]) => {
      const value = concat([new Uint8Array([3]), utf8.encode(text)]);
      return concat([latin1(id), syncsafe(value.length), new Uint8Array(2), value]);
    }),
  );
  // A little padding, as taggers leave, so a real tag is not the exact size of its frames.
  const padded = concat([body, new Uint8Array(64)]);
  return concat([latin1('ID3'), new Uint8Array([4, 0, 0]), syncsafe(padded.length), padded]);
}

/** MP3 with a fresh ID3v2.4 tag in front of the fixture's audio frames. */
export function mp3WithId3v24(fixture: Uint8Array, t: BenchTags): Uint8Array {
  return concat([id3v24(t), stripId3v2(fixture)]);
}

function stripId3v2(b: Uint8Array): Uint8Array {
  if (fourcc(b, 0).slice(0, 3) !== 'ID3') return b;
  const size = ((b[6]! & 127) << 21) | ((b[7]! & 127) << 14) | ((b[8]! & 127) << 7) | (b[9]! & 127);
  const footer = b[5]! & 0x10 ? 10 : 0;
  return b.subarray(10 + size + footer);
}

/** MP3 tagged only with ID3v1 at the end (old rips): the reader needs a tail read for these. */
export function mp3WithId3v1(fixture: Uint8Array, t: BenchTags): Uint8Array {
  const audio = fourcc(fixture, fixture.length - 128).startsWith('TAG') ? fixture.subarray(0, fixture.length - 128) : fixture;
  const tag = new Uint8Array(128);
  const field = (s: string, at: number, len: number) => tag.set(latin1(s.normalize('NFC')).subarray(0, len), at);
  field('TAG', 0, 3);
  field(t.title, 3, 30);
  field(t.artist, 33, 30);
  field(t.album, 63, 30);
  field(String(t.year), 93, 4);
  tag[125] = 0;
  tag[126] = t.track & 255;
  tag[127] = 17; // Rock
  return concat([audio, tag]);
}

// ---- Vorbis comments (FLAC, Ogg Vorbis, Opus) ------------------------------------------------

function vorbisFields(t: BenchTags): string[] {
  const f = [`TITLE=${t.title}`, `ARTIST=${t.artist}`, `ALBUM=${t.album}`, `TRACKNUMBER=${t.track}`, `DATE=${t.year}`, `GENRE=${t.genre}`];
  if (t.tracktotal) f.push(`TRACKTOTAL=${t.tracktotal}`);
  if (t.albumartist) f.push(`ALBUMARTIST=${t.albumartist}`);
  if (t.disc) f.push(`DISCNUMBER=${t.disc}`);
  if (t.disctotal) f.push(`DISCTOTAL=${t.disctotal}`);
  if (t.compilation) f.push('COMPILATION=1');
  return f;
}

function vorbisComment(t: BenchTags): Uint8Array {
  const vendor = utf8.encode('music-organizer bench');
  const fields = vorbisFields(t).map((s) => utf8.encode(s));
  return concat([u32le(vendor.length), vendor, u32le(fields.length), ...fields.flatMap((f) => [u32le(f.length), f])]);
}

/** FLAC: the VORBIS_COMMENT block is replaced, every other metadata block and the frames kept. */
export function flacWithTags(fixture: Uint8Array, t: BenchTags): Uint8Array {
  if (fourcc(fixture, 0) !== 'fLaC') throw new Error('not a FLAC fixture');
  const blocks: { type: number; body: Uint8Array }[] = [];
  let at = 4;
  for (;;) {
    const header = fixture[at]!;
    const len = (fixture[at + 1]! << 16) | (fixture[at + 2]! << 8) | fixture[at + 3]!;
    const type = header & 0x7f;
    if (type !== 4) blocks.push({ type, body: fixture.subarray(at + 4, at + 4 + len) });
    at += 4 + len;
    if (header & 0x80) break;
  }
  blocks.splice(1, 0, { type: 4, body: vorbisComment(t) });
  const encoded = blocks.map((b, i) => {
    const last = i === blocks.length - 1 ? 0x80 : 0;
    const len = b.body.length;
    return concat([new Uint8Array([last | b.type, (len >> 16) & 255, (len >> 8) & 255, len & 255]), b.body]);
  });
  return concat([latin1('fLaC'), ...encoded, fixture.subarray(at)]);
}

// Ogg pages carry a CRC and a sequence number, so new header packets mean re-paging the headers
// and renumbering every audio page after them.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

function oggCrc(page: Uint8Array): number {
  let crc = 0;
  for (const byte of page) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 255]!) >>> 0;
  return crc;
}

interface OggPage {
  headerType: number;
  granule: Uint8Array;
  serial: Uint8Array;
  segments: number[];
  body: Uint8Array;
}

function parseOggPages(b: Uint8Array): OggPage[] {
  const pages: OggPage[] = [];
  let at = 0;
  while (at + 27 <= b.length && fourcc(b, at) === 'OggS') {
    const n = b[at + 26]!;
    const segments = [...b.subarray(at + 27, at + 27 + n)];
    const len = segments.reduce((a, c) => a + c, 0);
    const bodyAt = at + 27 + n;
    pages.push({ headerType: b[at + 5]!, granule: b.subarray(at + 6, at + 14), serial: b.subarray(at + 14, at + 18), segments, body: b.subarray(bodyAt, bodyAt + len) });
    at = bodyAt + len;
  }
  return pages;
}

function encodeOggPage(p: OggPage, sequence: number): Uint8Array {
  const page = concat([latin1('OggS'), new Uint8Array([0, p.headerType]), p.granule, p.serial, u32le(sequence), new Uint8Array(4), new Uint8Array([p.segments.length]), Uint8Array.from(p.segments), p.body]);
  page.set(u32le(oggCrc(page)), 22);
  return page;
}

/** Splits packets into header pages (each packet on pages of its own, as the spec allows). */
function pagesForPackets(packets: Uint8Array[], serial: Uint8Array, firstIsBos: boolean): OggPage[] {
  const pages: OggPage[] = [];
  packets.forEach((packet, pi) => {
    const lacing: number[] = [];
    for (let left = packet.length; ; left -= 255) {
      lacing.push(Math.min(255, left));
      if (left < 255) break;
    }
    let offset = 0;
    for (let s = 0; s < lacing.length; s += 255) {
      const segments = lacing.slice(s, s + 255);
      const len = segments.reduce((a, c) => a + c, 0);
      const ends = s + 255 >= lacing.length;
      pages.push({
        headerType: (s > 0 ? 1 : 0) | (pi === 0 && s === 0 && firstIsBos ? 2 : 0),
        granule: ends ? new Uint8Array(8) : new Uint8Array(8).fill(255),
        serial,
        segments,
        body: packet.subarray(offset, offset + len),
      });
      offset += len;
    }
  });
  return pages;
}

function oggWithComment(fixture: Uint8Array, headerPackets: number, comment: Uint8Array): Uint8Array {
  const pages = parseOggPages(fixture);
  const packets: Uint8Array[] = [];
  let current: Uint8Array[] = [];
  let pageIndex = 0;
  while (packets.length < headerPackets) {
    const page = pages[pageIndex++];
    if (!page) throw new Error('Ogg fixture ends inside its headers');
    let offset = 0;
    for (const seg of page.segments) {
      current.push(page.body.subarray(offset, offset + seg));
      offset += seg;
      if (seg < 255) {
        packets.push(concat(current));
        current = [];
      }
    }
  }
  packets[1] = comment;
  const serial = pages[0]!.serial;
  const header = pagesForPackets(packets, serial, true);
  const rest = pages.slice(pageIndex);
  return concat([...header, ...rest].map((p, i) => encodeOggPage(p, i)));
}

export function oggVorbisWithTags(fixture: Uint8Array, t: BenchTags): Uint8Array {
  const packet = concat([new Uint8Array([3]), latin1('vorbis'), vorbisComment(t), new Uint8Array([1])]);
  return oggWithComment(fixture, 3, packet);
}

export function opusWithTags(fixture: Uint8Array, t: BenchTags): Uint8Array {
  return oggWithComment(fixture, 2, concat([latin1('OpusTags'), vorbisComment(t)]));
}

// ---- MP4 (moov after mdat, so chunk offsets stay valid whatever the moov's size) ---------------

function box(type: string, ...children: Uint8Array[]): Uint8Array {
  const body = concat(children);
  return concat([u32be(8 + body.length), latin1(type), body]);
}

function dataBox(type: number, value: Uint8Array): Uint8Array {
  return box('data', u32be(type), new Uint8Array(4), value);
}

function ilst(t: BenchTags): Uint8Array {
  const text = (name: string, value: string) => box(name, dataBox(1, utf8.encode(value)));
  const items = [
    text('\u00a9nam', t.title),
    text('\u00a9ART', t.artist),
    text('\u00a9alb', t.album),
    text('\u00a9day', String(t.year)),
    text('\u00a9gen', t.genre),
    box('trkn', dataBox(0, new Uint8Array([0, 0, t.track >> 8, t.track & 255, (t.tracktotal ?? 0) >> 8, (t.tracktotal ?? 0) & 255, 0, 0]))),
  ];
  if (t.albumartist) items.push(text('aART', t.albumartist));
  if (t.disc) items.push(box('disk', dataBox(0, new Uint8Array([0, 0, 0, t.disc, 0, t.disctotal ?? 0]))));
  if (t.compilation) items.push(box('cpil', dataBox(21, new Uint8Array([1]))));
  return box('ilst', ...items);
}

interface Box {
  type: string;
  start: number;
  end: number;
}

function children(b: Uint8Array, start: number, end: number): Box[] {
  const out: Box[] = [];
  for (let at = start; at + 8 <= end; ) {
    const size = readBe(b, at);
    if (size < 8) break;
    out.push({ type: fourcc(b, at + 4), start: at, end: at + size });
    at += size;
  }
  return out;
}

/** Rebuilds a container box with one child replaced (or appended when absent). */
function rebuild(b: Uint8Array, parent: Box, headerBytes: number, childType: string, replacement: (child: Box | undefined) => Uint8Array): Uint8Array {
  const kids = children(b, parent.start + headerBytes, parent.end);
  const parts = kids.filter((k) => k.type !== childType).map((k) => b.subarray(k.start, k.end));
  parts.push(replacement(kids.find((k) => k.type === childType)));
  const body = concat([b.subarray(parent.start + 8, parent.start + headerBytes), ...parts]);
  return concat([u32be(8 + body.length), latin1(parent.type), body]);
}

export function m4aWithTags(fixture: Uint8Array, t: BenchTags): Uint8Array {
  const top = children(fixture, 0, fixture.length);
  const moov = top.find((x) => x.type === 'moov');
  if (!moov || top.at(-1) !== moov) throw new Error('m4a fixture must keep its moov last');
  const hdlr = box('hdlr', new Uint8Array(8), latin1('mdirappl'), new Uint8Array(9));
  const newMoov = rebuild(fixture, moov, 8, 'udta', (udta) => {
    if (!udta) return box('udta', box('meta', new Uint8Array(4), hdlr, ilst(t)));
    return rebuild(fixture, udta, 8, 'meta', (meta) => {
      if (!meta) return box('meta', new Uint8Array(4), hdlr, ilst(t));
      return rebuild(fixture, meta, 12, 'ilst', () => ilst(t));
    });
  });
  return concat([fixture.subarray(0, moov.start), newMoov]);
}

// ---- WAV and AIFF: an ID3 chunk ----------------------------------------------------------------

function riffLike(fixture: Uint8Array, t: BenchTags, littleEndian: boolean, id3Id: string, drop: Set<string>): Uint8Array {
  const sizeOf = littleEndian ? readLe : readBe;
  const enc = littleEndian ? u32le : u32be;
  const parts: Uint8Array[] = [];
  for (let at = 12; at + 8 <= fixture.length; ) {
    const id = fourcc(fixture, at);
    const size = sizeOf(fixture, at + 4);
    const next = at + 8 + size + (size & 1);
    if (!drop.has(id)) parts.push(fixture.subarray(at, Math.min(next, fixture.length)));
    at = next;
  }
  const tag = id3v24(t);
  parts.push(concat([latin1(id3Id), enc(tag.length), tag, tag.length & 1 ? new Uint8Array(1) : new Uint8Array(0)]));
  const body = concat(parts);
  return concat([fixture.subarray(0, 4), enc(4 + body.length), fixture.subarray(8, 12), body]);
}

export function wavWithTags(fixture: Uint8Array, t: BenchTags): Uint8Array {
  return riffLike(fixture, t, true, 'id3 ', new Set(['id3 ', 'ID3 ', 'LIST']));
}

export function aiffWithTags(fixture: Uint8Array, t: BenchTags): Uint8Array {
  return riffLike(fixture, t, false, 'ID3 ', new Set(['ID3 ', 'id3 ', 'NAME', 'AUTH', 'ANNO', '(c) ']));
}
