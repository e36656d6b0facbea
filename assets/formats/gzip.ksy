meta:
  id: gzip
  title: gzip compressed file
  file-extension: [gz, tgz]
  endian: le
  license: MIT
doc: |
  hexbuf's built-in gzip spec, written from RFC 1952: the 10-byte member
  header, the optional extra field, file name, comment and header CRC that
  its flags announce, the deflate stream, and the CRC-32 and length of the
  uncompressed data. One member is read: in a file of several members the
  later ones are inside `body`, and the trailer is the file's last 8 bytes.
seq:
  - id: magic
    contents: [0x1f, 0x8b]
  - id: compression_method
    type: u1
    enum: compression_method
  - id: flags
    type: flags
  - id: mtime
    type: u4
    doc: Modification time of the original file, in seconds since 1970 (0 if none).
  - id: extra_flags
    type: u1
    doc: For deflate, 2 = slowest (best) compression, 4 = fastest.
  - id: os
    type: u1
    enum: os
  - id: extra
    type: extra_field
    if: flags.has_extra
  - id: name
    type: strz
    encoding: ISO-8859-1
    if: flags.has_name
  - id: comment
    type: strz
    encoding: ISO-8859-1
    if: flags.has_comment
  - id: header_crc16
    type: u2
    doc: The low 16 bits of the CRC-32 of the header bytes before it.
    if: flags.has_header_crc
  - id: body
    size: _io.size - _io.pos - 8
    doc: The compressed data (raw deflate for method 8).
  - id: crc32
    type: u4
    doc: CRC-32 of the uncompressed data.
  - id: len_uncompressed
    type: u4
    doc: Length of the uncompressed data, modulo 2^32.
types:
  flags:
    doc: FLG, read from its high bit down.
    seq:
      - id: reserved
        type: b3
      - id: has_comment
        type: b1
      - id: has_name
        type: b1
      - id: has_extra
        type: b1
      - id: has_header_crc
        type: b1
      - id: is_text
        type: b1
  extra_field:
    seq:
      - id: len_extra
        type: u2
      - id: subfields
        type: subfield_list
        size: len_extra
  subfield_list:
    seq:
      - id: entries
        type: subfield
        repeat: eos
  subfield:
    seq:
      - id: id
        type: str
        size: 2
        encoding: ASCII
      - id: len_data
        type: u2
      - id: data
        size: len_data
enums:
  compression_method:
    8: deflate
  os:
    0: fat
    1: amiga
    2: vms
    3: unix
    4: vm_cms
    5: atari_tos
    6: hpfs
    7: macintosh
    8: z_system
    9: cp_m
    10: tops_20
    11: ntfs
    12: qdos
    13: acorn_riscos
    255: unknown
