meta:
  id: gif
  title: GIF (Graphics Interchange Format) image
  file-extension: gif
  endian: le
  license: MIT
doc: |
  hexbuf's built-in GIF spec, written from the GIF89a specification: a
  header, the logical screen descriptor with its optional global colour
  table, then blocks -- extensions (graphic control, comment, application,
  plain text) and images -- until the trailer. Image data is shown as the
  LZW sub-blocks it is stored in, not decoded.
seq:
  - id: magic
    contents: GIF
  - id: version
    type: str
    size: 3
    encoding: ASCII
  - id: logical_screen
    type: logical_screen_descriptor
  - id: global_color_table
    type: color_table
    size: logical_screen.flags.color_table_size * 3
    if: logical_screen.flags.has_color_table
  - id: blocks
    type: block
    repeat: until
    repeat-until: _.block_type == block_type::trailer or _io.eof
types:
  logical_screen_descriptor:
    seq:
      - id: screen_width
        type: u2
      - id: screen_height
        type: u2
      - id: flags
        type: screen_flags
      - id: background_color_index
        type: u1
      - id: pixel_aspect_ratio
        type: u1
  screen_flags:
    seq:
      - id: has_color_table
        type: b1
      - id: color_resolution
        type: b3
      - id: is_sorted
        type: b1
      - id: color_table_size_exp
        type: b3
    instances:
      color_table_size:
        value: 2 << color_table_size_exp
        doc: Entries in the global colour table.
  color_table:
    seq:
      - id: entries
        type: color
        repeat: eos
  color:
    seq:
      - id: red
        type: u1
      - id: green
        type: u1
      - id: blue
        type: u1
  block:
    seq:
      - id: block_type
        type: u1
        enum: block_type
      - id: body
        type:
          switch-on: block_type
          cases:
            'block_type::extension': extension
            'block_type::image': image
  image:
    seq:
      - id: left
        type: u2
      - id: top
        type: u2
      - id: width
        type: u2
      - id: height
        type: u2
      - id: flags
        type: image_flags
      - id: local_color_table
        type: color_table
        size: flags.color_table_size * 3
        if: flags.has_color_table
      - id: image_data
        type: image_data
  image_flags:
    seq:
      - id: has_color_table
        type: b1
      - id: is_interlaced
        type: b1
      - id: is_sorted
        type: b1
      - id: reserved
        type: b2
      - id: color_table_size_exp
        type: b3
    instances:
      color_table_size:
        value: 2 << color_table_size_exp
  image_data:
    seq:
      - id: lzw_min_code_size
        type: u1
      - id: data
        type: sub_blocks
  extension:
    seq:
      - id: label
        type: u1
        enum: extension_label
      - id: body
        type:
          switch-on: label
          cases:
            'extension_label::graphic_control': graphic_control
            'extension_label::application': application
            'extension_label::comment': sub_blocks
            _: sub_blocks
  graphic_control:
    seq:
      - id: len_block
        contents: [4]
      - id: reserved
        type: b3
      - id: disposal_method
        type: b3
        enum: disposal
      - id: wants_user_input
        type: b1
      - id: has_transparent_color
        type: b1
      - id: delay_time
        type: u2
        doc: In hundredths of a second.
      - id: transparent_index
        type: u1
      - id: terminator
        contents: [0]
  application:
    seq:
      - id: len_id
        contents: [11]
      - id: application_id
        type: str
        size: 8
        encoding: ASCII
      - id: auth_code
        size: 3
      - id: data
        type: sub_blocks
  sub_blocks:
    seq:
      - id: entries
        type: sub_block
        repeat: until
        repeat-until: _.len_bytes == 0
  sub_block:
    seq:
      - id: len_bytes
        type: u1
      - id: bytes
        size: len_bytes
enums:
  block_type:
    0x21: extension
    0x2c: image
    0x3b: trailer
  extension_label:
    0x01: plain_text
    0xf9: graphic_control
    0xfe: comment
    0xff: application
  disposal:
    0: unspecified
    1: keep
    2: restore_background
    3: restore_previous
