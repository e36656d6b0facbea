#!/usr/bin/env python3
"""Writes the test files for hexbuf's built-in format specs into DIR.

    python3 fixtures.py DIR

Every file is generated here -- nothing is downloaded -- with Python's standard
library where it writes the format (zipfile, gzip, wave, zlib) and by hand with
struct where it does not (GIF, BMP, a big-endian 32-bit ELF). Besides the files
it writes DIR/manifest.json: for each file, values that the standard library
(or this generator, which chose them) says the file holds, keyed by the path
of the field in the spec's parse tree. The Rust tests hold the reference
compiler's parse under each spec against these values.
"""

import gzip
import io
import json
import os
import shutil
import struct
import sys
import wave
import zipfile
import zlib

OUT = sys.argv[1]
MANIFEST = {}


def put(name, data, expect=None):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    MANIFEST[name] = expect or {}


def truncated(name, data, keep):
    put(name, data[:keep])


# ---- PNG ---------------------------------------------------------------------
def png_chunk(kind, body):
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def png(width, height, color_type, bit_depth, rows, extra=b"", plte=None):
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    raw = b"".join(b"\x00" + r for r in rows)
    out = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + extra
    if plte is not None:
        out += png_chunk(b"PLTE", plte)
    out += png_chunk(b"IDAT", zlib.compress(raw)) + png_chunk(b"IEND", b"")
    return out


rgb_rows = [bytes(c for x in range(4) for c in ((x * 40) & 255, (y * 60) & 255, 128)) for y in range(3)]
extra = (
    png_chunk(b"gAMA", struct.pack(">I", 45455))
    + png_chunk(b"pHYs", struct.pack(">IIB", 2835, 2835, 1))
    + png_chunk(b"tIME", struct.pack(">HBBBBB", 2024, 2, 29, 13, 5, 59))
    + png_chunk(b"tEXt", b"Title\x00hexbuf test \xe9")
    + png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"squeezed words"))
)
rgb = png(4, 3, 2, 8, rgb_rows, extra)
put("rgb.png", rgb, {
    "chunks[0].body.width": 4, "chunks[0].body.height": 3,
    "chunks[0].body.bit_depth": 8, "chunks[0].body.color_type": 2,
    "chunks[1].body.gamma_int": 45455,
    "chunks[2].body.pixels_per_unit_x": 2835, "chunks[2].body.unit": 1,
    "chunks[3].body.year": 2024, "chunks[3].body.second": 59,
    "chunks[4].body.keyword": "Title", "chunks[4].body.text": "hexbuf test \u00e9",
    "chunks[5].body.keyword": "Comment", "chunks[5].body.text_compressed": b"squeezed words".hex(),
    "chunks[6].kind": "IDAT", "chunks[7].kind": "IEND",
    "chunks[0].crc": zlib.crc32(rgb[12:29]) & 0xFFFFFFFF,
})
pal_rows = [bytes([0x1B]), bytes([0xE4])]  # 2 bits a pixel: 0 1 2 3 / 3 2 1 0
palette = bytes([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255])
put("palette.png", png(4, 2, 3, 2, pal_rows, plte=palette), {
    "chunks[0].body.color_type": 3, "chunks[0].body.bit_depth": 2,
    "chunks[1].kind": "PLTE", "chunks[1].body.entries[2].b": 255,
    "chunks[1].body.entries[3].g": 255,
})
truncated("truncated.png", rgb, 60)
bad = bytearray(rgb)
bad[33:37] = struct.pack(">I", 0x7FFFFFF0)  # the gAMA chunk claims 2 GiB
put("bad_length.png", bytes(bad))

# ---- GIF (hand-built: the standard library does not write GIF) ----------------
def sub_blocks(data):
    out = b""
    for i in range(0, len(data), 255):
        part = data[i:i + 255]
        out += bytes([len(part)]) + part
    return out + b"\x00"


gif = b"GIF89a" + struct.pack("<HHBBB", 2, 2, 0xF1, 0, 0)  # global table of 4
gif += bytes([0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0, 255])
gif += b"\x21\xff" + sub_blocks(b"NETSCAPE2.0")[:-1] + b"\x03\x01\x00\x00\x00"
gif += b"\x21\xfe" + sub_blocks(b"made by hexbuf's tests")
gif += b"\x21\xf9\x04" + bytes([0x09]) + struct.pack("<H", 25) + b"\x02\x00"
gif += b"\x2c" + struct.pack("<HHHHB", 0, 0, 2, 2, 0)
gif += b"\x02" + sub_blocks(bytes([0x84, 0x1D, 0x05]))  # LZW codes: not decoded by the spec
gif += b"\x3b"
put("small.gif", gif, {
    "version": "89a", "logical_screen.screen_width": 2,
    "logical_screen.flags.has_color_table": True,
    "logical_screen.flags.color_table_size_exp": 1,
    "global_color_table.entries[1].red": 255,
    "blocks[0].block_type": 0x21, "blocks[0].body.label": 0xFF,
    "blocks[0].body.body.application_id": "NETSCAPE",
    "blocks[2].body.body.delay_time": 25,
    "blocks[2].body.body.transparent_index": 2,
    "blocks[3].body.width": 2, "blocks[3].body.image_data.lzw_min_code_size": 2,
    "blocks[4].block_type": 0x3B,
})
truncated("truncated.gif", gif, 40)
# a block type GIF does not have: read as a block without a body
put("bad_block.gif", gif[:25] + b"\x99" + gif[25:], {
    "blocks[0].block_type": 0x99, "blocks[1].block_type": 0x21,
    "blocks[5].block_type": 0x3B,
})

# ---- BMP (hand-built) ---------------------------------------------------------
def bmp(dib, palette, pixels):
    ofs = 14 + len(dib) + len(palette)
    total = ofs + len(pixels)
    return b"BM" + struct.pack("<IHHI", total, 0, 0, ofs) + dib + palette + pixels


info24 = struct.pack("<IiiHHIIiiII", 40, 2, 2, 1, 24, 0, 16, 2835, 2835, 0, 0)
px24 = bytes([0, 0, 255, 0, 255, 0, 0, 0]) + bytes([255, 0, 0, 255, 255, 255, 0, 0])
bmp24 = bmp(info24, b"", px24)
put("rgb24.bmp", bmp24, {
    "len_file": len(bmp24), "ofs_bitmap": 54,
    "dib_header.len_header": 40, "dib_header.body.image_width": 2,
    "dib_header.body.bits_per_pixel": 24, "dib_header.body.compression": 0,
})
info8 = struct.pack("<IiiHHIIiiII", 40, 4, -1, 1, 8, 0, 4, 0, 0, 3, 3)
pal8 = bytes([0, 0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 0])
bmp8 = bmp(info8, pal8, bytes([0, 1, 2, 1]))
put("palette8.bmp", bmp8, {
    "dib_header.body.image_height": -1, "dib_header.body.num_colors_used": 3,
    "color_table.entries[2].red": 255, "color_table.entries[1].blue": 255,
})
core = struct.pack("<IHHHH", 12, 3, 1, 1, 1)
bmp_core = bmp(core, bytes([0, 0, 0, 255, 255, 255]), bytes([0x40, 0, 0, 0]))
put("core.bmp", bmp_core, {
    "dib_header.len_header": 12, "dib_header.body.image_width": 3,
    "dib_header.body.bits_per_pixel": 1, "color_table.entries[1].green": 255,
})
v5 = struct.pack("<IiiHHIIiiII", 124, 1, 1, 1, 32, 3, 4, 0, 0, 0, 0)
v5 += struct.pack("<IIIII", 0xFF0000, 0xFF00, 0xFF, 0xFF000000, 0x73524742)
v5 += bytes(36) + struct.pack("<IIIIIII", 0, 0, 0, 4, 0, 0, 0)
bmp_v5 = bmp(v5, b"", bytes([1, 2, 3, 4]))
put("v5.bmp", bmp_v5, {
    "dib_header.len_header": 124, "dib_header.body.compression": 3,
    "dib_header.body.red_mask": 0xFF0000, "dib_header.body.alpha_mask": 0xFF000000,
    "dib_header.body.color_space_type": 0x73524742, "dib_header.body.intent": 4,
})
info16 = struct.pack("<IiiHHIIiiII", 40, 1, 1, 1, 16, 3, 4, 0, 0, 0, 0)
bmp16 = bmp(info16, struct.pack("<III", 0xF800, 0x07E0, 0x001F), bytes([0x1F, 0xF8, 0, 0]))
put("rgb565.bmp", bmp16, {
    "dib_header.body.compression": 3, "extra_masks.red_mask": 0xF800,
    "extra_masks.blue_mask": 0x1F,
})
truncated("truncated.bmp", bmp24, 30)

# ---- WAV (the wave module, plus hand-added chunks) -----------------------------
buf = io.BytesIO()
with wave.open(buf, "wb") as w:
    w.setnchannels(2)
    w.setsampwidth(2)
    w.setframerate(22050)
    w.writeframes(struct.pack("<8h", 0, 0, 1000, -1000, 2000, -2000, 0, 0))
pcm16 = buf.getvalue()
with wave.open(io.BytesIO(pcm16)) as r:
    params = r.getparams()
put("pcm16.wav", pcm16, {
    "chunks[0].id": "fmt ", "chunks[0].body.format_tag": 1,
    "chunks[0].body.num_channels": params.nchannels,
    "chunks[0].body.sample_rate": params.framerate,
    "chunks[0].body.bits_per_sample": params.sampwidth * 8,
    "chunks[0].body.block_align": params.nchannels * params.sampwidth,
    "chunks[1].id": "data", "chunks[1].len_body": params.nframes * 4,
})
buf = io.BytesIO()
with wave.open(buf, "wb") as w:
    w.setnchannels(1)
    w.setsampwidth(1)
    w.setframerate(8000)
    w.writeframes(bytes([128, 200, 50]))
odd = buf.getvalue() + b"\x00"  # RIFF pads a chunk of odd length to even
info = b"INFO" + b"ISFT" + struct.pack("<I", 7) + b"hexbuf\x00\x00"
odd += b"LIST" + struct.pack("<I", len(info)) + info
odd = odd[:4] + struct.pack("<I", len(odd) - 8) + odd[8:]
put("odd_list.wav", odd, {
    "chunks[0].body.bits_per_sample": 8, "chunks[1].len_body": 3,
    "chunks[2].id": "LIST", "chunks[2].body.list_type": "INFO",
    "chunks[2].body.items[0].id": "ISFT", "chunks[2].body.items[0].body": "hexbuf",
})
guid_float = bytes.fromhex("0300000000001000800000aa00389b71")
fmt_ext = struct.pack("<HHIIHHHHI", 0xFFFE, 1, 48000, 192000, 4, 32, 22, 32, 4) + guid_float
data = struct.pack("<2f", 0.5, -0.25)
ext = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt_ext)) + fmt_ext
ext += b"data" + struct.pack("<I", len(data)) + data
put("extensible.wav", b"RIFF" + struct.pack("<I", len(ext)) + ext, {
    "chunks[0].body.format_tag": 0xFFFE, "chunks[0].body.len_extra": 22,
    "chunks[0].body.valid_bits_per_sample": 32, "chunks[0].body.channel_mask": 4,
    "chunks[0].body.subformat": guid_float.hex(),
})
truncated("truncated.wav", pcm16, 30)

# ---- ZIP (zipfile) --------------------------------------------------------------
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    z.comment = b"hexbuf test archive"
    z.writestr(zipfile.ZipInfo("hello.txt", (2020, 5, 17, 10, 30, 42)), b"hello, world\n" * 3)
    z.writestr(zipfile.ZipInfo("docs/"), b"")
    zi = zipfile.ZipInfo("docs/deflated.bin", (1999, 12, 31, 23, 59, 58))
    zi.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(zi, bytes(range(256)) * 8)
arch = buf.getvalue()
infos = zipfile.ZipFile(io.BytesIO(arch)).infolist()
expect = {"first_file.file_name": infos[0].filename,
          "first_file.len_compressed": infos[0].compress_size,
          "first_file.crc32": infos[0].CRC,
          "first_file.mod_time.hour": 10, "first_file.mod_time.second_div_2": 21,
          "first_file.mod_date.year_minus_1980": 40, "first_file.mod_date.day": 17}
for i, zi in enumerate(infos[1:]):
    expect["sections[%d].section_type" % i] = 0x0403
    expect["sections[%d].body.file_name" % i] = zi.filename
    expect["sections[%d].body.compression_method" % i] = zi.compress_type
    expect["sections[%d].body.len_uncompressed" % i] = zi.file_size
for i, zi in enumerate(infos):
    k = len(infos) - 1 + i
    expect["sections[%d].section_type" % k] = 0x0201
    expect["sections[%d].body.file_name" % k] = zi.filename
    expect["sections[%d].body.ofs_local_header" % k] = zi.header_offset
    expect["sections[%d].body.crc32" % k] = zi.CRC
    expect["sections[%d].body.external_attributes" % k] = zi.external_attr
last = 2 * len(infos) - 1
expect["sections[%d].section_type" % last] = 0x0605
expect["sections[%d].body.num_entries_total" % last] = len(infos)
expect["sections[%d].body.comment" % last] = "hexbuf test archive"
put("three.zip", arch, expect)
truncated("truncated.zip", arch, 60)
bad = bytearray(arch)
bad[infos[1].header_offset + 2:infos[1].header_offset + 4] = b"\x09\x09"  # no such record
put("bad_record.zip", bytes(bad))

# ---- gzip (the gzip module, and a header with every optional field) ------------
gz = gzip.compress(b"hexbuf " * 100, mtime=1700000000)
buf = io.BytesIO()
with gzip.GzipFile(filename="notes.txt", mode="wb", fileobj=buf, mtime=1234567890) as g:
    g.write(b"some notes\n")
named = buf.getvalue()
put("plain.gz", gz, {
    "compression_method": 8, "mtime": 1700000000, "flags.has_name": False,
    "crc32": zlib.crc32(b"hexbuf " * 100), "len_uncompressed": 700,
})
put("named.gz", named, {
    "flags.has_name": True, "name": "notes.txt", "mtime": 1234567890,
    "len_uncompressed": 11,
})
payload = b"every flag\n"
c = zlib.compressobj(9, zlib.DEFLATED, -15)
deflated = c.compress(payload) + c.flush()
extra_field = b"AP" + struct.pack("<H", 4) + b"\x01\x02\x03\x04"
head = b"\x1f\x8b\x08" + bytes([0x1F]) + struct.pack("<I", 0) + b"\x02\x03"
head += struct.pack("<H", len(extra_field)) + extra_field
head += b"caf\xe9.txt\x00" + b"a comment\x00"
head += struct.pack("<H", zlib.crc32(head) & 0xFFFF)
full = head + deflated + struct.pack("<II", zlib.crc32(payload), len(payload))
assert gzip.decompress(full) == payload
put("all_flags.gz", full, {
    "flags.is_text": True, "flags.has_header_crc": True, "flags.has_extra": True,
    "flags.has_comment": True, "extra_flags": 2, "os": 3,
    "extra.subfields.entries[0].id": "AP",
    "extra.subfields.entries[0].data": "01020304",
    "name": "caf\u00e9.txt", "comment": "a comment",
    "header_crc16": zlib.crc32(head[:-2]) & 0xFFFF, "len_uncompressed": len(payload),
})
truncated("truncated.gz", named, 15)

# ---- ELF: a real one from the machine, and a big-endian 32-bit one by hand -----
true_path = shutil.which("true") or "/usr/bin/true"
with open(os.path.realpath(true_path), "rb") as f:
    elf64 = f.read()
put("true.elf", elf64)
shstrtab = b"\x00.text\x00.shstrtab\x00"
text = b"\x4e\x80\x00\x20" * 4  # PowerPC blr
ehsize, phsize, shsize = 52, 32, 40
ofs_text = ehsize + phsize
ofs_str = ofs_text + len(text)
ofs_sh = ofs_str + len(shstrtab)
ofs_sh += (-ofs_sh) % 4
elf32 = b"\x7fELF" + bytes([1, 2, 1, 0, 0]) + bytes(7)
elf32 += struct.pack(">HHIIIIIHHHHHH", 2, 20, 1, 0x10000054, ehsize, ofs_sh, 0,
                     ehsize, phsize, 1, shsize, 3, 2)
elf32 += struct.pack(">IIIIIIII", 1, 0, 0x10000000, 0x10000000,
                     ofs_str, ofs_str, 5, 0x10000)
elf32 += text + shstrtab
elf32 += bytes(ofs_sh - len(elf32))
elf32 += bytes(shsize)
elf32 += struct.pack(">IIIIIIIIII", 1, 1, 6, 0x10000054, ofs_text, len(text), 0, 0, 4, 0)
elf32 += struct.pack(">IIIIIIIIII", 7, 3, 0, 0, ofs_str, len(shstrtab), 0, 0, 1, 0)
put("ppc32be.elf", elf32, {
    "bits": 1, "endian": 2, "header.machine": 20, "header.entry_point": 0x10000054,
    "header.ofs_section_headers": ofs_sh, "header.num_section_headers": 3,
    "header.section_names_idx": 2,
})
truncated("truncated.elf", elf64, 40)
put("bad_class.elf", elf32[:4] + b"\x03" + elf32[5:])  # neither 32- nor 64-bit

with open(os.path.join(OUT, "manifest.json"), "w") as f:
    json.dump(MANIFEST, f, indent=1)
