meta:
  id: bmp
  title: BMP (Windows bitmap) image
  file-extension: [bmp, dib]
  endian: le
  license: MIT
doc: |
  hexbuf's built-in BMP spec, written from Microsoft's documentation of the
  bitmap file format: the 14-byte file header (magic to ofs_bitmap), a DIB header whose first
  field is its own length (12 for the OS/2 core header; 40, 52, 56, 108 or
  124 for the info header and its V2 to V5 extensions), an optional colour
  table, and the pixel array at ofs_bitmap. A 40-byte header with bitfields
  compression is followed by the red, green and blue masks.
seq:
  - id: magic
    contents: BM
  - id: len_file
    type: u4
  - id: reserved1
    type: u2
  - id: reserved2
    type: u2
  - id: ofs_bitmap
    type: u4
    doc: Where the pixel array starts.
  - id: dib_header
    type: dib_header
  - id: extra_masks
    type: extra_masks
    if: dib_header.has_extra_masks
  - id: color_table
    type: color_table(dib_header.is_core, dib_header.num_colors)
    size: 'dib_header.is_core ? dib_header.num_colors * 3 : dib_header.num_colors * 4'
    if: dib_header.num_colors > 0
instances:
  bitmap:
    pos: ofs_bitmap
    size-eos: true
    doc: The pixel array, rows bottom-up unless the height is negative.
types:
  dib_header:
    seq:
      - id: len_header
        type: u4
      - id: body
        size: len_header - 4
        type:
          switch-on: len_header
          cases:
            12: core_header
            40: info_header
            52: info_header
            56: info_header
            108: info_header
            124: info_header
    instances:
      is_core:
        value: len_header == 12
      has_extra_masks:
        value: >-
          len_header == 40 and
          (body.as<info_header>.compression == compression::bitfields or
          body.as<info_header>.compression == compression::alpha_bitfields)
      bits_per_pixel:
        value: 'is_core ? body.as<core_header>.bits_per_pixel : body.as<info_header>.bits_per_pixel'
      num_colors:
        value: >-
          bits_per_pixel > 8 ? (is_core ? 0 : body.as<info_header>.num_colors_used) :
          (is_core or body.as<info_header>.num_colors_used == 0 ? 1 << bits_per_pixel :
          body.as<info_header>.num_colors_used)
        doc: Entries in the colour table.
  extra_masks:
    seq:
      - id: red_mask
        type: u4
      - id: green_mask
        type: u4
      - id: blue_mask
        type: u4
  core_header:
    doc: BITMAPCOREHEADER (OS/2 1.x).
    seq:
      - id: image_width
        type: u2
      - id: image_height
        type: u2
      - id: num_planes
        type: u2
      - id: bits_per_pixel
        type: u2
  info_header:
    doc: BITMAPINFOHEADER and, by its length, the V2 to V5 fields after it.
    seq:
      - id: image_width
        type: s4
      - id: image_height
        type: s4
        doc: Negative for a top-down bitmap.
      - id: num_planes
        type: u2
      - id: bits_per_pixel
        type: u2
      - id: compression
        type: u4
        enum: compression
      - id: len_image
        type: u4
      - id: x_pixels_per_meter
        type: s4
      - id: y_pixels_per_meter
        type: s4
      - id: num_colors_used
        type: u4
      - id: num_colors_important
        type: u4
      - id: red_mask
        type: u4
        if: not _io.eof
      - id: green_mask
        type: u4
        if: not _io.eof
      - id: blue_mask
        type: u4
        if: not _io.eof
      - id: alpha_mask
        type: u4
        if: not _io.eof
      - id: color_space_type
        type: u4
        enum: color_space
        if: not _io.eof
      - id: endpoints
        size: 36
        doc: CIEXYZTRIPLE of the red, green and blue endpoints.
        if: not _io.eof
      - id: gamma_red
        type: u4
        if: not _io.eof
      - id: gamma_green
        type: u4
        if: not _io.eof
      - id: gamma_blue
        type: u4
        if: not _io.eof
      - id: intent
        type: u4
        enum: intent
        if: not _io.eof
      - id: ofs_profile
        type: u4
        doc: From the start of this header.
        if: not _io.eof
      - id: len_profile
        type: u4
        if: not _io.eof
      - id: reserved
        type: u4
        if: not _io.eof
  color_table:
    params:
      - id: is_core
        type: bool
      - id: num_colors
        type: u4
    seq:
      - id: entries
        type:
          switch-on: is_core
          cases:
            true: rgb_triple
            false: rgb_quad
        repeat: expr
        repeat-expr: num_colors
  rgb_triple:
    seq:
      - id: blue
        type: u1
      - id: green
        type: u1
      - id: red
        type: u1
  rgb_quad:
    seq:
      - id: blue
        type: u1
      - id: green
        type: u1
      - id: red
        type: u1
      - id: reserved
        type: u1
enums:
  compression:
    0: rgb
    1: rle8
    2: rle4
    3: bitfields
    4: jpeg
    5: png
    6: alpha_bitfields
    11: cmyk
    12: cmyk_rle8
    13: cmyk_rle4
  color_space:
    0: calibrated_rgb
    0x73524742: srgb
    0x57696e20: windows
    0x4c494e4b: profile_linked
    0x4d424544: profile_embedded
  intent:
    1: business
    2: graphics
    4: images
    8: abs_colorimetric
