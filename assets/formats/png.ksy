meta:
  id: png
  title: PNG (Portable Network Graphics) image
  file-extension: png
  endian: be
  license: MIT
doc: |
  hexbuf's built-in PNG spec, written from the PNG specification (W3C, 3rd
  edition): an 8-byte signature, then chunks of length, four-letter type,
  data and CRC-32 until IEND. The chunks whose data hexbuf lays out are
  IHDR, PLTE, tEXt, zTXt, iTXt, gAMA, pHYs, tIME, bKGD and sRGB; the data of
  the others (IDAT included) is shown as bytes.
seq:
  - id: signature
    contents: [0x89, "PNG", 0x0d, 0x0a, 0x1a, 0x0a]
  - id: chunks
    type: chunk
    repeat: until
    repeat-until: _.kind == "IEND" or _io.eof
types:
  chunk:
    seq:
      - id: len_body
        type: u4
      - id: kind
        type: str
        size: 4
        encoding: ASCII
      - id: body
        size: len_body
        type:
          switch-on: kind
          cases:
            '"IHDR"': header_body
            '"PLTE"': palette_body
            '"tEXt"': text_body
            '"zTXt"': compressed_text_body
            '"iTXt"': international_text_body
            '"gAMA"': gamma_body
            '"pHYs"': physical_size_body
            '"tIME"': time_body
            '"sRGB"': srgb_body
      - id: crc
        type: u4
        doc: CRC-32 of the chunk's type and data.
  header_body:
    seq:
      - id: width
        type: u4
      - id: height
        type: u4
      - id: bit_depth
        type: u1
      - id: color_type
        type: u1
        enum: color_type
      - id: compression_method
        type: u1
      - id: filter_method
        type: u1
      - id: interlace_method
        type: u1
        enum: interlace
  palette_body:
    seq:
      - id: entries
        type: rgb
        repeat: eos
  rgb:
    seq:
      - id: r
        type: u1
      - id: g
        type: u1
      - id: b
        type: u1
  text_body:
    seq:
      - id: keyword
        type: strz
        encoding: ISO-8859-1
      - id: text
        type: str
        size-eos: true
        encoding: ISO-8859-1
  compressed_text_body:
    seq:
      - id: keyword
        type: strz
        encoding: ISO-8859-1
      - id: compression_method
        type: u1
      - id: text_compressed
        size-eos: true
        process: zlib
        doc: Latin-1 text, deflated (compression method 0).
  international_text_body:
    seq:
      - id: keyword
        type: strz
        encoding: ISO-8859-1
      - id: is_compressed
        type: u1
      - id: compression_method
        type: u1
      - id: language_tag
        type: strz
        encoding: ASCII
      - id: translated_keyword
        type: strz
        encoding: UTF-8
      - id: text
        size-eos: true
        doc: UTF-8 text, deflated when is_compressed is 1.
  gamma_body:
    seq:
      - id: gamma_int
        type: u4
        doc: The image gamma times 100000.
    instances:
      gamma:
        value: gamma_int / 100000.0
  physical_size_body:
    seq:
      - id: pixels_per_unit_x
        type: u4
      - id: pixels_per_unit_y
        type: u4
      - id: unit
        type: u1
        enum: phys_unit
  time_body:
    seq:
      - id: year
        type: u2
      - id: month
        type: u1
      - id: day
        type: u1
      - id: hour
        type: u1
      - id: minute
        type: u1
      - id: second
        type: u1
  srgb_body:
    seq:
      - id: rendering_intent
        type: u1
        enum: rendering_intent
enums:
  color_type:
    0: greyscale
    2: truecolor
    3: indexed
    4: greyscale_alpha
    6: truecolor_alpha
  interlace:
    0: none
    1: adam7
  phys_unit:
    0: unknown
    1: meter
  rendering_intent:
    0: perceptual
    1: relative_colorimetric
    2: saturation
    3: absolute_colorimetric
